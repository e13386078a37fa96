//! Optimal matching of children to homes with vacancies (issue 16 item 4; decision 0028).
//!
//! A *unit* is a child, or a sibling group that must live together: one unit needing `k` places
//! in one home (RCC-REF-1 "siblings to place together"). A *home* is an in-house foster
//! household with free approved places (RCC-SHARE-8) or a provider's declared vacancy, keyed by
//! its Ofsted URN on the provider register (RCC-SHARE-6, decision 0015).
//!
//! Our rules, each a hard constraint a proposed match must meet ([`check`]):
//! - MATCH-1 registration: a provider's vacancy is on the register, registered (active) and not
//!   judged Inadequate (PR-REG-1, PR-REG-2); an in-house household is approved (CR-6);
//! - MATCH-2 kind: the home is of the kind the search asks for ("any" takes every kind);
//! - MATCH-3 supported accommodation only for 16 and 17 year olds (no child under 16);
//! - MATCH-4 ages: every child of the unit is within the ages the home takes;
//! - MATCH-5 places: the home has a free place for every child of the unit (siblings together);
//! - MATCH-6 needs: every need of the unit is one the home says it can meet;
//! - MATCH-7 risk: a high risk to others only where the home accepts it; a high risk to self
//!   not in supported accommodation (which supports, and does not care for, a young person);
//! - MATCH-8 distance: the home is within the search's distance limit from the family;
//! - MATCH-9 timing: the home is free on or before the day the home is needed by.
//!
//! The objective ([`Weights`], [`cost_terms`]) is a weighted sum of the miles from the family,
//! the miles from the school, the weekly cost and the needs fit (specialist abilities the home
//! has that the unit does not need, kept for children who do), plus a penalty for every child
//! left unmatched larger than any difference matched costs can make, so the solve first matches
//! as many children as possible, then minimises the cost ([`solve`]).
//!
//! Pure apart from the solver call: no clock, no I/O.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::Instant;

use ff_domain::geography::distance_miles;
use ff_domain::home_search::{HomeKind, RiskLevel};
use ff_domain::providers::{Judgement, Registration};
use serde::{Deserialize, Serialize};

pub mod generate;

/// Need codes a search can state and a home can say it meets (RCC-REF-1 needs items).
pub const NEEDS: &[(&str, &str)] = &[
    ("disability", "A disability or complex health needs"),
    ("mental_health", "Mental health support"),
    ("behaviour", "Behaviour that challenges"),
    ("exploitation", "Risk of exploitation"),
    ("substance", "Substance misuse"),
    ("uasc", "An unaccompanied asylum-seeking child"),
    ("parent_child", "A parent and their baby"),
    ("therapeutic", "Therapeutic care"),
];

/// The plain words for a need code.
pub fn need_label(code: &str) -> &str {
    NEEDS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l).unwrap_or(code)
}

/// A point on the OS national grid, in metres (the postcode directory's eastings and northings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grid {
    pub easting: i32,
    pub northing: i32,
}

impl Grid {
    pub fn miles_to(self, other: Grid) -> f64 {
        distance_miles((self.easting, self.northing), (other.easting, other.northing))
    }
}

/// A child, or brothers and sisters who must live together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// The home search (or searches) this unit stands for.
    pub id: String,
    /// Each child's age in whole years on the day the home is needed.
    pub ages: Vec<u32>,
    pub kind: HomeKind,
    pub needs: BTreeSet<String>,
    pub risk_to_self: RiskLevel,
    pub risk_to_others: RiskLevel,
    pub family: Grid,
    pub school: Option<Grid>,
    /// The furthest from the family a home may be, in miles.
    pub max_miles: f64,
    /// The day a home is needed by, as days from an epoch the caller chooses (the same for homes).
    pub needed_by: i64,
}

impl Unit {
    /// How many places the unit needs in one home.
    pub fn places(&self) -> u32 {
        u32::try_from(self.ages.len()).unwrap_or(u32::MAX).max(1)
    }
}

/// Where a home's standing comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// An in-house foster household approved by the council (CR-6).
    Approved,
    /// A provider's vacancy: the register's entry for its URN.
    Register { registration: Registration, judgement: Judgement },
    /// A provider's vacancy whose URN is not on the register.
    NotOnRegister,
}

