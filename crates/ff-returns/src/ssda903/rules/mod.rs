//! The SSDA903 rules. Each rule is a function named after its DfE code,
//! paired with a [`RuleInfo`] constant and the collection years it runs in.
//!
//! Conventions (as the DfE and the peer validator apply them):
//! * values are compared upper-cased and trimmed; blank is null;
//! * an unreadable date counts as absent, except in the "not a valid date" rules;
//! * a child's episodes are taken in DECOM order;
//! * "aged N at D" means D is on or after the N-th birthday, a 29 February
//!   birthday falling on 28 February in other years ([`model::aged`]).

use chrono::NaiveDate;

use super::RulesYear;
use super::issue::RuleInfo;
use super::model::{self, Return, Row, Table, col};

/// What a rule sees.
pub(crate) struct Ctx<'a> {
    pub year: RulesYear,
    pub cur: &'a Return,
    pub prev: Option<&'a Return>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The children continuously looked after (see [`continuously_looked_after`]),
    /// worked out once on first use: a dozen rules ask for every child.
    pub cla: std::sync::OnceLock<std::collections::HashSet<&'a str, model::BuildIdHasher>>,
    /// The national postcode directory and the returning council, when given.
    pub postcodes: Option<&'a super::Postcodes>,
    /// Ofsted's registered providers and the returning council, when given.
    pub providers: Option<&'a super::Providers>,
}

/// Where a rule reports: the (table, row) pairs it flags.
#[derive(Default)]
pub(crate) struct Out {
    pub hits: Vec<(Table, usize)>,
}

impl Out {
    pub fn flag(&mut self, t: Table, row: usize) {
        self.hits.push((t, row));
    }
    pub fn flag_all(&mut self, t: Table, rows: &[usize]) {
        self.hits.extend(rows.iter().map(|&r| (t, r)));
    }
}

/// The collection years a rule runs in (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Years {
    pub from: RulesYear,
    pub to: RulesYear,
}

impl Years {
    pub fn contains(self, y: RulesYear) -> bool {
        self.from <= y && y <= self.to
    }
}

use RulesYear::{Y2022_23, Y2023_24, Y2024_25, Y2025_26, Y2026_27};

/// Every year 2022-23..2026-27.
pub(crate) const ALL: Years = Years { from: Y2022_23, to: Y2026_27 };
/// From 2023-24.
#[allow(dead_code)] // used as the SW rules land
pub(crate) const FROM_23: Years = Years { from: Y2023_24, to: Y2026_27 };
/// From 2024-25.
pub(crate) const FROM_24: Years = Years { from: Y2024_25, to: Y2026_27 };
/// From 2025-26.
pub(crate) const FROM_25: Years = Years { from: Y2025_26, to: Y2026_27 };
/// From 2026-27.
#[allow(dead_code)]
pub(crate) const FROM_26: Years = Years { from: Y2026_27, to: Y2026_27 };
/// 2022-23 and 2023-24 only.
pub(crate) const TO_23: Years = Years { from: Y2022_23, to: Y2023_24 };
/// 2023-24 only.
pub(crate) const ONLY_23: Years = Years { from: Y2023_24, to: Y2023_24 };
/// 2024-25 only.
#[allow(dead_code)]
pub(crate) const ONLY_24: Years = Years { from: Y2024_25, to: Y2024_25 };

/// How a rule is checked.
#[derive(Clone, Copy)]
pub(crate) enum Check {
    /// Runs here.
    Run(fn(&Ctx, &mut Out)),
    /// Runs only on XML input (the CSV layout has no such field).
    XmlOnly(fn(&Ctx, &mut Out)),
    /// Needs the postcode directory, which the caller may give (`ValidateOptions::postcodes`).
    Postcodes(fn(&Ctx, &super::Postcodes, &mut Out)),
    /// Needs Ofsted's registered providers, which the caller may give
    /// (`ValidateOptions::providers`).
    Providers(fn(&Ctx, &super::Providers, &mut Out)),
    /// Needs both the registered providers and the postcode directory.
    ProvidersAndPostcodes(fn(&Ctx, &super::Providers, &super::Postcodes, &mut Out)),
}

/// A rule: catalogue entry, years, check.
#[derive(Clone, Copy)]
pub(crate) struct Rule {
    pub info: &'static RuleInfo,
    pub years: Years,
    pub check: Check,
}

