//! Child protection pages: strategy discussions, s.47 enquiries, conferences, plans,
//! core groups, the multi-agency chronology, requests for information and team cases. Every form
//! posts to the same service functions as the API.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ff_domain::ValidationErrors;
use ff_domain::child_protection::{Category, ConferenceDecision, ConferenceKind, CpAgency, Participation, PlanEndReason};
use ff_domain::policy::Action;
use ff_domain::roles::{Agency, Role};
use ff_service::ServiceError;
use ff_service::child_protection as cp;
use ff_service::conferences as conf;
use ff_service::macpt;
use uuid::Uuid;

use super::actions::{date_or_stand_in, ending_fields, posted_child, typed_ending};
use super::fields::{
    ChildParam, Reply, allowed, back_to, child_of, date_field, errors_of, form, in_one_round, one_round, optional_or_unreadable,
};
use super::{Field, Layout, get, options, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

const ROWS: [(&str, &str, CpAgency); 4] = [
    ("attendee_la", "Local authority social worker (name)", CpAgency::LocalAuthority),
    ("attendee_police", "Police (name)", CpAgency::Police),
    ("attendee_health", "Health (name)", CpAgency::Health),
    ("attendee_education", "Education (name, optional)", CpAgency::Education),
];

async fn strategy_fields(
    state: &AppState,
    user: &PageUser,
    f: Option<&FormData>,
    today: chrono::NaiveDate,
) -> Result<Vec<Field>, PageError> {
    let leads = cp::possible_leads(&state.db, &user.ctx(state)).await?;
    let mut lead_options = vec![(String::new(), "No enquiry".to_owned())];
    lead_options.extend(leads.iter().map(|l| {
        let kind = if l.lcpp { "LCPP" } else { "social worker" };
        (
            l.id.to_string(),
            format!(
                "{} ({kind}): child protection work for {}",
                l.display_name,
                ff_domain::text::plural(l.child_protection_cases, "child", "children")
            ),
        )
    }));
    let mut v = vec![
        date_field("held_on", "Date of the strategy discussion", f, Some(today)),
        Field::Paragraph("Who took part? Police and health are required with the local authority.".into()),
    ];
    for (name, label, _) in ROWS {
        v.push(Field::Text(name, label, get(f, name), ""));
    }
    v.extend([
        Field::TextArea(
            "missing_agencies_reason",
            "If the local authority, police or health were not there: why",
            get(f, "missing_agencies_reason"),
            "",
        ),
        Field::Radios(
            "decision",
            "Decision",
            vec![("s47".into(), "Start a section 47 enquiry".into()), ("no_s47".into(), "No section 47 enquiry".into())],
            get(f, "decision"),
        ),
        Field::Select("s47_lead_id", "Who will lead the enquiry?", lead_options, get(f, "s47_lead_id")),
        Field::TextArea(
            "plan",
            "The plan",
            get(f, "plan"),
            "Who does what and when: visits, interviews, medicals, the police investigation, what parents are told",
        ),
        Field::TextArea("safety_actions", "Immediate safety actions (optional)", get(f, "safety_actions"), ""),
        Field::TextArea(
            "other_children_considered",
            "Other children considered",
            get(f, "other_children_considered"),
            "Brothers, sisters and other children in the household, and in the alleged perpetrator's household",
        ),
        Field::TextArea("over_cap_reason", "Manager's reason, if the lead is over the LCPP caseload cap", get(f, "over_cap_reason"), ""),
    ]);
    Ok(v)
}

pub async fn strategy_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<ChildParam>) -> Reply {
    let ctx = allowed(&state, &user, Action::RecordStrategyDiscussion)?;
    let child = child_of(&q)?;
    // The episode's version as this form saw it: a level change made meanwhile is refused (item 5).
    let version = ff_service::family_help::for_child(&state.db, &ctx, child)
        .await?
        .episodes
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.version)
        .ok_or(PageError(ServiceError::NotFound("episode")))?;
    let mut fields = strategy_fields(&state, &user, None, ctx.today()).await?;
    fields.insert(0, Field::Hidden("child", child.to_string()));
    fields.insert(1, Field::Hidden("episode_version", version.to_string()));
    Ok(form(&state, &user, child, strategy_page(id), fields, vec![]).await)
}