/// A home with free places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Home {
    pub id: String,
    pub kind: HomeKind,
    pub standing: Standing,
    /// Free places now.
    pub places: u32,
    /// The youngest and oldest ages taken.
    pub ages: (u32, u32),
    pub can_meet: BTreeSet<String>,
    pub accepts_high_risk: bool,
    pub location: Grid,
    /// The weekly price of one place, in pence.
    pub weekly_pence: i64,
    /// The first day it is free, in the same days as [`Unit::needed_by`].
    pub available_from: i64,
}

/// The weights a commissioner sets: what one mile, one pound a week and one unused specialism
/// cost in the objective (in points; a point is a pound a week when the cost weight is 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    pub family_per_mile: f64,
    pub school_per_mile: f64,
    pub cost_per_pound: f64,
    pub needs_per_unused: f64,
}

impl Default for Weights {
    /// Defaults: a mile from the family is worth £20 a week, a mile from school £10, an
    /// unused specialism £100.
    fn default() -> Self {
        Weights { family_per_mile: 20.0, school_per_mile: 10.0, cost_per_pound: 1.0, needs_per_unused: 100.0 }
    }
}

impl Weights {
    /// Each weight from 0 to 1,000.
    pub fn check(&self) -> Result<(), Vec<(&'static str, &'static str)>> {
        let mut e = Vec::new();
        for (field, w) in [
            ("family_per_mile", self.family_per_mile),
            ("school_per_mile", self.school_per_mile),
            ("cost_per_pound", self.cost_per_pound),
            ("needs_per_unused", self.needs_per_unused),
        ] {
            if !(0.0..=1_000.0).contains(&w) || w.is_nan() {
                e.push((field, "Enter a weight from 0 to 1,000"));
            }
        }
        if e.is_empty() { Ok(()) } else { Err(e) }
    }
}

/// One hard constraint and how a match met it (or why it did not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub rule: String,
    pub field: String,
    pub words: String,
}

/// One term of the objective for a match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    pub field: String,
    /// The measured value (miles, pounds a week, specialisms).
    pub value: f64,
    pub unit: String,
    pub weight: f64,
    /// `value × weight`, in points.
    pub cost: f64,
}

fn rule_check(rule: &str, field: &str, words: String) -> Check {
    Check { rule: rule.into(), field: field.into(), words }
}

fn kind_words(k: HomeKind) -> String {
    k.label().to_lowercase()
}

