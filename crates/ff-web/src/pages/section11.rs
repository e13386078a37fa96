//! Section 11 self-assessments on pages (`ff_service::partnership::section11`, MASA-SYS-6): the
//! year's returns with who has not returned and the standards not fully met (each with a link to
//! raise a learning action), and one form to record or change a return, at its version.

use askama::Template;
use axum::extract::{Path, Query, State};
use ff_domain::partnership::section11::{Rating, Standard};
use ff_domain::policy::Action;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use ff_service::partnership::section11::{self as svc, Section11Input, Section11View, StandardRatingInput};
use serde::Deserialize;
use uuid::Uuid;

use super::fields::{Reply, allowed, date_field, errors_of, one_round, saved_at, saved_or_again, shown, unreadable_date};
use super::{Field, Layout, can, form_response, get, options};
use crate::AppState;
use crate::auth::PageUser;
use crate::forms::FormData;

const HOME: &str = "/partnership/section-11";

/// Each standard's fields: its rating and its note.
const STANDARD_FIELDS: [(Standard, &str, &str); 8] = [
    (Standard::Leadership, "rating_leadership", "note_leadership"),
    (Standard::Responsibilities, "rating_responsibilities", "note_responsibilities"),
    (Standard::Accountability, "rating_accountability", "note_accountability"),
    (Standard::ChildrensViews, "rating_childrens_views", "note_childrens_views"),
    (Standard::Training, "rating_training", "note_training"),
    (Standard::SaferRecruitment, "rating_safer_recruitment", "note_safer_recruitment"),
    (Standard::InterAgency, "rating_inter_agency", "note_inter_agency"),
    (Standard::InformationSharing, "rating_information_sharing", "note_information_sharing"),
];

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
    saved: Option<String>,
}

#[derive(Template)]
#[template(path = "partnership/section11.html")]
struct OverviewPage {
    layout: Layout,
    v: Section11View,
    can_manage: bool,
    saved: bool,
}

/// The year's section 11 returns.
pub async fn overview(State(state): State<AppState>, user: PageUser, Query(q): Query<YearQuery>) -> Reply {
    let v = svc::overview(&state.db, &user.ctx(&state), q.year).await?;
    let can_manage = can(user.actor(), Action::ManagePartnership);
    shown(&state, &user, ("Section 11 self-assessments", "/partnership"), |layout| OverviewPage {
        layout,
        v,
        can_manage,
        saved: q.saved.is_some(),
    })
    .await
}

/// Back to the year's returns, which say the return was saved.
fn saved_in(year: Option<i32>) -> axum::response::Response {
    match year {
        Some(y) => axum::response::IntoResponse::into_response(axum::response::Redirect::to(&format!("{HOME}?year={y}&saved=1"))),
        None => saved_at(HOME),
    }
}

#[derive(Deserialize)]
pub struct NewQuery {
    agency: Option<Uuid>,
    year: Option<i32>,
}

/// A return being changed: the agency and year it is for, its version and its ratings.
struct Existing {
    what: String,
    version: i32,
    returned_on: chrono::NaiveDate,
    ratings: Vec<(String, String, String)>,
}

fn fields(v: &Section11View, existing: Option<&Existing>, q: Option<&NewQuery>, f: Option<&FormData>) -> Vec<Field> {
    let mut out = vec![];
    match existing {
        Some(x) => {
            out.push(Field::Hidden("version", x.version.to_string()));
            out.push(Field::Paragraph(x.what.clone()));
        }
        None => {
            let mut agencies: Vec<(String, String)> =
                v.agencies.iter().map(|a| (a.agency_id.to_string(), format!("{} ({})", a.name, a.kind_label))).collect();
            agencies.insert(0, (String::new(), "Choose".into()));
            let chosen = match f {
                Some(_) => get(f, "agency_id"),
                None => q.and_then(|q| q.agency).map(|a| a.to_string()).unwrap_or_default(),
            };
            out.push(Field::Select("agency_id", "Which agency's return?", agencies, chosen));
            let year = match f {
                Some(_) => get(f, "year"),
                None => v.year.to_string(),
            };
            out.push(Field::Text(
                "year",
                "The financial year, by the year it starts",
                year,
                "For example, 2026 for April 2026 to March 2027",
            ));
        }
    }
    out.push(date_field("returned_on", "When was it returned?", f, existing.map(|x| x.returned_on)));
    let ratings = options(Rating::ALL, |r| r.code(), |r| r.label());
    for (s, rating, note) in STANDARD_FIELDS {
        let was = existing.and_then(|x| x.ratings.iter().find(|(c, ..)| c == s.code()));
        out.push(Field::Section(s.label().to_owned()));
        let pick = |name: &str, current: Option<String>| match f {
            Some(_) => get(f, name),
            None => current.unwrap_or_default(),
        };
        out.push(Field::Radios(rating, "How far is it met?", ratings.clone(), pick(rating, was.map(|w| w.1.clone()))));
        out.push(Field::TextArea(note, "Note", pick(note, was.map(|w| w.2.clone())), "Say why, if it is not fully met"));
    }
    out
}

