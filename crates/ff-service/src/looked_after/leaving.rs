//! Leaving care (§4.7, T32–T35): what a care leaver is owed and what has been
//! done — pathway plans (LC-2), a personal adviser and their contacts (LC-3), Staying Put and
//! Staying Close (LC-4), where they live and what they do in the 903's OC3 codes (LC-5), and money
//! paid against the setting-up-home allowance and the apprenticeship bursary (LC-6). Rules:
//! `ff_domain::looked_after::leaving`. Each write: authorise → parse → domain decision → store →
//! version → audit, in one transaction.

use std::collections::HashMap;

use chrono::NaiveDate;
use ff_domain::looked_after::LegalStatus;
use ff_domain::looked_after::leaving::{
    Accommodation, Activity, AdviserContactKind, CareLeaverStatus, CareSpell, InTouch, LeavingCareSettings, PaymentKind, StayingFacts,
    StayingKind, accommodation_code, adviser_contact_due, care_leaver_status, check_adviser, check_pathway_plan, check_payment,
    check_staying, eligible_from, pathway_plan_due,
};
use ff_domain::policy::Action;
use ff_domain::roles::Role;
use ff_store::looked_after::CareEpisodeRow;
use ff_store::looked_after::leaving::{
    AdviserContactRow, AdviserRow, CircumstancesRow, PathwayPlanRow, PaymentRow, StayingRow, advisers_of_children,
    circumstances_of_children, contacts_of_children, payments_of_children, plans_of_children, staying_of_children,
};
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::family_help::TrayItem;
use crate::{Ctx, Result, ServiceError, audit, field_err, stale};

/// The periods in care that count for leaving care (short breaks are marked).
pub(crate) fn spells(rows: &[CareEpisodeRow]) -> Vec<CareSpell> {
    rows.iter()
        .map(|e| CareSpell { from: e.start_date, to: e.end_date, short_break: matches!(e.legal_status, LegalStatus::V3 | LegalStatus::V4) })
        .collect()
}

/// What the service needs to know of the young person for every leaving-care decision.
struct Young {
    born: Option<NaiveDate>,
    episodes: Vec<CareEpisodeRow>,
    status: Option<CareLeaverStatus>,
}

async fn young(tx: &mut Tx, ctx: &Ctx, child: Uuid) -> Result<Young> {
    ctx.authorise_child(tx, Action::WorkOnLeavingCare, child).await?;
    let p = ff_store::people::get_person(tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("young person"))?;
    let episodes = ff_store::looked_after::of_child(tx, ctx.la(), child).await?;
    let status = care_leaver_status(p.date_of_birth, &spells(&episodes), ctx.today());
    Ok(Young { born: p.date_of_birth, episodes, status })
}

fn text(v: &str, field: &str, what: &str) -> Result<String> {
    let t = v.trim();
    if t.chars().count() > 5_000 {
        return Err(field_err(field, format!("{what} must be 5,000 characters or fewer")));
    }
    Ok(t.to_owned())
}

async fn write_version<T: Serialize>(tx: &mut Tx, ctx: &Ctx, record: &str, id: Uuid, version: i32, row: &T, what: &str) -> Result<()> {
    ff_store::versions::record_version(tx, ctx.la(), record, id, version, row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(tx, ctx, if version == 1 { "create" } else { "update" }, record, Some(id.to_string()), what.to_owned()).await
}

/// A pathway plan agreed with the young person (a review is a new plan).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PathwayPlanInput {
    pub agreed_on: NaiveDate,
    /// Where they will live, and the support with it.
    #[serde(default)]
    pub accommodation: String,
    /// Education, training and work.
    #[serde(default)]
    pub education: String,
    /// Health and wellbeing.
    #[serde(default)]
    pub health: String,
    /// Money: income, budgeting, allowances.
    #[serde(default)]
    pub money: String,
    /// Family, friends and other relationships.
    #[serde(default)]
    pub relationships: String,
}

