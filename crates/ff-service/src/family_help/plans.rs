//! A Family Help plan: starting it with its items, adding and completing items, and its reviews.

use super::*;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PlanItemInput {
    /// outcome or action
    pub kind: String,
    pub description: String,
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PlanInput {
    pub start_date: NaiveDate,
    #[serde(default)]
    pub items: Vec<PlanItemInput>,
}

pub(super) fn validate_item(i: &PlanItemInput, errors: &mut ValidationErrors) {
    if !matches!(i.kind.trim(), "outcome" | "action") {
        errors.add("kind", "Choose outcome or action");
    }
    if i.description.trim().is_empty() {
        errors.add("description", "Describe the outcome or action");
    }
}

/// Start a family help / child in need plan (its start date is kept for the census).
pub async fn start_plan(db: &Db, ctx: &Ctx, episode_id: Uuid, input: &PlanInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCase)?;
    let mut errors = ValidationErrors::new();
    for i in &input.items {
        validate_item(i, &mut errors);
    }
    // R-CIN-2: reported with the other mistakes, against the first item (the page's outcome box).
    if let Err(refusal) = ff_domain::family_help::check_new_plan_has_an_outcome(input.items.iter().map(|i| i.kind.as_str())) {
        errors.add("outcome", refusal.message);
    }
    let mut tx = db.begin().await?;
    let e = load_episode(&mut tx, ctx, episode_id).await?;
    ensure_open(&e)?;
    if input.start_date < e.referral_date || input.start_date > ctx.today() {
        errors.add("start_date", "The plan start date must be between the referral date and today");
    }
    let history = ff_store::family_help::child_history(&mut tx, ctx.la(), e.child_id).await?;
    if history.plans.iter().any(|p| p.episode_id == e.id && p.end_date.is_none()) {
        errors.add("start_date", "A plan is already open for this episode; add to it or review it");
    }
    errors.into_result(())?;
    // CIN census rule 4016: while a child protection plan is open it is the child's plan; a
    // child-in-need plan starts when it ends.
    let cp = ff_store::cp_plans::for_child(&mut tx, ctx.la(), e.child_id).await?;
    let cp_plans: Vec<_> = cp.plans.iter().filter(|p| p.episode_id == e.id).map(|p| (p.start_date, p.end_date)).collect();
    ff_domain::family_help::check_no_open_cp_plan(input.start_date, &cp_plans)?;
    let plan = PlanRow {
        id: ctx.new_id(),
        episode_id,
        start_date: input.start_date,
        end_date: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::family_help::insert_plan(&mut tx, ctx.la(), &plan).await?;
    for i in &input.items {
        insert_item(&mut tx, ctx, plan.id, i).await?;
    }
    audit(
        &mut tx,
        ctx,
        "create",
        "plan",
        Some(plan.id.to_string()),
        format!("plan started with {}", ff_domain::text::plural(input.items.len(), "item", "items")),
    )
    .await?;
    tx.commit().await?;
    Ok(plan.id)
}

pub(super) async fn insert_item(tx: &mut Tx, ctx: &Ctx, plan_id: Uuid, i: &PlanItemInput) -> Result<Uuid> {
    let row = PlanItemRow {
        id: ctx.new_id(),
        plan_id,
        kind: i.kind.trim().to_owned(),
        description: i.description.trim().to_owned(),
        owner: trimmed(&i.owner),
        due_date: i.due_date,
        done_date: None,
        version: 1,
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::family_help::insert_plan_item(tx, ctx.la(), &row).await?;
    Ok(row.id)
}

pub(super) async fn plan_episode(tx: &mut Tx, ctx: &Ctx, plan_id: Uuid) -> Result<(EpisodeRow, PlanRow)> {
    // Plans are reached through their episode so the LA scope is always applied.
    let episode_id = ff_store::family_help::plan_episode_id(tx, ctx.la(), plan_id).await?.ok_or(ServiceError::NotFound("plan"))?;
    let e = load_episode(tx, ctx, episode_id).await?;
    let history = ff_store::family_help::child_history(tx, ctx.la(), e.child_id).await?;
    let plan = history.plans.into_iter().find(|p| p.id == plan_id).ok_or(ServiceError::NotFound("plan"))?;
    Ok((e, plan))
}

pub async fn add_plan_item(db: &Db, ctx: &Ctx, plan_id: Uuid, input: &PlanItemInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCase)?;
    let mut errors = ValidationErrors::new();
    validate_item(input, &mut errors);
    errors.into_result(())?;
    let mut tx = db.begin().await?;
    let (e, plan) = plan_episode(&mut tx, ctx, plan_id).await?;
    ensure_open(&e)?;
    if plan.end_date.is_some() {
        return Err(field_err("plan", "This plan has ended"));
    }
    let id = insert_item(&mut tx, ctx, plan_id, input).await?;
    audit(&mut tx, ctx, "create", "plan_item", Some(id.to_string()), format!("plan {} added", input.kind.trim())).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ItemDoneInput {
    pub done_date: NaiveDate,
    pub version: i32,
}

pub async fn mark_item_done(db: &Db, ctx: &Ctx, item_id: Uuid, input: &ItemDoneInput) -> Result<()> {
    ctx.authorise(Action::WorkOnCase)?;
    let mut tx = db.begin().await?;
    let item = ff_store::family_help::get_plan_item(&mut tx, ctx.la(), item_id).await?.ok_or(ServiceError::NotFound("plan item"))?;
    if input.done_date > ctx.today() {
        return Err(field_err("done_date", "The date cannot be in the future"));
    }
    if item.done_date.is_some() || item.version != input.version {
        return Err(stale("plan item", item.version));
    }
    let read = item.version;
    let done = PlanItemRow { done_date: Some(input.done_date), ..item };
    crate::versioned::save(&mut tx, ctx, read, done, "update", "plan item done").await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ReviewInput {
    pub review_date: NaiveDate,
    pub summary: String,
}

/// Record a plan review (T17: reviews at the LA's cadence).
pub async fn record_review(db: &Db, ctx: &Ctx, plan_id: Uuid, input: &ReviewInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnCase)?;
    let mut errors = ValidationErrors::new();
    if input.summary.trim().is_empty() {
        errors.add("summary", "Summarise the review: progress against the outcomes and what changes");
    }
    let mut tx = db.begin().await?;
    let (e, plan) = plan_episode(&mut tx, ctx, plan_id).await?;
    ensure_open(&e)?;
    if input.review_date < plan.start_date || input.review_date > ctx.today() {
        errors.add("review_date", "The review date must be between the plan start and today");
    }
    errors.into_result(())?;
    let r = ReviewRow {
        id: ctx.new_id(),
        plan_id,
        review_date: input.review_date,
        summary: input.summary.trim().to_owned(),
        created_at: ctx.now,
        created_by: Some(ctx.actor.user_id),
    };
    ff_store::family_help::insert_review(&mut tx, ctx.la(), &r).await?;
    audit(&mut tx, ctx, "create", "plan_review", Some(r.id.to_string()), "plan reviewed").await?;
    tx.commit().await?;
    Ok(r.id)
}

crate::versioned::aggregate!(PlanItemRow, "plan_item", "plan item", |r, tx, la, read| ff_store::family_help::update_plan_item(
    tx, la, r, read
));
