//! Demand forecasts on pages (RCC-2; FC-1..FC-6): the list, a new forecast from the council's
//! records or from 903 files with its dates, levers and unit costs, and a forecast as it was run,
//! with its chart, the table under it and CSV. The API (`api::forecasts`) calls the same services.

use askama::Template;
use axum::extract::multipart::Multipart;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ff_domain::forecast::{AgeBand, Category, CostItem, State as CareState};
use ff_domain::policy::Action;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::forecasts::{self as svc, ForecastFile, ForecastInput, ForecastView, ForecastsView, LeverInput};
use uuid::Uuid;

use super::fields::{date_field, errors_of};
use super::{Field, Layout, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::{FormData, UploadError, read_upload};

mod chart;

use chart::LineChart;

#[derive(Template)]
#[template(path = "forecasts/list.html")]
struct ListPage {
    layout: Layout,
    v: ForecastsView,
}

pub async fn list(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let v = svc::list(&state.db, &user.ctx(&state)).await?;
    let layout = Layout::for_user(&state, &user, "Forecasts", "/forecasts").await;
    Ok(render(StatusCode::OK, &ListPage { layout, v }))
}

/// Every state, by age band then kind of care; `with_out` adds "not in care" (where children go
/// when they leave).
fn states(with_out: bool) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), "Choose".to_owned())];
    for b in AgeBand::ALL {
        for c in [Category::Fostering, Category::Residential, Category::Supported, Category::Other, Category::NotInCare] {
            if c != Category::NotInCare || with_out {
                let s = CareState::new(b, c).label();
                v.push((s.clone(), s));
            }
        }
    }
    v
}

fn new_fields(f: Option<&FormData>) -> Vec<Field> {
    let value = |k: &str, default: &str| f.map_or_else(|| default.to_owned(), |f| f.get(k).to_owned());
    let kinds = vec![("multiply".to_owned(), "Multiply by".to_owned()), ("add".to_owned(), "Add to the daily rate".to_owned())];
    let mut fields = vec![
        Field::Paragraph(
            "A forecast projects the children in care day by day from how children entered care, moved between kinds of \
             care, grew older and left care over a past period, the same method as the regional demand model. Leave the \
             dates empty to use all the data and look two years ahead."
                .into(),
        ),
        Field::Text("title", "Name", value("title", ""), "For example, Baseline, December 2026"),
        Field::Radios(
            "source",
            "What should it be made from?",
            vec![
                ("records".into(), "This council's records (its 903 history)".into()),
                ("files".into(), "903 files from a council, or a region's files".into()),
            ],
            value("source", "records"),
        ),
        Field::File(
            "file_1",
            "First 903 file",
            "Only when made from files: the episodes, header and UASC tables as CSV, with or without LA and YEAR columns. \
             After a mistake anywhere on this page, choose the files again: they are kept only once the forecast is made."
                .into(),
        ),
        Field::File("file_2", "Second 903 file", String::new()),
        Field::File("file_3", "Third 903 file", String::new()),
        Field::Text("council", "The council the files are from", value("council", ""), "Only if the files have no LA column"),
        Field::Text("year", "The year the files' return ends", value("year", ""), "Only if the files have no YEAR column, for example 2026 for 2025-26"),
        date_field("reference_start", "Measure from (optional)", f, None),
        date_field("reference_end", "Measure to (optional)", f, None),
        date_field("start", "Forecast from (optional)", f, None),
        date_field("end", "Forecast to (optional, at most four years on)", f, None),
        Field::Text("councils", "Only these councils (optional)", value("councils", ""), "Names as in the files' LA column, separated by commas"),
        Field::Paragraph("Levers (optional): what if a rate changed? A rate is the share of children in one age band and kind of care who move each day.".into()),
        Field::Select("lever1_from", "First lever: children in", states(false), value("lever1_from", "")),
        Field::Select("lever1_to", "who move to", states(true), value("lever1_to", "")),
        Field::Select("lever1_kind", "Change", kinds.clone(), value("lever1_kind", "multiply")),
        Field::Text("lever1_value", "By", value("lever1_value", ""), "For example 0.5 to halve the rate"),
        Field::Select("lever2_from", "Second lever: children in", states(false), value("lever2_from", "")),
        Field::Select("lever2_to", "who move to", states(true), value("lever2_to", "")),
        Field::Select("lever2_kind", "Change", kinds, value("lever2_kind", "multiply")),
        Field::Text("lever2_value", "By", value("lever2_value", ""), ""),
        Field::Select("entry_state", "Children entering care in", states(false), value("entry_state", "")),
        Field::Text("entry_multiply", "Multiply the children entering by", value("entry_multiply", ""), "For example 1.2 for a fifth more"),
        Field::Paragraph("Weekly cost of each kind of placement, in pounds. Replace the defaults with the region's own.".into()),
    ];
    for item in CostItem::ALL {
        fields.push(Field::Text(item.code(), item.label(), value(item.code(), &format!("{}", item.default_weekly())), ""));
    }
    fields.push(Field::Text(
        "inflation_percent",
        "Yearly inflation of costs, per cent (optional)",
        value("inflation_percent", ""),
        "For example 3",
    ));
    fields
}