/// Record a pathway plan or its review (LC-2, T32).
pub async fn record_plan(db: &Db, ctx: &Ctx, child: Uuid, input: &PathwayPlanInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnLeavingCare)?;
    let mut tx = db.begin().await?;
    let y = young(&mut tx, ctx, child).await?;
    let row = PathwayPlanRow {
        id: ctx.new_id(),
        child_id: child,
        agreed_on: input.agreed_on,
        accommodation: text(&input.accommodation, "accommodation", "Where they will live")?,
        education: text(&input.education, "education", "Education, training and work")?,
        health: text(&input.health, "health", "Health")?,
        money: text(&input.money, "money", "Money")?,
        relationships: text(&input.relationships, "relationships", "Relationships")?,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    if [&row.accommodation, &row.education, &row.health, &row.money, &row.relationships].iter().all(|t| t.is_empty()) {
        return Err(field_err("accommodation", "Write at least one part of the plan"));
    }
    check_pathway_plan(y.status, input.agreed_on, ctx.today())?;
    ff_store::looked_after::leaving::insert_plan(&mut tx, ctx.la(), &row).await?;
    write_version(&mut tx, ctx, "pathway_plan", row.id, 1, &row, "pathway plan agreed").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// A personal adviser allocated from a date.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AdviserInput {
    /// A personal adviser of this council.
    pub adviser_id: Uuid,
    pub from_on: NaiveDate,
}

/// Allocate a personal adviser (LC-3, T34); any adviser allocated before is ended the same day.
pub async fn allocate_adviser(db: &Db, ctx: &Ctx, child: Uuid, input: &AdviserInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnLeavingCare)?;
    let mut tx = db.begin().await?;
    let y = young(&mut tx, ctx, child).await?;
    let adviser = crate::user(&mut tx, ctx, input.adviser_id, "adviser_id").await?;
    if adviser.role != Role::PersonalAdviser {
        return Err(field_err("adviser_id", "Choose one of the council's personal advisers"));
    }
    check_adviser(y.born, y.status, input.from_on, ctx.today())?;
    for open in advisers_of_children(&mut tx, ctx.la(), &[child]).await?.into_iter().filter(|a| a.to_on.is_none()) {
        if input.from_on < open.from_on {
            return Err(field_err("from_on", "The date cannot be before the current adviser's allocation"));
        }
        if !ff_store::looked_after::leaving::end_adviser(&mut tx, ctx.la(), open.id, input.from_on, open.version).await? {
            return Err(stale("personal adviser", open.version + 1));
        }
        let ended = AdviserRow { to_on: Some(input.from_on), version: open.version + 1, ..open };
        write_version(&mut tx, ctx, "adviser_allocation", ended.id, ended.version, &ended, "personal adviser ended").await?;
    }
    let row = AdviserRow {
        id: ctx.new_id(),
        child_id: child,
        adviser_id: adviser.id,
        from_on: input.from_on,
        to_on: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::looked_after::leaving::insert_adviser(&mut tx, ctx.la(), &row).await?;
    write_version(&mut tx, ctx, "adviser_allocation", row.id, 1, &row, "personal adviser allocated").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// A personal adviser's contact with the young person.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AdviserContactInput {
    pub contact_on: NaiveDate,
    /// visit, phone, video or message.
    pub kind: String,
    #[serde(default)]
    pub note: String,
}

