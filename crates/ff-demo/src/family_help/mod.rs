//! Family Help demo scenarios: children at every stage, from an undecided
//! contact to a closed episode and a re-referral, with some work overdue and non-social-worker
//! leads both with and without oversight. Everything goes through the service functions, so the
//! demo obeys the same rules (R-FH-1, T1–T4, 8565) and the audit trail records it.

use chrono::{DateTime, Days, NaiveDate, Utc};
use ff_domain::calendar::DayCounting;
use ff_domain::family_help::ContactDecision;
use ff_service::family_help as fh;
use ff_service::{Ctx, ServiceError};
use ff_store::Db;
use uuid::Uuid;

use crate::DEMO_LA;

/// The stages the scenarios cycle through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    ContactToday,
    ContactOverdue,
    AssessmentUnallocated,
    AssessmentOverdue,
    PlanWithOversight,
    OversightOverdue,
    EarlyHelpVisitOverdue,
    SocialWorkerPlan,
    ClosedAfterAssessment,
    ReReferral,
    /// Strategy discussion started a s.47 led by an LCPP; the initial conference is due (T9).
    Section47,
    /// On a child protection plan, worked by the multi-agency team, with requests to partners.
    ChildProtectionPlan,
    /// On a plan whose first review conference is overdue (T13), a request to health overdue.
    PlanReviewOverdue,
    /// A plan ended at a review conference; family help continues with the same lead.
    SteppedDown,
    /// A family network mapped, an FGDM held with its plan agreed, a support package approved
    /// and part paid, and the child in kinship care with a grandmother.
    FamilyNetwork,
    /// Pre-proceedings: FGDM offered and declined, letter sent with the offer, a meeting held.
    PreProceedings,
    /// In care for over a year: accommodated, an interim then a full care order and a planned
    /// move to long-term foster carers, every review, visit, health assessment and education plan
    /// on time.
    InCare,
}

pub const STAGES: [Stage; 17] = [
    Stage::ContactToday,
    Stage::ContactOverdue,
    Stage::AssessmentUnallocated,
    Stage::AssessmentOverdue,
    Stage::PlanWithOversight,
    Stage::OversightOverdue,
    Stage::EarlyHelpVisitOverdue,
    Stage::SocialWorkerPlan,
    Stage::ClosedAfterAssessment,
    Stage::ReReferral,
    Stage::Section47,
    Stage::ChildProtectionPlan,
    Stage::PlanReviewOverdue,
    Stage::SteppedDown,
    Stage::FamilyNetwork,
    Stage::PreProceedings,
    Stage::InCare,
];

mod care;
mod carers;
mod child_protection;
mod forecasts;
mod home_search;
mod homes;
mod leaving;
mod networks;
mod outside_home;
mod partnership;
mod providers;
mod records;
mod region;
mod workforce;

use care::*;
use child_protection::*;
use networks::network_journey;
use records::*;

struct Actors {
    social_worker: Ctx,
    manager: Ctx,
    practitioner: Ctx,
    manager_id: Uuid,
    /// The demo's LCPPs, sharing the child protection plans.
    lcpps: Vec<Ctx>,
    chair: Ctx,
    /// The independent reviewing officer who chairs looked-after reviews.
    iro: Ctx,
    lcpp: Ctx,
    police: Ctx,
    macpt_team: Option<Uuid>,
    /// Leads to share the work between: the demo practitioner and social worker take a few cases
    /// each, the rest go to the extra accounts (so no one starts at their caseload cap).
    family_help_leads: Vec<Uuid>,
    social_work_leads: Vec<Uuid>,
}

async fn ctx_for(db: &Db, username: &str, now: DateTime<Utc>) -> Result<Ctx, ServiceError> {
    let mut tx = db.begin().await?;
    let u = ff_store::users::find_by_username(&mut tx, username).await?.ok_or(ServiceError::NotFound("demo user"))?;
    Ok(Ctx { actor: ff_service::auth::actor_from(&u)?, now })
}

