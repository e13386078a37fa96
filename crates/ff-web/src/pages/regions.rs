//! The region on pages (RCC-1, RCC-2, RCC-SHARE-1..4; decision 0029): the council's
//! administrator records the region and its member councils; the regional analyst and
//! commissioner see what member councils share (extracts to download, 903 files sent with their
//! verdicts), send in a member's 903 files, and see the region's sufficiency with charts drawn on
//! the server, a table under each and the same figures as CSV. The API (`api::regions`) calls the
//! same services.

use askama::Template;
use axum::extract::multipart::Multipart;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use ff_domain::FieldError;
use ff_domain::policy::Action;
use ff_domain::regions::Participation;
use ff_returns::ssda903::RulesYear;
use ff_service::forecasts::ForecastFile;
use ff_service::insight::Figure;
use ff_service::regions::{
    self as svc, RegionInput, RegionMemberChange, RegionMemberInput, RegionSufficiencyView, RegionView, SharedView, SufficiencyFigures,
    UploadInput, UploadView,
};
use uuid::Uuid;

use super::fields::{Reply, allowed, date_field, errors_of, one_round, unreadable_date};
use super::{Chart, Field, Layout, chart, get, options, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::forms::{FormData, UploadError, read_upload};

#[derive(Template)]
#[template(path = "regions/overview.html")]
struct OverviewPage {
    layout: Layout,
    v: RegionView,
    manage: bool,
    work: bool,
}

/// The region and its members; what the reader may do from here.
pub async fn overview(State(state): State<AppState>, user: PageUser) -> Reply {
    let ctx = user.ctx(&state);
    let v = svc::overview(&state.db, &ctx).await?;
    let manage = ctx.authorise(Action::ManageRegion).is_ok();
    let work = ctx.authorise(Action::WorkAsRegion).is_ok();
    let layout = Layout::for_user(&state, &user, "The region", "/region").await;
    Ok(render(StatusCode::OK, &OverviewPage { layout, v, manage, work }))
}

async fn draw_region(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let ctx = allowed(state, user, Action::ManageRegion)?;
    let current = svc::overview(&state.db, &ctx).await?.region;
    let value = |k: &str, now: Option<&str>| f.map_or_else(|| now.unwrap_or("").to_owned(), |f| f.get(k).to_owned());
    let fields = vec![
        Field::Paragraph(
            "The regional care co-operative this council keeps in Families First: its member councils are recorded on the \
             region's page. Each council still sees only its own children."
                .into(),
        ),
        Field::Text("code", "The region's code", value("code", current.as_ref().map(|r| r.code.as_str())), "For example RCC-NW"),
        Field::Text("name", "The region's name", value("name", current.as_ref().map(|r| r.name.as_str())), ""),
        Field::Hidden("version", value("version", Some(&current.as_ref().map_or(0, |r| r.version).to_string()))),
    ];
    let at = ("The region's code and name", "/region/record".to_owned());
    Ok(super::form_response(state, user, "/region", ("The region".into(), "/region".into()), at, fields, errors).await)
}

pub async fn region_form(State(state): State<AppState>, user: PageUser) -> Reply {
    draw_region(&state, &user, None, vec![]).await
}

pub async fn save_region(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = user.ctx(&state);
    let input = RegionInput { code: form.get("code").into(), name: form.get("name").into(), version: form.get("version").parse().ok() };
    match svc::save_region(&state.db, &ctx, &input).await {
        Ok(_) => Ok(Redirect::to("/region").into_response()),
        Err(e) => {
            let errors = errors_of(e, "code")?;
            draw_region(&state, &user, Some(&form), errors).await
        }
    }
}

fn participation_field(f: Option<&FormData>, now: Option<&str>) -> Field {
    let chosen = f.map_or_else(|| now.unwrap_or("").to_owned(), |f| f.get("participation").to_owned());
    Field::Radios("participation", "How does the council take part?", options(Participation::ALL, |p| p.code(), |p| p.label()), chosen)
}

async fn draw_member(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    allowed(state, user, Action::ManageRegion)?;
    let fields = vec![
        Field::Text("la_code", "The council's LA number", get(f, "la_code"), "Its three-digit DfE number, for example 201"),
        Field::Text("name", "The council's name", get(f, "name"), ""),
        participation_field(f, None),
        date_field("joined_on", "When did it join?", f, None),
        date_field("left_on", "When did it leave? Leave blank while it is a member", f, None),
    ];
    let at = ("Add a member council", "/region/members/new".to_owned());
    Ok(super::form_response(state, user, "/region", ("The region".into(), "/region".into()), at, fields, errors).await)
}

pub async fn member_form(State(state): State<AppState>, user: PageUser) -> Reply {
    draw_member(&state, &user, None, vec![]).await
}

pub async fn add_member(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = user.ctx(&state);
    let mut errors = ff_domain::ValidationErrors::new();
    let joined_on = form.required_date("joined_on", "The day the council joined", &mut errors);
    let input = RegionMemberInput {
        la_code: form.get("la_code").into(),
        name: form.get("name").into(),
        participation: form.get("participation").into(),
        joined_on: joined_on.unwrap_or_else(|| unreadable_date(&ctx)),
        left_on: form.optional_date("left_on", "The day the council left", &mut errors),
    };
    match one_round(svc::add_member(&state.db, &ctx, &input).await, errors) {
        Ok(()) => Ok(Redirect::to("/region").into_response()),
        Err(e) => {
            let errors = errors_of(e, "la_code")?;
            draw_member(&state, &user, Some(&form), errors).await
        }
    }
}

async fn draw_change(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let ctx = allowed(state, user, Action::ManageRegion)?;
    let v = svc::overview(&state.db, &ctx).await?;
    let m = v.members.into_iter().find(|m| m.id == id).ok_or(ff_service::ServiceError::NotFound("membership"))?;
    let fields = vec![
        Field::Paragraph(format!("Council {}.", m.la_code)),
        Field::Text("name", "The council's name", f.map_or_else(|| m.name.clone(), |f| f.get("name").to_owned()), ""),
        participation_field(f, Some(&m.participation)),
        date_field("joined_on", "When did it join?", f, Some(m.joined_on)),
        date_field("left_on", "When did it leave? Leave blank while it is a member", f, m.left_on),
        Field::Hidden("version", f.map_or_else(|| m.version.to_string(), |f| f.get("version").to_owned())),
    ];
    let at = ("Change a membership", format!("/region/members/{id}"));
    Ok(super::form_response(state, user, "/region", ("The region".into(), "/region".into()), at, fields, errors).await)
}

pub async fn change_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    draw_change(&state, &user, id, None, vec![]).await
}