/// Record a personal adviser's contact (LC-3, T33).
pub async fn record_contact(db: &Db, ctx: &Ctx, child: Uuid, input: &AdviserContactInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnLeavingCare)?;
    let mut tx = db.begin().await?;
    let y = young(&mut tx, ctx, child).await?;
    let kind = AdviserContactKind::from_code(input.kind.trim()).ok_or_else(|| field_err("kind", "Choose how you were in touch"))?;
    let note = text(&input.note, "note", "The note")?;
    if input.contact_on > ctx.today() {
        return Err(field_err("contact_on", "The date cannot be in the future"));
    }
    if y.status.is_none() {
        return Err(ff_domain::RuleRefusal {
            rule: "LC-3",
            message: "Personal adviser contacts are for care leavers from 16 until 25.".into(),
        }
        .into());
    }
    let row = AdviserContactRow {
        id: ctx.new_id(),
        child_id: child,
        contact_on: input.contact_on,
        kind,
        note,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::looked_after::leaving::insert_contact(&mut tx, ctx.la(), &row).await?;
    write_version(&mut tx, ctx, "adviser_contact", row.id, 1, &row, "personal adviser contact recorded").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Where the young person lives and what they do, from a date (903 OC3 codes).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CircumstancesInput {
    pub from_on: NaiveDate,
    /// 903 IN_TOUCH: YES, NO, REFU, NREQ, RHOM or DIED.
    pub in_touch: String,
    /// 903 ACTIV, e.g. F2 or G5; only when in touch.
    #[serde(default)]
    pub activity: Option<String>,
    /// The kind of home (903 ACCOM letter, e.g. U or Z); only when in touch.
    #[serde(default)]
    pub accommodation: Option<String>,
    /// Whether the home is suitable (903 ACCOM 1 or 2).
    #[serde(default)]
    pub suitable: Option<bool>,
}

/// Record where the young person lives and what they do (LC-5). A new kind of home starts the
/// personal adviser's visit-after-a-move clock (T33).
pub async fn record_circumstances(db: &Db, ctx: &Ctx, child: Uuid, input: &CircumstancesInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnLeavingCare)?;
    let mut tx = db.begin().await?;
    let y = young(&mut tx, ctx, child).await?;
    let in_touch = InTouch::from_code(input.in_touch.trim()).ok_or_else(|| field_err("in_touch", "Choose whether you are in touch"))?;
    let (activity, accommodation) = if in_touch == InTouch::Yes {
        let act = input.activity.as_deref().and_then(Activity::from_code).ok_or_else(|| field_err("activity", "Choose what they do"))?;
        let acc = input
            .accommodation
            .as_deref()
            .and_then(Accommodation::from_code)
            .ok_or_else(|| field_err("accommodation", "Choose where they live"))?;
        let suitable = input.suitable.ok_or_else(|| field_err("suitable", "Say whether the home is suitable"))?;
        (Some(act), Some(accommodation_code(acc, suitable, y.born, input.from_on)?))
    } else {
        (None, None)
    };
    if input.from_on > ctx.today() {
        return Err(field_err("from_on", "The date cannot be in the future"));
    }
    if y.status.is_none() {
        return Err(ff_domain::RuleRefusal { rule: "LC-5", message: "This is recorded for care leavers from 16 until 25.".into() }.into());
    }
    let row = CircumstancesRow {
        id: ctx.new_id(),
        child_id: child,
        from_on: input.from_on,
        in_touch,
        activity,
        accommodation,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::looked_after::leaving::insert_circumstances(&mut tx, ctx.la(), &row).await?;
    write_version(&mut tx, ctx, "care_leaver_circumstances", row.id, 1, &row, "where a care leaver lives and what they do recorded")
        .await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Staying Put or Staying Close begins.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct StayingInput {
    /// staying_put or staying_close.
    pub kind: String,
    /// The former foster carers, or the home nearby.
    pub carer: String,
    pub from_on: NaiveDate,
    /// When it is planned to end, if known.
    #[serde(default)]
    pub to_on: Option<NaiveDate>,
}

/// Start Staying Put or Staying Close (LC-4, T35).
pub async fn start_staying(db: &Db, ctx: &Ctx, child: Uuid, input: &StayingInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnLeavingCare)?;
    let mut tx = db.begin().await?;
    let y = young(&mut tx, ctx, child).await?;
    let kind = StayingKind::from_code(input.kind.trim()).ok_or_else(|| field_err("kind", "Choose Staying Put or Staying Close"))?;
    let carer = input.carer.trim().to_owned();
    if carer.is_empty() || carer.chars().count() > 200 {
        return Err(field_err("carer", "Enter who the young person stays with (200 characters or fewer)"));
    }
    if staying_of_children(&mut tx, ctx.la(), &[child]).await?.iter().any(|s| s.to_on.is_none()) {
        return Err(field_err("kind", "An arrangement is already open: end it first"));
    }
    let settings = crate::settings_and_calendar(&mut tx, ctx.la()).await?.0;
    let last = y.episodes.iter().filter(|e| e.end_date.is_some()).max_by_key(|e| e.end_date);
    let facts = StayingFacts {
        born: y.born,
        looked_after: y.episodes.iter().any(|e| e.end_date.is_none()),
        last_placement: last.map(|e| e.placement_type.code()),
    };
    check_staying(kind, input.from_on, input.to_on, &facts, &settings.leaving_care)?;
    let row = StayingRow {
        id: ctx.new_id(),
        child_id: child,
        kind,
        carer,
        from_on: input.from_on,
        to_on: None,
        end_reason: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::looked_after::leaving::insert_staying(&mut tx, ctx.la(), &row).await?;
    write_version(&mut tx, ctx, "staying_arrangement", row.id, 1, &row, &format!("{} began", kind.label())).await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Staying Put or Staying Close ends.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct StayingEndInput {
    pub to_on: NaiveDate,
    pub reason: String,
    /// The arrangement's version, as read.
    pub version: i32,
}

/// End Staying Put or Staying Close, with a reason, at its version (409 if it changed since).
pub async fn end_staying(db: &Db, ctx: &Ctx, id: Uuid, input: &StayingEndInput) -> Result<()> {
    ctx.authorise(Action::WorkOnLeavingCare)?;
    let mut tx = db.begin().await?;
    let s = ff_store::looked_after::leaving::get_staying(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("arrangement"))?;
    ctx.authorise_child(&mut tx, Action::WorkOnLeavingCare, s.child_id).await?;
    if s.version != input.version || s.to_on.is_some() {
        return Err(stale("arrangement", s.version));
    }
    let reason = input.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(field_err("reason", "Say why it ended (500 characters or fewer)"));
    }
    if input.to_on < s.from_on || input.to_on > ctx.today() {
        return Err(field_err("to_on", "The date must be on or after the start, and not in the future"));
    }
    let born = ff_store::people::get_person(&mut tx, ctx.la(), s.child_id).await?.and_then(|p| p.date_of_birth);
    if s.kind == StayingKind::StayingPut && ff_domain::looked_after::leaving::staying_put_ends_by(born).is_some_and(|by| input.to_on > by) {
        return Err(ff_domain::RuleRefusal { rule: "LC-4", message: "Staying Put ends on the 21st birthday at the latest.".into() }.into());
    }
    let next = StayingRow { to_on: Some(input.to_on), end_reason: Some(reason.to_owned()), version: s.version + 1, ..s.clone() };
    if !ff_store::looked_after::leaving::end_staying(&mut tx, ctx.la(), &next, s.version).await? {
        return Err(stale("arrangement", s.version + 1));
    }
    write_version(&mut tx, ctx, "staying_arrangement", id, next.version, &next, "arrangement ended").await?;
    tx.commit().await?;
    Ok(())
}

/// Money paid to the young person.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct LeavingCarePaymentInput {
    /// setting_up_home or apprenticeship_bursary.
    pub kind: String,
    pub paid_on: NaiveDate,
    pub amount_pence: u64,
    /// What it paid for.
    pub purpose: String,
}

/// Record a payment against the setting-up-home allowance or the bursary (LC-6): never beyond the
/// allowance (the council's amount or the national minimum in force, whichever is more).
pub async fn pay(db: &Db, ctx: &Ctx, child: Uuid, input: &LeavingCarePaymentInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnLeavingCare)?;
    let mut tx = db.begin().await?;
    // LC-6: two payments recorded at the same moment must not both fit in what is left; the
    // second waits for the first, then reads the total with it.
    ff_store::people::lock(&mut tx, ctx.la(), child).await?;
    let y = young(&mut tx, ctx, child).await?;
    let kind = PaymentKind::from_code(input.kind.trim()).ok_or_else(|| field_err("kind", "Choose what the money is paid from"))?;
    let purpose = input.purpose.trim().to_owned();
    if purpose.is_empty() || purpose.chars().count() > 500 {
        return Err(field_err("purpose", "Say what it paid for (500 characters or fewer)"));
    }
    if input.paid_on > ctx.today() {
        return Err(field_err("paid_on", "The date cannot be in the future"));
    }
    let settings = crate::settings_and_calendar(&mut tx, ctx.la()).await?.0;
    let paid: u64 = payments_of_children(&mut tx, ctx.la(), &[child])
        .await?
        .iter()
        .filter(|p| p.kind == kind)
        .map(|p| u64::try_from(p.amount_pence).unwrap_or(0))
        .sum();
    check_payment(kind, input.amount_pence, paid, settings.leaving_care.allowance(kind, input.paid_on), y.status)?;
    let row = PaymentRow {
        id: ctx.new_id(),
        child_id: child,
        kind,
        paid_on: input.paid_on,
        amount_pence: i64::try_from(input.amount_pence).map_err(|_| field_err("amount", "Enter a smaller amount"))?,
        purpose,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::looked_after::leaving::insert_payment(&mut tx, ctx.la(), &row).await?;
    write_version(&mut tx, ctx, "leaving_care_payment", row.id, 1, &row, &format!("{} paid", kind.label())).await?;
    tx.commit().await?;
    Ok(row.id)
}

/// The council's care leaver local offer: public, no sign-in (Children and Social Work Act 2017
/// s.2).
pub async fn local_offer(db: &Db, la: &str) -> Result<crate::family_networks::LocalOffer> {
    let mut tx = db.begin().await?;
    let s = ff_store::settings::current(&mut tx, la).await?.ok_or(ServiceError::NotFound("council"))?.settings;
    tx.commit().await?;
    let text = if s.leaving_care.local_offer.trim().is_empty() {
        format!("{} has not yet published its offer to care leavers here. Contact the council's leaving care service.", s.name)
    } else {
        s.leaving_care.local_offer.clone()
    };
    Ok(crate::family_networks::LocalOffer {
        council: s.name,
        paragraphs: text.split("\n\n").map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect(),
    })
}

/// The council's personal advisers, for the allocation form: (id, name).
pub async fn advisers(db: &Db, ctx: &Ctx) -> Result<Vec<(Uuid, String)>> {
    ctx.authorise(Action::WorkOnLeavingCare)?;
    let mut tx = db.begin().await?;
    let all = ff_store::users::with_role(&mut tx, ctx.la(), Role::PersonalAdviser.code()).await?;
    tx.commit().await?;
    Ok(all.into_iter().map(|u| (u.id, u.display_name)).collect())
}

// ---------------------------------------------------------------------------------------------
// What the child's care shows, and the personal adviser's tray.

/// A pathway plan as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PathwayPlanView {
    pub id: Uuid,
    pub agreed_on: NaiveDate,
    pub accommodation: String,
    pub education: String,
    pub health: String,
    pub money: String,
    pub relationships: String,
}

