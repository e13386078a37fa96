//! Family Help pages: my work, the front door, and the actions on a child's episode.
//! Every action page posts to the same service function as the API.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use ff_domain::ValidationErrors;
use ff_domain::family_help::{ASSESSMENT_FACTORS, AssessmentOutcome, ClosureReason, Level};
use ff_domain::policy::Action;
use ff_domain::roles::Role;
use ff_service::ServiceError;
use ff_service::family_help as fh;
use uuid::Uuid;

use super::actions::{date_or_stand_in, posted_child};
use super::fields::*;
use super::{Field, Layout, get, options, render, yes_no};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

#[derive(Template)]
#[template(path = "family_help/tray.html")]
struct TrayPage {
    layout: Layout,
    tray: fh::WorkTray,
    team_overdue: Vec<fh::TrayItem>,
}

pub async fn tray(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let tray = fh::work_tray(&state.db, &user.ctx(&state)).await?;
    let layout = Layout::for_user(&state, &user, "My work", "/work").await;
    let team_overdue = tray.team.iter().filter(|i| i.overdue).cloned().collect();
    Ok(render(StatusCode::OK, &TrayPage { layout, tray, team_overdue }))
}

// --- episode actions -----------------------------------------------------------------------

/// The episode as shown on the child's record (for its version and context).
async fn episode(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<fh::EpisodeView, PageError> {
    let rec = fh::for_child(&state.db, &user.ctx(state), child).await?;
    rec.episodes.into_iter().find(|e| e.id == id).ok_or(PageError(ServiceError::NotFound("episode")))
}

/// Options naming each practitioner, with their caseload against the cap.
fn practitioners(users: &[fh::Allocatable], roles: &[Role], with_load: bool) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), "None".to_owned())];
    out.extend(users.iter().filter(|u| roles.iter().any(|r| r.code() == u.role)).map(|u| {
        let load = if with_load {
            let flag = if u.open_cases >= u.cap { ", at or over the cap" } else { "" };
            format!(": {} of {} cases{flag}", u.open_cases, u.cap)
        } else {
            String::new()
        };
        (u.id.to_string(), format!("{} ({}){load}", u.display_name, u.role_label))
    }));
    out
}

async fn allocation_fields(
    state: &AppState,
    user: &PageUser,
    e: &fh::EpisodeView,
    child: Uuid,
    f: Option<&FormData>,
) -> Result<Vec<Field>, PageError> {
    let users = ff_service::family_help::allocatable_users(&state.db, &user.ctx(state)).await?;
    let get = |k: &str, d: Option<Uuid>| f.map(|f| f.get(k).to_owned()).unwrap_or_else(|| d.map(|u| u.to_string()).unwrap_or_default());
    Ok(vec![
        Field::Hidden("child", child.to_string()),
        Field::Hidden("version", e.version.to_string()),
        Field::Select(
            "lead_id",
            "Lead practitioner",
            practitioners(&users, &[Role::FamilyHelpPractitioner, Role::SocialWorker, Role::Lcpp, Role::PracticeSupervisor], true),
            get("lead_id", e.lead_id),
        ),
        Field::Select(
            "overseer_id",
            "Social work overseer (required for a child in need led by someone who is not a social worker)",
            practitioners(&users, &[Role::PracticeSupervisor], false),
            get("overseer_id", e.overseer_id),
        ),
        Field::Text("reason", "Reason (optional)", f.map(|f| f.get("reason").to_owned()).unwrap_or_default(), ""),
        Field::TextArea(
            "over_cap_reason",
            "Manager's reason, if this takes the practitioner over their caseload cap",
            f.map(|f| f.get("over_cap_reason").to_owned()).unwrap_or_default(),
            "",
        ),
    ])
}

pub async fn allocate_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<ChildParam>,
) -> Result<Response, PageError> {
    user.ctx(&state).authorise(Action::AllocateCase)?;
    let child = child_of(&q)?;
    let e = episode(&state, &user, child, id).await?;
    let fields = allocation_fields(&state, &user, &e, child, None).await?;
    Ok(form(&state, &user, child, ("Allocate the lead practitioner", format!("/episodes/{id}/allocate"), "Allocate"), fields, vec![]).await)
}

