//! Case note pages and the child's chronology page (item 5). Writing a note,
//! reading one with its earlier versions, changing one's own note, and the whole chronology with
//! filters, a print layout and a CSV download. Every form posts to the same service functions as
//! the API.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use ff_domain::ValidationErrors;
use ff_domain::case_notes::{NoteKind, Visibility};
use ff_domain::child_protection::SourceType;
use ff_domain::policy::Action;
use ff_domain::roles::Agency;
use ff_service::ServiceError;
use ff_service::case_notes::{self as svc, NoteDetail, NoteEditInput, NoteInput, NoteView};
use ff_service::chronology::{self, Chronology, ChronologyFilter, GROUPS};
use uuid::Uuid;

use super::fields::{ChildParam, Reply, child_of, date_field, errors_of, form, one_round, unreadable_date};
use super::{Field, Layout, can, options, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

/// What the note form offers this writer: the child's notes a new one may corroborate, and the
/// kinds of note they may write.
struct Choices {
    notes: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    council: bool,
    /// May write supervision and management oversight.
    supervisor: bool,
}

async fn choices(state: &AppState, user: &PageUser, child: Uuid) -> Result<Choices, PageError> {
    let ctx = user.ctx(state);
    let rec = ff_service::child_protection::for_child(&state.db, &ctx, child).await?;
    let mut notes = vec![(String::new(), "None".to_owned())];
    notes.extend(
        rec.notes
            .iter()
            .map(|n| (n.id.to_string(), format!("{}: {} ({})", n.occurred_on.format("%-d %b %Y"), short(&n.note), n.agency_label))),
    );
    let supervisor = can(user.actor(), Action::RecordOversight);
    let kinds =
        NoteKind::ALL.iter().filter(|k| supervisor || !k.council_only()).map(|k| (k.code().to_owned(), k.label().to_owned())).collect();
    Ok(Choices { notes, kinds, council: ctx.actor.agency == Agency::LocalAuthority, supervisor })
}

pub(super) fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// The note form's fields: what was typed when a save was refused, otherwise the note being
/// changed, otherwise empty.
fn fields(c: &Choices, f: Option<&FormData>, note: Option<&NoteView>, today: chrono::NaiveDate) -> Vec<Field> {
    let val = |k: &str, current: String| f.map(|f| f.get(k).to_owned()).unwrap_or(current);
    let n = |g: fn(&NoteView) -> String| note.map(g).unwrap_or_default();
    let default_kind = if c.council { String::new() } else { NoteKind::AgencyEntry.code().to_owned() };
    let mut v = vec![];
    if c.council {
        v.push(Field::Paragraph(
            "A visit that counts for the child's plan (whether the child was seen, seen alone, their bedroom) is recorded with Record a visit; write here what happened.".into(),
        ));
    }
    v.extend([
        Field::Radios(
            "kind",
            "What kind of note is this?",
            c.kinds.clone(),
            val("kind", note.map(|x| x.kind.clone()).unwrap_or(default_kind)),
        ),
        date_field("occurred_on", "When did it happen?", f, note.map(|x| x.occurred_on).or(Some(today))),
        Field::Text(
            "occurred_time",
            "Time (optional)",
            val("occurred_time", n(|x| x.occurred_time.map(|t| t.format("%H:%M").to_string()).unwrap_or_default())),
            "For example, 14:30",
        ),
        Field::Text(
            "people_present",
            "Who was there (optional)",
            val("people_present", n(|x| x.people_present.clone())),
            "For example, Amy, her mother and her grandmother",
        ),
        Field::TextArea("note", "What happened: what you saw, heard and did", val("note", n(|x| x.note.clone())), ""),
        Field::TextArea(
            "child_voice",
            "What the child said, in their own words (optional)",
            val("child_voice", n(|x| x.child_voice.clone())),
            "Write their words as they said them, and how they were gathered if not in person",
        ),
        Field::TextArea(
            "decisions",
            if c.supervisor { "What was decided (needed for supervision and management oversight)" } else { "What was decided (optional)" },
            val("decisions", n(|x| x.decisions.clone())),
            if c.supervisor {
                "In supervision, ask what would make things worse, and what else could explain what is happening"
            } else {
                ""
            },
        ),
        Field::TextArea("actions", "Actions agreed (optional)", val("actions", n(|x| x.actions.clone())), "What, who and by when"),
        Field::Radios(
            "source_type",
            "Where do the facts come from? (needed for an agency's entry)",
            options(SourceType::ALL, |s| s.code(), |s| s.label()),
            val("source_type", n(|x| x.source_type.clone())),
        ),
        Field::Checkbox(
            "significant",
            "This is a significant event in the child's life",
            f.map(|f| f.checked("significant")).unwrap_or_else(|| note.is_some_and(|x| x.significant)),
        ),
    ]);
    if c.council {
        v.push(Field::Radios(
            "visibility",
            "Who may read it beyond the council?",
            options(Visibility::ALL, |s| s.code(), |s| s.label()),
            val("visibility", note.map(|x| x.visibility.clone()).unwrap_or_else(|| Visibility::Partners.code().to_owned())),
        ));
        v.push(Field::Paragraph("Supervision and management oversight are never shared beyond the council.".into()));
    }
    v.push(Field::Select(
        "corroborates_id",
        "Does it corroborate an earlier entry? (optional)",
        c.notes.iter().filter(|(id, _)| note.is_none_or(|x| *id != x.id.to_string())).cloned().collect(),
        val("corroborates_id", note.and_then(|x| x.corroborates_id).map(|i| i.to_string()).unwrap_or_default()),
    ));
    v
}

/// The note as typed; an unreadable date becomes a stand-in the service refuses, its error kept.
fn input_of(ctx: &ff_service::Ctx, form: &FormData, errors: &mut ValidationErrors) -> NoteInput {
    NoteInput {
        occurred_on: form.required_date("occurred_on", "Date", errors).unwrap_or_else(|| unreadable_date(ctx)),
        // Sent even when blank, so that an unchosen kind is refused rather than taken as an
        // agency's entry.
        kind: Some(form.get("kind").to_owned()),
        occurred_time: form.opt("occurred_time"),
        source_type: form.get("source_type").into(),
        people_present: form.get("people_present").into(),
        note: form.get("note").into(),
        child_voice: form.get("child_voice").into(),
        decisions: form.get("decisions").into(),
        actions: form.get("actions").into(),
        significant: form.checked("significant"),
        visibility: form.opt("visibility"),
        corroborates_id: form.uuid("corroborates_id"),
    }
}

const HEADING: &str = "Write a case note";

pub async fn note_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<ChildParam>) -> Reply {
    let ctx = user.ctx(&state);
    super::precheck(&ctx, Action::ContributeToCase)?;
    let child = child_of(&q).unwrap_or(id);
    let c = choices(&state, &user, child).await?;
    let mut f = fields(&c, None, None, ctx.today());
    f.insert(0, Field::Hidden("child", child.to_string()));
    Ok(form(&state, &user, child, (HEADING, format!("/people/{child}/notes"), "Save note"), f, vec![]).await)
}

