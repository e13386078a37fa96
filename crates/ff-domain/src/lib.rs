//! Pure domain rules for Families First.
//!
//! Invariant: this crate does no I/O and never reads the clock. Every rule that depends on "today"
//! takes the date as a parameter, so timescales and permissions are unit-testable without a
//! database. Rule ids (R-FH-1, T9, …) refer to `shared/domain/families-first.md`.

pub mod assessments;
pub mod audit;
pub mod calendar;
pub mod carers;
pub mod case_notes;
pub mod child_protection;
pub mod codes;
pub mod documents;
pub mod error;
pub mod escalations;
pub mod family_help;
pub mod family_networks;
pub mod forecast;
pub mod geography;
pub mod hash;
pub mod home_search;
pub mod la;
pub mod letters;
pub mod looked_after;
pub mod meeting_record;
pub mod nhs;
pub mod outside_home;
pub mod partnership;
pub mod people;
pub mod plan_record;
pub mod policy;
pub mod professionals;
pub mod providers;
pub mod regions;
pub mod roles;
pub mod settings;
pub mod sharing;
pub mod sufficiency;
pub mod support_packages;
pub mod text;
pub mod throttle;
pub mod workforce;
pub mod written;

pub use error::{FieldError, RuleRefusal, ValidationErrors};
pub use la::LaCode;

/// What the rule modules' tests share.
#[cfg(test)]
pub(crate) mod test_support {
    use uuid::Uuid;

    use crate::LaCode;
    use crate::policy::Actor;
    use crate::roles::{Agency, PractitionerProfile, Role};

    /// A council 990 account with `role` and the id `id` (a partner agency's from the police).
    pub fn actor(role: Role, id: u128) -> Actor {
        Actor {
            user_id: Uuid::from_u128(id),
            la_code: LaCode::parse("990").unwrap(),
            role,
            agency: if role == Role::PartnerAgency { Agency::Police } else { Agency::LocalAuthority },
            display_name: "Test".into(),
            profile: PractitionerProfile::default(),
        }
    }
}