pub async fn change_member(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = user.ctx(&state);
    let mut errors = ff_domain::ValidationErrors::new();
    let joined_on = form.required_date("joined_on", "The day the council joined", &mut errors);
    let input = RegionMemberChange {
        version: form.get("version").parse().unwrap_or(0),
        name: form.get("name").into(),
        participation: form.get("participation").into(),
        joined_on: joined_on.unwrap_or_else(|| unreadable_date(&ctx)),
        left_on: form.optional_date("left_on", "The day the council left", &mut errors),
    };
    match one_round(svc::change_member(&state.db, &ctx, id, &input).await, errors) {
        Ok(()) => Ok(Redirect::to("/region").into_response()),
        Err(e) => {
            let errors = errors_of(e, "name")?;
            draw_change(&state, &user, id, Some(&form), errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "regions/shared.html")]
struct SharedPage {
    layout: Layout,
    v: SharedView,
}

/// What the region holds from its members.
pub async fn shared(State(state): State<AppState>, user: PageUser) -> Reply {
    let v = svc::shared(&state.db, &user.ctx(&state)).await?;
    let layout = Layout::for_user(&state, &user, "Shared with the region", "/region").await;
    Ok(render(StatusCode::OK, &SharedPage { layout, v }))
}

/// One table of a member's extract as a CSV file (the address ends `.csv`).
pub async fn download(State(state): State<AppState>, user: PageUser, Path((id, file)): Path<(Uuid, String)>) -> Reply {
    let table = file.trim_end_matches(".csv");
    let (name, body) = svc::extract_table(&state.db, &user.ctx(&state), id, table).await?;
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body).into_response())
}

async fn draw_upload(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let ctx = allowed(state, user, Action::WorkAsRegion)?;
    let v = svc::overview(&state.db, &ctx).await?;
    let senders: Vec<(String, String)> = v
        .members
        .iter()
        .filter(|m| m.current && m.participation == Participation::Uploads903.code())
        .map(|m| (m.la_code.clone(), format!("{} ({})", m.name, m.la_code)))
        .collect();
    let years: Vec<(String, String)> = RulesYear::ALL.iter().rev().map(|y| (y.to_string(), y.to_string())).collect();
    let fields = vec![
        Field::Paragraph(
            "A member council that is not on Families First takes part by sending its SSDA903 files. They are checked \
             against the Department for Education's rules for the year and kept with the result: files with errors are \
             kept too, marked, and the errors listed."
                .into(),
        ),
        Field::Radios("la_code", "Which council are they from?", senders, get(f, "la_code")),
        Field::Select(
            "year",
            "Which collection year?",
            years,
            f.map_or_else(|| RulesYear::ALL.last().map(ToString::to_string).unwrap_or_default(), |f| f.get("year").to_owned()),
        ),
        Field::File("file_1", "The header table (CSV)", String::new()),
        Field::File("file_2", "The episodes table (CSV)", String::new()),
        Field::File("file_3", "Another table, if sent (CSV)", "For example the UASC, OC2 or missing table".into()),
    ];
    // Files post as multipart, so the form's address carries the CSRF token.
    let at = ("Send a member council's 903 files", format!("/region/uploads/new?csrf_token={}", user.csrf()));
    Ok(super::form_response(state, user, "/region", ("Shared with the region".into(), "/region/shared".into()), at, fields, errors).await)
}

