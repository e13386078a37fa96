//! The demo's child protection journeys: strategy discussion, enquiry, the initial conference with
//! its record agreed by the chair, the plan written by the LCPP and the family help lead, review
//! conferences, and the multi-agency chronology of parents' accounts and agencies' answers.

use super::*;

/// A review conference chaired by the demo chair, quorate, with the plan's current version.
pub(super) fn review(a: &Actors, held_on: NaiveDate, decision: &str) -> ff_service::conferences::ConferenceInput {
    conference(a, held_on, "review", None, decision, None)
}

pub(super) fn conference(
    a: &Actors,
    held_on: NaiveDate,
    kind: &str,
    s47: Option<Uuid>,
    decision: &str,
    category: Option<&str>,
) -> ff_service::conferences::ConferenceInput {
    let attendee = |agency: &str, name: &str, attended: bool| ff_service::conferences::ConferenceAttendeeInput {
        agency: agency.into(),
        name: name.into(),
        attended,
    };
    ff_service::conferences::ConferenceInput {
        kind: kind.into(),
        s47_id: s47,
        held_on,
        chair_id: a.chair.actor.user_id,
        qa_officer_id: None,
        qa_observations: None,
        attendees: vec![
            attendee("local_authority", "Ravi Mistry", true),
            attendee("police", "DC Sam Crowther", true),
            attendee("health", "Nadia Qureshi", true),
            attendee("education", "Mark Pickering", false),
        ],
        parents_participation: "attended".into(),
        child_participation: "views_in_writing".into(),
        exclusion_reason: None,
        parental_dissent: (decision == "plan").then(|| "Father disagrees that the home is unsafe".into()),
        professional_dissent: None,
        decision: decision.into(),
        category: category.map(str::to_owned),
        plan_lead_id: None,
        contingency: (decision == "plan").then(|| "If the plan is not working, a legal planning meeting within 10 working days".into()),
        late_reason: None,
        over_cap_reason: None,
        plan_version: None,
    }
}

/// The council, the police and health at a strategy discussion (R-SD-1).
fn strategy_attendees() -> Vec<ff_service::child_protection::AttendeeInput> {
    [("local_authority", "Ravi Mistry"), ("police", "DC Sam Crowther"), ("health", "Nadia Qureshi")]
        .into_iter()
        .map(|(agency, name)| ff_service::child_protection::AttendeeInput { agency: agency.into(), name: name.into(), role: None })
        .collect()
}

/// Contact → strategy discussion → s.47 (LCPP) → concluded → initial conference → plan, with the
/// family help lead staying, and the multi-agency team working the case. `days` are working
/// days ago: (strategy discussion, conclusion, initial conference). Returns the plan's id.
#[allow(clippy::too_many_arguments)]
pub(super) async fn plan_journey(
    db: &Db,
    a: &Actors,
    leads: Leads,
    child: Uuid,
    back: &impl Fn(u32) -> NaiveDate,
    at: &impl Fn(NaiveDate) -> DateTime<Utc>,
    days: (u32, u32, u32),
    category: &str,
) -> Result<Uuid, ServiceError> {
    let sw = &a.social_worker;
    let baby = is_baby(db, sw, child).await?;
    let concern = if baby {
        "Health visitor: baby underweight, home conditions very poor"
    } else {
        "School: child arriving hungry and unkempt, a bruise on the arm; home conditions said to be very poor"
    };
    let c = contact(db, sw, child, at(back(days.0 + 1)), concern).await?;
    let e = decide(db, sw, &c, ContactDecision::StrategyDiscussion, "N1").await?;
    allocate(db, a, child, e, leads.family_help, Some(a.manager_id)).await?;
    let lead_ctx = &a.lcpps[leads.lcpp];
    let lcpp = lead_ctx.actor.user_id;
    let input = ff_service::child_protection::StrategyInput {
        held_on: back(days.0),
        attendees: strategy_attendees(),
        missing_agencies_reason: None,
        decision: "s47".into(),
        plan: if baby {
            "Joint visit; health visitor to weigh the baby; school to share attendance".into()
        } else {
            "Joint visit; school nurse to check weight and health; school to share attendance".into()
        },
        safety_actions: None,
        other_children_considered: "Older brother aged 7: seen at school".into(),
        s47_lead_id: Some(lcpp),
        over_cap_reason: Some("Demo: shared between the council's three LCPPs".into()),
        episode_version: None,
    };
    let r = ff_service::child_protection::record_strategy_discussion(db, sw, e, &input).await?;
    let s47 = r.s47_id.ok_or(ServiceError::NotFound("s47"))?;
    let conclude = ff_service::child_protection::ConcludeInput {
        concluded_on: back(days.1),
        outcome: "substantiated_continuing_risk".into(),
        conference_required: true,
        no_conference_reason: None,
        version: 1,
    };
    ff_service::child_protection::conclude_enquiry(db, lead_ctx, s47, &conclude).await?;
    // The family help lead keeps a child in need plan going until the conference; the child
    // protection plan replaces it on the day it starts.
    cin_plan(db, sw, e, back(days.1)).await?;
    let mut icpc = conference(a, back(days.2), "initial", Some(s47), "plan", Some(category));
    icpc.over_cap_reason = Some("Demo: shared between the council's three LCPPs".into());
    let r = ff_service::conferences::record_conference(db, &a.chair, child, &icpc).await?;
    let plan = r.cp_plan_id.ok_or(ServiceError::NotFound("plan"))?;
    // The LCPP and the family help lead write the plan with the family.
    let fh_writer = if leads.family_help == a.practitioner.actor.user_id { &a.practitioner } else { lead_ctx };
    write_plan(db, lead_ctx, fh_writer, plan, category).await?;
    write_conference_record(db, &a.chair, fh_writer, r.conference_id, category).await?;
    if let Some(team) = a.macpt_team {
        let tc = ff_service::macpt::TeamCaseInput { child_id: child, from_date: back(days.0) };
        ff_service::macpt::assign_case(db, sw, team, &tc).await?;
    }
    let visit = fh::VisitInput {
        visit_date: back(days.2.min(8)),
        child_seen: true,
        seen_alone: true,
        bedroom_seen: true,
        baby_seen_awake: Some(true),
        note: Some("Seen alone in the bedroom; room warm and clean".into()),
    };
    fh::record_visit(db, lead_ctx, e, &visit).await?;
    Ok(plan)
}

