//! Roles and practitioner profiles (domain reference §1 `Practitioner`, §9 Workforce).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::codes::code_enum;

code_enum!(
    /// What a signed-in person does here. Access is decided from the role (and, for records, the
    /// relationship to the record) in [`crate::policy`].
    Role {
        FamilyHelpPractitioner => ("family_help_practitioner", "Family help practitioner"),
        SocialWorker => ("social_worker", "Social worker"),
        Lcpp => ("lcpp", "Lead child protection practitioner"),
        PracticeSupervisor => ("practice_supervisor", "Practice supervisor or team manager"),
        ConferenceChair => ("conference_chair", "Conference chair"),
        QaOfficer => ("qa_officer", "Quality assurance officer"),
        IndependentReviewingOfficer => ("independent_reviewing_officer", "Independent reviewing officer"),
        PersonalAdviser => ("personal_adviser", "Leaving care personal adviser"),
        FosteringOfficer => ("fostering_officer", "Fostering team social worker"),
        WorkforceOfficer => ("workforce_officer", "Workforce officer"),
        PartnershipManager => ("partnership_manager", "Safeguarding partnership business manager"),
        SafeguardingPartner => ("safeguarding_partner", "Delegated safeguarding partner or scrutineer"),
        Commissioner => ("commissioner", "Placements commissioner"),
        RegionalAnalyst => ("regional_analyst", "Regional care co-operative analyst"),
        RegionalCommissioner => ("regional_commissioner", "Regional care co-operative commissioner"),
        PartnerAgency => ("partner_agency", "Partner agency member"),
        PerformanceAnalyst => ("performance_analyst", "Performance analyst"),
        LaAdmin => ("la_admin", "Council administrator"),
    }
);

code_enum!(
    /// The agency a person works for. Partner-agency members are police, health or education.
    Agency {
        LocalAuthority => ("local_authority", "Local authority"),
        Police => ("police", "Police"),
        Health => ("health", "Health"),
        Education => ("education", "Education"),
    }
);

code_enum!(
    /// Social Work England registration status (§9: block roles needing a social worker when not
    /// currently registered).
    SweStatus {
        Registered => ("registered", "Registered"),
        Suspended => ("suspended", "Suspended"),
        Lapsed => ("lapsed", "Lapsed"),
        NotRegistered => ("not_registered", "Not registered"),
    }
);

impl Role {
    /// Social workers and LCPPs must hold a Social Work England registration (§9).
    pub fn requires_swe_registration(self) -> bool {
        // An independent reviewing officer is a registered social worker (IRO Regulations 2010).
        matches!(self, Role::SocialWorker | Role::Lcpp | Role::IndependentReviewingOfficer | Role::FosteringOfficer)
    }
}

/// The professional details kept for a practitioner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PractitionerProfile {
    pub swe_registration_number: Option<String>,
    pub swe_status: Option<SweStatus>,
    pub qualification_date: Option<NaiveDate>,
}

impl PractitionerProfile {
    /// Social-work qualified and currently registered: the test for roles such as the
    /// social-work overseer of a non-social-worker lead (R-FH-1) or a s.47 lead (R-S47-1).
    pub fn is_registered_social_worker(&self) -> bool {
        self.swe_registration_number.is_some() && self.swe_status == Some(SweStatus::Registered)
    }

    /// Whole years of post-qualifying experience on `today` (the clock is passed in).
    pub fn pqe_years(&self, today: NaiveDate) -> Option<u32> {
        self.qualification_date.and_then(|q| today.years_since(q))
    }
}

/// Social Work England numbers look like `SW` followed by digits (e.g. SW123456).
pub fn parse_swe_number(input: &str) -> Result<String, String> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let digits = s.strip_prefix("SW").unwrap_or("");
    if !digits.is_empty() && digits.len() <= 8 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s)
    } else {
        Err("Enter a Social Work England registration number, like SW123456".to_owned())
    }
}

/// Check the profile against the role (registration number and status are
/// required for social workers and LCPPs; a qualification date cannot be in the future).
pub fn validate_profile(role: Role, profile: &PractitionerProfile, today: NaiveDate) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if role.requires_swe_registration() {
        if profile.swe_registration_number.is_none() {
            errors.add(
                "swe_registration_number",
                format!("Enter the Social Work England registration number: it is required for a {}", role.label().to_lowercase()),
            );
        }
        if profile.swe_status.is_none() {
            errors.add("swe_status", "Select the Social Work England registration status");
        }
    }
    if let Some(n) = &profile.swe_registration_number
        && let Err(m) = parse_swe_number(n)
    {
        errors.add("swe_registration_number", m);
    }
    if let Some(q) = profile.qualification_date
        && q > today
    {
        errors.add("qualification_date", "The qualification date must be today or in the past");
    }
    errors.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(*r));
        }
        assert_eq!(Role::from_code("wizard"), None);
    }

    #[test]
    fn social_workers_need_registration() {
        let empty = PractitionerProfile::default();
        let err = validate_profile(Role::SocialWorker, &empty, d(2026, 1, 1)).unwrap_err();
        assert!(err.for_field("swe_registration_number").is_some());
        assert!(validate_profile(Role::FamilyHelpPractitioner, &empty, d(2026, 1, 1)).is_ok());
        let ok = PractitionerProfile {
            swe_registration_number: Some("SW123456".into()),
            swe_status: Some(SweStatus::Registered),
            qualification_date: Some(d(2015, 7, 1)),
        };
        assert!(validate_profile(Role::Lcpp, &ok, d(2026, 1, 1)).is_ok());
        assert_eq!(ok.pqe_years(d(2026, 1, 1)), Some(10));
        assert!(ok.is_registered_social_worker());
    }

    #[test]
    fn swe_number_format() {
        assert_eq!(parse_swe_number("sw 12345").unwrap(), "SW12345");
        assert!(parse_swe_number("12345").is_err());
        assert!(parse_swe_number("SW").is_err());
        assert!(parse_swe_number("SWabc").is_err());
    }

    #[test]
    fn future_qualification_refused() {
        let p = PractitionerProfile { qualification_date: Some(d(2030, 1, 1)), ..Default::default() };
        assert!(validate_profile(Role::FamilyHelpPractitioner, &p, d(2026, 1, 1)).is_err());
    }
}
