//! The workforce: workers and their experience ledger, and agency assignments checked
//! against the national agency rules when they start (W-SYS-10..15). One function per user
//! action: authorise → parse → the domain's decision (`ff_domain::workforce`) → store → audit, in
//! one transaction. Workforce officers keep it; they see no child's record.

use std::collections::HashMap;

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::policy::Action;
use ff_domain::workforce::record::{
    LcppEvidence, QualificationRoute, RecordFacts, RegistrationStatus, career_year, check_record, registration_flag,
};
use ff_domain::workforce::{
    AssignmentStatus, CoolingOffException, Country, EmployerKind, Engagement, LeftBecause, Package, Period, Rate, RoleType, assess,
    check_cooling_off, check_package, check_pqe, check_sign_off, pqe, valid_swe_number,
};
use ff_store::workforce::{AssignmentRow, ExperienceRow, WorkerRow};
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit, field_err, stale};

mod agency_return;
mod assignments;
mod caps;
mod caseloads;
mod census;
mod establishment;
pub use agency_return::*;
pub use assignments::{end_assignment, set_cover, sign_off, start_assignment};
pub use caps::*;
pub use caseloads::*;
pub use census::*;
pub(crate) use census::{check_year, gather};
pub use establishment::*;

/// A worker's details (W-SYS-1): what a workforce officer records when adding them and edits later.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct WorkerDetails {
    pub name: String,
    /// Social Work England registration number ("SW" and digits), if registered.
    #[serde(default)]
    pub swe_number: Option<String>,
    /// When they qualified as a social worker.
    #[serde(default)]
    pub qualified_on: Option<NaiveDate>,
    /// Their date of birth (the workforce census asks for it).
    #[serde(default)]
    pub date_of_birth: Option<NaiveDate>,
    /// Social Work England registration: registered, suspended, removed or lapsed.
    #[serde(default)]
    pub registration_status: Option<String>,
    /// The day the registration status took effect.
    #[serde(default)]
    pub registration_from: Option<NaiveDate>,
    /// How they qualified: degree, postgraduate, apprenticeship, step_up, frontline or other.
    #[serde(default)]
    pub qualification_route: Option<String>,
    /// Accredited as a lead child protection practitioner on this day.
    #[serde(default)]
    pub lcpp_accredited_on: Option<NaiveDate>,
    /// What the evidence of the accreditation is.
    #[serde(default)]
    pub lcpp_evidence: Option<String>,
    /// Where the evidence is held.
    #[serde(default)]
    pub lcpp_evidence_held: Option<String>,
    /// Who checked the evidence.
    #[serde(default)]
    pub lcpp_checked_by: Option<String>,
}

/// A member of the workforce.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct WorkerInput {
    #[serde(flatten)]
    pub details: WorkerDetails,
    /// Their user account, when they have one (nothing is entered twice).
    #[serde(default)]
    pub user_id: Option<Uuid>,
}

/// A worker's details changed, at the version read (409 when someone else saved first).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct EditWorkerInput {
    #[serde(flatten)]
    pub details: WorkerDetails,
    pub version: i32,
}

/// A period of experience (W-SYS-5).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ExperienceInput {
    pub employer: String,
    /// local_authority or other.
    pub employer_kind: String,
    /// england, wales, scotland, northern_ireland or abroad.
    pub country: String,
    /// The employer's region, for a council in England (the cooling-off rule compares it).
    #[serde(default)]
    pub region: Option<String>,
    pub children_and_families: bool,
    /// direct or agency.
    pub engagement: String,
    /// Registered with a social work regulator throughout.
    pub registered: bool,
    pub from: NaiveDate,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// For a permanent post that ended: resigned, redundancy or probation.
    #[serde(default)]
    pub left_because: Option<String>,
    /// A period of the worker's that this one corrects: it is withdrawn in the same save, naming
    /// this one as what replaced it, and no longer counts.
    #[serde(default)]
    pub replaces: Option<Uuid>,
}

/// Why a period of experience is withdrawn (entered in error, or for the wrong worker).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ExperienceWithdrawal {
    pub reason: String,
}

