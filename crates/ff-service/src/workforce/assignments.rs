//! Agency assignments (W-SYS-10..15): started only when the national agency rules allow
//! (registration, one at a time, cooling off, PQE, the package and the rate cap), signed off over
//! the cap by the director and the chief executive, and ended.

use ff_domain::workforce::establishment::{self as est, PostFacts};

use super::*;

/// Parse an assignment's input: its role, rate and package, each mistake on its field.
fn parse_assignment(input: &AssignmentInput, errors: &mut ValidationErrors) -> (Option<RoleType>, Rate, Option<Package>) {
    text("agency", &input.agency, "the agency", errors);
    text("team", &input.team, "the team or post covered", errors);
    let role = RoleType::from_code(input.role_type.trim());
    if role.is_none() {
        errors.add("role_type", "Choose the role type");
    }
    if input.notice_days > 365 {
        errors.add("notice_days", "Notice is at most 365 days");
    }
    if input.pay_pence == 0 || input.pay_pence > 100_000 {
        errors.add("pay_pence", "Enter the hourly pay in pence, from 1 to 100,000");
    }
    for (f, v) in [
        ("employer_ni_pence", input.employer_ni_pence),
        ("holiday_pence", input.holiday_pence),
        ("levy_pence", input.levy_pence),
        ("fee_pence", input.fee_pence),
    ] {
        if v > 100_000 {
            errors.add(f, "At most 100,000 pence an hour");
        }
    }
    if input.references_received > 20 {
        errors.add("references_received", "At most 20 references");
    }
    if input.planned_end.is_some_and(|e| e <= input.start_date) {
        errors.add("planned_end", "The planned end comes after the start");
    }
    let rate = Rate {
        pay: input.pay_pence,
        employer_ni: input.employer_ni_pence,
        holiday: input.holiday_pence,
        levy: input.levy_pence,
        fee: input.fee_pence,
    };
    let package = trimmed(&input.packaged_supplier).map(|supplier| Package {
        supplier,
        worker_named: input.package_named,
        approved_in_advance: input.package_approved,
        priced_separately: input.package_priced,
    });
    (role, rate, package)
}

