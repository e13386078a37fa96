//! From 903 episodes to the pieces the rates are counted on (FC-2). Each step mirrors the peer's
//! preparation, in the same order, because the order changes the numbers:
//! 1. each child's latest header gives the date of birth, sex and whether the child was an
//!    unaccompanied asylum seeker; episodes of children with no header are left out;
//! 2. duplicates across return years are removed: of episodes starting the same day the one
//!    ending latest is kept (an open one only if no closed one), then of episodes ending the same
//!    day the one starting first; an episode still open, or ending after the next one starts, is
//!    closed when the next one starts;
//! 3. an episode that only records a change of legal status (reason L, T or U, starting the day
//!    the one before ended) is folded into the episode before, which takes its end;
//! 4. each episode is cut at the birthdays where the child moves to the next age band, and each
//!    piece is told where the child was before it and went after it.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Months, NaiveDate};

use super::costs::CostItem;
use super::{AgeBand, Category, History, YEAR_IN_DAYS};

/// One piece of an episode, within one age band.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Index into [`Prepared::children`].
    pub child: u32,
    /// Index into [`Prepared::las`].
    pub la: u16,
    pub start: NaiveDate,
    /// None while the episode is open.
    pub end: Option<NaiveDate>,
    pub age: f64,
    pub end_age: f64,
    pub band: AgeBand,
    pub end_band: AgeBand,
    pub category: Category,
    /// Where the child was the day before (not in care when this starts a new period of care).
    pub before: Category,
    /// Where the child went; None while open.
    pub after: Option<Category>,
    pub cost_item: CostItem,
    pub sex: Option<u8>,
    pub uasc: bool,
    /// True for a piece that starts at a birthday (the reason for new episode the peer calls "Age").
    pub by_age: bool,
}

/// What the preparation left out, so the page can say so.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// Episodes of children with no header row (no date of birth).
    pub no_header: usize,
    /// Duplicates of the same episode in later years' files.
    pub duplicates: usize,
    /// Changes of legal status alone, folded into the episode before.
    pub legal_status_only: usize,
    /// Episodes of children aged under -1 or 30 or over at either end (the peer stops on these).
    pub out_of_range: usize,
}

/// Prepared history: the pieces and the dates the data covers.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub pieces: Vec<Piece>,
    pub children: Vec<String>,
    pub las: Vec<String>,
    /// 1 April of the year before the earliest return year.
    pub data_start: NaiveDate,
    /// 31 March after the latest date in the data.
    pub data_end: NaiveDate,
    pub left_out: LeftOut,
    /// Episodes read, before anything was left out.
    pub episodes_read: usize,
}

/// Which children a forecast covers (all by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Councils by name as in the LA column; empty for all.
    pub las: Vec<String>,
    /// 1 boys, 2 girls.
    pub sex: Option<u8>,
    pub uasc: Option<bool>,
}

impl Filter {
    pub fn keeps(&self, p: &Piece, las: &[String]) -> bool {
        (self.las.is_empty() || self.las.iter().any(|l| las.get(usize::from(p.la)) == Some(l)))
            && self.sex.is_none_or(|s| p.sex == Some(s))
            && self.uasc.is_none_or(|u| p.uasc == u)
    }
}

#[derive(Debug, Clone)]
struct Row {
    child: u32,
    la: u16,
    decom: NaiveDate,
    /// The reason for the new episode is a change of legal status alone (L, T or U).
    legal_only: bool,
    category: Category,
    cost_item: CostItem,
    dec: Option<NaiveDate>,
    year: i32,
}

/// `dob` plus `years` calendar years (29 February becomes 28 February).
fn birthday(dob: NaiveDate, years: i32) -> NaiveDate {
    if years >= 0 {
        dob.checked_add_months(Months::new(12 * years.unsigned_abs())).unwrap_or(NaiveDate::MAX)
    } else {
        dob.checked_sub_months(Months::new(12 * years.unsigned_abs())).unwrap_or(NaiveDate::MIN)
    }
}

fn age(dob: NaiveDate, on: NaiveDate) -> f64 {
    (on - dob).num_days() as f64 / YEAR_IN_DAYS
}

