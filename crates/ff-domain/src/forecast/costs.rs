//! What the projected children cost (FC-6). Each placement category is split into the kinds of
//! placement the council pays for (foster care with family or friends, the council's own foster
//! carers, an agency's, and so on), in the shares the reference period's children lived in them
//! (child-days); each kind has a weekly cost the commissioner sets (the peer's defaults below).
//! Populations are rounded to whole children before they are priced, and an optional yearly
//! inflation raises the daily cost on each anniversary of the first projected day.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};

use super::prepare::{Filter, Prepared};
use super::{Category, Projection, round_half_even};

/// A kind of placement the council pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CostItem {
    FosteringFamilyFriends,
    FosteringInHouse,
    FosteringAgency,
    ResidentialInHouse,
    ResidentialExternal,
    Supported,
    SecureHome,
    PlacedWithFamily,
    Other,
}

impl CostItem {
    pub const ALL: [CostItem; 9] = [
        CostItem::FosteringFamilyFriends,
        CostItem::FosteringInHouse,
        CostItem::FosteringAgency,
        CostItem::ResidentialInHouse,
        CostItem::ResidentialExternal,
        CostItem::Supported,
        CostItem::SecureHome,
        CostItem::PlacedWithFamily,
        CostItem::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CostItem::FosteringFamilyFriends => "Fostering (Friend/Relative)",
            CostItem::FosteringInHouse => "Fostering (In-house)",
            CostItem::FosteringAgency => "Fostering (IFA)",
            CostItem::ResidentialInHouse => "Residential (In-house)",
            CostItem::ResidentialExternal => "Residential (External)",
            CostItem::Supported => "Supported accommodation",
            CostItem::SecureHome => "Secure home",
            CostItem::PlacedWithFamily => "Placed with family",
            CostItem::Other => "Other",
        }
    }

    /// The key used in settings and the API.
    pub fn code(self) -> &'static str {
        match self {
            CostItem::FosteringFamilyFriends => "fostering_family_friends",
            CostItem::FosteringInHouse => "fostering_in_house",
            CostItem::FosteringAgency => "fostering_agency",
            CostItem::ResidentialInHouse => "residential_in_house",
            CostItem::ResidentialExternal => "residential_external",
            CostItem::Supported => "supported",
            CostItem::SecureHome => "secure_home",
            CostItem::PlacedWithFamily => "placed_with_family",
            CostItem::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<CostItem> {
        CostItem::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The category whose children it prices.
    pub fn category(self) -> Category {
        match self {
            CostItem::FosteringFamilyFriends | CostItem::FosteringInHouse | CostItem::FosteringAgency => Category::Fostering,
            CostItem::ResidentialInHouse | CostItem::ResidentialExternal => Category::Residential,
            CostItem::Supported => Category::Supported,
            CostItem::SecureHome | CostItem::PlacedWithFamily | CostItem::Other => Category::Other,
        }
    }

    /// The peer's default weekly cost, in pounds (a commissioner replaces these with the
    /// region's own).
    pub fn default_weekly(self) -> f64 {
        match self {
            CostItem::FosteringFamilyFriends => 100.0,
            CostItem::FosteringInHouse => 150.0,
            CostItem::FosteringAgency => 250.0,
            _ => 1000.0,
        }
    }

    /// The kind of a 903 placement (PLACE) with its provider (PLACE_PROVIDER: PR1–PR3 the
    /// council's or another council's own, PR4–PR5 private or voluntary). A foster or residential
    /// placement with no provider, or PR0, is priced as Other, as the peer does.
    pub fn of(place: &str, provider: &str) -> CostItem {
        let own = matches!(provider, "PR1" | "PR2" | "PR3");
        let bought = matches!(provider, "PR4" | "PR5");
        match place {
            "U1" | "U2" | "U3" => CostItem::FosteringFamilyFriends,
            "U4" | "U5" | "U6" if own => CostItem::FosteringInHouse,
            "U4" | "U5" | "U6" if bought => CostItem::FosteringAgency,
            "K2" | "R1" | "P3" | "S1" if own => CostItem::ResidentialInHouse,
            "K2" | "R1" | "P3" | "S1" if bought => CostItem::ResidentialExternal,
            "H5" | "P2" | "K3" => CostItem::Supported,
            "K1" => CostItem::SecureHome,
            "P1" => CostItem::PlacedWithFamily,
            _ => CostItem::Other,
        }
    }
}

/// Each kind's share of its category's child-days over `[from, to]` (both included). Kinds that
/// no child lived in have no share.
pub fn placement_proportions(p: &Prepared, filter: &Filter, from: NaiveDate, to: NaiveDate) -> BTreeMap<CostItem, f64> {
    let mut days: BTreeMap<CostItem, i64> = BTreeMap::new();
    for x in p.pieces.iter().filter(|x| filter.keeps(x, &p.las)) {
        let end = x.end.unwrap_or_else(|| p.data_end.succ_opt().unwrap_or(p.data_end));
        // Child-days within [from, to]: the piece counts on [start, end).
        let a = x.start.max(from);
        let b = end.min(to.succ_opt().unwrap_or(to));
        let entry = days.entry(x.cost_item).or_insert(0);
        if b > a {
            *entry += (b - a).num_days();
        }
    }
    let mut out = BTreeMap::new();
    for (item, d) in &days {
        let total: i64 = days.iter().filter(|(i, _)| i.category() == item.category()).map(|(_, d)| d).sum();
        out.insert(*item, if total > 0 { *d as f64 / total as f64 } else { f64::NAN });
    }
    out
}

/// A commissioner's cost settings for a forecast.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostOptions {
    /// Weekly cost per kind, in pounds; a kind not given costs its default.
    pub weekly: BTreeMap<CostItem, f64>,
    /// Yearly inflation as a fraction (0.1 for 10%), applied from the first anniversary.
    pub inflation: Option<f64>,
}

