//! Leaving care (families-first.md §4.7): which duties a young person is owed,
//! worked out from their episodes of care and their age on a day (LC-1).
//!
//! - **Eligible**: aged 16 or 17, still looked after, and looked after for at least 13 weeks in
//!   total since their 14th birthday, some of it at or after 16.
//! - **Relevant**: aged 16 or 17, no longer looked after, and was eligible.
//! - **Former relevant**: aged 18 to 24, and was eligible or relevant (personal adviser support
//!   to 25, T34).
//! - **Qualifying**: aged 16 to 24, no longer looked after, looked after at or after 16 but never
//!   for the 13 weeks.
//!
//! Short breaks (legal status V3, V4) do not count, as the 903 does not count them.
//!
//! The duties that follow (§4.7), each a pure rule here with the clock passed in:
//! - **LC-2** pathway plans (T32): the first within a set time of becoming eligible, then
//!   reviewed at least every 6 months while the young person is owed one (to 25).
//! - **LC-3** personal advisers (T33, T34): one is allocated from 16 to 25; contact at least every
//!   8 weeks, and a visit within 7 days of a move to new accommodation.
//! - **LC-4** Staying Put (T35) and Staying Close: from 18, Staying Put only with the foster
//!   carers the young person lived with when care ended and to 21 at most; Staying Close only
//!   after residential care and only once the council has switched the duty on.
//! - **LC-5** where the young person lives and what they do, in the 903's OC3 codes, for each
//!   birthday from 17 to 21 in the year.
//! - **LC-6** money: the setting-up-home allowance and the apprenticeship bursary, paid up to the
//!   council's amount, which can never be below the national minimum in force.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::codes::code_enum;
use crate::family_help::RuleRefusal;

code_enum!(
    /// What a young person who was looked after is owed on leaving care.
    CareLeaverStatus {
        Eligible => ("eligible", "Eligible: 16 or 17 and still looked after; needs a pathway plan and a personal adviser before leaving care"),
        Relevant => ("relevant", "Relevant: 16 or 17 and has left care; the council supports and accommodates them"),
        FormerRelevant => ("former_relevant", "Former relevant: 18 or over; a personal adviser and pathway plan to 25"),
        Qualifying => ("qualifying", "Qualifying: was looked after at 16 or later, but not long enough to be eligible; advice and help to 25"),
    }
);

/// One period in care: from, to (none while it continues), and whether it was a short break.
#[derive(Debug, Clone, Copy)]
pub struct CareSpell {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub short_break: bool,
}

fn birthday(born: NaiveDate, years: u32) -> Option<NaiveDate> {
    born.checked_add_months(chrono::Months::new(years * 12))
}

/// LC-1: the young person's status on `on`, or none when they are owed no leaving-care duty.
pub fn care_leaver_status(born: Option<NaiveDate>, spells: &[CareSpell], on: NaiveDate) -> Option<CareLeaverStatus> {
    let born = born?;
    let (fourteen, sixteen, eighteen, twenty_five) = (birthday(born, 14)?, birthday(born, 16)?, birthday(born, 18)?, birthday(born, 25)?);
    if on < sixteen || on >= twenty_five {
        return None;
    }
    let counted: Vec<&CareSpell> = spells.iter().filter(|s| !s.short_break && s.from <= on).collect();
    let end_of = |s: &CareSpell| s.to.unwrap_or(on).min(on);
    let days_since_fourteen: i64 = counted
        .iter()
        .map(|s| {
            let from = s.from.max(fourteen);
            let to = end_of(s);
            if to > from { (to - from).num_days() } else { 0 }
        })
        .sum();
    let after_sixteen = counted.iter().any(|s| end_of(s) >= sixteen && s.to.is_none_or(|t| t >= sixteen));
    let looked_after_now = counted.iter().any(|s| s.to.is_none());
    let was_eligible = days_since_fourteen >= 91 && after_sixteen;
    Some(match (on < eighteen, looked_after_now, was_eligible, after_sixteen) {
        (true, true, true, _) => CareLeaverStatus::Eligible,
        (true, false, true, _) => CareLeaverStatus::Relevant,
        (false, false, true, _) => CareLeaverStatus::FormerRelevant,
        // Qualifying: was looked after at 16 or over, "but is no longer" (CA 1989 s.24(1)).
        (_, false, false, true) => CareLeaverStatus::Qualifying,
        // Still looked after at 18 or over: not a care leaver yet (and no status to show).
        _ => return None,
    })
}

