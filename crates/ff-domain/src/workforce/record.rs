//! The worker's record in full (W-SYS-1): date of birth, Social Work England registration status
//! from a date, the route into social work and when they qualified, where they are in their early
//! career, and the evidence of accreditation as a lead child protection practitioner (LCPP).
//! Pure: the service parses what was typed, these rules check it and say what it means on a day.
//!
//! - W-SYS-1: the facts held, each checked (a date of birth gives an age from 16 to 80 today; a
//!   status goes with the day it took effect; accreditation goes with its evidence, where the
//!   evidence is held and who checked it).
//! - W-EC-1: the early career is the first 2 years after qualifying; the council's setting
//!   (`early_career_months`, W-EC-4) says how long a caseload is weighted.
//! - W-SYS-17: roles that need a registered social worker (LCPP, child protection lead, social
//!   work oversight of a lead practitioner who is not a social worker) are flagged when the
//!   registration is not "registered" on the day.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::codes::code_enum;

code_enum!(
    /// The worker's Social Work England registration, from the day it took effect.
    RegistrationStatus {
        Registered => ("registered", "Registered"),
        Suspended => ("suspended", "Suspended"),
        Removed => ("removed", "Removed from the register"),
        Lapsed => ("lapsed", "Lapsed (not renewed)"),
    }
);

impl RegistrationStatus {
    /// The same registration as the staff account holds it (the account decides what the person
    /// may do; one fact, entered once, kept the same in both): removed from the register is "not
    /// registered" there.
    pub fn on_account(self) -> crate::roles::SweStatus {
        use crate::roles::SweStatus;
        match self {
            RegistrationStatus::Registered => SweStatus::Registered,
            RegistrationStatus::Suspended => SweStatus::Suspended,
            RegistrationStatus::Lapsed => SweStatus::Lapsed,
            RegistrationStatus::Removed => SweStatus::NotRegistered,
        }
    }

    /// The account's registration as the worker's record holds it.
    pub fn from_account(s: crate::roles::SweStatus) -> RegistrationStatus {
        use crate::roles::SweStatus;
        match s {
            SweStatus::Registered => RegistrationStatus::Registered,
            SweStatus::Suspended => RegistrationStatus::Suspended,
            SweStatus::Lapsed => RegistrationStatus::Lapsed,
            SweStatus::NotRegistered => RegistrationStatus::Removed,
        }
    }
}

code_enum!(
    /// How the worker came into social work (W-EC-6, W-EC-7).
    QualificationRoute {
        Degree => ("degree", "Undergraduate degree"),
        Postgraduate => ("postgraduate", "Postgraduate degree"),
        Apprenticeship => ("apprenticeship", "Degree apprenticeship"),
        StepUp => ("step_up", "Step Up to Social Work"),
        Frontline => ("frontline", "Frontline"),
        Other => ("other", "Another route"),
    }
);

/// The years after qualifying that make up the early career (W-EC-1: 2 years).
pub const EARLY_CAREER_YEARS: u32 = 2;

/// Which year after qualifying `day` falls in, 1 or 2, while the worker is in their early career
/// (W-EC-1); none before they qualify, after the second year, or with no date.
pub fn career_year(qualified_on: Option<NaiveDate>, day: NaiveDate) -> Option<u32> {
    let q = qualified_on.filter(|q| *q <= day)?;
    (1..=EARLY_CAREER_YEARS).find(|y| q.checked_add_months(Months::new(12 * y)).is_some_and(|end| day < end))
}

/// W-SYS-17: why roles that need a registered social worker are flagged for this worker on `day`,
/// if they are. A status that took effect after `day` says nothing about that day.
pub fn registration_flag(status: Option<RegistrationStatus>, from: Option<NaiveDate>, day: NaiveDate) -> Option<String> {
    let s = status?;
    if s == RegistrationStatus::Registered || from.is_some_and(|f| f > day) {
        return None;
    }
    let since = from.map(|f| format!(" since {}", f.format("%-d %B %Y"))).unwrap_or_default();
    Some(format!(
        "Registration {}{since}: not to hold a role that needs a registered social worker (a lead child protection practitioner, a child protection lead, or social work oversight of a lead practitioner)",
        s.label().to_lowercase()
    ))
}

/// Age in whole years on `day`.
pub fn age_on(born: NaiveDate, day: NaiveDate) -> i32 {
    let mut age = day.year() - born.year();
    if (day.month(), day.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

/// Accreditation as a lead child protection practitioner and its evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LcppEvidence {
    pub accredited_on: Option<NaiveDate>,
    /// What the evidence is ("Advanced child protection programme, assessed portfolio").
    pub evidence: Option<String>,
    /// Where it is held ("HR file, workforce development").
    pub held: Option<String>,
    /// Who checked it.
    pub checked_by: Option<String>,
}

/// The facts of a worker's record beyond their name and number, as parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordFacts {
    pub date_of_birth: Option<NaiveDate>,
    pub qualified_on: Option<NaiveDate>,
    pub route: Option<QualificationRoute>,
    pub registration: Option<RegistrationStatus>,
    pub registration_from: Option<NaiveDate>,
    pub has_swe_number: bool,
    pub lcpp: LcppEvidence,
}