/// Seed `children` scenarios (cycling through [`STAGES`]). Returns how many were created.
/// The demo council's fostering service and adoption agency (both on the demo register), which
/// the SSDA903 names on placements with the council's own carers and adopters (903 rule 218).
/// Set once.
async fn own_services(db: &Db, admin: &Ctx) -> Result<(), ServiceError> {
    let current = ff_service::settings::current(db, admin).await?;
    if !current.settings.own_services.fostering_urn.is_empty() {
        return Ok(());
    }
    let mut s = current.settings.clone();
    s.own_services = ff_domain::settings::OwnServices {
        fostering_urn: providers::COUNCIL_FOSTERING.into(),
        adoption_urn: providers::COUNCIL_ADOPTION.into(),
    };
    ff_service::settings::update(db, admin, &s, current.version).await?;
    Ok(())
}

pub async fn seed_family_help(db: &Db, now: DateTime<Utc>, children: usize) -> Result<usize, ServiceError> {
    let a = Actors {
        social_worker: ctx_for(db, "socialworker", now).await?,
        manager: ctx_for(db, "manager", now).await?,
        practitioner: ctx_for(db, "practitioner", now).await?,
        manager_id: Uuid::nil(),
        lcpps: vec![],
        chair: ctx_for(db, "chair", now).await?,
        iro: ctx_for(db, "iro", now).await?,
        lcpp: ctx_for(db, "lcpp", now).await?,
        police: ctx_for(db, "police", now).await?,
        macpt_team: {
            let mut tx = db.begin().await?;
            ff_store::users::list_teams(&mut tx, DEMO_LA).await?.into_iter().find(|t| t.kind == ff_service::macpt::MACPT).map(|t| t.id)
        },
        family_help_leads: vec![],
        social_work_leads: vec![],
    };
    // Every practitioner of each role, the named demo account first: the first round of scenarios
    // (one of each stage) goes to the named accounts, so a demo user meets every stage, and the
    // rest are shared evenly among the others, however large the council.
    let staff = {
        let mut tx = db.begin().await?;
        ff_store::users::list(&mut tx, DEMO_LA, 1_000_000, 0).await?
    };
    use ff_domain::roles::Role;
    let of_role = |named: &str, role: Role| -> Vec<&ff_store::users::UserRow> {
        let mut others: Vec<&ff_store::users::UserRow> = staff.iter().filter(|u| u.role == role && u.username != named).collect();
        others.sort_by(|x, y| x.username.cmp(&y.username));
        staff.iter().filter(|u| u.username == named).chain(others).collect()
    };
    let family_help_leads = of_role("practitioner", Role::FamilyHelpPractitioner).iter().map(|u| u.id).collect();
    let social_work_leads = of_role("socialworker", Role::SocialWorker).iter().map(|u| u.id).collect();
    let mut lcpps = vec![];
    for u in of_role("lcpp", Role::Lcpp) {
        lcpps.push(Ctx { actor: ff_service::auth::actor_from(u)?, now });
    }
    let a = Actors { family_help_leads, social_work_leads, lcpps, manager_id: a.manager.actor.user_id, ..a };
    let today = a.manager.today();
    // The demo's LCPPs are designated so they can lead s.47 enquiries.
    let admin = ctx_for(db, "admin", now).await?;
    for lcpp in &a.lcpps {
        let input = ff_service::child_protection::DesignationInput {
            designated_on: today - Days::new(400),
            evidence: "Families First LCPP accreditation panel".into(),
        };
        ff_service::child_protection::designate_lcpp(db, &admin, lcpp.actor.user_id, &input).await?;
    }
    let cal = ff_service::calendar::working_calendar(db).await?;
    let back = |wd: u32| -> NaiveDate {
        // The date `wd` working days before today. No scenario reaches further back than
        // OLDEST_SCENARIO_WD, which chooses the children old enough for them.
        debug_assert!(wd <= OLDEST_SCENARIO_WD, "a scenario reaches back {wd} working days");
        let mut d = today;
        let mut n = 0;
        while n < wd {
            d = d - Days::new(1);
            if cal.is_working_day(d) {
                n += 1;
            }
        }
        d
    };
    // The provider register, loaded before any child is placed.
    let commissioner = ctx_for(db, "commissioner", now).await?;
    providers::seed_register(db, &commissioner).await?;
    own_services(db, &ctx_for(db, "admin", now).await?).await?;
    // The council's foster carers, about one household for every ten families, recruited and
    // approved before any child is placed, so children in care live with them (CR-6).
    let fostering = ctx_for(db, "fostering", now).await?;
    let mut homes = carers::seed_carers(db, &fostering, carers::households_for(children)).await?;
    let (kids, spare) = {
        let mut tx = db.begin().await?;
        // Every scenario's child was born before its first record, so no record predates the
        // child it is about (a child born 6 May 2026 once met a contact dated
        // 151 working days before 4 December 2026).
        let born_by = back(OLDEST_SCENARIO_WD);
        let mut kids = ff_store::people::children_sample(&mut tx, DEMO_LA, today - Days::new(17 * 365), 2 * children as i64).await?;
        kids.retain(|k| k.date_of_birth.is_some_and(|d| d <= born_by));
        let spare = kids.split_off(children.min(kids.len()));
        (kids, spare)
    };
    let at = |d: NaiveDate| d.and_hms_opt(10, 0, 0).map(|t| t.and_utc()).unwrap_or(now);
    let mut made = 0;
    for (i, kid) in kids.iter().enumerate() {
        let stage = STAGES[i % STAGES.len()];
        // The named accounts take the first round; the rest go round the others in turn.
        let pick = |n: usize| if i < STAGES.len() || n < 2 { 0 } else { 1 + (i - STAGES.len()) % (n - 1) };
        let leads = Leads {
            family_help: a.family_help_leads[pick(a.family_help_leads.len())],
            social_work: a.social_work_leads[pick(a.social_work_leads.len())],
            // Child protection work is shared between LCPPs from the first round.
            lcpp: if i < STAGES.len() { i % a.lcpps.len().max(1) } else { pick(a.lcpps.len()) },
        };
        let round = i / STAGES.len();
        scenario(db, &a, &mut homes, round, leads, stage, kid.id, &back, &at, &cal).await?;
        professionals(db, &a.social_worker, kid.id, kid.date_of_birth, i).await?;
        made += 1;
        // The case tables grow from nothing: keep the planner's statistics in step with them,
        // early and often at first (with the statistics of empty tables, reading one child's
        // plan items scanned every episode: about 1 scenario a second instead of 40), then
        // every thousand.
        if matches!(made, 20 | 100 | 300) || made % 1_000 == 0 {
            db.analyze().await?;
        }
        if made % 1_000 == 0 {
            tracing::info!(made, total = kids.len(), "family help scenarios written");
        }
    }
    // Care leavers: about one for every 25 scenarios, at least two.
    let adviser = ctx_for(db, "adviser", now).await?;
    leaving::care_leavers(db, &a, &adviser, &mut homes, (children / 25).max(2)).await?;
    let _ = DayCounting::default();
    if homes.made() > 0 {
        tracing::info!(made = homes.made(), "foster households recruited for children no household had room for");
    }
    // One LCPP over the cap, with the reason recorded (the workforce's caseloads show it).
    over_cap_lcpp(db, &a, &spare, &back, &at).await?;
    // The workforce: the named social workers and four agency workers.
    let mut staff = vec![];
    {
        let mut tx = db.begin().await?;
        for name in ["socialworker", "lcpp", "manager", "iro", "fostering"] {
            if let Some(u) = ff_store::users::find_by_username(&mut tx, name).await?
                && let Some(swe) = u.swe_registration_number.clone()
            {
                staff.push((u.id, u.display_name.clone(), swe, u.qualification_date));
            }
        }
        tx.commit().await?;
    }
    let (admin, hr) = (ctx_for(db, "admin", now).await?, ctx_for(db, "workforce", now).await?);
    workforce::seed_workforce(db, &admin, &hr, &staff).await?;
    // The safeguarding partnership's serious incidents, about scenario children.
    let partnership = ctx_for(db, "partnership", now).await?;
    let ids: Vec<Uuid> = kids.iter().map(|k| k.id).collect();
    partnership::seed_partnership(db, &partnership, &ids, &back).await?;
    partnership::seed_arrangements(db, &partnership).await?;
    partnership::seed_audits(db, &partnership, &back).await?;
    partnership::seed_section11_and_report(db, &partnership).await?;
    // Harm outside the home: a place linking children the social worker leads.
    let police = ctx_for(db, "police", now).await?;
    outside_home::seed_places(db, &a.social_worker, &police, &back).await?;
    // Professional disagreements: one raised by the police waiting on the managers, one resolved.
    partnership::seed_disagreements(db, &a.social_worker, &police, &ids, &back).await?;
    // Searches for a home, one waiting on an offer and one that failed.
    let manager = ctx_for(db, "manager", now).await?;
    home_search::seed_searches(db, &a.social_worker, &commissioner, &manager).await?;
    // The commissioner's forecasts: from the records, and from a neighbour's 903 files.
    forecasts::seed_forecasts(db, &commissioner).await?;
    // The region the council keeps, its members, what Northmoor shares and Eastwick's 903 files.
    let (analyst, regional) = (ctx_for(db, "analyst", now).await?, ctx_for(db, "regional-analyst", now).await?);
    region::seed_region(db, &ctx_for(db, "admin", now).await?, &analyst, &regional).await?;
    Ok(made)
}