/// An agency assignment to start (W-SYS-4).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AssignmentInput {
    pub agency: String,
    /// SW, SSW, AP, TM or IRO_CPC (the council's job map).
    pub role_type: String,
    /// The team or post covered.
    pub team: String,
    /// The council's post it covers (W-SYS-4), open on the start date; none if it names none.
    #[serde(default)]
    pub post_id: Option<Uuid>,
    /// Its FTE, more than 0 and at most 1; 1 when left out.
    #[serde(default)]
    pub fte: Option<f64>,
    pub start_date: NaiveDate,
    #[serde(default)]
    pub planned_end: Option<NaiveDate>,
    pub notice_days: u32,
    /// The hourly rate in pence: pay, employer's National Insurance, holiday pay and the
    /// apprenticeship levy (what the cap covers) and the agency's fee (kept apart).
    pub pay_pence: u32,
    #[serde(default)]
    pub employer_ni_pence: u32,
    #[serde(default)]
    pub holiday_pence: u32,
    #[serde(default)]
    pub levy_pence: u32,
    #[serde(default)]
    pub fee_pence: u32,
    /// Practice-based references received (W-AG-6).
    pub references_received: u32,
    /// A packaged model or project team: the supplier, and whether this worker is named,
    /// approved in advance and priced separately (W-AG-2).
    #[serde(default)]
    pub packaged_supplier: Option<String>,
    #[serde(default)]
    pub package_named: bool,
    #[serde(default)]
    pub package_approved: bool,
    #[serde(default)]
    pub package_priced: bool,
    /// moving_to_permanent, redundancy, probation or different_region (W-AG-4).
    #[serde(default)]
    pub cooling_off_exception: Option<String>,
    /// Over the cap: why (it then waits for both sign-offs, W-AG-1).
    #[serde(default)]
    pub over_cap_reason: Option<String>,
}

/// A sign-off of an assignment over the cap.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SignOffInput {
    /// dcs (the director of children's services) or ceo (the chief executive).
    pub by_role: String,
    /// Their name, as they signed.
    pub name: String,
    pub signed_on: NaiveDate,
    pub version: i32,
}

/// The post an assignment covers and its FTE, changed at its version (W-SYS-4).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AssignmentCoverInput {
    /// The council's post it covers, open on the assignment's start date; none for no post.
    #[serde(default)]
    pub post_id: Option<Uuid>,
    /// Its FTE, more than 0 and at most 1; 1 when left out.
    #[serde(default)]
    pub fte: Option<f64>,
    pub version: i32,
}

/// The assignment ends.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct EndAssignmentInput {
    pub ended_on: NaiveDate,
    pub version: i32,
}

/// A worker in the council's list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkerSummary {
    pub id: Uuid,
    pub name: String,
    pub swe_number: Option<String>,
    pub has_account: bool,
    /// For a worker with an account: the cases they lead now and their role's cap.
    pub caseload: Option<Caseload>,
}

/// The cases a worker leads now (open episodes with them as lead practitioner) against the cap
/// for their role (the council's caseload caps; W-SYS-16).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct Caseload {
    pub cases: i64,
    pub cap: u32,
    pub over_cap: bool,
}

/// The caseloads of the accounts `users` (ids of user accounts), in one query for the counts and
/// one for the roles.
async fn caseloads(tx: &mut Tx, ctx: &Ctx, settings: &ff_domain::settings::LaSettings, users: &[Uuid]) -> Result<Vec<(Uuid, Caseload)>> {
    let counts = ff_store::family_help::caseloads_of(tx, ctx.la(), users).await?;
    let accounts = ff_store::users::get_many(tx, ctx.la(), users).await?;
    Ok(accounts
        .iter()
        .map(|u| {
            let cases = counts.iter().find(|(id, _)| *id == u.id).map_or(0, |(_, n)| *n);
            let cap = crate::family_help::cap_for(settings, Some(u.role));
            (u.id, Caseload { cases, cap, over_cap: cases > i64::from(cap) })
        })
        .collect())
}

/// A period of experience as the worker's page shows it, with whether it counts (W-AG-5).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExperienceView {
    pub id: Uuid,
    pub employer: String,
    /// The codes the form takes (to correct a period), beside their labels.
    pub employer_kind: String,
    pub country: String,
    pub engagement: String,
    pub left_because: Option<String>,
    pub employer_kind_label: String,
    pub country_label: String,
    pub region: Option<String>,
    pub children_and_families: bool,
    pub engagement_label: String,
    pub registered: bool,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub left_because_label: Option<String>,
    /// Why it does not count towards the agency rules' experience; none when it counts.
    pub not_counted: Option<String>,
}

/// A period of experience that no longer counts: withdrawn with its reason, or corrected.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WithdrawnExperienceView {
    pub id: Uuid,
    pub employer: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub reason: String,
    /// The day it was withdrawn (London).
    pub withdrawn_on: NaiveDate,
    /// The period that corrected it, when it was replaced.
    pub replaced_by: Option<Uuid>,
}