/// The plan's written record: the LCPP writes the worries and what needs to change, the family
/// help lead the child's and the family's own words, in two saves; the words fit the category.
pub(super) async fn write_plan(db: &Db, lcpp: &Ctx, fh_lead: &Ctx, plan: Uuid, category: &str) -> Result<(), ServiceError> {
    use ff_domain::plan_record::PlanKind;
    use ff_service::plan_record as rec;
    use ff_service::written::{DraftInput, SectionEdit};
    let read = rec::record(db, lcpp, PlanKind::ChildProtection, plan).await?;
    let first = read.child_name.split_whitespace().next().unwrap_or("The child").to_owned();
    // The words fit the category of harm: neglect, or what the child lives with at home.
    let variant = usize::from(category != "NEG");
    let (theirs, family) = crate::assessment_text::plan_sections(&first, variant);
    for (writer, sections) in [(lcpp, theirs), (fh_lead, family)] {
        let sections = sections.into_iter().map(|(key, text)| SectionEdit { key: key.into(), text, base_rev: 0 }).collect();
        rec::save(db, writer, PlanKind::ChildProtection, plan, &DraftInput { sections, seen: Default::default() }).await?;
    }
    Ok(())
}

/// The initial conference's record: the chair writes what the agencies reported, the worries and
/// the decision, the family help lead the child's and the family's views; then the chair agrees it.
pub(super) async fn write_conference_record(
    db: &Db,
    chair: &Ctx,
    fh_lead: &Ctx,
    conference: Uuid,
    category: &str,
) -> Result<(), ServiceError> {
    use ff_domain::meeting_record::MeetingKind;
    use ff_service::meeting_record as rec;
    use ff_service::written::{DraftInput, SectionEdit};
    let read = rec::record(db, chair, MeetingKind::Conference, conference).await?;
    let first = read.child_name.split_whitespace().next().unwrap_or("The child").to_owned();
    let (chairs, family) = crate::assessment_text::conference_sections(&first, usize::from(category != "NEG"));
    for (writer, sections) in [(chair, chairs), (fh_lead, family)] {
        let sections = sections.into_iter().map(|(key, text)| SectionEdit { key: key.into(), text, base_rev: 0 }).collect();
        rec::save(db, writer, MeetingKind::Conference, conference, &DraftInput { sections, seen: Default::default() }).await?;
    }
    let version = rec::record(db, chair, MeetingKind::Conference, conference).await?.version;
    rec::agree(db, chair, conference, &rec::AgreeRecordInput { version }).await?;
    Ok(())
}