/// A personal adviser contact as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AdviserContactView {
    pub contact_on: NaiveDate,
    pub kind: String,
    pub kind_label: String,
    pub note: String,
    pub by: String,
}

/// Where the young person lives and what they do, from a date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CircumstancesView {
    pub from_on: NaiveDate,
    pub in_touch: String,
    pub in_touch_label: String,
    pub activity: Option<String>,
    pub activity_label: Option<String>,
    /// The 903 code, e.g. Z1.
    pub accommodation: Option<String>,
    pub accommodation_label: Option<String>,
    pub suitable: Option<bool>,
}

/// Staying Put or Staying Close.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StayingView {
    pub id: Uuid,
    pub kind: String,
    pub kind_label: String,
    pub carer: String,
    pub from_on: NaiveDate,
    pub to_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    /// Staying Put: the 21st birthday, when it ends at the latest (T35).
    pub ends_by: Option<NaiveDate>,
    pub version: i32,
}

/// Money paid, and what is left, for one allowance.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AllowanceView {
    pub kind: String,
    pub label: String,
    pub allowance_pence: i64,
    pub paid_pence: i64,
    pub left_pence: i64,
    pub payments: Vec<LeavingCarePaymentView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LeavingCarePaymentView {
    pub paid_on: NaiveDate,
    pub amount_pence: i64,
    pub purpose: String,
}

