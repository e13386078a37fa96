//! What a forecast shows, built once when it is run and kept as it was: the children in care
//! each week by kind of care with the band, the past month by month, the costs by quarter, the
//! rates and entries measured, the levers used and what the data left out.

use chrono::{Datelike, NaiveDate};
use ff_domain::forecast::prepare::Prepared;
use ff_domain::forecast::{
    Adjustment, Adjustments, AgeBand, Backtest, CareTypeBand, Category, CostItem, CostOptions, CostSummary, Filter, Period, Projection,
    Rates, State,
};
use ff_store::forecasts::{FileRow, ForecastRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Result, ServiceError};

/// Days in a year, to show daily rates as yearly ones.
const YEAR: f64 = 365.25;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WeekView {
    pub date: NaiveDate,
    pub fostering: f64,
    pub residential: f64,
    pub supported: f64,
    pub other: f64,
    pub total: f64,
    /// Two standard deviations below and above the total.
    pub lower: f64,
    pub upper: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PastView {
    pub date: NaiveDate,
    pub in_care: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StateView {
    pub state: String,
    pub at_start: f64,
    pub at_end: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QuarterView {
    /// "Q2-2027" is April to June 2027 (the peer's label, kept in the CSV).
    pub quarter: String,
    /// "April to June 2027", with "(part)" when the forecast covers only part of it.
    #[serde(default)]
    pub label: String,
    /// In the order of `cost_items`, in pounds.
    pub costs: Vec<f64>,
    pub total: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CostItemView {
    pub code: String,
    pub label: String,
    pub weekly: f64,
    /// The cost is the model's default, not one the commissioner gave.
    #[serde(default)]
    pub default: bool,
    /// Share of its kind of care's children in the reference period (none if no child lived there).
    pub share: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RateView {
    pub from: String,
    pub to: String,
    /// The daily rate as measured.
    pub daily: f64,
    /// The daily rate used (after the levers).
    pub used: f64,
    /// Expected moves per child per year at the rate used.
    pub per_year: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EntryView {
    pub state: String,
    /// Children entering a year, as measured and as used.
    pub per_year: f64,
    pub used_per_year: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LeverView {
    pub what: String,
    pub change: String,
}

/// How the method did on the last year of the data, held out (FC-7).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BacktestView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub points: Vec<BacktestPoint>,
    /// Mean absolute error over the points, per cent of the children actually in care.
    pub mean_error_percent: f64,
    pub end_error_percent: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BacktestPoint {
    pub date: NaiveDate,
    pub forecast: f64,
    pub actual: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LeftOutView {
    pub no_header: usize,
    pub duplicates: usize,
    pub legal_status_only: usize,
    pub out_of_range: usize,
    /// Moves on a day their state held no child the day before (left out of the rates).
    pub unexplained_moves: usize,
}

/// What a forecast found.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ForecastResult {
    pub data_start: NaiveDate,
    pub data_end: NaiveDate,
    pub reference_start: NaiveDate,
    pub reference_end: NaiveDate,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The councils in the data, and those the forecast covers (all when empty).
    pub councils: Vec<String>,
    pub councils_chosen: Vec<String>,
    pub episodes_read: usize,
    pub children: usize,
    /// Children of the councils chosen (all children when none were chosen).
    #[serde(default)]
    pub children_chosen: usize,
    pub left_out: LeftOutView,
    /// Rows of the files that could not be read (the first 50).
    pub problems: Vec<String>,
    pub in_care_at_start: f64,
    pub in_care_at_end: f64,
    /// Children projected to leave care over the forecast.
    pub leaving: f64,
    /// Children entering care a year, at the rates used.
    pub entering_per_year: f64,
    pub weekly: Vec<WeekView>,
    pub past: Vec<PastView>,
    pub states: Vec<StateView>,
    pub cost_items: Vec<CostItemView>,
    pub quarters: Vec<QuarterView>,
    pub first_year_cost: f64,
    pub inflation_percent: Option<f64>,
    pub rates: Vec<RateView>,
    pub entries: Vec<EntryView>,
    pub levers: Vec<LeverView>,
    /// None when the data before the last year is less than a year long (forecasts kept before
    /// backtests were made have none either).
    #[serde(default)]
    pub backtest: Option<BacktestView>,
}

/// One forecast as its page and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForecastView {
    pub id: Uuid,
    pub title: String,
    pub source: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub created_by: Uuid,
    /// The 903 files it was run on (none when run on the council's records).
    pub files: Vec<ForecastFileView>,
    pub result: ForecastResult,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForecastFileView {
    pub name: String,
    pub size: i64,
    pub checksum: String,
}

/// A forecast on the list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForecastSummary {
    pub id: Uuid,
    pub title: String,
    pub source: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub in_care_at_start: f64,
    pub in_care_at_end: f64,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// The council's forecasts, with what a new one can use.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForecastsView {
    /// Newest first, at most 50.
    pub forecasts: Vec<ForecastSummary>,
    /// Every state a lever can name.
    pub states: Vec<String>,
    /// Kinds of placement with their default weekly costs.
    pub cost_items: Vec<CostItemView>,
}

pub(super) struct Facts<'a> {
    pub prepared: &'a Prepared,
    pub filter: &'a Filter,
    pub period: &'a Period,
    pub rates: &'a Rates,
    pub levers: &'a Adjustments,
    pub projection: &'a Projection,
    pub bands: &'a [CareTypeBand],
    pub costs: &'a CostSummary,
    pub options: &'a CostOptions,
    pub problems: Vec<String>,
    pub backtest: Option<Backtest>,
}

fn change(a: Adjustment) -> String {
    match a {
        Adjustment::Multiply(m) => format!("× {m}"),
        Adjustment::Add(x) => format!("+ {x} a day"),
    }
}

pub(super) fn all_states() -> Vec<String> {
    let mut s: Vec<State> = AgeBand::ALL.into_iter().flat_map(|b| Category::IN_CARE.into_iter().map(move |c| State::new(b, c))).collect();
    s.sort_by_key(|x| (x.band, x.category));
    s.into_iter().map(|x| x.label()).collect()
}

pub(super) fn cost_item_default(i: CostItem) -> CostItemView {
    CostItemView { code: i.code().into(), label: i.label().into(), weekly: i.default_weekly(), default: true, share: None }
}

/// Everything a forecast shows, from what it measured and projected.
pub(super) fn result(f: &Facts) -> ForecastResult {
    let p = f.projection;
    let last = p.dates.len().saturating_sub(1);
    let in_care_at_start: f64 = f.rates.initial.iter().filter(|(s, _)| s.category != Category::NotInCare).map(|(_, v)| v).sum();
    let in_care_at_end = if p.dates.is_empty() { in_care_at_start } else { p.in_care(last) };
    let leaving = if p.dates.is_empty() {
        0.0
    } else {
        p.states.iter().zip(&p.population[last]).filter(|(s, _)| s.category == Category::NotInCare).map(|(_, v)| v).sum()
    };
    let entries = entry_views(f);
    let entering_per_year = entries.iter().map(|e| e.used_per_year).sum();
    ForecastResult {
        data_start: f.prepared.data_start,
        data_end: f.prepared.data_end,
        reference_start: f.period.reference_start,
        reference_end: f.period.reference_end,
        start: f.period.start,
        end: f.period.end,
        councils: f.prepared.las.clone(),
        councils_chosen: f.filter.las.clone(),
        episodes_read: f.prepared.episodes_read,
        children: f.prepared.children.len(),
        children_chosen: children_chosen(f),
        left_out: LeftOutView {
            no_header: f.prepared.left_out.no_header,
            duplicates: f.prepared.left_out.duplicates,
            legal_status_only: f.prepared.left_out.legal_status_only,
            out_of_range: f.prepared.left_out.out_of_range,
            unexplained_moves: f.rates.unexplained_moves,
        },
        problems: f.problems.iter().take(50).cloned().collect(),
        in_care_at_start,
        in_care_at_end,
        leaving,
        entering_per_year,
        weekly: week_views(f.bands),
        past: past_views(f.rates),
        states: state_views(f),
        cost_items: cost_item_views(f),
        quarters: quarter_views(f),
        first_year_cost: f.costs.first_year,
        inflation_percent: f.options.inflation.map(|r| r * 100.0),
        rates: rate_views(f),
        entries,
        levers: lever_views(f.levers),
        backtest: f.backtest.as_ref().map(backtest_view),
    }
}

/// The children of the councils chosen (all children when none were chosen).
fn children_chosen(f: &Facts) -> usize {
    let mut kids: Vec<u32> = f.prepared.pieces.iter().filter(|x| f.filter.keeps(x, &f.prepared.las)).map(|x| x.child).collect();
    kids.sort_unstable();
    kids.dedup();
    kids.len()
}

/// The children in care each week by kind of care, with the total and its band.
fn week_views(bands: &[CareTypeBand]) -> Vec<WeekView> {
    let mut weekly: Vec<WeekView> = Vec::new();
    for b in bands {
        if weekly.last().is_none_or(|w| w.date != b.date) {
            weekly.push(WeekView {
                date: b.date,
                fostering: 0.0,
                residential: 0.0,
                supported: 0.0,
                other: 0.0,
                total: 0.0,
                lower: 0.0,
                upper: 0.0,
            });
        }
        if let Some(w) = weekly.last_mut() {
            match b.care_type {
                Some(Category::Fostering) => w.fostering = b.children,
                Some(Category::Residential) => w.residential = b.children,
                Some(Category::Supported) => w.supported = b.children,
                Some(_) => w.other = b.children,
                None => (w.total, w.lower, w.upper) = (b.children, b.lower.max(0.0), b.upper),
            }
        }
    }
    weekly
}

/// The past: children in care on the first of each month of the data (and its first and last day).
fn past_views(rates: &Rates) -> Vec<PastView> {
    let mut past = Vec::new();
    let days = rates.stock.len();
    for (i, row) in rates.stock.iter().enumerate() {
        let date = rates.data_start + chrono::Days::new(i as u64);
        if date.day() == 1 || i == 0 || i + 1 == days {
            let in_care = (0..25).filter(|k| State::from_index(*k).category != Category::NotInCare).map(|k| f64::from(row[k])).sum();
            past.push(PastView { date, in_care });
        }
    }
    past
}

/// Each state in care at the start and the end of the forecast, by age then kind of care.
fn state_views(f: &Facts) -> Vec<StateView> {
    let p = f.projection;
    let last = p.dates.len().saturating_sub(1);
    let mut states: Vec<StateView> = p
        .states
        .iter()
        .enumerate()
        .filter(|(_, s)| s.category != Category::NotInCare)
        .map(|(j, s)| StateView {
            state: s.label(),
            at_start: f.rates.initial.get(s).copied().unwrap_or(0.0),
            at_end: if p.dates.is_empty() { 0.0 } else { p.population[last][j] },
        })
        .collect();
    states.sort_by(|a, b| {
        let key = |x: &StateView| State::parse(&x.state).map(|s| (s.band, s.category));
        key(a).cmp(&key(b))
    });
    states
}

/// Each kind of placement's weekly cost (marked when it is the default) and its share.
fn cost_item_views(f: &Facts) -> Vec<CostItemView> {
    CostItem::ALL
        .into_iter()
        .map(|i| CostItemView {
            code: i.code().into(),
            label: i.label().into(),
            weekly: f.options.weekly(i),
            default: !f.options.weekly.contains_key(&i),
            share: f.costs.proportions.get(&i).copied().filter(|v| v.is_finite()),
        })
        .collect()
}

/// The costs by quarter, by kind of placement, with each quarter's total to the penny.
fn quarter_views(f: &Facts) -> Vec<QuarterView> {
    f.costs
        .quarters
        .iter()
        .map(|(q, m)| {
            let costs: Vec<f64> = CostItem::ALL.into_iter().map(|i| m.get(&i).copied().unwrap_or(0.0)).collect();
            let total = (costs.iter().sum::<f64>() * 100.0).round() / 100.0;
            QuarterView { label: quarter_label(q, f.period), quarter: q.clone(), costs, total }
        })
        .collect()
}

/// The rates of moving between states, measured and used, by age then kind of care (the peer's
/// order is by label, with "Birth to 1" last).
fn rate_views(f: &Facts) -> Vec<RateView> {
    let p = f.projection;
    let mut pairs: Vec<(&(State, State), &f64)> = f.rates.transitions.iter().filter(|((a, b), _)| a != b).collect();
    pairs.sort_by_key(|((a, b), _)| (a.band, a.category, b.band, b.category));
    pairs
        .into_iter()
        .map(|((a, b), v)| {
            let used = p.rates.get(&(*a, *b)).copied().unwrap_or(*v);
            RateView { from: a.label(), to: b.label(), daily: *v, used, per_year: used * YEAR }
        })
        .collect()
}

/// The children entering each state in care a year, measured and used.
fn entry_views(f: &Facts) -> Vec<EntryView> {
    let p = f.projection;
    f.rates
        .entries
        .iter()
        .filter(|(s, _)| s.category != Category::NotInCare)
        .map(|(s, v)| EntryView { state: s.label(), per_year: v * YEAR, used_per_year: p.entries.get(s).copied().unwrap_or(*v) * YEAR })
        .collect()
}

/// The levers used, rates first, then entries.
fn lever_views(levers: &Adjustments) -> Vec<LeverView> {
    let mut out: Vec<LeverView> =
        levers.rates.iter().map(|((a, b), c)| LeverView { what: format!("{a} → {b}"), change: change(*c) }).collect();
    out.extend(levers.entries.iter().map(|(s, c)| LeverView { what: format!("children entering {s}"), change: change(*c) }));
    out
}

/// How well the method did on the data's last year (FC-7).
fn backtest_view(b: &Backtest) -> BacktestView {
    BacktestView {
        from: b.from,
        to: b.to,
        points: b
            .points
            .iter()
            .map(|(date, forecast, actual)| BacktestPoint { date: *date, forecast: *forecast, actual: *actual })
            .collect(),
        mean_error_percent: b.mean_error_percent,
        end_error_percent: b.end_error_percent,
    }
}

/// "April to June 2027" for the peer's "Q2-2027", marked when the forecast covers only part.
fn quarter_label(q: &str, period: &Period) -> String {
    let parse = || -> Option<(u32, i32)> {
        let (n, y) = q.strip_prefix('Q')?.split_once('-')?;
        Some((n.parse().ok()?, y.parse().ok()?))
    };
    let Some((n, year)) = parse() else { return q.to_owned() };
    let months = ["January to March", "April to June", "July to September", "October to December"];
    let first = NaiveDate::from_ymd_opt(year, 3 * n.saturating_sub(1) + 1, 1);
    let next = first.and_then(|d| d.checked_add_months(chrono::Months::new(3)));
    let whole = match (first, next) {
        (Some(a), Some(b)) => period.start < a && b.pred_opt().is_some_and(|last| last <= period.end),
        _ => true,
    };
    let name = months.get(n.saturating_sub(1) as usize).copied().unwrap_or("");
    format!("{name} {year}{}", if whole { "" } else { " (part)" })
}

pub(super) fn summary(r: ForecastRow) -> ForecastSummary {
    ForecastSummary {
        id: r.id,
        title: r.title,
        source: r.source,
        start: r.start_date,
        end: r.end_date,
        in_care_at_start: r.in_care_at_start,
        in_care_at_end: r.in_care_at_end,
        created_at: r.created_at,
    }
}

pub(super) fn full(r: ForecastRow, files: Vec<FileRow>) -> Result<ForecastView> {
    let result: ForecastResult = serde_json::from_str(&r.result).map_err(|e| ServiceError::Internal(format!("a kept forecast: {e}")))?;
    Ok(ForecastView {
        id: r.id,
        title: r.title,
        source: r.source,
        created_at: r.created_at,
        created_by: r.created_by,
        files: files.into_iter().map(|f| ForecastFileView { name: f.name, size: f.size, checksum: f.checksum }).collect(),
        result,
    })
}

/// Plain when nothing needs quoting (numbers, dates, state names), otherwise the crate's quoted
/// cell, which also makes a formula typed into an uploaded file inert.
fn cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(['=', '+', '-', '@', '\t']) { crate::csv_cell(s) } else { s.to_owned() }
}

/// One table of a forecast as CSV.
pub(super) fn csv(r: &ForecastResult, table: &str) -> String {
    let mut out = String::new();
    let mut line = |cells: Vec<String>| {
        out.push_str(&cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    };
    match table {
        "weekly" => {
            line(["date", "fostering", "residential", "supported", "other", "total", "lower", "upper"].map(String::from).to_vec());
            for w in &r.weekly {
                line(vec![
                    w.date.to_string(),
                    w.fostering.to_string(),
                    w.residential.to_string(),
                    w.supported.to_string(),
                    w.other.to_string(),
                    w.total.to_string(),
                    format!("{:.2}", w.lower),
                    format!("{:.2}", w.upper),
                ]);
            }
        }
        "quarters" => {
            let mut head = vec!["quarter".to_owned()];
            head.extend(r.cost_items.iter().map(|c| c.label.clone()));
            head.push("total".into());
            line(head);
            for q in &r.quarters {
                let mut row = vec![q.quarter.clone()];
                row.extend(q.costs.iter().map(|c| format!("{c:.2}")));
                row.push(format!("{:.2}", q.total));
                line(row);
            }
        }
        "rates" => {
            line(["from", "to", "daily_rate_measured", "daily_rate_used", "per_child_per_year"].map(String::from).to_vec());
            for x in &r.rates {
                line(vec![x.from.clone(), x.to.clone(), x.daily.to_string(), x.used.to_string(), format!("{:.4}", x.per_year)]);
            }
            for e in &r.entries {
                line(vec![
                    "entering care".into(),
                    e.state.clone(),
                    (e.per_year / YEAR).to_string(),
                    (e.used_per_year / YEAR).to_string(),
                    format!("{:.2}", e.used_per_year),
                ]);
            }
        }
        _ => {
            line(["state", "at_start", "at_end"].map(String::from).to_vec());
            for s in &r.states {
                line(vec![s.state.clone(), s.at_start.to_string(), format!("{:.4}", s.at_end)]);
            }
        }
    }
    out
}
