//! The performance dashboard, computed live from the records for any period:
//! referrals and re-referrals, assessments (average working days, share within 45 — T3), s.47
//! enquiries and initial conferences (conversion), plans started and children on plans per 10,000,
//! categories of abuse, and the Families First measures (LCPP share of child protection work,
//! non-social-worker leads with oversight, R-FH-1; FGDM offered and held, support packages
//! approved and spent, children in kinship care). Aggregates only: no child is named.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::child_protection::Category;
use ff_domain::policy::Action;
use ff_store::Db;
use ff_store::insight::Snapshots;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{Ctx, Result, ServiceError, audit};
use crate::{field_err, settings_and_calendar};

#[derive(Debug, Clone, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct Period {
    /// First day (default: 1 April of the current reporting year).
    pub from: Option<NaiveDate>,
    /// Last day (default: today).
    pub to: Option<NaiveDate>,
}

/// One figure with how it is defined (shown under each chart and in the CSV).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Figure {
    pub key: String,
    pub label: String,
    /// The value; rates and shares are rounded to one decimal place.
    pub value: f64,
    /// Empty for counts; "%" for shares; "per 10,000" for rates; "working days" for durations.
    pub unit: String,
    /// The value as people read it: `1,234`, `12.5%`, `£1,234.56`, `31.2 per 10,000`.
    pub display: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Dashboard {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// When these figures were counted from the records: they are kept for
    /// `FIGURES_FRESH_FOR_SECONDS` (a minute) and then counted again.
    pub computed_at: DateTime<Utc>,
    pub child_population: u32,
    /// Front door and assessment.
    pub referrals: Vec<Figure>,
    /// Child protection.
    pub child_protection: Vec<Figure>,
    /// Plans started in the period by category of abuse (code, label, count).
    pub categories: Vec<Figure>,
    /// Families First measures at the end of the period.
    pub families_first: Vec<Figure>,
}

pub(crate) fn fig(key: &str, label: &str, value: f64, unit: &str) -> Figure {
    let rounded = (value * 10.0).round() / 10.0;
    let display = match unit {
        "£" => ff_domain::support_packages::pounds((value * 100.0).round() as i64),
        "%" => format!("{}%", grouped(rounded)),
        "" => grouped(rounded),
        other => format!("{} {other}", grouped(rounded)),
    };
    Figure { key: key.into(), label: label.into(), value: rounded, unit: unit.into(), display }
}

/// `64000` as `64,000` and `1234.5` as `1,234.5`.
pub fn grouped(v: f64) -> String {
    let text = if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}") };
    let (sign, rest) = text.strip_prefix('-').map_or(("", text.as_str()), |r| ("-", r));
    let (whole, frac) = rest.split_once('.').map_or((rest, None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

pub(crate) fn share(part: i64, whole: i64) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 * 100.0 / whole as f64 }
}

/// The start of the reporting year (1 April) that contains `d`.
pub fn year_start(d: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let y = if d.month() >= 4 { d.year() } else { d.year() - 1 };
    NaiveDate::from_ymd_opt(y, 4, 1).unwrap_or(d)
}

/// How long computed figures are shown before they are computed again. A council's morning of
/// dashboard views then costs one computation a minute, not one a view (
/// docs/decisions/0008); the page and the API say when the figures were computed.
pub const FIGURES_FRESH_FOR_SECONDS: i64 = 60;

/// Snapshots not computed for a day are removed when another is saved.
const FORGET_SNAPSHOTS_AFTER_HOURS: i64 = 24;

pub async fn dashboard(db: &Db, ctx: &Ctx, period: &Period) -> Result<Dashboard> {
    ctx.authorise(Action::ViewPerformance)?;
    let (from, to) = bounds(ctx, period)?;
    let mut tx = db.begin().await?;
    let d = match kept::<Dashboard>(&mut tx, ctx, Snapshots::Performance, from, to).await? {
        Some(d) => d,
        None => {
            let d = compute(&mut tx, ctx, from, to).await?;
            keep(&mut tx, ctx, Snapshots::Performance, from, to, &d).await?;
            d
        }
    };
    audit(&mut tx, ctx, "view", "dashboard", None, "performance dashboard viewed").await?;
    tx.commit().await?;
    Ok(d)
}