/// Leaving care on the child's care: what is owed and what has been done.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LeavingCareView {
    /// LC-1: eligible, relevant, former_relevant or qualifying; none when nothing is owed.
    pub status: Option<String>,
    pub eligible_from: Option<NaiveDate>,
    /// The personal adviser now, and since when.
    pub adviser: Option<String>,
    pub adviser_since: Option<NaiveDate>,
    /// LC-2 (T32): when the next pathway plan or review is due.
    pub plan_due: Option<NaiveDate>,
    pub plan_overdue: bool,
    /// Newest first.
    pub plans: Vec<PathwayPlanView>,
    /// LC-3 (T33): when the personal adviser's next contact is due (with a personal adviser).
    pub contact_due: Option<NaiveDate>,
    pub contact_overdue: bool,
    /// Newest first.
    pub contacts: Vec<AdviserContactView>,
    /// Newest first; the first stands.
    pub circumstances: Vec<CircumstancesView>,
    /// Newest first.
    pub staying: Vec<StayingView>,
    pub allowances: Vec<AllowanceView>,
}

/// Every leaving-care record of some young people, read in six bulk queries.
pub(crate) struct Records {
    plans: HashMap<Uuid, Vec<PathwayPlanRow>>,
    advisers: HashMap<Uuid, Vec<AdviserRow>>,
    contacts: HashMap<Uuid, Vec<AdviserContactRow>>,
    pub(crate) circumstances: HashMap<Uuid, Vec<CircumstancesRow>>,
    staying: HashMap<Uuid, Vec<StayingRow>>,
    payments: HashMap<Uuid, Vec<PaymentRow>>,
}

