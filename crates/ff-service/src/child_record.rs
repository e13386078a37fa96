//! One child's facts as a request reads them ("a page loads each fact once").
//!
//! The child's page is built by three parts (the record, family help, child protection), and
//! each needs some of the same facts: the person, their relatives and households, episodes,
//! enquiries, plans, notes, requests for information, the council's settings and calendar.
//! `ChildFacts` loads each of them the first time a part asks, in the request's transaction,
//! and hands every later asker a copy, so the page reads each fact once however its parts are
//! put together. A part called on its own (an API read of one part) starts its own
//! `ChildFacts`. It is a read cache for one transaction only: nothing here is written, and it
//! never outlives the request.

use ff_domain::calendar::WorkingCalendar;
use ff_domain::settings::LaSettings;
use ff_store::Tx;
use ff_store::case_notes::NoteRow;
use ff_store::child_protection::ChildCp;
use ff_store::cp_plans::{ChildPlans, InfoRequestRow};
use ff_store::family_help::EpisodeRow;
use ff_store::people::{HouseholdMemberView, PersonRow, RelativeRow};
use uuid::Uuid;

use crate::{Result, ServiceError};

/// A fact loaded at most once: the first `get` runs the load, later ones copy what it found.
macro_rules! once {
    ($self:ident . $field:ident, $load:expr) => {{
        if $self.$field.is_none() {
            $self.$field = Some($load);
        }
        $self.$field.clone().ok_or_else(|| ServiceError::Internal(concat!("child fact not loaded: ", stringify!($field)).into()))
    }};
}

pub(crate) struct ChildFacts {
    child: Uuid,
    person: Option<Option<PersonRow>>,
    relatives: Option<Vec<RelativeRow>>,
    households: Option<Vec<HouseholdMemberView>>,
    episodes: Option<Vec<EpisodeRow>>,
    child_protection: Option<ChildCp>,
    plans: Option<ChildPlans>,
    notes: Option<Vec<NoteRow>>,
    requests: Option<Vec<InfoRequestRow>>,
    settings: Option<(LaSettings, WorkingCalendar)>,
    care: Option<Vec<ff_store::looked_after::CareEpisodeRow>>,
}

impl ChildFacts {
    pub(crate) fn new(child: Uuid) -> ChildFacts {
        ChildFacts {
            child,
            person: None,
            relatives: None,
            households: None,
            episodes: None,
            child_protection: None,
            plans: None,
            notes: None,
            requests: None,
            settings: None,
            care: None,
        }
    }

    pub(crate) fn child(&self) -> Uuid {
        self.child
    }

    /// The person row, merged or not (the caller decides what a merged record means).
    pub(crate) async fn person(&mut self, tx: &mut Tx, la: &str) -> Result<Option<PersonRow>> {
        once!(self.person, ff_store::people::get_person(tx, la, self.child).await?)
    }

    pub(crate) async fn relatives(&mut self, tx: &mut Tx, la: &str) -> Result<Vec<RelativeRow>> {
        once!(self.relatives, ff_store::people::relatives_of(tx, la, self.child).await?)
    }

    pub(crate) async fn households(&mut self, tx: &mut Tx, la: &str) -> Result<Vec<HouseholdMemberView>> {
        once!(self.households, ff_store::people::households_of(tx, la, self.child).await?)
    }

    pub(crate) async fn episodes(&mut self, tx: &mut Tx, la: &str) -> Result<Vec<EpisodeRow>> {
        once!(self.episodes, ff_store::family_help::episodes_for_child(tx, la, self.child).await?)
    }

    pub(crate) async fn child_protection(&mut self, tx: &mut Tx, la: &str) -> Result<ChildCp> {
        once!(self.child_protection, ff_store::child_protection::for_child(tx, la, self.child).await?)
    }

    pub(crate) async fn plans(&mut self, tx: &mut Tx, la: &str) -> Result<ChildPlans> {
        once!(self.plans, ff_store::cp_plans::for_child(tx, la, self.child).await?)
    }

    /// The child's case notes that `reader`'s agency may read (N-2: partners never see the
    /// council's supervision, oversight or council-only notes).
    pub(crate) async fn notes(&mut self, tx: &mut Tx, la: &str, reader: ff_domain::roles::Agency) -> Result<Vec<NoteRow>> {
        let all = once!(self.notes, ff_store::case_notes::notes_of_child(tx, la, self.child).await?)?;
        Ok(all.into_iter().filter(|n| crate::case_notes::visible_to(reader, n)).collect())
    }

    /// The days a supervisor recorded supervision or management oversight of the child's case,
    /// whoever is reading (they restart the R-FH-1 oversight clock for every reader alike).
    pub(crate) async fn supervision_dates(&mut self, tx: &mut Tx, la: &str) -> Result<Vec<chrono::NaiveDate>> {
        let all = once!(self.notes, ff_store::case_notes::notes_of_child(tx, la, self.child).await?)?;
        Ok(all.iter().filter(|n| n.kind.council_only()).map(|n| n.occurred_on).collect())
    }

    /// The child's looked-after episodes, oldest first.
    pub(crate) async fn care_episodes(&mut self, tx: &mut Tx, la: &str) -> Result<Vec<ff_store::looked_after::CareEpisodeRow>> {
        once!(self.care, ff_store::looked_after::of_child(tx, la, self.child).await?)
    }

    pub(crate) async fn requests(&mut self, tx: &mut Tx, la: &str) -> Result<Vec<InfoRequestRow>> {
        once!(self.requests, ff_store::cp_plans::info_requests_of_child(tx, la, self.child).await?)
    }

    /// The council's settings and working calendar (bank holidays).
    pub(crate) async fn settings(&mut self, tx: &mut Tx, la: &str) -> Result<(LaSettings, WorkingCalendar)> {
        once!(self.settings, crate::settings_and_calendar(tx, la).await?)
    }
}