async fn draw_new(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Response {
    // Files post as multipart, so the form's address carries the CSRF token.
    let at = ("New forecast", format!("/forecasts/new?csrf_token={}", user.csrf()));
    super::form_response(state, user, "/forecasts", ("Forecasts".into(), "/forecasts".into()), at, new_fields(f), errors).await
}

pub async fn new_form(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    user.ctx(&state).authorise(Action::Forecast)?;
    Ok(draw_new(&state, &user, None, vec![]).await)
}

fn number(f: &FormData, k: &str, what: &str, errors: &mut ValidationErrors) -> Option<f64> {
    let t = f.get(k).trim().replace(',', "");
    if t.is_empty() {
        return None;
    }
    match t.trim_start_matches('£').parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => {
            errors.add(k, format!("{what} must be a number"));
            None
        }
    }
}

fn lever(f: &FormData, n: u8, errors: &mut ValidationErrors) -> Option<LeverInput> {
    let (from, to, kind, value) = (format!("lever{n}_from"), format!("lever{n}_to"), format!("lever{n}_kind"), format!("lever{n}_value"));
    let v = number(f, &value, "The change", errors);
    let (from, to) = (f.get(&from).to_owned(), f.get(&to).to_owned());
    if from.is_empty() && to.is_empty() && v.is_none() {
        return None;
    }
    if from.is_empty() || to.is_empty() || v.is_none() {
        errors.add(&value, "Choose who moves, where to, and by how much — or leave the lever empty");
        return None;
    }
    let (multiply, add) = if f.get(&kind) == "add" { (None, v) } else { (v, None) };
    Some(LeverInput { from, to: Some(to), multiply, add })
}