pub async fn strategy(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::RecordStrategyDiscussion)?;
    let child = posted_child(&f)?;
    let mut errors = ValidationErrors::new();
    // A date that could not be read is given to the service as one it must refuse (tomorrow), so
    // every other mistake is reported in the same round and nothing is saved.
    let held_on = date_or_stand_in(&ctx, &f, "held_on", "Date of the strategy discussion", &mut errors);
    let result = {
        {
            let attendees = ROWS
                .iter()
                .filter(|(name, _, _)| !f.get(name).trim().is_empty())
                .map(|(name, _, agency)| cp::AttendeeInput { agency: agency.code().into(), name: f.get(name).into(), role: None })
                .collect();
            let input = cp::StrategyInput {
                held_on,
                attendees,
                missing_agencies_reason: f.opt("missing_agencies_reason"),
                decision: f.get("decision").into(),
                plan: f.get("plan").into(),
                safety_actions: f.opt("safety_actions"),
                other_children_considered: f.get("other_children_considered").into(),
                s47_lead_id: f.opt("s47_lead_id").and_then(|l| l.parse().ok()),
                over_cap_reason: f.opt("over_cap_reason"),
                episode_version: f.get("episode_version").trim().parse().ok(),
            };
            one_round(cp::record_strategy_discussion(&state.db, &ctx, id, &input).await, errors)
        }
    };
    match result {
        Ok(()) => Ok(back_to(child, "strategy")),
        Err(e) => {
            let errors = errors_of(e, "s47_lead_id")?;
            let mut fields = strategy_fields(&state, &user, Some(&f), ctx.today()).await?;
            fields.insert(0, Field::Hidden("child", child.to_string()));
            fields.insert(1, Field::Hidden("episode_version", f.get("episode_version").to_owned()));
            Ok(form(&state, &user, child, strategy_page(id), fields, errors).await)
        }
    }
}

/// The strategy discussion form's heading, address and button.
fn strategy_page(id: Uuid) -> (&'static str, String, &'static str) {
    ("Record a strategy discussion", format!("/episodes/{id}/strategy"), "Save strategy discussion")
}

fn conclude_fields(f: Option<&FormData>, version: i32, today: chrono::NaiveDate) -> Vec<Field> {
    vec![
        Field::Hidden("version", version.to_string()),
        date_field("concluded_on", "Date concluded", f, Some(today)),
        Field::Radios(
            "outcome",
            "Outcome",
            vec![
                ("concerns_not_substantiated".into(), "Concerns not substantiated".into()),
                ("substantiated_no_continuing_risk".into(), "Substantiated, no continuing risk of significant harm".into()),
                ("substantiated_continuing_risk".into(), "Substantiated, continuing risk of significant harm".into()),
            ],
            get(f, "outcome"),
        ),
        Field::Radios(
            "conference_required",
            "Is an initial child protection conference needed?",
            vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())],
            get(f, "conference_required"),
        ),
        Field::TextArea("no_conference_reason", "If no conference: why not", get(f, "no_conference_reason"), ""),
    ]
}

pub async fn conclude_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<ChildParam>) -> Reply {
    let ctx = allowed(&state, &user, Action::ConcludeEnquiry)?;
    let child = child_of(&q)?;
    let rec = cp::for_child(&state.db, &ctx, child).await?;
    let e = rec.enquiries.iter().find(|e| e.id == id).ok_or(PageError(ServiceError::NotFound("section 47 enquiry")))?;
    let mut fields = conclude_fields(None, e.version, ctx.today());
    fields.insert(0, Field::Hidden("child", child.to_string()));
    Ok(form(&state, &user, child, conclude_page(id), fields, vec![]).await)
}

