//! Deterministic synthetic CIN census files.
//!
//! [`generate`] writes a complete census XML file for a made-up local
//! authority (LA code 990) with as many children as asked for, one child at
//! a time, so that even 640,000 children need no more memory than one. The
//! same `(children, seed, year, breach rate)` always gives the same bytes.
//!
//! The children follow realistic journeys: no-further-action referrals,
//! assessments closed as RC8/RC9, CIN plans, section 47 enquiries leading
//! (or not) to conferences and child protection plans with reviews,
//! step-down plans, episodes carried over from the previous year, second
//! episodes, unborn children and the occasional death. Every child is built
//! to pass all 2024/25 rules; then, at the configured rate, a child gets one
//! deliberate breach (a wrong UPN check letter, a missing primary need, a
//! conference on a Saturday, a review before its plan started…) so that
//! validators have something to find. With a breach rate of 0 the file
//! validates with no errors.
//!
//! Everything is synthetic: identifiers are sequence numbers (`LAchildID`
//! `C00000001`…), UPNs are built from the sequence number with a correct
//! check letter (characters 2–4 cycle through the LA codes rule 1530
//! accepts, so that the file is valid; the LA itself is 990, which is not a
//! real authority). No real names or identifiers are involved.

use crate::rng::{Rng, add_days as add};
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};

use chrono::{Datelike, NaiveDate, Weekday};
use ff_domain::calendar::WorkingCalendar;

use super::codes;
use super::export::{self, Layout};
use super::model::{Assessment, Characteristics, Child, CinPlan, CpPlan, DateField, Episode, Header, Identifiers, Section47, Text};
use super::period::Period;

/// Options for [`generate_with`].
#[derive(Clone, Debug)]
pub struct GenerateOptions {
    /// Number of children.
    pub children: usize,
    /// Seed: the same seed gives the same file.
    pub seed: u64,
    /// Census end year (2025 for 2024/25). Years up to 2024 use the
    /// `GenderCurrent` layout, later ones `Sex`.
    pub year: i32,
    /// Share of children (0.0–1.0) that get one deliberate rule breach.
    pub breach_rate: f64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        Self { children: 1000, seed: 1, year: 2025, breach_rate: DEFAULT_BREACH_RATE }
    }
}

/// Breach rate used by [`generate`]: one child in a hundred.
pub const DEFAULT_BREACH_RATE: f64 = 0.01;

/// What [`generate_with`] produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GenerateSummary {
    /// Children written.
    pub children: u64,
    /// Deliberate breaches by kind (named after the rule each targets).
    pub breaches: BTreeMap<&'static str, u64>,
}

/// Writes a synthetic CIN census file for census end year `year` with the
/// default breach rate ([`DEFAULT_BREACH_RATE`]).
pub fn generate(children: usize, seed: u64, year: i32, w: impl Write) -> io::Result<GenerateSummary> {
    generate_with(&GenerateOptions { children, seed, year, breach_rate: DEFAULT_BREACH_RATE }, w)
}

/// Writes a synthetic CIN census file as configured.
pub fn generate_with(opts: &GenerateOptions, w: impl Write) -> io::Result<GenerateSummary> {
    let mut w = BufWriter::with_capacity(1 << 16, w);
    let reference =
        NaiveDate::from_ymd_opt(opts.year, 3, 31).ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "year out of range"))?;
    let period = Period::new(reference, &WorkingCalendar::england_and_wales_default());
    let header = Header {
        collection: Some("CIN".into()),
        year: Some(opts.year.to_string().into()),
        reference_date: DateField::Date(reference),
        source_level: Some("L".into()),
        lea: Some("990".into()),
        software_code: Some("Families First synthetic CIN generator".into()),
        release: Some(env!("CARGO_PKG_VERSION").into()),
        serial_no: Some("001".into()),
        date_time: Some(format!("{}-04-01T09:00:00", opts.year).into()),
    };
    let sex_layout = opts.year >= 2025;
    write_start(&mut w, &header)?;
    let mut g = Gen {
        rng: Rng::new(opts.seed, 0x5DEE_CE66_D1CE_4E5B),
        p: period,
        la_codes: codes::upn_la_codes().collect(),
        prev_id: None,
        prev_upn: None,
    };
    let mut summary = GenerateSummary::default();
    for n in 1..=opts.children as u64 {
        let mut child = g.child(n);
        if opts.breach_rate > 0.0
            && g.rng.chance(opts.breach_rate)
            && let Some(kind) = g.breach(&mut child, sex_layout)
        {
            *summary.breaches.entry(kind).or_insert(0) += 1;
        }
        g.prev_id = child.ids.la_child_id.clone();
        g.prev_upn = child.ids.upn.clone();
        write_child(&mut w, &child, sex_layout)?;
        summary.children += 1;
    }
    write_end(&mut w)?;
    w.flush()?;
    Ok(summary)
}

