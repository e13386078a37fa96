//! The safeguarding partnership's agreed data set (MASA-P-2): every measure as a chart drawn on
//! the server, its figures for the whole partnership, and a table by agency under it, with the
//! same figures as CSV. The period form and its errors are the performance dashboard's.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ff_service::ServiceError;
use ff_service::insight::Period;
use ff_service::partnership::data_set::{self as svc, DataSet, Measure};

use super::insight::period_from;
use super::{Chart, Layout, chart, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;

#[derive(Template)]
#[template(path = "partnership/data_set.html")]
struct DataSetPage {
    layout: Layout,
    errors: Vec<ff_domain::FieldError>,
    from_error: Option<String>,
    to_error: Option<String>,
    d: DataSet,
    /// Each measure with its chart: the table's first column by row, or the totals' counts.
    charts: Vec<(Measure, Chart, String)>,
    csv_link: String,
    /// When the figures were counted, in London time: "10:04 on 4 December 2026".
    computed: String,
}

/// What a measure's chart shows, and its title.
fn measure_chart(m: &Measure) -> (Chart, String) {
    // A team's members are best seen by agency across the teams.
    if m.key == "teams" {
        let agencies = ["social_workers", "police", "health", "education"];
        let bars: Vec<(String, f64, bool)> =
            m.totals.iter().filter(|f| agencies.contains(&f.key.as_str())).map(|f| (f.label.clone(), f.value, false)).collect();
        return (chart(&bars, None), format!("{}: members by agency", m.title));
    }
    match m.columns.first() {
        Some(first) if !m.rows.is_empty() => {
            let bars: Vec<(String, f64, bool)> =
                m.rows.iter().map(|r| (r.label.clone(), r.values.first().map_or(0.0, |v| v.value), false)).collect();
            (chart(&bars, None), format!("{}: {} by {}", m.title, first.label.to_lowercase(), m.row_heading.to_lowercase()))
        }
        _ => {
            let bars: Vec<(String, f64, bool)> =
                m.totals.iter().filter(|f| f.unit.is_empty()).map(|f| (f.label.clone(), f.value, false)).collect();
            (chart(&bars, None), m.title.clone())
        }
    }
}

pub async fn page(State(state): State<AppState>, user: PageUser, Query(q): Query<HashMap<String, String>>) -> Result<Response, PageError> {
    let mut form_errors = ff_domain::ValidationErrors::new();
    let period = period_from(&q, &mut form_errors);
    let ctx = user.ctx(&state);
    // As on the performance dashboard: a period the form or the service refuses is shown as
    // errors on the form (422), with the default period's figures.
    let d = match svc::data_set(&state.db, &ctx, &period).await {
        Ok(d) if form_errors.is_empty() => d,
        Ok(_) => svc::data_set(&state.db, &ctx, &Period { from: None, to: None }).await?,
        Err(ServiceError::Validation(v)) => {
            form_errors.0.extend(v.0);
            svc::data_set(&state.db, &ctx, &Period { from: None, to: None }).await?
        }
        Err(e) => return Err(e.into()),
    };
    let errors: Vec<ff_domain::FieldError> = form_errors.0;
    let field_error = |f: &str| errors.iter().find(|e| e.field == f).map(|e| e.message.clone());
    let (from_error, to_error) = (field_error("from"), field_error("to"));
    let charts = d
        .measures
        .iter()
        .map(|m| {
            let (c, title) = measure_chart(m);
            (m.clone(), c, title)
        })
        .collect();
    let csv_link = format!("/partnership/data-set.csv?from={}&to={}", d.from, d.to);
    let layout = Layout::for_user(&state, &user, "Partnership data set", "/partnership/data-set").await.with_errors(&errors);
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let local = d.computed_at.naive_utc() + ff_domain::calendar::london_offset(d.computed_at);
    let computed = local.format("%H:%M on %-d %B %Y").to_string();
    Ok(render(status, &DataSetPage { layout, errors, from_error, to_error, d, charts, csv_link, computed }))
}

pub async fn csv(State(state): State<AppState>, user: PageUser, Query(q): Query<HashMap<String, String>>) -> Result<Response, PageError> {
    let mut errors = ff_domain::ValidationErrors::new();
    let period = period_from(&q, &mut errors);
    errors.into_result(()).map_err(|e| PageError(e.into()))?;
    let d = svc::data_set(&state.db, &user.ctx(&state), &period).await?;
    let name = format!("attachment; filename=\"partnership-data-set-{}-{}.csv\"", d.from, d.to);
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name)], svc::to_csv(&d))
        .into_response())
}
