//! Leaving care on pages (LC-2..LC-6, T32–T35): each step on its own page that
//! works without JavaScript and posts to the same services as the API. What is owed and due is
//! shown in the child's care section; the care leaver local offer is a public page.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use ff_domain::ValidationErrors;
use ff_domain::looked_after::leaving::{Accommodation, Activity, AdviserContactKind, InTouch, PaymentKind, StayingKind};
use ff_domain::policy::Action;
use ff_service::ServiceError;
use ff_service::looked_after::CareView;
use ff_service::looked_after::leaving::{
    self as svc, AdviserContactInput, AdviserInput, CircumstancesInput, LeavingCarePaymentInput, PathwayPlanInput, StayingEndInput,
    StayingInput,
};
use uuid::Uuid;

use super::{care, care_with_id};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;
use crate::pages::actions::Dated;
use crate::pages::fields::{ChildParam, Reply, back_to, child_of, date_field, errors_of, form};
use crate::pages::{Field, Layout, get, options, render};

child_action!(
    care; plan_form, plan, Action::WorkOnLeavingCare,
    "Record a pathway plan or its review", "Save", "/people/{id}/care/pathway-plan", "care", "agreed_on",
    fields = |c, f, today| {
        let _ = c;
        vec![
            Field::Paragraph("Write the plan agreed with the young person, in their words where you can. A review is recorded as a new plan.".into()),
            date_field("agreed_on", "When was it agreed?", f, Some(today)),
            Field::TextArea("accommodation", "Where they will live, and the help with it", get(f, "accommodation"), ""),
            Field::TextArea("education", "Education, training and work", get(f, "education"), ""),
            Field::TextArea("health", "Health and wellbeing", get(f, "health"), ""),
            Field::TextArea("money", "Money: income, budgeting, allowances", get(f, "money"), ""),
            Field::TextArea("relationships", "Family, friends and other relationships", get(f, "relationships"), ""),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("agreed_on", "The date"), errors).save(async |agreed_on| {
            let input = PathwayPlanInput {
                agreed_on,
                accommodation: form.get("accommodation").into(),
                education: form.get("education").into(),
                health: form.get("health").into(),
                money: form.get("money").into(),
                relationships: form.get("relationships").into(),
            };
            svc::record_plan(db, &ctx, id, &input).await
        })
        .await
    }
);

