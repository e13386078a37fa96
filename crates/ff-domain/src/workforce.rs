//! The workforce (workforce-and-partnerships.md part A): the people who hold the cases,
//! and the national agency rules (statutory guidance *Child and family social workers: agency
//! rules*, DfE 2024, in force 31 October 2024 for new assignments, for every assignment from
//! 1 October 2025) checked when an agency assignment starts.
//!
//! - W-AG-5 / W-SYS-10: at least 3 years' post-qualifying experience in direct employment with a
//!   local authority, in child and family work, while registered; agency and other employers do
//!   not count; overlapping periods count once. Whether only English councils count is a setting
//!   (CONFIRM; default: any UK council). A shortfall is refused with the periods that counted and
//!   those that did not.
//! - W-AG-4 / W-SYS-11: not engaged as agency within 3 calendar months of leaving a permanent
//!   child and family social work post in this council or another in the same region, unless one
//!   of the four exceptions is recorded (moving into a permanent post, made redundant, left during
//!   probation, a post in a different region).
//! - W-AG-1 / W-SYS-12: the hourly rate (pay, employer's National Insurance, holiday pay and the
//!   apprenticeship levy; agency fees are kept apart, CONFIRM) against the region's cap for the
//!   role type on the start date. Over the cap, the assignment waits until both the director of
//!   children's services and the chief executive have signed it off.
//! - W-AG-2 / W-SYS-13: a packaged model or project team only with every worker named, approved
//!   in advance and priced separately.
//! - W-AG-3 / W-SYS-14: notice no longer than 4 weeks, or the council's own notice for the role
//!   if shorter: a warning, counted as non-compliance.
//! - W-AG-6 / W-SYS-15: at least 2 practice-based references on file at the start: a warning,
//!   counted as non-compliance.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::codes::code_enum;
use crate::family_help::RuleRefusal;

pub mod caps;
pub mod caseload;
pub mod establishment;
pub mod record;

code_enum!(
    /// The five core role types of the caps, job mapping and the quarterly return (A2.1).
    RoleType {
        SW => ("SW", "Social worker"),
        SSW => ("SSW", "Senior social worker"),
        AP => ("AP", "Advanced practitioner"),
        TM => ("TM", "Team manager"),
        IroCpc => ("IRO_CPC", "Independent reviewing officer or child protection conference chair"),
    }
);

code_enum!(
    /// Who the worker was employed by, for an experience period.
    EmployerKind {
        LocalAuthority => ("local_authority", "A local authority (or children's trust)"),
        Other => ("other", "Another employer (voluntary sector, health, private)"),
    }
);

code_enum!(
    /// Where the employer was.
    Country {
        England => ("england", "England"),
        Wales => ("wales", "Wales"),
        Scotland => ("scotland", "Scotland"),
        NorthernIreland => ("northern_ireland", "Northern Ireland"),
        Abroad => ("abroad", "Outside the UK"),
    }
);

code_enum!(
    /// How the worker was engaged in an experience period.
    Engagement {
        Direct => ("direct", "Directly employed"),
        Agency => ("agency", "Through an agency, umbrella company or own company"),
    }
);

code_enum!(
    /// Why a permanent post ended (the cooling-off exceptions need it).
    LeftBecause {
        Resigned => ("resigned", "Resigned or other reason"),
        Redundancy => ("redundancy", "Made redundant"),
        Probation => ("probation", "Left during probation"),
    }
);

code_enum!(
    /// The four exceptions to the cooling-off period (W-AG-4; CONFIRM against the guidance).
    CoolingOffException {
        MovingToPermanent => ("moving_to_permanent", "The worker is moving into a permanent post"),
        Redundancy => ("redundancy", "The worker was made redundant from the permanent post"),
        Probation => ("probation", "The worker left the permanent post during probation"),
        DifferentRegion => ("different_region", "The assignment is in a different region"),
    }
);

/// England's regions as the regional improvement and innovation alliances cover them; a council's
/// region and each council post's region are one of these, so the cooling-off rule compares like
/// with like.
pub const REGIONS: &[&str] = &[
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
];