/// The day the young person became eligible (LC-1): the first day on which they had been looked
/// after for 13 weeks (91 days) since their 14th birthday and were 16 or over, while in care.
pub fn eligible_from(born: Option<NaiveDate>, spells: &[CareSpell]) -> Option<NaiveDate> {
    let born = born?;
    let (fourteen, sixteen) = (birthday(born, 14)?, birthday(born, 16)?);
    let mut counted: Vec<&CareSpell> = spells.iter().filter(|s| !s.short_break).collect();
    counted.sort_by_key(|s| s.from);
    let mut days = 0i64;
    for s in counted {
        let from = s.from.max(fourteen);
        let to = s.to.unwrap_or(NaiveDate::MAX);
        if to <= from {
            continue;
        }
        // The day the 91 days are reached within this spell (or before it began).
        let reached = if days >= 91 { from } else { from.checked_add_signed(chrono::Duration::days(91 - days))? };
        let day = reached.max(sixteen);
        if day <= to && s.to.is_none_or(|t| day < t) {
            return Some(day);
        }
        days += (to.min(NaiveDate::from_ymd_opt(9999, 1, 1)?) - from).num_days();
    }
    None
}

/// The young person's age in whole years on `on`.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> u32 {
    on.years_since(born).unwrap_or(0)
}

/// An amount in force from a date (a dated setting: each new amount starts on its date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedPence {
    pub from: NaiveDate,
    pub pence: u64,
}

/// The amount in force on `on`: the latest whose date has come.
pub fn in_force(list: &[DatedPence], on: NaiveDate) -> Option<u64> {
    list.iter().filter(|d| d.from <= on).max_by_key(|d| d.from).map(|d| d.pence)
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The council's leaving-care practice and money. Facts the research could
/// not confirm carry "CONFIRM" and are settings with the documented default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LeavingCareSettings {
    /// LC-2 (T32): the first pathway plan within this many months of becoming eligible (3: the
    /// needs assessment is due within 3 months, the plan follows it; CONFIRM).
    pub first_plan_months: u32,
    /// LC-2 (T32): pathway plans reviewed at least every this many months (6).
    pub plan_review_months: u32,
    /// LC-3 (T33): personal adviser contact at least every this many weeks (8).
    pub contact_interval_weeks: u32,
    /// LC-3 (T33): a visit within this many days of a move to new accommodation (7).
    pub visit_after_move_days: u32,
    /// LC-4: Staying Close (Children's Wellbeing and Schools Act 2026, commenced by regulations):
    /// off until the council switches the duty on.
    pub staying_close_duty: bool,
    /// LC-6: the national minimum setting-up-home allowance, dated (£2,000; £3,000 under the
    /// 2023 strategy, from April 2026 — CONFIRM the date).
    pub setting_up_home_minimum: Vec<DatedPence>,
    /// LC-6: the council's own setting-up-home allowance; never below the national minimum.
    pub setting_up_home_pence: u64,
    /// LC-6: the national care leavers' apprenticeship bursary, dated (£1,000; £3,000 under the
    /// 2023 strategy, from April 2026 — CONFIRM the date).
    pub apprenticeship_bursary_minimum: Vec<DatedPence>,
    /// LC-6: the council's apprenticeship bursary; never below the national amount.
    pub apprenticeship_bursary_pence: u64,
    /// The care leaver local offer, published on a public page (Children and Social Work Act
    /// 2017 s.2). Plain text; blank lines separate paragraphs.
    pub local_offer: String,
}

impl Default for LeavingCareSettings {
    fn default() -> Self {
        Self {
            first_plan_months: 3,
            plan_review_months: 6,
            contact_interval_weeks: 8,
            visit_after_move_days: 7,
            staying_close_duty: false,
            setting_up_home_minimum: vec![
                DatedPence { from: ymd(2013, 4, 1), pence: 200_000 },
                DatedPence { from: ymd(2026, 4, 1), pence: 300_000 },
            ],
            setting_up_home_pence: 300_000,
            apprenticeship_bursary_minimum: vec![
                DatedPence { from: ymd(2018, 8, 1), pence: 100_000 },
                DatedPence { from: ymd(2026, 4, 1), pence: 300_000 },
            ],
            apprenticeship_bursary_pence: 300_000,
            local_offer: String::new(),
        }
    }
}

impl LeavingCareSettings {
    /// LC-6: the council's amounts are never below the highest national minimum set; the clocks
    /// are whole positive numbers.
    pub fn validate(&self, e: &mut ValidationErrors) {
        let floor = |list: &[DatedPence]| list.iter().max_by_key(|d| d.from).map_or(0, |d| d.pence);
        let money = |p: u64| crate::support_packages::pounds(i64::try_from(p).unwrap_or(i64::MAX));
        let (home, bursary) = (floor(&self.setting_up_home_minimum), floor(&self.apprenticeship_bursary_minimum));
        if self.setting_up_home_pence < home {
            e.add(
                "leaving_care.setting_up_home",
                format!("The council's setting-up-home allowance cannot be below the national minimum of {}", money(home)),
            );
        }
        if self.apprenticeship_bursary_pence < bursary {
            e.add(
                "leaving_care.apprenticeship_bursary",
                format!("The council's apprenticeship bursary cannot be below the national amount of {}", money(bursary)),
            );
        }
        for (field, v, max) in [
            ("leaving_care.first_plan_months", self.first_plan_months, 12),
            ("leaving_care.plan_review_months", self.plan_review_months, 6),
            ("leaving_care.contact_interval_weeks", self.contact_interval_weeks, 8),
            ("leaving_care.visit_after_move_days", self.visit_after_move_days, 7),
        ] {
            if v == 0 || v > max {
                e.add(field, format!("Enter a number from 1 to {max}: the law sets {max} as the longest"));
            }
        }
        if self.local_offer.chars().count() > 20_000 {
            e.add("leaving_care.local_offer", "The local offer must be 20,000 characters or fewer");
        }
    }

