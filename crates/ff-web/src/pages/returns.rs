//! Statutory returns pages (issue 6 items 1 and 3): download the council's CIN census built from
//! the records, and validate any CIN census file. A large file is checked in the background; its
//! page shows how much has been read and refreshes itself (no JavaScript needed) until the issues,
//! grouped by rule, are ready.

use std::collections::BTreeMap;
use std::io::Write;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ff_domain::policy::Action;
use ff_returns::cin::{Report, Severity, ValidateOptions};
use ff_service::ServiceError;
use serde::Deserialize;
use uuid::Uuid;

use super::{Layout, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::jobs::{Counting, JobState};

#[derive(Template)]
#[template(path = "returns/index.html")]
struct IndexPage {
    layout: Layout,
    upload_action: String,
    year: i32,
    error: Option<String>,
}

async fn index_page(state: &AppState, user: &PageUser, error: Option<String>) -> Result<Response, PageError> {
    let ctx = user.ctx(state);
    ctx.authorise(Action::ViewPerformance)?;
    let layout = Layout::for_user(state, user, "Statutory returns", "/returns").await;
    let upload_action = format!("/returns/validate?csrf_token={}", user.csrf());
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    // The latest census year with the council's child-in-need work in it.
    let year = ff_service::returns::latest_year_with_data(&state.db, &ctx).await?;
    Ok(render(status, &IndexPage { layout, upload_action, year, error }))
}

pub async fn index(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    index_page(&state, &user, None).await
}

#[derive(Deserialize)]
pub struct YearParam {
    year: Option<String>,
}

/// The council's CIN census for a year, built from the records, as an XML download.
pub async fn cin_export(State(state): State<AppState>, user: PageUser, Query(q): Query<YearParam>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ViewPerformance)?;
    let Some(year) = q.year.as_deref().and_then(|y| y.trim().parse::<i32>().ok()) else {
        return index_page(&state, &user, Some("Enter the census year as four digits, for example 2025 for 2024 to 2025".into())).await;
    };
    let mut out = Vec::new();
    match ff_service::returns::cin_census(&state.db, &ctx, year, &mut out).await {
        Ok(_) => {}
        Err(ServiceError::Validation(v)) => {
            return index_page(&state, &user, Some(v.0.into_iter().map(|e| e.message).collect::<Vec<_>>().join(". "))).await;
        }
        Err(e) => return Err(e.into()),
    }
    let name = format!("attachment; filename=\"cin-census-{}-{year}.xml\"", ctx.la());
    Ok(([(header::CONTENT_TYPE, "application/xml".to_owned()), (header::CONTENT_DISPOSITION, name)], out).into_response())
}

/// Receive a census file (streamed to a temporary file), start checking it, show its progress.
pub async fn validate_upload(State(state): State<AppState>, user: PageUser, req: axum::extract::Request) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    // Authorise before reading anything of the upload.
    ctx.authorise(Action::ViewPerformance)?;
    let Ok(mut form) = <Multipart as axum::extract::FromRequest<()>>::from_request(req, &()).await else {
        return index_page(&state, &user, Some("Choose a CIN census XML file to check".into())).await;
    };
    let path = std::env::temp_dir().join(format!("ff-cin-{}.xml", Uuid::now_v7()));
    let mut total = 0u64;
    let mut got_file = false;
    let bad = |msg: &str| Some(msg.to_owned());
    let mut error = None;
    while let Ok(Some(mut field)) = form.next_field().await {
        if field.name() != Some("file") {
            continue;
        }
        let mut file = match std::fs::File::create(&path) {
            Ok(f) => std::io::BufWriter::new(f),
            Err(e) => return Err(ServiceError::Internal(format!("temporary file: {e}")).into()),
        };
        loop {
            match field.chunk().await {
                Ok(Some(bytes)) => {
                    total += bytes.len() as u64;
                    if file.write_all(&bytes).is_err() {
                        error = bad("The file could not be stored for checking. Try again.");
                        break;
                    }
                }
                Ok(None) => break,
                Err(_) => {
                    error = bad("The upload was interrupted. Try again.");
                    break;
                }
            }
        }
        let _ = file.flush();
        got_file = total > 0;
        break;
    }
    if error.is_none() && !got_file {
        error = bad("Choose a CIN census XML file to check");
    }
    if let Some(e) = error {
        let _ = std::fs::remove_file(&path);
        return index_page(&state, &user, Some(e)).await;
    }
    ff_service::returns::record_validation(&state.db, &ctx, total).await?;
    let job = state.jobs.start(ctx.actor.user_id, ctx.la(), ctx.now, total);
    let id = job.id;
    tokio::task::spawn_blocking(move || {
        let result = std::fs::File::open(&path).map_err(|e| format!("the uploaded file could not be read: {e}")).and_then(|f| {
            let reader = std::io::BufReader::with_capacity(1 << 20, Counting { inner: f, job: job.clone() });
            ff_service::returns::validate_census(&ctx, reader, &ValidateOptions::default()).map_err(|e| e.to_string())
        });
        let _ = std::fs::remove_file(&path);
        let mut state = job.state.lock().unwrap_or_else(|e| e.into_inner());
        *state = match result {
            Ok(report) => JobState::Done(Box::new(report)),
            Err(e) => JobState::Failed(e),
        };
    });
    Ok(Redirect::to(&format!("/returns/jobs/{id}")).into_response())
}