/// The furthest back, in working days before today, that any scenario records something (the
/// contact of the child in care for over a year, 315 working days ago).
const OLDEST_SCENARIO_WD: u32 = 315;

/// Who makes the demo's contacts, so that the partnership's data set has more than one source
/// agency: (CIN census referral source, referrer, organisation).
const REFERRERS: [(&str, &str, &str); 4] = [
    ("2A", "Designated safeguarding lead", "Northmoor Primary School"),
    ("6", "Response officer", "Northmoor Police"),
    ("3B", "Health visitor", "Northmoor Community Health"),
    ("3E", "Emergency department nurse", "Northmoor General Hospital"),
];

async fn contact(db: &Db, ctx: &Ctx, child: Uuid, received: DateTime<Utc>, concerns: &str) -> Result<fh::ContactView, ServiceError> {
    // Chosen by the concern's words, so the same scenario always has the same referrer.
    let (source, referrer, organisation) = REFERRERS[concerns.len() % REFERRERS.len()];
    fh::record_contact(
        db,
        ctx,
        &fh::ContactInput {
            received_at: Some(received),
            channel: "phone".into(),
            source: source.into(),
            referrer_name: Some(referrer.into()),
            referrer_organisation: Some(organisation.into()),
            concerns: concerns.into(),
            consent: "given".into(),
            consent_basis: None,
            child_ids: vec![child],
            adult_ids: vec![],
        },
    )
    .await
}