pub async fn conclude(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ConcludeEnquiry)?;
    let child = posted_child(&f)?;
    // An unknown enquiry is not found before anything typed is judged.
    if !cp::for_child(&state.db, &ctx, child).await?.enquiries.iter().any(|e| e.id == id) {
        return Err(PageError(ServiceError::NotFound("section 47 enquiry")));
    }
    let mut errors = ValidationErrors::new();
    let on = date_or_stand_in(&ctx, &f, "concluded_on", "Date concluded", &mut errors);
    let unanswered = f.get("conference_required").is_empty();
    if unanswered {
        errors.add("conference_required", "Say whether a conference is needed");
    }
    let version: i32 = f.get("version").parse().unwrap_or(0);
    let input = cp::ConcludeInput {
        concluded_on: on,
        outcome: f.get("outcome").into(),
        conference_required: f.get("conference_required") == "yes",
        no_conference_reason: f.opt("no_conference_reason"),
        version,
    };
    let result = match in_one_round(errors, "concluded_on", cp::conclude_enquiry(&state.db, &ctx, id, &input)).await {
        // Until the question is answered, the reason for having no conference is not asked for.
        Err(ServiceError::Validation(mut v)) if unanswered => {
            v.0.retain(|e| e.field != "no_conference_reason");
            Err(ServiceError::Validation(v))
        }
        other => other,
    };
    match result {
        Ok(()) => Ok(back_to(child, "s47")),
        Err(e) => {
            let errors = errors_of(e, "outcome")?;
            let mut fields = conclude_fields(Some(&f), version, ctx.today());
            fields.insert(0, Field::Hidden("child", child.to_string()));
            Ok(form(&state, &user, child, conclude_page(id), fields, errors).await)
        }
    }
}

/// The form concluding an enquiry: its heading, address and button.
fn conclude_page(id: Uuid) -> (&'static str, String, &'static str) {
    ("Conclude the section 47 enquiry", format!("/s47/{id}/conclude"), "Save outcome")
}

// --- conferences and plans ---------------------------------------------------------------------

/// The child's child protection record (access checked: partners only on their team's cases).
async fn cp_record(state: &AppState, user: &PageUser, child: Uuid, _id: Uuid) -> Result<cp::ChildProtectionView, PageError> {
    Ok(cp::for_child(&state.db, &user.ctx(state), child).await?)
}

/// The child's record with the plan `id` (for plan pages).
async fn cp_plan(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<cp::CpPlanView, PageError> {
    let rec = cp::for_child(&state.db, &user.ctx(state), child).await?;
    rec.plans.into_iter().find(|p| p.id == id).ok_or(PageError(ServiceError::NotFound("child protection plan")))
}

struct ConferenceChoices {
    rec: cp::ChildProtectionView,
    staff: Vec<macpt::Colleague>,
    leads: Vec<cp::PossibleLead>,
}

async fn conference_choices(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<ConferenceChoices, PageError> {
    let ctx = user.ctx(state);
    let rec = cp_record(state, user, child, id).await?;
    let staff = macpt::colleagues(&state.db, &ctx, Action::RecordConference).await?;
    let leads = cp::possible_leads(&state.db, &ctx).await.unwrap_or_default();
    Ok(ConferenceChoices { rec, staff, leads })
}

const CONFERENCE_ROWS: [(&str, &str, &str, CpAgency); 5] = [
    ("attendee_la", "absent_la", "Local authority (name)", CpAgency::LocalAuthority),
    ("attendee_police", "absent_police", "Police (name)", CpAgency::Police),
    ("attendee_health", "absent_health", "Health (name)", CpAgency::Health),
    ("attendee_education", "absent_education", "Education (name)", CpAgency::Education),
    ("attendee_other", "absent_other", "Other agency (name)", CpAgency::Other),
];

fn who(staff: &[macpt::Colleague], roles: &[Role], none: &str) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), none.to_owned())];
    v.extend(
        staff
            .iter()
            .filter(|s| roles.iter().any(|r| r.code() == s.role))
            .map(|s| (s.id.to_string(), format!("{} ({})", s.display_name, Role::from_code(&s.role).map(|r| r.label()).unwrap_or("")))),
    );
    v
}

