//! The professionals involved with a child: the GP, health visitor, school,
//! police officer and others, with how to reach them, over time. The Child Safeguarding Practice
//! Review Panel's most repeated finding is that information held by different agencies is not
//! brought together (families-first.md §8, F1); knowing who else is involved, and how to ring
//! them, is where that starts.
//!
//! P-1: a professional is named, or their organisation is (a GP surgery, a school), or both.
//! P-2: a phone number holds digits, spaces and a leading +; an email address has one @ and a dot
//!      after it.
//! P-3: involvement starts on or before today, and ends on or after it started, never ahead.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::codes::code_enum;

/// The longest name, organisation or contact detail kept.
pub const FIELD_MAX_CHARS: usize = 200;

code_enum!(
    /// What the professional does for the child.
    ProfessionalRole {
        Gp => ("gp", "GP"),
        HealthVisitor => ("health_visitor", "Health visitor"),
        Midwife => ("midwife", "Midwife"),
        SchoolNurse => ("school_nurse", "School nurse"),
        School => ("school", "School or nursery (designated safeguarding lead or teacher)"),
        Paediatrician => ("paediatrician", "Paediatrician"),
        MentalHealth => ("mental_health", "Children's mental health service"),
        PoliceOfficer => ("police_officer", "Police officer"),
        YouthJustice => ("youth_justice", "Youth justice worker"),
        Housing => ("housing", "Housing officer"),
        AdultServices => ("adult_services", "Adult social care, mental health or substance use worker"),
        Probation => ("probation", "Probation officer"),
        Other => ("other", "Other"),
    }
);

/// What was typed for one professional.
#[derive(Debug, Clone, Default)]
pub struct ProfessionalFields<'a> {
    pub role: &'a str,
    pub name: &'a str,
    pub organisation: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    pub start_date: Option<NaiveDate>,
}

/// A professional as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfessionalDraft {
    pub role: ProfessionalRole,
    pub name: String,
    pub organisation: String,
    pub phone: String,
    pub email: String,
    pub start_date: NaiveDate,
}

fn valid_phone(s: &str) -> bool {
    // An extension may follow the number: "01632 960 556 ext 12", "… x12".
    let lower = s.to_ascii_lowercase();
    let (number, extension) = match lower.split_once("ext").or_else(|| lower.split_once(" x")) {
        Some((n, e)) => (n.trim().to_owned(), e.trim_start_matches(['.', ' ']).to_owned()),
        None => (lower.trim().to_owned(), String::new()),
    };
    let extension_ok = extension.chars().all(|c| c.is_ascii_digit()) && extension.len() <= 6;
    let digits = number.chars().filter(char::is_ascii_digit).count();
    let body = number.strip_prefix('+').unwrap_or(&number);
    extension_ok && (7..=15).contains(&digits) && body.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-' || c == '(' || c == ')')
}

fn valid_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// P-1 to P-3: what was typed becomes a professional, or every problem is named at once.
pub fn parse(f: &ProfessionalFields<'_>, today: NaiveDate) -> Result<ProfessionalDraft, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let role = ProfessionalRole::from_code(f.role.trim());
    if role.is_none() {
        errors.add("role", "Choose what they do for the child");
    }
    let (name, organisation, phone, email) = (f.name.trim(), f.organisation.trim(), f.phone.trim(), f.email.trim());
    if name.is_empty() && organisation.is_empty() {
        errors.add("name", "Enter their name, their organisation, or both");
    }
    for (field, text) in [("name", name), ("organisation", organisation), ("phone", phone), ("email", email)] {
        if text.chars().count() > FIELD_MAX_CHARS {
            errors.add(field, format!("Keep this under {FIELD_MAX_CHARS} characters"));
        }
        if crate::text::first_forbidden_control(text).is_some() {
            errors.add(field, "Remove the control characters from this");
        }
    }
    if !phone.is_empty() && !valid_phone(phone) {
        errors.add("phone", "Enter a phone number with 7 to 15 digits, like 01632 960 001 (an extension may follow: ext 12)");
    }
    if !email.is_empty() && !valid_email(email) {
        errors.add("email", "Enter an email address like name@example.org");
    }
    let start_date = f.start_date.unwrap_or(today);
    if start_date > today {
        errors.add("start_date", "The date they became involved must be today or in the past");
    }
    let Some(role) = role else { return Err(errors) };
    errors.into_result(ProfessionalDraft {
        role,
        name: name.to_owned(),
        organisation: organisation.to_owned(),
        phone: phone.to_owned(),
        email: email.to_owned(),
        start_date,
    })
}

/// P-3: an involvement ends on or after it started, and not in the future.
pub fn check_end(start: NaiveDate, end: NaiveDate, already_ended: bool, today: NaiveDate) -> Result<(), ValidationErrors> {
    if already_ended {
        return Err(ValidationErrors::single("end_date", "This professional's involvement has already ended"));
    }
    if end < start {
        return Err(ValidationErrors::single("end_date", "The end date must be on or after the date they became involved"));
    }
    if end > today {
        return Err(ValidationErrors::single("end_date", "The end date must be today or in the past"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn p1_a_surgery_alone_is_enough_but_nothing_at_all_is_not() {
        let f = ProfessionalFields { role: "gp", organisation: "Northmoor Surgery", ..Default::default() };
        let p = parse(&f, d("2026-11-23")).unwrap();
        assert_eq!((p.role, p.start_date), (ProfessionalRole::Gp, d("2026-11-23")));
        let e = parse(&ProfessionalFields { role: "gp", ..Default::default() }, d("2026-11-23")).unwrap_err();
        assert!(e.for_field("name").is_some());
    }

    #[test]
    fn p2_phone_numbers_and_email_addresses_are_checked() {
        for ok in
            ["01632 960001", "+44 1632 960 001", "(01632) 960-001", "+44 (0)1632 960-556 ext 12", "01632 960556 x12", "01632 960556 ext. 3"]
        {
            assert!(valid_phone(ok), "{ok}");
        }
        for bad in ["12345", "call the office", "0163296000112345678", "+44 +1632", "01632 960556 ext twelve", "ext 12"] {
            assert!(!valid_phone(bad), "{bad}");
        }
        for ok in ["a.nurse@nhs.example", "dsl@school.example.org"] {
            assert!(valid_email(ok), "{ok}");
        }
        for bad in ["nurse", "a@b", "a@@b.org", "a b@c.org", "@c.org", "a@.org", "a@org."] {
            assert!(!valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let f = ProfessionalFields {
            role: "wizard",
            name: "",
            organisation: "",
            phone: "ring me",
            email: "nope",
            start_date: Some(d("2026-11-24")),
        };
        let e = parse(&f, d("2026-11-23")).unwrap_err();
        for field in ["role", "name", "phone", "email", "start_date"] {
            assert!(e.for_field(field).is_some(), "{field}: {e}");
        }
    }

    #[test]
    fn p3_an_involvement_ends_after_it_starts_and_not_ahead() {
        assert!(check_end(d("2026-01-01"), d("2026-11-23"), false, d("2026-11-23")).is_ok());
        assert!(check_end(d("2026-01-01"), d("2025-12-31"), false, d("2026-11-23")).is_err());
        assert!(check_end(d("2026-01-01"), d("2026-11-24"), false, d("2026-11-23")).is_err());
        assert!(check_end(d("2026-01-01"), d("2026-11-20"), true, d("2026-11-23")).is_err());
    }
}