    /// The allowance a young person is owed of `kind` on `on`: the council's amount or the
    /// national minimum then in force, whichever is more (LC-6).
    pub fn allowance(&self, kind: PaymentKind, on: NaiveDate) -> u64 {
        let (list, council) = match kind {
            PaymentKind::SettingUpHome => (&self.setting_up_home_minimum, self.setting_up_home_pence),
            PaymentKind::ApprenticeshipBursary => (&self.apprenticeship_bursary_minimum, self.apprenticeship_bursary_pence),
        };
        council.max(in_force(list, on).unwrap_or(0))
    }
}

code_enum!(
    /// How a personal adviser was in touch (LC-3).
    AdviserContactKind {
        Visit => ("visit", "Visit in person"),
        Phone => ("phone", "Phone call"),
        Video => ("video", "Video call"),
        Message => ("message", "Message or email"),
    }
);

code_enum!(
    /// 903 OC3 IN_TOUCH: whether the council is in touch with the care leaver.
    InTouch {
        Yes => ("YES", "In touch"),
        No => ("NO", "Not in touch"),
        Refused => ("REFU", "Does not want contact"),
        NotRequired => ("NREQ", "No longer needs services"),
        ReturnedHome => ("RHOM", "Back with parents for 6 months or more"),
        Died => ("DIED", "Died since leaving care"),
    }
);

code_enum!(
    /// 903 OC3 ACTIV: what the care leaver does (F3/P3 retired in 2021-22).
    Activity {
        F1 => ("F1", "Full-time higher education"),
        P1 => ("P1", "Part-time higher education"),
        F2 => ("F2", "Full-time education other than higher education"),
        P2 => ("P2", "Part-time education other than higher education"),
        F4 => ("F4", "Full-time apprenticeship"),
        P4 => ("P4", "Part-time apprenticeship"),
        F5 => ("F5", "Full-time training or employment"),
        P5 => ("P5", "Part-time training or employment"),
        G4 => ("G4", "Not in education, training or work: illness or disability"),
        G5 => ("G5", "Not in education, training or work: other reasons"),
        G6 => ("G6", "Not in education, training or work: pregnancy or parenting"),
    }
);

code_enum!(
    /// 903 OC3 ACCOM, the kind of home (the suitability, 1 or 2, is recorded beside it). Homeless
    /// and custody are always unsuitable (903 rule 133).
    Accommodation {
        B => ("B", "With parents or relatives"),
        C => ("C", "Community home or other residential care"),
        D => ("D", "Semi-independent transitional accommodation"),
        E => ("E", "Supported lodgings"),
        G => ("G", "Gone abroad"),
        H => ("H", "Deported"),
        K => ("K", "Ordinary lodgings without formal support"),
        R => ("R", "Residence not known"),
        S => ("S", "No fixed abode or homeless"),
        T => ("T", "Foyer or similar supported accommodation"),
        U => ("U", "Independent living: own tenancy, flat share, student accommodation"),
        V => ("V", "Emergency accommodation: night shelter or hostel"),
        W => ("W", "Bed and breakfast"),
        X => ("X", "In custody"),
        Y => ("Y", "Other accommodation"),
        Z => ("Z", "With former foster carers (Staying Put)"),
    }
);

code_enum!(
    /// Staying on after 18 (LC-4).
    StayingKind {
        StayingPut => ("staying_put", "Staying Put with former foster carers"),
        StayingClose => ("staying_close", "Staying Close after residential care"),
    }
);

code_enum!(
    /// Money paid to a care leaver against an allowance (LC-6).
    PaymentKind {
        SettingUpHome => ("setting_up_home", "Setting-up-home allowance"),
        ApprenticeshipBursary => ("apprenticeship_bursary", "Care leavers' apprenticeship bursary"),
    }
);

fn refuse<T>(rule: &'static str, message: &str) -> Result<T, RuleRefusal> {
    Err(RuleRefusal { rule, message: message.into() })
}

/// LC-2 (T32): when the next pathway plan is due, for a young person with `status`, eligible
/// from `eligible`, whose last plan was agreed on `last_plan`; none when no plan is owed.
pub fn pathway_plan_due(
    status: Option<CareLeaverStatus>,
    eligible: Option<NaiveDate>,
    last_plan: Option<NaiveDate>,
    s: &LeavingCareSettings,
) -> Option<NaiveDate> {
    match status? {
        CareLeaverStatus::Qualifying => None,
        _ => match last_plan {
            Some(last) => last.checked_add_months(Months::new(s.plan_review_months)),
            None => eligible?.checked_add_months(Months::new(s.first_plan_months)),
        },
    }
}