/// The child's care and the council's personal advisers, for the allocation form.
async fn care_and_advisers(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<(CareView, Vec<(Uuid, String)>), PageError> {
    Ok((care(state, user, child, id).await?, svc::advisers(&state.db, &user.ctx(state)).await?))
}

child_action!(
    care_and_advisers; adviser_form, adviser, Action::WorkOnLeavingCare,
    "Allocate a personal adviser", "Save", "/people/{id}/care/adviser", "care", "from_on",
    fields = |c, f, today| {
        let (_, advisers) = c;
        vec![
            Field::Select(
                "adviser_id",
                "Personal adviser",
                choose_first("Choose a personal adviser", advisers.iter().map(|(id, name)| (id.to_string(), name.clone())).collect()),
                get(f, "adviser_id"),
            ),
            date_field("from_on", "From", f, Some(today)),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let adviser_id = form.get("adviser_id").parse().unwrap_or_default();
        Dated::read(&ctx, form, ("from_on", "The date"), errors).save(async |from_on| {
            let input = AdviserInput { adviser_id, from_on };
            svc::allocate_adviser(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    care; contact_form, contact, Action::WorkOnLeavingCare,
    "Record a personal adviser contact", "Save", "/people/{id}/care/adviser-contact", "care", "contact_on",
    fields = |c, f, today| {
        let _ = c;
        vec![
            date_field("contact_on", "When?", f, Some(today)),
            Field::Radios("kind", "How were you in touch?", options(AdviserContactKind::ALL, |k| k.code(), |k| k.label()), get(f, "kind")),
            Field::TextArea("note", "What was said and agreed (optional)", get(f, "note"), ""),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("contact_on", "The date"), errors).save(async |contact_on| {
            let input = AdviserContactInput {
                contact_on,
                kind: form.get("kind").into(),
                note: form.get("note").into(),
            };
            svc::record_contact(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    care; circumstances_form, circumstances, Action::WorkOnLeavingCare,
    "Where they live and what they do", "Save", "/people/{id}/care/circumstances", "care", "from_on",
    fields = |c, f, today| {
        let _ = c;
        vec![
            date_field("from_on", "From", f, Some(today)),
            Field::Radios("in_touch", "Is the council in touch?", options(InTouch::ALL, |k| k.code(), |k| k.label()), get(f, "in_touch")),
            Field::Select("accommodation", "Where do they live? (when in touch)", choose_first("Choose where they live", options(Accommodation::ALL, |k| k.code(), |k| k.label())), get(f, "accommodation")),
            Field::Radios(
                "suitable",
                "Is it suitable for them?",
                vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())],
                get(f, "suitable"),
            ),
            Field::Select("activity", "What do they do? (when in touch)", choose_first("Choose what they do", options(Activity::ALL, |k| k.code(), |k| k.label())), get(f, "activity")),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("from_on", "The date"), errors).save(async |from_on| {
            let input = CircumstancesInput {
                from_on,
                in_touch: form.get("in_touch").into(),
                activity: form.opt("activity"),
                accommodation: form.opt("accommodation"),
                suitable: match form.get("suitable") {
                    "yes" => Some(true),
                    "no" => Some(false),
                    _ => None,
                },
            };
            svc::record_circumstances(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    care; staying_form, staying, Action::WorkOnLeavingCare,
    "Staying Put or Staying Close begins", "Save", "/people/{id}/care/staying", "care", "from_on",
    fields = |c, f, today| {
        let _ = c;
        vec![
            Field::Radios("kind", "Which?", options(StayingKind::ALL, |k| k.code(), |k| k.label()), get(f, "kind")),
            Field::Text("carer", "Who do they stay with?", get(f, "carer"), "The former foster carers, or the home nearby"),
            date_field("from_on", "From", f, Some(today)),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("from_on", "The date"), errors).save(async |from_on| {
            let input = StayingInput {
                kind: form.get("kind").into(),
                carer: form.get("carer").into(),
                from_on,
                to_on: None,
            };
            svc::start_staying(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    care_with_id; staying_end_form, staying_end, Action::WorkOnLeavingCare,
    "Staying Put or Staying Close ends", "Save", "/care-staying/{id}/end", "care", "to_on",
    fields = |c, f, today| {
        let (care, id) = c;
        let s = care.leaving_care.as_ref().and_then(|l| l.staying.iter().find(|s| s.id == id));
        let mut fields: Vec<Field> = s.map(|s| Field::Hidden("version", s.version.to_string())).into_iter().collect();
        if let Some(s) = s {
            fields.push(Field::Paragraph(format!("{} with {}, since {}.", s.kind_label, s.carer, s.from_on.format("%-d %B %Y"))));
        }
        fields.push(date_field("to_on", "When did it end?", f, Some(today)));
        fields.push(Field::Text("reason", "Why did it end?", get(f, "reason"), ""));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("to_on", "The date"), errors).save(async |to_on| {
            let input = StayingEndInput {
                to_on,
                reason: form.get("reason").into(),
                version: form.get("version").parse().unwrap_or(0),
            };
            svc::end_staying(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    care; payment_form, payment, Action::WorkOnLeavingCare,
    "Record money paid to a care leaver", "Save", "/people/{id}/care/leaving-care-payment", "care", "paid_on",
    fields = |c, f, today| {
        let left: Vec<String> = c
            .leaving_care
            .as_ref()
            .map(|l| l.allowances.iter().map(|a| format!("{}: {} left of {}.", a.label, crate::pages::pounds(a.left_pence), crate::pages::pounds(a.allowance_pence))).collect())
            .unwrap_or_default();
        let mut fields: Vec<Field> = left.into_iter().map(Field::Paragraph).collect();
        fields.extend([
            Field::Radios("kind", "Paid from", options(PaymentKind::ALL, |k| k.code(), |k| k.label()), get(f, "kind")),
            Field::Text("amount", "Amount in pounds", get(f, "amount"), "For example, 450.00"),
            Field::Text("purpose", "What it paid for", get(f, "purpose"), "For example, a bed and a cooker for the new flat"),
            date_field("paid_on", "Paid on", f, Some(today)),
        ]);
        fields
    },
    submit = |ctx, id, form, errors, db| {
        let amount = crate::pages::support_packages::pence(form, "amount", &mut errors);
        if amount.is_none() && form.get("amount").trim().is_empty() {
            errors.add("amount", "Enter the amount paid");
        }
        Dated::read(&ctx, form, ("paid_on", "The date"), errors).save(async |paid_on| {
            let input = LeavingCarePaymentInput {
                kind: form.get("kind").into(),
                paid_on,
                amount_pence: amount.and_then(|a| u64::try_from(a).ok()).unwrap_or(0),
                purpose: form.get("purpose").into(),
            };
            svc::pay(db, &ctx, id, &input).await
        })
        .await
    }
);

/// A select's options with a first, empty choice, so nothing is chosen by default.
fn choose_first(prompt: &str, mut options: Vec<(String, String)>) -> Vec<(String, String)> {
    options.insert(0, (String::new(), prompt.to_owned()));
    options
}

#[derive(askama::Template)]
#[template(path = "family_networks/local_offer.html")]
struct OfferPage {
    layout: Layout,
    title: &'static str,
    intro: &'static str,
    offer: ff_service::family_networks::LocalOffer,
}

/// The council's local offer to care leavers: public, no sign-in (Children and Social Work Act
/// 2017 s.2).
pub async fn local_offer(State(state): State<AppState>, Path(la): Path<String>) -> Reply {
    let offer = svc::local_offer(&state.db, &la).await?;
    let mut layout = Layout::anonymous(&state, "Local offer for care leavers", "").await;
    layout.council = offer.council.clone();
    layout.la = la;
    let intro = "What the council offers young people leaving its care, and the help they can ask for up to 25 (Children and Social Work Act 2017 section 2).";
    Ok(render(StatusCode::OK, &OfferPage { layout, title: "Local offer for care leavers", intro, offer }))
}
