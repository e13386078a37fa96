//! Statutory returns pages: download the council's CIN census built from
//! the records, and validate any CIN census file. A large file is checked in the background; its
//! page shows how much has been read and refreshes itself (no JavaScript needed) until the issues,
//! grouped by rule, are ready.

pub mod ssda903;

use std::collections::BTreeMap;
use std::io::Write;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ff_domain::policy::Action;
use ff_returns::cin::{Report, ValidateOptions};
use ff_service::ServiceError;
use serde::Deserialize;
use uuid::Uuid;

use super::{Layout, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use std::sync::Arc;

use crate::jobs::{Counting, Finished, JobLimits, JobState, RuleGroup};

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
    let limits = state.jobs.limits();
    // Refuse before the file is stored when no job could start for it.
    if let Some(busy) = state.jobs.busy(ctx.actor.user_id) {
        return refused(&state, &user, StatusCode::TOO_MANY_REQUESTS, busy.message().to_owned()).await;
    }
    let Ok(mut form) = <Multipart as axum::extract::FromRequest<()>>::from_request(req, &()).await else {
        return index_page(&state, &user, Some("Choose a CIN census XML file to check".into())).await;
    };
    let id = ctx.new_id();
    let path = std::env::temp_dir().join(format!("ff-cin-{id}.xml"));
    let mut total = 0u64;
    let mut got_file = false;
    let mut error: Option<(StatusCode, String)> = None;
    let bad = |msg: &str| Some((StatusCode::UNPROCESSABLE_ENTITY, msg.to_owned()));
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                error = Some(too_large(limits));
                break;
            }
            Err(_) => {
                error = bad("The upload was interrupted. Try again.");
                break;
            }
        };
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
                    if total > limits.max_upload_bytes {
                        error = Some(too_large(limits));
                        break;
                    }
                    if file.write_all(&bytes).is_err() {
                        error = bad("The file could not be stored for checking. Try again.");
                        break;
                    }
                }
                Ok(None) => break,
                // The body limit (the configured size plus the form around the file) was reached.
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    error = Some(too_large(limits));
                    break;
                }
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
    if let Some((status, e)) = error {
        let _ = std::fs::remove_file(&path);
        return refused(&state, &user, status, e).await;
    }
    let job = match state.jobs.start(id, ctx.actor.user_id, ctx.la(), ctx.now, total) {
        Ok(job) => job,
        Err(busy) => {
            let _ = std::fs::remove_file(&path);
            return refused(&state, &user, StatusCode::TOO_MANY_REQUESTS, busy.message().to_owned()).await;
        }
    };
    ff_service::returns::record_validation(&state.db, &ctx, total).await?;
    tokio::task::spawn_blocking(move || {
        let outcome = check_file(&ctx, &path, &job, limits);
        let _ = std::fs::remove_file(&path);
        job.finish(outcome);
    });
    Ok(Redirect::to(&format!("/returns/jobs/{id}")).into_response())
}

async fn refused(state: &AppState, user: &PageUser, status: StatusCode, message: String) -> Result<Response, PageError> {
    let mut page = index_page(state, user, Some(message)).await?;
    *page.status_mut() = status;
    Ok(page)
}

fn too_large(limits: JobLimits) -> (StatusCode, String) {
    (StatusCode::PAYLOAD_TOO_LARGE, format!("The file is larger than {}, the most this service accepts", size(limits.max_upload_bytes)))
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 30 && bytes.is_multiple_of(1 << 30) {
        format!("{} GB", bytes >> 30)
    } else {
        format!("{} MB", bytes.div_ceil(1 << 20))
    }
}

/// Children listed per rule on the page (and example issues kept in memory per rule).
const SHOWN: usize = 20;

