//! The quarterly agency return (W-OUT-2): assignments active in a quarter, their rates against
//! the caps and how each rule was met, as a table and as CSV.

use super::*;

/// The quarterly agency return (W-AG-7, W-OUT-2): every agency assignment running at some time in
/// a calendar quarter, and per rule how many did not comply, with the over-cap sign-offs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgencyReturn {
    /// e.g. 2026-Q4.
    pub quarter: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub assignments: Vec<AssignmentView>,
    /// Per rule (W-AG-1..6): how many assignments did not comply.
    pub compliance: Vec<RuleCompliance>,
    /// Assignments over the cap signed off by both the director and the chief executive (reported
    /// with who signed, W-AG-1).
    pub breaches_signed_off: usize,
}

/// How many of the quarter's assignments met one rule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RuleCompliance {
    pub rule: String,
    pub what: String,
    pub not_met: usize,
    pub of: usize,
}

/// The first and last day of a calendar quarter written `2026-Q4`.
pub fn quarter_dates(q: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (year, n) = q.trim().split_once("-Q")?;
    let (year, n): (i32, u32) = (year.parse().ok()?, n.parse().ok()?);
    if !(1..=4).contains(&n) || !(2024..=2100).contains(&year) {
        return None;
    }
    let from = NaiveDate::from_ymd_opt(year, 3 * n - 2, 1)?;
    let to = from.checked_add_months(chrono::Months::new(3))?.pred_opt()?;
    Some((from, to))
}

/// The quarter a day falls in, written `2026-Q4`.
pub fn quarter_of(day: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}-Q{}", day.year(), (day.month() - 1) / 3 + 1)
}

/// The agency return for `quarter`; the assignments are read a page at a time. Audited as an
/// export.
pub async fn agency_return(db: &Db, ctx: &Ctx, quarter: &str) -> Result<AgencyReturn> {
    ctx.authorise(Action::ViewWorkforce)?;
    let (from, to) = quarter_dates(quarter).ok_or_else(|| field_err("quarter", "Choose a quarter written like 2026-Q4"))?;
    let mut tx = db.begin().await?;
    let mut rows = vec![];
    let mut before = None;
    loop {
        let page = ff_store::workforce::assignments_between(&mut tx, ctx.la(), from, to, before, 500).await?;
        let Some(last) = page.last() else { break };
        before = Some((last.start_date, last.id));
        let done = page.len() < 500;
        rows.extend(page);
        if done {
            break;
        }
    }
    let mut ids: Vec<Uuid> = rows.iter().map(|a| a.worker_id).collect();
    ids.sort();
    ids.dedup();
    let named = ff_store::workforce::workers_with_ids(&mut tx, ctx.la(), &ids).await?;
    let titles = post_titles(&mut tx, ctx, &rows).await?;
    let assignments: Vec<AssignmentView> =
        rows.iter().map(|a| assignment_view(a, named.iter().find(|w| w.id == a.worker_id), &titles)).collect();
    let signed = |a: &AssignmentView| a.dcs_signed_on.is_some() && a.ceo_signed_on.is_some();
    let rules = [
        ("W-AG-1", "Within the region's price cap, or over it with both the director's and the chief executive's sign-off"),
        ("W-AG-3", "Notice no longer than 4 weeks, or the council's own if shorter"),
        ("W-AG-6", "At least 2 practice-based references on file"),
    ];
    let compliance = rules
        .iter()
        .map(|(rule, what)| RuleCompliance {
            rule: (*rule).to_owned(),
            what: (*what).to_owned(),
            not_met: assignments.iter().filter(|a| a.non_compliance.iter().any(|(r, _)| r == rule)).count(),
            of: assignments.len(),
        })
        .collect();
    audit(
        &mut tx,
        ctx,
        "export",
        "agency_return",
        Some(quarter.to_owned()),
        format!("agency return {quarter}: {} assignments", assignments.len()),
    )
    .await?;
    tx.commit().await?;
    let breaches_signed_off = assignments.iter().filter(|a| a.over_cap_by_pence.is_some() && signed(a)).count();
    Ok(AgencyReturn { quarter: quarter_of(from), from, to, assignments, compliance, breaches_signed_off })
}

use crate::csv_cell;

/// The return's assignments as CSV, one row each.
pub fn agency_return_csv(r: &AgencyReturn) -> String {
    let mut out = String::from(
        "worker,swe_number,role_type,agency,team,start_date,end_date,hourly_rate_pence,fee_pence,cap_pence,over_cap_by_pence,dcs_signed_by,dcs_signed_on,ceo_signed_by,ceo_signed_on,packaged_supplier,references_received,notice_days,rules_not_met\r\n",
    );
    for a in &r.assignments {
        let d = |x: Option<NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
        let n = |x: Option<i32>| x.map(|v| v.to_string()).unwrap_or_default();
        let cells = [
            a.worker_name.clone(),
            a.swe_number.clone().unwrap_or_default(),
            a.role_type.clone(),
            a.agency.clone(),
            a.team.clone(),
            a.start_date.to_string(),
            d(a.ended_on.or(a.planned_end)),
            a.capped_rate_pence.to_string(),
            a.fee_pence.to_string(),
            n(a.cap_pence),
            n(a.over_cap_by_pence),
            a.dcs_signed_by.clone().unwrap_or_default(),
            d(a.dcs_signed_on),
            a.ceo_signed_by.clone().unwrap_or_default(),
            d(a.ceo_signed_on),
            a.packaged_supplier.clone().unwrap_or_default(),
            a.references_received.to_string(),
            a.notice_days.to_string(),
            a.non_compliance.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>().join(" "),
        ];
        out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}