/// The region named `s` however it is typed ("north-west", " North  West"), as written in
/// [`REGIONS`].
pub fn region(s: &str) -> Option<&'static str> {
    let key = |x: &str| x.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    let k = key(s);
    REGIONS.iter().copied().find(|r| key(r) == k)
}

/// Which councils' experience counts (W-AG-5; sources differ, CONFIRM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PqeScope {
    /// Any UK local authority, registered with a UK regulator (the default).
    #[default]
    UkCouncils,
    /// English councils only.
    EnglishCouncils,
}

/// One regional price cap: the most an hour for a role type from a date, in pence (W-AG-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateCap {
    pub role_type: String,
    pub from: NaiveDate,
    pub hourly_pence: u32,
}

/// The council's agency-rule settings, each a fact the guidance leaves to the council or that
/// needs confirming (CONFIRM items carry the documented default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkforceSettings {
    /// The council's region (its regional improvement and innovation alliance), as the
    /// experience ledger names regions ("North West").
    pub region: String,
    /// The region's agreed caps (W-AG-1), loaded and updated by the council as they change.
    pub rate_caps: Vec<RateCap>,
    /// Years of post-qualifying experience an agency social worker needs (W-AG-5: 3).
    pub pqe_years: u32,
    pub pqe_scope: PqeScope,
    /// The cooling-off period in calendar months (W-AG-4: 3).
    pub cooling_off_months: u32,
    /// The council's own contractual notice for substantive staff in days; the agency notice is
    /// at most this or 28 days, whichever is shorter (W-AG-3).
    pub substantive_notice_days: u32,
    /// Practice-based references to seek before an assignment starts (W-AG-6: 2).
    pub references: u32,
    /// An early-career worker's caseload cap as a percentage of their role's (W-SYS-16; W-EC-4:
    /// some councils count a worker in their assessed first year as 0.6 of a full caseload).
    pub early_career_caseload_percent: u32,
    /// How long after qualifying a worker is in their early career, in months (W-EC-4: the
    /// assessed first year, 12 months).
    pub early_career_months: u32,
    /// Minutes of face-to-face time counted for each recorded visit. Visits hold a date, not a
    /// duration, so time with families is the visits times this. CONFIRM with the council: 60
    /// is our assumption, not a published figure.
    pub minutes_per_visit: u32,
    /// Hours of direct practice a year each social worker is expected to spend with families
    /// (W-EC-8: 100, proposed by the Independent Review and not adopted).
    pub direct_practice_hours: u32,
    /// A full-time week in minutes, for FTE (W-DEF-4: contracted hours ÷ standard hours).
    /// CONFIRM with the council: 2,220 (37 hours) is the usual local government week.
    pub full_time_minutes: u32,
    /// Working days in a year for the sickness absence rate (W-RATE-7: the DfE's fixed count,
    /// about 252; CONFIRM).
    pub sickness_working_days: u32,
}

impl Default for WorkforceSettings {
    fn default() -> Self {
        Self {
            region: String::new(),
            rate_caps: vec![],
            pqe_years: 3,
            pqe_scope: PqeScope::UkCouncils,
            cooling_off_months: 3,
            substantive_notice_days: 28,
            references: 2,
            early_career_caseload_percent: 60,
            early_career_months: 12,
            minutes_per_visit: 60,
            direct_practice_hours: 100,
            full_time_minutes: 2_220,
            sickness_working_days: 252,
        }
    }
}

impl WorkforceSettings {
    /// The cap for `role` on `day`: the latest that started by then.
    pub fn cap_on(&self, role: RoleType, day: NaiveDate) -> Option<u32> {
        self.rate_caps.iter().filter(|c| c.role_type == role.code() && c.from <= day).max_by_key(|c| c.from).map(|c| c.hourly_pence)
    }

