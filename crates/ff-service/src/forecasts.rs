//! Demand forecasts (RCC-2, RCC-FC; `ff_domain::forecast` FC-1..FC-6; decision 0018): the
//! placements commissioner or the council's analyst projects children in care by age and kind of
//! placement, with what they would cost, from the council's own records (its 903 history, built
//! as the return builds it) or from 903 files a member council sends. Each forecast is kept with
//! its dates, levers, unit costs and what it found, and the files it was run on, so the figures
//! behind a sufficiency decision can be shown later exactly as they were.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use ff_domain::ValidationErrors;
use ff_domain::forecast::{
    Adjustment, Adjustments, CostItem, CostOptions, Filter, History, Lever, Period, State, backtest, bands_by_care_type, costs,
    placement_proportions, prepare, project, rates,
};
use ff_domain::policy::Action;
use ff_returns::ssda903::RulesYear;
use ff_returns::ssda903::history::{Defaults, read_into};
use ff_store::Db;
use ff_store::forecasts::{FileRow, ForecastRow};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit, field_err};

mod view;

pub use view::{
    BacktestPoint, BacktestView, CostItemView, EntryView, ForecastResult, ForecastSummary, ForecastView, ForecastsView, LeftOutView,
    LeverView, PastView, QuarterView, RateView, StateView, WeekView,
};

/// The most bytes of 903 files one forecast is run on.
pub const MAX_FILE_BYTES: usize = 200_000_000;
/// Forecasts on the list.
const LIST: i64 = 50;

/// One 903 file sent with a forecast: the header, episodes or UASC table, known by its columns.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ForecastFile {
    pub name: String,
    /// The file's text (CSV).
    pub csv: String,
}

/// A change to a rate, or to the children entering a state (no `to`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct LeverInput {
    /// The state the children are in, e.g. "10 to 16 - Fostering".
    pub from: String,
    /// Where they move to, e.g. "10 to 16 - Not in care"; none for children entering `from`.
    #[serde(default)]
    pub to: Option<String>,
    /// Multiply the rate by this (not with `add`).
    #[serde(default)]
    pub multiply: Option<f64>,
    /// Add this to the daily rate (not with `multiply`).
    #[serde(default)]
    pub add: Option<f64>,
}

/// A new forecast.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ForecastInput {
    /// What the list calls it, e.g. "Baseline, December 2026".
    pub title: String,
    /// "records" for the council's own records, "files" for 903 files sent with it.
    pub source: String,
    #[serde(default)]
    pub files: Vec<ForecastFile>,
    /// The council the files are from, when they have no LA column.
    #[serde(default)]
    pub council: Option<String>,
    /// The year of the return (its end, e.g. 2025 for 2024-25), when the files have no YEAR column.
    #[serde(default)]
    pub year: Option<i32>,
    /// The reference period the rates are measured over (default: all the data).
    #[serde(default)]
    pub reference_start: Option<NaiveDate>,
    #[serde(default)]
    pub reference_end: Option<NaiveDate>,
    /// The day the projection starts from (default: the end of the data) and ends (default: two
    /// years later; at most four).
    #[serde(default)]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// Only these councils' children (by the LA column); all when empty.
    #[serde(default)]
    pub councils: Vec<String>,
    #[serde(default)]
    pub levers: Vec<LeverInput>,
    /// Weekly cost in pounds by kind of placement (codes as in `cost_items`); the rest cost the
    /// defaults.
    #[serde(default)]
    pub weekly_costs: BTreeMap<String, f64>,
    /// Yearly inflation of costs, in percent.
    #[serde(default)]
    pub inflation_percent: Option<f64>,
}

fn state_of(label: &str, field: &str, errors: &mut ValidationErrors) -> Option<State> {
    let s = State::parse(label);
    if s.is_none() {
        errors.add(field, format!("\"{label}\" is not an age band and kind of care, for example \"10 to 16 - Fostering\""));
    }
    s
}

/// The levers as the domain takes them (FC-5 is checked against the measured rates later).
fn levers(input: &[LeverInput], errors: &mut ValidationErrors) -> (Adjustments, Vec<usize>, Vec<usize>) {
    let mut out = Adjustments::default();
    // Each rate and entry lever's place in the input, to name the one a refusal is about.
    let (mut rate_at, mut entry_at) = (Vec::new(), Vec::new());
    for (i, l) in input.iter().enumerate() {
        let field = format!("levers[{i}]");
        let change = match (l.multiply, l.add) {
            (Some(m), None) => Some(Adjustment::Multiply(m)),
            (None, Some(a)) => Some(Adjustment::Add(a)),
            (Some(_), Some(_)) => {
                errors.add(&field, "Multiply or add, not both");
                None
            }
            (None, None) => {
                errors.add(&field, "Give a factor to multiply by or an amount to add");
                None
            }
        };
        let from = state_of(&l.from, &field, errors);
        let to = l.to.as_deref().filter(|t| !t.trim().is_empty()).map(|t| state_of(t, &field, errors));
        match (from, to, change) {
            (Some(f), None, Some(c)) => {
                out.entries.push((f, c));
                entry_at.push(i);
            }
            (Some(f), Some(Some(t)), Some(c)) => {
                out.rates.push(((f, t), c));
                rate_at.push(i);
            }
            _ => {}
        }
    }
    (out, rate_at, entry_at)
}