pub async fn upload_form(State(state): State<AppState>, user: PageUser) -> Reply {
    draw_upload(&state, &user, None, vec![]).await
}

pub async fn upload(State(state): State<AppState>, user: PageUser, req: axum::extract::Request) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkAsRegion)?;
    let file_error = |m: &str| vec![FieldError { field: "file_1".into(), message: m.into() }];
    let Ok(form) = <Multipart as axum::extract::FromRequest<()>>::from_request(req, &()).await else {
        return draw_upload(&state, &user, None, file_error("The form could not be read: try again")).await;
    };
    let max = state.documents.max_bytes.min(svc::MAX_UPLOAD_BYTES as u64);
    let upload = match read_upload(form, max).await {
        Ok(u) => u,
        Err(UploadError::TooLarge) => return draw_upload(&state, &user, None, file_error("The files are too large")).await,
        Err(UploadError::Broken) => {
            return draw_upload(&state, &user, None, file_error("The upload was interrupted. Choose the files again.")).await;
        }
    };
    let f = &upload.fields;
    let input = UploadInput {
        la_code: f.get("la_code").into(),
        year: f.get("year").into(),
        files: upload
            .files
            .iter()
            .map(|(name, bytes)| ForecastFile { name: name.clone(), csv: String::from_utf8_lossy(bytes).into_owned() })
            .collect(),
    };
    match svc::upload(&state.db, &ctx, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/region/uploads/{id}")).into_response()),
        Err(e) => {
            let mut errors = errors_of(e, "la_code")?;
            for e in &mut errors {
                if e.field == "files" {
                    e.field = "file_1".into();
                }
            }
            draw_upload(&state, &user, Some(f), errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "regions/upload.html")]
struct UploadPage {
    layout: Layout,
    v: UploadView,
}

pub async fn upload_view(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    let v = svc::upload_view(&state.db, &user.ctx(&state), id).await?;
    let layout = Layout::for_user(&state, &user, "903 files sent", "/region").await;
    Ok(render(StatusCode::OK, &UploadPage { layout, v }))
}

#[derive(Template)]
#[template(path = "regions/sufficiency.html")]
struct SufficiencyPage {
    layout: Layout,
    v: RegionSufficiencyView,
    homes: Chart,
    distance: Chart,
    members: Chart,
    /// (caption, first column's heading, second column's heading, figures)
    tables: Vec<(String, &'static str, &'static str, Vec<Figure>)>,
}

fn bars(figures: &[Figure]) -> Chart {
    chart(&figures.iter().filter(|f| f.unit.is_empty()).map(|f| (f.label.clone(), f.value, false)).collect::<Vec<_>>(), None)
}

fn tables_of(p: &SufficiencyFigures) -> Vec<(String, &'static str, &'static str, Vec<Figure>)> {
    let mut t = vec![
        (format!("{}: where the children live", p.name), "Kind of home", "Children", p.by_home.clone()),
        (format!("{}: inside or outside the council's area", p.name), "Where", "Children", p.by_area.clone()),
        (format!("{}: how far from home", p.name), "Distance", "Children", p.by_distance.clone()),
        (format!("{}: weekly cost where shared", p.name), "Measure", "Amount or placements", p.costs.clone()),
    ];
    if !p.supply.is_empty() {
        t.push((format!("{}: foster places today", p.name), "Measure", "Households or places", p.supply.clone()));
    }
    t
}

pub async fn sufficiency(State(state): State<AppState>, user: PageUser) -> Reply {
    let v = svc::sufficiency(&state.db, &user.ctx(&state)).await?;
    let homes = bars(&v.total.by_home);
    let distance = bars(&v.total.by_distance);
    let members = chart(&v.members.iter().map(|m| (m.name.clone(), f64::from(m.children), false)).collect::<Vec<_>>(), None);
    let mut tables = vec![(
        "Children in care by member council".to_owned(),
        "Council",
        "Children",
        v.members
            .iter()
            .map(|m| Figure {
                key: m.la_code.clone(),
                label: format!("{} ({})", m.name, m.source),
                value: f64::from(m.children),
                unit: String::new(),
                display: m.children.to_string(),
            })
            .collect(),
    )];
    tables.push(("The region's forecast against its foster places".to_owned(), "Measure", "Children or places", v.forecast.clone()));
    tables.extend(tables_of(&v.total));
    for m in &v.members {
        tables.extend(tables_of(m));
    }
    let layout = Layout::for_user(&state, &user, "The region's sufficiency", "/region").await;
    Ok(render(StatusCode::OK, &SufficiencyPage { layout, v, homes, distance, members, tables }))
}

pub async fn sufficiency_csv(State(state): State<AppState>, user: PageUser) -> Reply {
    let v = svc::sufficiency(&state.db, &user.ctx(&state)).await?;
    let name = format!("attachment; filename=\"region-sufficiency-{}.csv\"", v.region.code);
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name)], svc::to_csv(&v))
        .into_response())
}
