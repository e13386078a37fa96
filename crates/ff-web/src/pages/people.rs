//! People register pages: search, add, view, change, history, relationships, households,
//! addresses and merging.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use ff_domain::people::DuplicateReason;
use ff_domain::people::{Ethnicity, Membership, PersonDraft, PrBasis, RelationshipKind, Sex};
use ff_domain::policy::Action;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use ff_service::people::{DuplicateMatch, PersonSummary, SearchResults};
use serde::Deserialize;
use uuid::Uuid;

use super::actions::with_mistakes;
use super::{Field, Layout, SearchBox, SimpleForm, can, options, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

mod connections;
pub use connections::*;

#[derive(Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    /// Read by the page itself, so a wrong page number is a message on the search form, not a
    /// bare error page.
    page: Option<String>,
    saved: Option<String>,
}

#[derive(Template)]
#[template(path = "people/search.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    q_encoded: String,
    errors: Vec<FieldError>,
    q_error: Option<String>,
    results: Option<SearchResults>,
    can_create: bool,
}

pub async fn search(State(state): State<AppState>, user: PageUser, Query(p): Query<SearchParams>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::SearchPeople)?;
    let q = p.q.unwrap_or_default();
    let page = match p.page.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(1),
        Some(s) => s.parse::<u32>().ok().filter(|n| *n >= 1),
    };
    let (results, errors) = if q.trim().is_empty() {
        (None, vec![])
    } else if let Some(page) = page {
        match ff_service::people::search(&state.db, &ctx, &q, page).await {
            Ok(r) => (Some(r), vec![]),
            Err(ServiceError::Validation(v)) => (None, v.0),
            Err(e) => return Err(e.into()),
        }
    } else {
        (
            None,
            vec![FieldError {
                field: "q".into(),
                message: "The page number in the address must be a whole number from 1: search again".into(),
            }],
        )
    };
    let layout = Layout::for_user(&state, &user, "Find a person", "/people").await.with_errors(&errors);
    let q_encoded = serde_urlencoded::to_string([("", q.as_str())]).unwrap_or_default().trim_start_matches('=').to_owned();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let q_error = errors.first().map(|e| e.message.clone());
    Ok(render(status, &SearchPage { layout, q, q_encoded, errors, q_error, results, can_create: can(user.actor(), Action::CreatePerson) }))
}

/// The values shown in the person form (as typed, so nothing is lost on an error).
#[derive(Default)]
struct PersonFormValues {
    given_name: String,
    family_name: String,
    other_names: String,
    dob_day: String,
    dob_month: String,
    dob_year: String,
    edd_day: String,
    edd_month: String,
    edd_year: String,
    sex: String,
    ethnicity: String,
    nhs_number: String,
    nhs_number_verified: bool,
}

impl PersonFormValues {
    fn from_form(f: &FormData) -> Self {
        let (dob_day, dob_month, dob_year) = f.date_parts("dob");
        let (edd_day, edd_month, edd_year) = f.date_parts("edd");
        PersonFormValues {
            given_name: f.get("given_name").to_owned(),
            family_name: f.get("family_name").to_owned(),
            other_names: f.get("other_names").to_owned(),
            dob_day,
            dob_month,
            dob_year,
            edd_day,
            edd_month,
            edd_year,
            sex: f.get("sex").to_owned(),
            ethnicity: f.get("ethnicity").to_owned(),
            nhs_number: f.get("nhs_number").to_owned(),
            nhs_number_verified: f.checked("nhs_number_verified"),
        }
    }

