//! Performance pages: the live dashboard with charts drawn on the server, a data table
//! under each chart, and the same figures as CSV.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ff_service::ServiceError;
use ff_service::insight::{self, Dashboard, Figure, Period};

use super::{Chart, Layout, chart, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;

#[derive(Template)]
#[template(path = "insight/dashboard.html")]
struct DashboardPage {
    layout: Layout,
    errors: Vec<ff_domain::FieldError>,
    from_error: Option<String>,
    to_error: Option<String>,
    d: Dashboard,
    journey: Chart,
    categories: Chart,
    csv_link: String,
    sections: Vec<(&'static str, Vec<Figure>)>,
    /// When the figures were counted, in London time: "10:04 on 4 December 2026".
    computed: String,
}

fn counts(figures: &[Figure], keys: &[&str]) -> Vec<(String, f64, bool)> {
    keys.iter().filter_map(|k| figures.iter().find(|f| f.key == *k)).map(|f| (f.label.clone(), f.value, false)).collect()
}

/// The period asked for: GOV.UK date inputs (`from_day`, `from_month`, `from_year`…) from the
/// page's form, or ISO dates (`from=2026-04-01`) from links and the CSV. A date that is there but
/// wrong is an error on the page, and the default period is shown meanwhile.
pub(crate) fn period_from(q: &HashMap<String, String>, errors: &mut ff_domain::ValidationErrors) -> Period {
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    let mut date = |name: &str, what: &str| {
        let parsed = ff_domain::people::parse_date_parts(
            get(&format!("{name}_day")),
            get(&format!("{name}_month")),
            get(&format!("{name}_year")),
            what,
        )
        .or_else(|| (!get(name).trim().is_empty()).then(|| ff_domain::people::parse_iso_date(get(name), what)));
        match parsed {
            Some(Ok(d)) => Some(d),
            Some(Err(m)) => {
                errors.add(name, m);
                None
            }
            None => None,
        }
    };
    let from = date("from", "The start of the period");
    let to = date("to", "The end of the period");
    Period { from, to }
}

pub async fn dashboard(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let mut form_errors = ff_domain::ValidationErrors::new();
    let period = period_from(&q, &mut form_errors);
    let ctx = user.ctx(&state);
    // The period's own rules (start before end, at most five years) are the service's; a period
    // the form or the service refuses is shown as errors on the form, with the default period.
    let d = match insight::dashboard(&state.db, &ctx, &period).await {
        Ok(d) if form_errors.is_empty() => d,
        Ok(_) => insight::dashboard(&state.db, &ctx, &Period { from: None, to: None }).await?,
        Err(ServiceError::Validation(v)) => {
            form_errors.0.extend(v.0);
            insight::dashboard(&state.db, &ctx, &Period { from: None, to: None }).await?
        }
        Err(e) => return Err(e.into()),
    };
    let errors: Vec<ff_domain::FieldError> = form_errors.0;
    let field_error = |f: &str| errors.iter().find(|e| e.field == f).map(|e| e.message.clone());
    let (from_error, to_error) = (field_error("from"), field_error("to"));
    let mut journey = counts(&d.referrals, &["referrals", "assessments_completed"]);
    journey.extend(counts(&d.child_protection, &["s47_started", "initial_conferences", "plans_started"]));
    let journey = chart(&journey, None);
    let categories = chart(&d.categories.iter().map(|f| (f.label.clone(), f.value, false)).collect::<Vec<_>>(), None);
    let csv_link = format!("/performance.csv?from={}&to={}", d.from, d.to);
    let layout = Layout::for_user(&state, &user, "Performance", "/performance").await.with_errors(&errors);
    let sections = vec![("Referrals and assessments", d.referrals.clone()), ("Child protection", d.child_protection.clone())];
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let local = d.computed_at.naive_utc() + ff_domain::calendar::london_offset(d.computed_at);
    let computed = local.format("%H:%M on %-d %B %Y").to_string();
    Ok(render(status, &DashboardPage { layout, errors, from_error, to_error, d, journey, categories, csv_link, sections, computed }))
}

pub async fn dashboard_csv(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let mut errors = ff_domain::ValidationErrors::new();
    let period = period_from(&q, &mut errors);
    errors.into_result(()).map_err(|e| PageError(e.into()))?;
    let d = insight::dashboard(&state.db, &user.ctx(&state), &period).await?;
    let name = format!("attachment; filename=\"performance-{}-{}.csv\"", d.from, d.to);
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name)], insight::to_csv(&d))
        .into_response())
}