fn conference_fields(c: &ConferenceChoices, f: Option<&FormData>, today: chrono::NaiveDate) -> Vec<Field> {
    let open_plan = c.rec.plans.iter().find(|p| p.end_date.is_none());
    let kinds: Vec<(String, String)> = match open_plan {
        Some(_) => vec![(ConferenceKind::Review.code().into(), ConferenceKind::Review.label().into())],
        None => [ConferenceKind::Initial, ConferenceKind::PreBirth, ConferenceKind::TransferIn]
            .iter()
            .map(|k| (k.code().to_owned(), k.label().to_owned()))
            .collect(),
    };
    let mut enquiries = vec![(String::new(), "None (transfer-in or review)".to_owned())];
    enquiries.extend(c.rec.enquiries.iter().filter(|q| q.conference_required == Some(true)).map(|q| {
        (q.id.to_string(), format!("Enquiry from {}, conference due {}", q.start_date.format("%-d %B %Y"), q.icpc_due.format("%-d %B %Y")))
    }));
    let mut leads = vec![(String::new(), "The lead of the enquiry or plan".to_owned())];
    leads.extend(c.leads.iter().map(|l| {
        let kind = if l.lcpp { "LCPP" } else { "social worker" };
        (
            l.id.to_string(),
            format!(
                "{} ({kind}): child protection work for {}",
                l.display_name,
                ff_domain::text::plural(l.child_protection_cases, "child", "children")
            ),
        )
    }));
    let participation = options(Participation::ALL, |p| p.code(), |p| p.label());
    let mut decisions = vec![];
    for d in ConferenceDecision::ALL {
        let for_review = matches!(d, ConferenceDecision::Continue | ConferenceDecision::End);
        if for_review == open_plan.is_some() {
            decisions.push((d.code().to_owned(), d.label().to_owned()));
        }
    }
    let mut v = vec![];
    if let Some(p) = open_plan {
        v.push(Field::Hidden("plan_version", p.version.to_string()));
        v.push(Field::Paragraph(format!(
            "This review is due by {} (3 months after the initial conference, then every 6 months).",
            p.next_review_due.format("%-d %B %Y")
        )));
    }
    v.extend([
        Field::Radios("kind", "Kind of conference", kinds, get(f, "kind")),
        Field::Select("s47_id", "The section 47 enquiry it follows", enquiries, get(f, "s47_id")),
        date_field("held_on", "Date of the conference", f, Some(today)),
        Field::Select("chair_id", "Chair", who(&c.staff, &[Role::ConferenceChair, Role::Lcpp, Role::PracticeSupervisor], "Choose the chair"), get(f, "chair_id")),
        Field::Select("qa_officer_id", "Quality assurance officer present", who(&c.staff, &[Role::QaOfficer], "None"), get(f, "qa_officer_id")),
        Field::TextArea("qa_observations", "Quality assurance observations (optional)", get(f, "qa_observations"), ""),
        Field::Paragraph(
            "Who was invited? Give the name for each agency; tick if they were invited but did not attend. The conference needs the local authority and at least two other agencies.".into(),
        ),
    ]);
    for (name, absent, label, _) in CONFERENCE_ROWS {
        v.push(Field::Text(name, label, get(f, name), ""));
        v.push(Field::Checkbox(absent, "Invited, did not attend", f.is_some_and(|f| f.checked(absent))));
    }
    v.extend([
        Field::Radios("parents_participation", "How did the parents take part?", participation.clone(), get(f, "parents_participation")),
        Field::TextArea("exclusion_reason", "If a parent was excluded: the grounds", get(f, "exclusion_reason"), "Rule R-CP-4"),
        Field::Radios("child_participation", "How did the child take part?", participation, get(f, "child_participation")),
        Field::TextArea(
            "parental_dissent",
            "Parents' dissent (optional)",
            get(f, "parental_dissent"),
            "Record any disagreement with the decision",
        ),
        Field::TextArea("professional_dissent", "Professional dissent (optional)", get(f, "professional_dissent"), ""),
        Field::Radios("decision", "Decision", decisions, get(f, "decision")),
        Field::Radios("category", "Category of abuse", options(Category::ALL, |c| c.code(), |c| c.label()), get(f, "category")),
        Field::Select("plan_lead_id", "Who holds the plan?", leads, get(f, "plan_lead_id")),
        Field::TextArea(
            "contingency",
            "Contingency plan",
            get(f, "contingency"),
            "What happens if the plan is not working or the child's circumstances change (rule R-CP-2)",
        ),
        Field::TextArea("late_reason", "If the conference is late: why", get(f, "late_reason"), ""),
        Field::TextArea(
            "over_cap_reason",
            "Manager's reason, if the plan's lead is over the LCPP caseload cap",
            get(f, "over_cap_reason"),
            "",
        ),
    ]);
    v
}