/// LC-2: a pathway plan agreed on `on` for a young person owed one (eligible, relevant or former
/// relevant), not in the future.
pub fn check_pathway_plan(status: Option<CareLeaverStatus>, on: NaiveDate, today: NaiveDate) -> Result<(), RuleRefusal> {
    if on > today {
        return refuse("LC-2", "The date the plan was agreed cannot be in the future.");
    }
    match status {
        Some(CareLeaverStatus::Eligible | CareLeaverStatus::Relevant | CareLeaverStatus::FormerRelevant) => Ok(()),
        _ => refuse(
            "LC-2",
            "A pathway plan is for a young person who is eligible, relevant or former relevant: 16 or over with 13 weeks in care since 14.",
        ),
    }
}

/// LC-3 (T34): a personal adviser is allocated from 16 until 25, to a young person who was
/// looked after (any leaving-care status).
pub fn check_adviser(
    born: Option<NaiveDate>,
    status: Option<CareLeaverStatus>,
    from: NaiveDate,
    today: NaiveDate,
) -> Result<(), RuleRefusal> {
    if from > today {
        return refuse("LC-3", "The date cannot be in the future.");
    }
    let Some(born) = born else { return refuse("LC-3", "Record the young person's date of birth first.") };
    if !(16..25).contains(&age_on(born, from)) || status.is_none() {
        return refuse("LC-3", "A personal adviser supports a care leaver from 16 until their 25th birthday.");
    }
    Ok(())
}

/// LC-3 (T33): when the next personal adviser contact is due: at most `contact_interval_weeks`
/// after the last contact (or the allocation), and a visit within `visit_after_move_days` of a
/// move to new accommodation not yet followed by a visit.
pub fn adviser_contact_due(
    allocated_on: NaiveDate,
    last_contact: Option<NaiveDate>,
    last_visit: Option<NaiveDate>,
    moved_on: Option<NaiveDate>,
    s: &LeavingCareSettings,
) -> Option<NaiveDate> {
    let regular = last_contact.unwrap_or(allocated_on).checked_add_signed(chrono::Duration::weeks(i64::from(s.contact_interval_weeks)))?;
    let after_move = moved_on
        .filter(|m| last_visit.is_none_or(|v| v < *m))
        .and_then(|m| m.checked_add_signed(chrono::Duration::days(i64::from(s.visit_after_move_days))));
    Some(after_move.map_or(regular, |m| m.min(regular)))
}

/// What is known when a Staying Put or Staying Close arrangement starts (LC-4).
#[derive(Debug, Clone, Copy)]
pub struct StayingFacts {
    pub born: Option<NaiveDate>,
    /// The young person is looked after today.
    pub looked_after: bool,
    /// The 903 placement type of the last placement before care ended.
    pub last_placement: Option<&'static str>,
}

/// LC-4 (T35): Staying Put from 18 with the former foster carers, until 21 at most; Staying Close
/// from 18 after residential care, only once the council has switched the duty on.
pub fn check_staying(
    kind: StayingKind,
    from: NaiveDate,
    to: Option<NaiveDate>,
    f: &StayingFacts,
    s: &LeavingCareSettings,
) -> Result<(), RuleRefusal> {
    let Some(born) = f.born else { return refuse("LC-4", "Record the young person's date of birth first.") };
    let (eighteen, twenty_one) = (birthday(born, 18), birthday(born, 21));
    if from < eighteen.unwrap_or(from) {
        return refuse("LC-4", "Staying Put and Staying Close begin at 18, when care ends.");
    }
    if f.looked_after {
        return refuse("LC-4", "The young person is still looked after: record leaving care first (903 reason E17 for Staying Put).");
    }
    if to.is_some_and(|t| t < from) {
        return refuse("LC-4", "The end cannot be before the start.");
    }
    match kind {
        StayingKind::StayingPut => {
            if !f.last_placement.is_some_and(|p| p.starts_with('U')) {
                return refuse("LC-4", "Staying Put is with the foster carers the young person lived with when care ended.");
            }
            if twenty_one.is_some_and(|t| from >= t || to.is_some_and(|end| end > t)) {
                return refuse("LC-4", "Staying Put lasts until the young person's 21st birthday at most.");
            }
        }
        StayingKind::StayingClose => {
            if !s.staying_close_duty {
                return refuse("LC-4", "The council has not switched on the Staying Close duty (a setting).");
            }
            if !f.last_placement.is_some_and(|p| matches!(p, "K1" | "K2" | "R1" | "H5" | "Z11" | "Z12" | "Z13" | "Z14")) {
                return refuse("LC-4", "Staying Close is for young people leaving residential care or supported accommodation.");
            }
        }
    }
    Ok(())
}

/// LC-4 (T35): the day Staying Put ends at the latest, the 21st birthday.
pub fn staying_put_ends_by(born: Option<NaiveDate>) -> Option<NaiveDate> {
    birthday(born?, 21)
}

