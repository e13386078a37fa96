//! Family network support packages (domain reference §5.5): a practitioner asks
//! for costed support for a child open to Family Help or child protection after a family group
//! decision making meeting (FNSP-1); a social worker, LCPP or manager approves it within their
//! limit (FNSP-2) or declines it; a manager records the payments, which never exceed the approved
//! total (FNSP-3); the package is closed when the support ends. Managers and analysts see the
//! council's budget for a financial year.

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::family_networks::FgdmState;
use ff_domain::policy::Action;
use ff_domain::support_packages::{
    BudgetFacts, EligibilityFacts, FinancialYear, ItemCategory, MAX_PACKAGE_PENCE, PackageStatus, approval_limit, budget_summary,
    check_approval, check_eligibility, check_payment,
};
use ff_store::Db;
use ff_store::support_packages::{ItemRow, PackageRow, PaymentRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::versioned::{aggregate, save};
use crate::{Ctx, Result, ServiceError, audit};
use crate::{field_err, settings_and_calendar, stale, trimmed};

/// The record type of a package in the audit trail and in `record_versions`.
const RECORD: &str = "support_package";
const MAX_ITEMS: usize = 30;
const MAX_TEXT: usize = 2_000;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PackageItemInput {
    /// child_needs, carer_essentials, home_adaptation, transport, activities, family_support,
    /// unpaid_leave, housing_deposit or other.
    pub category: String,
    pub description: String,
    /// The cost in pence (£120.50 is 12050).
    pub cost_pence: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PackageRequestInput {
    /// What the support is for: keeping the child safely at home, a move to kinship care, a
    /// return home.
    pub purpose: String,
    /// At least one costed item; the package's total is their sum.
    pub items: Vec<PackageItemInput>,
    /// The family group decision making meeting that identified the support. Defaults to the
    /// child's most recent meeting that was held.
    pub fgdm_id: Option<Uuid>,
    /// Why the child has no family network to meet, when no meeting was held (FNSP-1).
    pub no_network_reason: Option<String>,
    /// When to review whether the support is sustainable (required by approval).
    pub review_on: Option<NaiveDate>,
    /// Defaults to today.
    pub requested_on: Option<NaiveDate>,
}

/// The facts FNSP-1 needs, with the FGDM the package follows (`fgdm`: the one chosen, or the
/// child's latest held meeting).
async fn eligibility(
    tx: &mut ff_store::Tx,
    ctx: &Ctx,
    child: Uuid,
    fgdm: Option<Uuid>,
    no_network_reason: Option<&str>,
) -> Result<(EligibilityFacts, Option<Uuid>)> {
    let row = ff_store::support_packages::eligibility_facts(tx, ctx.la(), child).await?;
    let (fgdm_id, fgdm_held) = match fgdm {
        Some(id) => {
            let state = ff_store::support_packages::fgdm_state(tx, ctx.la(), child, id)
                .await?
                .ok_or_else(|| field_err("fgdm_id", "Choose one of this child's family group decision making meetings"))?;
            (Some(id), matches!(state, FgdmState::MeetingHeld | FgdmState::PlanAgreed))
        }
        None => (row.latest_held_fgdm, row.latest_held_fgdm.is_some()),
    };
    let facts = EligibilityFacts {
        open_family_help: row.open_episodes > 0,
        open_child_protection: row.open_child_protection > 0,
        fgdm_held,
        no_network_reason_recorded: no_network_reason.is_some_and(|r| !r.trim().is_empty()),
    };
    Ok((facts, fgdm_id))
}

fn too_long(errors: &mut ValidationErrors, field: &str, value: &str, what: &str) {
    if value.chars().count() > MAX_TEXT {
        errors.add(field, format!("{what} must be at most {MAX_TEXT} characters"));
    }
}

/// Ask for a support package for a child (FNSP-1: open to Family Help or child protection, and a
/// family group decision making meeting held unless there is no network).
pub async fn request_package(db: &Db, ctx: &Ctx, child: Uuid, input: &PackageRequestInput) -> Result<Uuid> {
    ctx.authorise(Action::RequestSupportPackage)?;
    let draft = parse_request(ctx, input)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::RequestSupportPackage, child).await?;
    ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    let (facts, fgdm_id) = eligibility(&mut tx, ctx, child, input.fgdm_id, draft.no_network_reason.as_deref()).await?;
    check_eligibility(&facts).map_err(ServiceError::Rule)?;
    let id = write_request(&mut tx, ctx, child, fgdm_id, input, draft).await?;
    tx.commit().await?;
    Ok(id)
}

/// A package request read: the purpose, the reason there is no network, the costed items, their
/// total and the date.
struct RequestDraft {
    purpose: String,
    no_network_reason: Option<String>,
    items: Vec<(ItemCategory, String, i64)>,
    total: i64,
    requested_on: NaiveDate,
}

/// Reads the request form: a purpose, the items and their total, a date not in the future and a
/// review after it; every mistake in one round.
fn parse_request(ctx: &Ctx, input: &PackageRequestInput) -> Result<RequestDraft> {
    let today = ctx.today();
    let mut errors = ValidationErrors::new();
    let purpose = input.purpose.trim();
    if purpose.is_empty() {
        errors.add("purpose", "Describe what the support is for");
    }
    too_long(&mut errors, "purpose", purpose, "The purpose");
    let no_network_reason = trimmed(&input.no_network_reason);
    too_long(&mut errors, "no_network_reason", no_network_reason.as_deref().unwrap_or(""), "The reason");
    let (items, total) = parse_items(&input.items, &mut errors);
    let requested_on = input.requested_on.unwrap_or(today);
    if requested_on > today {
        errors.add("requested_on", "The date of the request cannot be in the future");
    }
    if input.review_on.is_some_and(|r| r <= requested_on) {
        errors.add("review_on", "The sustainability review must be after the request");
    }
    errors.into_result(())?;
    Ok(RequestDraft { purpose: purpose.to_owned(), no_network_reason, items, total, requested_on })
}

/// Reads the costed items (one to `MAX_ITEMS`, each with a category, a description and a cost)
/// and their total, which must not be too large.
fn parse_items(input: &[PackageItemInput], errors: &mut ValidationErrors) -> (Vec<(ItemCategory, String, i64)>, i64) {
    if input.is_empty() {
        errors.add("items", "Add at least one item, with its cost");
    }
    if input.len() > MAX_ITEMS {
        errors.add("items", format!("A package has at most {MAX_ITEMS} items"));
    }
    let mut items = vec![];
    let mut total: i64 = 0;
    for (i, item) in input.iter().take(MAX_ITEMS).enumerate() {
        let n = i + 1;
        let category = ItemCategory::from_code(item.category.trim());
        if category.is_none() {
            errors.add("items", format!("Item {n}: choose what it pays for from the list"));
        }
        let description = item.description.trim();
        if description.is_empty() || description.chars().count() > 500 {
            errors.add("items", format!("Item {n}: describe it (up to 500 characters)"));
        }
        if item.cost_pence <= 0 || item.cost_pence > MAX_PACKAGE_PENCE {
            errors.add("items", format!("Item {n}: enter a cost of more than £0"));
        }
        total = total.saturating_add(item.cost_pence.clamp(0, MAX_PACKAGE_PENCE));
        if let Some(category) = category {
            items.push((category, description.to_owned(), item.cost_pence));
        }
    }
    if total > MAX_PACKAGE_PENCE {
        errors.add("items", "The package's total is too large: split the support or check the costs");
    }
    (items, total)
}

/// Records the requested package and its items, keeps its first version and audits.
async fn write_request(
    tx: &mut ff_store::Tx,
    ctx: &Ctx,
    child: Uuid,
    fgdm_id: Option<Uuid>,
    input: &PackageRequestInput,
    draft: RequestDraft,
) -> Result<Uuid> {
    let row = PackageRow {
        id: ctx.new_id(),
        child_id: child,
        fgdm_id,
        status: PackageStatus::Requested,
        purpose: draft.purpose,
        requested_on: draft.requested_on,
        requested_by: ctx.actor.user_id,
        no_network_reason: draft.no_network_reason,
        review_on: input.review_on,
        decided_by: None,
        decided_on: None,
        decision_note: None,
        closed_on: None,
        close_note: None,
        total_pence: draft.total,
        version: 1,
        created_at: ctx.now,
    };
    ff_store::support_packages::insert_package(tx, ctx.la(), &row).await?;
    for (i, (category, description, cost_pence)) in draft.items.into_iter().enumerate() {
        let item = ItemRow { id: ctx.new_id(), package_id: row.id, position: i as i32 + 1, category, description, cost_pence };
        ff_store::support_packages::insert_item(tx, ctx.la(), &item).await?;
    }
    ff_store::versions::record_version(tx, ctx.la(), RECORD, row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(tx, ctx, "create", RECORD, Some(row.id.to_string()), "support package requested").await?;
    Ok(row.id)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PackageDecisionInput {
    /// approve or decline.
    pub decision: String,
    /// The reasons for the decision (recorded on the package, never in the audit trail).
    pub note: String,
    /// When to review whether the support is sustainable: required to approve, unless set
    /// with the request. Replaces the request's date when given.
    pub review_on: Option<NaiveDate>,
    /// Defaults to today.
    pub decided_on: Option<NaiveDate>,
    /// The package's version when the form was opened (no lost update).
    pub version: i32,
}

async fn package(tx: &mut ff_store::Tx, ctx: &Ctx, id: Uuid) -> Result<(PackageRow, PackageStatus)> {
    let p = ff_store::support_packages::get_package(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("support package"))?;
    let status = p.status;
    Ok((p, status))
}

/// Approve a package within the approver's limit (FNSP-2), the child still eligible (FNSP-1);
/// or decline it. Either way with a note.
pub async fn decide(db: &Db, ctx: &Ctx, package_id: Uuid, input: &PackageDecisionInput) -> Result<PackageStatus> {
    ctx.authorise(Action::DecideSupportPackage)?;
    let today = ctx.today();
    let mut errors = ValidationErrors::new();
    let decision = match input.decision.trim() {
        "approve" => Some(PackageStatus::Approved),
        "decline" => Some(PackageStatus::Declined),
        _ => {
            errors.add("decision", "Choose whether to approve or decline the package");
            None
        }
    };
    let note = input.note.trim();
    if note.is_empty() {
        errors.add("note", "Give the reasons for the decision");
    }
    too_long(&mut errors, "note", note, "The reasons");
    let decided_on = input.decided_on.unwrap_or(today);
    if decided_on > today {
        errors.add("decided_on", "The date of the decision cannot be in the future");
    }
    let decision =
        errors.into_result(decision)?.ok_or_else(|| field_err("decision", "Choose whether to approve or decline the package"))?;

    let mut tx = db.begin().await?;
    let (mut p, status) = package(&mut tx, ctx, package_id).await?;
    ctx.authorise_child(&mut tx, Action::DecideSupportPackage, p.child_id).await?;
    if !status.can_decide() {
        // Decided by someone else first: a lost race is a conflict (409).
        return Err(ServiceError::Conflict {
            message: format!("This package has already been {}; nothing was saved.", status.label().to_lowercase()),
            current_version: p.version,
        });
    }
    if p.version != input.version {
        return Err(stale("support package", p.version));
    }
    if decided_on < p.requested_on {
        return Err(field_err("decided_on", "The decision cannot be before the request"));
    }
    let review_on = input.review_on.or(p.review_on);
    if decision == PackageStatus::Approved {
        let (settings, _) = settings_and_calendar(&mut tx, ctx.la()).await?;
        check_approval(ctx.actor.role, p.total_pence, &settings.family_networks).map_err(ServiceError::Rule)?;
        ff_domain::support_packages::check_four_eyes(p.requested_by, ctx.actor.user_id).map_err(ServiceError::Rule)?;
        let (facts, _) = eligibility(&mut tx, ctx, p.child_id, p.fgdm_id, p.no_network_reason.as_deref()).await?;
        check_eligibility(&facts).map_err(ServiceError::Rule)?;
        match review_on {
            None => return Err(field_err("review_on", "Set a date to review whether the support is sustainable")),
            Some(r) if r <= decided_on => return Err(field_err("review_on", "The sustainability review must be after the decision")),
            Some(_) => {}
        }
    }
    p.status = decision;
    p.review_on = review_on;
    p.decided_by = Some(ctx.actor.user_id);
    p.decided_on = Some(decided_on);
    p.decision_note = Some(note.into());
    let (action, summary) = match decision {
        PackageStatus::Approved => ("approve", "support package approved"),
        _ => ("decline", "support package declined"),
    };
    save(&mut tx, ctx, input.version, p, action, summary).await?;
    tx.commit().await?;
    Ok(decision)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PaymentInput {
    pub paid_on: NaiveDate,
    /// The amount in pence (£120.50 is 12050).
    pub amount_pence: i64,
    /// Who was paid: the carer, a supplier, a landlord.
    pub payee: String,
    /// The finance system's reference, if any.
    pub reference: Option<String>,
    /// The package's version when the form was opened: a payment recorded meanwhile makes this
    /// one stale, so the remaining amount is looked at again.
    pub version: i32,
}

/// Record a payment under an approved package; payments never exceed the approved total (FNSP-3).
pub async fn record_payment(db: &Db, ctx: &Ctx, package_id: Uuid, input: &PaymentInput) -> Result<Uuid> {
    ctx.authorise(Action::RecordSupportPayment)?;
    let mut errors = ValidationErrors::new();
    if input.amount_pence <= 0 {
        errors.add("amount_pence", "Enter an amount of more than £0");
    }
    let payee = input.payee.trim();
    if payee.is_empty() || payee.chars().count() > 200 {
        errors.add("payee", "Enter who was paid (up to 200 characters)");
    }
    let reference = trimmed(&input.reference);
    if reference.as_ref().is_some_and(|r| r.chars().count() > 100) {
        errors.add("reference", "The reference must be at most 100 characters");
    }
    if input.paid_on > ctx.today() {
        errors.add("paid_on", "The payment date cannot be in the future");
    }
    errors.into_result(())?;

    let mut tx = db.begin().await?;
    let (p, status) = package(&mut tx, ctx, package_id).await?;
    ctx.authorise_child(&mut tx, Action::RecordSupportPayment, p.child_id).await?;
    if p.version != input.version {
        return Err(stale("support package", p.version));
    }
    let paid = ff_store::support_packages::paid_to_date(&mut tx, ctx.la(), p.id).await?;
    check_payment(status, p.total_pence, paid, input.amount_pence).map_err(ServiceError::Rule)?;
    if p.decided_on.is_some_and(|d| input.paid_on < d) {
        return Err(field_err("paid_on", "A payment cannot be made before the package was approved"));
    }
    // The package's version moves with every payment: two payments recorded at once cannot both
    // pass FNSP-3 against the same amount paid. The payment's audit event tells the change.
    crate::versioned::save_within(&mut tx, ctx, input.version, p).await?;
    let row = PaymentRow {
        id: ctx.new_id(),
        package_id,
        paid_on: input.paid_on,
        amount_pence: input.amount_pence,
        payee: payee.into(),
        reference,
        recorded_by: ctx.actor.user_id,
        created_at: ctx.now,
    };
    ff_store::support_packages::insert_payment(&mut tx, ctx.la(), &row).await?;
    audit(&mut tx, ctx, "create", "package_payment", Some(row.id.to_string()), "support package payment recorded").await?;
    tx.commit().await?;
    Ok(row.id)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ClosePackageInput {
    pub closed_on: NaiveDate,
    /// Why: the support is complete, no longer needed, or the request is withdrawn.
    pub note: Option<String>,
    pub version: i32,
}

/// Close a package: withdraw a request (whoever may request one), or end an approved package
/// (whoever may decide one), releasing what is unpaid from the budget.
pub async fn close(db: &Db, ctx: &Ctx, package_id: Uuid, input: &ClosePackageInput) -> Result<()> {
    ctx.authorise(Action::RequestSupportPackage)?;
    let note = trimmed(&input.note);
    let mut errors = ValidationErrors::new();
    too_long(&mut errors, "note", note.as_deref().unwrap_or(""), "The note");
    if input.closed_on > ctx.today() {
        errors.add("closed_on", "The date cannot be in the future");
    }
    errors.into_result(())?;
    let mut tx = db.begin().await?;
    let (mut p, status) = package(&mut tx, ctx, package_id).await?;
    ctx.authorise_child(&mut tx, Action::RequestSupportPackage, p.child_id).await?;
    if status == PackageStatus::Approved {
        ctx.authorise_child(&mut tx, Action::DecideSupportPackage, p.child_id).await?;
    }
    if !status.can_close() {
        return Err(field_err("closed_on", format!("This package is already {}", status.label().to_lowercase())));
    }
    if p.version != input.version {
        return Err(stale("support package", p.version));
    }
    if input.closed_on < p.decided_on.unwrap_or(p.requested_on) {
        return Err(field_err("closed_on", "The package cannot close before it was requested or decided"));
    }
    p.status = PackageStatus::Closed;
    p.closed_on = Some(input.closed_on);
    p.close_note = note;
    let summary = if status == PackageStatus::Requested { "support package request withdrawn" } else { "support package closed" };
    save(&mut tx, ctx, input.version, p, "close", summary).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PackageItemView {
    pub id: Uuid,
    pub category: String,
    pub category_label: String,
    pub description: String,
    pub cost_pence: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentView {
    pub id: Uuid,
    pub paid_on: NaiveDate,
    pub amount_pence: i64,
    pub payee: String,
    pub reference: Option<String>,
    pub recorded_by: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PackageView {
    pub id: Uuid,
    pub child_id: Uuid,
    pub fgdm_id: Option<Uuid>,
    /// requested, approved, declined or closed.
    pub status: String,
    pub status_label: String,
    pub purpose: String,
    pub requested_on: NaiveDate,
    pub requested_by: String,
    pub no_network_reason: Option<String>,
    /// The sustainability review date.
    pub review_on: Option<NaiveDate>,
    /// An open approved package whose review date has passed.
    pub review_overdue: bool,
    pub decided_by: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub decision_note: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub close_note: Option<String>,
    pub total_pence: i64,
    pub paid_pence: i64,
    /// What is still to be paid (approved packages only; 0 otherwise).
    pub remaining_pence: i64,
    pub items: Vec<PackageItemView>,
    /// Oldest first.
    pub payments: Vec<PaymentView>,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChildSupportView {
    pub child_id: Uuid,
    /// Newest request first.
    pub packages: Vec<PackageView>,
    /// Why a new package could not be requested today (FNSP-1: the child is not open to Family
    /// Help or child protection), if it could not.
    pub ineligible_reason: Option<String>,
    /// No family group decision making meeting has been held for the child: a request must say
    /// why there is no network to meet (FNSP-1).
    pub needs_no_network_reason: bool,
    /// The child's most recent family group decision making meeting that was held.
    pub latest_held_fgdm: Option<Uuid>,
    /// The most the viewer may approve (FNSP-2); none when they cannot approve.
    pub viewer_approval_limit_pence: Option<i64>,
}

/// A child's support packages with their items and payments, paid to date and remaining.
pub async fn for_child(db: &Db, ctx: &Ctx, child: Uuid) -> Result<ChildSupportView> {
    let mut tx = db.begin().await?;
    let f = load_support_facts(&mut tx, ctx, child).await?;
    audit(&mut tx, ctx, "view", "support_packages", Some(child.to_string()), "support packages viewed").await?;
    tx.commit().await?;
    let today = ctx.today();
    let packages = f.rows.packages.iter().map(|p| package_view(p, &f.rows, &f.users, today)).collect();
    let facts = f.facts;
    // FNSP-1 as it stands today, the meeting aside (a request may record why there is no network).
    let ineligible_reason = check_eligibility(&EligibilityFacts { fgdm_held: true, ..facts }).err().map(|r| r.message);
    Ok(ChildSupportView {
        child_id: child,
        packages,
        ineligible_reason,
        needs_no_network_reason: !facts.fgdm_held,
        latest_held_fgdm: f.latest_held_fgdm,
        viewer_approval_limit_pence: approval_limit(ctx.actor.role, &f.settings.family_networks),
    })
}

/// What a child's support view is built from: the packages, FNSP-1 as it stands, the staff and
/// the council's settings.
struct SupportFacts {
    rows: ff_store::support_packages::ChildPackages,
    facts: EligibilityFacts,
    latest_held_fgdm: Option<Uuid>,
    users: Vec<ff_store::users::UserRow>,
    settings: ff_domain::settings::LaSettings,
}

/// Checks the reader may see the child's packages, then reads them, the eligibility facts, the
/// staff and the settings.
async fn load_support_facts(tx: &mut ff_store::Tx, ctx: &Ctx, child: Uuid) -> Result<SupportFacts> {
    ctx.authorise_child(tx, Action::ViewSupportPackages, child).await?;
    ff_store::people::get_person(tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    let rows = ff_store::support_packages::for_child(tx, ctx.la(), child).await?;
    let (facts, latest_held_fgdm) = eligibility(tx, ctx, child, None, None).await?;
    let users = ff_store::users::list(tx, ctx.la(), 10_000, 0).await?;
    let (settings, _) = settings_and_calendar(tx, ctx.la()).await?;
    Ok(SupportFacts { rows, facts, latest_held_fgdm, users, settings })
}

/// The display name of a member of staff, or nothing.
fn staff_name(users: &[ff_store::users::UserRow], id: Uuid) -> String {
    users.iter().find(|u| u.id == id).map(|u| u.display_name.clone()).unwrap_or_default()
}

/// One package with its items and payments, what is paid and what remains (approved only).
fn package_view(
    p: &PackageRow,
    rows: &ff_store::support_packages::ChildPackages,
    users: &[ff_store::users::UserRow],
    today: NaiveDate,
) -> PackageView {
    let name = |id: Uuid| staff_name(users, id);
    let payments: Vec<PaymentView> = rows
        .payments
        .iter()
        .filter(|y| y.package_id == p.id)
        .map(|y| PaymentView {
            id: y.id,
            paid_on: y.paid_on,
            amount_pence: y.amount_pence,
            payee: y.payee.clone(),
            reference: y.reference.clone(),
            recorded_by: name(y.recorded_by),
        })
        .collect();
    let paid_pence: i64 = payments.iter().map(|y| y.amount_pence).sum();
    let approved = p.status == PackageStatus::Approved;
    PackageView {
        id: p.id,
        child_id: p.child_id,
        fgdm_id: p.fgdm_id,
        status: p.status.code().to_owned(),
        status_label: p.status.label().to_owned(),
        purpose: p.purpose.clone(),
        requested_on: p.requested_on,
        requested_by: name(p.requested_by),
        no_network_reason: p.no_network_reason.clone(),
        review_on: p.review_on,
        review_overdue: approved && p.review_on.is_some_and(|r| r < today),
        decided_by: p.decided_by.map(name),
        decided_on: p.decided_on,
        decision_note: p.decision_note.clone(),
        closed_on: p.closed_on,
        close_note: p.close_note.clone(),
        total_pence: p.total_pence,
        paid_pence,
        remaining_pence: if approved { (p.total_pence - paid_pence).max(0) } else { 0 },
        items: item_views(p.id, &rows.items),
        payments,
        version: p.version,
    }
}

/// A package's items, each with its category in words.
fn item_views(package_id: Uuid, items: &[ItemRow]) -> Vec<PackageItemView> {
    items
        .iter()
        .filter(|i| i.package_id == package_id)
        .map(|i| PackageItemView {
            id: i.id,
            category: i.category.code().to_owned(),
            category_label: i.category.label().to_owned(),
            description: i.description.clone(),
            cost_pence: i.cost_pence,
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BudgetView {
    /// The year the financial year starts in (2026 is 2026/27).
    pub year: i32,
    /// "2026/27".
    pub label: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub budget_pence: i64,
    /// Requests waiting for a decision, whenever made.
    pub requested_count: i64,
    pub requested_pence: i64,
    /// Packages approved in the year (including those since closed).
    pub approved_count: i64,
    pub approved_pence: i64,
    pub declined_count: i64,
    /// Approved in the year, still open and not yet paid.
    pub committed_pence: i64,
    /// Paid in the year (1 April to 31 March), against any package.
    pub payment_count: i64,
    pub spent_pence: i64,
    /// The budget less spent and committed; negative when over budget.
    pub remaining_pence: i64,
    pub over_budget: bool,
}

/// The council's support package budget for a financial year (the current one by default).
/// Aggregates only: no child is named.
pub async fn budget(db: &Db, ctx: &Ctx, year: Option<i32>) -> Result<BudgetView> {
    ctx.authorise(Action::ViewSupportBudget)?;
    let fy = match year {
        Some(y) if !(2000..=2100).contains(&y) => return Err(field_err("year", "Choose a financial year between 2000 and 2100")),
        Some(y) => FinancialYear(y),
        None => FinancialYear::containing(ctx.today()),
    };
    let mut tx = db.begin().await?;
    let f = ff_store::support_packages::budget_figures(&mut tx, ctx.la(), fy.starts_on(), fy.ends_on()).await?;
    let (settings, _) = settings_and_calendar(&mut tx, ctx.la()).await?;
    audit(&mut tx, ctx, "view", "support_budget", Some(fy.0.to_string()), "support package budget viewed").await?;
    tx.commit().await?;
    let s = budget_summary(
        settings.family_networks.support_budget_pence,
        &BudgetFacts {
            open_approved_pence: f.open_approved_pence,
            open_approved_paid_pence: f.open_approved_paid_pence,
            spent_pence: f.spent_pence,
        },
    );
    Ok(BudgetView {
        year: fy.0,
        label: fy.label(),
        starts_on: fy.starts_on(),
        ends_on: fy.ends_on(),
        budget_pence: s.budget_pence,
        requested_count: f.requested_count,
        requested_pence: f.requested_pence,
        approved_count: f.approved_count,
        approved_pence: f.approved_pence,
        declined_count: f.declined_count,
        committed_pence: s.committed_pence,
        payment_count: f.payment_count,
        spent_pence: s.spent_pence,
        remaining_pence: s.remaining_pence,
        over_budget: s.remaining_pence < 0,
    })
}

aggregate!(PackageRow, RECORD, "support package", |p, tx, la, read| ff_store::support_packages::update_package(tx, la, p, read));