impl Rule {
    pub const fn new(info: &'static RuleInfo, years: Years, f: fn(&Ctx, &mut Out)) -> Self {
        Rule { info, years, check: Check::Run(f) }
    }
    pub const fn xml_only(info: &'static RuleInfo, years: Years, f: fn(&Ctx, &mut Out)) -> Self {
        Rule { info, years, check: Check::XmlOnly(f) }
    }
    pub const fn postcodes(info: &'static RuleInfo, years: Years, f: fn(&Ctx, &super::Postcodes, &mut Out)) -> Self {
        Rule { info, years, check: Check::Postcodes(f) }
    }
    pub const fn providers(info: &'static RuleInfo, years: Years, f: fn(&Ctx, &super::Providers, &mut Out)) -> Self {
        Rule { info, years, check: Check::Providers(f) }
    }
    pub const fn providers_and_postcodes(
        info: &'static RuleInfo,
        years: Years,
        f: fn(&Ctx, &super::Providers, &super::Postcodes, &mut Out),
    ) -> Self {
        Rule { info, years, check: Check::ProvidersAndPostcodes(f) }
    }

    /// The reference data the caller must give for the rule to run, in words; `None` when it
    /// needs none. (241 needs the postcode directory as well as the providers.)
    pub fn needs_reference(&self) -> Option<&'static str> {
        match self.check {
            Check::Run(_) | Check::XmlOnly(_) => None,
            Check::Postcodes(_) => Some(lookup::POSTCODES),
            Check::Providers(_) | Check::ProvidersAndPostcodes(_) => Some(lookup::OFSTED),
        }
    }

    /// Why the rule cannot run on this input, if it cannot.
    pub fn skip_reason(&self, c: &Ctx) -> Option<String> {
        if matches!(self.check, Check::Providers(_) | Check::ProvidersAndPostcodes(_)) && c.providers.is_none() {
            return Some(format!("needs reference data - skipped: {}", lookup::OFSTED));
        }
        if matches!(self.check, Check::Postcodes(_) | Check::ProvidersAndPostcodes(_)) && c.postcodes.is_none() {
            return Some(format!("needs reference data - skipped: {}", lookup::POSTCODES));
        }
        if matches!(self.check, Check::XmlOnly(_)) && c.cur.format != super::model::SourceFormat::Xml {
            return Some("applies to XML returns only (CSV returns derive this field)".into());
        }
        let missing: Vec<&str> = self.info.tables.iter().filter(|t| !c.cur.has(**t)).map(|t| t.name()).collect();
        if !missing.is_empty() {
            return Some(format!("table(s) not supplied: {}", missing.join(", ")));
        }
        if !self.info.previous.is_empty() {
            match c.prev {
                None => return Some("needs last year's return (--previous)".into()),
                Some(p) => {
                    let missing: Vec<&str> = self.info.previous.iter().filter(|t| !p.has(**t)).map(|t| t.name()).collect();
                    if !missing.is_empty() {
                        return Some(format!("last year's table(s) not supplied: {}", missing.join(", ")));
                    }
                }
            }
        }
        None
    }

    pub fn run(&self, c: &Ctx, o: &mut Out) {
        match self.check {
            Check::Run(f) | Check::XmlOnly(f) => f(c, o),
            Check::Postcodes(f) => {
                if let Some(p) = c.postcodes {
                    f(c, p, o);
                }
            }
            Check::Providers(f) => {
                if let Some(p) = c.providers {
                    f(c, p, o);
                }
            }
            Check::ProvidersAndPostcodes(f) => {
                if let (Some(p), Some(d)) = (c.providers, c.postcodes) {
                    f(c, p, d, o);
                }
            }
        }
    }
}

/// Every rule, in catalogue order (by group).
pub(crate) fn registry() -> Vec<Rule> {
    let mut v = Vec::new();
    v.extend_from_slice(header::RULES);
    v.extend_from_slice(episodes::RULES);
    v.extend_from_slice(outcomes::RULES);
    v.extend_from_slice(missing::RULES);
    v.extend_from_slice(previous::RULES);
    v.extend_from_slice(lookup::RULES);
    v
}