/// Prepares a region's history (FC-2).
pub fn prepare(h: &History) -> Prepared {
    let mut left_out = LeftOut::default();
    // 1. The latest header per child, and UASC children.
    let mut header: HashMap<&str, (i32, NaiveDate, Option<u8>)> = HashMap::new();
    for r in &h.headers {
        let e = header.entry(r.child.as_str()).or_insert((r.year, r.dob, r.sex));
        if r.year > e.0 {
            *e = (r.year, r.dob, r.sex);
        }
    }
    let uasc: HashSet<&str> = h.uasc.iter().map(|(c, _)| c.as_str()).collect();
    let mut children: Vec<String> = Vec::new();
    let mut child_ix: HashMap<&str, u32> = HashMap::new();
    let mut las: Vec<String> = Vec::new();
    let mut la_ix: HashMap<&str, u16> = HashMap::new();
    let mut rows: Vec<Row> = Vec::with_capacity(h.episodes.len());
    for e in &h.episodes {
        if !header.contains_key(e.child.as_str()) {
            left_out.no_header += 1;
            continue;
        }
        let child = *child_ix.entry(e.child.as_str()).or_insert_with(|| {
            children.push(e.child.clone());
            (children.len() - 1) as u32
        });
        let la = *la_ix.entry(e.la.as_str()).or_insert_with(|| {
            las.push(e.la.clone());
            (las.len() - 1) as u16
        });
        let place = e.place.trim();
        rows.push(Row {
            child,
            la,
            decom: e.decom,
            legal_only: matches!(e.rne.trim(), "L" | "T" | "U"),
            category: Category::of_place(place),
            cost_item: CostItem::of(place, e.provider.trim()),
            dec: e.dec,
            year: e.year,
        });
    }
    // 2. Sort by child, start, end (open first), keeping file order in ties. Children are kept
    // together in the order they were first seen: only each child's own order matters.
    rows.sort_by(|a, b| a.child.cmp(&b.child).then(a.decom.cmp(&b.decom)).then(a.dec.cmp(&b.dec)));
    let before = rows.len();
    // Same child and start: keep the last (the latest end; a closed one over an open one).
    let mut kept: Vec<Row> = Vec::with_capacity(rows.len());
    for r in rows {
        if let Some(last) = kept.last_mut()
            && last.child == r.child
            && last.decom == r.decom
        {
            *last = r;
            continue;
        }
        kept.push(r);
    }
    // Same child and end: keep the first (the earliest start); open counts as an end here.
    let mut ends: HashSet<(u32, Option<NaiveDate>)> = HashSet::new();
    kept.retain(|r| ends.insert((r.child, r.dec)));
    left_out.duplicates = before - kept.len();
    // Close an episode that is open, or ends after the next one starts, when the next one starts.
    for i in 0..kept.len() {
        let next = kept.get(i + 1).filter(|n| n.child == kept[i].child).map(|n| n.decom);
        if let Some(next) = next
            && kept[i].dec.is_none_or(|d| d > next)
        {
            kept[i].dec = Some(next);
        }
    }
    let latest = kept.iter().flat_map(|r| [Some(r.decom), r.dec]).flatten().max();
    let data_end = match latest {
        Some(m) if m.month() >= 4 => NaiveDate::from_ymd_opt(m.year() + 1, 3, 31),
        Some(m) => NaiveDate::from_ymd_opt(m.year(), 3, 31),
        None => None,
    }
    .unwrap_or(NaiveDate::MIN);
    let data_start = kept.iter().map(|r| r.year).min().and_then(|y| NaiveDate::from_ymd_opt(y - 1, 4, 1)).unwrap_or(NaiveDate::MIN);
    let (data_start, data_end) = h.covers.unwrap_or((data_start, data_end));
    // 3. Fold changes of legal status alone into the episode before (compared with the ends as
    // they were before any folding).
    let skip: Vec<bool> = (0..kept.len())
        .map(|i| i > 0 && kept[i].legal_only && kept[i].child == kept[i - 1].child && Some(kept[i].decom) == kept[i - 1].dec)
        .collect();
    let mut folded: Vec<Row> = Vec::with_capacity(kept.len());
    for (r, skip) in kept.into_iter().zip(skip) {
        match folded.last_mut() {
            Some(last) if skip => {
                last.dec = r.dec;
                left_out.legal_status_only += 1;
            }
            _ => folded.push(r),
        }
    }
    // 4. Cut at birthdays.
    let mut pieces: Vec<Piece> = Vec::with_capacity(folded.len() * 5 / 4);
    for r in &folded {
        let (_, dob, sex) = header[children[r.child as usize].as_str()];
        let start_age = age(dob, r.decom);
        let end_age = age(dob, r.dec.unwrap_or(data_end));
        let (Some(band), Some(_)) = (AgeBand::of(start_age), AgeBand::of(end_age)) else {
            left_out.out_of_range += 1;
            continue;
        };
        let (category, cost_item) = (r.category, r.cost_item);
        let is_uasc = uasc.contains(children[r.child as usize].as_str());
        let crossed = [1, 5, 10, 16].into_iter().filter(|&b| start_age < f64::from(b) && f64::from(b) <= end_age);
        for s in std::iter::once(band.start()).chain(crossed) {
            let Some(piece_band) = AgeBand::starting_at(s) else { continue };
            let band_end = piece_band.end();
            let (mut p_start, mut p_age, mut by_age) = (r.decom, start_age, false);
            if f64::from(s) > start_age {
                p_start = birthday(dob, s);
                p_age = f64::from(s);
                by_age = true;
            }
            let (mut p_end, mut p_end_age) = (r.dec, end_age);
            if f64::from(band_end) < end_age {
                p_end = Some(birthday(dob, band_end));
                p_end_age = f64::from(band_end);
            }
            let (Some(b), Some(eb)) = (AgeBand::of(p_age), AgeBand::of(p_end_age)) else { continue };
            pieces.push(Piece {
                child: r.child,
                la: r.la,
                start: p_start,
                end: p_end,
                age: p_age,
                end_age: p_end_age,
                band: b,
                end_band: eb,
                category,
                before: Category::NotInCare,
                after: None,
                cost_item,
                sex,
                uasc: is_uasc,
                by_age,
            });
        }
    }
    // Where the child was before and went after each piece.
    for i in 0..pieces.len() {
        let prev = i.checked_sub(1).map(|j| &pieces[j]).filter(|p| p.child == pieces[i].child && p.end == Some(pieces[i].start));
        let before = prev.map_or(Category::NotInCare, |p| p.category);
        let after = pieces[i].end.map(|end| {
            pieces.get(i + 1).filter(|n| n.child == pieces[i].child && n.start == end).map_or(Category::NotInCare, |n| n.category)
        });
        pieces[i].before = before;
        pieces[i].after = after;
    }
    Prepared { pieces, children, las, data_start, data_end, left_out, episodes_read: h.episodes.len() }
}
