//! Foster carers: the council's own fostering households, from the first
//! enquiry to approval and, in time, the end of their approval; the terms they are approved on;
//! the yearly review of their approval; and the weekly allowances paid for each child placed.
//!
//! Rules (each refusal names its rule):
//! - CR-1 The recruitment pipeline runs enquiry, initial visit, assessment, fostering panel,
//!   approved, one stage at a time; a household may withdraw, or not be approved, at any stage
//!   before approval, with a reason; an approved household's approval ends (resigned or
//!   deregistered) with a reason. Every step is dated on or after the last one and never in the
//!   future, and nothing follows a closed record.
//! - CR-2 The council's own weekly allowance for an age band is never below the national minimum
//!   allowance in force on the day the council's rates start (Fostering Services National
//!   Minimum Standards, standard 28).
//! - CR-3 Approval terms make sense: ages 0 to 17 with "from" no later than "to", 1 to 6
//!   places; more than 3 children is beyond the usual fostering limit (Children Act 1989
//!   Schedule 7) and needs the exemption recorded.
//! - CR-4 Temporary approval of a connected person (Care Planning, Placement and Case Review
//!   Regulations 2010, reg 24): only for a family-and-friends household not yet approved, for at
//!   most 16 weeks, extendable once to at most 24 weeks from the day it began.
//! - CR-5 An approved household's approval is reviewed at least once a year (Fostering Services
//!   Regulations 2011, reg 28): the review is due a year after approval or the last review, and
//!   is dated on or after the last step.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::codes::code_enum;
use crate::family_help::RuleRefusal;

code_enum!(
    /// What kind of fostering household it is.
    CarerKind {
        Mainstream => ("mainstream", "Mainstream foster carers"),
        ConnectedPerson => ("connected_person", "Connected person: family or friends of a child (kinship foster care, placement codes U1 to U3)"),
        ParentAndChild => ("parent_and_child", "Parent and child foster carers"),
    }
);

code_enum!(
    /// Where the household is in recruitment, or how it left it.
    CarerStage {
        Enquiry => ("enquiry", "Enquiry"),
        InitialVisit => ("initial_visit", "Initial visit"),
        Assessment => ("assessment", "Assessment"),
        Panel => ("panel", "Fostering panel"),
        Approved => ("approved", "Approved"),
        NotApproved => ("not_approved", "Not approved"),
        Withdrawn => ("withdrawn", "Withdrawn"),
        Ended => ("ended", "Approval ended"),
    }
);

code_enum!(
    /// Why an approval ended.
    ApprovalEnd {
        Resigned => ("resigned", "The carers resigned"),
        Deregistered => ("deregistered", "The council ended the approval (deregistered)"),
    }
);

code_enum!(
    /// The age bands the national minimum allowance is set for.
    AgeBand {
        Age0To2 => ("0_2", "Aged 0 to 2"),
        Age3To4 => ("3_4", "Aged 3 to 4"),
        Age5To10 => ("5_10", "Aged 5 to 10"),
        Age11To15 => ("11_15", "Aged 11 to 15"),
        Age16To17 => ("16_17", "Aged 16 to 17"),
    }
);

impl CarerStage {
    /// The stage that follows in recruitment, if any (CR-1).
    pub fn next(self) -> Option<CarerStage> {
        match self {
            CarerStage::Enquiry => Some(CarerStage::InitialVisit),
            CarerStage::InitialVisit => Some(CarerStage::Assessment),
            CarerStage::Assessment => Some(CarerStage::Panel),
            CarerStage::Panel => Some(CarerStage::Approved),
            _ => None,
        }
    }

    /// Still being recruited: not yet approved, and not closed.
    pub fn in_recruitment(self) -> bool {
        matches!(self, CarerStage::Enquiry | CarerStage::InitialVisit | CarerStage::Assessment | CarerStage::Panel)
    }
}

impl AgeBand {
    /// The band a child of `age` whole years falls in (17 and over counts as 16 to 17).
    pub fn of_age(age: u32) -> AgeBand {
        match age {
            0..=2 => AgeBand::Age0To2,
            3..=4 => AgeBand::Age3To4,
            5..=10 => AgeBand::Age5To10,
            11..=15 => AgeBand::Age11To15,
            _ => AgeBand::Age16To17,
        }
    }