/// Parents' own accounts (one corroborated by the police, one not) and a request to the police.
pub(super) async fn chronology(
    db: &Db,
    a: &Actors,
    child: Uuid,
    back: &impl Fn(u32) -> NaiveDate,
    answered: bool,
) -> Result<(), ServiceError> {
    use ff_service::case_notes::{NoteInput, record_note};
    use ff_service::macpt::{AnswerInput, InfoRequestInput, request_information};
    let note = |on: NaiveDate, source: &str, text: &str| NoteInput {
        occurred_on: on,
        source_type: source.into(),
        note: text.into(),
        ..Default::default()
    };
    let moved =
        record_note(db, &a.lcpp, child, &note(back(30), "parent_account", "Mother says her former partner no longer visits")).await?;
    record_note(db, &a.lcpp, child, &note(back(25), "parent_account", "Father says he has stopped drinking")).await?;
    let call = NoteInput {
        kind: Some("phone_call".into()),
        occurred_on: back(22),
        occurred_time: Some("11:20".into()),
        source_type: "agency_record".into(),
        people_present: "The designated safeguarding lead at the school".into(),
        note: "School rang: a bruise on the cheek this morning. The explanation (a fall in the playground yesterday) was seen by a dinner supervisor; school nurse checked it.".into(),
        significant: true,
        ..Default::default()
    };
    record_note(db, &a.lcpp, child, &call).await?;
    let seen = if is_baby(db, &a.lcpp, child).await? {
        "Baby seen awake and alert; weight on the 9th centile"
    } else {
        "Child seen alone at school; talked about home and said things are calmer since the plan started"
    };
    record_note(db, &a.lcpp, child, &note(back(20), "professional_observation", seen)).await?;
    let req =
        InfoRequestInput { agency: "police".into(), question: "Any call-outs to the address since the plan started?".into(), due_on: None };
    let id = request_information(db, &a.lcpp, child, &req).await?;
    if answered {
        let answer = AnswerInput {
            response: "No call-outs. Former partner arrested elsewhere in the county; bail conditions bar him from the address".into(),
            occurred_on: Some(back(2)),
            corroborates_id: Some(moved),
            version: 1,
        };
        ff_service::macpt::answer_request(db, &a.police, id, &answer).await?;
    }
    Ok(())
}

/// One LCPP over the cap (issue 14 item 6; W-SYS-16, the LCPP cap of 12 by default): the
/// council's last LCPP takes more section 47 enquiries than the cap allows, each started with the
/// reason the service asks for when a lead is over the cap, as when colleagues are off sick and
/// the head of service agrees it. The named `lcpp` account is never the one, so its tray stays as
/// the demo's walkthroughs expect. Contacts are taken and allocated by the other social workers,
/// in turn. Returns how many enquiries were added (none when the LCPP is over the cap already,
/// or when the council has one LCPP).
pub(super) async fn over_cap_lcpp(
    db: &Db,
    a: &Actors,
    spare: &[ff_store::people::PersonRow],
    back: &impl Fn(u32) -> NaiveDate,
    at: &impl Fn(NaiveDate) -> DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let (Some(lead), true) = (a.lcpps.last(), a.lcpps.len() > 1) else { return Ok(0) };
    let lcpp = lead.actor.user_id;
    let (load, cap) = {
        let mut tx = db.begin().await?;
        let load = ff_store::cp_plans::lcpp_caseload(&mut tx, lead.la(), lcpp).await?;
        let settings = ff_store::settings::current(&mut tx, lead.la()).await?.ok_or(ServiceError::NotFound("LA settings"))?.settings;
        tx.commit().await?;
        (load, i64::from(settings.caseload_caps.lcpp))
    };
    // Social workers other than the named demo account take the contacts and lead the family help.
    let mut workers = vec![];
    for id in a.social_work_leads.iter().skip(1) {
        let mut tx = db.begin().await?;
        let u = ff_store::users::get(&mut tx, lead.la(), *id).await?;
        tx.commit().await?;
        if let Some(u) = u {
            workers.push(Ctx { actor: ff_service::auth::actor_from(&u)?, now: lead.now });
        }
    }
    if workers.is_empty() {
        return Ok(0);
    }
    let extra = usize::try_from(cap + 2 - load).unwrap_or(0).min(spare.len());
    for (i, kid) in spare.iter().take(extra).enumerate() {
        let sw = &workers[i % workers.len()];
        let held = back(2 + (i as u32 % 6));
        let c = contact(
            db,
            sw,
            kid.id,
            at(back(3 + (i as u32 % 6))),
            "Police: child found at an address linked to older men; disclosed being given cannabis",
        )
        .await?;
        let e = decide(db, sw, &c, ContactDecision::StrategyDiscussion, "N1").await?;
        allocate(db, a, kid.id, e, sw.actor.user_id, Some(a.manager_id)).await?;
        let input = ff_service::child_protection::StrategyInput {
            held_on: held,
            attendees: strategy_attendees(),
            missing_agencies_reason: None,
            decision: "s47".into(),
            plan: "Joint visit with the police; return home interview; school to share attendance".into(),
            safety_actions: None,
            other_children_considered: "No other children in the household".into(),
            s47_lead_id: Some(lcpp),
            over_cap_reason: Some(
                "Two of the team's LCPPs are on long-term sick leave; the head of service agreed the extra enquiries until they return"
                    .into(),
            ),
            episode_version: None,
        };
        ff_service::child_protection::record_strategy_discussion(db, sw, e, &input).await?;
    }
    Ok(extra)
}