/// Declares a [`RuleInfo`] constant: `info!(R101, "101", [Header], "message");`.
macro_rules! info {
    ($name:ident, $code:literal, [$($t:ident),*], $msg:literal) => {
        pub(crate) const $name: $crate::ssda903::issue::RuleInfo =
            $crate::ssda903::issue::RuleInfo::new($code, &[$($crate::ssda903::model::Table::$t),*], $msg);
    };
    ($name:ident, $code:literal, [$($t:ident),*], prev [$($p:ident),*], $msg:literal) => {
        pub(crate) const $name: $crate::ssda903::issue::RuleInfo =
            $crate::ssda903::issue::RuleInfo::new($code, &[$($crate::ssda903::model::Table::$t),*], $msg)
                .with_previous(&[$($crate::ssda903::model::Table::$p),*]);
    };
    ($name:ident, $code:literal, [$($t:ident),*], warning, $msg:literal) => {
        pub(crate) const $name: $crate::ssda903::issue::RuleInfo =
            $crate::ssda903::issue::RuleInfo::new($code, &[$($crate::ssda903::model::Table::$t),*], $msg).warning();
    };
}

mod episodes;
mod header;
mod lookup;
mod missing;
mod outcomes;
mod previous;

// ---------------------------------------------------------------------------
// Helpers shared by the rule groups.

/// Flags every row of `t` for which `f` holds.
pub(crate) fn each(c: &Ctx, t: Table, o: &mut Out, f: impl Fn(&Row) -> bool) {
    for (n, r) in c.cur.rows(t).iter().enumerate() {
        if f(r) {
            o.flag(t, n);
        }
    }
}

/// Flags every row of `t` for which `f` holds, given the child's Header DOB.
pub(crate) fn each_dob(c: &Ctx, t: Table, o: &mut Out, f: impl Fn(&Row, NaiveDate) -> bool) {
    for (n, r) in c.cur.rows(t).iter().enumerate() {
        if let Some(dob) = c.cur.row_dob(t, n)
            && f(r, dob)
        {
            o.flag(t, n);
        }
    }
}

/// A child's episodes, in DECOM order, as (row index, row).
pub(crate) fn episodes_of<'a>(r: &'a Return, child: &str) -> Vec<(usize, &'a Row)> {
    r.of(Table::Episodes, child).iter().map(|&n| (n, r.row(Table::Episodes, n))).collect()
}

/// Every child with episodes, with their episodes in DECOM order.
pub(crate) fn by_child(r: &Return) -> Vec<(&str, Vec<(usize, &Row)>)> {
    r.children(Table::Episodes).into_iter().map(|(ch, rows)| (ch, rows.iter().map(|&n| (n, r.row(Table::Episodes, n))).collect())).collect()
}

/// True when the episode's legal status is a short break (V3/V4).
pub(crate) fn short_break(e: &Row) -> bool {
    e.is(col::ep::LS, &["V3", "V4"])
}

/// `aged n at date` for an optional date of birth.
pub(crate) fn aged(dob: NaiveDate, n: i32, date: NaiveDate) -> bool {
    model::aged(dob, n, date)
}

/// The n-th birthday.
pub(crate) fn birthday(dob: NaiveDate, n: i32) -> NaiveDate {
    model::add_years(dob, n)
}

/// Children continuously looked after for 12 months at 31 March, as the
/// peer derives it from this year's episodes: an episode overlaps the year,
/// and no episode starts in the year with RNE S, ends in the year with a
/// REC other than X1, or is a short break (V3/V4) overlapping the year.
pub(crate) fn continuously_looked_after(c: &Ctx, child: &str) -> bool {
    c.cla
        .get_or_init(|| c.cur.children(Table::Episodes).into_iter().filter(|(_, rows)| cla_episodes(c, rows)).map(|(ch, _)| ch).collect())
        .contains(child)
}

fn cla_episodes(c: &Ctx, rows: &[usize]) -> bool {
    let eps: Vec<(usize, &Row)> = rows.iter().map(|&n| (n, c.cur.row(Table::Episodes, n))).collect();
    let overlaps = |e: &Row| e.d(col::ep::DECOM).is_some_and(|s| s <= c.end) && e.d(col::ep::DEC).is_none_or(|d| d >= c.start);
    if !eps.iter().any(|(_, e)| overlaps(e)) {
        return false;
    }
    !eps.iter().any(|(_, e)| {
        let started = e.d(col::ep::DECOM).is_some_and(|s| s >= c.start && s <= c.end) && e.is(col::ep::RNE, &["S"]);
        let ended = e.d(col::ep::DEC).is_some_and(|d| d >= c.start && d <= c.end) && !e.is(col::ep::REC, &["X1"]);
        started || ended || (short_break(e) && overlaps(e))
    })
}

/// Days from `a` to `b`.
pub(crate) fn days(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}