    /// The youngest and oldest age in the band.
    pub fn ages(self) -> (u32, u32) {
        match self {
            AgeBand::Age0To2 => (0, 2),
            AgeBand::Age3To4 => (3, 4),
            AgeBand::Age5To10 => (5, 10),
            AgeBand::Age11To15 => (11, 15),
            AgeBand::Age16To17 => (16, 17),
        }
    }
}

fn refuse<T>(rule: &'static str, message: impl Into<String>) -> Result<T, RuleRefusal> {
    Err(RuleRefusal { rule, message: message.into() })
}

/// CR-1: every step is dated on or after the last one, and never in the future.
pub fn check_date(on: NaiveDate, last_step_on: NaiveDate, today: NaiveDate) -> Result<(), RuleRefusal> {
    if on > today {
        return refuse("CR-1", "The date cannot be in the future.");
    }
    if on < last_step_on {
        return refuse("CR-1", format!("The date must be on or after the last step ({}).", last_step_on.format("%-d %B %Y")));
    }
    Ok(())
}

/// CR-1: the household at `from` moves to `to` on `on` (the last step was on `last_step_on`).
/// Moving to "withdrawn" or "not approved" needs a reason.
pub fn check_stage(
    from: CarerStage,
    to: CarerStage,
    on: NaiveDate,
    last_step_on: NaiveDate,
    today: NaiveDate,
    reason: Option<&str>,
) -> Result<(), RuleRefusal> {
    if !from.in_recruitment() {
        return refuse("CR-1", format!("The household is {}: its recruitment has finished.", from.label().to_lowercase()));
    }
    match to {
        CarerStage::Withdrawn | CarerStage::NotApproved => {
            if reason.is_none_or(|r| r.trim().is_empty()) {
                return refuse("CR-1", "Say why the household withdrew or was not approved.");
            }
        }
        _ if from.next() == Some(to) => {}
        _ => {
            let next = from.next().map(|n| n.label().to_lowercase()).unwrap_or_default();
            return refuse("CR-1", format!("The household is at {}: the next stage is {next}.", from.label().to_lowercase()));
        }
    }
    check_date(on, last_step_on, today)
}

/// CR-1: an approval ends on `on`, with a reason, only while approved.
pub fn check_end(stage: CarerStage, on: NaiveDate, last_step_on: NaiveDate, today: NaiveDate) -> Result<(), RuleRefusal> {
    if stage != CarerStage::Approved {
        return refuse("CR-1", "Only an approved household's approval can end; a household still being assessed withdraws instead.");
    }
    check_date(on, last_step_on, today)
}

/// What a household is approved for (CR-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalTerms {
    /// The youngest child's age in years.
    pub age_from: u32,
    /// The oldest child's age in years.
    pub age_to: u32,
    /// How many children may live with the household at once.
    pub places: u32,
    /// Whether brothers and sisters may be placed together.
    pub siblings_together: bool,
    /// Why more than 3 children may live there (the usual fostering limit's exemption).
    pub exemption_reason: Option<String>,
}

/// The usual fostering limit (Children Act 1989 Schedule 7): more needs an exemption.
pub const USUAL_LIMIT: u32 = 3;
/// The most places this system records for one household.
pub const MOST_PLACES: u32 = 6;

/// CR-3: the terms make sense.
pub fn check_terms(t: &ApprovalTerms) -> Result<(), RuleRefusal> {
    if t.age_to > 17 {
        return refuse("CR-3", "Foster carers are approved for children aged 0 to 17: the oldest age must be 17 or under.");
    }
    if t.age_from > t.age_to {
        return refuse("CR-3", "The youngest age must not be more than the oldest age.");
    }
    if t.places == 0 || t.places > MOST_PLACES {
        return refuse("CR-3", format!("The number of children must be from 1 to {MOST_PLACES}."));
    }
    if t.places > USUAL_LIMIT && t.exemption_reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        return refuse(
            "CR-3",
            format!("More than {USUAL_LIMIT} children is beyond the usual fostering limit: record the exemption that allows it."),
        );
    }
    Ok(())
}