/// Every hard constraint for placing `unit` in `home`: all met (with how, field by field), or
/// the first one refused.
pub fn check(unit: &Unit, home: &Home) -> Result<Vec<Check>, Check> {
    let mut met = Vec::with_capacity(9);
    // MATCH-1
    match home.standing {
        Standing::Approved => met.push(rule_check("MATCH-1", "registration", "in-house foster carers approved by the council".into())),
        Standing::NotOnRegister => {
            return Err(rule_check("MATCH-1", "registration", "the provider's URN is not on the provider register".into()));
        }
        Standing::Register { registration, judgement } => {
            if registration != Registration::Active {
                return Err(rule_check(
                    "MATCH-1",
                    "registration",
                    format!("the provider's registration is {}", registration.label().to_lowercase()),
                ));
            }
            if judgement == Judgement::Inadequate {
                return Err(rule_check("MATCH-1", "registration", "Ofsted's latest judgement of the provider is Inadequate".into()));
            }
            met.push(rule_check(
                "MATCH-1",
                "registration",
                format!("registered with Ofsted, latest judgement: {}", judgement.label().to_lowercase()),
            ));
        }
    }
    // MATCH-2
    if unit.kind != HomeKind::Any && unit.kind != home.kind {
        return Err(rule_check(
            "MATCH-2",
            "kind",
            format!("the search asks for {}, and this is {}", kind_words(unit.kind), kind_words(home.kind)),
        ));
    }
    met.push(rule_check("MATCH-2", "kind", format!("{} (asked for: {})", home.kind.label(), kind_words(unit.kind))));
    // MATCH-3
    let youngest = unit.ages.iter().copied().min().unwrap_or(0);
    let oldest = unit.ages.iter().copied().max().unwrap_or(0);
    if home.kind == HomeKind::Supported {
        if youngest < 16 {
            return Err(rule_check(
                "MATCH-3",
                "kind",
                format!("supported accommodation is only for 16 and 17 year olds, and a child is {youngest}"),
            ));
        }
        met.push(rule_check("MATCH-3", "kind", "supported accommodation, and every young person is 16 or 17".into()));
    }
    // MATCH-4
    if youngest < home.ages.0 || oldest > home.ages.1 {
        return Err(rule_check(
            "MATCH-4",
            "ages",
            format!("the home takes ages {} to {}, and the children are {}", home.ages.0, home.ages.1, ages_words(&unit.ages)),
        ));
    }
    met.push(rule_check("MATCH-4", "ages", format!("aged {} (the home takes {} to {})", ages_words(&unit.ages), home.ages.0, home.ages.1)));
    // MATCH-5
    let k = unit.places();
    if k > home.places {
        return Err(rule_check("MATCH-5", "places", format!("{} needed together, {} free", plural(k, "place"), home.places)));
    }
    met.push(rule_check(
        "MATCH-5",
        "places",
        if k > 1 {
            format!("{k} brothers and sisters together, {} free", home.places)
        } else {
            format!("1 place needed, {} free", home.places)
        },
    ));
    // MATCH-6
    if let Some(n) = unit.needs.iter().find(|n| !home.can_meet.contains(*n)) {
        return Err(rule_check("MATCH-6", "needs", format!("the home does not say it can meet: {}", need_label(n).to_lowercase())));
    }
    met.push(rule_check(
        "MATCH-6",
        "needs",
        if unit.needs.is_empty() {
            "no particular needs stated".into()
        } else {
            format!(
                "the home can meet every need: {}",
                unit.needs.iter().map(|n| need_label(n).to_lowercase()).collect::<Vec<_>>().join("; ")
            )
        },
    ));
    // MATCH-7
    if unit.risk_to_others == RiskLevel::High && !home.accepts_high_risk {
        return Err(rule_check("MATCH-7", "risk", "a high risk to others, and the home does not accept it".into()));
    }
    if unit.risk_to_self == RiskLevel::High && home.kind == HomeKind::Supported {
        return Err(rule_check("MATCH-7", "risk", "a high risk to self, and supported accommodation does not provide care".into()));
    }
    met.push(rule_check(
        "MATCH-7",
        "risk",
        format!(
            "risk to others: {}; to self: {}{}",
            unit.risk_to_others.label().to_lowercase(),
            unit.risk_to_self.label().to_lowercase(),
            if unit.risk_to_others == RiskLevel::High { " (the home accepts a high risk to others)" } else { "" }
        ),
    ));
    // MATCH-8
    let miles = unit.family.miles_to(home.location);
    if miles > unit.max_miles {
        return Err(rule_check(
            "MATCH-8",
            "distance",
            format!("{miles:.1} miles from the family, beyond the limit of {:.0}", unit.max_miles),
        ));
    }
    met.push(rule_check("MATCH-8", "distance", format!("{miles:.1} miles from the family (limit {:.0})", unit.max_miles)));
    // MATCH-9
    if home.available_from > unit.needed_by {
        return Err(rule_check(
            "MATCH-9",
            "available_from",
            format!("free {} days after the home is needed", home.available_from - unit.needed_by),
        ));
    }
    met.push(rule_check("MATCH-9", "available_from", "free on or before the day the home is needed".into()));
    Ok(met)
}