fn cost_options(input: &ForecastInput, errors: &mut ValidationErrors) -> CostOptions {
    let mut o = CostOptions::default();
    for (code, v) in &input.weekly_costs {
        match CostItem::parse(code) {
            Some(item) if v.is_finite() && *v >= 0.0 && *v <= 100_000.0 => {
                o.weekly.insert(item, *v);
            }
            Some(item) => errors.add(&format!("weekly_costs.{code}"), format!("{}: a weekly cost from £0 to £100,000", item.label())),
            None => errors.add(&format!("weekly_costs.{code}"), format!("\"{code}\" is not a kind of placement")),
        }
    }
    match input.inflation_percent {
        Some(p) if !(0.0..=50.0).contains(&p) || !p.is_finite() => errors.add("inflation_percent", "Inflation from 0% to 50% a year"),
        Some(p) if p > 0.0 => o.inflation = Some(p / 100.0),
        _ => {}
    }
    o
}

/// The council's 903 history from its records: the last five collection years that have begun.
async fn history_from_records(db: &Db, ctx: &Ctx) -> Result<(History, Vec<String>)> {
    let mut h = History::default();
    let mut problems = Vec::new();
    let years: Vec<RulesYear> = RulesYear::ALL.into_iter().filter(|y| y.collection_start() <= ctx.today()).collect();
    let mut first: Option<NaiveDate> = None;
    let name = crate::settings::current_for_la(db, ctx.la()).await.map(|s| s.settings.name).unwrap_or_else(|_| ctx.la().to_owned());
    for year in years {
        let before = h.episodes.len();
        // A forecast reads the records and changes none: no census identifiers are given.
        let (files, _) = crate::returns::ssda903::build_as(db, ctx, year, crate::returns::ssda903::NewIds::ForThisBuild).await?;
        let wanted: Vec<(String, Vec<u8>)> = ["header", "episodes", "uasc"]
            .iter()
            .filter_map(|t| {
                let name = crate::returns::ssda903::file_name(year, t);
                files.iter().find(|(n, _)| *n == name).map(|(n, b)| (n.clone(), b.clone()))
            })
            .collect();
        let defaults = Defaults { la: Some(name.clone()), year: Some(year.collection_end().year()) };
        let found = read_into(&mut h, &wanted, &defaults).map_err(|e| ServiceError::Internal(format!("the council's 903 tables: {e}")))?;
        problems.extend(found.into_iter().map(|p| format!("{} line {}: {}", p.file, p.line, p.message)));
        if h.episodes.len() > before && first.is_none() {
            first = Some(year.collection_start());
        }
    }
    // The records run from the first year with a child in care to today.
    h.covers = first.map(|f| (f, ctx.today()));
    Ok((h, problems))
}

/// Run a forecast and keep it (FC-1..FC-6). One audit event.
pub async fn run(db: &Db, ctx: &Ctx, input: &ForecastInput) -> Result<Uuid> {
    ctx.authorise(Action::Forecast)?;
    let draft = parse_forecast(input)?;
    let (history, problems, files) = load_history(db, ctx, input, draft.from_files).await?;
    check_history(&history, draft.from_files)?;
    let prepared = prepare(&history);
    let period = forecast_period(input, &prepared)?;
    let filter = Filter { las: councils_in_data(input, &prepared)?, sex: None, uasc: None };
    let measured = rates(&prepared, &filter, &period);
    check_levers(&draft, &measured)?;
    let projection = project(&measured, &draft.levers, &period);
    let shares = placement_proportions(&prepared, &filter, period.reference_start, period.reference_end);
    let priced = costs(&projection, &shares, &draft.cost_options);
    let bands = bands_by_care_type(&projection);
    let result = view::result(&view::Facts {
        prepared: &prepared,
        filter: &filter,
        period: &period,
        rates: &measured,
        levers: &draft.levers,
        projection: &projection,
        bands: &bands,
        costs: &priced,
        options: &draft.cost_options,
        problems,
        backtest: backtest(&prepared, &filter, period.reference_start),
    });
    let row = forecast_row(ctx, &draft, &period, &result)?;
    write_forecast(db, ctx, &row, &files, &period, &result).await?;
    Ok(row.id)
}