fn weekday_on_or_after(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => add(d, 2),
        Weekday::Sun => add(d, 1),
        _ => d,
    }
}

fn weekday_on_or_before(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => add(d, -1),
        Weekday::Sun => add(d, -2),
        _ => d,
    }
}

const NEEDS: &[&str] = &["N1", "N1", "N1", "N1", "N2", "N3", "N4", "N4", "N5", "N5", "N6", "N7", "N8", "N9", "N0"];
const OTHER_REASONS: &[&str] = &["RC7", "RC7", "RC7", "RC7", "RC3", "RC4", "RC5", "RC6", "RC1"];
const FACTORS: &[&str] = &[
    "1B", "2B", "3A", "3B", "3B", "4A", "4B", "4B", "5A", "6A", "6B", "7A", "8B", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A",
    "16A", "17A", "18B", "18C", "19B", "19C", "20", "22A", "23A", "24A",
];

/// The generator's running state.
struct Gen {
    rng: Rng,
    p: Period,
    la_codes: Vec<u16>,
    prev_id: Option<Text>,
    prev_upn: Option<Text>,
}

/// The latest date used so far in an episode, and whether something is
/// still open (so the episode cannot close).
struct Track {
    last: NaiveDate,
    open: bool,
}

impl Gen {
    fn upn(&self, n: u64, offset: u64) -> Text {
        let la = self.la_codes[(n as usize) % self.la_codes.len()];
        let rest = format!("{la:03}{:08}{}", (n + offset) % 100_000_000, n % 10);
        let letter = codes::upn_check_letter(rest.as_bytes()).unwrap_or(b'A');
        format!("{}{rest}", letter as char).into()
    }

    fn child(&mut self, n: u64) -> Child {
        let p = self.p.clone();
        let unborn = self.rng.chance(0.02);
        let mut ids = Identifiers { la_child_id: Some(format!("C{n:08}").into()), ..Identifiers::default() };
        let earliest_referral;
        if unborn {
            let due = add(p.reference, self.rng.range(1, 240));
            ids.expected_birth_date = due.into();
            ids.sex = Some("U".into());
            ids.upn_unknown = Some("UN1".into());
            earliest_referral = add(due, -270).max(p.start);
        } else {
            let birth = add(p.reference, -self.rng.range(0, 17 * 365 + 300));
            ids.birth_date = birth.into();
            ids.sex = Some(
                if self.rng.chance(0.005) {
                    "U"
                } else if self.rng.chance(0.5) {
                    "M"
                } else {
                    "F"
                }
                .into(),
            );
            if birth <= p.school_age_born_by {
                if self.rng.chance(0.93) {
                    ids.upn = Some(self.upn(n, 0));
                    if self.rng.chance(0.01) {
                        ids.former_upn = Some(self.upn(n, 50_000_000));
                    }
                } else {
                    ids.upn_unknown = Some((*self.rng.pick(&["UN2", "UN3", "UN4", "UN5", "UN6"])).into());
                }
            } else {
                ids.upn_unknown = Some("UN1".into());
            }
            earliest_referral = add(birth, -100);
        }
        let ethnicity = if self.rng.chance(0.55) { "WBRI" } else { *self.rng.pick(codes::ETHNICITIES) };
        let disabilities = if self.rng.chance(0.85) {
            vec![Some(Text::from("NONE"))]
        } else {
            let first = self.rng.range(1, 12) as usize;
            let mut v = vec![Some(Text::from(codes::DISABILITIES[first]))];
            if self.rng.chance(0.2) {
                let second = 1 + (first + self.rng.range(0, 10) as usize) % 12;
                v.push(Some(Text::from(codes::DISABILITIES[second])));
            }
            v
        };

        let mut episodes = Vec::new();
        let lo = add(p.start, -700).max(earliest_referral);
        if !unborn && self.rng.chance(0.12) && lo < add(p.reference, -150) {
            // Two episodes: the first one is finished before the second starts.
            let (first, done) = if self.rng.chance(0.3) {
                let e = self.nfa_episode(p.start.max(lo), add(p.reference, -120));
                let r = e.referral_date.get().unwrap_or(p.start);
                (e, r)
            } else {
                self.episode(lo, true)
            };
            episodes.push(first);
            let next_lo = add(done, 1);
            if next_lo < add(p.reference, -5) {
                let second =
                    if self.rng.chance(0.2) { self.nfa_episode(next_lo.max(p.start), p.reference) } else { self.episode(next_lo, false).0 };
                episodes.push(second);
            }
        } else if self.rng.chance(0.2) {
            episodes.push(self.nfa_episode(p.start.max(earliest_referral), p.reference));
        } else {
            episodes.push(self.episode(lo, false).0);
        }

        let mut child =
            Child { index: n, ids, characteristics: Characteristics { ethnicity: Some(ethnicity.into()), disabilities }, episodes };
        // A rare death: the last episode closes on the day the child died.
        if !unborn
            && self.rng.chance(0.003)
            && let Some(last) = child.episodes.last_mut()
            && let (Some(closed), Some(birth)) = (last.closure_date.get(), child.ids.birth_date.get())
            && closed >= birth
            && !matches!(last.closure_reason.as_deref(), Some("RC8" | "RC9"))
        {
            last.closure_reason = Some("RC2".into());
            child.ids.death_date = closed.into();
        }
        child
    }

