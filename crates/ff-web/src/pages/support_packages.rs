//! Family network support package pages (§5.5, FNSP-1..FNSP-4): a package requested for a child,
//! decided within the decider's limit, paid and closed, and the council's support budget. Every
//! form posts to the same service functions as the API (`api::support_packages`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use ff_domain::ValidationErrors;
use ff_domain::policy::Action;
use ff_domain::support_packages::ItemCategory;
use ff_service::ServiceError;
use ff_service::support_packages as sp;
use uuid::Uuid;

use super::family_networks::{back_to, date_or_stand_in, version_of};
use super::fields::{ChildParam, child_of, date_field, errors_of, form, in_one_round, optional_or_unreadable};
use super::{Field, Layout, get, options, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

/// Pounds typed in a form ("120.50", "£1,200") as pence.
pub(crate) fn pence(f: &FormData, k: &str, errors: &mut ValidationErrors) -> Option<i64> {
    let raw = f.get(k).trim().trim_start_matches('£').replace(',', "");
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<f64>() {
        Ok(p) if p.is_finite() && p > 0.0 && p < 10_000_000.0 => Some((p * 100.0).round() as i64),
        _ => {
            errors.add(k, "Enter an amount in pounds, like 120.50");
            None
        }
    }
}

const ITEM_ROWS: usize = 5;
const ITEM_NAMES: [(&str, &str, &str); ITEM_ROWS] = [
    ("item1_category", "item1_description", "item1_cost"),
    ("item2_category", "item2_description", "item2_cost"),
    ("item3_category", "item3_description", "item3_cost"),
    ("item4_category", "item4_description", "item4_cost"),
    ("item5_category", "item5_description", "item5_cost"),
];
const ITEM_LABELS: [(&str, &str, &str); ITEM_ROWS] = [
    ("Item 1: what for", "Item 1: description", "Item 1: cost in pounds"),
    ("Item 2: what for (optional)", "Item 2: description", "Item 2: cost in pounds"),
    ("Item 3: what for (optional)", "Item 3: description", "Item 3: cost in pounds"),
    ("Item 4: what for (optional)", "Item 4: description", "Item 4: cost in pounds"),
    ("Item 5: what for (optional)", "Item 5: description", "Item 5: cost in pounds"),
];

async fn load_support(state: &AppState, user: &PageUser, child: Uuid, _id: Uuid) -> Result<sp::ChildSupportView, PageError> {
    Ok(sp::for_child(&state.db, &user.ctx(state), child).await?)
}

child_action!(
    load_support;
    package_form,
    package_request,
    Action::RequestSupportPackage,
    "Request a family network support package",
    "Send request",
    "/people/{id}/support-package",
    "network",
    "items",
    fields = |s, f, today| {
        let _ = today;
        let mut cats = vec![(String::new(), "Choose".to_owned())];
        cats.extend(options(ItemCategory::ALL, |c| c.code(), |c| c.label()));
        let mut v = vec![];
        if let Some(r) = &s.ineligible_reason {
            v.push(Field::Paragraph(r.clone()));
        }
        v.push(Field::TextArea("purpose", "What the support is for", get(f, "purpose"), "Keeping the child safely at home, a move to kinship care, or a return home"));
        for (i, (c, d, cost)) in ITEM_NAMES.iter().enumerate() {
            let (lc, ld, lcost) = ITEM_LABELS[i];
            v.push(Field::Select(c, lc, cats.clone(), get(f, c)));
            v.push(Field::Text(d, ld, get(f, d), ""));
            v.push(Field::Text(cost, lcost, get(f, cost), ""));
        }
        if s.needs_no_network_reason {
            v.push(Field::TextArea("no_network_reason", "No family group decision making meeting has been held: why is there no network to meet?", get(f, "no_network_reason"), ""));
        }
        v.push(date_field("review_on", "When to review whether the support is sustainable (optional)", f, None));
        v
    },
    submit = |ctx, id, form, errors, db| {
        let mut items = vec![];
        for (c, d, cost) in ITEM_NAMES {
            let amount = pence(form, cost, &mut errors);
            if form.get(c).is_empty() && form.get(d).trim().is_empty() && amount.is_none() {
                continue;
            }
            items.push(sp::PackageItemInput { category: form.get(c).into(), description: form.get(d).into(), cost_pence: amount.unwrap_or(0) });
        }
        let review_on = optional_or_unreadable(form, "review_on", "Review date", &mut errors);
        let input = sp::PackageRequestInput {
            purpose: form.get("purpose").into(),
            items,
            fgdm_id: None,
            no_network_reason: form.opt("no_network_reason"),
            review_on,
            requested_on: None,
        };
        in_one_round(errors, "review_on", sp::request_package(db, &ctx, id, &input)).await
    }
);

async fn load_package(
    state: &AppState,
    user: &PageUser,
    child: Uuid,
    id: Uuid,
) -> Result<(sp::ChildSupportView, sp::PackageView), PageError> {
    let s = load_support(state, user, child, id).await?;
    let p = s.packages.iter().find(|p| p.id == id).cloned().ok_or(PageError(ServiceError::NotFound("support package")))?;
    Ok((s, p))
}

fn money(p: i64) -> String {
    ff_domain::support_packages::pounds(p)
}

child_action!(
    load_package;
    decide_form,
    decide,
    Action::DecideSupportPackage,
    "Decide on the support package",
    "Save decision",
    "/support-packages/{id}/decide",
    "network",
    "decision",
    fields = |sp_, f, today| {
        let (s, p) = sp_;
        let _ = today;
        let limit = s.viewer_approval_limit_pence.map(money).unwrap_or_else(|| "nothing".into());
        vec![
            Field::Hidden("version", p.version.to_string()),
            Field::Paragraph(format!("{}: {} in total. You may approve up to {limit} (the council's limit for your role).", p.purpose, money(p.total_pence))),
            Field::Radios("decision", "Decision", vec![("approve".into(), "Approve".into()), ("decline".into(), "Decline".into())], get(f, "decision")),
            Field::TextArea("note", "Reasons", get(f, "note"), ""),
            date_field("review_on", "Sustainability review date (required to approve unless set with the request)", f, p.review_on),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let review_on = form.optional_date("review_on", "Review date", &mut errors);
        errors.into_result(())?;
        let input = sp::PackageDecisionInput { decision: form.get("decision").into(), note: form.get("note").into(), review_on, decided_on: None, version: version_of(form) };
        sp::decide(db, &ctx, id, &input).await.map(|_| ())
    }
);

child_action!(
    load_package;
    payment_form,
    payment,
    Action::RecordSupportPayment,
    "Record a payment",
    "Record payment",
    "/support-packages/{id}/payment",
    "network",
    "amount",
    fields = |sp_, f, today| {
        let p = &sp_.1;
        vec![
            Field::Hidden("version", p.version.to_string()),
            Field::Paragraph(format!("Approved {}; paid {}; {} still to pay.", money(p.total_pence), money(p.paid_pence), money(p.remaining_pence))),
            date_field("paid_on", "Date paid", f, Some(today)),
            Field::Text("amount", "Amount in pounds", get(f, "amount"), ""),
            Field::Text("payee", "Paid to", get(f, "payee"), "The carer, a supplier or a landlord"),
            Field::Text("reference", "Finance reference (optional)", get(f, "reference"), ""),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let paid_on = date_or_stand_in(&ctx, form, "paid_on", "Date paid", &mut errors);
        let amount = pence(form, "amount", &mut errors);
        if amount.is_none() && errors.for_field("amount").is_none() {
            errors.add("amount", "Enter the amount paid");
        }
        let input = sp::PaymentInput {
            paid_on,
            amount_pence: amount.unwrap_or(0),
            payee: form.get("payee").into(),
            reference: form.opt("reference"),
            version: version_of(form),
        };
        in_one_round(errors, "paid_on", sp::record_payment(db, &ctx, id, &input)).await
    }
);

#[derive(Template)]
#[template(path = "family_networks/budget.html")]
struct BudgetPage {
    layout: Layout,
    b: sp::BudgetView,
    chart: super::Chart,
}

#[derive(serde::Deserialize)]
pub struct YearQuery {
    /// Read leniently: a year that cannot be read shows the current financial year (named in the
    /// page's heading) rather than a bare error page.
    year: Option<String>,
}

/// The council's support package budget: spent, committed and remaining, as a chart and a table.
pub async fn budget(State(state): State<AppState>, user: PageUser, Query(q): Query<YearQuery>) -> Result<Response, PageError> {
    let b = sp::budget(&state.db, &user.ctx(&state), q.year.and_then(|y| y.trim().parse::<i32>().ok())).await?;
    let pounds = |p: i64| p as f64 / 100.0;
    let chart = super::chart(
        &[
            ("Spent".into(), pounds(b.spent_pence), false),
            ("Committed, not yet paid".into(), pounds(b.committed_pence), false),
            ("Remaining".into(), pounds(b.remaining_pence.max(0)), b.over_budget),
        ],
        Some(pounds(b.budget_pence)),
    )
    // Money on the bars as everywhere else: £1,234.56.
    .with_values(&[super::pounds(b.spent_pence), super::pounds(b.committed_pence), super::pounds(b.remaining_pence.max(0))]);
    let layout = Layout::for_user(&state, &user, "Support package budget", "/support-budget").await;
    Ok(render(StatusCode::OK, &BudgetPage { layout, b, chart }))
}