fn plural(n: u32, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

fn ages_words(ages: &[u32]) -> String {
    ages.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

/// The objective's terms for placing `unit` in `home` (assumed to pass [`check`]).
pub fn cost_terms(unit: &Unit, home: &Home, w: &Weights) -> Vec<Term> {
    let [family, school, pounds, unused] = measures(unit, home);
    let term = |field: &str, value: f64, unit: &str, weight: f64| Term {
        field: field.into(),
        value,
        unit: unit.into(),
        weight,
        cost: value * weight,
    };
    vec![
        term("distance_family", family, "miles", w.family_per_mile),
        term("distance_school", school, "miles", w.school_per_mile),
        term("weekly_cost", pounds, "pounds a week", w.cost_per_pound),
        term("needs_fit", unused, "specialisms not needed", w.needs_per_unused),
    ]
}

/// What the objective measures for a pair: miles from the family, miles from the school, pounds
/// a week (per place, times the places), specialisms the home has that the unit does not need.
fn measures(unit: &Unit, home: &Home) -> [f64; 4] {
    let family = unit.family.miles_to(home.location);
    let school = unit.school.map(|s| s.miles_to(home.location)).unwrap_or(0.0);
    let pounds = home.weekly_pence as f64 / 100.0 * f64::from(unit.places());
    let unused = home.can_meet.iter().filter(|c| !unit.needs.contains(*c)).count() as f64;
    [family, school, pounds, unused]
}

/// The cost the solver sees: the terms' sum in whole points (integral, so an absolute gap under
/// one point proves optimality). The same sum as [`cost_terms`], in the same order.
pub fn cost(unit: &Unit, home: &Home, w: &Weights) -> i64 {
    let [family, school, pounds, unused] = measures(unit, home);
    (family * w.family_per_mile + school * w.school_per_mile + pounds * w.cost_per_pound + unused * w.needs_per_unused).round() as i64
}

/// A candidate pair the model may choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arc {
    pub unit: usize,
    pub home: usize,
    pub cost: i64,
}

/// The same decision as [`check`] without its words: whether `unit` may live in `home`. Used to
/// test every pair quickly; [`check`] explains the pairs proposed (a test holds them equal).
pub fn fits(unit: &Unit, home: &Home) -> bool {
    let registered = match home.standing {
        Standing::Approved => true,
        Standing::NotOnRegister => false,
        Standing::Register { registration, judgement } => registration == Registration::Active && judgement != Judgement::Inadequate,
    };
    let youngest = unit.ages.iter().copied().min().unwrap_or(0);
    let oldest = unit.ages.iter().copied().max().unwrap_or(0);
    registered
        && (unit.kind == HomeKind::Any || unit.kind == home.kind)
        && (home.kind != HomeKind::Supported || youngest >= 16)
        && youngest >= home.ages.0
        && oldest <= home.ages.1
        && unit.places() <= home.places
        && unit.needs.iter().all(|n| home.can_meet.contains(n))
        && (unit.risk_to_others != RiskLevel::High || home.accepts_high_risk)
        && (unit.risk_to_self != RiskLevel::High || home.kind != HomeKind::Supported)
        && home.available_from <= unit.needed_by
        && unit.family.miles_to(home.location) <= unit.max_miles
}

/// Every feasible pair, each unit's cheapest first. Homes are sorted by easting once, so each
/// unit only looks at the band of homes within its distance limit east and west.
pub fn feasible(units: &[Unit], homes: &[Home], w: &Weights) -> Vec<Vec<Arc>> {
    let mut by_easting: Vec<(i32, usize)> = homes.iter().enumerate().map(|(i, h)| (h.location.easting, i)).collect();
    by_easting.sort_unstable();
    units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            // A mile is 1,609.3 m in the DfE's formula; miles are rounded to 0.1, so allow 100 m more.
            let reach = (unit.max_miles * 1_609.3 + 100.0).ceil() as i32;
            let lo = by_easting.partition_point(|(e, _)| *e < unit.family.easting.saturating_sub(reach));
            let hi = by_easting.partition_point(|(e, _)| *e <= unit.family.easting.saturating_add(reach));
            let mut arcs: Vec<Arc> = by_easting[lo..hi]
                .iter()
                .map(|(_, h)| *h)
                .filter(|h| fits(unit, &homes[*h]))
                .map(|h| Arc { unit: u, home: h, cost: cost(unit, &homes[h], w) })
                .collect();
            arcs.sort_by_key(|a| (a.cost, a.home));
            arcs
        })
        .collect()
}