/// Start an agency assignment for the worker (W-SYS-10..15): refused when the experience, the
/// cooling-off period or a packaged model's terms are not met; over the cap it waits for both
/// sign-offs (with the reason recorded); other rules not met are kept as non-compliance.
pub async fn start_assignment(db: &Db, ctx: &Ctx, worker: Uuid, input: &AssignmentInput) -> Result<Uuid> {
    ctx.authorise(Action::ManageWorkforce)?;
    let mut tx = db.begin().await?;
    let post = named_post(&mut tx, ctx, input.post_id).await?;
    let draft = parse_assignment_draft(input, post.as_ref())?;
    // One assignment at a time: a second recorded at the same moment waits, then sees the first.
    ff_store::workforce::lock_worker(&mut tx, ctx.la(), worker).await?;
    let f = load_assignment_facts(&mut tx, ctx, worker, input.start_date).await?;
    let (verdict, reason) = decide_assignment(&f, &draft, input)?;
    let row = assignment_row(ctx, worker, input, &draft, &verdict, reason);
    ff_store::workforce::insert_assignment(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "agency_assignment", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    let what = format!("agency assignment recorded for {} ({})", f.worker.name, row.status.code());
    audit(&mut tx, ctx, "create", "agency_assignment", Some(row.id.to_string()), what).await?;
    tx.commit().await?;
    Ok(row.id)
}

/// The post an assignment names, read from the council's posts: none when it names none, `Some(None)`
/// when the council has no such post.
async fn named_post(tx: &mut Tx, ctx: &Ctx, id: Option<Uuid>) -> Result<Option<Option<PostFacts>>> {
    let Some(id) = id else { return Ok(None) };
    Ok(Some(ff_store::workforce::get_post(tx, ctx.la(), id).await?.as_ref().map(super::establishment::post_facts)))
}

/// The post named (W-SYS-4) and the FTE, each mistake on its field.
fn parse_cover(post: Option<&Option<PostFacts>>, fte: Option<f64>, start: NaiveDate, errors: &mut ValidationErrors) -> i64 {
    if let Some(p) = post {
        est::check_named_post(p.as_ref(), start, errors);
    }
    est::check_agency_fte(fte, errors)
}

/// An agency assignment's form, parsed: the role, the rate, a packaged model's terms, a
/// cooling-off exception and the FTE.
struct AssignmentDraft {
    role: RoleType,
    rate: Rate,
    package: Option<Package>,
    exception: Option<CoolingOffException>,
    fte: i64,
}

/// Parses the assignment form, refusing it with every field error in the form's order.
fn parse_assignment_draft(input: &AssignmentInput, post: Option<&Option<PostFacts>>) -> Result<AssignmentDraft> {
    let mut errors = ValidationErrors::new();
    let (role, rate, package) = parse_assignment(input, &mut errors);
    let fte = parse_cover(post, input.fte, input.start_date, &mut errors);
    let exception = match trimmed(&input.cooling_off_exception) {
        None => None,
        Some(c) => {
            let e = CoolingOffException::from_code(&c);
            if e.is_none() {
                errors.add("cooling_off_exception", "Choose one of the exceptions");
            }
            e
        }
    };
    errors.into_result(())?;
    let Some(role) = role else { return Err(ServiceError::Internal("parsed input missing".into())) };
    Ok(AssignmentDraft { role, rate, package, exception, fte })
}

/// What starting an assignment is checked against: the worker, the council's workforce settings
/// and the worker's periods of experience.
struct AssignmentFacts {
    worker: WorkerRow,
    settings: ff_domain::workforce::WorkforceSettings,
    periods: Vec<Period>,
}

/// Loads the facts, refusing as soon as one rules the assignment out (W-DEF-1, W-SYS-4, W-AG-4),
/// so each refusal comes before the reads it does not need.
async fn load_assignment_facts(tx: &mut Tx, ctx: &Ctx, worker: Uuid, start: NaiveDate) -> Result<AssignmentFacts> {
    let w = worker_row(tx, ctx, worker).await?;
    check_registered(&w)?;
    let running = ff_store::workforce::assignments_of(tx, ctx.la(), worker).await?;
    check_one_at_a_time(&w, &running, start)?;
    let (settings, _) = crate::settings_and_calendar(tx, ctx.la()).await?;
    let settings = settings.workforce;
    if ff_domain::workforce::region(&settings.region).is_none() {
        return Err(ServiceError::Rule(ff_domain::RuleRefusal {
            rule: "W-AG-4",
            message: "The council's region is not set, so the cooling-off period cannot be checked: a council administrator sets it in the council settings.".into(),
        }));
    }
    let periods: Vec<Period> = ff_store::workforce::experience_of(tx, ctx.la(), worker).await?.iter().map(period_of).collect();
    Ok(AssignmentFacts { worker: w, settings, periods })
}

/// An agency child and family social worker is a registered social worker (W-DEF-1).
fn check_registered(w: &WorkerRow) -> Result<()> {
    if w.swe_number.is_none() {
        return Err(ServiceError::Rule(ff_domain::RuleRefusal {
            rule: "W-DEF-1",
            message: "Record the worker's Social Work England number first: agency social work is for registered social workers.".into(),
        }));
    }
    Ok(())
}

/// One assignment at a time: the one running ends before another starts (W-SYS-4).
fn check_one_at_a_time(w: &WorkerRow, running: &[AssignmentRow], start: NaiveDate) -> Result<()> {
    if let Some(r) = running.iter().find(|a| a.ended_on.is_none_or(|e| e >= start)) {
        return Err(ServiceError::Rule(ff_domain::RuleRefusal {
            rule: "W-SYS-4",
            message: format!(
                "{} has an agency assignment from {} that has not ended by then: record its end first.",
                w.name,
                r.start_date.format("%-d %B %Y")
            ),
        }));
    }
    Ok(())
}

/// The decision: experience, cooling-off and a packaged model's terms checked, the rate assessed
/// against the cap (W-SYS-10..15); over the cap needs a reason, returned with the verdict.
fn decide_assignment(
    f: &AssignmentFacts,
    draft: &AssignmentDraft,
    input: &AssignmentInput,
) -> Result<(ff_domain::workforce::Verdict, Option<String>)> {
    let s = &f.settings;
    check_pqe(&f.periods, s, input.start_date)?;
    check_cooling_off(input.start_date, &f.periods, &s.region, s.cooling_off_months, draft.exception)?;
    check_package(draft.package.as_ref())?;
    let verdict = assess(draft.role, &draft.rate, input.notice_days, input.references_received, input.start_date, s);
    let reason = trimmed(&input.over_cap_reason);
    if verdict.over_cap_by.is_some() && reason.is_none() {
        return Err(field_err(
            "over_cap_reason",
            "The rate is over the region's cap: say why (the director and the chief executive then sign it off)",
        ));
    }
    Ok((verdict, reason))
}

/// The assignment row to store, from the parsed form and the verdict.
fn assignment_row(
    ctx: &Ctx,
    worker: Uuid,
    input: &AssignmentInput,
    draft: &AssignmentDraft,
    verdict: &ff_domain::workforce::Verdict,
    reason: Option<String>,
) -> AssignmentRow {
    let pence = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    let rate = &draft.rate;
    AssignmentRow {
        id: ctx.new_id(),
        worker_id: worker,
        agency: input.agency.trim().to_owned(),
        role_type: draft.role,
        team: input.team.trim().to_owned(),
        start_date: input.start_date,
        planned_end: input.planned_end,
        ended_on: None,
        notice_days: pence(input.notice_days),
        pay_pence: pence(rate.pay),
        employer_ni_pence: pence(rate.employer_ni),
        holiday_pence: pence(rate.holiday),
        levy_pence: pence(rate.levy),
        fee_pence: pence(rate.fee),
        cap_pence: verdict.cap.map(pence),
        over_cap_by_pence: verdict.over_cap_by.map(pence),
        over_cap_reason: reason.filter(|_| verdict.over_cap_by.is_some()),
        packaged_supplier: draft.package.as_ref().map(|p| p.supplier.clone()),
        references_received: pence(input.references_received),
        cooling_off_exception: draft.exception,
        non_compliance: serde_json::to_string(&verdict.non_compliance).unwrap_or_else(|_| "[]".into()),
        status: verdict.status,
        dcs_signed_by: None,
        dcs_signed_on: None,
        ceo_signed_by: None,
        ceo_signed_on: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
        post_id: input.post_id,
        fte: draft.fte,
    }
}

async fn assignment_at(tx: &mut Tx, ctx: &Ctx, id: Uuid, version: i32) -> Result<AssignmentRow> {
    let a = ff_store::workforce::get_assignment(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("agency assignment"))?;
    if a.version != version {
        return Err(stale("agency assignment", a.version));
    }
    Ok(a)
}

async fn write_step(tx: &mut Tx, ctx: &Ctx, read: &AssignmentRow, next: &AssignmentRow, what: &str) -> Result<()> {
    crate::versioned::save(tx, ctx, read.version, next.clone(), "update", what).await.map(|_| ())
}

crate::versioned::aggregate!(AssignmentRow, "agency_assignment", "agency assignment", |a, tx, la, read| {
    ff_store::workforce::step_assignment(tx, la, a, read)
});

/// Record the director's or the chief executive's sign-off of a rate over the cap (W-SYS-12);
/// with both, the assignment becomes active.
pub async fn sign_off(db: &Db, ctx: &Ctx, id: Uuid, input: &SignOffInput) -> Result<()> {
    ctx.authorise(Action::ManageWorkforce)?;
    let mut errors = ValidationErrors::new();
    let name = text("name", &input.name, "the name of who signed", &mut errors);
    let dcs = match input.by_role.trim() {
        "dcs" => Some(true),
        "ceo" => Some(false),
        _ => {
            errors.add("by_role", "Choose who signed: the director of children's services or the chief executive");
            None
        }
    };
    errors.into_result(())?;
    let Some(dcs) = dcs else { return Err(ServiceError::Internal("parsed input missing".into())) };
    let mut tx = db.begin().await?;
    let a = assignment_at(&mut tx, ctx, id, input.version).await?;
    let already = if dcs { a.dcs_signed_on.is_some() } else { a.ceo_signed_on.is_some() };
    check_sign_off(a.status, already, input.signed_on, ctx.today())?;
    let mut next = AssignmentRow { version: a.version + 1, ..a.clone() };
    if dcs {
        next.dcs_signed_by = Some(name);
        next.dcs_signed_on = Some(input.signed_on);
    } else {
        next.ceo_signed_by = Some(name);
        next.ceo_signed_on = Some(input.signed_on);
    }
    if next.dcs_signed_on.is_some() && next.ceo_signed_on.is_some() {
        next.status = AssignmentStatus::Active;
    }
    let what = if dcs { "signed off by the director of children's services" } else { "signed off by the chief executive" };
    write_step(&mut tx, ctx, &a, &next, what).await?;
    tx.commit().await?;
    Ok(())
}

/// The post an assignment covers and its FTE change, at its version (W-SYS-4; decision 0025):
/// the post is one of the council's, open on the assignment's start date, or none. Versioned and
/// audited like the assignment's other steps.
pub async fn set_cover(db: &Db, ctx: &Ctx, id: Uuid, input: &AssignmentCoverInput) -> Result<()> {
    ctx.authorise(Action::ManageWorkforce)?;
    let mut tx = db.begin().await?;
    let a = assignment_at(&mut tx, ctx, id, input.version).await?;
    let post = named_post(&mut tx, ctx, input.post_id).await?;
    let mut errors = ValidationErrors::new();
    let fte = parse_cover(post.as_ref(), input.fte, a.start_date, &mut errors);
    errors.into_result(())?;
    let next = AssignmentRow { post_id: input.post_id, fte, version: a.version + 1, ..a.clone() };
    let what = match post.flatten() {
        Some(_) => "agency assignment now names the post it covers",
        None => "agency assignment now names no post",
    };
    write_step(&mut tx, ctx, &a, &next, what).await?;
    tx.commit().await?;
    Ok(())
}

/// The assignment ends on a date.
pub async fn end_assignment(db: &Db, ctx: &Ctx, id: Uuid, input: &EndAssignmentInput) -> Result<()> {
    ctx.authorise(Action::ManageWorkforce)?;
    let mut tx = db.begin().await?;
    let a = assignment_at(&mut tx, ctx, id, input.version).await?;
    if a.ended_on.is_some() {
        return Err(stale("agency assignment", a.version));
    }
    if input.ended_on < a.start_date || input.ended_on > ctx.today() {
        return Err(field_err("ended_on", "The end is on or after the start, and not in the future"));
    }
    let next = AssignmentRow { ended_on: Some(input.ended_on), status: AssignmentStatus::Ended, version: a.version + 1, ..a.clone() };
    write_step(&mut tx, ctx, &a, &next, "agency assignment ended").await?;
    tx.commit().await?;
    Ok(())
}