/// Receive the form (and any files, within the upload limit) and run the forecast.
pub async fn create(State(state): State<AppState>, user: PageUser, req: axum::extract::Request) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::Forecast)?;
    let max = state.documents.max_bytes.max(svc::MAX_FILE_BYTES as u64);
    let file_error = |m: &str| vec![FieldError { field: "file_1".into(), message: m.into() }];
    let Ok(form) = <Multipart as axum::extract::FromRequest<()>>::from_request(req, &()).await else {
        return Ok(draw_new(&state, &user, None, file_error("The form could not be read: try again")).await);
    };
    let upload = match read_upload(form, max).await {
        Ok(u) => u,
        Err(UploadError::TooLarge) => return Ok(draw_new(&state, &user, None, file_error("The files are too large")).await),
        Err(UploadError::Broken) => {
            return Ok(draw_new(&state, &user, None, file_error("The upload was interrupted. Choose the files again.")).await);
        }
    };
    let f = &upload.fields;
    let mut errors = ValidationErrors::new();
    let dates = [
        ("reference_start", "The first day to measure from"),
        ("reference_end", "The last day to measure"),
        ("start", "The day to forecast from"),
        ("end", "The day to forecast to"),
    ]
    .map(|(k, what)| f.optional_date(k, what, &mut errors));
    let year = match f.get("year").trim() {
        "" => None,
        y => match y.parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => Some(y),
            _ => {
                errors.add("year", "The year is a year such as 2026");
                None
            }
        },
    };
    // Each lever sent, with the field its mistakes are shown on.
    let mut levers: Vec<LeverInput> = Vec::new();
    let mut lever_fields: Vec<&'static str> = Vec::new();
    for (n, field) in [(1, "lever1_value"), (2, "lever2_value")] {
        if let Some(l) = lever(f, n, &mut errors) {
            levers.push(l);
            lever_fields.push(field);
        }
    }
    if let Some(m) = number(f, "entry_multiply", "The factor", &mut errors) {
        if f.get("entry_state").is_empty() {
            errors.add("entry_state", "Choose the children whose entries to change");
        } else {
            levers.push(LeverInput { from: f.get("entry_state").to_owned(), to: None, multiply: Some(m), add: None });
            lever_fields.push("entry_multiply");
        }
    }
    // What the service would say without reading any data, said now with the rest.
    if f.get("title").trim().is_empty() {
        errors.add("title", "Give the forecast a name, for example \"Baseline, December 2026\"");
    }
    if f.get("source") == "files" && upload.files.is_empty() {
        errors.add("file_1", "Choose the 903 files: the header, episodes and UASC tables");
    }
    let mut weekly_costs = std::collections::BTreeMap::new();
    for item in CostItem::ALL {
        if let Some(v) = number(f, item.code(), item.label(), &mut errors) {
            weekly_costs.insert(item.code().to_owned(), v);
        }
    }
    let inflation_percent = number(f, "inflation_percent", "Inflation", &mut errors);
    if !errors.is_empty() {
        return Ok(draw_new(&state, &user, Some(f), errors.0).await);
    }
    let [reference_start, reference_end, start, end] = dates;
    let input = ForecastInput {
        title: f.get("title").to_owned(),
        source: f.get("source").to_owned(),
        files: upload
            .files
            .iter()
            .map(|(name, bytes)| ForecastFile { name: name.clone(), csv: String::from_utf8_lossy(bytes).into_owned() })
            .collect(),
        council: f.opt("council"),
        year,
        reference_start,
        reference_end,
        start,
        end,
        councils: f.get("councils").split(',').map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect(),
        levers,
        weekly_costs,
        inflation_percent,
    };
    match svc::run(&state.db, &ctx, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/forecasts/{id}")).into_response()),
        Err(e) => {
            let mut errors = errors_of(e, "source")?;
            for e in &mut errors {
                if e.field == "files" {
                    e.field = "file_1".into();
                } else if let Some(i) =
                    e.field.strip_prefix("levers[").and_then(|r| r.strip_suffix(']')).and_then(|i| i.parse::<usize>().ok())
                {
                    e.field = lever_fields.get(i).copied().unwrap_or("lever1_value").into();
                }
            }
            Ok(draw_new(&state, &user, Some(f), errors).await)
        }
    }
}

#[derive(Template)]
#[template(path = "forecasts/show.html")]
struct ShowPage {
    layout: Layout,
    v: ForecastView,
    chart: LineChart,
    /// Every fourth week, for the table under the chart.
    rows: Vec<ff_service::forecasts::WeekView>,
}

pub async fn show(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Result<Response, PageError> {
    let v = svc::get(&state.db, &user.ctx(&state), id).await?;
    let chart = LineChart::of(&v.result);
    let mut rows: Vec<_> = v.result.weekly.iter().step_by(4).cloned().collect();
    if let Some(last) = v.result.weekly.last()
        && rows.last().is_none_or(|r| r.date != last.date)
    {
        rows.push(last.clone());
    }
    let layout = Layout::for_user(&state, &user, &v.title, "/forecasts").await;
    Ok(render(StatusCode::OK, &ShowPage { layout, v, chart, rows }))
}

/// One table as CSV (the address ends `.csv`).
pub async fn download(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, file)): Path<(Uuid, String)>,
) -> Result<Response, PageError> {
    let (name, body) = svc::table(&state.db, &user.ctx(&state), id, file.trim_end_matches(".csv")).await?;
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body).into_response())
}

/// Whole pounds with thousands separators: `£2,538,131`.
pub fn money(v: &f64) -> String {
    format!("£{}", ff_service::insight::grouped(v.round()))
}

/// A count of children, whole, with thousands separators.
pub fn children(v: &f64) -> String {
    ff_service::insight::grouped(v.round())
}

/// A yearly rate per child, to three decimal places.
pub fn per_year(v: &f64) -> String {
    format!("{v:.3}")
}
