//! The rates of a forecast (FC-3), measured over a reference period on prepared pieces:
//! - the stock: children in each state on each day (a piece counts from its first day up to,
//!   not including, its last);
//! - the daily rate of moving from one state to another: for each day of the reference period on
//!   which the state held children the day before, the day's moves divided by the day before's
//!   stock, averaged over those days (the peer's mean of daily ratios, not total moves over
//!   child-days). Moves within a state (a new placement of the same kind at the same age) are
//!   not counted as moves: those children stay;
//! - entries: children starting a period of care in each state, per day of the reference period
//!   (an expected count per day, not a probability).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::prepare::{Filter, Prepared};
use super::{AgeBand, Category, Period, State};

/// Measured rates and the population the projection starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates {
    /// Daily rate from one state to another, as measured (moves within a state included).
    pub transitions: BTreeMap<(State, State), f64>,
    /// Expected children entering each state per day.
    pub entries: BTreeMap<State, f64>,
    /// Children in each state on the day the projection starts (or the nearest day with data).
    pub initial: BTreeMap<State, f64>,
    /// Daily stock per state over the data (first day = `data_start`), for charts of the past.
    pub stock: Vec<[u32; 25]>,
    pub data_start: NaiveDate,
    pub data_end: NaiveDate,
    /// Days on which a state's children moved although it held none the day before (a piece that
    /// starts and ends on the same day); the peer stops on these, here they are left out.
    pub unexplained_moves: usize,
}

fn day(from: NaiveDate, d: NaiveDate) -> i64 {
    (d - from).num_days()
}

/// Measures the rates for `period` on the pieces `filter` keeps.
pub fn rates(p: &Prepared, filter: &Filter, period: &Period) -> Rates {
    let pieces: Vec<_> = p.pieces.iter().filter(|x| filter.keeps(x, &p.las)).collect();
    let (start, end) = (p.data_start, p.data_end);
    let n = usize::try_from(day(start, end) + 1).unwrap_or(0);
    // Stock by difference: +1 on the first day counted, -1 on the day after the last.
    let mut diff = vec![[0i64; 25]; n + 1];
    let mut present: BTreeSet<State> = BTreeSet::new();
    for x in &pieces {
        let s = State::new(x.band, x.category);
        present.insert(s);
        let a = day(start, x.start.max(start));
        let b = x.end.map_or(n as i64, |e| day(start, e).min(n as i64));
        if a < b && a < n as i64 {
            diff[a as usize][s.index()] += 1;
            diff[b as usize][s.index()] -= 1;
        }
    }
    let mut stock = vec![[0u32; 25]; n];
    let mut run = [0i64; 25];
    for (d, row) in stock.iter_mut().enumerate() {
        for k in 0..25 {
            run[k] += diff[d][k];
            row[k] = u32::try_from(run[k]).unwrap_or(0);
        }
    }
    // Moves on each day, from and to.
    let mut moves: BTreeMap<(State, State), Vec<(i64, u32)>> = BTreeMap::new();
    let mut first_move: Option<NaiveDate> = None;
    for x in &pieces {
        let (Some(e), Some(after)) = (x.end, x.after) else { continue };
        first_move = Some(first_move.map_or(e, |f: NaiveDate| f.min(e)));
        let pair = (State::new(x.band, x.category), State::new(x.end_band, after));
        let v = moves.entry(pair).or_default();
        let d = day(start, e);
        match v.last_mut() {
            Some((ld, c)) if *ld == d => *c += 1,
            _ => v.push((d, 1)),
        }
    }
    // The days a rate is measured on: the reference period, from the first move (or the start
    // of the data), to the end of the data; the data's first day has no day before.
    let first = day(start, period.reference_start.max(first_move.unwrap_or(start)).max(start)).max(1);
    let last = day(start, period.reference_end.min(end));
    let prev = |d: i64, s: State| -> u32 { if d >= 1 && (d as usize) <= n { stock[d as usize - 1][s.index()] } else { 0 } };
    let mut transitions: BTreeMap<(State, State), f64> = BTreeMap::new();
    let mut unexplained_moves = 0;
    let mut days_with_stock: BTreeMap<State, usize> = BTreeMap::new();
    for (&(from, to), days) in &moves {
        let denom = *days_with_stock.entry(from).or_insert_with(|| (first..=last).filter(|&d| prev(d, from) > 0).count());
        let mut sum = 0.0;
        for &(d, c) in days {
            if d < first || d > last {
                continue;
            }
            let before = prev(d, from);
            if before == 0 {
                unexplained_moves += 1;
                continue;
            }
            sum += f64::from(c) / f64::from(before);
        }
        transitions.insert((from, to), if denom == 0 { 0.0 } else { sum / denom as f64 });
    }
    // Every move between the categories seen at an age, and out of care, is a state pair, even if
    // never seen (its rate is then 0).
    let mut seen: BTreeMap<AgeBand, BTreeSet<Category>> = BTreeMap::new();
    for x in &pieces {
        seen.entry(x.band).or_default().insert(x.category);
    }
    for (band, cats) in &mut seen {
        cats.insert(Category::NotInCare);
        for &a in cats.iter().filter(|c| **c != Category::NotInCare) {
            for &b in cats.iter() {
                transitions.entry((State::new(*band, a), State::new(*band, b))).or_insert(0.0);
            }
        }
    }
    // Entries: pieces starting a period of care within the reference period.
    let days = (day(period.reference_start, period.reference_end) + 1).max(1) as f64;
    let mut entries: BTreeMap<State, f64> = BTreeMap::new();
    for (band, cats) in &seen {
        for c in cats {
            entries.insert(State::new(*band, *c), 0.0);
        }
    }
    for x in &pieces {
        if x.before == Category::NotInCare && x.start >= period.reference_start && x.start <= period.reference_end {
            *entries.entry(State::new(x.band, x.category)).or_insert(0.0) += 1.0;
        }
    }
    for v in entries.values_mut() {
        *v /= days;
    }
    // The population on the nearest day with data.
    let on = day(start, period.start).clamp(0, n as i64 - 1);
    let initial = if n == 0 { BTreeMap::new() } else { present.iter().map(|s| (*s, f64::from(stock[on as usize][s.index()]))).collect() };
    Rates { transitions, entries, initial, stock, data_start: start, data_end: end, unexplained_moves }
}