pub async fn allocate(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::AllocateCase)?;
    let child = posted_child(&f)?;
    let result = match f.get("lead_id").parse::<Uuid>() {
        Ok(lead_id) => {
            let input = fh::AllocationInput {
                lead_id,
                overseer_id: f.opt("overseer_id").and_then(|o| o.parse().ok()),
                reason: f.opt("reason"),
                over_cap_reason: f.opt("over_cap_reason"),
                from_date: None,
                version: f.get("version").parse().unwrap_or(0),
            };
            fh::allocate(&state.db, &ctx, id, &input).await
        }
        Err(_) => Err(ServiceError::Validation(ValidationErrors::single("lead_id", "Choose the lead practitioner"))),
    };
    match result {
        Ok(r) if r.status == ff_domain::family_help::CaseloadStatus::UnderCap => Ok(back_to(child, "allocated")),
        Ok(_) => Ok(back_to(child, "allocated_at_cap")),
        Err(err) => {
            let errors = errors_of(err, "lead_id")?;
            let e = episode(&state, &user, child, id).await?;
            let fields = allocation_fields(&state, &user, &e, child, Some(&f)).await?;
            Ok(form(
                &state,
                &user,
                child,
                ("Allocate the lead practitioner", format!("/episodes/{id}/allocate"), "Allocate"),
                fields,
                errors,
            )
            .await)
        }
    }
}

/// A form page on a family help episode (or its assessment or plan): see `child_action!`.
macro_rules! simple_action {
    ($($t:tt)*) => { child_action!(episode_or_parent; $($t)*); };
}