/// Keeps, for each unit, only the cheapest feasible homes that an optimal assignment could use.
///
/// **Why this never removes the optimum.** Take an optimal assignment, and among the optimal ones
/// one with the fewest units placed outside the homes kept for them. Suppose unit `u` is placed
/// in a home `h` not kept. Every kept home `h'` costs no more for `u` than `h` (kept homes are a
/// cheapest prefix) and has room for all of `u` on its own (MATCH-5 is part of feasibility). If
/// some kept `h'` had room left, moving `u` there would cost no more and place one unit fewer
/// outside its kept homes: a contradiction. So each kept home is full, which needs at least one
/// *other* unit placed in it, and a unit lives in one home only: blocking `m` kept homes takes
/// `m` distinct other units, each feasible for the home it blocks. We keep homes in cost order
/// until their number exceeds the number of other units feasible for any of them (at most `n`
/// homes for `n` units, the bound "keep each unit's `n` cheapest homes"), so they cannot all be
/// blocked, and an optimal assignment within the kept homes exists. Ties in cost keep the home
/// with the lower index first, the same order for every unit, so the argument holds with ties.
///
/// The same argument counted in places stops sooner where homes have several: a kept home `h'`
/// with `p'` free places is full for `u` (needing `k`) only when others fill more than `p' − k`
/// of its places, so blocking every kept home takes `Σ (p' − k + 1)` places of other units; once
/// that exceeds the places all the other units feasible for a kept home need between them, not
/// every kept home can be blocked. We stop at whichever count proves it first.
///
/// Tested against the unpruned solve on small random instances (`pruning_keeps_the_optimum`).
pub fn prune(arcs: &[Vec<Arc>], places: &[u32], free: &[u32]) -> Vec<Vec<Arc>> {
    let homes = free.len();
    // Units feasible for each home.
    let mut by_home: Vec<Vec<usize>> = vec![Vec::new(); homes];
    for list in arcs {
        for a in list {
            by_home[a.home].push(a.unit);
        }
    }
    let mut seen = vec![usize::MAX; arcs.len()];
    arcs.iter()
        .enumerate()
        .map(|(u, list)| {
            let (mut others, mut other_places, mut to_block) = (0usize, 0u64, 0u64);
            let mut kept = Vec::new();
            for a in list {
                kept.push(*a);
                to_block += u64::from(free[a.home].saturating_sub(places[u]) + 1);
                for &v in &by_home[a.home] {
                    if v != u && seen[v] != u {
                        seen[v] = u;
                        others += 1;
                        other_places += u64::from(places[v]);
                    }
                }
                if kept.len() > others || to_block > other_places {
                    break;
                }
            }
            kept
        })
        .collect()
}

/// [`prune`] with the places each unit needs and each home has.
pub fn prune_for(arcs: &[Vec<Arc>], units: &[Unit], homes: &[Home]) -> Vec<Vec<Arc>> {
    let places: Vec<u32> = units.iter().map(Unit::places).collect();
    let free: Vec<u32> = homes.iter().map(|h| h.places).collect();
    prune(arcs, &places, &free)
}

/// The assignment model as a mixed-integer programme, in one form both our solve and the LP file
/// are written from: a binary `x` for each kept pair, a continuous `y` in \[0, 1\] for each unit
/// with a feasible home (left unmatched), one row per unit (`Σx + y = 1`) and one per home used
/// (`Σ places·x ≤ free places`).
#[derive(Debug, Clone)]
pub struct Model {
    pub arcs: Vec<Arc>,
    /// Units with at least one kept pair, in order.
    pub units: Vec<usize>,
    /// Places needed by each unit of [`Model::units`].
    pub places: Vec<u32>,
    /// The penalty for leaving one child unmatched.
    pub penalty: i64,
    /// Homes appearing in a pair, with their free places.
    pub homes: Vec<(usize, u32)>,
    /// Units with no feasible home at all (left unmatched whatever the solve).
    pub no_home: Vec<usize>,
}

impl Model {
    /// `all` are every feasible pair (for the penalty, so pruning leaves the objective as it
    /// was); `kept` the pairs to model.
    pub fn new(units: &[Unit], homes: &[Home], all: &[Vec<Arc>], kept: &[Vec<Arc>]) -> Model {
        // Larger than the sum of every unit's dearest match: leaving a child unmatched always
        // costs more than any change in matched costs can save.
        let penalty = 1 + all.iter().map(|l| l.iter().map(|a| a.cost).max().unwrap_or(0)).sum::<i64>();
        let mut model_units = Vec::new();
        let mut places = Vec::new();
        let mut no_home = Vec::new();
        let mut arcs = Vec::new();
        let mut used = vec![false; homes.len()];
        for (u, list) in kept.iter().enumerate() {
            if list.is_empty() {
                no_home.push(u);
                continue;
            }
            model_units.push(u);
            places.push(units[u].places());
            for a in list {
                used[a.home] = true;
                arcs.push(*a);
            }
        }
        let homes = used.iter().enumerate().filter(|(_, u)| **u).map(|(h, _)| (h, homes[h].places)).collect();
        Model { arcs, units: model_units, places, penalty, homes, no_home }
    }

