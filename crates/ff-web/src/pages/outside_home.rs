//! Harm outside the home on pages: places and groups, a place's page with its
//! concerns and the children linked to it that the reader may see, a concern about a place, and
//! from a child's page the link to a place with the concern that links them. Every form posts to
//! the same service function as the API and works without JavaScript. From a child's page, an
//! exploitation risk screening (HOTH-3); from a place's page, a multi-agency meeting with actions
//! for partner agencies, each marked done with its evidence (HOTH-4).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use ff_domain::outside_home::{Agency, ConcernLevel, ConcernSource, Harm, PlaceKind, ScreeningOutcome};
use ff_domain::policy::Action;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use ff_service::outside_home::{
    self as svc, ConcernInput, EndLinkInput, LinkInput, PlaceActionDoneInput, PlaceActionInput, PlaceInput, PlaceMeetingInput, PlaceView,
    PlacesView, ScreeningInput,
};
use serde::Deserialize;
use uuid::Uuid;

use super::fields::{
    ChildParam, Reply, SavedQuery, allowed, back_to, child_of, date_field, errors_of, in_one_round, one_round, saved_at, saved_or_again,
    shown, unreadable_date, unreadable_future_date,
};
use super::{Field, Layout, SearchBox, SimpleForm, get, options, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::forms::FormData;

#[derive(Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    after: Option<Uuid>,
}

#[derive(Template)]
#[template(path = "places/list.html")]
struct ListPage {
    layout: Layout,
    v: PlacesView,
    q: String,
}

/// Places and groups, found by the start of their name.
pub async fn list(State(state): State<AppState>, user: PageUser, Query(q): Query<ListQuery>) -> Reply {
    let query = q.q.unwrap_or_default();
    let v = svc::list(&state.db, &user.ctx(&state), &query, q.after).await?;
    shown(&state, &user, ("Places and groups", "/places"), |layout| ListPage { layout, v, q: query }).await
}

#[derive(Template)]
#[template(path = "places/place.html")]
struct PlacePage {
    layout: Layout,
    p: PlaceView,
    saved: bool,
}

/// A place's page.
pub async fn show(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<SavedQuery>) -> Reply {
    let p = svc::place(&state.db, &user.ctx(&state), id).await?;
    let title = p.name.clone();
    shown(&state, &user, (&title, "/places"), |layout| PlacePage { layout, p, saved: q.saved.is_some() }).await
}

fn place_fields(f: Option<&FormData>) -> Vec<Field> {
    vec![
        Field::Text(
            "name",
            "Name",
            get(f, "name"),
            "What people call it: Northmoor bus station, the Market Street takeaway, a group's name",
        ),
        Field::Radios("kind", "What kind of place or group is it?", options(PlaceKind::ALL, |k| k.code(), |k| k.label()), get(f, "kind")),
        Field::Text("area", "Where is it? (optional)", get(f, "area"), "A street, an area or a postcode sector"),
    ]
}

/// Back to the place's page, which says the work was saved.
fn done(id: Uuid) -> Response {
    saved_at(&format!("/places/{id}"))
}

