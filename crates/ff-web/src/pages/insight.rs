//! Performance pages (issue 6): the live dashboard with charts drawn on the server, a data table
//! under each chart, and the same figures as CSV.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ff_service::insight::{self, Dashboard, Figure, Period};

use super::{Chart, Layout, chart, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;

#[derive(Template)]
#[template(path = "insight/dashboard.html")]
struct DashboardPage {
    layout: Layout,
    d: Dashboard,
    journey: Chart,
    categories: Chart,
    csv_link: String,
    sections: Vec<(&'static str, Vec<Figure>)>,
}

fn counts(figures: &[Figure], keys: &[&str]) -> Vec<(String, f64, bool)> {
    keys.iter().filter_map(|k| figures.iter().find(|f| f.key == *k)).map(|f| (f.label.clone(), f.value, false)).collect()
}

pub async fn dashboard(State(state): State<AppState>, user: PageUser, Query(period): Query<Period>) -> Result<Response, PageError> {
    let d = insight::dashboard(&state.db, &user.ctx(&state), &period).await?;
    let mut journey = counts(&d.referrals, &["referrals", "assessments_completed"]);
    journey.extend(counts(&d.child_protection, &["s47_started", "initial_conferences", "plans_started"]));
    let journey = chart(&journey, None);
    let categories = chart(&d.categories.iter().map(|f| (f.label.clone(), f.value, false)).collect::<Vec<_>>(), None);
    let csv_link = format!("/performance.csv?from={}&to={}", d.from, d.to);
    let layout = Layout::for_user(&state, &user, "Performance", "/performance").await;
    let sections = vec![("Referrals and assessments", d.referrals.clone()), ("Child protection", d.child_protection.clone())];
    Ok(render(StatusCode::OK, &DashboardPage { layout, d, journey, categories, csv_link, sections }))
}

pub async fn dashboard_csv(State(state): State<AppState>, user: PageUser, Query(period): Query<Period>) -> Result<Response, PageError> {
    let d = insight::dashboard(&state.db, &user.ctx(&state), &period).await?;
    let name = format!("attachment; filename=\"performance-{}-{}.csv\"", d.from, d.to);
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name)], insight::to_csv(&d))
        .into_response())
}
