//! The Family Help part of the child's record: episodes with their assessments, plans and what
//! is due (T9, T15 and the other clocks), and the child's timeline.

use ff_store::assessments::{AddendumRow, DocumentSummary};
use ff_store::case_notes::NoteRow;
use ff_store::child_protection::ChildCp;
use ff_store::cp_plans::{ChildPlans, InfoRequestRow};
use ff_store::family_help::{AssessmentAdultRow, ChildHistory};
use ff_store::family_networks::{ChildNetwork, KinshipEntry};
use ff_store::looked_after::{AdoptionRow, CareEpisodeRow};
use ff_store::outside_home::{ConcernRow, LinkRow, PlaceRow};
use ff_store::people::{AddressRow, HouseholdMemberView, PersonRow};
use ff_store::support_packages::ChildPackages;

use super::*;

mod timeline;
use timeline::timeline;

/// The Family Help part of a child's record. Audited as a view of the child's record.
pub async fn for_child(db: &Db, ctx: &Ctx, child_id: Uuid) -> Result<ChildFamilyHelp> {
    let mut tx = db.begin().await?;
    let record = read_for_child(&mut tx, ctx, &mut ChildFacts::new(child_id)).await?;
    audit(&mut tx, ctx, "view", "family_help", Some(child_id.to_string()), "family help record viewed").await?;
    tx.commit().await?;
    Ok(record)
}

/// The Family Help part read in the caller's transaction, not audited.
pub(crate) async fn read_for_child(tx: &mut Tx, ctx: &Ctx, facts: &mut ChildFacts) -> Result<ChildFamilyHelp> {
    let f = load_facts(tx, ctx, facts).await?;
    let episodes = f.rows.episodes.iter().map(|e| episode_view(&f, e)).collect();
    let timeline = timeline(&f);
    Ok(ChildFamilyHelp { child_id: f.rows.child_id, episodes, timeline })
}

/// The child's rows the record is built from, read once.
struct RecordRows {
    child_id: Uuid,
    child: PersonRow,
    episodes: Vec<EpisodeRow>,
    h: ChildHistory,
    contacts: Vec<ContactRow>,
    cp: ChildCp,
    cp_plans: ChildPlans,
    notes: Vec<NoteRow>,
    supervision: Vec<NaiveDate>,
    requests: Vec<InfoRequestRow>,
    care: Vec<CareEpisodeRow>,
    care_visits: Vec<NaiveDate>,
    adoptions: Vec<AdoptionRow>,
    documents: Vec<DocumentSummary>,
    kinship: Vec<KinshipEntry>,
    place_links: Vec<LinkRow>,
    places: Vec<PlaceRow>,
    place_concerns: Vec<ConcernRow>,
    screenings: Vec<ff_store::outside_home::ScreeningRow>,
    missing: Vec<ff_store::outside_home::MissingRow>,
    disagreements: Vec<ff_store::escalations::DisagreementRow>,
    addenda: Vec<AddendumRow>,
    households: Vec<HouseholdMemberView>,
    addresses: Vec<AddressRow>,
    network: ChildNetwork,
    packages: ChildPackages,
    kept: Vec<ff_store::documents::DocumentRow>,
}

/// The rows, with the staff they name, the council's settings, the child's significant adults
/// and today: everything the record's parts are built from.
struct RecordFacts {
    rows: RecordRows,
    users: Vec<UserRow>,
    settings: LaSettings,
    cal: WorkingCalendar,
    significant: Vec<SignificantAdult>,
    recorded_adults: Vec<AssessmentAdultRow>,
    today: NaiveDate,
}

impl RecordFacts {
    /// The display name of a member of staff the record names.
    fn name(&self, id: Option<Uuid>) -> Option<String> {
        self.user_row(id).map(|u| u.display_name.clone())
    }

    /// The account of a member of staff the record names.
    fn user_row(&self, id: Option<Uuid>) -> Option<&UserRow> {
        id.and_then(|i| self.users.iter().find(|u| u.id == i))
    }

    /// Where the written assessment stands (a draft when none was started).
    fn document_status(&self, id: Uuid) -> ff_domain::assessments::Status {
        self.rows.documents.iter().find(|d| d.assessment_id == id).map_or(ff_domain::assessments::Status::Draft, |d| d.status)
    }
}