async fn draw_place(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Response {
    let at = ("Record a place or group", "/places/new".to_owned());
    super::form_response(state, user, "/places", (String::new(), "/places".into()), at, place_fields(f), errors).await
}

pub async fn new_place_form(State(state): State<AppState>, user: PageUser) -> Reply {
    allowed(&state, &user, Action::WorkWithPlaces)?;
    Ok(draw_place(&state, &user, None, vec![]).await)
}

pub async fn new_place(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = user.ctx(&state);
    let input = PlaceInput { name: form.get("name").into(), kind: form.get("kind").into(), area: form.opt("area") };
    let result = svc::create_place(&state.db, &ctx, &input).await;
    saved_or_again(result, done, |e| errors_of(e, "name"), async |errors| Ok(draw_place(&state, &user, Some(&form), errors).await)).await
}

/// What a concern asks, on a place's form and on a child's link form alike.
fn concern_fields(f: Option<&FormData>, what_label: &'static str) -> Vec<Field> {
    // Nothing chosen for you: a harm or a source picked by default would be recorded unread.
    let choose = |mut o: Vec<(String, String)>| {
        o.insert(0, (String::new(), "Choose".to_owned()));
        o
    };
    vec![
        Field::Select("harm", "What harm is the concern about?", choose(options(Harm::ALL, |h| h.code(), |h| h.label())), get(f, "harm")),
        Field::Select("source", "Who raised it?", choose(options(ConcernSource::ALL, |s| s.code(), |s| s.label())), get(f, "source")),
        Field::TextArea("what", what_label, get(f, "what"), "What was seen or heard, when, and by whom"),
        date_field("raised_on", "When was it raised?", f, None),
    ]
}

fn concern_input(form: &FormData, ctx: &ff_service::Ctx, errors: &mut ValidationErrors) -> ConcernInput {
    let raised_on = form.required_date("raised_on", "The day it was raised", errors);
    ConcernInput {
        harm: form.get("harm").into(),
        source: form.get("source").into(),
        what: form.get("what").into(),
        raised_on: raised_on.unwrap_or_else(|| unreadable_date(ctx)),
    }
}

async fn draw_concern(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let p = svc::place(&state.db, &user.ctx(state), id).await?;
    let mut fields = vec![Field::Paragraph(format!(
        "The concern reaches the lead practitioner of every child linked to {}, until they see the child.",
        p.name
    ))];
    fields.extend(concern_fields(f, "What is the concern?"));
    let at = ("Raise a concern about a place or group", format!("/places/{id}/concerns"));
    Ok(super::form_response(state, user, "/places", (p.name.clone(), format!("/places/{id}")), at, fields, errors).await)
}

pub async fn concern_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::WorkWithPlaces)?;
    draw_concern(&state, &user, id, None, vec![]).await
}

pub async fn concern(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkWithPlaces)?;
    let mut errors = ValidationErrors::new();
    let input = concern_input(&form, &ctx, &mut errors);
    let result = in_one_round(errors, "raised_on", svc::raise_concern(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_concern(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| done(id), |e| errors_of(e, "what"), again).await
}

#[derive(Deserialize)]
pub struct LinkQuery {
    q: Option<String>,
}

/// The child's form to link them to a place: find the place by name, then say why.
async fn draw_link(state: &AppState, user: &PageUser, child: Uuid, query: &str, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let ctx = user.ctx(state);
    // The council's places from the start, narrowed by a search.
    let found = Some(svc::list(&state.db, &ctx, query, None).await?);
    let record = ff_service::people::view(&state.db, &ctx, child).await?;
    let places: Vec<(String, String)> = found
        .as_ref()
        .map(|v| v.places.iter().map(|p| (p.id.to_string(), format!("{} ({})", p.name, p.kind_label.to_lowercase()))).collect())
        .unwrap_or_default();
    let show_form = !places.is_empty();
    let mut fields =
        vec![Field::Hidden("q", query.to_owned()), Field::Radios("place_id", "Which place or group?", places, get(f, "place_id"))];
    fields.extend(concern_fields(f, "Why is the child linked to it?"));
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut layout = Layout::for_user(state, user, "Link to a place or group", "/people").await;
    layout.child = Some(ff_service::people::ChildBanner::from_record(&record));
    let error = (found.as_ref().is_some_and(|v| v.places.is_empty()))
        .then(|| "No place or group starts with that name: check the spelling, or record the place first".to_owned());
    let page = SimpleForm {
        layout,
        back: format!("/people/{child}#places"),
        caption: record.person.full_name.clone(),
        heading: "Link to a place or group".into(),
        action: format!("/people/{child}/places?child={child}"),
        submit: "Save",
        errors: vec![],
        fields: if show_form { fields } else { vec![Field::Paragraph("Not in the list? Record it first from Places and groups.".into())] },
        search: Some(SearchBox {
            action: format!("/people/{child}/places"),
            label: "Find the place or group by the start of its name",
            q: query.to_owned(),
            error,
        }),
        show_form: true,
        notice: None,
    }
    .with_errors(errors);
    Ok(render(status, &page))
}

pub async fn link_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<LinkQuery>) -> Reply {
    allowed(&state, &user, Action::WorkWithPlaces)?;
    draw_link(&state, &user, id, q.q.as_deref().unwrap_or(""), None, vec![]).await
}