fn group<T>(rows: Vec<T>, child: impl Fn(&T) -> Uuid) -> HashMap<Uuid, Vec<T>> {
    let mut out: HashMap<Uuid, Vec<T>> = HashMap::new();
    for r in rows {
        out.entry(child(&r)).or_default().push(r);
    }
    out
}

pub(crate) async fn records(tx: &mut Tx, la: &str, ids: &[Uuid]) -> Result<Records> {
    Ok(Records {
        plans: group(plans_of_children(tx, la, ids).await?, |r| r.child_id),
        advisers: group(advisers_of_children(tx, la, ids).await?, |r| r.child_id),
        contacts: group(contacts_of_children(tx, la, ids).await?, |r| r.child_id),
        circumstances: group(circumstances_of_children(tx, la, ids).await?, |r| r.child_id),
        staying: group(staying_of_children(tx, la, ids).await?, |r| r.child_id),
        payments: group(payments_of_children(tx, la, ids).await?, |r| r.child_id),
    })
}

/// The clocks of one young person: (plan due, contact due).
fn clocks(
    status: Option<CareLeaverStatus>,
    eligible: Option<NaiveDate>,
    r: &Records,
    child: Uuid,
    s: &LeavingCareSettings,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let none = Vec::new();
    let plans = r.plans.get(&child).unwrap_or(&none);
    let plan_due = pathway_plan_due(status, eligible, plans.iter().map(|p| p.agreed_on).max(), s);
    let none_a = Vec::new();
    let adviser = r.advisers.get(&child).unwrap_or(&none_a).iter().find(|a| a.to_on.is_none());
    let none_c = Vec::new();
    let contacts = r.contacts.get(&child).unwrap_or(&none_c);
    let none_k = Vec::new();
    let circ = r.circumstances.get(&child).unwrap_or(&none_k);
    // A move: a kind of home unlike the one recorded before it.
    let moved_on =
        circ.windows(2).filter(|w| w[0].accommodation != w[1].accommodation && w[1].accommodation.is_some()).map(|w| w[1].from_on).max();
    let contact_due = adviser.filter(|_| status.is_some()).and_then(|a| {
        adviser_contact_due(
            a.from_on,
            contacts.iter().map(|c| c.contact_on).max(),
            contacts.iter().filter(|c| c.kind == AdviserContactKind::Visit).map(|c| c.contact_on).max(),
            moved_on,
            s,
        )
    });
    (plan_due, contact_due)
}