/// Checks the reader may see the child, then reads the rows, the staff they name, the settings
/// and the significant adults, in that order.
async fn load_facts(tx: &mut Tx, ctx: &Ctx, facts: &mut ChildFacts) -> Result<RecordFacts> {
    let rows = load_rows(tx, ctx, facts).await?;
    let la = ctx.la();
    let users = ff_store::users::get_many(tx, ctx.la(), &mentioned_staff(&rows)).await?;
    let (settings, cal) = facts.settings(tx, la).await?;
    let significant = significant_adults(tx, ctx, facts, ctx.today()).await?;
    let recorded_adults = ff_store::family_help::assessment_adults_of_child(tx, ctx.la(), rows.child_id).await?;
    Ok(RecordFacts { rows, users, settings, cal, significant, recorded_adults, today: ctx.today() })
}

/// Checks the reader may see the child and reads the child's rows the record shows.
async fn load_rows(tx: &mut Tx, ctx: &Ctx, facts: &mut ChildFacts) -> Result<RecordRows> {
    let child_id = facts.child();
    ctx.authorise_child(tx, Action::ViewPerson, child_id).await?;
    let la = ctx.la();
    let child = facts.person(tx, la).await?.ok_or(ServiceError::NotFound("person"))?;
    let episodes = facts.episodes(tx, la).await?;
    let h = ff_store::family_help::child_history(tx, la, child_id).await?;
    let contacts = ff_store::family_help::contacts_for_person(tx, la, child_id).await?;
    let cp = facts.child_protection(tx, la).await?;
    let cp_plans = facts.plans(tx, la).await?;
    let notes = facts.notes(tx, la, ctx.actor.agency).await?;
    let supervision = facts.supervision_dates(tx, la).await?;
    let requests = facts.requests(tx, la).await?;
    let care = facts.care_episodes(tx, la).await?;
    let (care_visits, adoptions) = load_care_history(tx, la, child_id, &care).await?;
    let documents = ff_store::assessments::summaries_for_child(tx, la, child_id).await?;
    let kinship = ff_store::family_networks::kinship_for_chronology(tx, la, child_id).await?;
    let (place_links, places, place_concerns) = load_places(tx, la, child_id).await?;
    let screenings = ff_store::outside_home::screenings_of_child(tx, la, child_id).await?;
    let missing = ff_store::outside_home::missing_of_child(tx, la, child_id).await?;
    let disagreements = ff_store::escalations::of_child(tx, la, child_id).await?;
    let addenda = ff_store::assessments::addenda_for_child(tx, la, child_id).await?;
    // Where the child lived, their network, FGDM, pre-proceedings and support.
    let households = facts.households(tx, la).await?;
    let addresses = ff_store::people::addresses_of(tx, la, child_id).await?;
    let network = ff_store::family_networks::for_child(tx, la, child_id).await?;
    // Support packages are the council's business: partners never see them (FNSP), here too.
    let packages = if ctx.authorise(Action::ViewSupportPackages).is_ok() {
        ff_store::support_packages::for_child(tx, la, child_id).await?
    } else {
        Default::default()
    };
    let kept: Vec<ff_store::documents::DocumentRow> =
        ff_store::documents::of_child(tx, la, child_id).await?.into_iter().filter(|d| crate::documents::visible(ctx, d)).collect();
    Ok(RecordRows {
        child_id,
        child,
        episodes,
        h,
        contacts,
        cp,
        cp_plans,
        notes,
        supervision,
        requests,
        care,
        care_visits,
        adoptions,
        documents,
        kinship,
        place_links,
        places,
        place_concerns,
        screenings,
        missing,
        disagreements,
        addenda,
        households,
        addresses,
        network,
        packages,
        kept,
    })
}