    /// The same model in CPLEX LP format (read by HiGHS, highspy, and most solvers). Columns
    /// `x<i>` are [`Model::arcs`] in order; `y<j>` the units of [`Model::units`].
    pub fn to_lp(&self) -> String {
        let mut out = String::with_capacity(self.arcs.len() * 40);
        let mut unit_row = vec![usize::MAX; self.units.iter().max().map_or(0, |m| m + 1)];
        for (j, &u) in self.units.iter().enumerate() {
            unit_row[u] = j;
        }
        out.push_str("\\ Families First matching round (ff-matching)\nMinimize\n obj:");
        let mut line = 0;
        let mut push = |out: &mut String, s: &str| {
            out.push_str(s);
            line += 1;
            if line % 8 == 0 {
                out.push_str("\n ");
            }
        };
        for (i, a) in self.arcs.iter().enumerate() {
            push(&mut out, &format!(" + {} x{i}", a.cost));
        }
        for (j, &k) in self.places.iter().enumerate() {
            push(&mut out, &format!(" + {} y{j}", self.penalty * i64::from(k)));
        }
        out.push_str("\nSubject To\n");
        let mut per_unit: Vec<Vec<usize>> = vec![Vec::new(); self.units.len()];
        let mut home_row = std::collections::HashMap::new();
        for (r, (h, _)) in self.homes.iter().enumerate() {
            home_row.insert(*h, r);
        }
        let mut per_home: Vec<Vec<usize>> = vec![Vec::new(); self.homes.len()];
        for (i, a) in self.arcs.iter().enumerate() {
            per_unit[unit_row[a.unit]].push(i);
            per_home[home_row[&a.home]].push(i);
        }
        for (j, cols) in per_unit.iter().enumerate() {
            let _ = write!(out, " u{j}:");
            for (n, i) in cols.iter().enumerate() {
                let _ = write!(out, " + x{i}");
                if n % 10 == 9 {
                    out.push_str("\n ");
                }
            }
            let _ = writeln!(out, " + y{j} = 1");
        }
        for (r, cols) in per_home.iter().enumerate() {
            let _ = write!(out, " h{r}:");
            for (n, i) in cols.iter().enumerate() {
                let k = self.places[unit_row[self.arcs[*i].unit]];
                let _ = write!(out, " + {k} x{i}");
                if n % 10 == 9 {
                    out.push_str("\n ");
                }
            }
            let _ = writeln!(out, " <= {}", self.homes[r].1);
        }
        out.push_str("Bounds\n");
        for j in 0..self.units.len() {
            let _ = writeln!(out, " 0 <= y{j} <= 1");
        }
        out.push_str("Binary\n");
        for i in 0..self.arcs.len() {
            let _ = write!(out, " x{i}");
            if i % 16 == 15 {
                out.push('\n');
            }
        }
        out.push_str("\nEnd\n");
        out
    }
}