pub async fn note_add(State(state): State<AppState>, user: PageUser, Path(child): Path<Uuid>, f: FormData) -> Reply {
    let ctx = user.ctx(&state);
    super::precheck(&ctx, Action::ContributeToCase)?;
    let mut errors = ValidationErrors::new();
    let input = input_of(&ctx, &f, &mut errors);
    match one_round(svc::record_note(&state.db, &ctx, child, &input).await, errors) {
        Ok(()) => Ok(Redirect::to(&format!("/people/{child}?saved=note")).into_response()),
        Err(e) => {
            let errors = errors_of(e, "kind")?;
            let c = choices(&state, &user, child).await?;
            let mut fs = fields(&c, Some(&f), None, ctx.today());
            fs.insert(0, Field::Hidden("child", child.to_string()));
            Ok(form(&state, &user, child, (HEADING, format!("/people/{child}/notes"), "Save note"), fs, errors).await)
        }
    }
}

#[derive(Template)]
#[template(path = "case_notes/show.html")]
struct NotePage {
    layout: Layout,
    d: NoteDetail,
    saved: bool,
}

impl NotePage {
    /// An instant as England's wall clock shows it.
    fn when(t: &chrono::DateTime<chrono::Utc>) -> String {
        ff_domain::calendar::london_time(*t).format("%-d %B %Y at %H:%M").to_string()
    }
}