fn input(form: &FormData, ctx: &ff_service::Ctx, errors: &mut ValidationErrors) -> Section11Input {
    let on = form.required_date("returned_on", "The day it was returned", errors);
    Section11Input {
        version: form.get("version").parse().ok(),
        agency_id: form.uuid("agency_id"),
        year: form.get("year").trim().parse().unwrap_or(0),
        returned_on: on.unwrap_or_else(|| unreadable_date(ctx)),
        ratings: STANDARD_FIELDS
            .iter()
            .filter(|(_, r, _)| !form.get(r).is_empty())
            .map(|(s, r, n)| StandardRatingInput { standard: s.code().into(), rating: form.get(r).into(), note: form.get(n).into() })
            .collect(),
    }
}

/// Every mistake at once: a day the form could not read stands in as tomorrow, which the service
/// refuses without saving, so its other errors are shown with the form's.
fn in_one_go(errors: ValidationErrors, result: Result<Uuid, ServiceError>) -> Result<Uuid, ServiceError> {
    if errors.is_empty() { result } else { one_round(result, errors).map(|()| Uuid::nil()) }
}

async fn draw_new(state: &AppState, user: &PageUser, q: &NewQuery, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let v = svc::overview(&state.db, &user.ctx(state), q.year).await?;
    let back = (String::new(), HOME.to_owned());
    let at = ("Record a section 11 return", format!("{HOME}/new"));
    Ok(form_response(state, user, "/partnership", back, at, fields(&v, None, Some(q), f), errors).await)
}

pub async fn new_form(State(state): State<AppState>, user: PageUser, Query(q): Query<NewQuery>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    draw_new(&state, &user, &q, None, vec![]).await
}

pub async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let i = input(&form, &ctx, &mut errors);
    let result = in_one_go(errors, svc::save_return(&state.db, &ctx, None, &i).await);
    let q = NewQuery { agency: i.agency_id, year: Some(i.year).filter(|y| (2000..=2100).contains(y)) };
    let again = async |errors| draw_new(&state, &user, &q, Some(&form), errors).await;
    let year = i.year;
    saved_or_again(result, |_| saved_in(Some(year)), |e| errors_of(e, "agency_id"), again).await
}

#[derive(Deserialize)]
pub struct EditQuery {
    year: Option<i32>,
}

async fn draw_edit(state: &AppState, user: &PageUser, id: Uuid, year: Option<i32>, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let v = svc::overview(&state.db, &user.ctx(state), year).await?;
    let (a, r) = v
        .agencies
        .iter()
        .find_map(|a| a.returned.as_ref().filter(|r| r.id == id).map(|r| (a, r)))
        .ok_or(ServiceError::NotFound("section 11 return"))?;
    let existing = Existing {
        what: format!("{}, {}.", a.name, v.year_label),
        version: r.version,
        returned_on: r.returned_on,
        ratings: r.ratings.iter().map(|x| (x.standard.clone(), x.rating.clone(), x.note.clone())).collect(),
    };
    let back = (String::new(), format!("{HOME}?year={}", v.year));
    let action = match year {
        Some(y) => format!("{HOME}/{id}/edit?year={y}"),
        None => format!("{HOME}/{id}/edit"),
    };
    Ok(form_response(
        state,
        user,
        "/partnership",
        back,
        ("Change a section 11 return", action),
        fields(&v, Some(&existing), None, f),
        errors,
    )
    .await)
}

pub async fn edit_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<EditQuery>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    draw_edit(&state, &user, id, q.year, None, vec![]).await
}

pub async fn edit(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<EditQuery>,
    form: FormData,
) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let i = input(&form, &ctx, &mut errors);
    let result = in_one_go(errors, svc::save_return(&state.db, &ctx, Some(id), &i).await);
    let again = async |errors| draw_edit(&state, &user, id, q.year, Some(&form), errors).await;
    saved_or_again(result, |_| saved_in(q.year), |e| errors_of(e, "returned_on"), again).await
}