pub async fn link(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkWithPlaces)?;
    let mut errors = ValidationErrors::new();
    let place = form.uuid("place_id");
    if place.is_none() {
        errors.add("place_id", "Choose the place or group");
    }
    let input = LinkInput { child_id: id, concern: concern_input(&form, &ctx, &mut errors) };
    let result = match place {
        Some(place) => in_one_round(errors, "raised_on", svc::link_child(&state.db, &ctx, place, &input)).await,
        None => Err(ServiceError::Validation(errors)),
    };
    let again = async |errors| draw_link(&state, &user, id, form.get("q"), Some(&form), errors).await;
    saved_or_again(result, |()| back_to(id, "place"), |e| errors_of(e, "place_id"), again).await
}

async fn draw_end(state: &AppState, user: &PageUser, id: Uuid, child: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    // The child's links, read as the child's record is (a partner only on their team's cases).
    let links = ff_service::outside_home::for_child(&state.db, &user.ctx(state), child).await?;
    let link = links.into_iter().find(|p| p.link_id == id).ok_or(ServiceError::NotFound("link"))?;
    let fields = vec![
        Field::Hidden("version", link.version.to_string()),
        Field::Paragraph(format!("Linked to {} since {}.", link.name, link.linked_on.format("%-d %B %Y"))),
        date_field("ended_on", "When did the link end?", f, None),
        Field::TextArea(
            "reason",
            "Why did it end?",
            f.map(|f| f.get("reason").to_owned()).unwrap_or_default(),
            "For example, the child no longer goes there, or the group has broken up",
        ),
    ];
    let at = ("The link ends", format!("/place-links/{id}/end?child={child}"), "Save");
    Ok(super::fields::form(state, user, child, at, fields, errors).await)
}

pub async fn end_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<ChildParam>) -> Reply {
    allowed(&state, &user, Action::WorkWithPlaces)?;
    let child = child_of(&q)?;
    draw_end(&state, &user, id, child, None, vec![]).await
}

pub async fn end(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<ChildParam>,
    form: FormData,
) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkWithPlaces)?;
    let child = child_of(&q)?;
    let mut errors = ValidationErrors::new();
    let ended_on = form.required_date("ended_on", "The day it ended", &mut errors);
    if form.get("reason").trim().is_empty() {
        errors.add("reason", "Say why the link ended");
    }
    let input = EndLinkInput {
        version: form.get("version").parse().unwrap_or_default(),
        ended_on: ended_on.unwrap_or_else(|| unreadable_date(&ctx)),
        reason: form.get("reason").to_owned(),
    };
    let result = in_one_round(errors, "ended_on", svc::end_link(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_end(&state, &user, id, child, Some(&form), errors).await;
    saved_or_again(result, |()| back_to(child, "place_ended"), |e| errors_of(e, "ended_on"), again).await
}

// ---------------------------------------------------------------------------------------------
// Exploitation risk screening (HOTH-3).

/// Each harm screened: its level's field, what is known's field, and the question.
const SCREEN_FIELDS: [(&str, &str, &str, &str); 4] = [
    ("criminal_level", "criminal_known", "Criminal exploitation: how much concern?", "Criminal exploitation: what is known?"),
    ("sexual_level", "sexual_known", "Sexual exploitation: how much concern?", "Sexual exploitation: what is known?"),
    (
        "county_lines_level",
        "county_lines_known",
        "County lines (children used to move drugs or money): how much concern?",
        "County lines: what is known?",
    ),
    ("violence_level", "violence_known", "Serious violence or weapons: how much concern?", "Serious violence: what is known?"),
];

async fn draw_screening(state: &AppState, user: &PageUser, child: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    // Work on the child's record (a partner only on their team's cases).
    svc::may_screen(&state.db, &user.ctx(state), child).await?;
    let choose = |mut o: Vec<(String, String)>| {
        o.insert(0, (String::new(), "Choose".to_owned()));
        o
    };
    let mut fields = vec![
        Field::Paragraph("Screen each harm. Where there is some or significant concern, say what is known and from whom.".into()),
        date_field("screened_on", "When was the screening?", f, Some(user.ctx(state).today())),
    ];
    for (level, known, q_level, q_known) in SCREEN_FIELDS {
        fields.push(Field::Radios(level, q_level, options(ConcernLevel::ALL, |l| l.code(), |l| l.label()), get(f, level)));
        fields.push(Field::TextArea(known, q_known, get(f, known), "Leave blank only when there is no concern"));
    }
    fields.push(Field::Select(
        "raised_by",
        "Who raised the concerns?",
        choose(options(ConcernSource::ALL, |s| s.code(), |s| s.label())),
        get(f, "raised_by"),
    ));
    fields.push(Field::Radios(
        "outcome",
        "What happens next?",
        options(ScreeningOutcome::ALL, |o| o.code(), |o| o.label()),
        get(f, "outcome"),
    ));
    let at = ("Exploitation risk screening", format!("/people/{child}/exploitation-screening?child={child}"), "Save");
    Ok(super::fields::form(state, user, child, at, fields, errors).await)
}

pub async fn screening_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::WorkWithPlaces)?;
    draw_screening(&state, &user, id, None, vec![]).await
}

