//! The front door's pages: recording a contact about a child, deciding it within a
//! working day (T1), and the feedback to the person who made it. Posts go to the same service
//! functions as the API (`ff_service::family_help::front_door`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use ff_domain::family_help::{Consent, ContactChannel, ContactDecision, PrimaryNeed, ReferralSource};
use ff_domain::policy::Action;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use ff_service::family_help as fh;
use uuid::Uuid;

use super::{Field, Layout, can, options, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

use super::fields::*;

fn contact_fields(f: Option<&FormData>, child: Uuid, today: NaiveDate) -> Vec<Field> {
    let get = |k: &str| f.map(|f| f.get(k).to_owned()).unwrap_or_default();
    // The referrer is always chosen: no source is preselected.
    let mut sources = vec![(String::new(), "Choose who made the contact".to_owned())];
    sources.extend(options(ReferralSource::ALL, |s| s.code(), |s| s.label()));
    vec![
        Field::Hidden("child", child.to_string()),
        date_field("received", "When did the contact arrive?", f, Some(today)),
        Field::Text("received_time", "Time it arrived (optional)", get("received_time"), "24-hour clock, for example 09:30 or 16:45"),
        Field::Radios("channel", "How did the contact arrive?", options(ContactChannel::ALL, |c| c.code(), |c| c.label()), get("channel")),
        Field::Select("source", "Who made the contact?", sources, get("source")),
        Field::Text("referrer_name", "Referrer's name (optional)", get("referrer_name"), ""),
        Field::Text("referrer_organisation", "Referrer's organisation (optional)", get("referrer_organisation"), ""),
        Field::TextArea("concerns", "What are the concerns?", get("concerns"), "In the referrer's words where possible"),
        Field::Radios(
            "consent",
            "Consent to share information and refer",
            options(Consent::ALL, |c| c.code(), |c| c.label()),
            get("consent"),
        ),
        Field::TextArea(
            "consent_basis",
            "If consent was not given: the lawful basis for sharing, and why",
            get("consent_basis"),
            "Required unless consent was given",
        ),
    ]
}

pub async fn contact_form(State(state): State<AppState>, user: PageUser, Query(q): Query<ChildParam>) -> Result<Response, PageError> {
    user.ctx(&state).authorise(Action::RecordContact)?;
    let child = child_of(&q)?;
    let today = user.ctx(&state).today();
    Ok(form(&state, &user, child, ("Record a contact", "/contacts/new".into(), "Save contact"), contact_fields(None, child, today), vec![])
        .await)
}

/// When a contact arrived, from the form's date and optional time (England's clock); today's
/// date with no time means now. Mistakes are added to `errors`.
fn received_at(f: &FormData, ctx: &ff_service::Ctx, errors: &mut ValidationErrors) -> Option<chrono::DateTime<chrono::Utc>> {
    let date = f.required_date("received", "The date the contact arrived", errors)?;
    let time = match f.opt("received_time") {
        Some(t) => match ff_domain::calendar::parse_time_of_day(&t) {
            Some(t) => Some(t),
            None => {
                errors.add("received_time", "Enter the time as hours and minutes on the 24-hour clock, for example 09:30");
                return None;
            }
        },
        None => None,
    };
    match time {
        Some(t) => Some(ff_domain::calendar::london_to_utc(date.and_time(t))),
        None if date == ctx.today() => None,
        None => Some(ff_domain::calendar::london_to_utc(date.and_hms_opt(9, 0, 0).unwrap_or_default())),
    }
}

pub async fn contact_create(State(state): State<AppState>, user: PageUser, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::RecordContact)?;
    let child: Uuid = f.get("child").parse().map_err(|_| PageError(ServiceError::NotFound("child")))?;
    let mut form_errors = ValidationErrors::new();
    let mut received = received_at(&f, &ctx, &mut form_errors);
    if !form_errors.is_empty() {
        // The date or time could not be read: give the service an arrival it must refuse, so it
        // still reports every other mistake at once and saves nothing.
        received = Some(ctx.now + chrono::Duration::days(1));
    }
    let input = fh::ContactInput {
        received_at: received,
        channel: f.get("channel").into(),
        source: f.get("source").into(),
        referrer_name: f.opt("referrer_name"),
        referrer_organisation: f.opt("referrer_organisation"),
        concerns: f.get("concerns").into(),
        consent: f.get("consent").into(),
        consent_basis: f.opt("consent_basis"),
        child_ids: vec![child],
        adult_ids: vec![],
    };
    match fh::record_contact(&state.db, &ctx, &input).await {
        Ok(c) => Ok(Redirect::to(&format!("/contacts/{}?saved=1", c.id)).into_response()),
        Err(e) => {
            // Every mistake at once: the form's own (the date and time) and the service's.
            let reading_failed = !form_errors.is_empty();
            let mut errors = form_errors.0;
            errors.extend(errors_of(e, "concerns")?.into_iter().filter(|e| !(reading_failed && e.field == "received_at")).map(|mut e| {
                if e.field == "received_at" {
                    e.field = "received".into();
                }
                e
            }));
            Ok(form(
                &state,
                &user,
                child,
                ("Record a contact", "/contacts/new".into(), "Save contact"),
                contact_fields(Some(&f), child, ctx.today()),
                errors,
            )
            .await)
        }
    }
}