/// Leaving care for the child's care page: none for a child under 16 with no leaving-care record.
pub(crate) async fn view(
    tx: &mut Tx,
    ctx: &Ctx,
    child: Uuid,
    born: Option<NaiveDate>,
    episodes: &[CareEpisodeRow],
    s: &LeavingCareSettings,
) -> Result<Option<LeavingCareView>> {
    let today = ctx.today();
    if born.is_none_or(|b| ff_domain::looked_after::leaving::age_on(b, today) < 16) || episodes.is_empty() {
        return Ok(None);
    }
    let sp = spells(episodes);
    let status = care_leaver_status(born, &sp, today);
    let eligible = eligible_from(born, &sp);
    let (r, adviser, users) = load_view_records(tx, ctx, child).await?;
    let (plan_due, contact_due) = clocks(status, eligible, &r, child, s);
    let name = |id: Uuid| users.iter().find(|u| u.id == id).map(|u| u.display_name.clone()).unwrap_or_default();
    let (plans, contacts) = (take(&r.plans, child), take(&r.contacts, child));
    let (circumstances, staying, payments) = (take(&r.circumstances, child), take(&r.staying, child), take(&r.payments, child));
    let allowances = PaymentKind::ALL.iter().map(|k| allowance_view(*k, &payments, s, today)).collect();
    Ok(Some(LeavingCareView {
        status: status.map(|st| st.code().to_owned()),
        eligible_from: eligible,
        adviser: adviser.as_ref().map(|a| name(a.adviser_id)),
        adviser_since: adviser.as_ref().map(|a| a.from_on),
        plan_due,
        plan_overdue: plan_due.is_some_and(|d| d < today),
        plans: plans.iter().rev().map(pathway_plan_view).collect(),
        contact_due,
        contact_overdue: contact_due.is_some_and(|d| d < today),
        contacts: contacts.iter().rev().map(|c| adviser_contact_view(c, name(c.created_by))).collect(),
        circumstances: circumstances.iter().rev().map(circumstances_view).collect(),
        staying: staying.iter().rev().map(|st| staying_view(st, born)).collect(),
        allowances,
    }))
}

/// Loads the child's leaving-care records, their current personal adviser (LC-3), and the staff
/// the page names (the adviser and who recorded each contact).
async fn load_view_records(tx: &mut Tx, ctx: &Ctx, child: Uuid) -> Result<(Records, Option<AdviserRow>, Vec<ff_store::users::UserRow>)> {
    let r = records(tx, ctx.la(), &[child]).await?;
    let adviser = r.advisers.get(&child).and_then(|a| a.iter().find(|a| a.to_on.is_none()).cloned());
    let mut ids: Vec<Uuid> = r.contacts.get(&child).map(|c| c.iter().map(|c| c.created_by).collect()).unwrap_or_default();
    ids.extend(adviser.as_ref().map(|a| a.adviser_id));
    ids.sort();
    ids.dedup();
    let users = ff_store::users::get_many(tx, ctx.la(), &ids).await?;
    Ok((r, adviser, users))
}

/// One allowance (LC-6): what it is, what has been paid against it (latest first), and what is left.
fn allowance_view(k: PaymentKind, payments: &[PaymentRow], s: &LeavingCareSettings, today: NaiveDate) -> AllowanceView {
    let mine: Vec<&PaymentRow> = payments.iter().filter(|p| p.kind == k).collect();
    let paid: i64 = mine.iter().map(|p| p.amount_pence).sum();
    let allowance = i64::try_from(s.allowance(k, today)).unwrap_or(i64::MAX);
    AllowanceView {
        kind: k.code().into(),
        label: k.label().into(),
        allowance_pence: allowance,
        paid_pence: paid,
        left_pence: (allowance - paid).max(0),
        payments: mine
            .iter()
            .rev()
            .map(|p| LeavingCarePaymentView { paid_on: p.paid_on, amount_pence: p.amount_pence, purpose: p.purpose.clone() })
            .collect(),
    }
}