pub async fn screening(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkWithPlaces)?;
    let mut errors = ValidationErrors::new();
    let screened_on = form.required_date("screened_on", "The day of the screening", &mut errors);
    let input = ScreeningInput {
        screened_on: screened_on.unwrap_or_else(|| unreadable_date(&ctx)),
        criminal_level: form.get("criminal_level").into(),
        criminal_known: form.get("criminal_known").into(),
        sexual_level: form.get("sexual_level").into(),
        sexual_known: form.get("sexual_known").into(),
        county_lines_level: form.get("county_lines_level").into(),
        county_lines_known: form.get("county_lines_known").into(),
        violence_level: form.get("violence_level").into(),
        violence_known: form.get("violence_known").into(),
        raised_by: form.get("raised_by").into(),
        outcome: form.get("outcome").into(),
    };
    let result = one_round(svc::record_screening(&state.db, &ctx, id, &input).await, errors);
    let again = async |errors| draw_screening(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| back_to(id, "screening"), |e| errors_of(e, "screened_on"), again).await
}

// ---------------------------------------------------------------------------------------------
// Multi-agency meetings about a place or group, and their actions (HOTH-4).

/// The agencies' checkboxes on the meeting form.
const ATTENDED: [(&str, Agency); 10] = [
    ("attended_childrens_services", Agency::ChildrensServices),
    ("attended_police", Agency::Police),
    ("attended_transport", Agency::Transport),
    ("attended_licensing", Agency::Licensing),
    ("attended_community_safety", Agency::CommunitySafety),
    ("attended_education", Agency::Education),
    ("attended_health", Agency::Health),
    ("attended_youth_work", Agency::YouthWork),
    ("attended_housing", Agency::Housing),
    ("attended_other", Agency::Other),
];

/// The form's rows for actions: owner, what, due. A row left blank is no action.
const ACTION_ROWS: [(&str, &str, &str, &str); 4] = [
    ("Action 1", "action_1_owner", "action_1_what", "action_1_due"),
    ("Action 2", "action_2_owner", "action_2_what", "action_2_due"),
    ("Action 3", "action_3_owner", "action_3_what", "action_3_due"),
    ("Action 4", "action_4_owner", "action_4_what", "action_4_due"),
];

async fn draw_meeting(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let p = svc::place(&state.db, &user.ctx(state), id).await?;
    let mut fields = vec![
        date_field("held_on", "When was the meeting?", f, Some(user.ctx(state).today())),
        Field::Section("Who was there? (at least two agencies)".into()),
    ];
    for (name, a) in ATTENDED {
        fields.push(Field::Checkbox(name, a.label(), f.is_some_and(|f| f.checked(name))));
    }
    fields.push(Field::TextArea(
        "discussed",
        "What was discussed?",
        get(f, "discussed"),
        "What is known about the place or group and what was agreed",
    ));
    let owners = {
        let mut o = options(Agency::ALL, |a| a.code(), |a| a.label());
        o.insert(0, (String::new(), "Choose".to_owned()));
        o
    };
    for (heading, owner, what, due) in ACTION_ROWS {
        fields.push(Field::Section(format!("{heading} (leave blank if none)")));
        fields.push(Field::Select(owner, "Which agency owns it?", owners.clone(), get(f, owner)));
        fields.push(Field::TextArea(what, "What will they do?", get(f, what), "For example, extra patrols after 6pm, or a licence review"));
        fields.push(date_field(due, "When is it due?", f, None));
    }
    let at = ("Record a multi-agency meeting", format!("/places/{id}/meetings"));
    Ok(super::form_response(state, user, "/places", (p.name.clone(), format!("/places/{id}")), at, fields, errors).await)
}

