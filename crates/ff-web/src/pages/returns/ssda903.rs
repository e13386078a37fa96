//! The SSDA903 return on pages: the council's return for a collection
//! year built from the records and checked at once against the DfE rules, with each table as a
//! CSV download and the issues grouped by rule with links to the council's own children; and a
//! form to check any 903 return (CSV files or one XML file, from this system or another).

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ff_domain::policy::Action;
use ff_returns::ssda903::{Report, RulesYear};
use ff_service::ServiceError;
use ff_service::returns::ssda903::Ssda903Summary;
use serde::Deserialize;

use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::pages::{Layout, render};

/// One rule's issues as the page lists them.
pub struct RuleIssues {
    pub rule: String,
    pub message: String,
    pub error: bool,
    pub count: usize,
    /// (CHILD, the local child's id when this council gave it, table and row).
    pub rows: Vec<(String, Option<uuid::Uuid>, String)>,
}

#[derive(Template)]
#[template(path = "returns/ssda903.html")]
struct Ssda903Page {
    layout: Layout,
    year: String,
    years: Vec<String>,
    summary: Option<Ssda903Summary>,
    downloads: Vec<(String, String)>,
    /// The tables not yet recorded, in plain words.
    not_yet: Vec<&'static str>,
    /// What was checked: "the council's return" or the uploaded files.
    checked: Option<String>,
    report_children: usize,
    rules_run: usize,
    rules_skipped: usize,
    errors: usize,
    warnings: usize,
    issues: Vec<RuleIssues>,
    upload_action: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct YearParam {
    year: Option<String>,
}

fn default_year(today: chrono::NaiveDate) -> RulesYear {
    let end = ff_domain::looked_after::outcomes::year_ending(today);
    RulesYear::ALL.into_iter().find(|y| y.collection_end() == end).unwrap_or(RulesYear::Y2026_27)
}

async fn grouped(state: &AppState, user: &PageUser, report: &Report) -> Result<Vec<RuleIssues>, PageError> {
    let ids: Vec<String> = report.issues.iter().filter_map(|i| i.child.clone()).collect();
    let mut ids = ids;
    ids.sort();
    ids.dedup();
    let local = ff_service::returns::local_children(&state.db, &user.ctx(state), &ids, 500).await?;
    let mut out: Vec<RuleIssues> = vec![];
    for i in &report.issues {
        if out.last().is_none_or(|g| g.rule != i.rule) {
            out.push(RuleIssues {
                rule: i.rule.to_owned(),
                message: i.message.to_owned(),
                error: i.severity == ff_returns::ssda903::Severity::Error,
                count: report.tally.get(i.rule).copied().unwrap_or(0),
                rows: vec![],
            });
        }
        if let Some(g) = out.last_mut() {
            let child = i.child.clone().unwrap_or_default();
            let person = local.iter().find(|(c, _)| *c == child).map(|(_, p)| *p);
            g.rows.push((child, person, format!("{:?} row {}", i.table, i.row + 1)));
        }
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    user: &PageUser,
    year: RulesYear,
    summary: Option<Ssda903Summary>,
    checked: Option<(String, Report)>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let layout = Layout::for_user(state, user, "SSDA903 return", "/returns").await;
    let downloads = match &summary {
        Some(s) => {
            let mut d: Vec<(String, String)> = s
                .rows
                .iter()
                .map(|(t, n)| (format!("/returns/ssda903/{year}/{t}.csv"), format!("{t} ({})", ff_domain::text::plural(n, "row", "rows"))))
                .collect();
            d.push((format!("/returns/ssda903/{year}/xml"), "The whole return as one XML file (the DfE's XML layout)".into()));
            d
        }
        None => vec![],
    };
    let (issues, report_children, rules_run, rules_skipped, errors, warnings, checked) = match checked {
        Some((what, r)) => (
            grouped(state, user, &r).await?,
            r.children,
            r.rules_run.len(),
            r.rules_skipped.len(),
            r.errors().count(),
            r.warnings().count(),
            Some(what),
        ),
        None => (vec![], 0, 0, 0, 0, 0, None),
    };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(render(
        status,
        &Ssda903Page {
            layout,
            year: year.to_string(),
            years: RulesYear::ALL.iter().rev().map(|y| y.to_string()).collect(),
            not_yet: summary
                .as_ref()
                .map(|s| s.not_yet_recorded.iter().map(|t| ff_service::returns::ssda903::table_label(t)).collect())
                .unwrap_or_default(),
            summary,
            downloads,
            checked,
            report_children,
            rules_run,
            rules_skipped,
            errors,
            warnings,
            issues,
            upload_action: format!("/returns/ssda903/check?csrf_token={}", user.csrf()),
            error,
        },
    ))
}

/// The council's 903 return for a year, built from the records and checked.
pub async fn show(State(state): State<AppState>, user: PageUser, Query(q): Query<YearParam>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ViewPerformance)?;
    let year = match q.year.as_deref().map(str::parse::<RulesYear>) {
        None => default_year(ctx.today()),
        Some(Ok(y)) => y,
        Some(Err(_)) => return page(&state, &user, default_year(ctx.today()), None, None, Some("Choose a collection year".into())).await,
    };
    let (_, summary, report) = ff_service::returns::ssda903::export_and_check(&state.db, &ctx, &year.to_string()).await?;
    page(&state, &user, year, Some(summary), Some(("The council's return, built from the records".into(), report)), None).await
}

/// One table of the council's return as a CSV download.
pub async fn table(
    State(state): State<AppState>,
    user: PageUser,
    Path((year, table)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ViewPerformance)?;
    let table = table.trim_end_matches(".csv");
    let (files, _) = ff_service::returns::ssda903::export(&state.db, &ctx, &year).await?;
    let rules: RulesYear = year.parse().map_err(|_| PageError(ServiceError::NotFound("collection year")))?;
    if table == "xml" {
        let (name, body, _) = ff_service::returns::ssda903::xml_file(rules, &files)?;
        let disposition = format!("attachment; filename=\"{}-{name}\"", ctx.la());
        return Ok((
            [(header::CONTENT_TYPE, "application/xml; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
            body,
        )
            .into_response());
    }
    let name = ff_service::returns::ssda903::file_name(rules, table);
    let Some((_, body)) = files.into_iter().find(|(n, _)| *n == name) else { return Err(PageError(ServiceError::NotFound("table"))) };
    let disposition = format!("attachment; filename=\"{}-{name}\"", ctx.la());
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body).into_response())
}

/// Check an uploaded 903 return: its CSV files (one per table) or one XML file. Each file is
/// read into memory up to the upload limit; the whole return is small (a large council's is a
/// few megabytes).
pub async fn check(State(state): State<AppState>, user: PageUser, req: axum::extract::Request) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ViewPerformance)?;
    let limit = state.jobs.limits().max_upload_bytes.min(256 << 20);
    let fallback = default_year(ctx.today());
    let Ok(mut form) = <Multipart as axum::extract::FromRequest<()>>::from_request(req, &()).await else {
        return page(&state, &user, fallback, None, None, Some("Choose the return's files to check".into())).await;
    };
    let mut files = vec![];
    let mut year = fallback.to_string();
    let mut total = 0u64;
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                return page(&state, &user, fallback, None, None, Some("The upload was interrupted or too large. Try again.".into())).await;
            }
        };
        match field.name() {
            Some("year") => year = field.text().await.unwrap_or_default(),
            Some("files") => {
                let name = field.file_name().unwrap_or("upload").to_owned();
                let mut body = vec![];
                loop {
                    match field.chunk().await {
                        Ok(Some(bytes)) => {
                            total += bytes.len() as u64;
                            if total > limit {
                                let msg = format!("The files are larger than {} MB together", limit >> 20);
                                return page(&state, &user, fallback, None, None, Some(msg)).await;
                            }
                            body.extend_from_slice(&bytes);
                        }
                        Ok(None) => break,
                        Err(_) => {
                            return page(&state, &user, fallback, None, None, Some("The upload was interrupted. Try again.".into())).await;
                        }
                    }
                }
                if !body.is_empty() {
                    files.push((name, body));
                }
            }
            _ => {}
        }
    }
    let Ok(rules) = year.parse::<RulesYear>() else {
        return page(&state, &user, fallback, None, None, Some("Choose a collection year".into())).await;
    };
    if files.is_empty() {
        return page(&state, &user, rules, None, None, Some("Choose the return's files to check".into())).await;
    }
    let n = files.len();
    match ff_service::returns::ssda903::check_upload(&state.db, &ctx, &rules.to_string(), files).await? {
        Ok(report) => page(&state, &user, rules, None, Some((format!("The {n} files uploaded"), report)), None).await,
        Err(e) => page(&state, &user, rules, None, None, Some(e)).await,
    }
}