/// One pathway plan as shown (LC-2).
fn pathway_plan_view(p: &PathwayPlanRow) -> PathwayPlanView {
    PathwayPlanView {
        id: p.id,
        agreed_on: p.agreed_on,
        accommodation: p.accommodation.clone(),
        education: p.education.clone(),
        health: p.health.clone(),
        money: p.money.clone(),
        relationships: p.relationships.clone(),
    }
}

/// One personal adviser contact as shown, with who recorded it (LC-3).
fn adviser_contact_view(c: &AdviserContactRow, by: String) -> AdviserContactView {
    AdviserContactView {
        contact_on: c.contact_on,
        kind_label: c.kind.label().to_owned(),
        kind: c.kind.code().to_owned(),
        note: c.note.clone(),
        by,
    }
}

/// One Staying Put or Staying Close arrangement as shown; Staying Put with the date it ends by (LC-4).
fn staying_view(st: &StayingRow, born: Option<NaiveDate>) -> StayingView {
    StayingView {
        id: st.id,
        kind_label: st.kind.label().to_owned(),
        kind: st.kind.code().to_owned(),
        carer: st.carer.clone(),
        from_on: st.from_on,
        to_on: st.to_on,
        end_reason: st.end_reason.clone(),
        ends_by: (st.kind == StayingKind::StayingPut).then(|| ff_domain::looked_after::leaving::staying_put_ends_by(born)).flatten(),
        version: st.version,
    }
}

fn take<T: Clone>(m: &HashMap<Uuid, Vec<T>>, child: Uuid) -> Vec<T> {
    m.get(&child).cloned().unwrap_or_default()
}

fn circumstances_view(c: &CircumstancesRow) -> CircumstancesView {
    let acc = c.accommodation.as_deref();
    CircumstancesView {
        from_on: c.from_on,
        in_touch_label: c.in_touch.label().to_owned(),
        in_touch: c.in_touch.code().to_owned(),
        activity_label: c.activity.map(|a| a.label().to_owned()),
        activity: c.activity.map(|a| a.code().to_owned()),
        accommodation_label: acc.and_then(|a| Accommodation::from_code(a.get(..1)?)).map(|a| a.label().to_owned()),
        suitable: acc.map(|a| a.ends_with('1')),
        accommodation: c.accommodation.clone(),
    }
}

/// The personal adviser's tray: each young person they support now, with the pathway plan and
/// contact due (LC-2, LC-3), read in bulk.
pub(crate) async fn tray_items(tx: &mut Tx, ctx: &Ctx, s: &LeavingCareSettings) -> Result<Vec<TrayItem>> {
    if ctx.actor.role != Role::PersonalAdviser {
        return Ok(vec![]);
    }
    let today = ctx.today();
    let open = ff_store::looked_after::leaving::open_of_adviser(tx, ctx.la(), ctx.actor.user_id).await?;
    let ids: Vec<Uuid> = open.iter().map(|a| a.child_id).collect();
    let people = ff_store::people::get_many(tx, ctx.la(), &ids).await?;
    let episodes = group(ff_store::looked_after::episodes_of_children(tx, ctx.la(), &ids).await?, |e| e.child_id);
    let r = records(tx, ctx.la(), &ids).await?;
    let mut out = vec![];
    for p in people {
        let sp = spells(episodes.get(&p.id).map(Vec::as_slice).unwrap_or_default());
        let status = care_leaver_status(p.date_of_birth, &sp, today);
        let (plan_due, contact_due) = clocks(status, eligible_from(p.date_of_birth, &sp), &r, p.id, s);
        for (kind, label, due) in
            [("pathway_plan", "Pathway plan review", plan_due), ("adviser_contact", "Personal adviser contact", contact_due)]
        {
            let Some(due) = due else { continue };
            out.push(TrayItem {
                child_id: p.id,
                child_name: ff_domain::people::full_name(&p.given_name, &p.family_name),
                episode_id: p.id,
                kind: kind.into(),
                label: format!("{label} (care leaver)"),
                due,
                overdue: due < today,
                last_done: None,
                last_done_text: None,
                lead: Some(ctx.actor.display_name.clone()),
            });
        }
    }
    Ok(out)
}