child_action!(
    conference_choices; conference_form, conference, Action::RecordConference,
    "Record a child protection conference", "Save conference", "/people/{id}/conference", "conference", "decision",
    fields = |c, f, today| conference_fields(&c, f, today),
    submit = |ctx, id, form, errors, db| {
        let held_on = date_or_stand_in(&ctx, form, "held_on", "Date of the conference", &mut errors);
        // No chair chosen: the service still judges the rest of the form (and refuses the
        // unknown chair), so every mistake shows at once.
        let chair_id = form.uuid("chair_id").unwrap_or_else(|| {
            errors.add("chair_id", "Choose the chair");
            Uuid::nil()
        });
        let attendees = CONFERENCE_ROWS
            .iter()
            .filter(|(name, _, _, _)| !form.get(name).trim().is_empty())
            .map(|(name, absent, _, agency)| conf::ConferenceAttendeeInput {
                agency: agency.code().into(),
                name: form.get(name).into(),
                attended: !form.checked(absent),
            })
            .collect();
        let input = conf::ConferenceInput {
            kind: form.get("kind").into(),
            s47_id: form.uuid("s47_id"),
            held_on,
            chair_id,
            qa_officer_id: form.uuid("qa_officer_id"),
            qa_observations: form.opt("qa_observations"),
            attendees,
            parents_participation: form.get("parents_participation").into(),
            child_participation: form.get("child_participation").into(),
            exclusion_reason: form.opt("exclusion_reason"),
            parental_dissent: form.opt("parental_dissent"),
            professional_dissent: form.opt("professional_dissent"),
            decision: form.get("decision").into(),
            category: form.opt("category"),
            plan_lead_id: form.uuid("plan_lead_id"),
            contingency: form.opt("contingency"),
            late_reason: form.opt("late_reason"),
            over_cap_reason: form.opt("over_cap_reason"),
            plan_version: form.opt("plan_version").and_then(|v| v.parse().ok()),
        };
        one_round(conf::record_conference(db, &ctx, id, &input).await, errors)
    }
);

child_action!(
    cp_plan; cp_item_form, cp_item_add, Action::WorkOnChildProtection,
    "Add to the child protection plan", "Add", "/cp-plans/{id}/items", "cp_item", "description",
    fields = |_p, f, _today| {
        vec![
            Field::Radios("kind", "Outcome or action?", vec![("outcome".into(), "An outcome for the child".into()), ("action".into(), "An action".into())], get(f, "kind")),
            Field::TextArea("description", "Description", get(f, "description"), ""),
            Field::Text("owner", "Who does it (optional)", get(f, "owner"), "A person or an agency"),
            date_field("due_on", "Due by (optional)", f, None),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let due_on = optional_or_unreadable(form, "due_on", "Due date", &mut errors);
        let input = conf::CpItemInput { kind: form.get("kind").into(), description: form.get("description").into(), owner: form.opt("owner"), due_on };
        in_one_round(errors, "due_on", conf::add_item(db, &ctx, id, &input)).await
    }
);

child_action!(
    cp_plan; core_group_form, core_group_add, Action::WorkOnChildProtection,
    "Record a core group meeting", "Save core group", "/cp-plans/{id}/core-group", "core_group", "notes",
    fields = |p, f, today| {
        let mut v = vec![];
        if let Some(d) = p.next_core_group_due {
            v.push(Field::Paragraph(format!("The next core group is due by {}.", d.format("%-d %B %Y"))));
        }
        v.push(date_field("held_on", "Date of the meeting", f, Some(today)));
        v.push(Field::Paragraph("Which agencies took part?".into()));
        for a in CpAgency::ALL {
            v.push(Field::Checkbox(agency_box(*a), a.label(), f.is_some_and(|f| f.checked(agency_box(*a)))));
        }
        v.push(Field::TextArea("notes", "Progress against the plan, and what changes", get(f, "notes"), ""));
        v
    },
    submit = |ctx, id, form, errors, db| {
        // A date that could not be read stands in as tomorrow, which the service refuses, so the
        // other mistakes come in the same round.
        let held_on = date_or_stand_in(&ctx, form, "held_on", "Date of the meeting", &mut errors);
        let agencies = CpAgency::ALL.iter().filter(|a| form.checked(agency_box(**a))).map(|a| a.code().to_owned()).collect();
        let input = conf::CoreGroupInput { held_on, agencies, notes: form.get("notes").into() };
        one_round(conf::record_core_group(db, &ctx, id, &input).await, errors)
    }
);

fn agency_box(a: CpAgency) -> &'static str {
    match a {
        CpAgency::LocalAuthority => "agency_local_authority",
        CpAgency::Police => "agency_police",
        CpAgency::Health => "agency_health",
        CpAgency::Education => "agency_education",
        CpAgency::Referrer => "agency_referrer",
        CpAgency::Other => "agency_other",
    }
}