pub async fn meeting_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::WorkWithPlaces)?;
    draw_meeting(&state, &user, id, None, vec![]).await
}

/// The meeting as the form gave it: every row with anything in it is an action, numbered as the
/// service numbers them; `rows` says which form row each action came from.
fn meeting_input(form: &FormData, ctx: &ff_service::Ctx, errors: &mut ValidationErrors) -> (PlaceMeetingInput, Vec<usize>) {
    let held_on = form.required_date("held_on", "The day of the meeting", errors).unwrap_or_else(|| unreadable_date(ctx));
    let attended = ATTENDED.iter().filter(|(name, _)| form.checked(name)).map(|(_, a)| a.code().to_owned()).collect();
    let mut actions = vec![];
    let mut rows = vec![];
    for (i, (_, owner, what, due)) in ACTION_ROWS.iter().enumerate() {
        let (d, m, y) = form.date_parts(due);
        let blank = [form.get(owner), form.get(what), &d, &m, &y].iter().all(|v| v.trim().is_empty());
        if blank {
            continue;
        }
        let due_on = form.required_date(due, "The day it is due", errors).unwrap_or_else(unreadable_future_date);
        actions.push(PlaceActionInput { owner: form.get(owner).into(), what: form.get(what).into(), due_on });
        rows.push(i + 1);
    }
    (PlaceMeetingInput { held_on, attended, discussed: form.get("discussed").into(), actions }, rows)
}

/// The service's `action_<n>_…` errors on the form row the n-th action came from, and its
/// error about who was there on the first agency's checkbox (where the summary's link lands).
fn on_rows(errors: Vec<FieldError>, rows: &[usize]) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|mut e| {
            if e.field == "attended" {
                e.field = ATTENDED[0].0.to_owned();
            } else if let Some(rest) = e.field.strip_prefix("action_")
                && let Some((n, part)) = rest.split_once('_')
                && let Some(row) = n.parse::<usize>().ok().and_then(|n| rows.get(n.wrapping_sub(1)))
            {
                e.field = format!("action_{row}_{part}");
            }
            e
        })
        .collect()
}

pub async fn meeting(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkWithPlaces)?;
    let mut errors = ValidationErrors::new();
    let (input, rows) = meeting_input(&form, &ctx, &mut errors);
    // The service numbers the actions as given; the form's own errors are already on their rows.
    let result = svc::record_meeting(&state.db, &ctx, id, &input).await.map_err(|e| match e {
        ServiceError::Validation(v) => ServiceError::Validation(ValidationErrors(on_rows(v.0, &rows))),
        other => other,
    });
    let result = one_round(result, errors);
    let again = async |errors| draw_meeting(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| done(id), |e| errors_of(e, "held_on"), again).await
}

async fn draw_done(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let a = svc::action(&state.db, &user.ctx(state), id).await?;
    let fields = vec![
        Field::Hidden("version", a.action.version.to_string()),
        Field::Paragraph(format!(
            "{}: {} Due {}; agreed at the meeting on {}.",
            a.action.owner_label,
            a.action.what,
            a.action.due_on.format("%-d %B %Y"),
            a.held_on.format("%-d %B %Y")
        )),
        date_field("done_on", "When was it done?", f, Some(user.ctx(state).today())),
        Field::TextArea(
            "evidence",
            "What shows it was done?",
            get(f, "evidence"),
            "For example, the patrol log, or the licensing decision",
        ),
    ];
    let at = ("Mark the action done", format!("/place-actions/{id}/done"));
    Ok(super::form_response(state, user, "/places", (a.place_name.clone(), format!("/places/{}", a.place_id)), at, fields, errors).await)
}

pub async fn done_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::WorkWithPlaces)?;
    draw_done(&state, &user, id, None, vec![]).await
}