    fn referral_source(&mut self) -> Text {
        (*self.rng.pick(codes::REFERRAL_SOURCES)).into()
    }

    fn nfa_episode(&mut self, lo: NaiveDate, hi: NaiveDate) -> Episode {
        let r = self.rng.date(lo, hi.max(lo));
        Episode {
            referral_date: r.into(),
            referral_source: Some(self.referral_source()),
            referral_nfa: Some("1".into()),
            ..Episode::default()
        }
    }

    fn factors(&mut self) -> Vec<Text> {
        let n = self.rng.range(1, 3);
        let mut v: Vec<Text> = Vec::new();
        for _ in 0..n {
            let f = Text::from(*self.rng.pick(FACTORS));
            if !v.contains(&f) {
                v.push(f);
            }
        }
        v
    }

    /// A child protection plan starting on `start`; ends by `end_by` if it
    /// ends at all (`must_end`), otherwise may stay open.
    fn cp_plan(&mut self, start: NaiveDate, must_end: bool, t: &mut Track) -> CpPlan {
        let p = &self.p;
        let mut end = add(start, self.rng.range(90, 500));
        if end > p.reference {
            end = if must_end { p.reference } else { NaiveDate::MAX };
        }
        let cats = codes::ABUSE_CATEGORIES;
        let initial = Text::from(*self.rng.pick(cats));
        let latest = if self.rng.chance(0.8) { initial.clone() } else { Text::from(*self.rng.pick(cats)) };
        let previous = match self.rng.range(0, 9) {
            0..=5 => "0",
            6 | 7 => "1",
            8 => "2",
            _ => "3",
        };
        let mut reviews = Vec::new();
        let limit = if end == NaiveDate::MAX { p.reference } else { add(end, -1) };
        let mut r = add(start, self.rng.range(60, 90));
        while r <= limit {
            reviews.push(DateField::Date(r));
            r = add(r, self.rng.range(150, 182));
        }
        let plan = CpPlan {
            start: start.into(),
            end: if end == NaiveDate::MAX { DateField::Missing } else { end.into() },
            initial_category: Some(initial),
            latest_category: Some(latest),
            previous_plans: Some(previous.into()),
            reviews,
        };
        if end == NaiveDate::MAX {
            t.open = true;
        } else {
            t.last = t.last.max(end);
        }
        plan
    }

