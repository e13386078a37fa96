//! Letter pages: invite a parent to a child protection conference or a family
//! group decision making meeting, tell them what a conference decided, send the letter before
//! proceedings. Each form posts to the same service function as the API; the letter is a PDF
//! kept with the child's documents, and the browser is sent to it.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use ff_domain::child_protection::ConferenceKind;
use ff_domain::policy::Action;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use ff_service::letters::{self as svc, ConferenceInvitationInput, InvitationInput, LetterBeforeProceedingsInput, OutcomeLetterInput};
use uuid::Uuid;

use super::fields::{ChildParam, Reply, child_of, date_field, errors_of, form};
use super::{Field, get, options, precheck};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

fn meeting_fields(f: Option<&FormData>, to_hint: &'static str) -> Vec<Field> {
    vec![
        Field::Text("to", "Who is it to?", get(f, "to"), to_hint),
        date_field("meeting_on", "Date of the meeting", f, None),
        Field::Text("time", "Time", get(f, "time"), "For example, 10:30 or 2pm"),
        Field::Text("place", "Where", get(f, "place"), "The building, room and address"),
    ]
}

/// The meeting as typed; a date that could not be read is reported with the service's errors.
fn meeting_input(f: &FormData, errors: &mut ValidationErrors) -> InvitationInput {
    InvitationInput {
        to: f.get("to").into(),
        meeting_on: f.optional_date("meeting_on", "Date of the meeting", errors),
        time: f.get("time").into(),
        place: f.get("place").into(),
    }
}

