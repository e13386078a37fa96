//! The projection (FC-4): day by day, each state's children move by the daily rates and new
//! children arrive by the entry rates, `p(t+1) = M·p(t) + e`, where M's column for a state holds
//! its rates to every other state and, on the diagonal, the share that stays. Children who leave
//! care are counted, cumulatively, in the "Not in care" states. The variance adds, each day, the
//! binomial variance of each day's moves and the Poisson variance of the entries (the peer's
//! measure: it is accumulated, not carried through M), and gives the confidence band.
//!
//! Scenario levers change a rate or an entry rate by a factor or by an amount. When the changed
//! rates out of a state add up to more than one, the rates that were not changed give way first
//! (scaled down to what is left), and the changed ones are scaled only if they alone exceed one.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};

use super::{Category, Period, Rates, State, round_half_even};

/// A change to one rate: multiply it, or add to it (not both; adding never goes below zero).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Adjustment {
    Multiply(f64),
    Add(f64),
}

impl Adjustment {
    fn apply(self, v: f64) -> f64 {
        match self {
            Adjustment::Multiply(m) => v * m,
            Adjustment::Add(a) => (v + a).max(0.0),
        }
    }

    fn changes(self) -> bool {
        match self {
            Adjustment::Multiply(m) => m != 1.0,
            Adjustment::Add(a) => a != 0.0,
        }
    }
}

/// The scenario levers of a forecast.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Adjustments {
    /// Changes to rates between states (a pair the data never had is ignored).
    pub rates: Vec<((State, State), Adjustment)>,
    /// Changes to the expected entries per day into a state.
    pub entries: Vec<(State, Adjustment)>,
}

/// Why a lever cannot be used (FC-5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeverError {
    /// Which lever: its place among the rate levers, then among the entry levers.
    pub lever: Lever,
    pub message: String,
}

/// A lever by its place in [`Adjustments`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lever {
    Rate(usize),
    Entry(usize),
}

