//! Deterministic synthetic SSDA903 (children looked after) returns.
//!
//! [`generate_dir`] writes one CSV file per table (the DfE column layout, the
//! header rows the validator and the peer recognise) for a made-up local
//! authority, with as many children as asked for; [`generate_files`] returns
//! the same files in memory. Children are built and written one at a time, so
//! memory does not grow with the number of children. The same
//! `(children, seed, year, breach rate)` always gives the same bytes.
//!
//! The children follow realistic journeys through one collection year:
//! children in care for years (placement moves, legal status changes,
//! temporary placements and a return to the usual placement), children who
//! start to be looked after in the year (with their previous permanence),
//! children who leave care (home, special guardianship, independent living,
//! staying put at 18), children adopted in the year (with the decision to
//! place for adoption and the adoption details), children under a placement
//! order waiting to be placed, unaccompanied asylum-seeking children, short
//! breaks (V3), and care leavers at their 19th to 21st birthdays. Reviews,
//! missing periods, 12-month outcomes (OC2), social worker episodes (from
//! 2023-24) and deprivation of liberty orders (2026-27) follow from each
//! child's episodes. Every child is built to pass every rule of the
//! collection year that this crate runs; then, at the configured rate, a child
//! gets one deliberate breach (an invalid ethnicity code, a UPN with a letter
//! that is never used, a review code for a child too old for it…), so that
//! validators have something to find.
//!
//! Everything is synthetic: child ids are sequence numbers, UPNs are built
//! from them, postcodes are made-up strings of the right shape (real-looking
//! but not looked up), URNs and social worker ids are random digits. No real
//! person or provider is described.

use crate::rng::{Rng, add_days as add};
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::{Datelike, NaiveDate};

mod breaches;
mod tables;

use super::RulesYear;
use super::codes;
use super::model::{Table, add_years, aged};

/// Options for [`generate_dir`] and [`generate_files`].
#[derive(Clone, Debug)]
pub struct GenerateOptions {
    /// Number of children (Header rows).
    pub children: usize,
    /// Seed: the same seed gives the same files.
    pub seed: u64,
    /// Collection year.
    pub year: RulesYear,
    /// Share of children (0.0–1.0) that get one deliberate rule breach.
    pub breach_rate: f64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        Self { children: 1000, seed: 1, year: RulesYear::default(), breach_rate: 0.0 }
    }
}

/// What the generator produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GenerateSummary {
    /// Children written (Header rows).
    pub children: u64,
    /// Rows written per table.
    pub rows: BTreeMap<&'static str, u64>,
    /// Deliberate breaches by the rule each one targets.
    pub breaches: BTreeMap<&'static str, u64>,
}

/// The file name each table is written to (as in the peer's fake data).
pub fn file_name(t: Table) -> &'static str {
    match t {
        Table::Header => "header.csv",
        Table::Episodes => "episodes.csv",
        Table::Reviews => "reviews.csv",
        Table::Uasc => "uasc.csv",
        Table::Oc2 => "oc2.csv",
        Table::Oc3 => "oc3.csv",
        Table::Ad1 => "ad1.csv",
        Table::PlacedAdoption => "placed_for_adoption.csv",
        Table::PrevPerm => "previous_permanence.csv",
        Table::Missing => "missing.csv",
        Table::SwEpisodes => "sw_episodes.csv",
        Table::DoLo => "dolo.csv",
    }
}

/// The tables a return of `year` has: SWEpisodes from 2023-24, DoLo from 2026-27.
pub fn tables(year: RulesYear) -> Vec<Table> {
    Table::ALL
        .into_iter()
        .filter(|t| match t {
            Table::SwEpisodes => year >= RulesYear::Y2023_24,
            Table::DoLo => year >= RulesYear::Y2026_27,
            _ => true,
        })
        .collect()
}

