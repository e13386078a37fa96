//! Multi-agency child protection: teams typed by agency (§5.4, CA 2004
//! s.16EA) and the cases they work; partner agencies see and contribute to those cases only;
//! requests for information with due dates (R-S47-2); one multi-agency chronology in which every
//! note carries its agency and its kind of source, so that parents' own accounts nobody else has
//! corroborated can be listed (CSPRP findings F1, F4, F5).

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::child_protection::{MacptType, SourceType, macpt_missing_types, macpt_type};
use ff_domain::policy::Action;
use ff_domain::roles::{Agency, Role, SweStatus};
use ff_store::Db;
use ff_store::cp_plans::{InfoRequestRow, TeamCaseRow};
use ff_store::users::TeamRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::versioned::aggregate;
use crate::{Ctx, Result, ServiceError, audit};
use crate::{field_err, settings_and_calendar, stale, user};

/// Team kind for multi-agency child protection teams (other kinds are line-management teams).
pub const MACPT: &str = "macpt";

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TeamInput {
    pub name: String,
}

/// Set up a multi-agency child protection team.
pub async fn create_team(db: &Db, ctx: &Ctx, input: &TeamInput) -> Result<Uuid> {
    ctx.authorise(Action::ManageTeams)?;
    let name = input.name.trim();
    if name.is_empty() || name.len() > 100 {
        return Err(field_err("name", "Enter the team's name (up to 100 characters)"));
    }
    let mut tx = db.begin().await?;
    if ff_store::users::list_teams(&mut tx, ctx.la()).await?.iter().any(|t| t.name.eq_ignore_ascii_case(name)) {
        return Err(field_err("name", "A team with this name already exists"));
    }
    let id = ctx.new_id();
    ff_store::users::insert_team(
        &mut tx,
        &TeamRow { la_code: ctx.la().into(), id, name: name.into(), kind: MACPT.into(), created_at: ctx.now },
    )
    .await?;
    audit(&mut tx, ctx, "create", "team", Some(id.to_string()), "multi-agency child protection team created").await?;
    tx.commit().await?;
    Ok(id)
}

async fn macpt_team(tx: &mut ff_store::Tx, ctx: &Ctx, id: Uuid) -> Result<TeamRow> {
    ff_store::users::list_teams(tx, ctx.la())
        .await?
        .into_iter()
        .find(|t| t.id == id && t.kind == MACPT)
        .ok_or(ServiceError::NotFound("team"))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = TeamMemberInput)]
pub struct MemberInput {
    pub user_id: Uuid,
}