pub async fn show(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<ChildParam>) -> Reply {
    let ctx = user.ctx(&state);
    let d = svc::note(&state.db, &ctx, id).await?;
    let mut layout =
        Layout::for_user(&state, &user, &format!("{} on {}", d.note.kind_label, d.note.occurred_on.format("%-d %B %Y")), "/people").await;
    layout.child = banner(&state, &user, d.note.child_id).await;
    Ok(render(axum::http::StatusCode::OK, &NotePage { layout, d, saved: q.saved.is_some() }))
}

async fn banner(state: &AppState, user: &PageUser, child: Uuid) -> Option<ff_service::people::ChildBanner> {
    ff_service::people::view(&state.db, &user.ctx(state), child).await.ok().map(|r| ff_service::people::ChildBanner::from_record(&r))
}

const EDIT_HEADING: &str = "Change a case note";

async fn edit_page(state: &AppState, user: &PageUser, d: &NoteDetail, f: Option<&FormData>, errors: Vec<ff_domain::FieldError>) -> Reply {
    let ctx = user.ctx(state);
    let c = choices(state, user, d.note.child_id).await?;
    let mut fs = fields(&c, f, Some(&d.note), ctx.today());
    fs.insert(0, Field::Hidden("version", d.note.version.to_string()));
    fs.insert(
        0,
        Field::Paragraph(format!(
            "You wrote this note on {}. Changing it keeps the version you wrote then; both can be read on the note's page.",
            ff_domain::calendar::london_time(d.note.recorded_at).format("%-d %B %Y at %H:%M")
        )),
    );
    Ok(form(state, user, d.note.child_id, (EDIT_HEADING, format!("/notes/{}/edit", d.note.id), "Save changes"), fs, errors).await)
}

pub async fn edit_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    let ctx = user.ctx(&state);
    super::precheck(&ctx, Action::ContributeToCase)?;
    let d = svc::note(&state.db, &ctx, id).await?;
    if !d.can_edit {
        return Err(PageError(ServiceError::Denied(ff_domain::policy::Denied {
            message: "Only the person who wrote a note can change it. Add a note of your own to say what has changed.".into(),
        })));
    }
    edit_page(&state, &user, &d, None, vec![]).await
}