pub async fn action_done(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkWithPlaces)?;
    let mut errors = ValidationErrors::new();
    let done_on = form.required_date("done_on", "The day it was done", &mut errors);
    let input = PlaceActionDoneInput {
        version: form.get("version").parse().unwrap_or_default(),
        done_on: done_on.unwrap_or_else(|| unreadable_date(&ctx)),
        evidence: form.get("evidence").into(),
    };
    let called = svc::complete_action(&state.db, &ctx, id, &input).await;
    // Back to the place's page, where the action now shows as done.
    let place = called.as_ref().ok().copied();
    let result = one_round(called, errors);
    let again = async |errors| draw_done(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| place.map_or_else(|| saved_at("/places"), done), |e| errors_of(e, "done_on"), again).await
}

// ---------------------------------------------------------------------------------------------
// Missing from home (HOTH-5) and the return home interview (HOTH-6).

/// A London date and time from a date's three boxes and a time box ("21:30"); `Ok(None)` when
/// both are blank and the time is optional; `Err` (its error in `errors`) when it cannot be read,
/// for the caller's stand-in that the service refuses.
fn date_and_time(
    form: &FormData,
    (date, time): (&str, &str),
    what: &str,
    required: bool,
    errors: &mut ValidationErrors,
) -> Result<Option<chrono::NaiveDateTime>, ()> {
    let before = errors.0.len();
    let day = if required { form.required_date(date, what, errors) } else { form.optional_date(date, what, errors) };
    let typed = form.get(time).trim();
    let at = ff_domain::calendar::parse_time_of_day(typed);
    if typed.is_empty() && day.is_some() {
        errors.add(time, "Enter the time, like 21:30");
    } else if !typed.is_empty() && at.is_none() {
        errors.add(time, "Enter the time as hours and minutes, like 21:30");
    } else if !typed.is_empty() && day.is_none() && errors.0.len() == before {
        errors.add(date, "Enter the day as well as the time");
    }
    if errors.0.len() > before {
        return Err(());
    }
    Ok(day.zip(at).map(|(d, t)| d.and_time(t)))
}

/// A time the service always refuses (tomorrow), standing in for one the form could not read.
fn unreadable_time(ctx: &ff_service::Ctx) -> chrono::NaiveDateTime {
    unreadable_date(ctx).and_time(chrono::NaiveTime::MIN)
}

async fn draw_missing(state: &AppState, user: &PageUser, child: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    svc::may_screen(&state.db, &user.ctx(state), child).await?;
    let kinds = options(ff_domain::outside_home::AwayKind::ALL, |k| k.code(), |k| k.label());
    let fields = vec![
        Field::Paragraph("For a child in care, record this as missing from care on their care record instead.".into()),
        Field::Radios("kind", "Were they missing or away?", kinds, get(f, "kind")),
        date_field("started_on", "When did they go?", f, None),
        Field::Text("started_at", "At what time?", get(f, "started_at"), "For example, 21:30"),
        super::yes_no("reported_to_police", "Were the police told?", f),
        Field::Paragraph("If they are back, when and where were they found or did they come back to?".into()),
        date_field("ended_on", "When did they come back? (leave blank if they are not back yet)", f, None),
        Field::Text("ended_at", "At what time did they come back?", get(f, "ended_at"), "For example, 09:15"),
        Field::TextArea("found_where", "Where were they found, or where did they come back to?", get(f, "found_where"), ""),
    ];
    let at = ("Missing from home", format!("/people/{child}/missing-from-home?child={child}"), "Save");
    Ok(super::fields::form(state, user, child, at, fields, errors).await)
}

pub async fn missing_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::WorkWithPlaces)?;
    draw_missing(&state, &user, id, None, vec![]).await
}

pub async fn missing(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkWithPlaces)?;
    let mut errors = ValidationErrors::new();
    let started_at = date_and_time(&form, ("started_on", "started_at"), "The day they went", true, &mut errors);
    let ended_at = date_and_time(&form, ("ended_on", "ended_at"), "The day they came back", false, &mut errors);
    let input = svc::MissingFromHomeInput {
        kind: form.get("kind").into(),
        started_at: started_at.ok().flatten().unwrap_or_else(|| unreadable_time(&ctx)),
        reported_to_police: form.get("reported_to_police") == "yes",
        ended_at: ended_at.unwrap_or_else(|()| Some(unreadable_time(&ctx))),
        found_where: Some(form.get("found_where").to_owned()),
    };
    let result = one_round(svc::record_missing(&state.db, &ctx, id, &input).await, errors);
    let again = async |errors| draw_missing(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| back_to(id, "missing"), |e| errors_of(e, "started_at"), again).await
}