/// Writes a synthetic return into directory `dir` (created if missing), one CSV file per table.
pub fn generate_dir(opts: &GenerateOptions, dir: &Path) -> io::Result<GenerateSummary> {
    std::fs::create_dir_all(dir)?;
    let mut out = Vec::new();
    for t in tables(opts.year) {
        out.push((t, BufWriter::with_capacity(1 << 16, std::fs::File::create(dir.join(file_name(t)))?)));
    }
    let summary = generate_into(opts, &mut out)?;
    for (_, w) in &mut out {
        w.flush()?;
    }
    Ok(summary)
}

/// A file in memory: name and bytes.
pub type NamedFile = (String, Vec<u8>);

/// Builds a synthetic return in memory: `(file name, bytes)` pairs, as [`super::validate_files`] takes them.
pub fn generate_files(opts: &GenerateOptions) -> io::Result<(Vec<NamedFile>, GenerateSummary)> {
    let mut out: Vec<(Table, Vec<u8>)> = tables(opts.year).into_iter().map(|t| (t, Vec::new())).collect();
    let summary = generate_into(opts, &mut out)?;
    Ok((out.into_iter().map(|(t, b)| (file_name(t).to_owned(), b)).collect(), summary))
}

fn generate_into<W: Write>(opts: &GenerateOptions, out: &mut [(Table, W)]) -> io::Result<GenerateSummary> {
    let mut summary = GenerateSummary::default();
    for (t, w) in out.iter_mut() {
        writeln!(w, "{}", t.columns().join(","))?;
        summary.rows.insert(t.name(), 0);
    }
    let mut g = Gen::new(opts);
    let mut kid = Kid::default();
    let mut line = String::with_capacity(256);
    for n in 1..=opts.children as u64 {
        kid.clear();
        g.child(n, &mut kid);
        if opts.breach_rate > 0.0
            && g.rng.chance(opts.breach_rate)
            && let Some(kind) = g.breach(&mut kid)
        {
            *summary.breaches.entry(kind).or_insert(0) += 1;
        }
        for (t, w) in out.iter_mut() {
            let rows = &kid.rows[t.index()];
            for r in rows {
                line.clear();
                for (i, f) in r.iter().enumerate() {
                    if i > 0 {
                        line.push(',');
                    }
                    line.push_str(f);
                }
                line.push('\n');
                w.write_all(line.as_bytes())?;
            }
            if let Some(c) = summary.rows.get_mut(t.name()) {
                *c += rows.len() as u64;
            }
        }
        summary.children += 1;
    }
    Ok(summary)
}

fn fmt_date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(fmt_date).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// One child's rows

/// One child's rows, per table (each row: the table's columns in order).
#[derive(Default)]
struct Kid {
    rows: [Vec<Vec<String>>; 12],
    /// Facts the breaches need.
    dob: Option<NaiveDate>,
    uasc: bool,
}

impl Kid {
    fn clear(&mut self) {
        for r in &mut self.rows {
            r.clear();
        }
        self.dob = None;
        self.uasc = false;
    }

    fn push(&mut self, t: Table, row: Vec<String>) {
        self.rows[t.index()].push(row);
    }

    fn rows_mut(&mut self, t: Table) -> &mut Vec<Vec<String>> {
        &mut self.rows[t.index()]
    }
}

/// A placement: the placement fields of an episode.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Place {
    place: &'static str,
    provider: &'static str,
    urn: String,
    pl_post: String,
}

/// An episode being built.
#[derive(Clone, Debug)]
struct Ep {
    decom: NaiveDate,
    rne: &'static str,
    ls: &'static str,
    cin: &'static str,
    p: Place,
    dec: Option<NaiveDate>,
    rec: &'static str,
    rpc: &'static str,
    home: String,
}

/// How a child's period of care ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    /// Still looked after at 31 March.
    Open,
    /// Leaves care on this date for this reason.
    Leaves(NaiveDate, &'static str),
}

/// The kinds of child, with the journey each follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    LongTerm,
    Starter,
    Leaver,
    Adopted,
    PlacementOrder,
    ShortBreaks,
    CareLeaver,
    Uasc,
}

const KINDS: &[(Kind, u32)] = &[
    (Kind::LongTerm, 40),
    (Kind::Starter, 16),
    (Kind::Leaver, 16),
    (Kind::Adopted, 4),
    (Kind::PlacementOrder, 3),
    (Kind::ShortBreaks, 5),
    (Kind::CareLeaver, 11),
    (Kind::Uasc, 5),
];