/// The statutory visits that saw the child in care, and the adoption decisions, read only for a
/// child who has been in care.
async fn load_care_history(tx: &mut Tx, la: &str, child_id: Uuid, care: &[CareEpisodeRow]) -> Result<(Vec<NaiveDate>, Vec<AdoptionRow>)> {
    // A statutory visit to a child in care that saw the child is a visit too, for the family help
    // clock once care ends (read only for a child who has been in care).
    let care_visits: Vec<NaiveDate> = if care.is_empty() {
        vec![]
    } else {
        ff_store::looked_after::checks_of_child(tx, la, child_id)
            .await?
            .into_iter()
            .filter(|c| c.kind == ff_domain::looked_after::checks::CareCheckKind::Visit && c.child_seen)
            .map(|c| c.held_on)
            .collect()
    };
    let adoptions = if care.is_empty() { vec![] } else { ff_store::looked_after::adoptions_of_child(tx, la, child_id).await? };
    Ok((care_visits, adoptions))
}

/// The places and groups the child was linked to, and the concerns about them while linked that
/// name no other child (HOTH-1).
async fn load_places(tx: &mut Tx, la: &str, child_id: Uuid) -> Result<(Vec<LinkRow>, Vec<PlaceRow>, Vec<ConcernRow>)> {
    let place_links = ff_store::outside_home::links_of_child(tx, la, child_id).await?;
    if place_links.is_empty() {
        return Ok((place_links, vec![], vec![]));
    }
    let ids: Vec<Uuid> = place_links.iter().map(|l| l.place_id).collect();
    let mut places = vec![];
    for id in &ids {
        places.extend(ff_store::outside_home::get_place(tx, la, *id).await?);
    }
    let concerns: Vec<_> = ff_store::outside_home::concerns_of(tx, la, &ids)
        .await?
        .into_iter()
        .filter(|c| match c.child_id {
            Some(about) => about == child_id,
            None => place_links
                .iter()
                .any(|l| l.place_id == c.place_id && c.raised_on >= l.linked_on && l.ended_on.is_none_or(|e| c.raised_on <= e)),
        })
        .collect();
    Ok((place_links, places, concerns))
}

/// The staff this record names (only they are read, never every account of the council).
fn mentioned_staff(r: &RecordRows) -> Vec<Uuid> {
    let (h, cp, cp_plans) = (&r.h, &r.cp, &r.cp_plans);
    r.episodes
        .iter()
        .flat_map(|e| [e.lead_id, e.overseer_id])
        .flatten()
        .chain(h.allocations.iter().map(|a| a.user_id))
        .chain(h.visits.iter().map(|v| v.practitioner_id))
        .chain(h.oversight.iter().map(|o| o.supervisor_id))
        .chain(r.notes.iter().map(|n| n.recorded_by))
        .chain(r.documents.iter().flat_map(|d| [d.submitted_by, d.returned_by]).flatten())
        .chain(r.addenda.iter().map(|x| x.added_by))
        .chain(r.kept.iter().flat_map(|d| [Some(d.created_by), d.withdrawn_by]).flatten())
        .chain(r.addresses.iter().filter_map(|a| a.created_by))
        .chain(r.network.fgdms.iter().filter_map(|f| f.created_by))
        .chain(r.network.plos.iter().filter_map(|p| p.created_by))
        .chain(r.packages.packages.iter().flat_map(|p| [Some(p.requested_by), p.decided_by]).flatten())
        .chain(r.packages.payments.iter().map(|p| p.recorded_by))
        // Who recorded each chronology entry.
        .chain(r.contacts.iter().flat_map(|c| [c.created_by, c.decided_by]).flatten())
        .chain(h.levels.iter().filter_map(|l| l.recorded_by))
        .chain(h.allocations.iter().filter_map(|a| a.allocated_by))
        .chain(h.assessments.iter().flat_map(|a| [a.created_by, a.authorised_by]).flatten())
        .chain(h.plans.iter().filter_map(|p| p.created_by))
        .chain(h.reviews.iter().filter_map(|r| r.created_by))
        .chain(h.visits.iter().filter_map(|v| v.created_by))
        .chain(h.oversight.iter().filter_map(|o| o.created_by))
        .chain(cp.strategy.iter().filter_map(|x| x.created_by))
        .chain(cp.enquiries.iter().filter_map(|x| x.created_by))
        .chain(cp_plans.conferences.iter().filter_map(|x| x.created_by))
        .chain(cp_plans.plans.iter().filter_map(|x| x.created_by))
        .chain(cp_plans.core_groups.iter().filter_map(|x| x.created_by))
        .chain(r.requests.iter().map(|r| r.requested_by))
        .chain(r.kinship.iter().filter_map(|k| k.created_by))
        .chain(r.care.iter().map(|c| c.created_by))
        .chain(r.adoptions.iter().map(|a| a.created_by))
        .chain(r.place_links.iter().map(|l| l.created_by))
        .chain(r.place_concerns.iter().map(|c| c.created_by))
        .chain(r.screenings.iter().flat_map(|s| [Some(s.created_by), s.withdrawn_by]).flatten())
        .chain(r.missing.iter().map(|m| m.created_by))
        .chain(r.disagreements.iter().flat_map(|d| [Some(d.created_by), d.resolved_by]).flatten())
        .chain(cp_plans.plans.iter().map(|p| p.lead_id))
        .chain(cp_plans.conferences.iter().flat_map(|c| [Some(c.chair_id), c.lead_enquiry_id, c.qa_officer_id]).flatten())
        .collect()
}

