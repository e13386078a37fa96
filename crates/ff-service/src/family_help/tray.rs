//! Work trays: what each practitioner, team manager and LCPP has to do next, and caseloads
//! against the council's caps.

use super::*;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrayItem {
    pub child_id: Uuid,
    pub child_name: String,
    pub episode_id: Uuid,
    pub kind: String,
    pub label: String,
    pub due: NaiveDate,
    pub overdue: bool,
    /// When the clock last restarted (the last qualifying visit, oversight, review or core
    /// group); absent when nothing has met it yet.
    pub last_done: Option<NaiveDate>,
    pub last_done_text: Option<String>,
    pub lead: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseloadView {
    pub user_id: Uuid,
    pub name: String,
    pub role: String,
    pub open_cases: u32,
    pub cap: u32,
    pub at_or_over_cap: bool,
}

/// A written assessment waiting for the tray's owner: submitted, for a manager
/// to return or authorise; returned, for its lead to change and submit again.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentWaiting {
    pub assessment_id: Uuid,
    pub child_id: Uuid,
    pub child_name: String,
    /// submitted or returned.
    pub status: String,
    /// "Waiting for your decision" or "Returned to you for changes".
    pub label: String,
    pub since: Option<DateTime<Utc>>,
    pub due_date: NaiveDate,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkTray {
    /// Written assessments waiting for me: to decide (managers), or returned to me.
    pub assessments: Vec<AssessmentWaiting>,
    /// What is due on my own children and families, most urgent first.
    pub mine: Vec<TrayItem>,
    /// Undecided contacts at the front door (T1), most overdue first.
    pub contacts: Vec<ContactView>,
    /// For managers: what is due across their teams, and each practitioner's caseload.
    pub team: Vec<TrayItem>,
    pub caseloads: Vec<CaseloadView>,
    /// Actions from multi-agency meetings about places this practitioner recorded (the meeting or
    /// the place) that are past their day and not done (HOTH-4), most overdue first.
    pub place_actions: Vec<crate::outside_home::OverdueAction>,
}

pub(super) fn tray_items(
    rows: Vec<ff_store::family_help::TrayRow>,
    users: &[UserRow],
    s: &LaSettings,
    cal: &WorkingCalendar,
    today: NaiveDate,
) -> Vec<TrayItem> {
    let mut out = vec![];
    for r in rows {
        let lead = r.lead_id.and_then(|i| users.iter().find(|u| u.id == i));
        let facts = EpisodeFacts {
            level: r.level,
            referral_date: r.referral_date,
            under_one: r.date_of_birth.is_none_or(|d| ff_domain::people::age(Some(d), today) == Some(0)),
            lead_is_social_worker: lead.is_some_and(is_registered_sw),
            has_lead: lead.is_some(),
            last_visit: r.last_visit,
            // R-FH-1: an oversight record or a supervisor's supervision note, whichever is later.
            last_oversight: r.last_oversight.max(r.last_supervision_note),
            assessment_due: r.assessment_due,
            plan_start: r.plan_start,
            last_review: r.last_review,
            looked_after: r.looked_after,
        };
        for d in due_for_episode(&facts, &s.family_help, cal, s.day_counting, today) {
            let v = DueView::from(d);
            out.push(TrayItem {
                child_id: r.child_id,
                child_name: full_name(&r.given_name, &r.family_name),
                episode_id: r.episode_id,
                kind: v.kind,
                label: v.label,
                due: v.due,
                overdue: v.overdue,
                last_done: v.last_done,
                last_done_text: v.last_done_text,
                lead: lead.map(|u| u.display_name.clone()),
            });
        }
    }
    out.sort_by_key(|i| (i.due, i.child_name.clone()));
    out
}

/// A tray owner's work. Managers also see their teams' work and caseloads.
pub async fn work_tray(db: &Db, ctx: &Ctx) -> Result<WorkTray> {
    ctx.authorise(Action::ViewWorkTray)?;
    let mut tx = db.begin().await?;
    let f = load_tray_facts(&mut tx, ctx).await?;
    let mut mine = tray_items(f.mine_rows, &f.users, &f.settings, &f.cal, f.today);
    mine.extend(cp_items(&mut tx, ctx, &f.settings, &f.cal, f.today).await?);
    mine.extend(household_change_items(&mut tx, ctx, &f.settings, &f.cal, f.today).await?);
    // A new concern about a place or group one of this practitioner's children is linked to
    // (HOTH-2), until a visit sees the child.
    mine.extend(crate::outside_home::tray_items(&mut tx, ctx, &f.settings, &f.cal, f.today).await?);
    // A return home interview waiting after one of this practitioner's children came back from
    // going missing (HOTH-6), due the council's hours after the return.
    mine.extend(crate::outside_home::interview_tray_items(&mut tx, ctx, &f.settings.outside_home).await?);
    // A professional disagreement this practitioner raised, or about a child they lead, whose
    // response is overdue (ESC-4).
    mine.extend(crate::escalations::tray_items(&mut tx, ctx, &f.settings, &f.cal, f.today).await?);
    // The care clocks of the children in care this practitioner holds (T24–T31).
    mine.extend(crate::looked_after::due::tray_items(&mut tx, ctx, &f.settings, &f.cal, f.today).await?);
    // A personal adviser's care leavers: pathway plans and contacts due (T32, T33).
    mine.extend(crate::looked_after::leaving::tray_items(&mut tx, ctx, &f.settings.leaving_care).await?);
    mine.sort_by_key(|i| (i.due, i.child_name.clone()));
    let assessments = assessments_waiting(&mut tx, ctx, f.today).await?;
    // Contacts waiting for a decision for those who work the front door (not, say, a personal
    // adviser).
    let contact_rows = if ctx.authorise(Action::RecordContact).is_ok() {
        ff_store::family_help::undecided_contacts(&mut tx, ctx.la(), 50).await?
    } else {
        vec![]
    };
    let contacts = with_people(&mut tx, ctx, contact_rows).await?;
    let (team, caseloads) = if f.manager {
        let team = tray_items(f.team_rows, &f.users, &f.settings, &f.cal, f.today);
        let counts = ff_store::family_help::caseloads_of(&mut tx, ctx.la(), &f.team_members).await?;
        (team, caseload_views(&f.users, &f.team_members, &counts, &f.settings))
    } else {
        (vec![], vec![])
    };
    let place_actions = crate::outside_home::overdue_actions(&mut tx, ctx, f.today).await?;
    Ok(WorkTray { assessments, mine, contacts, team, caseloads, place_actions })
}

/// What a work tray is built from: the council's settings and calendar, the tray's episodes (and
/// a manager's teams' episodes and members), and the staff they name.
struct TrayFacts {
    settings: LaSettings,
    cal: WorkingCalendar,
    today: NaiveDate,
    manager: bool,
    mine_rows: Vec<ff_store::family_help::TrayRow>,
    team_rows: Vec<ff_store::family_help::TrayRow>,
    team_members: Vec<Uuid>,
    users: Vec<UserRow>,
}

/// Reads the settings, the tray's episodes, a manager's teams, and the staff they name.
async fn load_tray_facts(tx: &mut Tx, ctx: &Ctx) -> Result<TrayFacts> {
    let (settings, cal) = settings_and_calendar(tx, ctx.la()).await?;
    let today = ctx.today();
    let mine_rows = ff_store::family_help::tray(tx, ctx.la(), TrayScope::User(ctx.actor.user_id), 500).await?;
    // A manager's view of their teams, read before the staff it names.
    let manager = ctx.actor.role == Role::PracticeSupervisor;
    let (team_rows, team_members) = if manager {
        let rows = ff_store::family_help::tray(tx, ctx.la(), TrayScope::TeamsOf(ctx.actor.user_id), 2000).await?;
        let members = ff_store::users::members_of_teams_of(tx, ctx.la(), ctx.actor.user_id).await?;
        (rows, members)
    } else {
        (vec![], vec![])
    };
    // Only the staff the tray names, never every account of the council.
    let mentioned: Vec<Uuid> =
        mine_rows.iter().chain(&team_rows).flat_map(|r| [r.lead_id, r.overseer_id]).flatten().chain(team_members.iter().copied()).collect();
    let users = ff_store::users::get_many(tx, ctx.la(), &mentioned).await?;
    Ok(TrayFacts { settings, cal, today, manager, mine_rows, team_rows, team_members, users })
}

/// Child protection work this practitioner holds: conferences due (T9 initial, T13/T14
/// reviews), then for each open plan the next core group (T11/T12) and visit (T15).
async fn cp_items(tx: &mut Tx, ctx: &Ctx, settings: &LaSettings, cal: &WorkingCalendar, today: NaiveDate) -> Result<Vec<TrayItem>> {
    let mut items = vec![];
    for c in ff_store::cp_plans::conferences_due(tx, ctx.la(), Some(ctx.actor.user_id), 500).await? {
        let initial = c.kind == ff_domain::child_protection::ConferenceKind::Initial;
        let label = if initial { "Initial child protection conference" } else { "Review child protection conference" };
        items.push(TrayItem {
            child_id: c.child_id,
            child_name: full_name(&c.given_name, &c.family_name),
            episode_id: c.episode_id,
            kind: if initial { "icpc".into() } else { "rcpc".into() },
            label: label.into(),
            due: c.due_on,
            overdue: c.due_on < today,
            last_done: None,
            last_done_text: None,
            lead: Some(ctx.actor.display_name.clone()),
        });
    }
    let cp = &settings.child_protection;
    for p in ff_store::cp_plans::open_plans_led_by(tx, ctx.la(), ctx.actor.user_id, 500).await? {
        let core_group = ff_domain::child_protection::next_core_group_due(
            p.first_core_group_due,
            p.last_core_group,
            cp.core_group_interval_wd,
            cal,
            settings.day_counting,
        );
        let visit = cal.add_working_days(p.last_visit.unwrap_or(p.start_date), cp.visit_interval_wd, settings.day_counting);
        for (kind, label, due, last_done) in [
            ("core_group", "Core group meeting", core_group, p.last_core_group),
            ("cp_visit", "Child protection visit: child seen alone", visit, p.last_visit),
        ] {
            items.push(TrayItem {
                child_id: p.child_id,
                child_name: full_name(&p.given_name, &p.family_name),
                episode_id: p.episode_id,
                kind: kind.into(),
                label: label.into(),
                due,
                overdue: due < today,
                last_done,
                last_done_text: last_done_text(kind, last_done),
                lead: Some(ctx.actor.display_name.clone()),
            });
        }
    }
    Ok(items)
}

/// A new adult in the household, or a new address, of a child on a plan reaches the LCPP and
/// the family help lead until a visit sees the child there (CSPRP: men unknown to services).
async fn household_change_items(
    tx: &mut Tx,
    ctx: &Ctx,
    settings: &LaSettings,
    cal: &WorkingCalendar,
    today: NaiveDate,
) -> Result<Vec<TrayItem>> {
    let adult_born_by = today.checked_sub_months(chrono::Months::new(12 * 18)).unwrap_or(today);
    let mut items = vec![];
    for c in ff_store::cp_plans::household_changes_for(tx, ctx.la(), ctx.actor.user_id, adult_born_by, 200).await? {
        let label = match c.kind.as_str() {
            "adult" => format!("New adult in the household: {}. Visit, see the child and find out who they are", c.what),
            _ => format!("New address ({}): visit the child at the new home", c.what),
        };
        let due = cal.add_working_days(c.since, 5, settings.day_counting);
        items.push(TrayItem {
            child_id: c.child_id,
            child_name: full_name(&c.given_name, &c.family_name),
            episode_id: c.episode_id,
            kind: format!("household_{}", c.kind),
            label,
            due,
            overdue: due < today,
            last_done: None,
            last_done_text: None,
            lead: Some(ctx.actor.display_name.clone()),
        });
    }
    Ok(items)
}

/// Written assessments returned to this lead, and for a manager those waiting for their decision.
async fn assessments_waiting(tx: &mut Tx, ctx: &Ctx, today: NaiveDate) -> Result<Vec<AssessmentWaiting>> {
    let mut waiting = ff_store::assessments::returned_to_lead(tx, ctx.la(), ctx.actor.user_id, 200).await?;
    if ctx.authorise(Action::AuthoriseAssessment).is_ok() {
        waiting.extend(ff_store::assessments::waiting_for_manager(tx, ctx.la(), ctx.actor.user_id, 200).await?);
    }
    Ok(waiting
        .into_iter()
        .map(|w| AssessmentWaiting {
            assessment_id: w.assessment_id,
            child_id: w.child_id,
            child_name: full_name(&w.given_name, &w.family_name),
            label: if w.status == ff_domain::assessments::Status::Submitted {
                "Waiting for your decision".into()
            } else {
                "Returned to you for changes".into()
            },
            since: if w.status == ff_domain::assessments::Status::Submitted { w.submitted_at } else { w.returned_at },
            status: w.status.code().to_owned(),
            due_date: w.due_date,
            overdue: w.due_date < today,
        })
        .collect())
}

/// Each practitioner in a manager's teams with their open cases against the cap for their role.
fn caseload_views(users: &[UserRow], team_members: &[Uuid], counts: &[(Uuid, i64)], settings: &LaSettings) -> Vec<CaseloadView> {
    users
        .iter()
        .filter(|u| team_members.contains(&u.id))
        .filter(|u| matches!(u.role, Role::FamilyHelpPractitioner | Role::SocialWorker | Role::Lcpp))
        .map(|u| {
            let open = counts.iter().find(|(id, _)| *id == u.id).map(|(_, n)| *n as u32).unwrap_or(0);
            let cap = cap_for(settings, Some(u.role));
            CaseloadView {
                user_id: u.id,
                name: u.display_name.clone(),
                role: u.role.label().to_owned(),
                open_cases: open,
                cap,
                at_or_over_cap: open >= cap,
            }
        })
        .collect()
}

/// A practitioner a manager can allocate, with their caseload against the cap for their role.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Allocatable {
    pub id: Uuid,
    pub display_name: String,
    pub role: String,
    pub role_label: String,
    pub open_cases: u32,
    pub cap: u32,
}

/// Practitioners a manager can allocate, each with their caseload against the LA's cap.
pub async fn allocatable_users(db: &Db, ctx: &Ctx) -> Result<Vec<Allocatable>> {
    ctx.authorise(Action::AllocateCase)?;
    let mut tx = db.begin().await?;
    let rows = ff_store::users::list(&mut tx, ctx.la(), 10_000, 0).await?;
    let counts = ff_store::family_help::caseloads(&mut tx, ctx.la()).await?;
    let (settings, _) = settings_and_calendar(&mut tx, ctx.la()).await?;
    Ok(rows
        .into_iter()
        .filter(|u| u.active)
        .map(|u| Allocatable {
            id: u.id,
            role_label: u.role.label().to_owned(),
            open_cases: counts.iter().find(|(id, _)| *id == u.id).map(|(_, n)| *n as u32).unwrap_or(0),
            cap: cap_for(&settings, Some(u.role)),
            display_name: u.display_name,
            role: u.role.code().to_owned(),
        })
        .collect())
}