/// Checks the stored upload: a few examples per rule stay in memory, every issue goes to a CSV
/// file beside it (up to the limit).
fn check_file(
    ctx: &ff_service::Ctx,
    path: &std::path::Path,
    job: &std::sync::Arc<crate::jobs::Job>,
    limits: JobLimits,
) -> Result<Finished, String> {
    let input = std::fs::File::open(path).map_err(|e| format!("the uploaded file could not be read: {e}"))?;
    let list_path = path.with_extension("issues.csv");
    let list = std::fs::File::create(&list_path).map_err(|e| format!("the list of issues could not be stored: {e}"))?;
    let mut list = std::io::BufWriter::new(list);
    let mut listed = 0u64;
    let mut cut_short = false;
    let mut write_failed = false;
    write_failed |= list.write_all(ff_returns::cin::CSV_HEADER.as_bytes()).is_err();
    let reader = std::io::BufReader::with_capacity(1 << 20, Counting { inner: input, job: job.clone() });
    let opts = ValidateOptions { keep_per_rule: Some(SHOWN), ..ValidateOptions::default() };
    let result = ff_service::returns::validate_census_into(ctx, reader, &opts, &mut |issue| {
        if listed >= limits.max_listed_issues {
            cut_short = true;
        } else if !write_failed {
            write_failed |= list.write_all(ff_returns::cin::csv_line(issue).as_bytes()).is_err();
            listed += 1;
        }
    });
    write_failed |= list.flush().is_err();
    drop(list);
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_file(&list_path);
            return Err(e.to_string());
        }
    };
    let issues_file = if write_failed {
        let _ = std::fs::remove_file(&list_path);
        None
    } else {
        Some(list_path)
    };
    let groups = group(&report);
    Ok(Finished { report, groups, issues_file, listed, list_cut_short: cut_short })
}

#[derive(Template)]
#[template(path = "returns/job.html")]
struct JobPage {
    layout: Layout,
    job_id: Uuid,
    running: bool,
    percent: u64,
    failed: Option<String>,
    finished: Option<Arc<Finished>>,
    /// This page's rule groups: (rule, error, message, count, children).
    groups: Vec<ShownGroup>,
    errors: u64,
    queries: u64,
    pagination: Option<Pagination>,
}

pub struct ShownGroup {
    pub rule: String,
    pub error: bool,
    pub message: String,
    pub count: u64,
    pub children: Vec<(String, Option<Uuid>)>,
    pub more: u64,
}

pub struct Pagination {
    pub page: usize,
    pub pages: usize,
}

/// Rule groups per page.
const GROUPS_PER_PAGE: usize = 25;

fn group(report: &Report) -> Vec<RuleGroup> {
    let mut map: BTreeMap<&str, RuleGroup> = BTreeMap::new();
    for (rule, t) in &report.tally {
        map.insert(
            rule,
            RuleGroup { rule: (*rule).to_owned(), error: t.blocks(), message: String::new(), count: t.count, children: vec![] },
        );
    }
    for i in &report.issues {
        let Some(g) = map.get_mut(i.rule) else { continue };
        if g.message.is_empty() {
            g.message = i.message.clone();
        }
        if let Some(c) = &i.child_id
            && g.children.len() < SHOWN
            && !g.children.iter().any(|(x, _)| x == c)
        {
            g.children.push((c.clone(), None));
        }
    }
    let mut v: Vec<RuleGroup> = map.into_values().collect();
    v.sort_by_key(|g| (!g.error, std::cmp::Reverse(g.count)));
    v
}

#[derive(Deserialize)]
pub struct PageParam {
    page: Option<String>,
}