/// An assignment as the pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssignmentView {
    pub id: Uuid,
    pub worker_id: Uuid,
    pub worker_name: String,
    /// The worker's Social Work England number.
    pub swe_number: Option<String>,
    pub agency: String,
    pub role_type: String,
    pub role_type_label: String,
    pub team: String,
    /// The council's post it covers, if it names one (W-SYS-4).
    pub post_id: Option<Uuid>,
    /// The post's title.
    pub post_title: Option<String>,
    /// Its FTE (1 unless it says otherwise).
    pub fte: f64,
    pub start_date: NaiveDate,
    pub planned_end: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub notice_days: i32,
    /// Pence an hour: what the cap covers, and the fee apart.
    pub capped_rate_pence: i32,
    pub fee_pence: i32,
    pub cap_pence: Option<i32>,
    pub over_cap_by_pence: Option<i32>,
    pub over_cap_reason: Option<String>,
    pub packaged_supplier: Option<String>,
    pub references_received: i32,
    pub cooling_off_exception: Option<String>,
    pub cooling_off_exception_label: Option<String>,
    /// Rules not met that do not block: (rule, what).
    pub non_compliance: Vec<(String, String)>,
    /// pending (over the cap, waiting for sign-off), active or ended.
    pub status: String,
    /// Over the cap and signed off by both the director and the chief executive.
    pub signed_off: bool,
    pub dcs_signed_by: Option<String>,
    pub dcs_signed_on: Option<NaiveDate>,
    pub ceo_signed_by: Option<String>,
    pub ceo_signed_on: Option<NaiveDate>,
    pub version: i32,
}

/// A worker's page: who they are, their experience and what counts, their assignments.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkerView {
    pub id: Uuid,
    pub name: String,
    pub swe_number: Option<String>,
    pub qualified_on: Option<NaiveDate>,
    pub user_id: Option<Uuid>,
    pub version: i32,
    pub date_of_birth: Option<NaiveDate>,
    /// registered, suspended, removed or lapsed; none when not recorded.
    pub registration_status: Option<String>,
    pub registration_status_label: Option<String>,
    pub registration_from: Option<NaiveDate>,
    /// W-SYS-17: why roles that need a registered social worker are flagged today, if they are.
    pub registration_flag: Option<String>,
    /// degree, postgraduate, apprenticeship, step_up, frontline or other.
    pub qualification_route: Option<String>,
    pub qualification_route_label: Option<String>,
    /// Where they are in their early career today, if they are in it.
    pub early_career: Option<EarlyCareerView>,
    /// Accreditation as a lead child protection practitioner, with its evidence.
    pub lcpp_accredited_on: Option<NaiveDate>,
    pub lcpp_evidence: Option<String>,
    pub lcpp_evidence_held: Option<String>,
    pub lcpp_checked_by: Option<String>,
    /// The versions of the record kept, newest first: when each was saved.
    pub versions: Vec<WorkerVersion>,
    /// For a worker with an account: the cases they lead now and their role's cap.
    pub caseload: Option<Caseload>,
    pub experience: Vec<ExperienceView>,
    /// Periods withdrawn or replaced by a correction, most recent first; they do not count.
    pub withdrawn_experience: Vec<WithdrawnExperienceView>,
    /// Post-qualifying experience that counts for the agency rules today, in years to one place.
    pub pqe_years: f64,
    pub assignments: Vec<AssignmentView>,
    /// Permanent employment episodes, newest first (W-SYS-3).
    pub episodes: Vec<EmploymentView>,
    /// Absences, newest first (W-SYS-6).
    pub absences: Vec<AbsenceView>,
}

/// Where a worker is in their early career (W-EC-1) on a day.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct EarlyCareerView {
    /// The year after qualifying: 1 or 2.
    pub year: u32,
    /// Their caseload is weighed as the council's early-career share (the setting, W-EC-4).
    pub reduced_caseload: bool,
    /// The share, per cent of a full caseload.
    pub caseload_percent: u32,
}

/// One kept version of a worker's record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkerVersion {
    pub version: i32,
    pub changed_at: chrono::DateTime<chrono::Utc>,
}

/// The council's workforce: workers by name, a page at a time, and agency assignments running
/// or waiting for sign-off.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkforceView {
    pub workers: Vec<WorkerSummary>,
    /// The last worker of this page, to ask for the next (`after`), when there may be more.
    pub next_after: Option<Uuid>,
    pub assignments: Vec<AssignmentView>,
}

const PAGE: i64 = 50;

fn period_of(e: &ExperienceRow) -> Period {
    Period {
        employer: e.employer.clone(),
        kind: e.employer_kind,
        country: e.country,
        region: e.region.clone(),
        children_and_families: e.children_and_families,
        engagement: e.engagement,
        registered: e.registered,
        from: e.from_date,
        to: e.to_date,
        left_because: e.left_because,
    }
}

