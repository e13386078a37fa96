//! Which error type where: the domain returns `ValidationErrors` and `Denied`; the store returns
//! `StoreError`; services return `ServiceError`, which the web layer maps to one HTTP status and
//! one message (HTML error page or `application/problem+json`). Only `Store` and `Internal`
//! become a 5xx; they are logged with detail and shown without it.

use ff_domain::ValidationErrors;
use ff_domain::policy::Denied;
use ff_store::StoreError;

use crate::people::DuplicateMatch;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("sign in to continue")]
    Unauthenticated(String),
    #[error("{0}")]
    Denied(Denied),
    /// A domain rule refused the action; the message says which rule and what would allow it.
    #[error("{0}")]
    Rule(ff_domain::family_help::RuleRefusal),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Validation(ValidationErrors),
    /// A stale update: someone else changed the record since it was read.
    #[error("{message}")]
    Conflict { message: String, current_version: i32 },
    /// A save made from a stale copy of sections someone else has since changed: nothing was
    /// saved; these are their current words (nothing silently overwritten).
    #[error("someone else changed these sections while you were writing")]
    SectionConflict(Vec<crate::written::SectionView>),
    /// Creating would duplicate existing records; offer them first.
    #[error("possible duplicate records exist")]
    PossibleDuplicates(Vec<DuplicateMatch>),
    #[error("too many failed sign-in attempts; try again in {retry_after_secs} seconds")]
    Throttled { retry_after_secs: u64 },
    #[error("storage failure: {0}")]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<ValidationErrors> for ServiceError {
    fn from(e: ValidationErrors) -> Self {
        ServiceError::Validation(e)
    }
}

/// A domain rule's refusal is a 422 with the rule's id (product principle 4).
impl From<ff_domain::RuleRefusal> for ServiceError {
    fn from(r: ff_domain::RuleRefusal) -> Self {
        ServiceError::Rule(r)
    }
}
