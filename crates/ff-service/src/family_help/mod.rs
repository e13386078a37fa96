//! Family Help actions, one module per concern: `front_door` (contacts and decisions), `episode`
//! (allocation, levels, assessments, visits, oversight, closure), `plans` (plans, items and
//! reviews), `record` (the Family Help part of the child's record and timeline, with `views` for
//! what it shows) and `tray` (work trays and caseloads). Their public items are re-exported here,
//! so callers name `family_help::…`.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::ValidationErrors;
use ff_domain::calendar::WorkingCalendar;
use ff_domain::child_protection::{OpenCpWork, check_no_open_child_protection};
use ff_domain::family_help::{
    AssessmentOutcome, CaseloadStatus, ClosureReason, Consent, ContactChannel, ContactDecision, DueItem, EpisodeFacts, LeadCheck, Level,
    OverseerCheck, PrimaryNeed, ReferralSource, RuleRefusal, assessment_due, assessment_is_late, caseload_status, check_closure_date,
    check_lead_and_oversight, contact_decision_due, due_for_episode, is_assessment_factor, is_rereferral, visit_meets_family_help_clock,
};
use ff_domain::people::{full_name, is_child};
use ff_domain::policy::Action;
use ff_domain::roles::{Agency, Role, SweStatus};
use ff_domain::settings::LaSettings;
use ff_store::family_help::{
    AllocationRow, AssessmentRow, ContactRow, EpisodeRow, LevelRow, OversightRow, PlanItemRow, PlanRow, ReviewRow, TrayScope, VisitRow,
};
use ff_store::users::UserRow;
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::child_record::ChildFacts;
use crate::{Ctx, Result, ServiceError, audit};

// Helpers shared across the service crate live in its root.
pub(crate) use crate::{field_err, settings_and_calendar, stale, trimmed, user};

mod episode;
mod front_door;
mod plans;
mod record;
mod tray;
mod views;

pub use episode::*;
pub use front_door::*;
pub use plans::*;
pub use record::*;
pub use tray::*;
pub use views::*;