async fn decide(db: &Db, ctx: &Ctx, c: &fh::ContactView, decision: ContactDecision, need: &str) -> Result<Uuid, ServiceError> {
    let r = fh::decide_contact(
        db,
        ctx,
        c.id,
        &fh::DecisionInput {
            decision: decision.code().into(),
            reason: "Decided at the front door".into(),
            primary_need: Some(need.into()),
            decided_at: Some((c.received_at + chrono::Duration::hours(2)).min(ctx.now)),
            version: c.version,
        },
    )
    .await?;
    r.episodes.first().copied().ok_or(ServiceError::NotFound("episode"))
}

async fn version(db: &Db, ctx: &Ctx, child: Uuid, episode: Uuid) -> Result<(i32, Option<Uuid>), ServiceError> {
    let rec = fh::for_child(db, ctx, child).await?;
    let e = rec.episodes.iter().find(|e| e.id == episode).ok_or(ServiceError::NotFound("episode"))?;
    Ok((e.version, e.assessments.iter().find(|x| x.completed_date.is_none()).map(|x| x.id)))
}

async fn allocate(db: &Db, a: &Actors, child: Uuid, episode: Uuid, lead: Uuid, overseer: Option<Uuid>) -> Result<(), ServiceError> {
    let rec = fh::for_child(db, &a.manager, child).await?;
    let e = rec.episodes.iter().find(|e| e.id == episode).ok_or(ServiceError::NotFound("episode"))?;
    let input = fh::AllocationInput {
        lead_id: lead,
        overseer_id: overseer,
        reason: Some("Allocated at the allocation meeting".into()),
        over_cap_reason: None,
        // Allocated the day after the referral.
        from_date: Some((e.referral_date + Days::new(1)).min(a.manager.today())),
        version: e.version,
    };
    fh::allocate(db, &a.manager, episode, &input).await?;
    Ok(())
}

