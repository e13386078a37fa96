//! Children looked after, on pages (issue 13 item 1; LA-1..LA-3): a child becomes looked after,
//! their legal status or placement changes, and they leave care, each on its own page that works
//! without JavaScript and posts to the same service functions as the API. The care history is a
//! section of the child's page.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use ff_domain::ValidationErrors;
use ff_domain::looked_after::{CategoryOfNeed, LegalStatus, PlacementProvider, PlacementType, ReasonCeased, ReviewParticipation};
use ff_domain::policy::Action;
use ff_service::ServiceError;
use ff_service::looked_after::{self as svc, CareReviewInput, CareView, ChangeCareInput, LeaveCareInput, PlacementInput, StartCareInput};
use uuid::Uuid;

use super::fields::{ChildParam, back_to, child_of, date_field, errors_of, form, one_round, unreadable_date};
use super::{Field, get, options};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

async fn care(state: &AppState, user: &PageUser, child: Uuid, _id: Uuid) -> Result<CareView, PageError> {
    Ok(svc::for_child(&state.db, &user.ctx(state), child).await?)
}

/// What was typed, or else `current`.
fn typed_or(f: Option<&FormData>, k: &str, current: &str) -> String {
    match f {
        Some(f) => f.get(k).to_owned(),
        None => current.to_owned(),
    }
}

/// The legal status and placement fields, filled with what was typed or the current episode.
fn placement_fields(f: Option<&FormData>, current: Option<&svc::CareEpisodeView>) -> Vec<Field> {
    let cur = |pick: fn(&svc::CareEpisodeView) -> &str| current.map(pick).unwrap_or("");
    vec![
        Field::Select(
            "legal_status",
            "Legal status",
            options(LegalStatus::ALL, |c| c.code(), |c| c.label()),
            typed_or(f, "legal_status", cur(|e| &e.legal_status)),
        ),
        Field::Select(
            "placement_type",
            "Kind of placement",
            options(PlacementType::ALL, |c| c.code(), |c| c.label()),
            typed_or(f, "placement_type", cur(|e| &e.placement_type)),
        ),
        Field::Select(
            "placement_provider",
            "Who provides the placement",
            options(PlacementProvider::ALL, |c| c.code(), |c| c.label()),
            typed_or(f, "placement_provider", cur(|e| &e.placement_provider)),
        ),
        Field::Text(
            "placement_postcode",
            "Postcode of the placement",
            typed_or(f, "placement_postcode", cur(|e| &e.placement_postcode)),
            "For example, NM1 4AB",
        ),
    ]
}

fn placement_input(form: &FormData) -> PlacementInput {
    PlacementInput {
        legal_status: form.get("legal_status").into(),
        placement_type: form.get("placement_type").into(),
        placement_provider: form.get("placement_provider").into(),
        placement_postcode: form.get("placement_postcode").into(),
    }
}

child_action!(
    care;
    start_form,
    start,
    Action::WorkOnCare,
    "The child becomes looked after",
    "Save",
    "/people/{id}/care/start",
    "care",
    "start_date",
    fields = |c, f, today| {
        let _ = c;
        let mut fields = vec![
            date_field("start_date", "When did the child become looked after?", f, Some(today)),
            Field::Radios(
                "category_of_need",
                "Why is the child looked after?",
                options(CategoryOfNeed::ALL, |c| c.code(), |c| c.label()),
                get(f, "category_of_need"),
            ),
        ];
        fields.extend(placement_fields(f, None));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        let start_date = form.required_date("start_date", "The date the child became looked after", &mut errors);
        let input = StartCareInput {
            start_date: start_date.unwrap_or_else(|| unreadable_date(&ctx)),
            category_of_need: form.get("category_of_need").into(),
            placement: placement_input(form),
        };
        one_round(svc::start(db, &ctx, id, &input).await.map(|_| ()), errors)
    }
);