    pub fn validate(&self, errors: &mut ValidationErrors) {
        for (i, c) in self.rate_caps.iter().enumerate() {
            if RoleType::from_code(&c.role_type).is_none() {
                errors.add(&format!("workforce.rate_caps[{i}].role_type"), "Use one of SW, SSW, AP, TM or IRO_CPC");
            }
            if c.hourly_pence == 0 || c.hourly_pence > 50_000 {
                errors.add(&format!("workforce.rate_caps[{i}].hourly_pence"), "Give the cap in pence an hour, from 1 to 50,000");
            }
        }
        if self.pqe_years == 0 || self.pqe_years > 10 {
            errors.add("workforce.pqe_years", "Years of experience run from 1 to 10");
        }
        if self.cooling_off_months > 24 {
            errors.add("workforce.cooling_off_months", "The cooling-off period is at most 24 months");
        }
        if self.substantive_notice_days == 0 || self.substantive_notice_days > 180 {
            errors.add("workforce.substantive_notice_days", "Notice runs from 1 to 180 days");
        }
        if !self.region.is_empty() && region(&self.region).is_none() {
            errors.add("workforce.region", "Use one of England's regions, for example North West");
        }
        if self.references > 10 {
            errors.add("workforce.references", "At most 10 references");
        }
        if !(10..=100).contains(&self.early_career_caseload_percent) {
            errors.add("workforce.early_career_caseload_percent", "An early-career caseload is from 10 to 100 per cent of a full one");
        }
        if !(1..=36).contains(&self.early_career_months) {
            errors.add("workforce.early_career_months", "Early career runs from 1 to 36 months after qualifying");
        }
        if !(1..=480).contains(&self.minutes_per_visit) {
            errors.add("workforce.minutes_per_visit", "A visit counts as 1 to 480 minutes");
        }
        if !(600..=3_600).contains(&self.full_time_minutes) {
            errors.add("workforce.full_time_minutes", "A full-time week is from 600 to 3,600 minutes (10 to 60 hours)");
        }
        if !(200..=366).contains(&self.sickness_working_days) {
            errors.add("workforce.sickness_working_days", "Working days in a year are from 200 to 366");
        }
        if self.direct_practice_hours > 2000 {
            errors.add("workforce.direct_practice_hours", "Hours of direct practice a year are at most 2,000");
        }
    }
}

/// A period of the worker's experience (W-SYS-5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub employer: String,
    pub kind: EmployerKind,
    pub country: Country,
    /// The employer's region, for a council in England.
    pub region: Option<String>,
    pub children_and_families: bool,
    pub engagement: Engagement,
    pub registered: bool,
    pub from: NaiveDate,
    /// None while it continues.
    pub to: Option<NaiveDate>,
    /// For a permanent post that ended: why.
    pub left_because: Option<LeftBecause>,
}

/// How much post-qualifying experience counts, and why each period did or did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pqe {
    /// Days counted (overlaps once).
    pub days: i64,
    /// For each period in the order given: `None` when it counted, else why not.
    pub verdicts: Vec<Option<&'static str>>,
}

/// Why a period does not count towards W-AG-5, if it does not.
fn not_counted(p: &Period, scope: PqeScope) -> Option<&'static str> {
    if p.kind != EmployerKind::LocalAuthority {
        return Some("not with a local authority");
    }
    if p.engagement != Engagement::Direct {
        return Some("agency or locum work does not count");
    }
    if !p.children_and_families {
        return Some("not child and family social work");
    }
    if !p.registered {
        return Some("not registered with a social work regulator");
    }
    match (scope, p.country) {
        (_, Country::Abroad) => Some("outside the UK"),
        (PqeScope::EnglishCouncils, c) if c != Country::England => Some("the council's settings count English councils only"),
        _ => None,
    }
}

/// W-AG-5: the experience that counts on `on` (periods still running count to `on`).
pub fn pqe(periods: &[Period], scope: PqeScope, on: NaiveDate) -> Pqe {
    let verdicts: Vec<Option<&'static str>> = periods.iter().map(|p| not_counted(p, scope)).collect();
    let mut spans: Vec<(NaiveDate, NaiveDate)> = periods
        .iter()
        .zip(&verdicts)
        .filter(|(p, v)| v.is_none() && p.from < on)
        // The end date is the last day worked: it counts (so back-to-back posts join up).
        .map(|(p, _)| (p.from, p.to.and_then(|t| t.succ_opt()).unwrap_or(on).min(on)))
        .filter(|(a, b)| a < b)
        .collect();
    spans.sort();
    let mut days = 0;
    let mut cur: Option<(NaiveDate, NaiveDate)> = None;
    for (a, b) in spans {
        cur = match cur {
            Some((ca, cb)) if a <= cb => Some((ca, cb.max(b))),
            Some((ca, cb)) => {
                days += (cb - ca).num_days();
                Some((a, b))
            }
            None => Some((a, b)),
        };
    }
    if let Some((a, b)) = cur {
        days += (b - a).num_days();
    }
    Pqe { days, verdicts }
}

