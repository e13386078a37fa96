//! The social work workforce shared with the region on pages (W-OUT-4, RCC-SHARE-4; decision
//! 0024): the workforce officer's or analyst's extracts with their tags, a new extract for a
//! census year, its file exactly as shared; the administrator's page for the region's key. The
//! API (`api::workforce_share`) calls the same services.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ff_domain::FieldError;
use ff_domain::policy::Action;
use ff_domain::sharing::Purpose;
use ff_service::sharing::workforce::{self as svc, RegionKeyInput, WorkforceExtractInput, WorkforceExtractView, WorkforceSharingView};
use uuid::Uuid;

use super::fields::{date_field, errors_of, one_round, unreadable_date};
use super::{Field, Layout, get, options, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

const HOME: &str = "/workforce/regional";
const TITLE: &str = "The workforce shared with the region";

#[derive(Template)]
#[template(path = "workforce/regional.html")]
struct ListPage {
    layout: Layout,
    v: WorkforceSharingView,
}

pub async fn list(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let v = svc::overview(&state.db, &user.ctx(&state)).await?;
    let layout = Layout::for_user(&state, &user, TITLE, nav(&user)).await;
    Ok(render(StatusCode::OK, &ListPage { layout, v }))
}

/// The menu entry the pages sit under: Workforce for those who see it, Sharing for the analyst.
fn nav(user: &PageUser) -> &'static str {
    if super::can(&user.session.actor, Action::ViewWorkforce) { "/workforce" } else { "/sharing" }
}

fn extract_fields(f: Option<&FormData>, years: &[i32]) -> Vec<Field> {
    let years: Vec<(String, String)> = years.iter().map(|y| (y.to_string(), format!("30 September {y}"))).collect();
    let year = f.map_or_else(|| years.first().map(|y| y.0.clone()).unwrap_or_default(), |f| f.get("year").to_owned());
    vec![
        Field::Paragraph(
            "The extract holds one row for each social worker in the workforce census on 30 September: permanent staff \
             in post, those who left in the year before, and agency workers in post. Each row gives the role, hours, \
             start and leaving dates, why they left, cases held, days lost to sickness, absence on the day, how they \
             qualified and whether they are in their first or second year after qualifying. Each worker is named only \
             by a code made from their Social Work England number with the region's key, so a worker who moves between \
             councils in the region keeps the same code and nobody can turn the code back into the number. Dates of \
             birth become the first of the month. Names and every other identifier are left out."
                .into(),
        ),
        Field::Radios("purpose", "What is it for?", options(&Purpose::WORKFORCE, |p| p.code(), |p| p.label()), get(f, "purpose")),
        Field::Text(
            "agreement",
            "The data sharing agreement that allows it",
            get(f, "agreement"),
            "Its reference, for example DSA-NW-2026-07",
        ),
        date_field("delete_by", "When must the region delete it by?", f, None),
        Field::Paragraph("At most 7 years ahead for workforce planning, 12 for pan-regional analysis.".into()),
        Field::Select("year", "Which census?", years, year),
    ]
}

async fn draw_new(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Result<Response, PageError> {
    let v = svc::overview(&state.db, &user.ctx(state)).await?;
    let at = ("Make a workforce extract for the region", format!("{HOME}/new"));
    Ok(super::form_response(state, user, nav(user), (TITLE.into(), HOME.into()), at, extract_fields(f, &v.years), errors).await)
}

pub async fn new_form(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    user.ctx(&state).authorise(Action::ShareWorkforceWithRegion)?;
    draw_new(&state, &user, None, vec![]).await
}

pub async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ShareWorkforceWithRegion)?;
    let mut errors = ff_domain::ValidationErrors::new();
    let delete_by = form.required_date("delete_by", "The date the region must delete it by", &mut errors);
    // Not a year: 0, which the service refuses with the years it takes.
    let year = match form.get("year").trim() {
        "" => None,
        y => Some(y.parse::<i32>().unwrap_or(0)),
    };
    let input = WorkforceExtractInput {
        purpose: form.get("purpose").into(),
        agreement: form.get("agreement").into(),
        delete_by: delete_by.unwrap_or_else(|| unreadable_date(&ctx)),
        year,
    };
    let result = svc::create_extract(&state.db, &ctx, &input).await;
    let id = result.as_ref().ok().copied();
    match one_round(result.map(|_| ()), errors) {
        Ok(()) => Ok(Redirect::to(&format!("{HOME}/{}", id.unwrap_or_default())).into_response()),
        Err(e) => {
            let errors = errors_of(e, "purpose")?;
            draw_new(&state, &user, Some(&form), errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "workforce/regional_extract.html")]
struct ExtractPage {
    layout: Layout,
    e: WorkforceExtractView,
}

pub async fn show(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Result<Response, PageError> {
    let e = svc::extract(&state.db, &user.ctx(&state), id).await?;
    let layout = Layout::for_user(&state, &user, "A workforce extract for the region", nav(&user)).await;
    Ok(render(StatusCode::OK, &ExtractPage { layout, e }))
}

/// The extract's file as shared, as CSV (the address ends `workers.csv`).
pub async fn download(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, file)): Path<(Uuid, String)>,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ShareWorkforceWithRegion)?;
    if file != format!("{}.csv", svc::TABLE) {
        return Err(ff_service::ServiceError::NotFound("table").into());
    }
    let (name, body) = svc::download(&state.db, &ctx, id).await?;
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body).into_response())
}

async fn draw_key(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Result<Response, PageError> {
    let held = svc::region_key(&state.db, &user.ctx(state)).await?;
    let now = match &held {
        Some(k) => format!(
            "The council holds version {} of the region's key, loaded on {}. Its check value is {}: the region publishes the \
             same check value with the key, so compare them to be sure the right key was loaded.",
            k.version,
            k.loaded_at.format("%-d %B %Y"),
            k.check
        ),
        None => "The council holds no key from the region yet, so it cannot share its workforce with the region.".to_owned(),
    };
    let fields = vec![
        Field::Paragraph(now),
        Field::Paragraph(
            "The regional care co-operative gives every member council the same key, so a social worker who moves \
             between councils keeps the same code in the region's workforce figures. Enter it here when the region \
             issues it, and again when it issues a new version. Once saved, the key is never shown again."
                .into(),
        ),
        // Never refilled with what was typed: the key is not sent back to the browser.
        Field::Text("key", "The region's key", String::new(), "64 characters, the digits 0 to 9 and the letters a to f"),
        Field::Text(
            "version",
            "The key's version",
            get(f, "version"),
            "The number the region gave this key; higher than the version the council holds",
        ),
    ];
    let at = ("The region's key for the workforce", "/sharing/region-key".to_owned());
    Ok(super::form_response(state, user, "/settings", ("Council settings".into(), "/settings".into()), at, fields, errors).await)
}

pub async fn key_form(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    draw_key(&state, &user, None, vec![]).await
}

pub async fn load_key(State(state): State<AppState>, user: PageUser, form: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::EditSettings)?;
    let version = form.get("version").trim().parse::<i32>().unwrap_or(0);
    let input = RegionKeyInput { key: form.get("key").into(), version };
    match svc::load_region_key(&state.db, &ctx, &input).await {
        Ok(_) => Ok(Redirect::to("/sharing/region-key").into_response()),
        Err(e) => {
            let errors = errors_of(e, "key")?;
            draw_key(&state, &user, Some(&form), errors).await
        }
    }
}