child_action!(
    care;
    change_form,
    change,
    Action::WorkOnCare,
    "Change the legal status or placement",
    "Save",
    "/people/{id}/care/change",
    "care",
    "start_date",
    fields = |c, f, today| {
        let mut fields = match &c.current {
            Some(cur) => vec![
                Field::Hidden("version", cur.version.to_string()),
                Field::Paragraph(format!(
                    "Now: {} ({}), {} ({}), since {}.",
                    cur.legal_status_label,
                    cur.legal_status,
                    cur.placement_type_label,
                    cur.placement_type,
                    cur.start_date.format("%-d %B %Y")
                )),
            ],
            None => vec![Field::Paragraph("The child is not looked after now.".into())],
        };
        fields.push(date_field("start_date", "From when?", f, Some(today)));
        fields.extend(placement_fields(f, c.current.as_ref()));
        fields.push(Field::Radios(
            "same_carer",
            "Is the child staying with the same carer?",
            vec![("yes".into(), "Yes, the same carer (for example the carer moved house)".into()), ("no".into(), "No".into())],
            typed_or(f, "same_carer", "no"),
        ));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        let start_date = form.required_date("start_date", "The date of the change", &mut errors);
        let input = ChangeCareInput {
            start_date: start_date.unwrap_or_else(|| unreadable_date(&ctx)),
            placement: placement_input(form),
            same_carer: form.get("same_carer") == "yes",
            version: form.get("version").parse().unwrap_or(0),
        };
        one_round(svc::change(db, &ctx, id, &input).await.map(|_| ()), errors)
    }
);

child_action!(
    care;
    leave_form,
    leave,
    Action::WorkOnCare,
    "The child leaves care",
    "Save",
    "/people/{id}/care/leave",
    "care",
    "end_date",
    fields = |c, f, today| {
        let mut fields: Vec<Field> = c.current.iter().map(|cur| Field::Hidden("version", cur.version.to_string())).collect();
        fields.push(date_field("end_date", "When did the child leave care?", f, Some(today)));
        let ways = ReasonCeased::ALL.iter().filter(|r| **r != ReasonCeased::X1).copied().collect::<Vec<_>>();
        fields.push(Field::Select("reason", "How did they leave care?", options(&ways, |c| c.code(), |c| c.label()), get(f, "reason")));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        let end_date = form.required_date("end_date", "The date the child left care", &mut errors);
        let input = LeaveCareInput {
            end_date: end_date.unwrap_or_else(|| unreadable_date(&ctx)),
            reason: form.get("reason").into(),
            version: form.get("version").parse().unwrap_or(0),
        };
        one_round(svc::leave(db, &ctx, id, &input).await, errors)
    }
);

/// The child's care and the council's reviewing officers, for the review form.
async fn care_and_officers(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<(CareView, Vec<(Uuid, String)>), PageError> {
    let c = care(state, user, child, id).await?;
    let officers = svc::reviewing_officers(&state.db, &user.ctx(state)).await?;
    Ok((c, officers))
}

child_action!(
    care_and_officers;
    review_form,
    review,
    Action::RecordCareReview,
    "Record a looked-after review",
    "Save",
    "/people/{id}/care/review",
    "care",
    "held_on",
    fields = |c, f, today| {
        let (care, officers) = c;
        let mut fields = vec![];
        if let (Some(due), Some(which)) = (care.next_review_due, care.next_review.as_deref()) {
            fields.push(Field::Paragraph(format!("The {which} review is due by {}.", due.format("%A %-d %B %Y"))));
        }
        fields.push(date_field("held_on", "When was the review held?", f, Some(today)));
        let chairs = officers.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
        fields.push(Field::Select("chair_id", "Independent reviewing officer who chaired it", chairs, get(f, "chair_id")));
        fields.push(Field::Radios(
            "participation",
            "How did the child take part?",
            options(ReviewParticipation::ALL, |p| p.code(), |p| p.label()),
            get(f, "participation"),
        ));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        let held_on = form.required_date("held_on", "The date of the review", &mut errors);
        let chair_id = form.get("chair_id").parse().unwrap_or_default();
        let input = CareReviewInput { held_on: held_on.unwrap_or_else(|| unreadable_date(&ctx)), chair_id, participation: form.get("participation").into() };
        one_round(svc::record_review(db, &ctx, id, &input).await.map(|_| ()), errors)
    }
);