    fn from_person(p: &PersonSummary) -> Self {
        let parts = |d: Option<chrono::NaiveDate>| {
            d.map(|d| (d.day().to_string(), d.month().to_string(), d.year().to_string())).unwrap_or_default()
        };
        let (dob_day, dob_month, dob_year) = parts(p.date_of_birth);
        let (edd_day, edd_month, edd_year) = parts(p.expected_date_of_birth);
        PersonFormValues {
            given_name: p.given_name.clone(),
            family_name: p.family_name.clone(),
            other_names: p.other_names.clone().unwrap_or_default(),
            dob_day,
            dob_month,
            dob_year,
            edd_day,
            edd_month,
            edd_year,
            sex: p.sex.clone(),
            ethnicity: p.ethnicity.clone().unwrap_or_default(),
            nhs_number: p.nhs_number_display().unwrap_or_default(),
            nhs_number_verified: p.nhs_number_verified,
        }
    }
}

fn draft_from(f: &FormData) -> PersonDraft {
    PersonDraft {
        given_name: f.opt("given_name"),
        family_name: f.opt("family_name"),
        other_names: f.opt("other_names"),
        date_of_birth: f.date("dob", "Date of birth"),
        expected_date_of_birth: f.date("edd", "Expected date of birth"),
        sex: f.opt("sex"),
        ethnicity: f.opt("ethnicity"),
        nhs_number: f.opt("nhs_number"),
        nhs_number_verified: f.checked("nhs_number_verified"),
    }
}

/// Map domain field names to the form's element ids.
fn form_errors(errors: Vec<FieldError>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|mut e| {
            e.field = match e.field.as_str() {
                "date_of_birth" => "dob".into(),
                "expected_date_of_birth" => "edd".into(),
                other => other.to_owned(),
            };
            e
        })
        .collect()
}

struct ConflictView {
    message: String,
    current: String,
}

#[derive(Template)]
#[template(path = "people/form.html")]
struct PersonForm {
    layout: Layout,
    heading: String,
    action: String,
    back: String,
    version: Option<i32>,
    f: PersonFormValues,
    errors: Vec<FieldError>,
    duplicates: Vec<DuplicateMatch>,
    blocking: bool,
    conflict: Option<ConflictView>,
    sex_options: Vec<(String, String)>,
    ethnicity_options: Vec<(String, String)>,
}

impl PersonForm {
    /// The form with these mistakes, in its summary and on its fields.
    fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.layout = self.layout.with_errors(&errors);
        self.errors = errors;
        self
    }

    fn err(&self, field: &str) -> Option<&str> {
        crate::pages::fields::error_on(&self.errors, field)
    }
}

/// The person form: a new person when `changing` is `None`, else the changes to the person with
/// that id, at that version.
async fn person_form(state: &AppState, user: &PageUser, heading: &str, changing: Option<(Uuid, i32)>, f: PersonFormValues) -> PersonForm {
    let (action, back) = match changing {
        None => ("/people/new".to_owned(), "/people".to_owned()),
        Some((id, _)) => (format!("/people/{id}/edit"), format!("/people/{id}")),
    };
    let version = changing.map(|(_, v)| v);
    let mut ethnicity_options = vec![(String::new(), "Not recorded".to_owned())];
    ethnicity_options.extend(options(Ethnicity::ALL, |e| e.code(), |e| e.label()));
    PersonForm {
        layout: Layout::for_user(state, user, heading, if version.is_none() { "/people/new" } else { "/people" }).await,
        heading: heading.to_owned(),
        action,
        back,
        version,
        f,
        errors: vec![],
        duplicates: vec![],
        blocking: false,
        conflict: None,
        sex_options: options(Sex::ALL, |s| s.code(), |s| s.label()),
        ethnicity_options,
    }
}

pub async fn new_form(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    user.ctx(&state).authorise(Action::CreatePerson)?;
    let form = person_form(&state, &user, "Add a person", None, PersonFormValues::default()).await;
    Ok(render(StatusCode::OK, &form))
}