/// A forecast's form, parsed: its name, where its data comes from, the levers (with each one's
/// place in the form, to name the one a refusal is about) and the cost options.
struct ForecastDraft<'a> {
    title: &'a str,
    from_files: bool,
    levers: Adjustments,
    rate_at: Vec<usize>,
    entry_at: Vec<usize>,
    cost_options: CostOptions,
}

/// Parses the forecast form, refusing it with every field error in the form's order (the same
/// file sent twice is refused).
fn parse_forecast(input: &ForecastInput) -> Result<ForecastDraft<'_>> {
    let mut errors = ValidationErrors::new();
    let title = input.title.trim();
    if title.is_empty() {
        errors.add("title", "Give the forecast a name, for example \"Baseline, December 2026\"");
    } else if title.chars().count() > 120 {
        errors.add("title", "A name of 120 characters at most");
    }
    let from_files = match input.source.as_str() {
        "records" => false,
        "files" => true,
        _ => {
            errors.add("source", "Choose the council's records or 903 files");
            false
        }
    };
    let total: usize = input.files.iter().map(|f| f.csv.len()).sum();
    let mut seen = std::collections::BTreeMap::new();
    for f in &input.files {
        if let Some(first) = seen.insert(format!("{:x}", Sha256::digest(f.csv.as_bytes())), f.name.clone()) {
            errors.add("files", format!("{} is the same file as {first}: send each table once", f.name));
        }
    }
    if from_files && input.files.is_empty() {
        errors.add("files", "Choose the 903 files: the header, episodes and UASC tables");
    } else if total > MAX_FILE_BYTES {
        errors.add("files", format!("The files come to more than {} MB", MAX_FILE_BYTES / 1_000_000));
    }
    let (levers, rate_at, entry_at) = levers(&input.levers, &mut errors);
    let cost_options = cost_options(input, &mut errors);
    errors.into_result(())?;
    Ok(ForecastDraft { title, from_files, levers, rate_at, entry_at, cost_options })
}

/// The 903 history to forecast from: read from the files sent (kept with the forecast), or built
/// from the council's records; with the problems found reading it.
async fn load_history(
    db: &Db,
    ctx: &Ctx,
    input: &ForecastInput,
    from_files: bool,
) -> Result<(History, Vec<String>, Vec<(String, Vec<u8>)>)> {
    if from_files {
        let files: Vec<(String, Vec<u8>)> = input.files.iter().map(|f| (f.name.clone(), f.csv.as_bytes().to_vec())).collect();
        let defaults = Defaults { la: input.council.clone().filter(|c| !c.trim().is_empty()), year: input.year };
        let mut h = History::default();
        let found = read_into(&mut h, &files, &defaults).map_err(|e| field_err("files", e))?;
        let problems = found.into_iter().map(|p| format!("{} line {}: {}", p.file, p.line, p.message)).collect();
        Ok((h, problems, files))
    } else {
        let (h, p) = history_from_records(db, ctx).await?;
        Ok((h, p, vec![]))
    }
}

/// Refuses a history with no episodes of care, or no header table for the dates of birth.
fn check_history(history: &History, from_files: bool) -> Result<()> {
    if history.episodes.is_empty() {
        let field = if from_files { "files" } else { "source" };
        let message = if from_files {
            "There are no episodes of care to forecast from: add the episodes table"
        } else {
            "There are no episodes of care to forecast from"
        };
        return Err(field_err(field, message));
    }
    if history.headers.is_empty() {
        return Err(field_err("files", "Add the header table too: it holds the children's dates of birth"));
    }
    Ok(())
}

/// The reference period and the projection's dates, each the default unless given, checked
/// against the data.
fn forecast_period(input: &ForecastInput, prepared: &ff_domain::forecast::Prepared) -> Result<Period> {
    let defaults = Period::defaults(prepared.data_start, prepared.data_end);
    let period = Period {
        reference_start: input.reference_start.unwrap_or(defaults.reference_start),
        reference_end: input.reference_end.unwrap_or(defaults.reference_end),
        start: input.start.unwrap_or(defaults.start),
        end: input.end.unwrap_or(input.start.map_or(defaults.end, |s| Period::defaults(s, s).end)),
    };
    if let Err(e) = period.check(prepared.data_start, prepared.data_end) {
        let mut v = ValidationErrors::new();
        for x in e {
            v.add(x.field, x.message);
        }
        return Err(ServiceError::Validation(v));
    }
    Ok(period)
}

/// The councils chosen, as the data spells them (whatever their letter case); one not in the data
/// is refused with the ones that are.
fn councils_in_data(input: &ForecastInput, prepared: &ff_domain::forecast::Prepared) -> Result<Vec<String>> {
    let mut las = Vec::new();
    for typed in input.councils.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        match prepared.las.iter().find(|l| l.eq_ignore_ascii_case(typed)) {
            Some(l) => las.push(l.clone()),
            None => {
                let known = prepared.las.join(", ");
                return Err(field_err("councils", format!("No council called \"{typed}\" is in the data: {known}")));
            }
        }
    }
    Ok(las)
}