pub async fn edit_save(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Reply {
    let ctx = user.ctx(&state);
    super::precheck(&ctx, Action::ContributeToCase)?;
    let mut errors = ValidationErrors::new();
    let input = NoteEditInput { note: input_of(&ctx, &f, &mut errors), version: f.get("version").parse().unwrap_or(0) };
    match one_round(svc::edit_note(&state.db, &ctx, id, &input).await, errors) {
        Ok(()) => Ok(Redirect::to(&format!("/notes/{id}?saved=1")).into_response()),
        Err(e) => {
            let errors = errors_of(e, "note")?;
            let d = svc::note(&state.db, &ctx, id).await?;
            edit_page(&state, &user, &d, Some(&f), errors).await
        }
    }
}

// --- the chronology ----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "case_notes/chronology.html")]
struct ChronologyPage {
    layout: Layout,
    c: Chronology,
    groups: Vec<(String, String)>,
    f: ChronologyFilter,
    query: String,
    errors: Vec<ff_domain::FieldError>,
    can_contribute: bool,
}

impl ChronologyPage {
    fn err(&self, field: &str) -> Option<&str> {
        crate::pages::fields::error_on(&self.errors, field)
    }

    fn chosen(&self, v: &Option<String>, option: &str) -> bool {
        v.as_deref() == Some(option)
    }

    fn date(d: &Option<chrono::NaiveDate>) -> String {
        d.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()
    }

    /// What the filters show, in words, for the screen and the printed copy.
    fn showing(&self) -> String {
        let mut parts = vec![];
        if let Some(g) = self.f.group.as_deref()
            && let Some((_, label)) = self.groups.iter().find(|(code, _)| code == g)
        {
            parts.push(label.clone());
        }
        if let Some(s) = &self.f.source {
            parts.push(format!("from {s}"));
        }
        if let Some(d) = self.f.from {
            parts.push(format!("on or after {}", d.format("%-d %B %Y")));
        }
        if let Some(d) = self.f.to {
            parts.push(format!("on or before {}", d.format("%-d %B %Y")));
        }
        if self.f.significant == Some(true) {
            parts.push("significant events only".into());
        }
        if parts.is_empty() { "Everything".into() } else { parts.join("; ") }
    }
}

/// The filter as the page's form sends it: blank fields mean "any".
#[derive(Debug, Default, serde::Deserialize)]
pub struct FilterParams {
    group: Option<String>,
    significant: Option<String>,
    source: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

fn filter_of(p: &FilterParams) -> (ChronologyFilter, ValidationErrors) {
    let mut errors = ValidationErrors::new();
    let mut date = |k: &str, v: &Option<String>| match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match ["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y", "%d-%m-%Y"].iter().find_map(|f| chrono::NaiveDate::parse_from_str(s, f).ok())
        {
            Some(d) => Some(d),
            None => {
                errors.add(k, "Enter a real date, for example 23/11/2026");
                None
            }
        },
    };
    let from = date("from", &p.from);
    let to = date("to", &p.to);
    let blank = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    let f = ChronologyFilter {
        group: blank(&p.group),
        significant: Some(p.significant.as_deref() == Some("yes")),
        source: blank(&p.source),
        from,
        to,
    };
    (f, errors)
}

fn query_of(f: &ChronologyFilter) -> String {
    let mut q: Vec<(&str, String)> = vec![];
    if let Some(g) = &f.group {
        q.push(("group", g.clone()));
    }
    if f.significant == Some(true) {
        q.push(("significant", "yes".into()));
    }
    if let Some(s) = &f.source {
        q.push(("source", s.clone()));
    }
    if let Some(d) = f.from {
        q.push(("from", d.to_string()));
    }
    if let Some(d) = f.to {
        q.push(("to", d.to_string()));
    }
    serde_urlencoded::to_string(q).unwrap_or_default()
}

pub async fn chronology_page(
    State(state): State<AppState>,
    user: PageUser,
    Path(child): Path<Uuid>,
    Query(p): Query<FilterParams>,
) -> Reply {
    let ctx = user.ctx(&state);
    let (f, form_errors) = filter_of(&p);
    let (c, errors) = match chronology::chronology(&state.db, &ctx, child, &f).await {
        Ok(c) => (c, form_errors.0),
        Err(ServiceError::Validation(v)) => {
            let c = chronology::chronology(&state.db, &ctx, child, &ChronologyFilter::default()).await?;
            (Chronology { entries: vec![], ..c }, form_errors.0.into_iter().chain(v.0).collect())
        }
        Err(e) => return Err(e.into()),
    };
    let status = if errors.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let mut layout = Layout::for_user(&state, &user, &format!("Chronology: {}", c.child_name), "/people").await;
    layout.child = banner(&state, &user, child).await;
    layout.has_errors = !errors.is_empty();
    let groups = GROUPS.iter().map(|(code, label, ..)| ((*code).to_owned(), (*label).to_owned())).collect();
    let page =
        ChronologyPage { layout, query: query_of(&f), c, groups, f, errors, can_contribute: can(user.actor(), Action::ContributeToCase) };
    Ok(render(status, &page))
}

/// Issue the chronology for court as a PDF, keep the copy with the child's documents, and send
/// the reader straight to it.
pub async fn chronology_issue(State(state): State<AppState>, user: PageUser, Path(child): Path<Uuid>, f: FormData) -> Reply {
    let ctx = user.ctx(&state);
    super::precheck(&ctx, Action::ContributeToCase)?;
    let p = FilterParams {
        group: f.opt("group"),
        significant: f.opt("significant"),
        source: f.opt("source"),
        from: f.opt("from"),
        to: f.opt("to"),
    };
    let (filter, errors) = filter_of(&p);
    if !errors.is_empty() {
        return Err(PageError(ServiceError::Validation(errors)));
    }
    let id = chronology::issue_for_court(&state.db, &ctx, &state.documents, child, &filter).await?;
    Ok(Redirect::to(&format!("/documents/{id}/download")).into_response())
}

pub async fn chronology_csv(
    State(state): State<AppState>,
    user: PageUser,
    Path(child): Path<Uuid>,
    Query(p): Query<FilterParams>,
) -> Reply {
    let (f, errors) = filter_of(&p);
    if !errors.is_empty() {
        return Err(PageError(ServiceError::Validation(errors)));
    }
    let c = chronology::chronology(&state.db, &user.ctx(&state), child, &f).await?;
    let name = format!("attachment; filename=\"chronology-{child}.csv\"");
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name)], chronology::to_csv(&c))
        .into_response())
}