async fn complete(db: &Db, a: &Actors, child: Uuid, episode: Uuid, on: NaiveDate, outcome: &str, late: bool) -> Result<(), ServiceError> {
    let (_, assessment) = version(db, &a.manager, child, episode).await?;
    let Some(assessment) = assessment else { return Ok(()) };
    // The practitioner saw and assessed every parent, carer and adult in the household; where the
    // child has no father or male carer recorded, the assessment says why.
    let adults = fh::for_child(db, &a.manager, child)
        .await?
        .episodes
        .into_iter()
        .find(|e| e.id == episode)
        .map(|e| e.significant_adults)
        .unwrap_or_default();
    let no_man = !adults.iter().any(|x| x.father_or_male_carer);
    write_assessment(db, &a.social_worker, assessment, true).await?;
    fh::complete_assessment(
        db,
        &a.manager,
        assessment,
        &fh::CompleteAssessmentInput {
            completed_date: on,
            child_seen: true,
            child_seen_alone: true,
            factors: vec!["16A".into(), "4B".into()],
            outcome: outcome.into(),
            late_reason: late.then(|| "The family were away for several weeks".into()),
            version: 1,
            adults: adults.iter().map(|x| fh::AdultSeenInput { person_id: x.person_id, seen: true, assessed: true }).collect(),
            male_carer_reason: no_man
                .then(|| "Mother says the father has had no contact since the pregnancy; his name is not known".into()),
        },
    )
    .await
}

/// The practitioner writes the assessment, in one save, and submits it to the
/// manager; or, not `finished`, gets as far as the child's words and the first observations.
async fn write_assessment(db: &Db, writer: &Ctx, assessment: Uuid, finished: bool) -> Result<(), ServiceError> {
    const FIRST_SITTING: &[&str] = &["child_wishes", "child_wishes_how", "health", "education", "housing"];
    use ff_service::assessments as docs;
    let doc = docs::document(db, writer, assessment).await?;
    let first = doc.child_name.split_whitespace().next().unwrap_or("The child").to_owned();
    let n = usize::from(assessment.as_bytes()[15]);
    let sections = doc
        .sections()
        .enumerate()
        .filter(|(_, s)| finished || FIRST_SITTING.contains(&s.key.as_str()))
        .filter_map(|(i, s)| {
            let text = match s.key.strip_prefix("adult:") {
                Some(_) => Some(crate::assessment_text::adult_views(s.label.split(" (").next().unwrap_or(&s.label), &first, n + i)),
                None => crate::assessment_text::section(&s.key, &first, n),
            }?;
            Some(docs::SectionEdit { key: s.key.clone(), text, base_rev: s.rev })
        })
        .collect();
    let saved = docs::save_draft(db, writer, assessment, &docs::DraftInput { sections, seen: Default::default() }).await?;
    if !finished {
        return Ok(());
    }
    docs::submit(db, writer, assessment, &docs::SubmitInput { version: saved.version }).await
}

/// A child in need plan with one outcome.
async fn cin_plan(db: &Db, ctx: &Ctx, episode: Uuid, start: NaiveDate) -> Result<Uuid, ServiceError> {
    let item = fh::PlanItemInput {
        kind: "outcome".into(),
        description: "The children are safe at home and their needs are met every day".into(),
        owner: None,
        due_date: None,
    };
    fh::start_plan(db, ctx, episode, &fh::PlanInput { start_date: start, items: vec![item] }).await
}

