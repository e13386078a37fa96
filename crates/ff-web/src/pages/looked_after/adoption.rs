//! Adoption on pages (LA-11): the decision that a child in care should be placed
//! for adoption, the match with prospective adopters, and the decision's end, each on its own page
//! that works without JavaScript and posts to the same services as the API. The placement for
//! adoption is a change of placement (A3–A6) and the adoption order is the child leaving care
//! (E11, E12), on the existing forms. The child's care section shows where things stand.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use ff_domain::ValidationErrors;
use ff_domain::looked_after::adoption::{AdopterLegalStatus, AdopterSex, ReasonPlacedCeased};
use ff_domain::policy::Action;
use ff_service::ServiceError;
use ff_service::looked_after::CareView;
use ff_service::looked_after::adoption::{self as svc, AdoptionCeaseInput, AdoptionDecisionInput, AdoptionMatchInput, AdoptionView};
use uuid::Uuid;

use super::{care, care_with_id};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;
use crate::pages::actions::Dated;
use crate::pages::fields::{ChildParam, back_to, child_of, date_field, errors_of, form};
use crate::pages::{Field, get, options};

child_action!(
    care; decision_form, decision, Action::WorkOnCare,
    "The decision that the child should be placed for adoption", "Save", "/people/{id}/care/adoption", "care", "decided_on",
    fields = |c, f, today| {
        let _ = c;
        vec![
            Field::Paragraph(
                "Record the agency decision maker's decision that the child should be placed for adoption (or the court's placement order). The match with adopters comes next."
                    .into(),
            ),
            date_field("decided_on", "When was it decided?", f, Some(today)),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("decided_on", "The date"), errors).save(async |decided_on| {
            let input = AdoptionDecisionInput { decided_on };
            svc::decide(db, &ctx, id, &input).await
        })
        .await
    }
);

/// The decision a step form is about, found among the child's.
fn decision_of(c: &CareView, id: Uuid) -> Option<&AdoptionView> {
    c.adoption.iter().find(|a| a.id == id)
}

/// The version field and a line saying which decision the form is about.
fn about(care: &CareView, id: Uuid) -> Vec<Field> {
    let mut fields: Vec<Field> = decision_of(care, id).map(|a| Field::Hidden("version", a.version.to_string())).into_iter().collect();
    if let Some(a) = decision_of(care, id) {
        let mut line = format!("Decided on {}.", a.decided_on.format("%-d %B %Y"));
        if let (Some(m), Some(who)) = (a.matched_on, &a.adopters) {
            line.push_str(&format!(" Matched on {} ({}); a new match replaces it.", m.format("%-d %B %Y"), who.to_lowercase()));
        }
        fields.push(Field::Paragraph(line));
    }
    fields
}

child_action!(
    care_with_id; match_form, matched, Action::WorkOnCare,
    "The child is matched with prospective adopters", "Save", "/care-adoption/{id}/match", "care", "matched_on",
    fields = |c, f, today| {
        let (care, id) = c;
        let mut fields = about(&care, id);
        fields.push(date_field("matched_on", "When was the match agreed?", f, Some(today)));
        fields.push(Field::Radios("adopters_sex", "Who are the adopters?", options(AdopterSex::ALL, |s| s.code(), |s| s.label()), get(f, "adopters_sex")));
        fields.push(Field::Radios(
            "adopters_legal_status",
            "Their legal status",
            options(AdopterLegalStatus::ALL, |s| s.code(), |s| s.label()),
            get(f, "adopters_legal_status"),
        ));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        if form.get("adopters_sex").is_empty() {
            errors.add("adopters_sex", "Choose who the adopters are");
        }
        if form.get("adopters_legal_status").is_empty() {
            errors.add("adopters_legal_status", "Choose the adopters' legal status");
        }
        Dated::read(&ctx, form, ("matched_on", "The date"), errors).save(async |matched_on| {
            let input = AdoptionMatchInput {
                matched_on,
                adopters_sex: form.get("adopters_sex").into(),
                adopters_legal_status: form.get("adopters_legal_status").into(),
                version: form.get("version").parse().unwrap_or(0),
            };
            svc::match_adopters(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    care_with_id; cease_form, cease, Action::WorkOnCare,
    "The decision to place for adoption no longer stands", "Save", "/care-adoption/{id}/cease", "care", "ceased_on",
    fields = |c, f, today| {
        let (care, id) = c;
        let mut fields = about(&care, id);
        fields.push(date_field("ceased_on", "From when?", f, Some(today)));
        fields.push(Field::Radios("reason", "Why?", options(ReasonPlacedCeased::ALL, |r| r.code(), |r| r.label()), get(f, "reason")));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        if form.get("reason").is_empty() {
            errors.add("reason", "Choose why the decision no longer stands");
        }
        Dated::read(&ctx, form, ("ceased_on", "The date"), errors).save(async |ceased_on| {
            let input = AdoptionCeaseInput {
                ceased_on,
                reason: form.get("reason").into(),
                version: form.get("version").parse().unwrap_or(0),
            };
            svc::cease(db, &ctx, id, &input).await
        })
        .await
    }
);