/// Action pages are addressed by an episode, assessment or plan id; find the episode it belongs to.
async fn episode_or_parent(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<fh::EpisodeView, PageError> {
    let rec = fh::for_child(&state.db, &user.ctx(state), child).await?;
    rec.episodes
        .into_iter()
        .find(|e| e.id == id || e.assessments.iter().any(|a| a.id == id) || e.plan.as_ref().is_some_and(|p| p.id == id))
        .ok_or(PageError(ServiceError::NotFound("episode")))
}

fn yes(f: &FormData, k: &str) -> bool {
    f.get(k) == "yes"
}

simple_action!(
    assessment_form,
    assessment_start,
    Action::WorkOnCase,
    "Start an assessment",
    "Start assessment",
    "/episodes/{id}/assessment",
    "assessment",
    "start_date",
    fields = |_e, f, today| { vec![date_field("start_date", "Start date", f, Some(today))] },
    submit = |ctx, id, form, errors, db| {
        let start = date_or_stand_in(&ctx, form, "start_date", "Start date", &mut errors);
        in_one_round(errors, "start_date", fh::start_assessment(db, &ctx, id, &fh::StartAssessmentInput { start_date: start })).await
    }
);

simple_action!(
    complete_form,
    complete,
    Action::AuthoriseAssessment,
    "Complete and authorise the assessment",
    "Authorise assessment",
    "/assessments/{id}/complete",
    "assessment_authorised",
    "completed_date",
    fields = |e, f, today| {
        let version = e.assessments.iter().find(|a| a.completed_date.is_none()).map(|a| a.version).unwrap_or(1);
        let due = e.assessments.iter().find(|a| a.completed_date.is_none()).map(|a| a.due_date);
        let mut factors = vec![];
        factors.extend(
            ASSESSMENT_FACTORS.iter().map(|(c, l)| Field::Checkbox(factor_name(c), l, f.is_some_and(|f| f.checked(factor_name(c))))),
        );
        let mut v = vec![
            Field::Hidden("version", version.to_string()),
            Field::Paragraph(match due {
                Some(d) => format!("Due by {} (45 working days from the referral).", d.format("%A %-d %B %Y")),
                None => String::new(),
            }),
            date_field("completed_date", "Date completed", f, Some(today)),
            yes_no("child_seen", "Was the child seen?", f),
            yes_no("child_seen_alone", "Was the child seen alone?", f),
            Field::Radios("outcome", "Outcome", options(AssessmentOutcome::ALL, |o| o.code(), |o| o.label()), get(f, "outcome")),
            Field::Paragraph("Factors identified at the end of the assessment".into()),
        ];
        v.extend(factors);
        let ticked = |prefix: &str, id: Uuid| f.is_some_and(|f| f.checked(&format!("{prefix}_{id}")));
        v.push(Field::Adults(
            e.significant_adults
                .iter()
                .map(|a| {
                    (
                        a.person_id,
                        a.full_name.clone(),
                        a.relationship.clone(),
                        ticked("seen", a.person_id),
                        ticked("assessed", a.person_id),
                        a.father_or_male_carer,
                    )
                })
                .collect(),
        ));
        v.push(Field::TextArea(
            "male_carer_reason",
            "For a baby under one: if no father or male carer was seen and assessed, why not",
            get(f, "male_carer_reason"),
            "For example, what was done to find out who he is, or why it was not safe to involve him",
        ));
        v.push(Field::TextArea(
            "late_reason",
            "If completed after the due date: why it took longer",
            get(f, "late_reason"),
            "Timescale T4",
        ));
        v
    },
    submit = |ctx, id, form, errors, db| {
        let completed = date_or_stand_in(&ctx, form, "completed_date", "Date completed", &mut errors);
        let factors = ASSESSMENT_FACTORS.iter().filter(|(c, _)| form.checked(factor_name(c))).map(|(c, _)| (*c).to_owned()).collect();
        let input = fh::CompleteAssessmentInput {
            completed_date: completed,
            child_seen: yes(form, "child_seen"),
            child_seen_alone: yes(form, "child_seen_alone"),
            factors,
            outcome: form.get("outcome").into(),
            late_reason: form.opt("late_reason"),
            version: form.get("version").parse().unwrap_or(0),
            adults: form
                .0
                .keys()
                .filter_map(|k| k.strip_prefix("seen_").or_else(|| k.strip_prefix("assessed_")))
                .filter_map(|id| id.parse::<Uuid>().ok())
                .collect::<std::collections::BTreeSet<Uuid>>()
                .into_iter()
                .map(|id| fh::AdultSeenInput {
                    person_id: id,
                    seen: form.checked(&format!("seen_{id}")),
                    assessed: form.checked(&format!("assessed_{id}")),
                })
                .collect(),
            male_carer_reason: form.opt("male_carer_reason"),
        };
        in_one_round(errors, "completed_date", fh::complete_assessment(db, &ctx, id, &input)).await
    }
);

/// Form field name for an assessment factor checkbox.
fn factor_name(code: &str) -> &'static str {
    ASSESSMENT_FACTORS.iter().position(|(c, _)| *c == code).map(|i| FACTOR_FIELDS[i]).unwrap_or("factor_unknown")
}

const FACTOR_FIELDS: [&str; 42] = [
    "factor_1A",
    "factor_1B",
    "factor_1C",
    "factor_2A",
    "factor_2B",
    "factor_2C",
    "factor_3A",
    "factor_3B",
    "factor_3C",
    "factor_4A",
    "factor_4B",
    "factor_4C",
    "factor_5A",
    "factor_5B",
    "factor_5C",
    "factor_6A",
    "factor_6B",
    "factor_6C",
    "factor_7A",
    "factor_8B",
    "factor_8C",
    "factor_8D",
    "factor_8E",
    "factor_8F",
    "factor_9A",
    "factor_10A",
    "factor_11A",
    "factor_12A",
    "factor_13A",
    "factor_14A",
    "factor_15A",
    "factor_16A",
    "factor_17A",
    "factor_18B",
    "factor_18C",
    "factor_19B",
    "factor_19C",
    "factor_20",
    "factor_21",
    "factor_22A",
    "factor_23A",
    "factor_24A",
];