pub async fn job(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<PageParam>,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ViewPerformance)?;
    let job = state.jobs.get(id, ctx.actor.user_id, ctx.la()).ok_or(PageError(ServiceError::NotFound("validation")))?;
    let layout = Layout::for_user(&state, &user, "Checking a CIN census file", "/returns").await;
    let (running, failed, finished) = match &*job.state.lock().unwrap_or_else(|e| e.into_inner()) {
        JobState::Running => (true, None, None),
        JobState::Failed(e) => (false, Some(e.clone()), None),
        JobState::Done(f) => (false, None, Some(f.clone())),
    };
    let mut groups = Vec::new();
    let mut pagination = None;
    if let Some(f) = &finished {
        let pages = f.groups.len().div_ceil(GROUPS_PER_PAGE).max(1);
        let page = match q.page.as_deref().map(str::trim) {
            None | Some("") => 1,
            Some(p) => match p.parse::<usize>() {
                Ok(n) if (1..=pages).contains(&n) => n,
                _ => return Err(PageError(ServiceError::NotFound("page of results"))),
            },
        };
        if pages > 1 {
            pagination = Some(Pagination { page, pages });
        }
        let shown = f.groups.iter().skip((page - 1) * GROUPS_PER_PAGE).take(GROUPS_PER_PAGE);
        // Link LAchildIDs to this council's children where the file came from our own export.
        let ids: Vec<String> = f
            .groups
            .iter()
            .skip((page - 1) * GROUPS_PER_PAGE)
            .take(GROUPS_PER_PAGE)
            .flat_map(|g| g.children.iter().map(|(c, _)| c.clone()))
            .collect();
        let local = ff_service::returns::local_children(&state.db, &ctx, &ids, 400).await?;
        for g in shown {
            let children: Vec<(String, Option<Uuid>)> =
                g.children.iter().map(|(c, _)| (c.clone(), local.iter().find(|(l, _)| l == c).map(|(_, p)| *p))).collect();
            let more = g.count.saturating_sub(children.len() as u64);
            groups.push(ShownGroup { rule: g.rule.clone(), error: g.error, message: g.message.clone(), count: g.count, children, more });
        }
    }
    // Structural problems (an empty, truncated or non-census file) count as errors too.
    let errors = finished.as_ref().map(|f| f.report.error_count()).unwrap_or(0);
    let queries = finished.as_ref().map(|f| f.report.query_count()).unwrap_or(0);
    Ok(render(
        StatusCode::OK,
        &JobPage { layout, job_id: id, running, percent: job.percent(), failed, finished, groups, errors, queries, pagination },
    ))
}

/// Every issue the check found, as CSV, streamed from the file on disk.
pub async fn job_issues(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ViewPerformance)?;
    let job = state.jobs.get(id, ctx.actor.user_id, ctx.la()).ok_or(PageError(ServiceError::NotFound("validation")))?;
    let finished = match &*job.state.lock().unwrap_or_else(|e| e.into_inner()) {
        JobState::Done(f) => f.clone(),
        _ => return Err(PageError(ServiceError::NotFound("list of issues"))),
    };
    let Some(path) = finished.issues_file.clone() else { return Err(PageError(ServiceError::NotFound("list of issues"))) };
    let file = tokio::fs::File::open(&path).await.map_err(|_| PageError(ServiceError::NotFound("list of issues")))?;
    // The stream holds the summary (and so the file) until the download ends.
    let stream = futures_util::stream::unfold((Some(file), finished), |(file, keep)| async move {
        use tokio::io::AsyncReadExt;
        let mut file = file?;
        let mut buf = vec![0u8; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(buf), (Some(file), keep)))
            }
            // The download breaks off; nothing more is read.
            Err(e) => Some((Err(e), (None, keep))),
        }
    });
    let name = format!("attachment; filename=\"cin-census-issues-{id}.csv\"");
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name)],
        axum::body::Body::from_stream(stream),
    )
        .into_response())
}

/// How far a job has got, for the page's script: `{"percent": 0-100, "done": bool}`.
pub async fn job_progress(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ViewPerformance)?;
    let job = state.jobs.get(id, ctx.actor.user_id, ctx.la()).ok_or(PageError(ServiceError::NotFound("validation")))?;
    let done = !matches!(*job.state.lock().unwrap_or_else(|e| e.into_inner()), JobState::Running);
    Ok(axum::Json(serde_json::json!({ "percent": job.percent(), "done": done })).into_response())
}