/// W-SYS-10: refused when the experience that counts is less than `years` on `start`; the
/// message says how much counted and why other periods did not.
pub fn check_pqe(periods: &[Period], settings: &WorkforceSettings, start: NaiveDate) -> Result<Pqe, RuleRefusal> {
    let p = pqe(periods, settings.pqe_scope, start);
    let needed = start.checked_sub_months(Months::new(12 * settings.pqe_years)).map_or(i64::MAX, |from| (start - from).num_days());
    if p.days >= needed {
        return Ok(p);
    }
    // Rounded down, so a shortfall never reads as enough.
    let years = (p.days as f64 / 365.25 * 10.0).floor() / 10.0;
    let mut why: Vec<String> = periods
        .iter()
        .zip(&p.verdicts)
        .filter_map(|(period, v)| v.map(|v| format!("{} from {}: {v}", period.employer, period.from.format("%-d %B %Y"))))
        .collect();
    if why.is_empty() {
        why.push("every period counted".into());
    }
    Err(RuleRefusal {
        rule: "W-AG-5",
        message: format!(
            "An agency social worker needs at least {} years' post-qualifying experience directly employed by a council; {:.1} years count ({}).",
            settings.pqe_years,
            years,
            why.join("; ")
        ),
    })
}

/// W-SYS-11: the cooling-off period after leaving a permanent post in the council's region.
/// `own_region` is the council's region; `exception` is what the officer recorded.
pub fn check_cooling_off(
    start: NaiveDate,
    periods: &[Period],
    own_region: &str,
    months: u32,
    exception: Option<CoolingOffException>,
) -> Result<(), RuleRefusal> {
    let recent = periods
        .iter()
        .filter(|p| {
            p.kind == EmployerKind::LocalAuthority
                && p.engagement == Engagement::Direct
                && p.children_and_families
                && p.to.is_some_and(|to| to <= start)
                && p.region.as_deref().and_then(region).is_some_and(|r| region(own_region) == Some(r))
        })
        .max_by_key(|p| p.to);
    let Some(left) = recent else { return Ok(()) };
    let Some(left_on) = left.to else { return Ok(()) };
    let until = left_on.checked_add_months(Months::new(months)).unwrap_or(left_on);
    if start >= until {
        return Ok(());
    }
    // An exception stands only where the ledger agrees with it; a post in another region is not
    // an exception to claim, the ledger's region decides it.
    let fits = match exception {
        Some(CoolingOffException::MovingToPermanent) => true,
        Some(CoolingOffException::DifferentRegion) => false,
        Some(CoolingOffException::Redundancy) => left.left_because == Some(LeftBecause::Redundancy),
        Some(CoolingOffException::Probation) => left.left_because == Some(LeftBecause::Probation),
        None => false,
    };
    if fits {
        return Ok(());
    }
    Err(RuleRefusal {
        rule: "W-AG-4",
        message: format!(
            "The worker left a permanent post at {} in this region on {}: an agency assignment here starts on or after {}, unless one of the exceptions applies (and the record of that post agrees).",
            left.employer,
            left_on.format("%-d %B %Y"),
            until.format("%-d %B %Y")
        ),
    })
}

/// The hourly rate of an assignment in pence: what the cap covers, and the agency's fee apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Rate {
    pub pay: u32,
    pub employer_ni: u32,
    pub holiday: u32,
    pub levy: u32,
    /// The agency's or managed service provider's fee (outside the cap; CONFIRM).
    pub fee: u32,
}

impl Rate {
    /// What the cap is compared with (W-AG-1).
    pub fn capped(&self) -> u32 {
        self.pay.saturating_add(self.employer_ni).saturating_add(self.holiday).saturating_add(self.levy)
    }
}