impl Adjustments {
    /// FC-5: a factor is not negative and is not applied to a rate that is zero (nothing to
    /// multiply: add instead); an amount added to a rate is at most 1 (a rate is a daily share);
    /// a move is to another state and never to a younger age band.
    pub fn check(&self, rates: &Rates) -> Result<(), Vec<LeverError>> {
        let mut errors = Vec::new();
        for (i, ((from, to), a)) in self.rates.iter().enumerate() {
            let mut err = |message: String| errors.push(LeverError { lever: Lever::Rate(i), message });
            let original = rates.transitions.get(&(*from, *to)).copied().unwrap_or(0.0);
            if from == to {
                err(format!("Children in {from} who stay there are not a move: choose where they move to"));
                continue;
            }
            if to.band < from.band {
                err(format!("Children do not grow younger: {from} cannot move to {to}"));
                continue;
            }
            match *a {
                Adjustment::Multiply(m) if !m.is_finite() || m < 0.0 => err("A factor cannot be negative".into()),
                Adjustment::Multiply(m) if m != 1.0 && original == 0.0 => {
                    err(format!("No child in {from} moved to {to} in the period measured: add to the rate instead of multiplying it"))
                }
                Adjustment::Add(x) if !x.is_finite() || x > 1.0 => err("A daily rate cannot go up by more than 1".into()),
                _ => {}
            }
        }
        for (i, (to, a)) in self.entries.iter().enumerate() {
            let original = rates.entries.get(to).copied().unwrap_or(0.0);
            let message = match *a {
                Adjustment::Multiply(m) if !m.is_finite() || m < 0.0 => Some("A factor cannot be negative".to_owned()),
                Adjustment::Multiply(m) if m != 1.0 && original == 0.0 => {
                    Some(format!("No child entered care in {to} in the period measured, so there is nothing to multiply"))
                }
                _ => None,
            };
            if let Some(message) = message {
                errors.push(LeverError { lever: Lever::Entry(i), message });
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// A projection: a population and a variance for each state on each day.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// Sorted by label; "Not in care" states hold cumulative exits.
    pub states: Vec<State>,
    /// The day after the start, to the end.
    pub dates: Vec<NaiveDate>,
    /// `population[day][state]`.
    pub population: Vec<Vec<f64>>,
    pub variance: Vec<Vec<f64>>,
    /// The rates used (after the levers; the diagonal is the share that stays).
    pub rates: BTreeMap<(State, State), f64>,
    pub entries: BTreeMap<State, f64>,
    pub initial: BTreeMap<State, f64>,
}

impl Projection {
    /// Children in care on day `i` (every state but "Not in care").
    pub fn in_care(&self, i: usize) -> f64 {
        self.states.iter().zip(&self.population[i]).filter(|(s, _)| s.category != Category::NotInCare).map(|(_, v)| v).sum()
    }
}

/// Applies rate levers, then gives way as the module describes.
fn adjust_rates(rates: &mut BTreeMap<(State, State), f64>, levers: &[((State, State), Adjustment)]) {
    let mut adjusted: BTreeSet<(State, State)> = BTreeSet::new();
    for (pair, a) in levers {
        if let Some(v) = rates.get_mut(pair) {
            *v = a.apply(*v);
            if a.changes() {
                adjusted.insert(*pair);
            }
        }
    }
    if adjusted.is_empty() {
        return;
    }
    let froms: BTreeSet<State> = rates.keys().map(|(f, _)| *f).collect();
    for from in froms {
        let group: Vec<(State, State)> = rates.keys().filter(|(f, _)| *f == from).copied().collect();
        let total: f64 = group.iter().map(|k| rates[k]).sum();
        if total <= 1.0 {
            continue;
        }
        let sum_adj: f64 = group.iter().filter(|k| adjusted.contains(k)).map(|k| rates[k]).sum();
        let sum_other: f64 = group.iter().filter(|k| !adjusted.contains(k)).map(|k| rates[k]).sum();
        for k in &group {
            let v = rates[k];
            let nv = if sum_adj >= 1.0 {
                if adjusted.contains(k) { v / sum_adj } else { 0.0 }
            } else if adjusted.contains(k) {
                v
            } else if sum_other > 0.0 {
                v * (1.0 - sum_adj) / sum_other
            } else {
                v
            };
            rates.insert(*k, nv);
        }
    }
}

/// Projects `rates` over `period` with `levers`.
pub fn project(rates: &Rates, levers: &Adjustments, period: &Period) -> Projection {
    let mut r = rates.transitions.clone();
    adjust_rates(&mut r, &levers.rates);
    // The share that stays: one less every move out (a move within the state is not a move).
    let froms: BTreeSet<State> = r.keys().map(|(f, _)| *f).collect();
    for from in &froms {
        let out: f64 = r.iter().filter(|((f, t), _)| f == from && t != from).map(|(_, v)| v).sum();
        r.insert((*from, *from), 1.0 - out);
    }
    let states: Vec<State> = {
        let mut s: Vec<State> = r.keys().flat_map(|(f, t)| [*f, *t]).collect::<BTreeSet<_>>().into_iter().collect();
        s.sort();
        s
    };
    let ix: BTreeMap<State, usize> = states.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let k = states.len();
    let mut m = vec![vec![0.0; k]; k];
    for ((f, t), v) in &r {
        m[ix[t]][ix[f]] = *v;
    }
    // States that are only ever a destination keep who arrives.
    for (s, i) in &ix {
        if !froms.contains(s) {
            m[*i][*i] = 1.0;
        }
    }
    let mut entries = rates.entries.clone();
    for (to, a) in &levers.entries {
        if let Some(v) = entries.get_mut(to) {
            *v = a.apply(*v);
        }
    }
    let e: Vec<f64> = states.iter().map(|s| entries.get(s).copied().unwrap_or(0.0)).collect();
    let spread: Vec<Vec<f64>> = m.iter().map(|row| row.iter().map(|v| v * (1.0 - v)).collect()).collect();
    let mut p: Vec<f64> = states.iter().map(|s| rates.initial.get(s).copied().unwrap_or(0.0)).collect();
    let mut var = vec![0.0; k];
    let steps = (period.end - period.start).num_days().max(0) as usize;
    let mut dates = Vec::with_capacity(steps);
    let mut population = Vec::with_capacity(steps);
    let mut variance = Vec::with_capacity(steps);
    for i in 0..steps {
        let mut next = e.clone();
        for (to, row) in m.iter().enumerate() {
            let mut acc = 0.0;
            let mut acc_var = 0.0;
            for (from, v) in row.iter().enumerate() {
                acc += v * p[from];
                acc_var += spread[to][from] * p[from];
            }
            next[to] += acc;
            var[to] += acc_var + e[to];
        }
        p = next;
        dates.push(period.start.checked_add_days(Days::new(i as u64 + 1)).unwrap_or(period.start));
        population.push(p.clone());
        variance.push(var.clone());
    }
    Projection { states, dates, population, variance, rates: r, entries, initial: rates.initial.clone() }
}

/// One week's children in one kind of care, with the confidence band.
#[derive(Debug, Clone, PartialEq)]
pub struct CareTypeBand {
    pub date: NaiveDate,
    /// Fostering, Residential, Supported, Other, or None for all children in care.
    pub care_type: Option<Category>,
    /// Sum of each state's rounded population.
    pub children: f64,
    pub variance: f64,
    pub lower: f64,
    pub upper: f64,
}

/// Weekly figures by kind of care and in total, with a band of two standard deviations either
/// side (the peer's chart), starting on the first projected day.
pub fn bands_by_care_type(p: &Projection) -> Vec<CareTypeBand> {
    let mut out = Vec::new();
    for i in (0..p.dates.len()).step_by(7) {
        let kinds = Category::IN_CARE.into_iter().map(Some).chain(std::iter::once(None));
        for kind in kinds {
            let mut children = 0.0;
            let mut variance = 0.0;
            for (j, s) in p.states.iter().enumerate() {
                let counts = match kind {
                    Some(c) => s.category == c,
                    None => s.category != Category::NotInCare,
                };
                if counts {
                    children += round_half_even(p.population[i][j]);
                    variance += p.variance[i][j];
                }
            }
            let sd = variance.sqrt();
            out.push(CareTypeBand {
                date: p.dates[i],
                care_type: kind,
                children,
                variance,
                lower: children - 2.0 * sd,
                upper: children + 2.0 * sd,
            });
        }
    }
    out
}

/// How well the method would have done (FC-7): rates measured up to a day a year before the end
/// of the data, projected from that day to the end, against the children actually in care.
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// (day, projected, actual) every 30 days and on the last day.
    pub points: Vec<(NaiveDate, f64, f64)>,
    /// The mean of |projected - actual| / actual over the points, in per cent.
    pub mean_error_percent: f64,
    /// The same on the last day.
    pub end_error_percent: f64,
}

/// FC-7: hold out the last year of the data. None when the data before it is less than a year
/// long or the held-out year has no child in care.
pub fn backtest(p: &super::Prepared, filter: &super::Filter, reference_start: NaiveDate) -> Option<Backtest> {
    let to = p.data_end;
    let from = to.checked_sub_months(chrono::Months::new(12))?;
    if from.checked_sub_months(chrono::Months::new(12))? < reference_start.max(p.data_start) {
        return None;
    }
    let period = Period { reference_start: reference_start.max(p.data_start), reference_end: from, start: from, end: to };
    let measured = super::rates(p, filter, &period);
    let proj = project(&measured, &Adjustments::default(), &period);
    let actual = |d: NaiveDate| -> f64 {
        let i = (d - measured.data_start).num_days();
        usize::try_from(i)
            .ok()
            .and_then(|i| measured.stock.get(i))
            .map(|row| (0..25).filter(|k| State::from_index(*k).category != Category::NotInCare).map(|k| f64::from(row[k])).sum())
            .unwrap_or(0.0)
    };
    let last = proj.dates.len().checked_sub(1)?;
    let points: Vec<(NaiveDate, f64, f64)> = (0..proj.dates.len())
        .filter(|i| (i + 1) % 30 == 0 || *i == last)
        .map(|i| (proj.dates[i], proj.in_care(i), actual(proj.dates[i])))
        .collect();
    let errors: Vec<f64> = points.iter().filter(|(_, _, a)| *a > 0.0).map(|(_, f, a)| 100.0 * (f - a).abs() / a).collect();
    if errors.is_empty() {
        return None;
    }
    let end = points.last()?;
    Some(Backtest {
        from,
        to,
        mean_error_percent: errors.iter().sum::<f64>() / errors.len() as f64,
        end_error_percent: if end.2 > 0.0 { 100.0 * (end.1 - end.2).abs() / end.2 } else { 0.0 },
        points,
    })
}