/// Issues with one rule code, for the grouped view.
pub struct RuleGroup {
    pub rule: String,
    pub error: bool,
    pub message: String,
    pub count: usize,
    /// (LAchildID, local person id if any), the first few.
    pub children: Vec<(String, Option<Uuid>)>,
    pub more: usize,
}

#[derive(Template)]
#[template(path = "returns/job.html")]
struct JobPage {
    layout: Layout,
    job_id: Uuid,
    running: bool,
    percent: u64,
    failed: Option<String>,
    report: Option<Box<Report>>,
    groups: Vec<RuleGroup>,
    errors: usize,
    queries: usize,
}

/// Children listed per rule on the page.
const SHOWN: usize = 20;

fn group(report: &Report) -> Vec<RuleGroup> {
    let mut map: BTreeMap<&str, RuleGroup> = BTreeMap::new();
    for i in &report.issues {
        let g = map.entry(i.rule).or_insert_with(|| RuleGroup {
            rule: i.rule.to_owned(),
            error: i.severity == Severity::Error,
            message: i.message.clone(),
            count: 0,
            children: vec![],
            more: 0,
        });
        g.count += 1;
        match &i.child_id {
            Some(c) if g.children.len() < SHOWN && !g.children.iter().any(|(x, _)| x == c) => g.children.push((c.clone(), None)),
            Some(_) => g.more += 1,
            None => {}
        }
    }
    let mut v: Vec<RuleGroup> = map.into_values().collect();
    v.sort_by_key(|g| (!g.error, std::cmp::Reverse(g.count)));
    v
}

pub async fn job(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ViewPerformance)?;
    let job = state.jobs.get(id, ctx.actor.user_id, ctx.la()).ok_or(PageError(ServiceError::NotFound("validation")))?;
    let layout = Layout::for_user(&state, &user, "Checking a CIN census file", "/returns").await;
    let (running, failed, report) = match &*job.state.lock().unwrap_or_else(|e| e.into_inner()) {
        JobState::Running => (true, None, None),
        JobState::Failed(e) => (false, Some(e.clone()), None),
        JobState::Done(r) => (false, None, Some(r.clone())),
    };
    let mut groups = report.as_ref().map(|r| group(r)).unwrap_or_default();
    // Link LAchildIDs to this council's children where the file came from our own export.
    let ids: Vec<String> = groups.iter().flat_map(|g| g.children.iter().map(|(c, _)| c.clone())).collect();
    let local = ff_service::returns::local_children(&state.db, &ctx, &ids, 400).await?;
    for g in &mut groups {
        for (c, person) in &mut g.children {
            *person = local.iter().find(|(l, _)| l == c).map(|(_, p)| *p);
        }
    }
    // Structural problems (an empty, truncated or non-census file) count as errors too.
    let errors = report.as_ref().map(|r| r.error_count()).unwrap_or(0);
    let queries = report.as_ref().map(|r| r.queries().count()).unwrap_or(0);
    Ok(render(StatusCode::OK, &JobPage { layout, job_id: id, running, percent: job.percent(), failed, report, groups, errors, queries }))
}

/// How far a job has got, for the page's script: `{"percent": 0-100, "done": bool}`.
pub async fn job_progress(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ViewPerformance)?;
    let job = state.jobs.get(id, ctx.actor.user_id, ctx.la()).ok_or(PageError(ServiceError::NotFound("validation")))?;
    let done = !matches!(*job.state.lock().unwrap_or_else(|e| e.into_inner()), JobState::Running);
    Ok(axum::Json(serde_json::json!({ "percent": job.percent(), "done": done })).into_response())
}