child_action!(
    cp_plan; end_plan_form, end_plan, Action::WorkOnChildProtection,
    "End the child protection plan", "End plan", "/cp-plans/{id}/end", "plan_ended", "reason",
    fields = |p, f, today| {
        let reasons = PlanEndReason::ALL
            .iter()
            .filter(|r| **r != PlanEndReason::SteppedDown)
            .map(|r| (r.code().to_owned(), r.label().to_owned()))
            .collect();
        vec![
            Field::Hidden("version", p.version.to_string()),
            Field::Paragraph("A plan ends because the child is no longer at continuing risk only at a review conference: record the review conference instead.".into()),
            date_field("end_date", "Date the plan ended", f, Some(today)),
            Field::Radios("reason", "Why did the plan end?", reasons, get(f, "reason")),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let end_date = date_or_stand_in(&ctx, form, "end_date", "Date the plan ended", &mut errors);
        let version = form.get("version").parse().unwrap_or(0);
        let input = conf::EndPlanInput { end_date, reason: form.get("reason").into(), version };
        in_one_round(errors, "end_date", conf::end_plan(db, &ctx, id, &input)).await
    }
);

pub async fn cp_item_done(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkOnChildProtection)?;
    let child = posted_child(&f)?;
    let version = f.get("version").parse().unwrap_or(0);
    conf::item_done(&state.db, &ctx, id, &conf::ItemDoneInput { done_on: ctx.today(), version }).await?;
    Ok(back_to(child, "cp_item_done"))
}

// --- chronology, requests for information, teams -----------------------------------------------

async fn no_load(_state: &AppState, _user: &PageUser, _child: Uuid, _id: Uuid) -> Result<(), PageError> {
    Ok(())
}