    /// A CIN plan from `start`; may stay open unless `must_end`.
    fn cin_plan(&mut self, start: NaiveDate, must_end: bool, t: &mut Track) -> Option<CinPlan> {
        let p = &self.p;
        if start >= p.reference && must_end {
            return None;
        }
        let mut end = add(start, self.rng.range(30, 250));
        if end > p.reference {
            if must_end {
                end = p.reference;
            } else {
                t.open = true;
                return Some(CinPlan { start: start.into(), end: DateField::Missing });
            }
        }
        t.last = t.last.max(end);
        Some(CinPlan { start: start.into(), end: end.into() })
    }

    /// Closes the episode after everything in it, or leaves it open.
    fn close(&mut self, e: &mut Episode, t: &Track, must_close: bool, reason: Option<&'static str>) -> NaiveDate {
        let p = &self.p;
        if t.open || (!must_close && self.rng.chance(0.35)) {
            return p.reference;
        }
        let closed = add(t.last, self.rng.range(0, 10)).min(p.reference);
        e.closure_date = closed.into();
        e.closure_reason = Some(Text::from(reason.unwrap_or_else(|| *self.rng.pick(OTHER_REASONS))));
        closed
    }

    /// A referral that went on to further action, referred on or after `lo`.
    /// Returns the episode and the last date it uses (its closure date when
    /// closed).
    fn episode(&mut self, lo: NaiveDate, must_close: bool) -> (Episode, NaiveDate) {
        let p = self.p.clone();
        let hi = if must_close { add(p.reference, -90) } else { p.reference };
        let carried = lo < p.start && self.rng.chance(0.4) && lo < add(p.start, -40);
        let mut e = Episode {
            referral_source: Some(self.referral_source()),
            primary_need: Some((*self.rng.pick(NEEDS)).into()),
            referral_nfa: Some("0".into()),
            ..Episode::default()
        };
        if carried {
            // Referred last year; a plan carries over into this one.
            let r = self.rng.date(lo, add(p.start, -40));
            e.referral_date = r.into();
            let mut t = Track { last: p.start, open: false };
            if self.rng.chance(0.3) {
                let a_start = self.rng.date(r, add(p.start, -1));
                let auth = self.rng.date(p.start, add(p.start, 40));
                e.assessments.push(Assessment {
                    start: a_start.into(),
                    authorised: auth.into(),
                    factors: self.factors(),
                    ..Assessment::default()
                });
                t.last = t.last.max(auth);
            }
            let plan_start = self.rng.date(add(r, 10), add(p.start, -1));
            if self.rng.chance(0.5) {
                let end =
                    if !must_close && self.rng.chance(0.4) { None } else { Some(self.rng.date(add(p.start, 10), add(p.reference, -100))) };
                match end {
                    Some(end) => {
                        e.cin_plans.push(CinPlan { start: plan_start.into(), end: end.into() });
                        t.last = t.last.max(end);
                    }
                    None => {
                        e.cin_plans.push(CinPlan { start: plan_start.into(), end: DateField::Missing });
                        t.open = true;
                    }
                }
            } else {
                let mut cpp = self.cp_plan(plan_start, false, &mut t);
                // Carried-over plans end during this year or stay open.
                if let Some(end) = cpp.end.get()
                    && end < add(p.start, 10)
                {
                    let new_end = self.rng.date(add(p.start, 10), add(p.reference, -100));
                    cpp.end = new_end.into();
                    t.last = t.last.max(new_end);
                    cpp.reviews.retain(|r| r.get().is_some_and(|r| r < new_end));
                }
                if must_close && cpp.end.is_none() {
                    let new_end = add(p.reference, -95);
                    cpp.end = new_end.into();
                    cpp.reviews.retain(|r| r.get().is_some_and(|r| r < new_end));
                    t.open = false;
                    t.last = t.last.max(new_end);
                }
                let stepped_down = cpp.end.get();
                e.cp_plans.push(cpp);
                if let Some(end) = stepped_down
                    && self.rng.chance(0.4)
                    && let Some(plan) = self.cin_plan(end, must_close, &mut t)
                {
                    e.cin_plans.push(plan);
                }
            }
            let closed = self.close(&mut e, &t, must_close, None);
            return (e, closed);
        }

        let lo = lo.max(p.start);
        let r = self.rng.date(lo, hi.max(lo));
        e.referral_date = r.into();
        let mut t = Track { last: r, open: false };
        let a_start = add(r, self.rng.range(0, 3)).min(p.reference);
        let mut auth = add(a_start, self.rng.range(5, 60));
        if auth > p.reference {
            auth = if must_close || a_start < p.open_assessment_cutoff { p.reference } else { NaiveDate::MAX };
        }
        let mut assessment = Assessment { start: a_start.into(), ..Assessment::default() };
        if auth == NaiveDate::MAX {
            // Still being assessed at the end of the year.
            e.assessments.push(assessment);
            return (e, p.reference);
        }
        assessment.authorised = auth.into();
        t.last = t.last.max(auth);

        let roll = self.rng.range(0, 99);
        if roll < 30 {
            // Closed after assessment (RC8/RC9), possibly with no factors found.
            assessment.factors = if self.rng.chance(0.4) { vec!["21".into()] } else { self.factors() };
            e.assessments.push(assessment);
            let reason = if self.rng.chance(0.6) { "RC8" } else { "RC9" };
            let closed = self.close(&mut e, &t, true, Some(reason));
            return (e, closed);
        }
        assessment.factors = self.factors();
        e.assessments.push(assessment);
        if roll < 58 {
            // Child in need plan.
            let start = add(auth, self.rng.range(0, 7)).min(p.reference);
            if let Some(plan) = self.cin_plan(start, must_close, &mut t) {
                e.cin_plans.push(plan);
            }
        } else if roll < 92 {
            self.section47_path(&mut e, r, must_close, &mut t);
        }
        let closed = self.close(&mut e, &t, must_close, None);
        (e, closed)
    }

