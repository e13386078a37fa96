//! The sufficiency page: whether the council has the homes its children in care need on a day
//! (RCC-2, RCC-SHARE-7, RCC-SHARE-8), with charts drawn on the server, a table under each, and
//! the same figures as CSV. The API (`api::sufficiency`) calls the same service.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use ff_service::insight::Figure;
use ff_service::sufficiency::{self as svc, OnDay, SufficiencyView};

use super::workforce::{day_asked, day_boxes};
use super::{Chart, Layout, chart, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;

#[derive(Template)]
#[template(path = "sufficiency/view.html")]
struct SufficiencyPage {
    layout: Layout,
    errors: Vec<FieldError>,
    on_error: Option<String>,
    /// The day's boxes: what was typed when it was refused.
    on_boxes: (String, String, String),
    v: SufficiencyView,
    homes: Chart,
    distance: Chart,
    csv_link: String,
    /// (caption, first column's heading, second column's heading, figures)
    tables: Vec<(&'static str, &'static str, &'static str, Vec<Figure>)>,
}

/// A bar per count; the chart's labels are short enough to sit left of the bars (the table
/// under it gives the full words).
fn bars(figures: &[Figure]) -> Chart {
    let short = |f: &Figure| match f.key.as_str() {
        "family_and_friends" => "Family or friends".to_owned(),
        "council_foster" => "Council's foster carers".to_owned(),
        "agency_foster" => "Agency foster carers".to_owned(),
        "childrens_home" => "Children's homes".to_owned(),
        "secure_home" => "Secure homes".to_owned(),
        "supported" => "Supported (16 and 17)".to_owned(),
        "adoption" => "Placed for adoption".to_owned(),
        "with_parents" => "With parents".to_owned(),
        "other" => "Other".to_owned(),
        _ => f.label.clone(),
    };
    chart(&figures.iter().filter(|f| f.unit.is_empty()).map(|f| (short(f), f.value, false)).collect::<Vec<_>>(), None)
}

/// The picture on the day asked for; a day that cannot be read, or is in the future, is named
/// on the form above today's picture (422).
pub async fn view(State(state): State<AppState>, user: PageUser, Query(q): Query<HashMap<String, String>>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let mut form_errors = ValidationErrors::new();
    let on = day_asked(&q, &mut form_errors);
    let v = match svc::view(&state.db, &ctx, &OnDay { on }).await {
        Ok(v) if form_errors.is_empty() => v,
        Ok(_) => svc::view(&state.db, &ctx, &OnDay::default()).await?,
        Err(ServiceError::Validation(e)) => {
            form_errors.0.extend(e.0);
            svc::view(&state.db, &ctx, &OnDay::default()).await?
        }
        Err(e) => return Err(e.into()),
    };
    let errors: Vec<FieldError> = form_errors.0;
    let on_error = errors.iter().find(|e| e.field == "on").map(|e| e.message.clone());
    let on_boxes = day_boxes(&q, v.on, on_error.is_some());
    let homes = bars(&v.by_home);
    let distance = bars(&v.by_distance);
    let csv_link = format!("/sufficiency.csv?on={}", v.on);
    let tables = vec![
        ("Where the children live", "Kind of home", "Children", v.by_home.clone()),
        ("Who provides the home", "Provider", "Children", v.by_provider.clone()),
        ("Inside or outside the council's area", "Where", "Children", v.by_area.clone()),
        ("How far from home", "Distance", "Children", v.by_distance.clone()),
        ("How stable their homes are", "Measure", "Children or share", v.stability.clone()),
        ("Searches for a home", "Measure", "Searches, days or providers", v.searches.clone()),
        ("Open searches by the kind of home sought", "Kind of home", "Searches", v.searches_by_kind.clone()),
        ("What the placements cost each week", "Measure", "Amount or placements", v.costs.clone()),
        ("The council's own foster places today", "Measure", "Households or places", v.supply.clone()),
    ];
    let layout = Layout::for_user(&state, &user, "Sufficiency", "/sufficiency").await.with_errors(&errors);
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render(status, &SufficiencyPage { layout, errors, on_error, on_boxes, v, homes, distance, csv_link, tables }))
}

/// The picture as CSV; a day that cannot be read is 422.
pub async fn csv(State(state): State<AppState>, user: PageUser, Query(q): Query<HashMap<String, String>>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let mut errors = ValidationErrors::new();
    let on = day_asked(&q, &mut errors);
    errors.into_result(()).map_err(|e| PageError(e.into()))?;
    let v = svc::view(&state.db, &ctx, &OnDay { on }).await?;
    let name = format!("attachment; filename=\"sufficiency-{}-{}.csv\"", ctx.la(), v.on);
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name)], svc::to_csv(&v))
        .into_response())
}