/// A packaged model or project team (W-AG-2): each worker named, approved, priced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    pub supplier: String,
    pub worker_named: bool,
    pub approved_in_advance: bool,
    pub priced_separately: bool,
}

/// W-SYS-13: a packaged model is refused unless every worker is named, approved and priced.
pub fn check_package(p: Option<&Package>) -> Result<(), RuleRefusal> {
    match p {
        Some(p) if p.supplier.trim().is_empty() || !(p.worker_named && p.approved_in_advance && p.priced_separately) => Err(RuleRefusal {
            rule: "W-AG-2",
            message: "In a packaged model or project team each worker is named, approved by the council in advance and priced separately."
                .into(),
        }),
        _ => Ok(()),
    }
}

/// Where an assignment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentStatus {
    /// Over the cap: waits for the director's and the chief executive's sign-off (W-SYS-12).
    Pending,
    Active,
    Ended,
}

impl AssignmentStatus {
    pub fn code(self) -> &'static str {
        match self {
            AssignmentStatus::Pending => "pending",
            AssignmentStatus::Active => "active",
            AssignmentStatus::Ended => "ended",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(AssignmentStatus::Pending),
            "active" => Some(AssignmentStatus::Active),
            "ended" => Some(AssignmentStatus::Ended),
            _ => None,
        }
    }
}

/// Rows hold the status, not the string: an unknown status is a decode error.
impl TryFrom<String> for AssignmentStatus {
    type Error = String;
    fn try_from(code: String) -> Result<Self, String> {
        Self::from_code(&code).ok_or_else(|| format!("unknown AssignmentStatus code {code:?}"))
    }
}

impl crate::codes::Code for AssignmentStatus {
    fn code(self) -> &'static str {
        AssignmentStatus::code(self)
    }
}

/// What the rules make of a new assignment once nothing blocks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub status: AssignmentStatus,
    /// The region's cap on the start date, if loaded.
    pub cap: Option<u32>,
    /// Pence an hour over the cap.
    pub over_cap_by: Option<u32>,
    /// Rules not met that do not block: (rule id, what is wrong).
    pub non_compliance: Vec<(&'static str, String)>,
}

/// The rules that do not block an assignment (W-SYS-12, -14, -15), once W-SYS-10, -11 and -13
/// have passed.
pub fn assess(role: RoleType, rate: &Rate, notice_days: u32, references: u32, start: NaiveDate, s: &WorkforceSettings) -> Verdict {
    let cap = s.cap_on(role, start);
    let over_cap_by = cap.and_then(|c| rate.capped().checked_sub(c)).filter(|by| *by > 0);
    let mut non_compliance = vec![];
    if let Some(by) = over_cap_by {
        non_compliance.push(("W-AG-1", format!("{} an hour over the region's cap", crate::support_packages::pounds(i64::from(by)))));
    }
    if cap.is_none() {
        non_compliance.push(("W-AG-1", "No regional cap is loaded for this role on the start date".to_owned()));
    }
    let max_notice = s.substantive_notice_days.min(28);
    if notice_days > max_notice {
        non_compliance.push((
            "W-AG-3",
            format!(
                "Notice of {} is longer than {}",
                crate::text::plural(notice_days, "day", "days"),
                crate::text::plural(max_notice, "day", "days")
            ),
        ));
    }
    if references < s.references {
        let refs =
            if references == 1 { "1 practice-based reference".to_owned() } else { format!("{references} practice-based references") };
        non_compliance.push(("W-AG-6", format!("{refs} on file; {} are sought", s.references)));
    }
    Verdict {
        status: if over_cap_by.is_some() { AssignmentStatus::Pending } else { AssignmentStatus::Active },
        cap,
        over_cap_by,
        non_compliance,
    }
}

/// W-SYS-12: a sign-off on `on` by the director or the chief executive of an assignment over the
/// cap: once each, and not in the future (it may come before the assignment is recorded).
pub fn check_sign_off(status: AssignmentStatus, already: bool, on: NaiveDate, today: NaiveDate) -> Result<(), RuleRefusal> {
    let refuse = |m: &str| Err(RuleRefusal { rule: "W-AG-1", message: m.into() });
    if status != AssignmentStatus::Pending {
        return refuse("Only an assignment over the cap waits for sign-off.");
    }
    if already {
        return refuse("This sign-off is already recorded.");
    }
    if on > today {
        return refuse("The sign-off cannot be dated in the future.");
    }
    Ok(())
}