/// The period's first and last days: by default the reporting year to today. The start must be on
/// or before the end, and the period at most five years.
pub(crate) fn bounds(ctx: &Ctx, period: &Period) -> Result<(NaiveDate, NaiveDate)> {
    let to = period.to.unwrap_or(ctx.today());
    let from = period.from.unwrap_or(year_start(to));
    if from > to {
        return Err(field_err("from", "The start of the period must be on or before its end"));
    }
    if (to - from).num_days() > 366 * 5 {
        return Err(field_err("from", "Choose a period of at most five years"));
    }
    Ok((from, to))
}

/// A dashboard's figures for the period if they were counted less than a minute ago. Fresh
/// figures are read; stale ones are recomputed by one request while the others wait on the
/// snapshot's row lock and then read what it computed (decision 0008). `None`: count them now and
/// `keep` them.
pub(crate) async fn kept<T: serde::de::DeserializeOwned>(
    tx: &mut ff_store::Tx,
    ctx: &Ctx,
    which: Snapshots,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Option<T>> {
    let la = ctx.la();
    let stale_before = ctx.now - chrono::Duration::seconds(FIGURES_FRESH_FOR_SECONDS);
    let mut kept = ff_store::insight::snapshot(tx, which, la, from, to).await?;
    if kept.as_ref().is_some_and(|(at, _)| *at < stale_before)
        && !ff_store::insight::lock_stale_snapshot(tx, which, la, from, to, stale_before).await?
    {
        kept = ff_store::insight::snapshot(tx, which, la, from, to).await?;
    }
    Ok(kept.filter(|(at, _)| *at >= stale_before).and_then(|(_, figures)| serde_json::from_str::<T>(&figures).ok()))
}

/// Keeps freshly counted figures for a minute, and forgets snapshots a day old.
pub(crate) async fn keep<T: Serialize>(
    tx: &mut ff_store::Tx,
    ctx: &Ctx,
    which: Snapshots,
    from: NaiveDate,
    to: NaiveDate,
    figures: &T,
) -> Result<()> {
    let figures = serde_json::to_string(figures).map_err(|e| ServiceError::Internal(format!("dashboard figures: {e}")))?;
    let forget_before = ctx.now - chrono::Duration::hours(FORGET_SNAPSHOTS_AFTER_HOURS);
    ff_store::insight::save_snapshot(tx, which, ctx.la(), from, to, ctx.now, &figures, forget_before).await?;
    Ok(())
}

/// The figures for a period, counted from the records now.
async fn compute(tx: &mut ff_store::Tx, ctx: &Ctx, from: NaiveDate, to: NaiveDate) -> Result<Dashboard> {
    let (settings, cal) = settings_and_calendar(tx, ctx.la()).await?;
    let c = ff_store::insight::counts(tx, ctx.la(), from, to).await?;
    let assessments = ff_store::insight::assessments_completed(tx, ctx.la(), from, to).await?;
    let categories = ff_store::insight::categories(tx, ctx.la(), from, to).await?;
    let ff = ff_store::insight::families_first(tx, ctx.la(), to).await?;
    let nets = ff_store::insight::networks(tx, ctx.la(), from, to).await?;

    let durations: Vec<i64> = assessments.iter().map(|(start, done, _)| cal.working_days_between(*start, *done)).collect();
    let average = if durations.is_empty() { 0.0 } else { durations.iter().sum::<i64>() as f64 / durations.len() as f64 };
    let within = assessments.iter().filter(|(_, done, due)| done <= due).count() as i64;
    let population = settings.child_population.max(1);
    let per_10k = |n: i64| n as f64 * 10_000.0 / f64::from(population);
    Ok(Dashboard {
        from,
        to,
        computed_at: ctx.now,
        child_population: settings.child_population,
        referrals: vec![
            fig("referrals", "Referrals", c.referrals as f64, ""),
            fig("rereferrals", "Re-referrals within 12 months", c.rereferrals as f64, ""),
            fig("rereferral_rate", "Re-referral rate", share(c.rereferrals, c.referrals), "%"),
            fig("referrals_per_10k", "Referrals per 10,000 children", per_10k(c.referrals), "per 10,000"),
            fig("assessments_completed", "Assessments completed", c.assessments_completed as f64, ""),
            fig("assessment_average_wd", "Average assessment duration", average, "working days"),
            fig(
                "assessments_within_45",
                "Assessments completed within 45 working days of referral",
                share(within, assessments.len() as i64),
                "%",
            ),
        ],
        child_protection: vec![
            fig("s47_started", "Section 47 enquiries started", c.s47_started as f64, ""),
            fig("initial_conferences", "Initial conferences held", c.initial_conferences as f64, ""),
            fig("conversion", "Initial conferences per section 47 enquiry", share(c.initial_conferences, c.s47_started), "%"),
            fig("plans_started", "Child protection plans started", c.plans_started as f64, ""),
            fig("children_on_plans", "Children on a plan at the end of the period", c.children_on_plans_at_end as f64, ""),
            fig("on_plans_per_10k", "Children on a plan per 10,000 children", per_10k(c.children_on_plans_at_end), "per 10,000"),
        ],
        categories: Category::ALL
            .iter()
            .map(|cat| {
                let n = categories.iter().find(|(code, _)| code == cat.code()).map(|(_, n)| *n).unwrap_or(0);
                fig(cat.code(), cat.label(), n as f64, "")
            })
            .collect(),
        families_first: vec![
            fig("cp_children", "Children with an open enquiry or plan", ff.cp_children as f64, ""),
            fig("held_by_lcpp", "Child protection work held by an LCPP", share(ff.cp_children_held_by_lcpp, ff.cp_children), "%"),
            fig("non_sw_leads", "Child-in-need episodes led by a non-social-worker", ff.non_sw_cin_leads as f64, ""),
            fig(
                "non_sw_with_oversight",
                "Of those, with a social work overseer named",
                share(ff.non_sw_cin_leads_with_oversight, ff.non_sw_cin_leads),
                "%",
            ),
            fig("fgdm_offered", "Family group decision making offered (in the period)", nets.fgdm_offered as f64, ""),
            fig("fgdm_held", "Family group decision making meetings held (in the period)", nets.fgdm_held as f64, ""),
            fig("packages_approved", "Support packages approved (in the period)", nets.packages_approved as f64, ""),
            fig("packages_approved_pounds", "Support packages approved, total", nets.packages_approved_pence as f64 / 100.0, "£"),
            fig("package_spend_pounds", "Support package spend (in the period)", nets.package_spend_pence as f64 / 100.0, "£"),
            fig("children_in_kinship_care", "Children kept within their network in kinship care", nets.children_in_kinship_care as f64, ""),
        ],
    })
}

/// The dashboard as CSV: section, key, label, value, unit; one row per figure.
pub fn to_csv(d: &Dashboard) -> String {
    let mut out = String::from("section,key,label,value,unit,from,to\n");
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    for (section, figures) in [
        ("referrals", &d.referrals),
        ("child_protection", &d.child_protection),
        ("categories", &d.categories),
        ("families_first", &d.families_first),
    ] {
        for f in figures {
            out.push_str(&format!("{section},{},{},{},{},{},{}\n", f.key, quote(&f.label), f.value, quote(&f.unit), d.from, d.to));
        }
    }
    out
}

#[cfg(test)]
mod display_tests {
    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(super::grouped(64000.0), "64,000");
        assert_eq!(super::grouped(1234.5), "1,234.5");
        assert_eq!(super::grouped(12.0), "12");
        assert_eq!(super::fig("x", "x", 1770.0, "£").display, "£1,770.00");
        assert_eq!(super::fig("x", "x", 1234.56, "£").display, "£1,234.56");
        assert_eq!(super::fig("x", "x", 12.46, "%").display, "12.5%");
        assert_eq!(super::fig("x", "x", 31.2, "per 10,000").display, "31.2 per 10,000");
    }
}