pub async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::CreatePerson)?;
    let draft = draft_from(&form);
    match ff_service::people::create(&state.db, &ctx, &draft, form.checked("confirm_not_duplicate")).await {
        Ok(p) => Ok(Redirect::to(&format!("/people/{}?saved=created", p.id)).into_response()),
        Err(ServiceError::PossibleDuplicates(d)) => {
            let mut page = person_form(&state, &user, "Add a person", None, PersonFormValues::from_form(&form)).await;
            page.blocking = d.iter().any(|m| m.reason == DuplicateReason::SameNhsNumber);
            if page.blocking {
                page = page.with_errors(vec![FieldError {
                    field: "nhs_number".into(),
                    message: "A record with this NHS number already exists: open it below rather than adding a new one".into(),
                }]);
            }
            page.duplicates = d;
            Ok(render(StatusCode::CONFLICT, &page))
        }
        Err(e) => {
            let typed = PersonFormValues::from_form(&form);
            with_mistakes(e, async |errors| {
                Ok(person_form(&state, &user, "Add a person", None, typed).await.with_errors(form_errors(errors)))
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "people/show.html")]
struct ShowPage {
    layout: Layout,
    rec: ff_service::people::PersonRecord,
    sex_label: String,
    ethnicity_label: String,
    can_edit: bool,
    can_merge: bool,
    flash: Option<&'static crate::pages::fields::Saved>,
    family_help: Option<ff_service::family_help::ChildFamilyHelp>,
    can_contact: bool,
    can_work: bool,
    can_allocate: bool,
    can_authorise: bool,
    can_oversee: bool,
    child_protection: Option<ff_service::child_protection::ChildProtectionView>,
    can_strategy: bool,
    can_conclude: bool,
    can_conference: bool,
    can_cp_work: bool,
    can_contribute: bool,
    /// A partner agency member sees "Answer" only on requests made to their own agency.
    partner_agency: Option<String>,
    can_request: bool,
    documents: Vec<ff_service::documents::DocumentView>,
    /// Who is reading (a document's adder may withdraw it; so may a manager).
    reader: Uuid,
    care: Option<ff_service::looked_after::CareView>,
    can_care: bool,
    can_care_review: bool,
    can_leaving: bool,
    /// The household's page is open to this reader (foster carers' names link to it).
    can_see_carers: bool,
    /// Places and groups the child is linked to (harm outside the home).
    places: Vec<ff_service::outside_home::ChildPlace>,
    can_places: bool,
    /// Exploitation risk screenings, newest first.
    screenings: Vec<ff_service::outside_home::ScreeningView>,
    /// Missing and away from home, newest first (not for a child in care: their care record).
    missing_from_home: Vec<ff_service::outside_home::MissingFromHomeView>,
    /// Professional disagreements about decisions on the child's case.
    disagreements: Vec<ff_service::escalations::DisagreementView>,
}

impl ShowPage {
    /// Whether the viewer may answer a request made to `agency` (partners: their own agency only).
    fn may_answer(&self, agency: &str) -> bool {
        self.partner_agency.as_deref().is_none_or(|a| a == agency)
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(p): Query<SearchParams>,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let ff_service::people::PersonPage {
        record: rec,
        family_help,
        child_protection,
        documents,
        care,
        places,
        screenings,
        missing_from_home,
        disagreements,
    } = ff_service::people::page(&state.db, &ctx, id).await?;
    let sex_label = Sex::from_code(&rec.person.sex).map(|s| s.label().to_owned()).unwrap_or_default();
    let ethnicity_label = rec
        .person
        .ethnicity
        .as_deref()
        .and_then(Ethnicity::from_code)
        .map(|e| e.label().to_owned())
        .unwrap_or_else(|| "Not recorded".into());
    let flash = crate::pages::fields::saved(p.saved.as_deref());
    let layout = Layout::for_user(&state, &user, &rec.person.full_name, "/people").await;
    let editable = rec.person.merged_into.is_none();
    let a = user.actor();
    Ok(render(
        StatusCode::OK,
        &ShowPage {
            layout,
            sex_label,
            ethnicity_label,
            can_edit: editable && can(user.actor(), Action::EditPerson),
            can_merge: editable && can(user.actor(), Action::MergePeople),
            rec,
            flash,
            family_help,
            can_contact: can(a, Action::RecordContact),
            can_work: can(a, Action::WorkOnCase),
            can_allocate: can(a, Action::AllocateCase),
            can_authorise: can(a, Action::AuthoriseAssessment),
            can_oversee: can(a, Action::RecordOversight),
            child_protection,
            can_strategy: can(a, Action::RecordStrategyDiscussion),
            can_conclude: can(a, Action::ConcludeEnquiry),
            can_conference: can(a, Action::RecordConference),
            can_cp_work: can(a, Action::WorkOnChildProtection),
            // A partner who can see this record is on the team working the case.
            can_contribute: can(a, Action::ContributeToCase) || a.role == ff_domain::roles::Role::PartnerAgency,
            partner_agency: (a.role == ff_domain::roles::Role::PartnerAgency).then(|| a.agency.code().to_owned()),
            can_request: can(a, Action::RequestInformation),
            documents,
            reader: a.user_id,
            care,
            can_care: can(a, Action::WorkOnCare),
            can_care_review: can(a, Action::RecordCareReview),
            can_leaving: can(a, Action::WorkOnLeavingCare),
            can_see_carers: can(a, Action::ViewCarers),
            places,
            can_places: can(a, Action::WorkWithPlaces),
            screenings,
            missing_from_home,
            disagreements,
        },
    ))
}

pub async fn edit_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::EditPerson)?;
    let rec = ff_service::people::view(&state.db, &ctx, id).await?;
    let p = &rec.person;
    let form =
        person_form(&state, &user, &format!("Change details of {}", p.full_name), Some((id, p.version)), PersonFormValues::from_person(p))
            .await;
    Ok(render(StatusCode::OK, &form))
}

pub async fn update(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::EditPerson)?;
    let Ok(version) = form.get("version").parse::<i32>() else {
        return Err(ServiceError::Validation(ValidationErrors::single(
            "version",
            "The form is missing the record version; reload the page and try again",
        ))
        .into());
    };
    let heading = "Change details";
    match ff_service::people::update(&state.db, &ctx, id, &draft_from(&form), version).await {
        Ok(_) => Ok(Redirect::to(&format!("/people/{id}?saved=updated")).into_response()),
        Err(ServiceError::Conflict { message, current_version }) => {
            // Show both: the saved record (summarised) and the user's own version in the form.
            let rec = ff_service::people::view(&state.db, &ctx, id).await?;
            let cur = &rec.person;
            let current = format!(
                "{}, born {}, NHS number {}",
                cur.full_name,
                cur.date_of_birth.map(|d| d.format("%-d %B %Y").to_string()).unwrap_or_else(|| "not known".into()),
                cur.nhs_number_display().unwrap_or_else(|| "not recorded".into())
            );
            let mut page = person_form(&state, &user, heading, Some((id, current_version)), PersonFormValues::from_form(&form)).await;
            page.conflict = Some(ConflictView { message, current });
            Ok(render(StatusCode::CONFLICT, &page))
        }
        Err(e) => {
            let typed = PersonFormValues::from_form(&form);
            with_mistakes(e, async |errors| {
                Ok(person_form(&state, &user, heading, Some((id, version)), typed).await.with_errors(form_errors(errors)))
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "people/history.html")]
struct HistoryPage {
    layout: Layout,
    id: Uuid,
    versions: Vec<ff_service::people::VersionView>,
    access: Vec<ff_store::audit::AuditListRow>,
}

impl HistoryPage {
    /// A role in words ("Social worker"), never its code.
    fn role_label(&self, code: &str) -> String {
        ff_domain::roles::Role::from_code(code).map(|r| r.label().to_owned()).unwrap_or_else(|| code.replace('_', " "))
    }
}

pub async fn history(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let versions = ff_service::people::history(&state.db, &ctx, id).await?;
    let access = ff_service::audit::for_person(&state.db, &ctx, id).await?;
    let layout = Layout::for_user(&state, &user, "History of this record", "/people").await;
    Ok(render(StatusCode::OK, &HistoryPage { layout, id, versions, access }))
}