/// Temporary approval of a connected person lasts at most this many weeks (reg 24)...
pub const TEMPORARY_WEEKS: u64 = 16;
/// ...and, extended, at most this many from the day it began (reg 25).
pub const TEMPORARY_MOST_WEEKS: u64 = 24;

/// CR-4: a connected person approved temporarily on `on` (or, when `began` is set, an
/// extension of the temporary approval that began then) until `until`.
pub fn check_temporary(
    kind: CarerKind,
    stage: CarerStage,
    began: Option<NaiveDate>,
    on: NaiveDate,
    until: NaiveDate,
    last_step_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), RuleRefusal> {
    if kind != CarerKind::ConnectedPerson {
        return refuse("CR-4", "Only a connected person (a child's family or friends) can be approved temporarily.");
    }
    if !stage.in_recruitment() {
        return refuse("CR-4", "Temporary approval is for a household still being assessed.");
    }
    check_date(on, last_step_on, today)?;
    let start = began.unwrap_or(on);
    let most = if began.is_some() { TEMPORARY_MOST_WEEKS } else { TEMPORARY_WEEKS };
    let latest = start + Days::new(most * 7);
    if until <= on || until > latest {
        let what = if began.is_some() { "An extension" } else { "Temporary approval" };
        return refuse(
            "CR-4",
            format!(
                "{what} lasts at most {most} weeks from {}: until {} at the latest.",
                start.format("%-d %B %Y"),
                latest.format("%-d %B %Y")
            ),
        );
    }
    Ok(())
}

/// CR-5: the next review of approval is due a year after approval or the last review.
pub fn review_due(approved_on: NaiveDate, last_review_on: Option<NaiveDate>) -> NaiveDate {
    crate::calendar::add_calendar_months(last_review_on.unwrap_or(approved_on), 12)
}

/// CR-5: a review of approval, only while approved.
pub fn check_review(stage: CarerStage, on: NaiveDate, last_step_on: NaiveDate, today: NaiveDate) -> Result<(), RuleRefusal> {
    if stage != CarerStage::Approved {
        return refuse("CR-5", "Only an approved household's approval is reviewed.");
    }
    check_date(on, last_step_on, today).map_err(|r| RuleRefusal { rule: "CR-5", message: r.message })
}

/// Weekly allowances for each age band, in pence, from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowanceRates {
    /// The day these rates start.
    pub from: NaiveDate,
    pub age_0_2_pence: u32,
    pub age_3_4_pence: u32,
    pub age_5_10_pence: u32,
    pub age_11_15_pence: u32,
    pub age_16_17_pence: u32,
}