impl CostOptions {
    pub fn weekly(&self, item: CostItem) -> f64 {
        self.weekly.get(&item).copied().unwrap_or(item.default_weekly())
    }
}

/// Projected costs.
#[derive(Debug, Clone, PartialEq)]
pub struct CostSummary {
    /// Daily cost by kind, one row per projected day.
    pub daily: Vec<BTreeMap<CostItem, f64>>,
    /// (label "Q2-2022" for April to June 2022, cost by kind), in date order, to the penny.
    pub quarters: Vec<(String, BTreeMap<CostItem, f64>)>,
    /// The first year's cost, from the first projected day, to the penny.
    pub first_year: f64,
    pub proportions: BTreeMap<CostItem, f64>,
}

/// Six significant figures, as the peer's decimal arithmetic rounds an inflated cost.
fn six_figures(x: f64) -> f64 {
    format!("{x:.5e}").parse().unwrap_or(x)
}

fn pence(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Prices a projection.
pub fn costs(projection: &Projection, proportions: &BTreeMap<CostItem, f64>, options: &CostOptions) -> CostSummary {
    let n = projection.dates.len();
    let mut daily: Vec<BTreeMap<CostItem, f64>> = vec![BTreeMap::new(); n];
    let first = projection.dates.first().copied();
    for (j, state) in projection.states.iter().enumerate() {
        if state.category == Category::NotInCare {
            continue;
        }
        for item in CostItem::ALL.into_iter().filter(|i| i.category() == state.category) {
            let share = proportions.get(&item).copied().filter(|v| v.is_finite()).unwrap_or(0.0);
            let mut per_day = options.weekly(item) / 7.0;
            let mut anniversary = first;
            for (i, date) in projection.dates.iter().enumerate() {
                if let (Some(rate), Some(a)) = (options.inflation, anniversary)
                    && a.checked_add_months(Months::new(12)) == Some(*date)
                {
                    per_day = six_figures(per_day * (1.0 + rate));
                    anniversary = Some(*date);
                }
                let children = round_half_even(projection.population[i][j]);
                *daily[i].entry(item).or_insert(0.0) += children * per_day * share;
            }
        }
    }
    let mut quarters: Vec<(String, BTreeMap<CostItem, f64>)> = Vec::new();
    for (date, row) in projection.dates.iter().zip(&daily) {
        let label = format!("Q{}-{}", (date.month0() / 3) + 1, date.year());
        if quarters.last().is_none_or(|(l, _)| *l != label) {
            quarters.push((label, BTreeMap::new()));
        }
        if let Some((_, q)) = quarters.last_mut() {
            for (item, v) in row {
                *q.entry(*item).or_insert(0.0) += v;
            }
        }
    }
    for (_, q) in &mut quarters {
        for v in q.values_mut() {
            *v = pence(*v);
        }
    }
    let year_end = first.and_then(|f| f.checked_add_months(Months::new(12)));
    let first_year = pence(
        projection
            .dates
            .iter()
            .zip(&daily)
            .filter(|(d, _)| year_end.is_some_and(|e| **d < e))
            .map(|(_, row)| row.values().sum::<f64>())
            .sum(),
    );
    CostSummary { daily, quarters, first_year, proportions: proportions.clone() }
}