simple_action!(
    plan_form,
    plan_start,
    Action::WorkOnCase,
    "Start a plan",
    "Start plan",
    "/episodes/{id}/plan",
    "plan",
    "start_date",
    fields = |_e, f, today| {
        vec![
            date_field("start_date", "Plan start date", f, Some(today)),
            Field::TextArea(
                "outcome",
                "The first outcome the plan aims for",
                get(f, "outcome"),
                "What will be different for the child? Add more outcomes and actions afterwards.",
            ),
            Field::TextArea("action", "The first action (optional)", get(f, "action"), "Who will do what"),
            Field::Text("owner", "Who does the action (optional)", get(f, "owner"), ""),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let start = date_or_stand_in(&ctx, form, "start_date", "Plan start date", &mut errors);
        // An empty outcome box is no outcome: the service then refuses the plan (R-CIN-2).
        let mut items: Vec<_> = form
            .opt("outcome")
            .map(|o| fh::PlanItemInput { kind: "outcome".into(), description: o, owner: None, due_date: None })
            .into_iter()
            .collect();
        if let Some(a) = form.opt("action") {
            items.push(fh::PlanItemInput { kind: "action".into(), description: a, owner: form.opt("owner"), due_date: None });
        }
        in_one_round(errors, "start_date", fh::start_plan(db, &ctx, id, &fh::PlanInput { start_date: start, items })).await
    }
);

simple_action!(
    item_form,
    item_add,
    Action::WorkOnCase,
    "Add to the plan",
    "Add",
    "/plans/{id}/items",
    "plan",
    "description",
    fields = |_e, f, _today| {
        vec![
            Field::Radios(
                "kind",
                "Is this an outcome or an action?",
                vec![("outcome".into(), "Outcome".into()), ("action".into(), "Action".into())],
                get(f, "kind"),
            ),
            Field::TextArea("description", "Description", get(f, "description"), ""),
            Field::Text("owner", "Who does it (for an action)", get(f, "owner"), ""),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        errors.into_result(())?;
        let input = fh::PlanItemInput {
            kind: form.get("kind").into(),
            description: form.get("description").into(),
            owner: form.opt("owner"),
            due_date: None,
        };
        fh::add_plan_item(db, &ctx, id, &input).await.map(|_| ())
    }
);

simple_action!(
    review_form,
    review_add,
    Action::WorkOnCase,
    "Record a plan review",
    "Save review",
    "/plans/{id}/review",
    "review",
    "summary",
    fields = |_e, f, today| {
        vec![
            date_field("review_date", "Review date", f, Some(today)),
            Field::TextArea("summary", "Summary", get(f, "summary"), "Progress against each outcome, the child's views, and what changes"),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let date = date_or_stand_in(&ctx, form, "review_date", "Review date", &mut errors);
        let input = fh::ReviewInput { review_date: date, summary: form.get("summary").into() };
        in_one_round(errors, "review_date", fh::record_review(db, &ctx, id, &input)).await
    }
);

simple_action!(
    visit_form,
    visit_add,
    Action::WorkOnCase,
    "Record a visit",
    "Save visit",
    "/episodes/{id}/visit",
    "visit",
    "visit_date",
    fields = |_e, f, today| {
        vec![
            date_field("visit_date", "Date of the visit", f, Some(today)),
            yes_no("child_seen", "Was the child seen?", f),
            yes_no("seen_alone", "Was the child seen alone?", f),
            yes_no("bedroom_seen", "Was the child's bedroom seen?", f),
            Field::Radios(
                "baby_seen_awake",
                "For a baby under one: was the baby seen awake?",
                vec![("".into(), "Not a baby under one".into()), ("yes".into(), "Yes".into()), ("no".into(), "No".into())],
                get(f, "baby_seen_awake"),
            ),
            Field::TextArea("note", "Note (optional)", get(f, "note"), "What you saw and heard, and the child's views"),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let date = date_or_stand_in(&ctx, form, "visit_date", "Date of the visit", &mut errors);
        if form.get("child_seen").is_empty() {
            errors.add("child_seen", "Say whether the child was seen");
        }
        let baby = match form.get("baby_seen_awake") {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        let input = fh::VisitInput {
            visit_date: date,
            child_seen: yes(form, "child_seen"),
            seen_alone: yes(form, "seen_alone"),
            bedroom_seen: yes(form, "bedroom_seen"),
            baby_seen_awake: baby,
            note: form.opt("note"),
        };
        in_one_round(errors, "visit_date", fh::record_visit(db, &ctx, id, &input)).await
    }
);

simple_action!(
    oversight_form,
    oversight_add,
    Action::RecordOversight,
    "Record oversight",
    "Save oversight",
    "/episodes/{id}/oversight",
    "oversight",
    "note",
    fields = |_e, f, today| {
        vec![
            date_field("record_date", "Date", f, Some(today)),
            Field::TextArea(
                "note",
                "What was discussed and decided",
                get(f, "note"),
                "What would make this worse? What else could explain what we see?",
            ),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let date = date_or_stand_in(&ctx, form, "record_date", "Date", &mut errors);
        let input = fh::OversightInput { record_date: date, note: form.get("note").into() };
        in_one_round(errors, "record_date", fh::record_oversight(db, &ctx, id, &input)).await
    }
);

simple_action!(
    level_form,
    level_change,
    Action::WorkOnCase,
    "Change the level of help",
    "Change level",
    "/episodes/{id}/level",
    "level",
    "level",
    fields = |e, f, today| vec![
        Field::Hidden("version", e.version.to_string()),
        Field::Radios(
            "level",
            "Level",
            options(Level::ALL, |l| l.code(), |l| l.label()),
            f.map(|f| f.get("level").to_owned()).unwrap_or_else(|| e.level.clone())
        ),
        date_field("from_date", "From", f, Some(today)),
        Field::Text("reason", "Reason", get(f, "reason"), ""),
    ],
    submit = |ctx, id, form, errors, db| {
        let from = date_or_stand_in(&ctx, form, "from_date", "Date", &mut errors);
        let input = fh::LevelInput {
            level: form.get("level").into(),
            from_date: from,
            reason: form.get("reason").into(),
            version: form.get("version").parse().unwrap_or(0),
        };
        in_one_round(errors, "from_date", fh::change_level(db, &ctx, id, &input)).await
    }
);

simple_action!(
    close_form,
    close,
    Action::WorkOnCase,
    "Close the episode",
    "Close episode",
    "/episodes/{id}/close",
    "closed",
    "closure_date",
    fields = |e, f, today| vec![
        Field::Hidden("version", e.version.to_string()),
        date_field("closure_date", "Closure date", f, Some(today)),
        Field::Radios("reason", "Reason for closure", options(ClosureReason::ALL, |r| r.code(), |r| r.label()), get(f, "reason")),
    ],
    submit = |ctx, id, form, errors, db| {
        let date = form.required_date("closure_date", "Closure date", &mut errors);
        // Both mistakes in one round: the date and the reason.
        if ClosureReason::from_code(form.get("reason").trim()).is_none() {
            errors.add("reason", "Select the reason for closing the episode");
        }
        errors.into_result(())?;
        fh::close_episode(
            db,
            &ctx,
            id,
            &fh::CloseInput {
                closure_date: date.unwrap_or_default(),
                reason: form.get("reason").into(),
                version: form.get("version").parse().unwrap_or(0),
            },
        )
        .await
    }
);

/// Mark a plan action done today.
pub async fn item_done(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::WorkOnCase)?;
    let child = posted_child(&f)?;
    let input = fh::ItemDoneInput { done_date: ctx.today(), version: f.get("version").parse().unwrap_or(0) };
    fh::mark_item_done(&state.db, &ctx, id, &input).await?;
    Ok(back_to(child, "plan"))
}