impl AllowanceRates {
    pub fn weekly(&self, band: AgeBand) -> u32 {
        match band {
            AgeBand::Age0To2 => self.age_0_2_pence,
            AgeBand::Age3To4 => self.age_3_4_pence,
            AgeBand::Age5To10 => self.age_5_10_pence,
            AgeBand::Age11To15 => self.age_11_15_pence,
            AgeBand::Age16To17 => self.age_16_17_pence,
        }
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

code_enum!(
    /// Where the council is, for the national minimum allowance: London and the South East have
    /// their own, higher rates (DfE, "Help with the cost of fostering").
    AllowanceArea {
        RestOfEngland => ("rest_of_england", "England outside London and the South East"),
        SouthEast => ("south_east", "South East"),
        London => ("london", "London"),
    }
);

// `code_enum!` takes no attributes on its variants, so `#[default]` cannot be used.
#[allow(clippy::derivable_impls)]
impl Default for AllowanceArea {
    fn default() -> Self {
        AllowanceArea::RestOfEngland
    }
}

/// The national minimum allowance for the council's area, weekly per age band, by financial year
/// (DfE, "Help with the cost of fostering").
///
/// - 2025-26, an uplift of 3.55% on 2024-25 (the DfE's figure, in a written parliamentary
///   answer): outside London and the South East £170, £176, £194, £220, £258; South East £189,
///   £196, £216, £247, £288; London £198, £201, £225, £257, £299. CONFIRM against the gov.uk page:
///   the figures were taken from a fostering sector summary of it.
/// - 2026-27: CONFIRM. No published uplift was found; the figures repeat 2025-26 as a stand-in
///   until the council's administrator enters the published rates.
pub fn national_minimum_for(area: AllowanceArea) -> Vec<AllowanceRates> {
    let [a, b, c, d, e] = match area {
        AllowanceArea::RestOfEngland => [17_000, 17_600, 19_400, 22_000, 25_800],
        AllowanceArea::SouthEast => [18_900, 19_600, 21_600, 24_700, 28_800],
        AllowanceArea::London => [19_800, 20_100, 22_500, 25_700, 29_900],
    };
    let rates = |from: NaiveDate| AllowanceRates {
        from,
        age_0_2_pence: a,
        age_3_4_pence: b,
        age_5_10_pence: c,
        age_11_15_pence: d,
        age_16_17_pence: e,
    };
    vec![rates(ymd(2025, 4, 1)), rates(ymd(2026, 4, 1))]
}

/// The national minimum for England outside London and the South East (the default area).
pub fn national_minimum_defaults() -> Vec<AllowanceRates> {
    national_minimum_for(AllowanceArea::RestOfEngland)
}

/// The rates in force on `day`: the latest starting on or before it.
pub fn rates_on(list: &[AllowanceRates], day: NaiveDate) -> Option<&AllowanceRates> {
    list.iter().filter(|r| r.from <= day).max_by_key(|r| r.from)
}

/// CR-2: the council's rates are never below the national minimum in force on their first day.
pub fn check_council_rates(council: &AllowanceRates, national: &[AllowanceRates]) -> Result<(), RuleRefusal> {
    let Some(minimum) = rates_on(national, council.from) else {
        return Ok(());
    };
    let below: Vec<String> = AgeBand::ALL
        .iter()
        .filter(|b| council.weekly(**b) < minimum.weekly(**b))
        .map(|b| format!("{} (at least {})", b.label().to_lowercase(), crate::support_packages::pounds(i64::from(minimum.weekly(*b)))))
        .collect();
    if below.is_empty() {
        return Ok(());
    }
    refuse(
        "CR-2",
        format!(
            "The council's weekly allowance cannot be less than the national minimum in force on {}: {}.",
            council.from.format("%-d %B %Y"),
            below.join(", ")
        ),
    )
}

/// The allowances the council pays: the national minimum, and its own rates, each dated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CarerSettings {
    /// The national minimum allowance, one row per year it changed.
    pub national_minimum: Vec<AllowanceRates>,
    /// The council's own weekly rates (CR-2: never below the national minimum); none means it
    /// pays the national minimum.
    pub council_rates: Vec<AllowanceRates>,
    /// Whose national minimum applies: London, the South East or the rest of England (CONFIRM;
    /// the rest of England by default).
    pub area: AllowanceArea,
}

impl Default for CarerSettings {
    fn default() -> Self {
        Self { national_minimum: national_minimum_defaults(), council_rates: vec![], area: AllowanceArea::default() }
    }
}

impl CarerSettings {
    /// The settings for a council in `area`: the published rows of the old area's national
    /// minimum are replaced by the new area's, and rows the council entered itself are kept.
    pub fn in_area(mut self, area: AllowanceArea) -> Self {
        if area == self.area {
            return self;
        }
        let (old, new) = (national_minimum_for(self.area), national_minimum_for(area));
        self.national_minimum.retain(|r| !old.contains(r));
        for r in new {
            if !self.national_minimum.iter().any(|x| x.from == r.from) {
                self.national_minimum.push(r);
            }
        }
        self.national_minimum.sort_by_key(|r| r.from);
        self.area = area;
        self
    }

    /// What the council pays a week for a child in `band` on `day`: its own rate, but never less
    /// than the national minimum in force that day (a national minimum that rose after the
    /// council's rates were set is paid until the council sets new ones).
    pub fn weekly_on(&self, band: AgeBand, day: NaiveDate) -> Option<u32> {
        let council = rates_on(&self.council_rates, day).map(|r| r.weekly(band));
        let national = rates_on(&self.national_minimum, day).map(|r| r.weekly(band));
        council.max(national)
    }