/// One episode as the record shows it: its assessments, its plan, what is due and who leads.
fn episode_view(f: &RecordFacts, e: &EpisodeRow) -> EpisodeView {
    let assessments = assessment_views(f, e.id);
    let plan = plan_view(&f.rows.h, e.id);
    let level = e.level;
    let due = if e.closure_date.is_none() { due_views(f, e, level, &assessments, plan.as_ref()) } else { vec![] };
    let assessment_in_progress = assessments.iter().any(|a| a.completed_date.is_none());
    let plan_open = plan.as_ref().is_some_and(|p| p.end_date.is_none());
    EpisodeView {
        assessment_in_progress,
        plan_open,
        id: e.id,
        referral_date: e.referral_date,
        referral_source: e.referral_source.code().to_owned(),
        primary_need: e.primary_need.code().to_owned(),
        primary_need_label: format!("{}: {}", e.primary_need.code(), e.primary_need.label()),
        level: e.level.code().to_owned(),
        level_label: level.label().to_owned(),
        rereferral: e.rereferral,
        lead: f.name(e.lead_id),
        lead_id: e.lead_id,
        overseer: f.name(e.overseer_id),
        overseer_id: e.overseer_id,
        closure_date: e.closure_date,
        closure_reason: e.closure_reason.map(|r| r.code().to_owned()),
        assessments,
        plan,
        due,
        version: e.version,
        significant_adults: f.significant.clone(),
    }
}

/// The episode's assessments, each with the adults it recorded and its written document's status.
fn assessment_views(f: &RecordFacts, episode_id: Uuid) -> Vec<AssessmentView> {
    f.rows
        .h
        .assessments
        .iter()
        .filter(|a| a.episode_id == episode_id)
        .map(|a| AssessmentView {
            id: a.id,
            start_date: a.start_date,
            due_date: a.due_date,
            completed_date: a.completed_date,
            outcome: a.outcome.map(|o| o.code().to_owned()),
            outcome_label: a.outcome.map(|o| o.label().to_owned()),
            factors: a.factors.split_whitespace().map(str::to_owned).collect(),
            child_seen: a.child_seen,
            child_seen_alone: a.child_seen_alone,
            late_reason: a.late_reason.clone(),
            overdue: a.completed_date.is_none() && a.due_date < f.today,
            version: a.version,
            adults: assessed_adults(f, a.id),
            male_carer_reason: a.male_carer_reason.clone(),
            document_status: f.document_status(a.id).code().to_owned(),
            document_status_label: f.document_status(a.id).label().to_owned(),
        })
        .collect()
}

/// The adults an assessment recorded, named as the child's significant adults where they are.
fn assessed_adults(f: &RecordFacts, assessment_id: Uuid) -> Vec<AssessedAdultView> {
    f.recorded_adults
        .iter()
        .filter(|r| r.assessment_id == assessment_id)
        .map(|r| AssessedAdultView {
            person_id: r.person_id,
            full_name: f
                .significant
                .iter()
                .find(|s| s.person_id == r.person_id)
                .map(|s| s.full_name.clone())
                .unwrap_or_else(|| r.relationship.clone()),
            relationship: r.relationship.clone(),
            father_or_male_carer: r.father_or_male_carer,
            seen: r.seen,
            assessed: r.assessed,
        })
        .collect()
}