    /// Section 47 enquiry, conference, child protection plan and step-down.
    fn section47_path(&mut self, e: &mut Episode, r: NaiveDate, must_close: bool, t: &mut Track) {
        let p = self.p.clone();
        let s = add(r, self.rng.range(0, 2)).min(p.reference);
        let target = weekday_on_or_after(add(s, 21));
        let mut s47 =
            Section47 { start: s.into(), icpc_target: target.into(), icpc_not_required: Some("0".into()), ..Section47::default() };
        t.last = t.last.max(s);
        if self.rng.chance(0.35) {
            s47.icpc_not_required = Some("1".into());
            e.section47s.push(s47);
            if self.rng.chance(0.5) {
                let start = add(t.last, self.rng.range(1, 10)).min(p.reference);
                if let Some(plan) = self.cin_plan(start, must_close, t) {
                    e.cin_plans.push(plan);
                }
            }
            return;
        }
        let mut icpc = weekday_on_or_after(add(s, self.rng.range(7, 20)));
        if icpc > p.reference {
            if !must_close && s >= p.open_s47_cutoff {
                // Conference not yet held at the end of the year.
                e.section47s.push(s47);
                t.open = true;
                return;
            }
            icpc = weekday_on_or_before(p.reference);
            if icpc < s {
                s47.icpc_not_required = Some("1".into());
                e.section47s.push(s47);
                return;
            }
        }
        t.last = t.last.max(icpc);
        // Now and then the conference is recorded on the episode instead of
        // a section 47 record (the plan then follows from that conference).
        let episode_level = self.rng.chance(0.05);
        if episode_level {
            e.initial_cpc = icpc.into();
        } else {
            s47.icpc = icpc.into();
            e.section47s.push(s47);
        }
        if !episode_level && self.rng.chance(0.2) {
            return; // conference decided no plan was needed
        }
        let cpp = self.cp_plan(icpc, must_close, t);
        let end = cpp.end.get();
        e.cp_plans.push(cpp);
        if let Some(end) = end
            && self.rng.chance(0.5)
            && let Some(plan) = self.cin_plan(end, must_close, t)
        {
            e.cin_plans.push(plan);
        }
    }