impl Model {
    /// A feasible starting assignment for the solver (a warm start; it changes how soon the
    /// solve finishes, never what it proves): units with the fewest kept homes first, each in
    /// its cheapest kept home with room; then each unit left over tries once to make room by
    /// moving one unit already placed to another of that unit's homes with room. One value per
    /// column, in the model's order (`x` then `y`).
    pub fn start(&self) -> Vec<f64> {
        let mut unit_row = vec![usize::MAX; self.units.iter().max().map_or(0, |m| m + 1)];
        for (j, &u) in self.units.iter().enumerate() {
            unit_row[u] = j;
        }
        let mut free: std::collections::HashMap<usize, u32> = self.homes.iter().copied().collect();
        let mut arcs_of: Vec<Vec<usize>> = vec![Vec::new(); self.units.len()];
        for (i, a) in self.arcs.iter().enumerate() {
            arcs_of[unit_row[a.unit]].push(i);
        }
        let mut order: Vec<usize> = (0..self.units.len()).collect();
        order.sort_by_key(|&j| (arcs_of[j].len(), std::cmp::Reverse(self.places[j])));
        let mut placed: Vec<Option<usize>> = vec![None; self.units.len()];
        let mut occupants: std::collections::HashMap<usize, Vec<usize>> = std::collections::HashMap::new();
        for &j in &order {
            let k = self.places[j];
            if let Some(&i) = arcs_of[j].iter().find(|&&i| free.get(&self.arcs[i].home).is_some_and(|f| *f >= k)) {
                let h = self.arcs[i].home;
                if let Some(f) = free.get_mut(&h) {
                    *f -= k;
                }
                placed[j] = Some(i);
                occupants.entry(h).or_default().push(j);
            }
        }
        for &j in &order {
            if placed[j].is_some() {
                continue;
            }
            let k = self.places[j];
            'arcs: for &i in &arcs_of[j] {
                let h = self.arcs[i].home;
                let room = free.get(&h).copied().unwrap_or(0);
                for &v in occupants.get(&h).cloned().unwrap_or_default().iter() {
                    if room + self.places[v] < k {
                        continue;
                    }
                    let kv = self.places[v];
                    let moved = arcs_of[v].iter().copied().find(|&i2| {
                        let h2 = self.arcs[i2].home;
                        h2 != h && free.get(&h2).is_some_and(|f| *f >= kv)
                    });
                    if let Some(i2) = moved {
                        let h2 = self.arcs[i2].home;
                        if let Some(f) = free.get_mut(&h2) {
                            *f -= kv;
                        }
                        occupants.entry(h2).or_default().push(v);
                        placed[v] = Some(i2);
                        if let Some(list) = occupants.get_mut(&h) {
                            list.retain(|x| *x != v);
                            list.push(j);
                        }
                        if let Some(f) = free.get_mut(&h) {
                            *f = *f + kv - k;
                        }
                        placed[j] = Some(i);
                        break 'arcs;
                    }
                }
            }
        }
        let mut cols = vec![0.0; self.arcs.len() + self.units.len()];
        for (j, p) in placed.iter().enumerate() {
            match p {
                Some(i) => cols[*i] = 1.0,
                None => cols[self.arcs.len() + j] = 1.0,
            }
        }
        cols
    }
}

/// How far to solve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The relative gap at which to stop: 0 solves to proven optimality (the objective is whole
    /// points, so an absolute gap under one point proves it).
    pub relative_gap: f64,
    pub time_limit_seconds: f64,
    /// Prune safely before solving ([`prune`]); off only to test the pruning.
    pub prune: bool,
    /// Start the solver from [`Model::start`].
    pub warm_start: bool,
    pub threads: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options { relative_gap: 0.0, time_limit_seconds: 60.0, prune: true, warm_start: true, threads: 1 }
    }
}

/// One proposed match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub unit: usize,
    pub home: usize,
    /// The objective's points for this match.
    pub cost: i64,
    pub checks: Vec<Check>,
    pub terms: Vec<Term>,
}

/// What the solve says and proposes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The solver's status in words (`Optimal`, `ReachedTimeLimit`, …).
    pub status: String,
    /// True when the solver proved the assignment optimal for the whole objective.
    pub proven_optimal: bool,
    /// The objective, the unmatched penalty included.
    pub objective: f64,
    /// The solver's best bound.
    pub bound: f64,
    /// The relative MIP gap (0 when proven).
    pub gap: f64,
    pub seconds: f64,
    /// Seconds spent checking pairs and pruning, before the solver.
    pub model_seconds: f64,
    pub proposals: Vec<Proposal>,
    /// Units left unmatched, with why when no home was feasible at all.
    pub unmatched: Vec<usize>,
    pub penalty_per_child: i64,
    pub pairs_feasible: usize,
    pub pairs_modelled: usize,
}

/// Builds the model (feasible pairs, safe pruning) for the given units and homes.
pub fn build(units: &[Unit], homes: &[Home], w: &Weights, prune_first: bool) -> Model {
    let all = feasible(units, homes, w);
    let kept = if prune_first { prune_for(&all, units, homes) } else { all.clone() };
    Model::new(units, homes, &all, &kept)
}