/// W-SYS-1: every problem with the facts at once, on the field it is about.
pub fn check_record(r: &RecordFacts, today: NaiveDate, errors: &mut ValidationErrors) {
    if let Some(b) = r.date_of_birth {
        let age = age_on(b, today);
        if !(16..=80).contains(&age) {
            errors.add("date_of_birth", "Enter a date of birth that makes them between 16 and 80 years old");
        } else if r.qualified_on.is_some_and(|q| q <= b) {
            errors.add("date_of_birth", "The date of birth is before the date they qualified");
        }
    }
    if r.qualified_on.is_some_and(|d| d > today) {
        errors.add("qualified_on", "The date they qualified cannot be in the future");
    }
    if r.route.is_some() && r.qualified_on.is_none() {
        errors.add("qualified_on", "Enter when they qualified, with the route they qualified by");
    }
    match (r.registration, r.registration_from) {
        (Some(_), None) => errors.add("registration_from", "Enter the date the registration status took effect"),
        (None, Some(_)) => errors.add("registration_status", "Choose the registration status the date goes with"),
        (Some(_), Some(f)) if f > today => errors.add("registration_from", "The date the status took effect cannot be in the future"),
        _ => {}
    }
    if r.registration.is_some() && !r.has_swe_number {
        errors.add("swe_number", "Enter the Social Work England number the registration status is for");
    }
    let l = &r.lcpp;
    let words = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    let any = l.accredited_on.is_some() || words(&l.evidence) || words(&l.held) || words(&l.checked_by);
    if any {
        match l.accredited_on {
            None => errors.add("lcpp_accredited_on", "Enter the date they were accredited as a lead child protection practitioner"),
            Some(d) if d > today => errors.add("lcpp_accredited_on", "The date of accreditation cannot be in the future"),
            Some(d) if r.qualified_on.is_none_or(|q| d < q) => {
                errors.add("lcpp_accredited_on", "Accreditation comes after qualifying as a social worker: enter when they qualified first")
            }
            Some(_) => {}
        }
        if !words(&l.evidence) {
            errors.add("lcpp_evidence", "Enter what the evidence of accreditation is");
        }
        if !words(&l.held) {
            errors.add("lcpp_evidence_held", "Enter where the evidence is held");
        }
        if !words(&l.checked_by) {
            errors.add("lcpp_checked_by", "Enter who checked the evidence");
        }
    }
    for (field, v) in [("lcpp_evidence", &l.evidence), ("lcpp_evidence_held", &l.held), ("lcpp_checked_by", &l.checked_by)] {
        if v.as_deref().is_some_and(|s| s.chars().count() > 500) {
            errors.add(field, "Use 500 characters or fewer");
        }
    }
}

/// The early-career cohort on a day (W-EC-1, W-EC-6): workers in their first and second year
/// after qualifying, and of them those who qualified by degree apprenticeship.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cohort {
    pub first_year: u32,
    pub second_year: u32,
    pub apprentices: u32,
}

/// Counts the cohort on `day` from each worker's qualifying date and route.
pub fn cohort(workers: &[(Option<NaiveDate>, Option<QualificationRoute>)], day: NaiveDate) -> Cohort {
    let mut c = Cohort::default();
    for (q, route) in workers {
        match career_year(*q, day) {
            Some(1) => c.first_year += 1,
            Some(_) => c.second_year += 1,
            None => continue,
        }
        c.apprentices += u32::from(*route == Some(QualificationRoute::Apprenticeship));
    }
    c
}

/// Whether an account's role is a social worker's, for the lead practitioner balance: social
/// workers, LCPPs, practice supervisors and the other roles that need registration.
pub fn social_work_role(role: crate::roles::Role) -> bool {
    role.requires_swe_registration() || role == crate::roles::Role::PracticeSupervisor
}

/// Family help lead practitioners on a day by whether they are social workers (W-OUT-3; the DfE
/// monitors the balance): practitioners and the episodes they lead.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LeadBalance {
    pub social_workers: i64,
    pub others: i64,
    pub social_worker_episodes: i64,
    pub other_episodes: i64,
    /// Per cent of the episodes led by a social worker, to one place; none with no episodes.
    pub social_worker_share: Option<f64>,
}

