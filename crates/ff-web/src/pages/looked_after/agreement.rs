//! The placement agreement on a page (PA-1..PA-4): the weekly cost and who pays which part, how
//! the placement was found, the kind of provision and why it is at a distance, for the child's
//! current placement. Works without JavaScript and posts to the same service as the API; the
//! child's care section shows the agreement once recorded.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use ff_domain::ValidationErrors;
use ff_domain::looked_after::agreement::{DistanceReason, ProvisionType, SourcingRoute};
use ff_domain::policy::Action;
use ff_service::ServiceError;
use ff_service::looked_after::CareView;
use ff_service::looked_after::agreement::{self as svc, AgreementInput};
use uuid::Uuid;

use super::care;
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;
use crate::pages::actions::Dated;
use crate::pages::fields::{ChildParam, back_to, child_of, date_field, errors_of, form};
use crate::pages::home_search::pence;
use crate::pages::{Field, options};

/// Pence as the form shows them: "4200.00".
fn pounds(p: i64) -> String {
    format!("{}.{:02}", p / 100, p % 100)
}

/// What the form holds for `name`: what was posted, else the agreement recorded, else `fallback`.
fn value(f: Option<&FormData>, care: &CareView, name: &str, fallback: &str) -> String {
    if let Some(f) = f {
        return f.get(name).to_owned();
    }
    let Some(a) = &care.agreement else { return fallback.to_owned() };
    match name {
        "weekly_cost" => pounds(a.weekly_cost_pence),
        "social_care" => pounds(a.social_care_pence),
        "education" => pounds(a.education_pence),
        "health" => pounds(a.health_pence),
        "sourcing_route" => a.sourcing_route.clone(),
        "provision_type" => a.provision_type.clone(),
        "distance_reason" => a.distance_reason.clone(),
        _ => fallback.to_owned(),
    }
}

/// The accepted offer of the child's search for a home, if one ended with a home found: its id
/// and cost, to link and to start from.
fn accepted_offer(care: &CareView) -> Option<(Uuid, Option<i64>)> {
    care.home_searches
        .iter()
        .filter(|s| s.status == "placed")
        .find_map(|s| s.answers.iter().find(|a| a.decision.as_deref() == Some("accepted")).map(|a| (a.id, a.weekly_cost_pence)))
}

fn fields(care: &CareView, f: Option<&FormData>, today: chrono::NaiveDate) -> Vec<Field> {
    let offer = accepted_offer(care);
    let cost_from_offer = offer.and_then(|(_, c)| c).map(pounds).unwrap_or_default();
    let version = care.agreement.as_ref().map_or(0, |a| a.version);
    let mut fields = vec![Field::Hidden("version", version.to_string())];
    let agreed = care.agreement.as_ref().map(|a| a.agreed_on);
    fields.push(Field::Paragraph(match (&care.current, offer) {
        (Some(c), Some(_)) => format!(
            "For the placement that began on {} ({}). The child's search for a home ended with an offer accepted: its weekly cost is filled in, and the agreement is linked to it.",
            care.placement_since.unwrap_or(c.start_date).format("%-d %B %Y"),
            c.placement_type_label.to_lowercase()
        ),
        (Some(c), None) => format!(
            "For the placement that began on {} ({}).",
            care.placement_since.unwrap_or(c.start_date).format("%-d %B %Y"),
            c.placement_type_label.to_lowercase()
        ),
        (None, _) => "The child is not in care.".to_owned(),
    }));
    if let Some((id, _)) = offer {
        fields.push(Field::Hidden("offer_id", id.to_string()));
    }
    let text = |name: &'static str, label: &'static str, fallback: &str, hint: &'static str| {
        Field::Text(name, label, value(f, care, name, fallback), hint)
    };
    if let Some(a) = &care.agreement {
        let lines: Vec<String> = a.history.iter().map(|t| format!("From {}: {}.", t.from.format("%-d %B %Y"), t.summary)).collect();
        fields.push(Field::Paragraph(format!(
            "Agreed so far: {} To change the cost from a later day, give that day below: the days before it keep what was agreed for them. To correct the terms, keep the day as it is.",
            lines.join(" ")
        )));
    }
    let question = if care.agreement.is_some() { "From what day do these terms apply?" } else { "When was it agreed?" };
    fields.extend([
        date_field("agreed_on", question, f, agreed.or(Some(today))),
        text("weekly_cost", "Weekly cost, in pounds", &cost_from_offer, "The whole cost each week, for example 4250.00"),
        text("social_care", "Paid by social care, in pounds", &cost_from_offer, "The three parts must come to the weekly cost. Rule PA-1"),
        text("education", "Paid by education, in pounds", "0.00", "Leave empty if education pays nothing"),
        text("health", "Paid by health, in pounds", "0.00", "Leave empty if health pays nothing"),
        Field::Select(
            "sourcing_route",
            "How was the placement found?",
            options(SourcingRoute::ALL, |o| o.code(), |o| o.label()),
            value(f, care, "sourcing_route", if offer.is_some() { "spot" } else { "in_house" }),
        ),
        Field::Select(
            "provision_type",
            "What kind of provision is it?",
            options(ProvisionType::ALL, |o| o.code(), |o| o.label()),
            value(f, care, "provision_type", ""),
        ),
        Field::Select(
            "distance_reason",
            "Why is it at a distance?",
            options(DistanceReason::ALL, |o| o.code(), |o| o.label()),
            value(f, care, "distance_reason", "not_applicable"),
        ),
    ]);
    fields
}

/// Pounds typed into `name` (`what` names it in a mistake) as pence. A part left empty is
/// nothing (`blank_is_nothing`); the weekly cost must be given. An amount that cannot be read
/// stands in as a penny below nothing, which the rules refuse on their own (PA-1) without a sum
/// that would compare the other parts with a nought nobody typed.
fn money(f: &FormData, (name, what): (&str, &str), blank_is_nothing: bool, errors: &mut ValidationErrors) -> i64 {
    let typed = f.get(name).trim();
    if typed.is_empty() && blank_is_nothing {
        return 0;
    }
    match pence(typed) {
        Some(p) => p,
        None => {
            errors.add(name, format!("Enter {what} in pounds, like 4250.00"));
            -1
        }
    }
}

child_action!(
    care; agreement_form, agreement, Action::WorkOnCare,
    "The placement agreement", "Save", "/people/{id}/care/agreement", "care", "weekly_cost",
    fields = |c, f, today| fields(&c, f, today),
    submit = |ctx, id, form, errors, db| {
        let weekly_cost_pence = money(form, ("weekly_cost", "the weekly cost"), false, &mut errors);
        let social_care_pence = money(form, ("social_care", "what social care pays"), true, &mut errors);
        let education_pence = money(form, ("education", "what education pays"), true, &mut errors);
        let health_pence = money(form, ("health", "what health pays"), true, &mut errors);
        Dated::read(&ctx, form, ("agreed_on", "The date it was agreed"), errors).save(async |agreed_on| {
            let input = AgreementInput {
                agreed_on,
                weekly_cost_pence,
                social_care_pence,
                education_pence,
                health_pence,
                sourcing_route: form.get("sourcing_route").into(),
                provision_type: form.get("provision_type").into(),
                distance_reason: form.get("distance_reason").into(),
                offer_id: Uuid::parse_str(form.get("offer_id")).ok(),
                version: form.get("version").parse().unwrap_or(0),
            };
            svc::record(db, &ctx, id, &input).await
        })
        .await
    }
);