#[derive(Template)]
#[template(path = "family_help/contact.html")]
struct ContactPage {
    layout: Layout,
    c: fh::ContactView,
    can_decide: bool,
    errors: Vec<FieldError>,
    decisions: Vec<(String, String)>,
    needs: Vec<(String, String)>,
    form_decision: String,
    form_need: String,
    form_reason: String,
    /// The feedback note as typed, kept on a refused answer.
    typed_note: String,
    flash: Option<&'static str>,
}

impl ContactPage {
    fn err(&self, field: &str) -> Option<&str> {
        crate::pages::fields::error_on(&self.errors, field)
    }
}

async fn contact_page(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    errors: Vec<FieldError>,
    f: Option<&FormData>,
    flash: Option<&'static str>,
) -> Result<Response, PageError> {
    let c = fh::contact(&state.db, &user.ctx(state), id).await?;
    let mut needs = vec![(String::new(), "Not needed (no episode opens)".to_owned())];
    needs.extend(options(PrimaryNeed::ALL, |n| n.code(), |n| n.label()));
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout = Layout::for_user(state, user, "Contact", "/work").await.with_errors(&errors);
    let get = |k: &str| f.map(|f| f.get(k).to_owned()).unwrap_or_default();
    Ok(render(
        status,
        &ContactPage {
            layout,
            can_decide: can(user.actor(), Action::DecideContact),
            decisions: options(ContactDecision::ALL, |d| d.code(), |d| d.label()),
            needs,
            form_decision: get("decision"),
            form_need: get("primary_need"),
            form_reason: get("reason"),
            typed_note: get("note"),
            c,
            errors,
            flash,
        },
    ))
}

pub async fn contact_show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<ChildParam>,
) -> Result<Response, PageError> {
    let flash = match q.saved.as_deref() {
        Some("decided") => Some("The decision has been recorded"),
        Some("feedback") => Some("The feedback has been recorded"),
        Some(_) => Some("The contact has been recorded. A decision is due within one working day."),
        None => None,
    };
    contact_page(&state, &user, id, vec![], None, flash).await
}

pub async fn contact_decide(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    f: FormData,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::DecideContact)?;
    let input = fh::DecisionInput {
        decision: f.get("decision").into(),
        reason: f.get("reason").into(),
        primary_need: f.opt("primary_need"),
        decided_at: None,
        version: f.get("version").parse().unwrap_or(0),
    };
    match fh::decide_contact(&state.db, &ctx, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/contacts/{id}?saved=decided")).into_response()),
        Err(e) => contact_page(&state, &user, id, errors_of(e, "decision")?, Some(&f), None).await,
    }
}

pub async fn contact_feedback(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    f: FormData,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::RecordContact)?;
    let input = fh::FeedbackInput { note: f.get("note").into(), version: f.get("version").parse().unwrap_or(0) };
    match fh::record_feedback(&state.db, &ctx, id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/contacts/{id}?saved=feedback")).into_response()),
        Err(e) => contact_page(&state, &user, id, errors_of(e, "note")?, Some(&f), None).await,
    }
}