async fn plan_visit_review(db: &Db, ctx: &Ctx, episode: Uuid, start: NaiveDate, visit: NaiveDate) -> Result<(), ServiceError> {
    let plan = fh::start_plan(
        db,
        ctx,
        episode,
        &fh::PlanInput {
            start_date: start,
            items: vec![
                fh::PlanItemInput {
                    kind: "outcome".into(),
                    description: "The children are safe, fed and in school every day".into(),
                    owner: None,
                    due_date: None,
                },
                fh::PlanItemInput {
                    kind: "action".into(),
                    description: "Arrange a place at the breakfast club".into(),
                    owner: Some("Lead practitioner".into()),
                    due_date: None,
                },
            ],
        },
    )
    .await?;
    fh::record_visit(
        db,
        ctx,
        episode,
        &fh::VisitInput {
            visit_date: visit,
            child_seen: true,
            seen_alone: true,
            bedroom_seen: true,
            baby_seen_awake: Some(true),
            note: None,
        },
    )
    .await?;
    let review =
        fh::record_review(db, ctx, plan, &fh::ReviewInput { review_date: visit, summary: "Steady progress; attendance improving".into() })
            .await?;
    // The review's record, in the family's words.
    let sections = [
        ("progress", "Breakfast club place taken up; attendance up from 82% to 93% since the plan began."),
        ("family_views", "Mum: \"Mornings are calmer now the children eat at school.\""),
        ("next_steps", "Carry on with the plan; review again in six weeks."),
    ]
    .into_iter()
    .map(|(key, text)| ff_service::written::SectionEdit { key: key.into(), text: text.into(), base_rev: 0 })
    .collect();
    let input = ff_service::written::DraftInput { sections, seen: Default::default() };
    ff_service::meeting_record::save(db, ctx, ff_domain::meeting_record::MeetingKind::PlanReview, review, &input).await?;
    Ok(())
}

/// Who leads this child's episode.
#[derive(Clone, Copy)]
struct Leads {
    family_help: Uuid,
    social_work: Uuid,
    /// Which of `Actors::lcpps` leads any child protection work.
    lcpp: usize,
}