/// The episode's plan shown: the open one, else the latest started, with its items and reviews.
fn plan_view(h: &ChildHistory, episode_id: Uuid) -> Option<PlanView> {
    h.plans.iter().filter(|p| p.episode_id == episode_id).max_by_key(|p| (p.end_date.is_none(), p.start_date)).map(|p| PlanView {
        id: p.id,
        start_date: p.start_date,
        end_date: p.end_date,
        items: h
            .items
            .iter()
            .filter(|i| i.plan_id == p.id)
            .map(|i| PlanItemView {
                id: i.id,
                kind: i.kind.clone(),
                description: i.description.clone(),
                owner: i.owner.clone(),
                due_date: i.due_date,
                done_date: i.done_date,
                version: i.version,
            })
            .collect(),
        last_review: h.reviews.iter().filter(|r| r.plan_id == p.id).map(|r| r.review_date).max(),
        reviews: h
            .reviews
            .iter()
            .filter(|r| r.plan_id == p.id)
            .map(|r| PlanReviewView { id: r.id, review_date: r.review_date, summary: r.summary.clone() })
            .collect(),
    })
}

/// What is due on an open episode (T9, T15 and the other clocks), with an initial conference
/// due for each open enquiry, soonest first.
fn due_views(f: &RecordFacts, e: &EpisodeRow, level: Level, assessments: &[AssessmentView], plan: Option<&PlanView>) -> Vec<DueView> {
    let facts = clock_facts(f, e, level, assessments, plan);
    let mut due: Vec<DueView> =
        due_for_episode(&facts, &f.settings.family_help, &f.cal, f.settings.day_counting, f.today).into_iter().map(DueView::from).collect();
    for q in f.rows.cp.enquiries.iter().filter(|q| q.episode_id == e.id && q.concluded_on.is_none()) {
        due.push(DueView {
            kind: "icpc".into(),
            label: "Initial child protection conference".into(),
            due: q.icpc_due,
            overdue: q.icpc_due < f.today,
            last_done: None,
            last_done_text: None,
        });
    }
    due.sort_by_key(|d| d.due);
    due
}

/// The facts the episode's clocks run on: the last visit that saw the child, the last oversight,
/// the assessment and plan dates.
fn clock_facts(f: &RecordFacts, e: &EpisodeRow, level: Level, assessments: &[AssessmentView], plan: Option<&PlanView>) -> EpisodeFacts {
    let (h, today) = (&f.rows.h, f.today);
    let under_one = f.rows.child.date_of_birth.is_some_and(|d| ff_domain::people::age(Some(d), today) == Some(0))
        || f.rows.child.date_of_birth.is_none();
    EpisodeFacts {
        level,
        referral_date: e.referral_date,
        under_one,
        lead_is_social_worker: f.user_row(e.lead_id).is_some_and(is_registered_sw),
        has_lead: e.lead_id.is_some(),
        // A visit where the child was not seen does not reset the visit clock.
        last_visit: h
            .visits
            .iter()
            .filter(|v| v.episode_id == e.id && visit_meets_family_help_clock(v.child_seen))
            .map(|v| v.visit_date)
            .chain(f.rows.care_visits.iter().copied().filter(|d| *d >= e.referral_date))
            .max(),
        // R-FH-1: an oversight record on the episode, or a supervisor's supervision or
        // management oversight note on the child since the referral.
        last_oversight: h
            .oversight
            .iter()
            .filter(|o| o.episode_id == e.id)
            .map(|o| o.record_date)
            .chain(f.rows.supervision.iter().copied().filter(|d| *d >= e.referral_date))
            .max(),
        assessment_due: assessments.iter().filter(|a| a.completed_date.is_none()).map(|a| a.due_date).min(),
        plan_start: plan.filter(|p| p.end_date.is_none()).map(|p| p.start_date),
        last_review: plan.filter(|p| p.end_date.is_none()).and_then(|p| p.last_review),
        looked_after: f.rows.care.iter().any(|c| c.end_date.is_none()),
    }
}