    pub fn validate(&self, errors: &mut ValidationErrors) {
        for (field, list) in [("carers.national_minimum", &self.national_minimum), ("carers.council_rates", &self.council_rates)] {
            let mut days: Vec<NaiveDate> = list.iter().map(|r| r.from).collect();
            days.sort();
            days.dedup();
            if days.len() != list.len() {
                errors.add(field, "Each set of rates needs its own start date");
            }
        }
        for r in &self.council_rates {
            if let Err(refusal) = check_council_rates(r, &self.national_minimum) {
                errors.add("carers.council_rates", format!("{} ({})", refusal.message, refusal.rule));
                break;
            }
        }
    }
}

/// What is known of a household when a child is placed with it (CR-6).
#[derive(Debug, Clone, Copy)]
pub struct HouseholdFacts {
    pub kind: CarerKind,
    /// Approved on or before the day (or temporarily approved then, as a connected person).
    pub approved: bool,
    /// The terms of approval: ages from and to, and places.
    pub terms: Option<(u32, u32, u32)>,
    /// Children placed with the household now, before this one.
    pub placed: u32,
}

/// CR-6: a child is placed only with an approved household (or a connected person approved
/// temporarily), in a foster placement of its kind (903 U1–U3 with family or friends, U4–U6
/// with other carers), within the ages and the number of children it is approved for.
pub fn check_placement_with(h: &HouseholdFacts, placement: &str, age: Option<u32>) -> Result<(), RuleRefusal> {
    let refuse = |message: String| Err(RuleRefusal { rule: "CR-6", message });
    if !h.approved {
        return refuse("These foster carers are not approved to have a child placed with them on that date.".into());
    }
    let family = matches!(placement, "U1" | "U2" | "U3");
    let other = matches!(placement, "U4" | "U5" | "U6");
    match h.kind {
        CarerKind::ConnectedPerson if !family => {
            return refuse("A child placed with family or friends who foster is a placement with a relative or friend (U1 to U3).".into());
        }
        CarerKind::Mainstream | CarerKind::ParentAndChild if !other => {
            return refuse("A child placed with these foster carers is a foster placement with other carers (U4 to U6).".into());
        }
        _ => {}
    }
    if let Some((from, to, places)) = h.terms {
        if let Some(a) = age
            && (a < from || a > to)
        {
            return refuse(format!("These carers are approved for children aged {from} to {to}; the child is {a}."));
        }
        if h.placed >= places {
            return refuse(format!(
                "These carers are approved for {} and have {} placed now.",
                crate::text::plural(places, "child", "children"),
                h.placed
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn carers_pipeline_runs_one_stage_at_a_time_cr_1() {
        let today = d(2026, 11, 23);
        let last = d(2026, 6, 1);
        assert!(check_stage(CarerStage::Enquiry, CarerStage::InitialVisit, d(2026, 6, 10), last, today, None).is_ok());
        assert!(check_stage(CarerStage::Panel, CarerStage::Approved, d(2026, 6, 10), last, today, None).is_ok());
        let skip = check_stage(CarerStage::Enquiry, CarerStage::Panel, d(2026, 6, 10), last, today, None).unwrap_err();
        assert_eq!(skip.rule, "CR-1");
        assert!(skip.message.contains("next stage is initial visit"));
        // Dated before the last step, or in the future.
        assert_eq!(check_stage(CarerStage::Enquiry, CarerStage::InitialVisit, d(2026, 5, 31), last, today, None).unwrap_err().rule, "CR-1");
        assert!(check_stage(CarerStage::Enquiry, CarerStage::InitialVisit, d(2026, 11, 24), last, today, None).is_err());
        // Withdrawn or not approved at any stage before approval, with a reason.
        assert!(check_stage(CarerStage::Assessment, CarerStage::Withdrawn, d(2026, 7, 1), last, today, None).is_err());
        assert!(check_stage(CarerStage::Assessment, CarerStage::Withdrawn, d(2026, 7, 1), last, today, Some("Moving abroad")).is_ok());
        assert!(check_stage(CarerStage::Enquiry, CarerStage::NotApproved, d(2026, 7, 1), last, today, Some("Checks")).is_ok());
        // Nothing follows a closed or approved record.
        assert!(check_stage(CarerStage::Withdrawn, CarerStage::InitialVisit, d(2026, 7, 1), last, today, None).is_err());
        assert!(check_stage(CarerStage::Approved, CarerStage::Withdrawn, d(2026, 7, 1), last, today, Some("x")).is_err());
        // An approval ends only when approved.
        assert!(check_end(CarerStage::Approved, d(2026, 7, 1), last, today).is_ok());
        assert_eq!(check_end(CarerStage::Assessment, d(2026, 7, 1), last, today).unwrap_err().rule, "CR-1");
        assert_eq!(CarerStage::ALL.iter().filter(|s| s.in_recruitment()).count(), 4);
    }

    #[test]
    fn the_national_minimum_follows_the_councils_area_cr_2() {
        let s = CarerSettings::default();
        assert_eq!(s.area, AllowanceArea::RestOfEngland);
        assert_eq!(s.weekly_on(AgeBand::Age16To17, d(2025, 6, 1)), Some(25_800));
        let mut london = s.clone().in_area(AllowanceArea::London);
        assert_eq!(london.weekly_on(AgeBand::Age16To17, d(2025, 6, 1)), Some(29_900));
        assert_eq!(london.weekly_on(AgeBand::Age0To2, d(2026, 6, 1)), Some(19_800));
        // A row the council entered itself is kept when the area changes again.
        london.national_minimum.push(AllowanceRates { from: d(2027, 4, 1), ..national_minimum_for(AllowanceArea::London)[1].clone() });
        let south_east = london.in_area(AllowanceArea::SouthEast);
        assert_eq!(south_east.weekly_on(AgeBand::Age11To15, d(2025, 6, 1)), Some(24_700));
        assert_eq!(south_east.national_minimum.len(), 3);
        assert_eq!(south_east.weekly_on(AgeBand::Age11To15, d(2027, 6, 1)), Some(25_700), "the council's own row");
        assert_eq!(south_east.clone().in_area(AllowanceArea::SouthEast), south_east);
    }

    #[test]
    fn carers_council_rates_never_below_the_national_minimum_cr_2() {
        let national = national_minimum_defaults();
        let at = |from: NaiveDate, pence: u32| AllowanceRates {
            from,
            age_0_2_pence: pence,
            age_3_4_pence: pence,
            age_5_10_pence: pence,
            age_11_15_pence: pence,
            age_16_17_pence: pence,
        };
        assert!(check_council_rates(&at(d(2026, 4, 1), 30_000), &national).is_ok());
        let low = check_council_rates(&at(d(2026, 4, 1), 18_000), &national).unwrap_err();
        assert_eq!(low.rule, "CR-2");
        assert!(low.message.contains("aged 5 to 10 (at least £194.00)"), "{}", low.message);
        assert!(!low.message.contains("aged 0 to 2"));
        // Before any national minimum is known, nothing to compare.
        assert!(check_council_rates(&at(d(2020, 4, 1), 100), &national).is_ok());
        // In force: the latest starting on or before the day.
        assert_eq!(rates_on(&national, d(2026, 3, 31)).unwrap().from, d(2025, 4, 1));
        assert_eq!(rates_on(&national, d(2026, 4, 1)).unwrap().from, d(2026, 4, 1));
        assert!(rates_on(&national, d(2025, 3, 31)).is_none());
        let mut s = CarerSettings { council_rates: vec![at(d(2026, 4, 1), 18_000)], ..Default::default() };
        let mut e = ValidationErrors::new();
        s.validate(&mut e);
        assert!(e.for_field("carers.council_rates").unwrap().contains("CR-2"));
        s.council_rates = vec![at(d(2026, 4, 1), 26_000)];
        let mut e = ValidationErrors::new();
        s.validate(&mut e);
        assert!(e.is_empty());
        assert_eq!(s.weekly_on(AgeBand::Age0To2, d(2026, 11, 23)), Some(26_000));
        assert_eq!(s.weekly_on(AgeBand::Age0To2, d(2025, 11, 23)), Some(17_000));
        // A national minimum that rises above the council's rate is paid until the council
        // catches up.
        s.national_minimum.push(at(d(2027, 4, 1), 27_000));
        assert_eq!(s.weekly_on(AgeBand::Age0To2, d(2027, 4, 1)), Some(27_000));
        assert!(CarerSettings::default().council_rates.is_empty());
    }

    #[test]
    fn carers_approval_terms_make_sense_cr_3() {
        let t = ApprovalTerms { age_from: 0, age_to: 17, places: 2, siblings_together: true, exemption_reason: None };
        assert!(check_terms(&t).is_ok());
        assert_eq!(check_terms(&ApprovalTerms { age_from: 12, age_to: 5, ..t.clone() }).unwrap_err().rule, "CR-3");
        assert!(check_terms(&ApprovalTerms { age_to: 18, ..t.clone() }).is_err());
        assert!(check_terms(&ApprovalTerms { places: 0, ..t.clone() }).is_err());
        assert!(check_terms(&ApprovalTerms { places: 7, exemption_reason: Some("x".into()), ..t.clone() }).is_err());
        let four = ApprovalTerms { places: 4, ..t.clone() };
        assert!(check_terms(&four).unwrap_err().message.contains("exemption"));
        assert!(check_terms(&ApprovalTerms { exemption_reason: Some("A sibling group of four".into()), ..four }).is_ok());
    }

    #[test]
    fn carers_temporary_approval_for_connected_people_cr_4() {
        let today = d(2026, 11, 23);
        let last = d(2026, 8, 1);
        let on = d(2026, 8, 3);
        let cp = CarerKind::ConnectedPerson;
        let sixteen = on + Days::new(16 * 7);
        assert!(check_temporary(cp, CarerStage::Assessment, None, on, sixteen, last, today).is_ok());
        assert_eq!(check_temporary(cp, CarerStage::Assessment, None, on, sixteen + Days::new(1), last, today).unwrap_err().rule, "CR-4");
        assert!(check_temporary(CarerKind::Mainstream, CarerStage::Assessment, None, on, sixteen, last, today).is_err());
        assert!(check_temporary(cp, CarerStage::Approved, None, on, sixteen, last, today).is_err());
        // Extended to at most 24 weeks from the day it began.
        let ext = d(2026, 11, 1);
        assert!(check_temporary(cp, CarerStage::Assessment, Some(on), ext, on + Days::new(24 * 7), on, today).is_ok());
        assert!(check_temporary(cp, CarerStage::Assessment, Some(on), ext, on + Days::new(24 * 7 + 1), on, today).is_err());
    }

    #[test]
    fn carers_approval_is_reviewed_yearly_cr_5() {
        assert_eq!(review_due(d(2025, 11, 20), None), d(2026, 11, 20));
        assert_eq!(review_due(d(2024, 2, 29), Some(d(2025, 3, 1))), d(2026, 3, 1));
        let today = d(2026, 11, 23);
        assert!(check_review(CarerStage::Approved, d(2026, 11, 20), d(2025, 11, 20), today).is_ok());
        assert_eq!(check_review(CarerStage::Approved, d(2026, 11, 24), d(2025, 11, 20), today).unwrap_err().rule, "CR-5");
        assert_eq!(check_review(CarerStage::Ended, d(2026, 11, 20), d(2025, 11, 20), today).unwrap_err().rule, "CR-5");
    }

    #[test]
    fn carers_age_bands() {
        assert_eq!(AgeBand::of_age(2), AgeBand::Age0To2);
        assert_eq!(AgeBand::of_age(11), AgeBand::Age11To15);
        assert_eq!(AgeBand::of_age(17), AgeBand::Age16To17);
        assert_eq!(AgeBand::Age5To10.ages(), (5, 10));
    }

    #[test]
    fn a_child_is_placed_only_within_the_households_approval_cr_6() {
        let h = HouseholdFacts { kind: CarerKind::Mainstream, approved: true, terms: Some((0, 10, 2)), placed: 1 };
        assert!(check_placement_with(&h, "U6", Some(7)).is_ok());
        assert_eq!(check_placement_with(&h, "U3", Some(7)).unwrap_err().rule, "CR-6");
        assert!(check_placement_with(&h, "U6", Some(12)).is_err(), "over the age range");
        assert!(check_placement_with(&HouseholdFacts { placed: 2, ..h }, "U6", Some(7)).is_err(), "no vacancy");
        assert!(check_placement_with(&HouseholdFacts { approved: false, ..h }, "U6", Some(7)).is_err());
        let family = HouseholdFacts { kind: CarerKind::ConnectedPerson, approved: true, terms: None, placed: 0 };
        assert!(check_placement_with(&family, "U3", Some(4)).is_ok());
        assert!(check_placement_with(&family, "U6", Some(4)).is_err());
    }
}