/// Sends the browser to the letter, or shows the form again with every mistake.
async fn answer(
    state: &AppState,
    user: &PageUser,
    child: Uuid,
    page: (&str, String, &'static str),
    fields: Vec<Field>,
    date_errors: ValidationErrors,
    result: Result<Uuid, ServiceError>,
) -> Reply {
    match result {
        Ok(id) if date_errors.is_empty() => Ok(Redirect::to(&format!("/documents/{id}/download")).into_response()),
        Ok(_) => Err(PageError(ServiceError::Internal("a letter was issued from an unreadable date".into()))),
        Err(e) => {
            let mut errors: Vec<FieldError> = date_errors.0;
            let mut others = errors_of(e, "to")?;
            // The form's own complaint about an unreadable date stands in for the service's.
            others.retain(|o| !(o.field == "meeting_on" && errors.iter().any(|e| e.field == "meeting_on")));
            errors.extend(others);
            Ok(form(state, user, child, page, fields, errors).await)
        }
    }
}

/// The empty form for a letter about `child`, for those who may `act`.
async fn blank(state: &AppState, user: &PageUser, act: Action, child: Uuid, (title, action): (&str, String), fields: Vec<Field>) -> Reply {
    precheck(&user.ctx(state), act)?;
    Ok(form(state, user, child, (title, action, "Make the letter"), fields, vec![]).await)
}

const INVITE: &str = "Invite to a child protection conference";
const INVITE_FGDM: &str = "Invite to a family group decision making meeting";
const OUTCOME: &str = "Send what the conference decided";
const LBP: &str = "Send the letter before proceedings";

fn invite_fields(f: Option<&FormData>) -> Vec<Field> {
    let kinds = options(ConferenceKind::ALL, |k| k.code(), |k| k.label());
    let mut v = vec![Field::Radios("kind", "Which conference?", kinds, get(f, "kind"))];
    v.extend(meeting_fields(f, "A parent or carer, by name. Send each parent their own letter."));
    v
}

pub async fn invite_form(State(state): State<AppState>, user: PageUser, Path(child): Path<Uuid>) -> Reply {
    blank(&state, &user, Action::RecordConference, child, (INVITE, format!("/people/{child}/conference-invitation")), invite_fields(None))
        .await
}

pub async fn invite(State(state): State<AppState>, user: PageUser, Path(child): Path<Uuid>, f: FormData) -> Reply {
    let ctx = user.ctx(&state);
    let mut date_errors = ValidationErrors::new();
    let input = ConferenceInvitationInput { kind: f.get("kind").into(), meeting: meeting_input(&f, &mut date_errors) };
    let result = svc::invite_to_conference(&state.db, &ctx, &state.documents, child, &input).await;
    let page = (INVITE, format!("/people/{child}/conference-invitation"), "Make the letter");
    answer(&state, &user, child, page, invite_fields(Some(&f)), date_errors, result).await
}

/// A letter made from a record (`id`) about a child (`?child=`): its title, who may make it,
/// the form's address without `?child=`, and its fields (with what was typed, if any).
struct Letter {
    title: &'static str,
    act: Action,
    path: fn(Uuid) -> String,
    fields: fn(Option<&FormData>) -> Vec<Field>,
}

impl Letter {
    /// The empty form.
    async fn blank(&self, state: &AppState, user: &PageUser, id: Uuid, q: &ChildParam) -> Reply {
        let child = child_of(q)?;
        blank(state, user, self.act, child, (self.title, self.action(id, child)), (self.fields)(None)).await
    }

    /// Makes the letter with `make`, which reports a date it could not read in its errors; then
    /// sends the browser to the letter, or shows the form again with every mistake.
    async fn make(
        &self,
        state: &AppState,
        user: &PageUser,
        (id, q, f): (Uuid, &ChildParam, &FormData),
        make: impl AsyncFnOnce(&ff_service::Ctx, &mut ValidationErrors) -> Result<Uuid, ServiceError>,
    ) -> Reply {
        let ctx = user.ctx(state);
        let child = child_of(q)?;
        let mut date_errors = ValidationErrors::new();
        let result = make(&ctx, &mut date_errors).await;
        let page = (self.title, self.action(id, child), "Make the letter");
        answer(state, user, child, page, (self.fields)(Some(f)), date_errors, result).await
    }

    fn action(&self, id: Uuid, child: Uuid) -> String {
        format!("{}?child={child}", (self.path)(id))
    }
}

const OUTCOME_LETTER: Letter = Letter {
    title: OUTCOME,
    act: Action::RecordConference,
    path: |id| format!("/conferences/{id}/outcome-letter"),
    fields: |f| vec![Field::Text("to", "Who is it to?", get(f, "to"), "A parent or carer, by name. Send each parent their own letter.")],
};

pub async fn outcome_form(state: State<AppState>, user: PageUser, id: Path<Uuid>, q: Query<ChildParam>) -> Reply {
    OUTCOME_LETTER.blank(&state, &user, *id, &q).await
}

pub async fn outcome(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<ChildParam>,
    f: FormData,
) -> Reply {
    OUTCOME_LETTER
        .make(&state, &user, (id, &q, &f), async |ctx, _| {
            svc::conference_outcome(&state.db, ctx, &state.documents, id, &OutcomeLetterInput { to: f.get("to").into() }).await
        })
        .await
}

fn lbp_fields(f: Option<&FormData>) -> Vec<Field> {
    let mut v = meeting_fields(f, "A parent or person with parental responsibility, by name. Each gets their own letter.");
    v.insert(
        1,
        Field::TextArea(
            "concerns",
            "Why the council is worried",
            get(f, "concerns"),
            "In words the family will understand: what has happened, what needs to change, and the help offered so far",
        ),
    );
    v
}

const LBP_LETTER: Letter =
    Letter { title: LBP, act: Action::ManagePreProceedings, path: |id| format!("/plo/{id}/letter-before-proceedings"), fields: lbp_fields };

pub async fn lbp_form(state: State<AppState>, user: PageUser, id: Path<Uuid>, q: Query<ChildParam>) -> Reply {
    LBP_LETTER.blank(&state, &user, *id, &q).await
}

pub async fn lbp(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<ChildParam>, f: FormData) -> Reply {
    LBP_LETTER
        .make(&state, &user, (id, &q, &f), async |ctx, date_errors| {
            let input = LetterBeforeProceedingsInput { concerns: f.get("concerns").into(), meeting: meeting_input(&f, date_errors) };
            svc::letter_before_proceedings(&state.db, ctx, &state.documents, id, &input).await
        })
        .await
}

const FGDM_LETTER: Letter = Letter {
    title: INVITE_FGDM,
    act: Action::WorkOnFamilyNetwork,
    path: |id| format!("/fgdm/{id}/invitation"),
    fields: |f| meeting_fields(f, "A parent, carer, relative or friend, by name"),
};

pub async fn fgdm_form(state: State<AppState>, user: PageUser, id: Path<Uuid>, q: Query<ChildParam>) -> Reply {
    FGDM_LETTER.blank(&state, &user, *id, &q).await
}

pub async fn fgdm(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<ChildParam>, f: FormData) -> Reply {
    FGDM_LETTER
        .make(&state, &user, (id, &q, &f), async |ctx, date_errors| {
            let input = meeting_input(&f, date_errors);
            svc::invite_to_fgdm(&state.db, ctx, &state.documents, id, &input).await
        })
        .await
}