/// Checks the levers against the measured rates (FC-5), naming the lever each mistake is on.
fn check_levers(draft: &ForecastDraft<'_>, measured: &ff_domain::forecast::Rates) -> Result<()> {
    if let Err(e) = draft.levers.check(measured) {
        let mut v = ValidationErrors::new();
        for x in e {
            let at = match x.lever {
                Lever::Rate(i) => draft.rate_at.get(i),
                Lever::Entry(i) => draft.entry_at.get(i),
            };
            v.add(&format!("levers[{}]", at.copied().unwrap_or(0)), x.message);
        }
        return Err(ServiceError::Validation(v));
    }
    Ok(())
}

/// The forecast row to keep: its name, source, dates, headline figures and the whole result.
fn forecast_row(ctx: &Ctx, draft: &ForecastDraft<'_>, period: &Period, result: &ForecastResult) -> Result<ForecastRow> {
    Ok(ForecastRow {
        id: ctx.new_id(),
        title: draft.title.to_owned(),
        source: if draft.from_files { "files" } else { "records" }.to_owned(),
        reference_start: period.reference_start,
        reference_end: period.reference_end,
        start_date: period.start,
        end_date: period.end,
        in_care_at_start: result.in_care_at_start,
        in_care_at_end: result.in_care_at_end,
        result: serde_json::to_string(result).map_err(|e| ServiceError::Internal(e.to_string()))?,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    })
}

/// Stores the forecast with the files it was run on, and audits it, in one transaction.
async fn write_forecast(
    db: &Db,
    ctx: &Ctx,
    row: &ForecastRow,
    files: &[(String, Vec<u8>)],
    period: &Period,
    result: &ForecastResult,
) -> Result<()> {
    let mut tx = db.begin().await?;
    ff_store::forecasts::insert(&mut tx, ctx.la(), row).await?;
    for (i, (name, bytes)) in files.iter().enumerate() {
        let f = FileRow {
            position: i32::try_from(i).unwrap_or(i32::MAX),
            name: name.chars().take(200).collect(),
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            checksum: format!("{:x}", Sha256::digest(bytes)),
        };
        ff_store::forecasts::insert_file(&mut tx, ctx.la(), row.id, &f, bytes).await?;
    }
    let what = format!(
        "demand forecast \"{}\" from {} to {} ({} children in care projected to {:.0})",
        row.title, period.start, period.end, result.in_care_at_start, result.in_care_at_end
    );
    audit(&mut tx, ctx, "create", "forecast", Some(row.id.to_string()), what).await?;
    tx.commit().await?;
    Ok(())
}

/// The council's latest forecasts.
pub async fn list(db: &Db, ctx: &Ctx) -> Result<ForecastsView> {
    ctx.authorise(Action::Forecast)?;
    let mut tx = db.begin().await?;
    let rows = ff_store::forecasts::latest(&mut tx, ctx.la(), LIST).await?;
    tx.commit().await?;
    Ok(ForecastsView {
        forecasts: rows.into_iter().map(view::summary).collect(),
        states: view::all_states(),
        cost_items: CostItem::ALL.into_iter().map(view::cost_item_default).collect(),
    })
}

/// One forecast as it was run. Audited as a view.
pub async fn get(db: &Db, ctx: &Ctx, id: Uuid) -> Result<ForecastView> {
    ctx.authorise(Action::Forecast)?;
    let mut tx = db.begin().await?;
    let row = ff_store::forecasts::get(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("forecast"))?;
    let files = ff_store::forecasts::files(&mut tx, ctx.la(), id).await?;
    audit(&mut tx, ctx, "view", "forecast", Some(id.to_string()), "demand forecast viewed".to_owned()).await?;
    tx.commit().await?;
    view::full(row, files)
}

/// The tables a forecast offers as CSV.
pub const TABLES: [&str; 4] = ["weekly", "quarters", "rates", "states"];

/// One of a forecast's tables as CSV: (file name, text). Audited.
pub async fn table(db: &Db, ctx: &Ctx, id: Uuid, table: &str) -> Result<(String, String)> {
    ctx.authorise(Action::Forecast)?;
    if !TABLES.contains(&table) {
        return Err(ServiceError::NotFound("table"));
    }
    let mut tx = db.begin().await?;
    let row = ff_store::forecasts::get(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("forecast"))?;
    audit(&mut tx, ctx, "export", "forecast", Some(id.to_string()), format!("demand forecast table {table} downloaded")).await?;
    tx.commit().await?;
    let v = view::full(row, vec![])?;
    Ok((format!("forecast_{}_{table}.csv", id.simple()), view::csv(&v.result, table)))
}
