//! Pure domain rules for Families First.
//!
//! Invariant: this crate does no I/O and never reads the clock. Every rule that depends on "today"
//! takes the date as a parameter, so timescales and permissions are unit-testable without a
//! database. Rule ids (R-FH-1, T9, …) refer to `shared/domain/families-first.md`.

pub mod assessments;
pub mod audit;
pub mod calendar;
pub mod case_notes;
pub mod child_protection;
mod codes;
pub mod documents;
pub mod error;
pub mod family_help;
pub mod family_networks;
pub mod la;
pub mod letters;
pub mod meeting_record;
pub mod nhs;
pub mod people;
pub mod plan_record;
pub mod policy;
pub mod professionals;
pub mod roles;
pub mod settings;
pub mod support_packages;
pub mod text;
pub mod throttle;
pub mod written;

pub use error::{FieldError, RuleRefusal, ValidationErrors};
pub use la::LaCode;