    /// Applies one deliberate breach, returning its kind, or `None` if the
    /// kinds tried did not fit this child.
    fn breach(&mut self, c: &mut Child, sex_layout: bool) -> Option<&'static str> {
        for _ in 0..8 {
            let kind = *self.rng.pick(BREACHES);
            if self.apply(kind, c, sex_layout) {
                return Some(kind);
            }
        }
        None
    }

    fn apply(&mut self, kind: &'static str, c: &mut Child, sex_layout: bool) -> bool {
        let p = self.p.clone();
        match kind {
            "1510" => match c.ids.upn.as_mut() {
                Some(upn) => {
                    let first = if upn.starts_with('A') { 'B' } else { 'A' };
                    *upn = Text::from(format!("{first}{}", &upn[1..]));
                    true
                }
                None => false,
            },
            "1520" => match (&c.ids.upn, &self.prev_upn) {
                (Some(_), Some(prev)) => {
                    c.ids.upn = Some(prev.clone());
                    true
                }
                _ => false,
            },
            "8510" => match &self.prev_id {
                Some(prev) => {
                    c.ids.la_child_id = Some(prev.clone());
                    true
                }
                None => false,
            },
            "1580" => {
                c.ids.la_child_id = c.ids.la_child_id.as_ref().map(|id| format!("{}_{}", &id[..1], &id[1..]).into());
                true
            }
            "4180" if sex_layout => {
                c.ids.sex = Some("X".into());
                true
            }
            "4220" => {
                c.characteristics.ethnicity = Some("WXYZ".into());
                true
            }
            "8525Q" => match c.ids.birth_date.get() {
                Some(b) => {
                    c.ids.expected_birth_date = b.into();
                    true
                }
                None => false,
            },
            "8790" => {
                c.characteristics.disabilities = vec![Some("NONE".into()), Some("MOB".into())];
                true
            }
            "8772"
                if c.ids.upn.is_none()
                    && c.ids.birth_date.is_some()
                    && c.episodes.iter().any(|e| e.referral_nfa.as_deref() == Some("0")) =>
            {
                c.ids.upn_unknown = Some("UN7".into());
                true
            }
            "8610" => episode_where(c, |e| e.referral_nfa.as_deref() == Some("0")).is_some_and(|e| {
                e.primary_need = None;
                true
            }),
            "8650" => episode_where(c, |e| e.primary_need.is_some()).is_some_and(|e| {
                e.primary_need = Some("N10".into());
                true
            }),
            "8640" => episode_where(c, |e| e.closure_reason.is_some() && e.closure_reason.as_deref() != Some("RC2")).is_some_and(|e| {
                e.closure_reason = Some("RC0".into());
                true
            }),
            "8866" => {
                if let Some(e) = c.episodes.first_mut() {
                    e.referral_source = Some("11".into());
                    true
                } else {
                    false
                }
            }
            "8568" => {
                if let Some(e) = c.episodes.first_mut() {
                    e.referral_nfa = Some("maybe".into());
                    true
                } else {
                    false
                }
            }
            "8569Q" => {
                let r = add(p.start, -self.rng.range(1, 6));
                let earliest = c.ids.birth_date.get().or(c.ids.expected_birth_date.get().map(|d| add(d, -270)));
                if earliest.is_some_and(|x| r < x) {
                    return false;
                }
                let Some(e) = episode_where(c, |e| e.referral_nfa.as_deref() == Some("1")) else { return false };
                e.referral_date = r.into();
                true
            }
            "8869" | "8945Q" | "8897Q" | "8898" => {
                let Some((i, j)) =
                    find_assessment(c, |a| a.authorised.is_some() && a.has_factors() && !a.factors.iter().any(|f| f == "21"))
                else {
                    return false;
                };
                let a = &mut c.episodes[i].assessments[j];
                match kind {
                    "8869" => a.factors.push("21".into()),
                    "8945Q" => a.factors[0] = "18A".into(),
                    "8898" => {
                        let first = a.factors[0].clone();
                        a.factors.push(first);
                    }
                    _ => a.factors.clear(),
                }
                true
            }
            "8870Q" => {
                let s = c.episodes.iter_mut().flat_map(|e| e.section47s.iter_mut()).find(|s| s.icpc_target.is_some());
                match s {
                    Some(s) => {
                        let t = s.icpc_target.get().unwrap_or(p.start);
                        let sat = add(t, i64::from((5 + 7 - t.weekday().num_days_from_monday()) % 7));
                        s.icpc_target = sat.into();
                        true
                    }
                    None => false,
                }
            }
            "8875" => {
                // Move a conference (and the plan that started there) back to the Saturday before.
                for e in &mut c.episodes {
                    let r = e.referral_date.get();
                    for s in &mut e.section47s {
                        let (Some(icpc), Some(start)) = (s.icpc.get(), s.start.get()) else { continue };
                        let back = i64::from(icpc.weekday().num_days_from_monday()) + 2;
                        let sat = add(icpc, -back);
                        if sat <= start || sat < p.start || r.is_some_and(|r| sat < r) {
                            continue;
                        }
                        s.icpc = sat.into();
                        for cpp in &mut e.cp_plans {
                            if cpp.start.get() == Some(icpc) {
                                cpp.start = sat.into();
                            }
                        }
                        return true;
                    }
                }
                false
            }
            "8841" => {
                let plan = c.episodes.iter_mut().flat_map(|e| e.cp_plans.iter_mut()).find(|cpp| !cpp.reviews.is_empty());
                match plan {
                    Some(cpp) => {
                        let k = self.rng.range(0, cpp.reviews.len() as i64 - 1) as usize;
                        cpp.reviews[k] = cpp.start.clone();
                        true
                    }
                    None => false,
                }
            }
            "8730" => match c.episodes.iter_mut().flat_map(|e| e.cp_plans.iter_mut()).next() {
                Some(cpp) => {
                    cpp.previous_plans = Some("-1".into());
                    true
                }
                None => false,
            },
            "8935" => {
                for e in &mut c.episodes {
                    if let Some(open) = e.cp_plans.iter().find(|cpp| cpp.end.is_none()).cloned() {
                        e.cp_plans.push(CpPlan { reviews: Vec::new(), ..open });
                        return true;
                    }
                }
                false
            }
            "8565" => {
                // Closure recorded before the assessment was authorised (no CIN plan in the episode).
                for e in &mut c.episodes {
                    let (Some(closed), Some(r)) = (e.closure_date.get(), e.referral_date.get()) else { continue };
                    if !e.cin_plans.is_empty() {
                        continue;
                    }
                    let Some(auth) = e.assessments.iter().filter_map(|a| a.authorised.get()).max() else { continue };
                    let new_close = add(auth, -1);
                    if new_close < r || new_close < p.start || new_close >= closed {
                        continue;
                    }
                    e.closure_date = new_close.into();
                    return true;
                }
                false
            }
            _ => false,
        }
    }
}