/// LC-5: the birthdays from 17 to 21 that fall in the collection year `from..=to` (903 OC3).
pub fn oc3_birthdays(born: NaiveDate, from: NaiveDate, to: NaiveDate) -> Vec<(u32, NaiveDate)> {
    (17..=21).filter_map(|age| birthday(born, age).map(|d| (age, d))).filter(|(_, d)| *d >= from && *d <= to).collect()
}

/// LC-5: where the young person lives, with its suitability: the 903's two-character code
/// (homeless and custody are never suitable, 903 rule 133; under 18s are not in a foyer, 347).
pub fn accommodation_code(kind: Accommodation, suitable: bool, born: Option<NaiveDate>, on: NaiveDate) -> Result<String, RuleRefusal> {
    if suitable && matches!(kind, Accommodation::S | Accommodation::X) {
        return refuse("LC-5", "Homelessness and custody are never suitable accommodation.");
    }
    if kind == Accommodation::T && born.is_some_and(|b| age_on(b, on) < 18) {
        return refuse("LC-5", "A young person under 18 cannot be living in a foyer.");
    }
    Ok(format!("{}{}", kind.code(), if suitable { 1 } else { 2 }))
}

/// LC-6: a payment of `pence` against an allowance of `allowance` of which `paid` is already
/// paid: more than nothing, and never beyond the allowance.
pub fn check_payment(
    kind: PaymentKind,
    pence: u64,
    paid: u64,
    allowance: u64,
    status: Option<CareLeaverStatus>,
) -> Result<(), RuleRefusal> {
    if status.is_none() {
        return refuse("LC-6", "Leaving-care money is for care leavers (16 to 25, looked after at 16 or later).");
    }
    if pence == 0 {
        return refuse("LC-6", "Enter an amount more than nothing.");
    }
    if paid.checked_add(pence).is_none_or(|total| total > allowance) {
        let left = allowance.saturating_sub(paid);
        return Err(RuleRefusal {
            rule: "LC-6",
            message: format!(
                "This would pay more than the {} of {}: {} is left.",
                kind.label().to_lowercase(),
                crate::support_packages::pounds(i64::try_from(allowance).unwrap_or(i64::MAX)),
                crate::support_packages::pounds(i64::try_from(left).unwrap_or(i64::MAX))
            ),
        });
    }
    Ok(())
}
/// A care leaver's circumstances from a date, as recorded (903 OC3 codes).
#[derive(Debug, Clone)]
pub struct Circumstances {
    pub from: NaiveDate,
    pub in_touch: InTouch,
    pub activity: Option<Activity>,
    /// 903 ACCOM: the kind of home with its suitability ("U1").
    pub accommodation: Option<String>,
}

/// One OC3 row's values: IN_TOUCH, ACTIV, ACCOM (blank when nothing was recorded, for the
/// validator to name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oc3 {
    pub in_touch: String,
    pub activity: String,
    pub accommodation: String,
}

/// LC-5: the OC3 row of a young person for the collection year `from..=to`, if one is owed: a
/// birthday from 17 to 21 in the year; eligible once (13 weeks in care since 14, some at 16 or
/// over); not adopted; not looked after on or after that birthday (903 rules 1001, 1007, 1016).
/// The values are those in force a month after the birthday at the latest (the DfE asks for them
/// "on or around" it).
pub fn oc3_for_year(
    born: NaiveDate,
    spells: &[CareSpell],
    adopted: bool,
    circs: &[Circumstances],
    from: NaiveDate,
    to: NaiveDate,
) -> Option<Oc3> {
    let Some((_, birthday)) = oc3_birthdays(born, from, to).into_iter().next() else {
        return oc3_older(born, spells, adopted, circs, from, to);
    };
    // Eligible by the birthday: only the time in care before it counts.
    if adopted || eligible_from(Some(born), spells).is_none_or(|e| e > birthday) {
        return None;
    }
    if spells.iter().any(|s| s.to.is_none_or(|end| end >= birthday)) {
        return None;
    }
    let by = birthday.checked_add_months(Months::new(1)).unwrap_or(birthday);
    let c = circs.iter().filter(|c| c.from <= by).max_by_key(|c| c.from);
    Some(match c {
        None => Oc3 { in_touch: String::new(), activity: String::new(), accommodation: String::new() },
        Some(c) => {
            // Died or back home: 0 (903 rule 344); not in touch and nothing known: 0 too, as the
            // code lists allow and a blank is an error (rules 132, 133).
            let none = matches!(c.in_touch, InTouch::Died | InTouch::ReturnedHome);
            let zero = |v: Option<&str>| match v {
                Some(code) if !none => code.to_owned(),
                _ => "0".to_owned(),
            };
            Oc3 {
                in_touch: c.in_touch.code().to_owned(),
                activity: zero(c.activity.map(Activity::code)),
                accommodation: zero(c.accommodation.as_deref()),
            }
        }
    })
}