const ETHNIC_WEIGHTED: &[&str] = &[
    "WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WIRI", "WOTH", "WOTH", "WIRT", "WROM",
    "MWBC", "MWBC", "MWBA", "MWAS", "MOTH", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BAFR", "BOTH", "CHNE", "OOTH", "OOTH",
    "REFU", "NOBT",
];
const UASC_ETHNIC: &[&str] = &["OOTH", "AOTH", "BAFR", "BOTH", "OOTH", "AOTH"];
const CIN_WEIGHTED: &[&str] = &["N1", "N1", "N1", "N1", "N1", "N1", "N4", "N4", "N5", "N3", "N6", "N7", "N8", "N2"];
const AREAS: &[&str] = &[
    "B", "BS", "CV", "DE", "DN", "E", "L", "LE", "LS", "M", "N", "NE", "NG", "NW", "OL", "PR", "S", "SE", "SK", "ST", "SW", "TS", "WF",
    "WS", "WV",
];
const UNIT_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
const UPN_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRTUVWXYZ";
const PLACE_CHANGE_REASONS: &[&str] = &["CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "OTHER"];
const SW_CHANGE_REASONS: &[&str] = &["MANAGE", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "OTHERS"];
const ACTIV_ACTIVE: &[&str] = &["F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6"];
const ACCOM_ADULT: &[&str] =
    &["B1", "C1", "D1", "E1", "G1", "H1", "K1", "R1", "S2", "T1", "U1", "V1", "W1", "Y1", "Z1", "B2", "R2", "U2", "Y2"];

struct Gen {
    rng: Rng,
    year: RulesYear,
    start: NaiveDate,
    end: NaiveDate,
    la_perm: Vec<String>,
}

impl Gen {
    fn new(opts: &GenerateOptions) -> Self {
        let mut la_perm: Vec<String> =
            codes::la_perm_codes().iter().filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit())).cloned().collect();
        la_perm.sort();
        Gen {
            rng: Rng::new(opts.seed, 0x903D_A7A5_EED5_0903),
            year: opts.year,
            start: opts.year.collection_start(),
            end: opts.year.collection_end(),
            la_perm,
        }
    }

    fn postcode(&mut self) -> String {
        let area = self.rng.pick(AREAS);
        let district = self.rng.range(1, 29);
        let sector = self.rng.range(0, 9);
        let a = UNIT_LETTERS[self.rng.range(0, UNIT_LETTERS.len() as i64 - 1) as usize] as char;
        let b = UNIT_LETTERS[self.rng.range(0, UNIT_LETTERS.len() as i64 - 1) as usize] as char;
        format!("{area}{district} {sector}{a}{b}")
    }

    fn urn(&mut self, home: bool) -> String {
        if home { format!("SC{:06}", self.rng.range(100_000, 999_999)) } else { format!("{:07}", self.rng.range(1_000_000, 9_999_999)) }
    }

    /// A new placement suited to the child's age on `on` and legal status, different from `not`.
    fn placement(&mut self, dob: NaiveDate, on: NaiveDate, ls: &str, home_post: &str, not: Option<&Place>) -> Place {
        loop {
            let age = age_on(dob, on);
            let roll = self.rng.range(0, 99);
            let p = if roll < 8 && age >= 10 {
                let provider = *self.rng.pick(&["PR1", "PR4", "PR4", "PR5"]);
                Place { place: "K2", provider, urn: self.urn(true), pl_post: self.postcode() }
            } else if roll < 13 && matches!(ls, "C1" | "C2") {
                Place { place: "P1", provider: "PR0", urn: String::new(), pl_post: home_post.to_owned() }
            } else if roll < 17 && age >= 16 && aged(dob, 16, on) && self.year >= RulesYear::Y2024_25 {
                Place { place: "K3", provider: "PR4", urn: self.urn(true), pl_post: self.postcode() }
            } else if roll < 19 && age >= 8 {
                Place { place: "S1", provider: "PR3", urn: self.urn(true), pl_post: self.postcode() }
            } else {
                let place = *self.rng.pick(&["U1", "U3", "U4", "U4", "U6", "U6", "U6", "U6", "U2", "U5"]);
                let provider = *self.rng.pick(&["PR1", "PR1", "PR1", "PR4", "PR4"]);
                Place { place, provider, urn: self.urn(false), pl_post: self.postcode() }
            };
            if p.pl_post == home_post && p.place != "P1" {
                continue;
            }
            if not.is_none_or(|n| n.place != p.place || n.pl_post != p.pl_post) {
                return p;
            }
        }
    }

    fn child(&mut self, n: u64, kid: &mut Kid) {
        let total: u32 = KINDS.iter().map(|k| k.1).sum();
        let mut roll = self.rng.range(0, total as i64 - 1) as u32;
        let mut kind = Kind::LongTerm;
        for &(k, w) in KINDS {
            if roll < w {
                kind = k;
                break;
            }
            roll -= w;
        }
        let id = format!("{}", 1_000_000 + n);
        let female = self.rng.chance(if kind == Kind::Uasc { 0.1 } else { 0.45 });
        let sex = match (self.year >= RulesYear::Y2024_25, female) {
            (true, true) => "F",
            (true, false) => "M",
            (false, true) => "2",
            (false, false) => "1",
        };
        // Age at the collection end, by kind.
        let (min_age, max_age) = match kind {
            Kind::LongTerm => (1, 17),
            Kind::Starter => (0, 17),
            Kind::Leaver => (2, 18),
            Kind::Adopted => (1, 6),
            Kind::PlacementOrder => (1, 4),
            Kind::ShortBreaks => (6, 17),
            Kind::CareLeaver => (19, 21),
            Kind::Uasc => (15, 17),
        };
        let age = self.rng.range(min_age, max_age);
        let born_hi = add(add_years(self.end, -(age as i32)), -1);
        let born_lo = add(add_years(self.end, -(age as i32 + 1)), 1);
        let dob = self.rng.date(born_lo, born_hi);
        kid.dob = Some(dob);
        let ethnic = if kind == Kind::Uasc { self.rng.pick(UASC_ETHNIC) } else { self.rng.pick(ETHNIC_WEIGHTED) };
        let upn_letter = UPN_LETTERS[(n % UPN_LETTERS.len() as u64) as usize] as char;
        let upn = format!("{upn_letter}9901{:08}", n % 100_000_000);

        let eps = match kind {
            Kind::CareLeaver => Vec::new(),
            Kind::ShortBreaks => self.short_breaks(dob),
            _ => self.period(kind, dob),
        };
        kid.uasc = kind == Kind::Uasc;

        // Header.
        let non_sb = eps.iter().any(|e| !matches!(e.ls, "V3" | "V4"));
        let (mother, mc_dob) = if female && non_sb {
            let first = eps[0].decom;
            let lo = add_years(dob, 14);
            if aged(dob, 15, self.start) && lo < first && self.rng.chance(0.15) {
                ("1".to_owned(), fmt_date(self.rng.date(lo, add(first, -1))))
            } else {
                ("0".to_owned(), String::new())
            }
        } else {
            (String::new(), String::new())
        };
        let dobs = fmt_date(dob);
        kid.push(Table::Header, vec![id.clone(), sex.into(), dobs.clone(), (*ethnic).into(), upn, mother, mc_dob]);

        if kind == Kind::CareLeaver {
            self.oc3(kid, &id, &dobs, dob);
            return;
        }
        for e in &eps {
            kid.push(
                Table::Episodes,
                vec![
                    id.clone(),
                    fmt_date(e.decom),
                    e.rne.into(),
                    e.ls.into(),
                    e.cin.into(),
                    e.p.place.into(),
                    e.p.provider.into(),
                    opt_date(e.dec),
                    e.rec.into(),
                    e.rpc.into(),
                    e.home.clone(),
                    e.p.pl_post.clone(),
                    e.p.urn.clone(),
                ],
            );
        }
        if kind == Kind::Uasc {
            kid.push(Table::Uasc, vec![id.clone(), sex.into(), dobs.clone(), fmt_date(add_years(dob, 18))]);
        }
        // Previous permanence for every start in the year.
        if eps.iter().any(|e| e.rne == "S" && e.decom >= self.start) {
            let first = eps[0].decom;
            if kind != Kind::ShortBreaks && kind != Kind::Uasc && self.rng.chance(0.12) && add(dob, 200) < first {
                let prev = *self.rng.pick(&["P1", "P4", "P2", "P3"]);
                let la = self.rng.pick(&self.la_perm).clone();
                let d = self.rng.date(add(dob, 100), add(first, -60).max(add(dob, 101)));
                kid.push(Table::PrevPerm, vec![id.clone(), dobs.clone(), prev.into(), la, fmt_date(d)]);
            } else {
                kid.push(Table::PrevPerm, vec![id.clone(), dobs.clone(), "Z1".into(), String::new(), String::new()]);
            }
        }
        if kind == Kind::ShortBreaks {
            return;
        }
        self.reviews(kid, &id, &dobs, dob, &eps);
        self.missing(kid, &id, &dobs, dob, &eps);
        if matches!(kind, Kind::Adopted | Kind::PlacementOrder) {
            self.adoption(kid, &id, &dobs, &eps);
        }
        if continuously_looked_after(&eps, self.start, self.end) {
            self.oc2(kid, &id, &dobs, dob);
        }
        if self.year >= RulesYear::Y2023_24 {
            self.social_workers(kid, &id, &dobs, &eps);
        }
        if self.year >= RulesYear::Y2026_27 {
            self.dolo(kid, &id, &dobs, dob, &eps);
        }
    }

    /// One period of care for a child of `kind`, as the episodes open in the year.
    fn period(&mut self, kind: Kind, dob: NaiveDate) -> Vec<Ep> {
        let eighteen = add_years(dob, 18);
        // When the period starts.
        let ps = match kind {
            Kind::Starter | Kind::Uasc => {
                let lo = self.start.max(add(dob, 1));
                let lo = if kind == Kind::Uasc { lo.max(add_years(dob, 14)) } else { lo };
                self.rng.date(lo, add(self.end, -2).min(add(eighteen, -30)).max(lo))
            }
            Kind::Leaver => {
                let lo = add(dob, 1).max(add_years(self.start, -4));
                self.rng.date(lo, add(self.end, -40).min(add(eighteen, -60)).max(lo))
            }
            Kind::Adopted => {
                let lo = add(dob, 1).max(add_years(self.start, -3));
                self.rng.date(lo, add(self.start, -150).max(lo))
            }
            Kind::PlacementOrder => {
                let lo = add(dob, 1).max(add_years(self.start, -2));
                self.rng.date(lo, add(self.start, -100).max(lo))
            }
            _ => {
                let lo = add(dob, 1).max(add_years(self.start, -8));
                self.rng.date(lo, add(self.start, -1).max(lo))
            }
        };
        // How it ends.
        let ending = match kind {
            Kind::Leaver => {
                let lo = self.start.max(add(ps, 30));
                let mut d = self.rng.date(lo, add(self.end, -1).max(lo));
                if d >= eighteen {
                    d = eighteen;
                }
                let rec = if d == eighteen {
                    *self.rng.pick(&["E17", "E17", "E5", "E6", "E7"])
                } else if aged(dob, 16, d) {
                    *self.rng.pick(&["E5", "E6", "E4A", "E13", "E7", "E4B"])
                } else {
                    *self.rng.pick(&["E4A", "E4A", "E4B", "E13", "E41", "E45", "E47", "E48", "E3", "E16"])
                };
                Ending::Leaves(d, rec)
            }
            Kind::Adopted => {
                let d = self.rng.date(add(self.start, 1), add(self.end, -1));
                Ending::Leaves(d, if self.rng.chance(0.8) { "E11" } else { "E12" })
            }
            _ if eighteen <= self.end => Ending::Leaves(eighteen.max(add(ps, 2)), self.rng.code(&["E17", "E5", "E6"])),
            _ => Ending::Open,
        };
        let cin = *self.rng.pick(CIN_WEIGHTED);
        let home = if kind == Kind::Uasc { String::new() } else { self.postcode() };
        let mut eps: Vec<Ep> = Vec::new();
        let young = !aged(dob, 10, ps);
        let first_ls = match kind {
            Kind::Uasc => "V2",
            Kind::Adopted | Kind::PlacementOrder => "C1",
            _ => {
                let r = self.rng.range(0, 99);
                if r < 6 {
                    "L1"
                } else if r < 40 {
                    "V2"
                } else if r < 45 && !young && aged(dob, 11, ps) {
                    "J1"
                } else {
                    "C1"
                }
            }
        };
        let mut p = self.placement(dob, ps, first_ls, &home, None);
        if kind == Kind::Uasc {
            p.pl_post.clear();
        }
        eps.push(Ep { decom: ps, rne: "S", ls: first_ls, cin, p, dec: None, rec: "", rpc: "", home: home.clone() });
        let stop = match ending {
            Ending::Open => add(self.end, 1),
            Ending::Leaves(d, _) => d,
        };
        // Adoption journeys follow a fixed path: care order, placement order, placed for adoption.
        let mut adoption_steps: Vec<&'static str> = match kind {
            Kind::Adopted => vec!["C2", "E1", "A6"],
            Kind::PlacementOrder => vec!["C2", "E1"],
            _ => Vec::new(),
        };
        let mut cur = ps;
        loop {
            let last = eps.len() - 1;
            let ls = eps[last].ls;
            // Length of this episode.
            let len = match ls {
                "L1" => self.rng.range(1, 3),
                "J1" => self.rng.range(10, 60),
                "C1" => self.rng.range(40, 200),
                _ => self.rng.range(60, 500),
            };
            let mut next = add(cur, len);
            if !adoption_steps.is_empty() {
                // Leave room for the remaining steps before the end.
                let room = (stop - cur).num_days() / (adoption_steps.len() as i64 + 1);
                next = add(cur, room.max(1).min(len));
            }
            if next >= stop {
                break;
            }
            let prev = eps[last].clone();
            let mut e = Ep { decom: next, rne: "P", ls, cin, p: prev.p.clone(), dec: None, rec: "", rpc: "", home: home.clone() };
            let mut temporary = None;
            if let Some(step) = adoption_steps.first().copied() {
                adoption_steps.remove(0);
                if step == "A6" {
                    e.rne = "P";
                    e.p = Place { place: "A6", provider: self.rng.code(&["PR1", "PR2"]), urn: self.urn(false), pl_post: self.postcode() };
                } else {
                    e.rne = "L";
                    e.ls = step;
                }
            } else if matches!(ls, "L1" | "C1" | "J1") || (ls == "V2" && self.rng.chance(0.1)) {
                // Legal status change (placement unchanged), or both for police protection.
                e.ls = match ls {
                    "L1" => *self.rng.pick(&["V2", "C1"]),
                    "J1" => "V2",
                    "V2" => "C1",
                    _ => "C2",
                };
                e.rne = "L";
                if ls == "L1" || (e.ls == "V2" && prev.p.place == "P1") {
                    e.rne = "B";
                    e.p = self.placement(dob, next, e.ls, &home, Some(&prev.p));
                }
                if e.ls == "V2" && e.p.place == "P1" {
                    e.p = self.placement(dob, next, "V2", &home, Some(&prev.p));
                    e.rne = "B";
                }
            } else if self.rng.chance(0.12) && !matches!(kind, Kind::Uasc) {
                // A temporary placement, then back to the usual one.
                let (t, max) = *self.rng.pick(&[("T1", 42), ("T2", 14), ("T4", 7), ("T3", 14), ("T0", 10)]);
                let back = add(next, self.rng.range(1, max));
                if back < stop {
                    e.p = Place { place: t, provider: "", urn: String::new(), pl_post: self.postcode() };
                    temporary = Some(back);
                }
            } else {
                e.p = self.placement(dob, next, ls, &home, Some(&prev.p));
            }
            if kind == Kind::Uasc {
                e.p.pl_post.clear();
            }
            if e.rne == "P" && e.p == prev.p {
                // Nothing changed after all: stay put.
                cur = next;
                continue;
            }
            if e.rne == "P" && temporary.is_none() && !matches!(prev.p.place, "T0" | "T1" | "T2" | "T3" | "T4") {
                eps[last].rpc = *self.rng.pick(PLACE_CHANGE_REASONS);
            }
            if e.rne == "B" {
                eps[last].rpc = *self.rng.pick(PLACE_CHANGE_REASONS);
            }
            eps[last].dec = Some(next);
            eps[last].rec = "X1";
            eps.push(e);
            cur = next;
            if kind == Kind::Adopted && eps[eps.len() - 1].p.place == "A6" {
                break;
            }
            if let Some(back) = temporary {
                let last = eps.len() - 1;
                eps[last].dec = Some(back);
                eps[last].rec = "X1";
                let mut ret = prev.clone();
                ret.decom = back;
                ret.rne = "P";
                ret.dec = None;
                ret.rec = "";
                ret.rpc = "";
                eps.push(ret);
                cur = back;
            }
        }
        if let Ending::Leaves(d, mut rec) = ending {
            let last = eps.len() - 1;
            if matches!(rec, "E45" | "E46") && !eps[last].p.place.starts_with('U') {
                rec = "E47";
            }
            if matches!(rec, "E5" | "E6") && !aged(dob, 14, d) {
                rec = "E4A";
            }
            if rec == "E7" && !aged(dob, 16, d) {
                rec = "E4A";
            }
            if rec == "E17" && d < eighteen {
                rec = "E4A";
            }
            if eps[last].p.place.starts_with('T') {
                // A temporary placement cannot end a period of care: end it the day before.
                eps.pop();
            }
            let last = eps.len() - 1;
            eps[last].dec = Some(d.max(add(eps[last].decom, 1)));
            eps[last].rec = rec;
            eps[last].rpc = "";
        }
        // Only episodes open at some time in the year are returned (adoption journeys keep the whole period).
        if !matches!(kind, Kind::Adopted | Kind::PlacementOrder) {
            eps.retain(|e| e.dec.is_none_or(|d| d >= self.start));
        }
        eps
    }

    /// A series of short breaks (V3), each its own period of care.
    fn short_breaks(&mut self, dob: NaiveDate) -> Vec<Ep> {
        let p = Place {
            place: self.rng.code(&["K2", "U6", "U6"]),
            provider: self.rng.code(&["PR1", "PR4"]),
            urn: String::new(),
            pl_post: String::new(),
        };
        let mut eps = Vec::new();
        let mut d = add(self.start, self.rng.range(0, 40));
        let mut total = 0;
        while d < add(self.end, -10) && total < 60 {
            let len = self.rng.range(1, 4);
            eps.push(Ep {
                decom: d,
                rne: "S",
                ls: "V3",
                cin: "N2",
                p: p.clone(),
                dec: Some(add(d, len)),
                rec: "E4A",
                rpc: "",
                home: String::new(),
            });
            total += len + 1;
            d = add(d, len + self.rng.range(14, 50));
        }
        let _ = dob;
        eps
    }
}

fn parse(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%d/%m/%Y").ok()
}

fn age_on(dob: NaiveDate, d: NaiveDate) -> i32 {
    super::model::age_on(dob, d)
}

/// The peer's CONTINUOUSLY_LOOKED_AFTER, on the generated episodes (see `rules::continuously_looked_after`).
fn continuously_looked_after(eps: &[Ep], start: NaiveDate, end: NaiveDate) -> bool {
    let overlaps = |e: &Ep| e.decom <= end && e.dec.is_none_or(|d| d >= start);
    eps.iter().any(overlaps)
        && !eps.iter().any(|e| {
            (e.rne == "S" && e.decom >= start && e.decom <= end)
                || (e.dec.is_some_and(|d| d >= start && d <= end) && e.rec != "X1")
                || (matches!(e.ls, "V3" | "V4") && overlaps(e))
        })
}