async fn draw_return(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let (child, m) = svc::missing_episode(&state.db, &user.ctx(state), id).await?;
    let fields = vec![
        Field::Hidden("version", m.version.to_string()),
        Field::Paragraph(format!("{} since {}.", m.kind_label, m.started_at.format("%-d %B %Y at %H:%M"))),
        date_field("ended_on", "When did they come back?", f, None),
        Field::Text("ended_at", "At what time?", get(f, "ended_at"), "For example, 09:15"),
        Field::TextArea("found_where", "Where were they found, or where did they come back to?", get(f, "found_where"), ""),
    ];
    let at = ("They came back", format!("/missing-episodes/{id}/return"), "Save");
    Ok(super::fields::form(state, user, child, at, fields, errors).await)
}

pub async fn return_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::WorkWithPlaces)?;
    draw_return(&state, &user, id, None, vec![]).await
}

pub async fn missing_return(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkWithPlaces)?;
    let mut errors = ValidationErrors::new();
    let ended_at = date_and_time(&form, ("ended_on", "ended_at"), "The day they came back", true, &mut errors);
    let input = svc::MissingFromHomeReturn {
        version: form.get("version").parse().unwrap_or_default(),
        ended_at: ended_at.ok().flatten().unwrap_or_else(|| unreadable_time(&ctx)),
        found_where: form.get("found_where").into(),
        reported_to_police: None,
    };
    let called = svc::record_return(&state.db, &ctx, id, &input).await;
    let result = if errors.is_empty() { called } else { one_round(called, errors).map(|()| id) };
    let again = async |errors| draw_return(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |child| back_to(child, "missing"), |e| errors_of(e, "ended_at"), again).await
}

async fn draw_interview(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let (child, m) = svc::missing_episode(&state.db, &user.ctx(state), id).await?;
    let outcomes = options(ff_domain::outside_home::InterviewOutcome::ALL, |o| o.code(), |o| o.label());
    let due = m.interview_due.map(|d| format!(" It is due by {}.", d.format("%-d %B %Y at %H:%M"))).unwrap_or_default();
    let fields = vec![
        Field::Hidden("version", m.version.to_string()),
        Field::Paragraph(format!("The interview is offered by someone the child trusts, independent of the case.{due}")),
        Field::Radios("outcome", "Was the interview held?", outcomes, get(f, "outcome")),
        date_field("on", "On what day was it held, or did the child say no?", f, None),
        Field::Text("by", "Who held it?", get(f, "by"), "Their name and organisation"),
        Field::TextArea(
            "child_said",
            "What did the child say about where they were and who they were with?",
            get(f, "child_said"),
            "In the child's words where you can",
        ),
        Field::TextArea("indicators", "Any signs of exploitation?", get(f, "indicators"), "Leave blank if there were none"),
    ];
    let at = ("Return home interview", format!("/missing-episodes/{id}/interview"), "Save");
    Ok(super::fields::form(state, user, child, at, fields, errors).await)
}

pub async fn interview_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::WorkWithPlaces)?;
    draw_interview(&state, &user, id, None, vec![]).await
}

pub async fn interview(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkWithPlaces)?;
    let mut errors = ValidationErrors::new();
    let on = form.required_date("on", "The day", &mut errors);
    let input = svc::ReturnInterviewInput {
        version: form.get("version").parse().unwrap_or_default(),
        outcome: form.get("outcome").into(),
        on: on.unwrap_or_else(|| unreadable_date(&ctx)),
        by: form.get("by").into(),
        child_said: form.get("child_said").into(),
        indicators: form.get("indicators").into(),
    };
    let called = svc::record_interview(&state.db, &ctx, id, &input).await;
    let result = if errors.is_empty() { called } else { one_round(called, errors).map(|()| id) };
    let again = async |errors| draw_interview(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |child| back_to(child, "missing"), |e| errors_of(e, "on"), again).await
}