/// LC-5 for care leavers aged 22 to 25 (returned in OC3 since 2022-23): one with a birthday from
/// 22 to 25 in the year, eligible for leaving care and not adopted, who was in touch and asked
/// for support; the values are those of the latest contact in the year. One not in touch at the
/// latest contact has no row.
fn oc3_older(born: NaiveDate, spells: &[CareSpell], adopted: bool, circs: &[Circumstances], from: NaiveDate, to: NaiveDate) -> Option<Oc3> {
    let older = (22..=25).filter_map(|age| birthday(born, age)).any(|d| d >= from && d <= to);
    if !older || adopted || eligible_from(Some(born), spells).is_none() {
        return None;
    }
    let latest = circs.iter().filter(|c| c.from >= from && c.from <= to).max_by_key(|c| c.from)?;
    (latest.in_touch == InTouch::Yes).then(|| Oc3 {
        in_touch: latest.in_touch.code().to_owned(),
        // In touch: the activity and home are given (903 rule 345); blank for the validator to name
        // when they were not recorded.
        activity: latest.activity.map(Activity::code).unwrap_or_default().to_owned(),
        accommodation: latest.accommodation.clone().unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn spell(from: NaiveDate, to: Option<NaiveDate>) -> CareSpell {
        CareSpell { from, to, short_break: false }
    }

    #[test]
    fn leaving_care_status_from_age_and_time_in_care_lc_1() {
        let born = Some(d(2010, 1, 10)); // 16 on 10 January 2026, 18 on 10 January 2028
        let long = [spell(d(2025, 6, 1), None)];
        assert_eq!(care_leaver_status(born, &long, d(2025, 12, 1)), None, "under 16");
        assert_eq!(care_leaver_status(born, &long, d(2026, 11, 23)), Some(CareLeaverStatus::Eligible));
        let left = [spell(d(2025, 6, 1), Some(d(2026, 9, 1)))];
        assert_eq!(care_leaver_status(born, &left, d(2026, 11, 23)), Some(CareLeaverStatus::Relevant));
        assert_eq!(care_leaver_status(born, &left, d(2028, 3, 1)), Some(CareLeaverStatus::FormerRelevant));
        assert_eq!(care_leaver_status(born, &left, d(2035, 1, 10)), None, "25 and over");
        // Eight weeks in care at 16: looked after at 16, but not 13 weeks since 14.
        let short = [spell(d(2026, 2, 1), Some(d(2026, 3, 29)))];
        assert_eq!(care_leaver_status(born, &short, d(2026, 11, 23)), Some(CareLeaverStatus::Qualifying));
        // Still in care, and not yet 13 weeks: owed nothing as a care leaver yet.
        let recent = [spell(d(2026, 10, 1), None)];
        assert_eq!(care_leaver_status(born, &recent, d(2026, 11, 23)), None);
        // Thirteen weeks, all before 16, ended before 16: nothing owed.
        let young = [spell(d(2024, 6, 1), Some(d(2025, 6, 1)))];
        assert_eq!(care_leaver_status(born, &young, d(2026, 11, 23)), None);
        // Short breaks do not count.
        let breaks = [CareSpell { from: d(2025, 6, 1), to: None, short_break: true }];
        assert_eq!(care_leaver_status(born, &breaks, d(2026, 11, 23)), None);
        assert_eq!(care_leaver_status(None, &long, d(2026, 11, 23)), None, "age not known");
    }

    #[test]
    fn eligible_from_the_day_13_weeks_since_14_are_reached_at_16_lc_1() {
        let born = Some(d(2010, 1, 10));
        // In care from 1 June 2025 (15): 91 days reached in August 2025, so eligible at 16.
        assert_eq!(eligible_from(born, &[spell(d(2025, 6, 1), None)]), Some(d(2026, 1, 10)));
        // Comes into care at 16 and a half: eligible 91 days later.
        assert_eq!(eligible_from(born, &[spell(d(2026, 7, 1), None)]), Some(d(2026, 9, 30)));
        // Left care before the 91 days: never eligible.
        assert_eq!(eligible_from(born, &[spell(d(2026, 7, 1), Some(d(2026, 8, 1)))]), None);
    }

    #[test]
    fn pathway_plan_first_then_six_monthly_lc_2() {
        let s = LeavingCareSettings::default();
        let e = Some(CareLeaverStatus::Eligible);
        assert_eq!(pathway_plan_due(e, Some(d(2026, 1, 10)), None, &s), Some(d(2026, 4, 10)));
        assert_eq!(pathway_plan_due(e, Some(d(2026, 1, 10)), Some(d(2026, 3, 1)), &s), Some(d(2026, 9, 1)));
        assert_eq!(pathway_plan_due(Some(CareLeaverStatus::Qualifying), None, None, &s), None);
        assert_eq!(pathway_plan_due(None, None, None, &s), None);
        assert!(check_pathway_plan(e, d(2026, 11, 23), d(2026, 11, 23)).is_ok());
        assert_eq!(check_pathway_plan(Some(CareLeaverStatus::Qualifying), d(2026, 11, 1), d(2026, 11, 23)).unwrap_err().rule, "LC-2");
        assert!(check_pathway_plan(e, d(2026, 11, 24), d(2026, 11, 23)).is_err());
    }

    #[test]
    fn personal_adviser_from_16_to_25_and_contact_every_8_weeks_and_after_moves_lc_3() {
        let born = Some(d(2008, 5, 1));
        let today = d(2026, 11, 23);
        let fr = Some(CareLeaverStatus::FormerRelevant);
        assert!(check_adviser(born, fr, d(2026, 6, 1), today).is_ok());
        assert_eq!(check_adviser(Some(d(2012, 5, 1)), fr, d(2026, 6, 1), today).unwrap_err().rule, "LC-3");
        assert!(check_adviser(born, None, d(2026, 6, 1), today).is_err());
        let s = LeavingCareSettings::default();
        assert_eq!(adviser_contact_due(d(2026, 6, 1), None, None, None, &s), Some(d(2026, 7, 27)));
        assert_eq!(adviser_contact_due(d(2026, 6, 1), Some(d(2026, 10, 1)), None, None, &s), Some(d(2026, 11, 26)));
        // Moved on 10 October with no visit since: a visit by 17 October.
        assert_eq!(adviser_contact_due(d(2026, 6, 1), Some(d(2026, 10, 1)), None, Some(d(2026, 10, 10)), &s), Some(d(2026, 10, 17)));
        // Visited after the move: back to the 8-weekly contact.
        assert_eq!(
            adviser_contact_due(d(2026, 6, 1), Some(d(2026, 10, 12)), Some(d(2026, 10, 12)), Some(d(2026, 10, 10)), &s),
            Some(d(2026, 12, 7))
        );
    }

    #[test]
    fn staying_put_with_former_foster_carers_to_21_staying_close_once_switched_on_lc_4() {
        let mut s = LeavingCareSettings::default();
        let f = StayingFacts { born: Some(d(2008, 5, 1)), looked_after: false, last_placement: Some("U4") };
        assert!(check_staying(StayingKind::StayingPut, d(2026, 5, 1), None, &f, &s).is_ok());
        assert_eq!(check_staying(StayingKind::StayingPut, d(2026, 4, 30), None, &f, &s).unwrap_err().rule, "LC-4");
        assert!(check_staying(StayingKind::StayingPut, d(2026, 5, 1), Some(d(2029, 5, 2)), &f, &s).is_err(), "past 21");
        assert_eq!(staying_put_ends_by(f.born), Some(d(2029, 5, 1)));
        let still = StayingFacts { looked_after: true, ..f };
        assert!(check_staying(StayingKind::StayingPut, d(2026, 5, 1), None, &still, &s).is_err());
        let home = StayingFacts { last_placement: Some("K2"), ..f };
        assert!(check_staying(StayingKind::StayingPut, d(2026, 5, 1), None, &home, &s).is_err());
        assert!(check_staying(StayingKind::StayingClose, d(2026, 5, 1), None, &home, &s).is_err(), "duty off");
        s.staying_close_duty = true;
        assert!(check_staying(StayingKind::StayingClose, d(2026, 5, 1), None, &home, &s).is_ok());
        assert!(check_staying(StayingKind::StayingClose, d(2026, 5, 1), None, &f, &s).is_err(), "not after residential care");
    }

    #[test]
    fn oc3_birthdays_and_accommodation_codes_lc_5() {
        let born = d(2007, 6, 15);
        assert_eq!(oc3_birthdays(born, d(2025, 4, 1), d(2026, 3, 31)), vec![(18, d(2025, 6, 15))]);
        assert!(oc3_birthdays(born, d(2030, 4, 1), d(2031, 3, 31)).is_empty());
        assert_eq!(accommodation_code(Accommodation::Z, true, Some(born), d(2026, 1, 1)).unwrap(), "Z1");
        assert_eq!(accommodation_code(Accommodation::S, false, Some(born), d(2026, 1, 1)).unwrap(), "S2");
        assert_eq!(accommodation_code(Accommodation::S, true, Some(born), d(2026, 1, 1)).unwrap_err().rule, "LC-5");
        assert!(accommodation_code(Accommodation::T, true, Some(d(2009, 1, 1)), d(2026, 1, 1)).is_err());
    }

    #[test]
    fn allowances_never_below_the_national_minimum_and_payments_within_them_lc_6() {
        let mut s = LeavingCareSettings::default();
        assert_eq!(s.allowance(PaymentKind::SettingUpHome, d(2025, 6, 1)), 300_000, "the council's own amount");
        s.setting_up_home_pence = 250_000;
        let mut e = ValidationErrors::new();
        s.validate(&mut e);
        assert!(!e.is_empty(), "below the 2026 minimum");
        assert_eq!(s.allowance(PaymentKind::SettingUpHome, d(2025, 6, 1)), 250_000);
        assert_eq!(s.allowance(PaymentKind::SettingUpHome, d(2026, 6, 1)), 300_000, "the minimum in force wins");
        let fr = Some(CareLeaverStatus::FormerRelevant);
        assert!(check_payment(PaymentKind::SettingUpHome, 100_000, 200_000, 300_000, fr).is_ok());
        let err = check_payment(PaymentKind::SettingUpHome, 100_001, 200_000, 300_000, fr).unwrap_err();
        assert_eq!(err.rule, "LC-6");
        assert!(err.message.contains("£1,000.00 is left"), "{}", err.message);
        assert!(check_payment(PaymentKind::SettingUpHome, 0, 0, 300_000, fr).is_err());
        assert!(check_payment(PaymentKind::SettingUpHome, 1, 0, 300_000, None).is_err());
        assert_eq!(in_force(&s.setting_up_home_minimum, d(2000, 1, 1)), None);
    }

    #[test]
    fn oc3_for_care_leavers_at_their_birthdays_lc_5() {
        let born = d(2007, 6, 15);
        let left = [spell(d(2022, 1, 1), Some(d(2025, 6, 15)))];
        let circ = |from, t: &str, a: Option<&str>, acc: Option<&str>| Circumstances {
            from,
            in_touch: InTouch::from_code(t).unwrap(),
            activity: a.and_then(Activity::from_code),
            accommodation: acc.map(Into::into),
        };
        let (from, to) = (d(2025, 4, 1), d(2026, 3, 31));
        // Left care on the 18th birthday: reported at 19, not at 18 (903 rule 1016).
        assert_eq!(oc3_for_year(born, &left, false, &[], from, to), None);
        let (from, to) = (d(2026, 4, 1), d(2027, 3, 31));
        let circs = [circ(d(2025, 6, 15), "YES", Some("F2"), Some("Z1")), circ(d(2026, 7, 1), "YES", Some("F4"), Some("U1"))];
        let row = oc3_for_year(born, &left, false, &circs, from, to).unwrap();
        assert_eq!(row, Oc3 { in_touch: "YES".into(), activity: "F4".into(), accommodation: "U1".into() });
        assert_eq!(oc3_for_year(born, &left, true, &circs, from, to), None, "adopted");
        let died = [circ(d(2026, 5, 1), "DIED", None, None)];
        assert_eq!(oc3_for_year(born, &left, false, &died, from, to).unwrap().accommodation, "0");
        let gone = [circ(d(2026, 5, 1), "NO", None, None)];
        assert_eq!(
            oc3_for_year(born, &left, false, &gone, from, to).unwrap(),
            Oc3 { in_touch: "NO".into(), activity: "0".into(), accommodation: "0".into() }
        );
        assert_eq!(oc3_for_year(born, &left, false, &[], from, to).unwrap().in_touch, "", "blank for the validator to name");
        // Eight weeks in care: never eligible, no OC3.
        assert_eq!(oc3_for_year(born, &[spell(d(2024, 1, 1), Some(d(2024, 2, 26)))], false, &[], from, to), None);
    }

    #[test]
    fn oc3_for_care_leavers_aged_22_to_25_in_touch_lc_5() {
        let born = d(2003, 6, 15); // 23 on 15 June 2026
        let left = [spell(d(2019, 1, 1), Some(d(2021, 6, 15)))];
        let circ = |from, t: &str, a: Option<&str>, acc: Option<&str>| Circumstances {
            from,
            in_touch: InTouch::from_code(t).unwrap(),
            activity: a.and_then(Activity::from_code),
            accommodation: acc.map(Into::into),
        };
        let (from, to) = (d(2026, 4, 1), d(2027, 3, 31));
        // No contact in the year: no row.
        let old = [circ(d(2025, 1, 10), "YES", Some("F2"), Some("U1"))];
        assert_eq!(oc3_for_year(born, &left, false, &old, from, to), None);
        // In touch at the latest contact of the year: that contact's values.
        let circs = [circ(d(2026, 5, 1), "YES", Some("F2"), Some("U1")), circ(d(2027, 1, 20), "YES", Some("F4"), Some("V1"))];
        let row = oc3_for_year(born, &left, false, &circs, from, to).unwrap();
        assert_eq!(row, Oc3 { in_touch: "YES".into(), activity: "F4".into(), accommodation: "V1".into() });
        // Not in touch at the latest contact, adopted, or never eligible: no row.
        let lost = [circ(d(2026, 5, 1), "YES", Some("F2"), Some("U1")), circ(d(2027, 1, 20), "NO", None, None)];
        assert_eq!(oc3_for_year(born, &left, false, &lost, from, to), None);
        assert_eq!(oc3_for_year(born, &left, true, &circs, from, to), None);
        assert_eq!(oc3_for_year(born, &[spell(d(2019, 1, 1), Some(d(2019, 2, 1)))], false, &circs, from, to), None);
        // 26 in the year: past the age of support.
        assert_eq!(oc3_for_year(d(2000, 6, 15), &[spell(d(2016, 1, 1), Some(d(2018, 6, 15)))], false, &circs, from, to), None);
    }
}