child_action!(
    no_load; info_request_form, info_request_add, Action::RequestInformation,
    "Ask another agency for information", "Send request", "/people/{id}/info-request", "info_request", "question",
    fields = |_nothing, f, _today| {
        let agencies = [Agency::Police, Agency::Health, Agency::Education].iter().map(|a| (a.code().to_owned(), a.label().to_owned())).collect();
        vec![
            Field::Radios("agency", "Which agency?", agencies, get(f, "agency")),
            Field::TextArea("question", "What are you asking for?", get(f, "question"), "For example: any call-outs to the address in the last 12 months"),
            date_field("due_on", "Answer needed by (optional)", f, None),
            Field::Paragraph("Without a date, the council's standard number of working days applies.".into()),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let due_on = optional_or_unreadable(form, "due_on", "Date", &mut errors);
        let input = macpt::InfoRequestInput { agency: form.get("agency").into(), question: form.get("question").into(), due_on };
        in_one_round(errors, "due_on", macpt::request_information(db, &ctx, id, &input)).await
    }
);

async fn request_of(
    state: &AppState,
    user: &PageUser,
    child: Uuid,
    id: Uuid,
) -> Result<(macpt::InfoRequestView, cp::ChildProtectionView), PageError> {
    let rec = cp::for_child(&state.db, &user.ctx(state), child).await?;
    let r = rec.info_requests.iter().find(|r| r.id == id).cloned().ok_or(PageError(ServiceError::NotFound("request")))?;
    // Told before typing, not after.
    macpt::may_answer(&user.ctx(state), &r.agency)?;
    Ok((r, rec))
}

child_action!(
    request_of; answer_form, answer, Action::ContributeToCase,
    "Answer a request for information", "Send answer", "/info-requests/{id}/answer", "answered", "response",
    fields = |rq, f, _today| {
        let (r, rec) = rq;
        let mut notes = vec![(String::new(), "None".to_owned())];
        notes.extend(rec.notes.iter().map(|n| (n.id.to_string(), format!("{}: {} ({})", n.occurred_on.format("%-d %b %Y"), super::case_notes::short(&n.note), n.source_label))));
        vec![
            Field::Hidden("version", r.version.to_string()),
            Field::Paragraph(format!("{} asked {} on {}: {}", r.requested_by, r.agency_label, r.requested_on.format("%-d %B %Y"), r.question)),
            Field::TextArea("response", "Your agency's answer", get(f, "response"), "What your records show. It joins the child's chronology as your agency's record."),
            Field::Select("corroborates_id", "Does it corroborate an entry in the chronology? (optional)", notes, get(f, "corroborates_id")),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let _ = &mut errors;
        let version = form.get("version").parse().unwrap_or(0);
        let input = macpt::AnswerInput { response: form.get("response").into(), occurred_on: None, corroborates_id: form.uuid("corroborates_id"), version };
        macpt::answer_request(db, &ctx, id, &input).await
    }
);

async fn teams_of_council(state: &AppState, user: &PageUser, _child: Uuid, _id: Uuid) -> Result<Vec<macpt::TeamView>, PageError> {
    Ok(macpt::teams(&state.db, &user.ctx(state)).await?)
}

child_action!(
    teams_of_council; team_case_form, team_case_add, Action::WorkOnChildProtection,
    "Ask a multi-agency team to work this case", "Save", "/people/{id}/team", "team", "team_id",
    fields = |teams, f, today| {
        let options = teams.iter().map(|t| (t.id.to_string(), t.name.clone())).collect();
        vec![
            Field::Radios("team_id", "Which multi-agency child protection team?", options, get(f, "team_id")),
            date_field("from_date", "From", f, Some(today)),
            Field::Paragraph("The team's police, health and education members will see this child's record and can add to it.".into()),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let from_date = date_or_stand_in(&ctx, form, "from_date", "Date", &mut errors);
        let Some(team) = form.uuid("team_id") else {
            // Nothing else on this form can be wrong: a team and a date are all it asks.
            errors.add("team_id", "Choose a team");
            return Err(ServiceError::Validation(errors));
        };
        in_one_round(errors, "from_date", macpt::assign_case(db, &ctx, team, &macpt::TeamCaseInput { child_id: id, from_date })).await
    }
);

async fn load_team_case(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<macpt::TeamCaseView, PageError> {
    let record = cp::for_child(&state.db, &user.ctx(state), child).await?;
    let case = record.team_cases.into_iter().find(|c| c.id == id && c.ended_on.is_none());
    case.ok_or(PageError(ServiceError::NotFound("team case")))
}

// A team stopping work on a case ends its partners' access to the child's record: its own page,
// with the date and a reason, that works without JavaScript.
child_action!(
    load_team_case; team_case_end_form, team_case_end, Action::WorkOnChildProtection,
    "The team stops working this case", "Stop working this case", "/team-cases/{id}/end", "team_ended", "reason",
    fields = |c, f, today| {
        let (team, child, since) = (&c.team_name, &c.child_name, c.from_date.format("%-d %B %Y"));
        let what = format!("{team} has worked {child}'s case since {since}. When it stops, its police, health and education members can no longer see or add to the child's record.");
        let why = ("Why is the team stopping?", "For example: the child protection plan ended, or the family moved away");
        ending_fields(c.version, what, ("ended_on", "From when?"), why, f, today)
    },
    submit = |ctx, id, form, errors, db| {
        let (ended_on, reason, version) = typed_ending(&ctx, form, ("ended_on", "The date the team stops"), &mut errors);
        one_round(macpt::end_case(db, &ctx, id, &macpt::EndTeamCaseInput { ended_on, reason, version }).await, errors)
    }
);

// --- whole-page views ---------------------------------------------------------------------------

#[derive(askama::Template)]
#[template(path = "child_protection/report.html")]
struct ReportPage {
    layout: Layout,
    report: conf::ConferenceReport,
    today: chrono::NaiveDate,
}

/// The conference report for a child (R-CP-1 household children; F5 uncorroborated accounts).
pub async fn report(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    let ctx = user.ctx(&state);
    let report = conf::report(&state.db, &ctx, id).await?;
    let layout = Layout::for_user(&state, &user, &format!("Conference report: {}", report.child_name), "/people").await;
    Ok(render(StatusCode::OK, &ReportPage { layout, report, today: ctx.today() }))
}

#[derive(askama::Template)]
#[template(path = "child_protection/overview.html")]
struct OverviewPage {
    layout: Layout,
    overview: conf::Overview,
    chart: super::Chart,
}

/// Conferences due and every LCPP's load against the cap.
pub async fn overview(State(state): State<AppState>, user: PageUser) -> Reply {
    let overview = conf::overview(&state.db, &user.ctx(&state)).await?;
    let rows: Vec<(String, f64, bool)> =
        overview.loads.iter().map(|l| (l.display_name.clone(), l.children as f64, l.status == "over_cap")).collect();
    let chart = super::chart(&rows, overview.loads.first().map(|l| f64::from(l.cap)));
    let layout = Layout::for_user(&state, &user, "Child protection", "/child-protection").await;
    Ok(render(StatusCode::OK, &OverviewPage { layout, overview, chart }))
}

#[derive(askama::Template)]
#[template(path = "child_protection/teams.html")]
struct TeamsPage {
    layout: Layout,
    teams: Vec<macpt::TeamView>,
    can_manage: bool,
    staff: Vec<macpt::Colleague>,
    error: Option<String>,
}

async fn teams_page(state: &AppState, user: &PageUser, error: Option<String>) -> Reply {
    let ctx = user.ctx(state);
    let teams = macpt::teams(&state.db, &ctx).await?;
    let can_manage = super::can(user.actor(), Action::ManageTeams);
    let staff = if can_manage { macpt::colleagues(&state.db, &ctx, Action::ManageTeams).await? } else { vec![] };
    let layout = Layout::for_user(state, user, "Multi-agency child protection teams", "/teams").await;
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(render(status, &TeamsPage { layout, teams, can_manage, staff, error }))
}

pub async fn teams(State(state): State<AppState>, user: PageUser) -> Reply {
    teams_page(&state, &user, None).await
}

fn problem_text(e: ServiceError) -> Result<String, PageError> {
    errors_of(e, "name").map(|v| v.into_iter().map(|e| e.message).collect::<Vec<_>>().join(". ")).map_err(PageError)
}

pub async fn team_create(State(state): State<AppState>, user: PageUser, f: FormData) -> Reply {
    match macpt::create_team(&state.db, &user.ctx(&state), &macpt::TeamInput { name: f.get("name").into() }).await {
        Ok(_) => Ok(axum::response::Redirect::to("/teams").into_response()),
        Err(e) => teams_page(&state, &user, Some(problem_text(e)?)).await,
    }
}

pub async fn team_member_add(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageTeams)?;
    let Some(user_id) = f.uuid("user_id") else {
        return teams_page(&state, &user, Some("Choose the person to add".into())).await;
    };
    match macpt::add_member(&state.db, &ctx, id, &macpt::MemberInput { user_id }).await {
        Ok(()) => Ok(axum::response::Redirect::to("/teams").into_response()),
        Err(e) => teams_page(&state, &user, Some(problem_text(e)?)).await,
    }
}

#[derive(askama::Template)]
#[template(path = "child_protection/team_work.html")]
struct TeamWorkPage {
    layout: Layout,
    work: macpt::PartnerWork,
}

/// A team member's cases and the requests waiting for their agency (partners' home page).
pub async fn team_work(State(state): State<AppState>, user: PageUser) -> Reply {
    let work = macpt::my_team_work(&state.db, &user.ctx(&state)).await?;
    let layout = Layout::for_user(&state, &user, "Our team's cases", "/team-work").await;
    Ok(render(StatusCode::OK, &TeamWorkPage { layout, work }))
}
