//! Child protection pages, first slice (issue 4): recording a strategy discussion (with the s.47
//! lead) and concluding a s.47 enquiry. Both post to the same service functions as the API.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use ff_domain::ValidationErrors;
use ff_domain::child_protection::CpAgency;
use ff_domain::policy::Action;
use ff_service::ServiceError;
use ff_service::child_protection as cp;
use uuid::Uuid;

use super::Field;
use super::family_help::{ChildParam, back_to, child_of, date_field, errors_of, form};
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

fn get(f: Option<&FormData>, k: &str) -> String {
    f.map(|f| f.get(k).to_owned()).unwrap_or_default()
}

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
        (l.id.to_string(), format!("{} ({kind}): child protection work for {} children", l.display_name, l.child_protection_cases))
    }));
    let mut v = vec![
        date_field("held_on", "Date of the strategy discussion", f, Some(today)),
        Field::Paragraph("Who took part? Police and health are required with the local authority (R-SD-1).".into()),
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

pub async fn strategy_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<ChildParam>,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::RecordStrategyDiscussion)?;
    let child = child_of(&q)?;
    let mut fields = strategy_fields(&state, &user, None, ctx.today()).await?;
    fields.insert(0, Field::Hidden("child", child.to_string()));
    Ok(form(
        &state,
        &user,
        child,
        ("Record a strategy discussion", format!("/episodes/{id}/strategy"), "Save strategy discussion"),
        fields,
        vec![],
    )
    .await)
}

pub async fn strategy(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::RecordStrategyDiscussion)?;
    let child: Uuid = f.get("child").parse().map_err(|_| PageError(ServiceError::NotFound("child")))?;
    let mut errors = ValidationErrors::new();
    let held_on = f.required_date("held_on", "Date of the strategy discussion", &mut errors);
    let result = match (held_on, errors.is_empty()) {
        (Some(held_on), true) => {
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
            };
            cp::record_strategy_discussion(&state.db, &ctx, id, &input).await.map(|_| ())
        }
        _ => Err(ServiceError::Validation(errors)),
    };
    match result {
        Ok(()) => Ok(back_to(child, "strategy")),
        Err(e) => {
            let errors = errors_of(e, "s47_lead_id")?;
            let mut fields = strategy_fields(&state, &user, Some(&f), ctx.today()).await?;
            fields.insert(0, Field::Hidden("child", child.to_string()));
            Ok(form(
                &state,
                &user,
                child,
                ("Record a strategy discussion", format!("/episodes/{id}/strategy"), "Save strategy discussion"),
                fields,
                errors,
            )
            .await)
        }
    }
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

pub async fn conclude_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<ChildParam>,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ConcludeEnquiry)?;
    let child = child_of(&q)?;
    let rec = cp::for_child(&state.db, &ctx, child).await?;
    let e = rec.enquiries.iter().find(|e| e.id == id).ok_or(PageError(ServiceError::NotFound("section 47 enquiry")))?;
    let mut fields = conclude_fields(None, e.version, ctx.today());
    fields.insert(0, Field::Hidden("child", child.to_string()));
    Ok(form(&state, &user, child, ("Conclude the section 47 enquiry", format!("/s47/{id}/conclude"), "Save outcome"), fields, vec![]).await)
}

pub async fn conclude(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, f: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ConcludeEnquiry)?;
    let child: Uuid = f.get("child").parse().map_err(|_| PageError(ServiceError::NotFound("child")))?;
    let mut errors = ValidationErrors::new();
    let on = f.required_date("concluded_on", "Date concluded", &mut errors);
    if f.get("conference_required").is_empty() {
        errors.add("conference_required", "Say whether a conference is needed");
    }
    let version: i32 = f.get("version").parse().unwrap_or(0);
    let result = match (on, errors.is_empty()) {
        (Some(on), true) => {
            let input = cp::ConcludeInput {
                concluded_on: on,
                outcome: f.get("outcome").into(),
                conference_required: f.get("conference_required") == "yes",
                no_conference_reason: f.opt("no_conference_reason"),
                version,
            };
            cp::conclude_enquiry(&state.db, &ctx, id, &input).await
        }
        _ => Err(ServiceError::Validation(errors)),
    };
    match result {
        Ok(()) => Ok(back_to(child, "s47")),
        Err(e) => {
            let errors = errors_of(e, "outcome")?;
            let mut fields = conclude_fields(Some(&f), version, ctx.today());
            fields.insert(0, Field::Hidden("child", child.to_string()));
            Ok(form(
                &state,
                &user,
                child,
                ("Conclude the section 47 enquiry", format!("/s47/{id}/conclude"), "Save outcome"),
                fields,
                errors,
            )
            .await)
        }
    }
}