/// Solves a built model with HiGHS; proposals carry their explanations.
pub fn solve_model(model: &Model, units: &[Unit], homes: &[Home], w: &Weights, options: &Options) -> Outcome {
    let started = Instant::now();
    let mut pb = highs::ColProblem::new();
    let unit_rows: Vec<highs::Row> = model.units.iter().map(|_| pb.add_row(1.0..=1.0)).collect();
    let mut home_rows = vec![None; homes.len()];
    for (h, free) in &model.homes {
        home_rows[*h] = Some(pb.add_row(..=f64::from(*free)));
    }
    let mut unit_index = vec![usize::MAX; units.len()];
    for (j, &u) in model.units.iter().enumerate() {
        unit_index[u] = j;
    }
    for a in &model.arcs {
        let j = unit_index[a.unit];
        let k = f64::from(model.places[j]);
        let mut rows = vec![(unit_rows[j], 1.0)];
        if let Some(r) = home_rows[a.home] {
            rows.push((r, k));
        }
        pb.add_integer_column(a.cost as f64, 0.0..=1.0, rows);
    }
    for (j, k) in model.places.iter().enumerate() {
        pb.add_column((model.penalty * i64::from(*k)) as f64, 0.0..=1.0, [(unit_rows[j], 1.0)]);
    }
    let mut m = pb.optimise(highs::Sense::Minimise);
    m.make_quiet();
    if options.warm_start && !model.units.is_empty() {
        // A start HiGHS cannot use is ignored: the solve goes on from nothing.
        let _ = m.try_set_solution(Some(&model.start()), None, None, None);
    }
    m.set_option("time_limit", options.time_limit_seconds);
    m.set_option("threads", i32::try_from(options.threads.max(1)).unwrap_or(1));
    if options.relative_gap > 0.0 {
        m.set_option("mip_rel_gap", options.relative_gap);
    } else {
        m.set_option("mip_rel_gap", 0.0);
        m.set_option("mip_abs_gap", 0.999);
    }
    let (status, objective, bound, gap, chosen) = if model.units.is_empty() {
        ("Optimal".to_string(), 0.0, 0.0, 0.0, Vec::new())
    } else {
        match m.try_solve() {
            Err(e) => (format!("{e:?}"), f64::NAN, f64::NAN, f64::INFINITY, Vec::new()),
            Ok(solved) => {
                let status = format!("{:?}", solved.status());
                let sol = solved.get_solution();
                let cols = sol.columns();
                let chosen: Vec<usize> = (0..model.arcs.len()).filter(|&i| cols.get(i).is_some_and(|v| *v > 0.5)).collect();
                let objective = solved.objective_value();
                let bound = solved.double_info_value(c"mip_dual_bound").unwrap_or(f64::NEG_INFINITY);
                (status, objective, bound, solved.mip_gap().max(0.0), chosen)
            }
        }
    };
    let gap = if gap.is_finite() { gap } else { 1.0 };
    let mut placed = vec![false; units.len()];
    let proposals: Vec<Proposal> = chosen
        .iter()
        .map(|&i| {
            let a = model.arcs[i];
            placed[a.unit] = true;
            Proposal {
                unit: a.unit,
                home: a.home,
                cost: a.cost,
                checks: check(&units[a.unit], &homes[a.home]).unwrap_or_default(),
                terms: cost_terms(&units[a.unit], &homes[a.home], w),
            }
        })
        .collect();
    let unmatched = (0..units.len()).filter(|u| !placed[*u]).collect();
    Outcome {
        // Whole points: a best bound less than one point below the objective proves it optimal.
        proven_optimal: status == "Optimal" && (model.units.is_empty() || objective - bound < 1.0),
        status,
        objective,
        bound,
        gap,
        seconds: started.elapsed().as_secs_f64(),
        model_seconds: 0.0,
        proposals,
        unmatched,
        penalty_per_child: model.penalty,
        pairs_feasible: 0,
        pairs_modelled: model.arcs.len(),
    }
}

/// Checks every pair, prunes safely, solves, and explains each proposed match.
pub fn solve(units: &[Unit], homes: &[Home], w: &Weights, options: &Options) -> Outcome {
    let started = Instant::now();
    let all = feasible(units, homes, w);
    let kept = if options.prune { prune_for(&all, units, homes) } else { all.clone() };
    let model = Model::new(units, homes, &all, &kept);
    let model_seconds = started.elapsed().as_secs_f64();
    let mut out = solve_model(&model, units, homes, w, options);
    out.model_seconds = model_seconds;
    out.pairs_feasible = all.iter().map(Vec::len).sum();
    out
}

/// Why a unit has no feasible home: the refusal of the closest home (by miles from the family),
/// or `None` when there are no homes at all.
pub fn why_unmatched(unit: &Unit, homes: &[Home]) -> Option<Check> {
    homes
        .iter()
        .filter_map(|h| check(unit, h).err().map(|c| (unit.family.miles_to(h.location), c)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests;