/// Add a member; their type comes from their agency (and Social Work England registration).
pub async fn add_member(db: &Db, ctx: &Ctx, team_id: Uuid, input: &MemberInput) -> Result<()> {
    ctx.authorise(Action::ManageTeams)?;
    let mut tx = db.begin().await?;
    macpt_team(&mut tx, ctx, team_id).await?;
    let u = user(&mut tx, ctx, input.user_id, "user_id").await?;
    ff_store::users::add_team_member(&mut tx, ctx.la(), team_id, u.id, ctx.now).await?;
    audit(&mut tx, ctx, "update", "team", Some(team_id.to_string()), "team member added").await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TeamCaseInput {
    pub child_id: Uuid,
    pub from_date: NaiveDate,
}

/// Record that a team works a child's case: from then its partner members can see the record.
pub async fn assign_case(db: &Db, ctx: &Ctx, team_id: Uuid, input: &TeamCaseInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnChildProtection)?;
    let mut tx = db.begin().await?;
    macpt_team(&mut tx, ctx, team_id).await?;
    ff_store::people::get_person(&mut tx, ctx.la(), input.child_id).await?.ok_or(ServiceError::NotFound("child"))?;
    if input.from_date > ctx.today() {
        return Err(field_err("from_date", "The date cannot be in the future"));
    }
    let current = ff_store::cp_plans::team_cases_of_child(&mut tx, ctx.la(), input.child_id).await?;
    if current.iter().any(|c| c.team_id == team_id && c.ended_on.is_none()) {
        return Err(field_err("child_id", "This team already works this child's case"));
    }
    let id = ctx.new_id();
    let row = ff_store::cp_plans::NewTeamCase {
        id,
        team_id,
        child_id: input.child_id,
        from_date: input.from_date,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::cp_plans::insert_team_case(&mut tx, ctx.la(), &row).await?;
    audit(&mut tx, ctx, "create", "team_case", Some(id.to_string()), "team starts work on a case").await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EndTeamCaseInput {
    pub ended_on: NaiveDate,
    /// Why the team stops working the case (its partners lose access to the child's record).
    #[serde(default)]
    pub reason: String,
    pub version: i32,
}

/// The team stops working the case: its partner members lose access from then.
pub async fn end_case(db: &Db, ctx: &Ctx, team_case_id: Uuid, input: &EndTeamCaseInput) -> Result<()> {
    ctx.authorise(Action::WorkOnChildProtection)?;
    let mut tx = db.begin().await?;
    let case = ff_store::cp_plans::get_team_case(&mut tx, ctx.la(), team_case_id).await?.ok_or(ServiceError::NotFound("team case"))?;
    ctx.authorise_child(&mut tx, Action::WorkOnChildProtection, case.child_id).await?;
    if case.ended_on.is_some() || case.version != input.version {
        return Err(stale("team case", case.version));
    }
    let mut errors = ff_domain::ValidationErrors::new();
    if input.ended_on > ctx.today() {
        errors.add("ended_on", "The date cannot be in the future");
    }
    if input.ended_on < case.from_date {
        errors.add("ended_on", "The team's work cannot end before it started");
    }
    if input.reason.trim().is_empty() {
        errors.add("reason", "Record why the team stops working this case");
    }
    errors.into_result(())?;
    let read = case.version;
    let ended = TeamCaseRow { ended_on: Some(input.ended_on), end_reason: Some(input.reason.trim().to_owned()), ..case };
    crate::versioned::save(&mut tx, ctx, read, ended, "end", "team ends work on a case").await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = TeamMemberView)]
pub struct MemberView {
    pub user_id: Uuid,
    pub display_name: String,
    pub agency_label: String,
    /// social_worker, police, health or education; none for other staff.
    pub member_type: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeamCaseView {
    pub id: Uuid,
    pub team_id: Uuid,
    pub team_name: String,
    pub child_id: Uuid,
    pub child_name: String,
    pub from_date: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeamView {
    pub id: Uuid,
    pub name: String,
    pub members: Vec<MemberView>,
    /// Required member types the team lacks (flagged: §5.4).
    pub missing_types: Vec<String>,
    pub open_cases: Vec<TeamCaseView>,
}

/// The council's multi-agency teams with their members and gaps. Council staff see every team's
/// cases; a partner sees only their own teams and their cases.
pub async fn teams(db: &Db, ctx: &Ctx) -> Result<Vec<TeamView>> {
    ctx.authorise(Action::ViewTeamCases)?;
    let partner = ctx.actor.role == Role::PartnerAgency;
    let mut tx = db.begin().await?;
    let teams: Vec<TeamRow> = ff_store::users::list_teams(&mut tx, ctx.la()).await?.into_iter().filter(|t| t.kind == MACPT).collect();
    let members = ff_store::cp_plans::team_members(&mut tx, ctx.la(), MACPT).await?;
    let cases = if partner {
        ff_store::cp_plans::cases_of_member(&mut tx, ctx.la(), ctx.actor.user_id, 2_000).await?
    } else {
        ff_store::cp_plans::open_team_cases(&mut tx, ctx.la(), None, 2_000).await?
    };
    tx.commit().await?;
    let out = teams
        .into_iter()
        .filter(|t| !partner || members.iter().any(|m| m.team_id == t.id && m.user_id == ctx.actor.user_id))
        .map(|t| {
            let ms: Vec<MemberView> = members
                .iter()
                .filter(|m| m.team_id == t.id)
                .map(|m| {
                    let sw = m.swe_status == Some(SweStatus::Registered);
                    MemberView {
                        user_id: m.user_id,
                        display_name: m.display_name.clone(),
                        agency_label: m.agency.label().into(),
                        member_type: macpt_type(m.agency, sw).map(|t| t.code().to_owned()),
                    }
                })
                .collect();
            let present: Vec<MacptType> = ms.iter().filter_map(|m| m.member_type.as_deref().and_then(MacptType::from_code)).collect();
            TeamView {
                id: t.id,
                missing_types: macpt_missing_types(&present).iter().map(|m| m.label().to_owned()).collect(),
                open_cases: cases.iter().filter(|c| c.team_id == t.id).map(|c| case_view(c, &t.name)).collect(),
                name: t.name,
                members: ms,
            }
        })
        .collect();
    Ok(out)
}

pub(crate) fn case_view(c: &ff_store::cp_plans::TeamCaseRow, team_name: &str) -> TeamCaseView {
    TeamCaseView {
        id: c.id,
        team_id: c.team_id,
        team_name: team_name.into(),
        child_id: c.child_id,
        child_name: format!("{} {}", c.given_name, c.family_name),
        from_date: c.from_date,
        ended_on: c.ended_on,
        version: c.version,
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct InfoRequestInput {
    /// police, health, education or other.
    pub agency: String,
    pub question: String,
    /// Defaults to the council's number of working days for a response.
    pub due_on: Option<NaiveDate>,
}

/// Ask another agency for what it knows about a child (R-S47-2; CSPRP F2 agency checks).
pub async fn request_information(db: &Db, ctx: &Ctx, child: Uuid, input: &InfoRequestInput) -> Result<Uuid> {
    ctx.authorise(Action::RequestInformation)?;
    let mut errors = ValidationErrors::new();
    let agency = Agency::from_code(input.agency.trim()).filter(|a| *a != Agency::LocalAuthority);
    if agency.is_none() {
        errors.add("agency", "Choose the agency to ask");
    }
    if input.question.trim().is_empty() {
        errors.add("question", "Write what you are asking for");
    }
    if input.due_on.is_some_and(|d| d < ctx.today()) {
        errors.add("due_on", "The due date cannot be in the past");
    }
    errors.into_result(())?;
    let Some(agency) = agency else { return Err(field_err("agency", "Choose the agency to ask")) };
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::RequestInformation, child).await?;
    ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    let (settings, cal) = settings_and_calendar(&mut tx, ctx.la()).await?;
    let due_on = input
        .due_on
        .unwrap_or_else(|| cal.add_working_days(ctx.today(), settings.child_protection.info_request_due_wd, settings.day_counting));
    let row = InfoRequestRow {
        id: ctx.new_id(),
        child_id: child,
        agency,
        question: input.question.trim().into(),
        requested_on: ctx.today(),
        due_on,
        requested_by: ctx.actor.user_id,
        response_note_id: None,
        responded_on: None,
        version: 1,
        created_at: ctx.now,
    };
    ff_store::cp_plans::insert_info_request(&mut tx, ctx.la(), &row).await?;
    audit(&mut tx, ctx, "create", "info_request", Some(row.id.to_string()), format!("information requested from {}", row.agency.code()))
        .await?;
    tx.commit().await?;
    Ok(row.id)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = InfoRequestAnswerInput)]
pub struct AnswerInput {
    pub response: String,
    /// The date the information relates to (defaults to today).
    pub occurred_on: Option<NaiveDate>,
    /// A note the answer corroborates, for example a parent's account the agency's record confirms.
    pub corroborates_id: Option<Uuid>,
    pub version: i32,
}

/// A partner answers only requests made to their own agency (council staff answer any). The
/// answer page checks this before the form is shown, so nobody types an answer that is refused.
pub fn may_answer(ctx: &Ctx, request_agency: &str) -> Result<()> {
    if ctx.actor.role == Role::PartnerAgency && ctx.actor.agency.code() != request_agency {
        return Err(ServiceError::Denied(ff_domain::policy::Denied {
            message: format!(
                "This request is for {}; answer requests made to your own agency.",
                agency_label(request_agency).to_lowercase()
            ),
        }));
    }
    Ok(())
}

/// Answer a request for information: the answer enters the chronology as the agency's record.
pub async fn answer_request(db: &Db, ctx: &Ctx, request_id: Uuid, input: &AnswerInput) -> Result<()> {
    // Council staff by role before anything is read; partners once the request's child is known.
    if ctx.actor.role != Role::PartnerAgency {
        ctx.authorise(Action::ContributeToCase)?;
    }
    let mut tx = db.begin().await?;
    let r = ff_store::cp_plans::get_info_request(&mut tx, ctx.la(), request_id).await?.ok_or(ServiceError::NotFound("request"))?;
    ctx.authorise_child(&mut tx, Action::ContributeToCase, r.child_id).await?;
    may_answer(ctx, r.agency.code())?;
    if r.responded_on.is_some() || r.version != input.version {
        return Err(stale("request", r.version));
    }
    let note = crate::case_notes::NoteInput {
        occurred_on: input.occurred_on.unwrap_or(ctx.today()),
        kind: Some(ff_domain::case_notes::NoteKind::AgencyEntry.code().into()),
        source_type: SourceType::AgencyRecord.code().into(),
        note: input.response.clone(),
        corroborates_id: input.corroborates_id,
        ..Default::default()
    };
    // The answer is the note: a mistake in it is reported on the answer's own field.
    let note_id = crate::case_notes::insert(&mut tx, ctx, r.child_id, &note).await.map_err(|e| match e {
        ServiceError::Validation(mut v) => {
            v.0.iter_mut().filter(|f| f.field == "note").for_each(|f| f.field = "response".into());
            ServiceError::Validation(v)
        }
        other => other,
    })?;
    let read = r.version;
    let answered = InfoRequestRow { response_note_id: Some(note_id), responded_on: Some(ctx.today()), ..r };
    crate::versioned::save(&mut tx, ctx, read, answered, "update", "request for information answered").await?;
    tx.commit().await?;
    Ok(())
}

fn agency_label(code: &str) -> String {
    Agency::from_code(code).map(|a| a.label().to_owned()).unwrap_or_else(|| code.to_owned())
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InfoRequestView {
    pub id: Uuid,
    pub child_id: Uuid,
    pub agency: String,
    pub agency_label: String,
    pub question: String,
    pub requested_on: NaiveDate,
    pub due_on: NaiveDate,
    pub overdue: bool,
    pub responded_on: Option<NaiveDate>,
    pub response_note_id: Option<Uuid>,
    pub version: i32,
    /// Who asked, by name.
    pub requested_by: String,
}

pub(crate) fn request_view(r: &InfoRequestRow, today: NaiveDate, requested_by: String) -> InfoRequestView {
    InfoRequestView {
        requested_by,
        id: r.id,
        child_id: r.child_id,
        agency_label: r.agency.label().to_owned(),
        agency: r.agency.code().to_owned(),
        question: r.question.clone(),
        requested_on: r.requested_on,
        due_on: r.due_on,
        overdue: r.responded_on.is_none() && r.due_on < today,
        responded_on: r.responded_on,
        response_note_id: r.response_note_id,
        version: r.version,
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartnerWork {
    pub cases: Vec<TeamCaseView>,
    /// Unanswered requests to the user's agency on their teams' cases, oldest due first.
    pub requests: Vec<PartnerRequestView>,
}

/// A request waiting for a partner: the request, the child it is about and who asked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartnerRequestView {
    #[serde(flatten)]
    pub request: InfoRequestView,
    pub child_name: String,
    pub asked_by: String,
    pub asked_by_agency_label: String,
}

/// A team member's work: the cases their teams work and requests awaiting their agency.
pub async fn my_team_work(db: &Db, ctx: &Ctx) -> Result<PartnerWork> {
    ctx.authorise(Action::ViewTeamCases)?;
    let mut tx = db.begin().await?;
    let cases = ff_store::cp_plans::cases_of_member(&mut tx, ctx.la(), ctx.actor.user_id, 500).await?;
    let requests = ff_store::cp_plans::open_requests_for_member(&mut tx, ctx.la(), ctx.actor.agency.code(), ctx.actor.user_id, 500).await?;
    let teams = ff_store::users::list_teams(&mut tx, ctx.la()).await?;
    tx.commit().await?;
    let today = ctx.today();
    let team_name = |id: Uuid| teams.iter().find(|t| t.id == id).map(|t| t.name.clone()).unwrap_or_default();
    Ok(PartnerWork {
        cases: cases.iter().map(|c| case_view(c, &team_name(c.team_id))).collect(),
        requests: requests
            .iter()
            .map(|r| PartnerRequestView {
                request: request_view(&r.request, today, r.requester_name.clone()),
                child_name: ff_domain::people::full_name(&r.given_name, &r.family_name),
                asked_by: r.requester_name.clone(),
                asked_by_agency_label: r.requester_agency.label().to_owned(),
            })
            .collect(),
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Colleague {
    pub id: Uuid,
    pub display_name: String,
    pub role: String,
    pub agency: String,
    /// The agency in words ("Police").
    pub agency_label: String,
}

/// Active accounts of the council, for choosing chairs, QA officers and team members. Open to
/// whoever may take `for_action` (names and roles only: no case data).
pub async fn colleagues(db: &Db, ctx: &Ctx, for_action: Action) -> Result<Vec<Colleague>> {
    ctx.authorise(for_action)?;
    let mut tx = db.begin().await?;
    let users = ff_store::users::list(&mut tx, ctx.la(), 10_000, 0).await?;
    tx.commit().await?;
    Ok(users
        .into_iter()
        .filter(|u| u.active)
        .map(|u| Colleague {
            id: u.id,
            display_name: u.display_name,
            role: u.role.code().to_owned(),
            agency_label: u.agency.label().to_owned(),
            agency: u.agency.code().to_owned(),
        })
        .collect())
}

aggregate!(TeamCaseRow, "team_case", "team case", |r, tx, la, read| ff_store::cp_plans::update_team_case(tx, la, r, read));
aggregate!(InfoRequestRow, "info_request", "request", |r, tx, la, read| ff_store::cp_plans::update_info_request(tx, la, r, read));