/// The breach kinds, each named after the rule it is meant to trip.
const BREACHES: &[&str] = &[
    "1510", "1520", "8510", "1580", "4180", "4220", "8525Q", "8790", "8772", "8610", "8650", "8640", "8866", "8568", "8569Q", "8869",
    "8945Q", "8897Q", "8898", "8870Q", "8875", "8841", "8730", "8935", "8565",
];

fn episode_where(c: &mut Child, f: impl Fn(&Episode) -> bool) -> Option<&mut Episode> {
    c.episodes.iter_mut().find(|e| f(e))
}

fn find_assessment(c: &Child, f: impl Fn(&Assessment) -> bool) -> Option<(usize, usize)> {
    c.episodes.iter().enumerate().find_map(|(i, e)| e.assessments.iter().position(&f).map(|j| (i, j)))
}

// ---------------------------------------------------------------------------
// Writing XML (the census writer in `export`, which also serves the older
// GenderCurrent layout here)

/// Writes the XML declaration, the header and the opening `<Children>`.
pub fn write_start(w: &mut impl Write, h: &Header) -> io::Result<()> {
    export::write_start(w, h)
}

/// Writes the closing `</Children></Message>`.
pub fn write_end(w: &mut impl Write) -> io::Result<()> {
    export::write_end(w)
}

/// Writes one `Child` element in schema order. With `sex_layout` false the
/// pre-2024/25 `GenderCurrent` element is written instead of `Sex` (M→1,
/// F→2, U→0). See [`super::CensusWriter`] for writing a return.
pub fn write_child(w: &mut impl Write, c: &Child, sex_layout: bool) -> io::Result<()> {
    export::write_child(w, c, if sex_layout { Layout::Sex } else { Layout::GenderCurrent })
}