/// Adds up (role code, practitioners, episodes led) by whether the role is a social worker's; a
/// role code not known counts as another practitioner.
pub fn lead_balance(rows: &[(String, i64, i64)]) -> LeadBalance {
    let mut b = LeadBalance::default();
    for (role, people, episodes) in rows {
        if crate::roles::Role::from_code(role).is_some_and(social_work_role) {
            b.social_workers += people;
            b.social_worker_episodes += episodes;
        } else {
            b.others += people;
            b.other_episodes += episodes;
        }
    }
    let all = b.social_worker_episodes + b.other_episodes;
    b.social_worker_share = (all > 0).then(|| (b.social_worker_episodes as f64 * 1000.0 / all as f64).round() / 10.0);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registration_reads_the_same_on_the_account_and_the_record() {
        for s in RegistrationStatus::ALL {
            assert_eq!(RegistrationStatus::from_account(s.on_account()), *s);
        }
        assert_eq!(RegistrationStatus::Removed.on_account(), crate::roles::SweStatus::NotRegistered);
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn w_ec_1_the_early_career_is_the_first_two_years_after_qualifying() {
        let q = Some(d("2025-07-01"));
        assert_eq!(career_year(q, d("2025-06-30")), None, "not yet qualified");
        assert_eq!(career_year(q, d("2025-07-01")), Some(1));
        assert_eq!(career_year(q, d("2026-06-30")), Some(1));
        assert_eq!(career_year(q, d("2026-07-01")), Some(2));
        assert_eq!(career_year(q, d("2027-06-30")), Some(2));
        assert_eq!(career_year(q, d("2027-07-01")), None, "two years on");
        assert_eq!(career_year(None, d("2026-01-01")), None);
    }

    #[test]
    fn w_sys_17_roles_that_need_registration_are_flagged_unless_registered() {
        let day = d("2026-12-07");
        assert_eq!(registration_flag(Some(RegistrationStatus::Registered), Some(d("2020-01-01")), day), None);
        assert_eq!(registration_flag(None, None, day), None, "not recorded: nothing said");
        let f = registration_flag(Some(RegistrationStatus::Lapsed), Some(d("2026-11-01")), day).unwrap();
        assert!(f.starts_with("Registration lapsed (not renewed) since 1 November 2026: not to hold"), "{f}");
        assert!(registration_flag(Some(RegistrationStatus::Suspended), Some(d("2026-12-08")), day).is_none(), "not yet in effect");
        assert!(registration_flag(Some(RegistrationStatus::Removed), Some(day), day).is_some());
    }

    #[test]
    fn w_sys_1_the_record_is_checked_all_at_once() {
        let today = d("2026-12-07");
        let fine = RecordFacts {
            date_of_birth: Some(d("1990-03-04")),
            qualified_on: Some(d("2015-07-01")),
            route: Some(QualificationRoute::Frontline),
            registration: Some(RegistrationStatus::Registered),
            registration_from: Some(d("2015-08-01")),
            has_swe_number: true,
            lcpp: LcppEvidence {
                accredited_on: Some(d("2026-04-01")),
                evidence: Some("Assessed portfolio".into()),
                held: Some("HR file".into()),
                checked_by: Some("R. Okafor".into()),
            },
        };
        let mut e = ValidationErrors::new();
        check_record(&fine, today, &mut e);
        assert!(e.is_empty(), "{e:?}");
        let bad = RecordFacts {
            date_of_birth: Some(d("2015-01-01")),
            qualified_on: None,
            route: Some(QualificationRoute::Degree),
            registration: Some(RegistrationStatus::Lapsed),
            registration_from: None,
            has_swe_number: false,
            lcpp: LcppEvidence { accredited_on: Some(d("2026-04-01")), evidence: Some(" ".into()), held: None, checked_by: None },
        };
        let mut e = ValidationErrors::new();
        check_record(&bad, today, &mut e);
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "date_of_birth",
                "qualified_on",
                "registration_from",
                "swe_number",
                "lcpp_accredited_on",
                "lcpp_evidence",
                "lcpp_evidence_held",
                "lcpp_checked_by"
            ]
        );
        assert_eq!(age_on(d("1990-12-08"), today), 35);
        assert_eq!(age_on(d("1990-12-07"), today), 36);
    }

    #[test]
    fn w_out_3_the_cohort_and_the_lead_balance() {
        let day = d("2026-09-30");
        let workers = [
            (Some(d("2026-07-01")), Some(QualificationRoute::Apprenticeship)),
            (Some(d("2025-07-01")), Some(QualificationRoute::Apprenticeship)),
            (Some(d("2025-10-01")), Some(QualificationRoute::Degree)),
            (Some(d("2024-09-30")), Some(QualificationRoute::Apprenticeship)),
            (Some(d("2026-10-01")), None),
            (None, None),
        ];
        assert_eq!(cohort(&workers, day), Cohort { first_year: 2, second_year: 1, apprentices: 2 }, "two years on is out of it");
        let rows = vec![
            ("social_worker".to_owned(), 5, 40),
            ("lcpp".to_owned(), 1, 8),
            ("practice_supervisor".to_owned(), 1, 2),
            ("family_help_practitioner".to_owned(), 4, 30),
            ("someone_else".to_owned(), 1, 1),
        ];
        let b = lead_balance(&rows);
        assert_eq!((b.social_workers, b.others, b.social_worker_episodes, b.other_episodes), (7, 5, 50, 31));
        assert_eq!(b.social_worker_share, Some(61.7), "50 of 81");
        assert_eq!(lead_balance(&[]).social_worker_share, None);
    }
}