/// Social Work England registration numbers: "SW" and digits.
pub fn valid_swe_number(s: &str) -> bool {
    let s = s.trim();
    s.len() >= 3 && s.len() <= 12 && s.starts_with("SW") && s[2..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn la(employer: &str, from: NaiveDate, to: Option<NaiveDate>) -> Period {
        Period {
            employer: employer.into(),
            kind: EmployerKind::LocalAuthority,
            country: Country::England,
            region: Some("North West".into()),
            children_and_families: true,
            engagement: Engagement::Direct,
            registered: true,
            from,
            to,
            left_because: None,
        }
    }

    fn settings() -> WorkforceSettings {
        WorkforceSettings {
            region: "North West".into(),
            rate_caps: vec![
                RateCap { role_type: "SW".into(), from: d(2025, 10, 1), hourly_pence: 3_800 },
                RateCap { role_type: "SW".into(), from: d(2026, 10, 1), hourly_pence: 3_900 },
            ],
            ..Default::default()
        }
    }

    #[test]
    fn experience_counts_only_direct_council_child_and_family_work_once_w_ag_5() {
        let start = d(2026, 12, 1);
        let mut agency = la("Agency locum", d(2023, 1, 1), Some(d(2024, 1, 1)));
        agency.engagement = Engagement::Agency;
        let mut charity = la("A charity", d(2019, 1, 1), Some(d(2020, 1, 1)));
        charity.kind = EmployerKind::Other;
        let periods = vec![
            la("Northmoor Council", d(2024, 1, 1), None),
            la("Ashby Council (overlapping)", d(2024, 6, 1), Some(d(2025, 1, 1))),
            agency,
            charity,
        ];
        let p = pqe(&periods, PqeScope::UkCouncils, start);
        assert_eq!(p.days, (start - d(2024, 1, 1)).num_days(), "the overlap counts once");
        assert_eq!(p.verdicts[2], Some("agency or locum work does not count"));
        assert_eq!(p.verdicts[3], Some("not with a local authority"));
        let e = check_pqe(&periods, &settings(), start).unwrap_err();
        assert_eq!(e.rule, "W-AG-5");
        assert!(e.message.contains("2.9 years count") && e.message.contains("Agency locum from 1 January 2023"), "{}", e.message);
        // The last day of a post counts, and back-to-back posts join up.
        let ended =
            vec![la("Ashby Council", d(2021, 1, 1), Some(d(2022, 3, 31))), la("Calder Council", d(2022, 4, 1), Some(d(2023, 12, 31)))];
        assert_eq!(pqe(&ended, PqeScope::UkCouncils, d(2024, 1, 1)).days, (d(2024, 1, 1) - d(2021, 1, 1)).num_days());
        assert!(check_pqe(&ended, &settings(), d(2024, 1, 1)).is_ok(), "three years ending the day before the start");
        // Three years to the day is enough.
        let three = vec![la("Northmoor Council", d(2023, 12, 1), None)];
        assert!(check_pqe(&three, &settings(), start).is_ok());
        let mut welsh = la("Cardiff Council", d(2020, 1, 1), Some(d(2024, 1, 1)));
        welsh.country = Country::Wales;
        assert!(check_pqe(std::slice::from_ref(&welsh), &settings(), start).is_ok());
        let english_only = WorkforceSettings { pqe_scope: PqeScope::EnglishCouncils, ..settings() };
        assert!(check_pqe(&[welsh], &english_only, start).is_err());
    }

    #[test]
    fn cooling_off_after_a_permanent_post_in_the_region_w_ag_4() {
        let start = d(2026, 12, 1);
        let left = la("Ashby Council", d(2020, 1, 1), Some(d(2026, 10, 20)));
        let periods = vec![left.clone()];
        let e = check_cooling_off(start, &periods, "North West", 3, None).unwrap_err();
        assert_eq!(e.rule, "W-AG-4");
        assert!(e.message.contains("on or after 20 January 2027"), "{}", e.message);
        assert!(check_cooling_off(d(2027, 1, 20), &periods, "North West", 3, None).is_ok());
        assert!(check_cooling_off(start, &periods, "North West", 3, Some(CoolingOffException::MovingToPermanent)).is_ok());
        assert!(
            check_cooling_off(start, &periods, "North West", 3, Some(CoolingOffException::Redundancy)).is_err(),
            "the ledger says resigned"
        );
        let redundant = vec![Period { left_because: Some(LeftBecause::Redundancy), ..left.clone() }];
        assert!(check_cooling_off(start, &redundant, "North West", 3, Some(CoolingOffException::Redundancy)).is_ok());
        assert!(check_cooling_off(start, &periods, "Yorkshire and the Humber", 3, None).is_ok(), "another region");
        assert!(check_cooling_off(start, &periods, "north-west", 3, None).is_err(), "however the region is typed");
        assert!(
            check_cooling_off(start, &periods, "North West", 3, Some(CoolingOffException::DifferentRegion)).is_err(),
            "the ledger decides"
        );
        assert_eq!(region(" north  WEST"), Some("North West"));
        assert_eq!(region("Northmoor"), None);
        let mut agency = left;
        agency.engagement = Engagement::Agency;
        assert!(check_cooling_off(start, &[agency], "North West", 3, None).is_ok(), "leaving an agency post");
    }

    #[test]
    fn over_the_cap_waits_for_both_sign_offs_and_the_rest_warns_w_ag_1_3_6() {
        let s = settings();
        let within = Rate { pay: 3_000, employer_ni: 400, holiday: 360, levy: 15, fee: 500 };
        let v = assess(RoleType::SW, &within, 28, 2, d(2026, 12, 1), &s);
        assert_eq!((v.status, v.cap, v.over_cap_by), (AssignmentStatus::Active, Some(3_900), None), "the fee sits outside the cap");
        assert!(v.non_compliance.is_empty());
        let v = assess(RoleType::SW, &within, 28, 2, d(2026, 9, 30), &s);
        assert_eq!((v.status, v.cap), (AssignmentStatus::Active, Some(3_800)), "the cap in force on the start date");
        let over = Rate { pay: 3_600, ..within };
        let v = assess(RoleType::SW, &over, 42, 1, d(2026, 12, 1), &s);
        assert_eq!((v.status, v.over_cap_by), (AssignmentStatus::Pending, Some(475)));
        let rules: Vec<&str> = v.non_compliance.iter().map(|(r, _)| *r).collect();
        assert_eq!(rules, ["W-AG-1", "W-AG-3", "W-AG-6"]);
        let v = assess(RoleType::TM, &within, 28, 2, d(2026, 12, 1), &s);
        assert_eq!(v.cap, None);
        assert_eq!(v.non_compliance[0].0, "W-AG-1", "no cap loaded is named");
        let today = d(2026, 12, 3);
        assert!(check_sign_off(AssignmentStatus::Pending, false, today, today).is_ok());
        assert!(check_sign_off(AssignmentStatus::Pending, false, d(2026, 11, 20), today).is_ok(), "signed before it was recorded");
        assert!(check_sign_off(AssignmentStatus::Pending, true, today, today).is_err());
        assert!(check_sign_off(AssignmentStatus::Active, false, today, today).is_err());
        assert!(check_sign_off(AssignmentStatus::Pending, false, d(2026, 12, 4), today).is_err());
    }

    #[test]
    fn packaged_models_name_approve_and_price_every_worker_w_ag_2() {
        assert!(check_package(None).is_ok());
        let ok = Package { supplier: "Team Co".into(), worker_named: true, approved_in_advance: true, priced_separately: true };
        assert!(check_package(Some(&ok)).is_ok());
        assert_eq!(check_package(Some(&Package { priced_separately: false, ..ok.clone() })).unwrap_err().rule, "W-AG-2");
        assert!(check_package(Some(&Package { supplier: " ".into(), ..ok })).is_err());
        assert!(valid_swe_number("SW123456") && !valid_swe_number("XX1234") && !valid_swe_number("SW12a"));
    }
}
