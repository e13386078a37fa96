//! Sharing with the regional care co-operative on pages (RCC-SHARE-1,
//! RCC-SHARE-4): the analyst's extracts with their tags, a new extract, its tables exactly as
//! shared; the administrator's key rotation. The API (`api::sharing`) calls the same services.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ff_domain::FieldError;
use ff_domain::policy::Action;
use ff_domain::sharing::Purpose;
use ff_service::sharing::{self as svc, ExtractInput, ExtractView, SharingView};
use uuid::Uuid;

use super::fields::{date_field, errors_of, one_round, unreadable_date};
use super::{Field, Layout, get, options, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

#[derive(Template)]
#[template(path = "sharing/list.html")]
struct ListPage {
    layout: Layout,
    v: SharingView,
}

pub async fn list(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let v = svc::overview(&state.db, &user.ctx(&state)).await?;
    let layout = Layout::for_user(&state, &user, "Sharing with the region", "/sharing").await;
    Ok(render(StatusCode::OK, &ListPage { layout, v }))
}

fn extract_fields(f: Option<&FormData>) -> Vec<Field> {
    let years =
        (1..=5).rev().map(|n| (n.to_string(), if n == 1 { "This year only".to_owned() } else { format!("The last {n} years") })).collect();
    vec![
        Field::Paragraph(
            "An extract is what the council sends its regional care co-operative: download its tables and send them as \
             the data sharing agreement says. It holds the SSDA903 tables the regional demand model and sufficiency work read: children, episodes of \
             care, unaccompanied asylum-seeking children, outcomes and missing episodes. Each child is named only by a code \
             the council alone can trace back; dates of birth become the first of the month; postcodes become their sector; \
             names, pupil numbers and mothers' details are left out."
                .into(),
        ),
        Field::Radios("purpose", "What is it for?", options(Purpose::ALL, |p| p.code(), |p| p.label()), get(f, "purpose")),
        Field::Text(
            "agreement",
            "The data sharing agreement that allows it",
            get(f, "agreement"),
            "Its reference, for example DSA-NW-2026-04",
        ),
        date_field("delete_by", "When must the region delete it by?", f, None),
        Field::Paragraph("At most 7 years ahead for sufficiency and forecasting, 12 for pan-regional analysis.".into()),
        Field::Select("years", "Which years?", years, f.map_or_else(|| "5".to_owned(), |f| f.get("years").to_owned())),
        // RCC-SHARE-2: the monthly placement snapshot, pseudonymised like the rest (RCC-SHARE-4).
        Field::Section("Placements on one day".into()),
        Field::Paragraph(
            "The monthly placement snapshot lists every child in care on one day: their age, placement, provider, weekly \
             cost and how the placement was found, with the same codes for children as the tables above. It says whether \
             a placement is in the council's area and how far away it is, never the postcode."
                .into(),
        ),
        Field::Checkbox("placements", "Include the placement snapshot", f.is_some_and(|f| f.checked("placements"))),
        date_field("placements_on", "Which day? Leave blank for the last day of last month", f, None),
    ]
}

async fn draw_new(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Response {
    let at = ("Make an extract for the region", "/sharing/new".to_owned());
    super::form_response(state, user, "/sharing", ("Sharing with the region".into(), "/sharing".into()), at, extract_fields(f), errors)
        .await
}

pub async fn new_form(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    user.ctx(&state).authorise(Action::ShareWithRegion)?;
    Ok(draw_new(&state, &user, None, vec![]).await)
}

pub async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let mut errors = ff_domain::ValidationErrors::new();
    let delete_by = form.required_date("delete_by", "The date the region must delete it by", &mut errors);
    let input = ExtractInput {
        purpose: form.get("purpose").into(),
        agreement: form.get("agreement").into(),
        delete_by: delete_by.unwrap_or_else(|| unreadable_date(&ctx)),
        years: form.get("years").parse().ok(),
        placements: form.checked("placements"),
        placements_on: form.optional_date("placements_on", "The day of the placement snapshot", &mut errors),
    };
    let result = svc::create_extract(&state.db, &ctx, &input).await;
    let id = result.as_ref().ok().copied();
    match one_round(result.map(|_| ()), errors) {
        Ok(()) => Ok(Redirect::to(&format!("/sharing/{}", id.unwrap_or_default())).into_response()),
        Err(e) => {
            let errors = errors_of(e, "purpose")?;
            Ok(draw_new(&state, &user, Some(&form), errors).await)
        }
    }
}

#[derive(Template)]
#[template(path = "sharing/extract.html")]
struct ExtractPage {
    layout: Layout,
    e: ExtractView,
}

pub async fn show(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Result<Response, PageError> {
    let e = svc::extract(&state.db, &user.ctx(&state), id).await?;
    let layout = Layout::for_user(&state, &user, "An extract for the region", "/sharing").await;
    Ok(render(StatusCode::OK, &ExtractPage { layout, e }))
}

/// One table as shared, as a CSV file (the address ends `.csv`).
pub async fn download(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, file)): Path<(Uuid, String)>,
) -> Result<Response, PageError> {
    let table = file.trim_end_matches(".csv");
    let (name, body) = svc::download(&state.db, &user.ctx(&state), id, table).await?;
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body).into_response())
}

async fn draw_key(state: &AppState, user: &PageUser, errors: Vec<FieldError>) -> Result<Response, PageError> {
    let version = svc::key_version(&state.db, &user.ctx(state)).await?;
    let now = match version {
        Some(v) => format!("The council's extracts for the region are pseudonymised with key version {v}."),
        None => "No key yet: the first extract for the region makes one.".to_owned(),
    };
    let mut fields = vec![
        Field::Paragraph(now),
        Field::Paragraph(
            "A new key gives every child a new code in later extracts, so the region can no longer link them to earlier \
             ones. Earlier extracts keep the key they were made with. Rotate it when the data sharing agreement says so, \
             or if the key may have been seen by anyone outside the council."
                .into(),
        ),
    ];
    fields.push(Field::Checkbox("confirm", "I understand that later extracts will give every child a new code", false));
    let at = ("Rotate the pseudonymisation key", "/sharing/key".to_owned());
    Ok(super::form_response(state, user, "/settings", ("Council settings".into(), "/settings".into()), at, fields, errors).await)
}

pub async fn key_form(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    draw_key(&state, &user, vec![]).await
}

pub async fn rotate(State(state): State<AppState>, user: PageUser, form: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::EditSettings)?;
    if form.get("confirm") != "yes" {
        let e = FieldError { field: "confirm".into(), message: "Tick the box to confirm: a new key cannot be undone".into() };
        return draw_key(&state, &user, vec![e]).await;
    }
    match svc::rotate_key(&state.db, &ctx).await {
        Ok(_) => Ok(Redirect::to("/sharing/key").into_response()),
        Err(e) => {
            let errors = errors_of(e, "key")?;
            draw_key(&state, &user, errors).await
        }
    }
}