/// The titles of the posts these assignments name.
async fn post_titles(tx: &mut Tx, ctx: &Ctx, rows: &[AssignmentRow]) -> Result<HashMap<Uuid, String>> {
    let mut ids: Vec<Uuid> = rows.iter().filter_map(|a| a.post_id).collect();
    ids.sort();
    ids.dedup();
    Ok(ff_store::workforce::posts_with_ids(tx, ctx.la(), &ids).await?.into_iter().map(|p| (p.id, p.title)).collect())
}

fn assignment_view(a: &AssignmentRow, worker: Option<&WorkerRow>, titles: &HashMap<Uuid, String>) -> AssignmentView {
    AssignmentView {
        post_id: a.post_id,
        post_title: a.post_id.and_then(|p| titles.get(&p).cloned()),
        fte: a.fte as f64 / 1_000_000.0,
        id: a.id,
        worker_id: a.worker_id,
        worker_name: worker.map(|w| w.name.clone()).unwrap_or_default(),
        swe_number: worker.and_then(|w| w.swe_number.clone()),
        agency: a.agency.clone(),
        role_type_label: a.role_type.label().to_owned(),
        role_type: a.role_type.code().to_owned(),
        team: a.team.clone(),
        start_date: a.start_date,
        planned_end: a.planned_end,
        ended_on: a.ended_on,
        notice_days: a.notice_days,
        capped_rate_pence: a.pay_pence + a.employer_ni_pence + a.holiday_pence + a.levy_pence,
        fee_pence: a.fee_pence,
        cap_pence: a.cap_pence,
        over_cap_by_pence: a.over_cap_by_pence,
        over_cap_reason: a.over_cap_reason.clone(),
        packaged_supplier: a.packaged_supplier.clone(),
        references_received: a.references_received,
        cooling_off_exception_label: a.cooling_off_exception.map(|e| e.label().to_owned()),
        cooling_off_exception: a.cooling_off_exception.map(|e| e.code().to_owned()),
        // A breach signed off by both is the cap's own exception: shown with the rate, not as a
        // rule not met.
        non_compliance: serde_json::from_str::<Vec<(String, String)>>(&a.non_compliance)
            .unwrap_or_default()
            .into_iter()
            .filter(|(rule, _)| {
                !(rule == "W-AG-1" && a.over_cap_by_pence.is_some() && a.dcs_signed_on.is_some() && a.ceo_signed_on.is_some())
            })
            .collect(),
        signed_off: a.over_cap_by_pence.is_some() && a.dcs_signed_on.is_some() && a.ceo_signed_on.is_some(),
        status: a.status.code().to_owned(),
        dcs_signed_by: a.dcs_signed_by.clone(),
        dcs_signed_on: a.dcs_signed_on,
        ceo_signed_by: a.ceo_signed_by.clone(),
        ceo_signed_on: a.ceo_signed_on,
        version: a.version,
    }
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

fn text(field: &str, value: &str, what: &str, errors: &mut ValidationErrors) -> String {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > 200 {
        errors.add(field, format!("Enter {what} (200 characters or fewer)"));
    }
    v.to_owned()
}

/// A worker's details as typed, checked all at once (W-SYS-1): the fields of the row they set.
struct ParsedDetails {
    name: String,
    swe_number: Option<String>,
    qualified_on: Option<NaiveDate>,
    date_of_birth: Option<NaiveDate>,
    registration_status: Option<RegistrationStatus>,
    registration_from: Option<NaiveDate>,
    qualification_route: Option<QualificationRoute>,
    lcpp: LcppEvidence,
}

fn parse_details(ctx: &Ctx, input: &WorkerDetails) -> Result<ParsedDetails> {
    let mut errors = ValidationErrors::new();
    let name = text("name", &input.name, "their name", &mut errors);
    let swe = trimmed(&input.swe_number).map(|s| s.to_uppercase());
    if swe.as_deref().is_some_and(|s| !valid_swe_number(s)) {
        errors.add("swe_number", "Enter the Social Work England number as SW and digits, for example SW123456");
    }
    let registration = trimmed(&input.registration_status).map(|c| RegistrationStatus::from_code(&c));
    if registration == Some(None) {
        errors.add("registration_status", "Choose registered, suspended, removed or lapsed");
    }
    let route = trimmed(&input.qualification_route).map(|c| QualificationRoute::from_code(&c));
    if route == Some(None) {
        errors.add("qualification_route", "Choose the route they qualified by");
    }
    let lcpp = LcppEvidence {
        accredited_on: input.lcpp_accredited_on,
        evidence: trimmed(&input.lcpp_evidence),
        held: trimmed(&input.lcpp_evidence_held),
        checked_by: trimmed(&input.lcpp_checked_by),
    };
    let facts = RecordFacts {
        date_of_birth: input.date_of_birth,
        qualified_on: input.qualified_on,
        route: route.flatten(),
        registration: registration.flatten(),
        registration_from: input.registration_from,
        has_swe_number: swe.is_some(),
        lcpp,
    };
    check_record(&facts, ctx.today(), &mut errors);
    errors.into_result(())?;
    Ok(ParsedDetails {
        name,
        swe_number: swe,
        qualified_on: facts.qualified_on,
        date_of_birth: facts.date_of_birth,
        registration_status: facts.registration,
        registration_from: facts.registration_from,
        qualification_route: facts.route,
        lcpp: facts.lcpp,
    })
}

impl ParsedDetails {
    /// `row` with these details.
    fn onto(self, row: WorkerRow) -> WorkerRow {
        WorkerRow {
            name: self.name,
            swe_number: self.swe_number,
            qualified_on: self.qualified_on,
            date_of_birth: self.date_of_birth,
            registration_status: self.registration_status,
            registration_from: self.registration_from,
            qualification_route: self.qualification_route,
            lcpp_accredited_on: self.lcpp.accredited_on,
            lcpp_evidence: self.lcpp.evidence,
            lcpp_evidence_held: self.lcpp.held,
            lcpp_checked_by: self.lcpp.checked_by,
            ..row
        }
    }
}

crate::versioned::aggregate!(WorkerRow, "worker", "worker's record", |w, tx, la, read| ff_store::workforce::update_worker(tx, la, w, read));

/// Add a member of the workforce (W-SYS-1).
pub async fn add_worker(db: &Db, ctx: &Ctx, input: &WorkerInput) -> Result<Uuid> {
    ctx.authorise(Action::ManageWorkforce)?;
    let details = parse_details(ctx, &input.details)?;
    let mut tx = db.begin().await?;
    if let Some(u) = input.user_id {
        ff_store::users::get_many(&mut tx, ctx.la(), &[u]).await?.first().ok_or_else(|| field_err("user_id", "No such user account"))?;
        if ff_store::workforce::worker_of_user(&mut tx, ctx.la(), u).await?.is_some() {
            return Err(field_err("user_id", "That account is already linked to a worker"));
        }
    }
    let row = details.onto(WorkerRow {
        id: ctx.new_id(),
        user_id: input.user_id,
        name: String::new(),
        swe_number: None,
        qualified_on: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
        date_of_birth: None,
        registration_status: None,
        registration_from: None,
        qualification_route: None,
        lcpp_accredited_on: None,
        lcpp_evidence: None,
        lcpp_evidence_held: None,
        lcpp_checked_by: None,
    });
    ff_store::workforce::insert_worker(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "worker", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "worker", Some(row.id.to_string()), "worker added").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Change a worker's details at the version read (W-SYS-1): the row at the next version, the
/// version kept whole in the record's history, one audit event; 409 when someone else saved first.
pub async fn edit_worker(db: &Db, ctx: &Ctx, id: Uuid, input: &EditWorkerInput) -> Result<i32> {
    ctx.authorise(Action::ManageWorkforce)?;
    let details = parse_details(ctx, &input.details)?;
    let mut tx = db.begin().await?;
    let row = worker_row(&mut tx, ctx, id).await?;
    if row.version != input.version {
        return Err(stale("worker's record", row.version));
    }
    let before = row.clone();
    let saved = crate::versioned::save(&mut tx, ctx, input.version, details.onto(row), "update", "worker's details changed").await?;
    if let Some(user) = saved.user_id {
        // Entered once: the staff account takes what changed here (W-SYS-17 reads it there too).
        let parts = crate::users::RegistrationChange {
            number: (before.swe_number != saved.swe_number).then(|| saved.swe_number.clone()),
            status: (before.registration_status != saved.registration_status).then(|| saved.registration_status.map(|s| s.on_account())),
            qualified: (before.qualified_on != saved.qualified_on).then_some(saved.qualified_on),
        };
        crate::users::registration_from_worker(&mut tx, ctx, user, parts).await?;
    }
    tx.commit().await?;
    Ok(saved.version)
}

/// An administrator changed a staff account's registration number, status or qualifying date:
/// the linked worker's record takes what changed, in the same transaction, versioned and audited
/// (entered once; the status from today).
pub(crate) async fn registration_from_account(
    tx: &mut Tx,
    ctx: &Ctx,
    before: &ff_store::users::UserRow,
    after: &ff_store::users::UserRow,
) -> Result<()> {
    let Some(w) = ff_store::workforce::worker_of_user(tx, ctx.la(), after.id).await? else { return Ok(()) };
    let mut next = w.clone();
    if before.swe_registration_number != after.swe_registration_number {
        next.swe_number = after.swe_registration_number.clone();
    }
    if before.swe_status != after.swe_status {
        next.registration_status = after.swe_status.map(ff_domain::workforce::record::RegistrationStatus::from_account);
        next.registration_from = after.swe_status.map(|_| ctx.today());
    }
    if before.qualification_date != after.qualification_date {
        next.qualified_on = after.qualification_date;
    }
    if (&next.swe_number, next.registration_status, next.qualified_on) == (&w.swe_number, w.registration_status, w.qualified_on) {
        return Ok(());
    }
    crate::versioned::save(tx, ctx, w.version, next, "update", "registration changed on the staff account").await?;
    Ok(())
}

async fn worker_row(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> Result<WorkerRow> {
    ff_store::workforce::get_worker(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("worker"))
}

/// Add a period of experience to the worker's ledger (W-SYS-5).
pub async fn add_experience(db: &Db, ctx: &Ctx, worker: Uuid, input: &ExperienceInput) -> Result<Uuid> {
    ctx.authorise(Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let employer = text("employer", &input.employer, "the employer", &mut errors);
    let kind = EmployerKind::from_code(input.employer_kind.trim());
    if kind.is_none() {
        errors.add("employer_kind", "Choose who the employer was");
    }
    let country = Country::from_code(input.country.trim());
    if country.is_none() {
        errors.add("country", "Choose where the employer was");
    }
    let engagement = Engagement::from_code(input.engagement.trim());
    if engagement.is_none() {
        errors.add("engagement", "Choose how they were engaged");
    }
    let left = match trimmed(&input.left_because) {
        None => None,
        Some(c) => match LeftBecause::from_code(&c) {
            Some(l) => Some(l),
            None => {
                errors.add("left_because", "Choose why the post ended");
                None
            }
        },
    };
    let region = match trimmed(&input.region) {
        None => None,
        Some(r) => match ff_domain::workforce::region(&r) {
            Some(canonical) => Some(canonical.to_owned()),
            None => {
                errors.add("region", "Choose one of England's regions, or none for an employer outside England");
                None
            }
        },
    };
    // A council post in England names its region, so the cooling-off period can be checked; no
    // other employer has one.
    let english_council = kind == Some(EmployerKind::LocalAuthority) && country == Some(Country::England);
    if english_council && region.is_none() && !errors.0.iter().any(|e| e.field == "region") {
        errors.add("region", "Choose the council's region");
    }
    if !english_council && region.is_some() {
        errors.add("region", "A region goes only with a council in England");
    }
    if input.from > ctx.today() {
        errors.add("from", "The start cannot be in the future");
    }
    if input.to.is_some_and(|t| t < input.from || t > ctx.today()) {
        errors.add("to", "The end is on or after the start, and not in the future");
    }
    if left.is_some() && input.to.is_none() {
        errors.add("left_because", "Why a post ended goes with its end date");
    }
    errors.into_result(())?;
    let (Some(kind), Some(country), Some(engagement)) = (kind, country, engagement) else {
        return Err(ServiceError::Internal("parsed input missing".into()));
    };
    let mut tx = db.begin().await?;
    worker_row(&mut tx, ctx, worker).await?;
    let replaced = match input.replaces {
        Some(old) => Some(period_in_force(&mut tx, ctx, worker, old).await?),
        None => None,
    };
    let row = ExperienceRow {
        id: ctx.new_id(),
        worker_id: worker,
        employer,
        employer_kind: kind,
        country,
        region,
        children_and_families: input.children_and_families,
        engagement,
        registered: input.registered,
        from_date: input.from,
        to_date: input.to,
        left_because: left,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
        withdrawn_at: None,
        withdrawn_by: None,
        withdrawn_reason: None,
        replaced_by: None,
    };
    ff_store::workforce::insert_experience(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "worker_experience", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "worker_experience", Some(row.id.to_string()), "experience period added").await?;
    if let Some(old) = replaced {
        withdraw_period(&mut tx, ctx, old, "Corrected: replaced by a new period", Some(row.id)).await?;
    }
    tx.commit().await?;
    Ok(row.id)
}

/// A period of the worker's that still counts: 404 when the worker has no such period, 409 when
/// it was withdrawn (by someone else since the page was read, or before).
async fn period_in_force(tx: &mut Tx, ctx: &Ctx, worker: Uuid, id: Uuid) -> Result<ExperienceRow> {
    let row = ff_store::workforce::get_experience(tx, ctx.la(), worker, id).await?.ok_or(ServiceError::NotFound("period of experience"))?;
    if row.withdrawn_at.is_some() {
        return Err(ServiceError::Conflict { message: "That period has already been withdrawn or corrected".into(), current_version: 2 });
    }
    Ok(row)
}

/// Withdraws `row`, keeping it as its second version, audited.
async fn withdraw_period(tx: &mut Tx, ctx: &Ctx, row: ExperienceRow, reason: &str, replaced_by: Option<Uuid>) -> Result<()> {
    if !ff_store::workforce::withdraw_experience(tx, ctx.la(), row.id, (ctx.now, ctx.actor.user_id), reason, replaced_by).await? {
        return Err(ServiceError::Conflict { message: "That period has already been withdrawn or corrected".into(), current_version: 2 });
    }
    let next = ExperienceRow {
        withdrawn_at: Some(ctx.now),
        withdrawn_by: Some(ctx.actor.user_id),
        withdrawn_reason: Some(reason.to_owned()),
        replaced_by,
        ..row
    };
    ff_store::versions::record_version(tx, ctx.la(), "worker_experience", next.id, 2, &next, Some(ctx.actor.user_id), ctx.now).await?;
    let (action, what) = match replaced_by {
        Some(_) => ("correct", "experience period corrected"),
        None => ("withdraw", "experience period withdrawn"),
    };
    audit(tx, ctx, action, "worker_experience", Some(next.id.to_string()), what).await?;
    Ok(())
}

/// Withdraw a period of experience entered in error (W-SYS-5): it stops counting towards the
/// agency rules' experience at once; the row stays on the worker's page with the reason.
pub async fn withdraw_experience(db: &Db, ctx: &Ctx, worker: Uuid, id: Uuid, input: &ExperienceWithdrawal) -> Result<()> {
    ctx.authorise(Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let reason = text("reason", &input.reason, "why the period is withdrawn", &mut errors);
    errors.into_result(())?;
    let mut tx = db.begin().await?;
    worker_row(&mut tx, ctx, worker).await?;
    let row = period_in_force(&mut tx, ctx, worker, id).await?;
    withdraw_period(&mut tx, ctx, row, &reason, None).await?;
    tx.commit().await?;
    Ok(())
}

/// A worker's page: to those who see the workforce, and to any member of staff their own record
/// (linked to their account) and no other. Audited as a view.
pub async fn worker(db: &Db, ctx: &Ctx, id: Uuid) -> Result<WorkerView> {
    let denied = ctx.authorise(Action::ViewWorkforce).err();
    let mut tx = db.begin().await?;
    if let Some(e) = denied {
        let own = ff_store::workforce::worker_of_user(&mut tx, ctx.la(), ctx.actor.user_id).await?;
        if own.is_none_or(|o| o.id != id) {
            return Err(e);
        }
    }
    let w = worker_row(&mut tx, ctx, id).await?;
    let (settings, _) = crate::settings_and_calendar(&mut tx, ctx.la()).await?;
    let rows = ff_store::workforce::experience_of(&mut tx, ctx.la(), id).await?;
    let periods: Vec<Period> = rows.iter().map(period_of).collect();
    let counted = pqe(&periods, settings.workforce.pqe_scope, ctx.today());
    let mut verdicts = counted.verdicts.iter();
    let experience = rows
        .iter()
        .map(|e| ExperienceView {
            id: e.id,
            employer: e.employer.clone(),
            employer_kind: e.employer_kind.code().to_owned(),
            country: e.country.code().to_owned(),
            engagement: e.engagement.code().to_owned(),
            left_because: e.left_because.map(|l| l.code().to_owned()),
            employer_kind_label: e.employer_kind.label().to_owned(),
            country_label: e.country.label().to_owned(),
            region: e.region.clone(),
            children_and_families: e.children_and_families,
            engagement_label: e.engagement.label().to_owned(),
            registered: e.registered,
            from: e.from_date,
            to: e.to_date,
            left_because_label: e.left_because.map(|l| l.label().to_owned()),
            not_counted: verdicts.next().copied().flatten().map(str::to_owned),
        })
        .collect();
    let withdrawn_experience = ff_store::workforce::withdrawn_experience_of(&mut tx, ctx.la(), id)
        .await?
        .into_iter()
        .map(|e| WithdrawnExperienceView {
            id: e.id,
            employer: e.employer,
            from: e.from_date,
            to: e.to_date,
            reason: e.withdrawn_reason.unwrap_or_default(),
            withdrawn_on: ff_domain::calendar::london_date(e.withdrawn_at.unwrap_or(e.created_at)),
            replaced_by: e.replaced_by,
        })
        .collect();
    let caseload = match w.user_id {
        Some(u) => caseloads(&mut tx, ctx, &settings, &[u]).await?.first().map(|(_, c)| *c),
        None => None,
    };
    let rows = ff_store::workforce::assignments_of(&mut tx, ctx.la(), id).await?;
    let titles = post_titles(&mut tx, ctx, &rows).await?;
    let assignments = rows.iter().rev().map(|a| assignment_view(a, Some(&w), &titles)).collect();
    let (episodes, absences) = establishment::worker_records(&mut tx, ctx, id).await?;
    let versions = ff_store::versions::list_versions(&mut tx, ctx.la(), "worker", id)
        .await?
        .into_iter()
        .map(|v| WorkerVersion { version: v.version, changed_at: v.changed_at })
        .collect();
    audit(&mut tx, ctx, "view", "worker", Some(id.to_string()), "worker viewed").await?;
    tx.commit().await?;
    let today = ctx.today();
    let ec = &settings.workforce;
    let early_career = career_year(w.qualified_on, today).map(|year| EarlyCareerView {
        year,
        reduced_caseload: ff_domain::workforce::caseload::early_career(w.qualified_on, today, ec.early_career_months),
        caseload_percent: ec.early_career_caseload_percent,
    });
    Ok(WorkerView {
        id: w.id,
        name: w.name,
        swe_number: w.swe_number,
        qualified_on: w.qualified_on,
        user_id: w.user_id,
        version: w.version,
        date_of_birth: w.date_of_birth,
        registration_status: w.registration_status.map(|s| s.code().to_owned()),
        registration_status_label: w.registration_status.map(|s| s.label().to_owned()),
        registration_from: w.registration_from,
        registration_flag: registration_flag(w.registration_status, w.registration_from, today),
        qualification_route: w.qualification_route.map(|r| r.code().to_owned()),
        qualification_route_label: w.qualification_route.map(|r| r.label().to_owned()),
        early_career,
        lcpp_accredited_on: w.lcpp_accredited_on,
        lcpp_evidence: w.lcpp_evidence,
        lcpp_evidence_held: w.lcpp_evidence_held,
        lcpp_checked_by: w.lcpp_checked_by,
        versions,
        caseload,
        experience,
        withdrawn_experience,
        pqe_years: (counted.days as f64 / 365.25 * 10.0).floor() / 10.0,
        assignments,
        episodes,
        absences,
    })
}

/// The council's workforce: a page of workers by name after `after`, and the agency assignments
/// running now or waiting for sign-off (newest first, up to a page). Audited as a view.
pub async fn list(db: &Db, ctx: &Ctx, after: Option<Uuid>) -> Result<WorkforceView> {
    ctx.authorise(Action::ViewWorkforce)?;
    let mut tx = db.begin().await?;
    let from = match after {
        Some(id) => Some(worker_row(&mut tx, ctx, id).await?),
        None => None,
    };
    let rows = ff_store::workforce::workers_page(&mut tx, ctx.la(), from.as_ref().map(|w| (w.name.as_str(), w.id)), PAGE + 1).await?;
    let more = rows.len() as i64 > PAGE;
    let users: Vec<Uuid> = rows.iter().take(PAGE as usize).filter_map(|w| w.user_id).collect();
    let (settings, _) = crate::settings_and_calendar(&mut tx, ctx.la()).await?;
    let loads = caseloads(&mut tx, ctx, &settings, &users).await?;
    let workers: Vec<WorkerSummary> = rows
        .iter()
        .take(PAGE as usize)
        .map(|w| WorkerSummary {
            id: w.id,
            name: w.name.clone(),
            swe_number: w.swe_number.clone(),
            has_account: w.user_id.is_some(),
            caseload: w.user_id.and_then(|u| loads.iter().find(|(id, _)| *id == u).map(|(_, c)| *c)),
        })
        .collect();
    // Running now, or starting within the year.
    let today = ctx.today();
    let ahead = today.checked_add_months(chrono::Months::new(12)).unwrap_or(today);
    let running = ff_store::workforce::assignments_between(&mut tx, ctx.la(), today, ahead, None, PAGE).await?;
    let mut ids: Vec<Uuid> = running.iter().map(|a| a.worker_id).collect();
    ids.sort();
    ids.dedup();
    let named = ff_store::workforce::workers_with_ids(&mut tx, ctx.la(), &ids).await?;
    let titles = post_titles(&mut tx, ctx, &running).await?;
    let assignments = running.iter().map(|a| assignment_view(a, named.iter().find(|w| w.id == a.worker_id), &titles)).collect();
    audit(&mut tx, ctx, "view", "workforce", None, "workforce viewed").await?;
    tx.commit().await?;
    Ok(WorkforceView { next_after: if more { workers.last().map(|w| w.id) } else { None }, workers, assignments })
}