#[allow(clippy::too_many_arguments)]
async fn scenario(
    db: &Db,
    a: &Actors,
    homes: &mut homes::Homes,
    round: usize,
    leads: Leads,
    stage: Stage,
    child: Uuid,
    back: &impl Fn(u32) -> NaiveDate,
    at: &impl Fn(NaiveDate) -> DateTime<Utc>,
    cal: &ff_domain::calendar::WorkingCalendar,
) -> Result<(), ServiceError> {
    let sw = &a.social_worker;
    let _ = cal;
    match stage {
        Stage::ContactToday => {
            contact(db, sw, child, a.manager.now, "Neighbour reports shouting late at night").await?;
        }
        Stage::ContactOverdue => {
            contact(db, sw, child, at(back(3)), "Health visitor worried about weight loss").await?;
        }
        Stage::AssessmentUnallocated => {
            let c = contact(db, sw, child, at(back(5)), "Child disclosed worries at school").await?;
            decide(db, sw, &c, ContactDecision::ReferralForAssessment, "N1").await?;
        }
        Stage::AssessmentOverdue => {
            let c = contact(db, sw, child, at(back(60)), "Repeated absences and poor hygiene").await?;
            let e = decide(db, sw, &c, ContactDecision::ReferralForAssessment, "N1").await?;
            allocate(db, a, child, e, leads.social_work, None).await?;
            // Half written: the child's words and first observations, no analysis yet.
            if let (_, Some(assessment)) = version(db, &a.manager, child, e).await? {
                write_assessment(db, &a.social_worker, assessment, false).await?;
            }
        }
        Stage::PlanWithOversight | Stage::OversightOverdue => {
            let c = contact(db, sw, child, at(back(40)), "Parent struggling with mental health").await?;
            let e = decide(db, sw, &c, ContactDecision::ReferralForAssessment, "N3").await?;
            // R-FH-1: a family help practitioner leads a child in need with a social-work overseer.
            allocate(db, a, child, e, leads.family_help, Some(a.manager_id)).await?;
            complete(db, a, child, e, back(30), "family_help_plan", false).await?;
            let visit = if stage == Stage::PlanWithOversight { back(3) } else { back(12) };
            plan_visit_review(db, &a.practitioner, e, back(28), visit).await?;
            let oversight = if stage == Stage::PlanWithOversight { back(5) } else { back(27) };
            fh::record_oversight(
                db,
                &a.manager,
                e,
                &fh::OversightInput { record_date: oversight, note: "Plan on track; risks reviewed".into() },
            )
            .await?;
            case_notes(db, a, child, visit, oversight).await?;
        }
        Stage::EarlyHelpVisitOverdue => {
            let c = contact(db, sw, child, at(back(45)), "Family asking for help with routines").await?;
            let e = decide(db, sw, &c, ContactDecision::FamilyHelp, "N4").await?;
            // Targeted early help may be led by a non-social-worker without an overseer.
            allocate(db, a, child, e, leads.family_help, None).await?;
            fh::record_visit(
                db,
                &a.practitioner,
                e,
                &fh::VisitInput {
                    visit_date: back(40),
                    child_seen: true,
                    seen_alone: false,
                    bedroom_seen: false,
                    baby_seen_awake: Some(true),
                    note: None,
                },
            )
            .await?;
        }
        Stage::SocialWorkerPlan => {
            let c = contact(db, sw, child, at(back(70)), "Domestic abuse notification from the police").await?;
            let e = decide(db, sw, &c, ContactDecision::ReferralForAssessment, "N1").await?;
            allocate(db, a, child, e, leads.social_work, None).await?;
            complete(db, a, child, e, back(10), "family_help_plan", true).await?;
            plan_visit_review(db, sw, e, back(9), back(9)).await?;
        }
        Stage::ClosedAfterAssessment => {
            let c = contact(db, sw, child, at(back(50)), "Concern about supervision at home").await?;
            let e = decide(db, sw, &c, ContactDecision::ReferralForAssessment, "N0").await?;
            allocate(db, a, child, e, leads.social_work, None).await?;
            complete(db, a, child, e, back(20), "nfa", false).await?;
            let (v, _) = version(db, sw, child, e).await?;
            fh::close_episode(db, sw, e, &fh::CloseInput { closure_date: back(20), reason: "RC8".into(), version: v }).await?;
        }
        Stage::Section47 => {
            let c = contact(db, sw, child, at(back(6)), "Police report: child found alone at night; bruising seen").await?;
            let e = decide(db, sw, &c, ContactDecision::StrategyDiscussion, "N1").await?;
            allocate(db, a, child, e, leads.family_help, Some(a.manager_id)).await?;
            let attendee = |agency: &str, name: &str| ff_service::child_protection::AttendeeInput {
                agency: agency.into(),
                name: name.into(),
                role: None,
            };
            let input = ff_service::child_protection::StrategyInput {
                held_on: back(5),
                attendees: vec![
                    attendee("local_authority", "Ravi Mistry"),
                    attendee("police", "DC Sam Crowther"),
                    attendee("health", "Nadia Qureshi"),
                    attendee("education", "Mark Pickering"),
                ],
                missing_agencies_reason: None,
                decision: "s47".into(),
                plan: "Joint visit with police today; child protection medical tomorrow".into(),
                safety_actions: Some("Child to stay with grandmother while enquiries are made".into()),
                other_children_considered: "Sibling seen at school; no marks".into(),
                s47_lead_id: Some(a.lcpps[leads.lcpp].actor.user_id),
                // A later round may reach the demo's over-cap LCPP.
                over_cap_reason: Some("Demo: shared between the council's LCPPs".into()),
                episode_version: None,
            };
            ff_service::child_protection::record_strategy_discussion(db, sw, e, &input).await?;
        }
        Stage::ChildProtectionPlan => {
            let plan = plan_journey(db, a, leads, child, back, at, (70, 60, 58), "NEG").await?;
            let lcpp = &a.lcpp;
            let (action, owner) = if is_baby(db, lcpp, child).await? {
                ("Health visitor to weigh the baby fortnightly", "Health visitor")
            } else {
                ("School nurse to check the child's weight and health each month", "School nurse")
            };
            let conf = ff_service::conferences::CpItemInput {
                kind: "action".into(),
                description: action.into(),
                owner: Some(owner.into()),
                due_on: Some(back(5)),
            };
            ff_service::conferences::add_item(db, lcpp, plan, &conf).await?;
            let outcome = ff_service::conferences::CpItemInput {
                kind: "outcome".into(),
                description: "The children have enough to eat and a clean, warm home".into(),
                owner: None,
                due_on: None,
            };
            ff_service::conferences::add_item(db, lcpp, plan, &outcome).await?;
            let cg = ff_service::conferences::CoreGroupInput {
                held_on: back(50),
                agencies: vec!["local_authority".into(), "health".into(), "education".into()],
                notes: "Home conditions improving; school attendance 92%".into(),
            };
            ff_service::conferences::record_core_group(db, lcpp, plan, &cg).await?;
            chronology(db, a, child, back, true).await?;
        }
        Stage::PlanReviewOverdue => {
            plan_journey(db, a, leads, child, back, at, (95, 85, 82), "EMO").await?;
            let req = ff_service::macpt::InfoRequestInput {
                agency: "health".into(),
                question: "GP and A&E attendances in the last 12 months".into(),
                due_on: None,
            };
            let backdated = Ctx { now: at(back(12)), ..a.lcpp.clone() };
            ff_service::macpt::request_information(db, &backdated, child, &req).await?;
            chronology(db, a, child, back, false).await?;
        }
        Stage::SteppedDown => {
            plan_journey(db, a, leads, child, back, at, (150, 140, 138), "PHY").await?;
            let input = review(a, back(80), "end");
            ff_service::conferences::record_conference(db, &a.chair, child, &input).await?;
            // Stepped down to family help: a child in need plan takes over the same day (R-CP-6).
            let episode = fh::for_child(db, &a.social_worker, child).await?.episodes.first().map(|e| e.id);
            if let Some(e) = episode {
                cin_plan(db, &a.social_worker, e, back(80)).await?;
            }
        }
        Stage::FamilyNetwork => {
            let c = contact(db, sw, child, at(back(60)), "Mother in hospital; children staying with relatives").await?;
            let e = decide(db, sw, &c, ContactDecision::ReferralForAssessment, "N4").await?;
            allocate(db, a, child, e, leads.social_work, None).await?;
            network_journey(db, a, child, back, true).await?;
        }
        Stage::PreProceedings => {
            let c = contact(db, sw, child, at(back(90)), "Repeated neglect despite the plan").await?;
            let e = decide(db, sw, &c, ContactDecision::ReferralForAssessment, "N1").await?;
            allocate(db, a, child, e, leads.social_work, None).await?;
            network_journey(db, a, child, back, false).await?;
            care_journey(db, a, homes, round, child, back).await?;
        }
        Stage::InCare => {
            let c = contact(db, sw, child, at(back(315)), "Police protection: children found alone at home").await?;
            let e = decide(db, sw, &c, ContactDecision::ReferralForAssessment, "N1").await?;
            allocate(db, a, child, e, leads.social_work, None).await?;
            // The assessment was completed before the child came into care.
            complete(db, a, child, e, back(302), "family_help_plan", false).await?;
            long_care_journey(db, a, homes, round, child, back).await?;
        }
        Stage::ReReferral => {
            let c = contact(db, sw, child, at(back(120)), "Low attendance").await?;
            let e = decide(db, sw, &c, ContactDecision::ReferralForAssessment, "N5").await?;
            allocate(db, a, child, e, leads.social_work, None).await?;
            complete(db, a, child, e, back(100), "family_help_plan", false).await?;
            plan_visit_review(db, sw, e, back(99), back(80)).await?;
            let (v, _) = version(db, sw, child, e).await?;
            fh::close_episode(db, sw, e, &fh::CloseInput { closure_date: back(60), reason: "RC7".into(), version: v }).await?;
            // Back within twelve months: a re-referral opens a new episode.
            let c = contact(db, sw, child, at(back(8)), "School concerned again: attendance dropping").await?;
            decide(db, sw, &c, ContactDecision::ReferralForAssessment, "N5").await?;
        }
    }
    Ok(())
}
