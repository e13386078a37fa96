//! Statutory returns from the records: the CIN census for a census year, built a
//! page of children at a time and written as it goes, so memory does not grow with the council.
//!
//! Who is in the return: every child with an episode open at any time in the census year that was
//! at the child-in-need (s.17) level at some point (R-FH-3: one family help episode spans targeted
//! early help and s.17; early help alone is not a children-in-need episode).

pub mod ssda903;

use std::io::Write;

use chrono::NaiveDate;
use ff_domain::family_help::Level;
use ff_domain::policy::Action;
use ff_returns::cin::model::{
    Assessment, Characteristics, Child, CinPlan, CpPlan, DateField, Episode, Header, Identifiers, PreProceedings, Section47,
};
use ff_store::Db;
use ff_store::returns::CensusPage;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::field_err;
use crate::{Ctx, Result, ServiceError, audit};

/// Children read per page.
const PAGE: i64 = 500;

/// The census identifier (LAchildID) for the `n`th child the council reports: `C` and nine
/// digits, so at most 20 letters and digits (rules 1570/1580) and in issue order.
pub fn census_id(n: i64) -> String {
    format!("C{n:09}")
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportSummary {
    pub year: i32,
    pub children: u64,
    pub episodes: u64,
}

/// The census period for a census end year: 1 April of the year before to 31 March.
pub fn census_period(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((NaiveDate::from_ymd_opt(year - 1, 4, 1)?, NaiveDate::from_ymd_opt(year, 3, 31)?))
}

fn date(d: Option<NaiveDate>) -> DateField {
    d.map(DateField::Date).unwrap_or(DateField::Missing)
}

fn flag(b: bool) -> Option<ff_returns::cin::model::Text> {
    Some(if b { "1" } else { "0" }.into())
}

/// Write the CIN census for census end year `year` (2025 = 2024/25) to `out`.
pub async fn cin_census<W: Write>(db: &Db, ctx: &Ctx, year: i32, out: W) -> Result<ExportSummary> {
    ctx.authorise(Action::ViewPerformance)?;
    if !(2024..=2030).contains(&year) {
        return Err(field_err("year", "Choose a census year from 2024 to 2030 (the year the census ends)"));
    }
    let (from, to) = census_period(year).ok_or_else(|| field_err("year", "Not a census year"))?;
    let header = Header {
        collection: Some("CIN".into()),
        year: Some(year.to_string().into()),
        reference_date: DateField::Date(to),
        source_level: Some("L".into()),
        lea: Some(ctx.la().into()),
        software_code: Some("Families First".into()),
        release: Some(env!("CARGO_PKG_VERSION").into()),
        serial_no: Some("001".into()),
        date_time: Some(ctx.now.format("%Y-%m-%dT%H:%M:%S").to_string().into()),
    };
    let io = |e: std::io::Error| ServiceError::Internal(format!("writing the census: {e}"));
    let mut writer = ff_returns::cin::CensusWriter::new(out, &header).map_err(io)?;
    let mut after = Uuid::nil();
    let mut next_number = {
        let mut tx = db.begin().await?;
        let n = ff_store::returns::last_census_number(&mut tx, ctx.la()).await?;
        tx.commit().await?;
        n
    };
    let mut summary = ExportSummary { year, children: 0, episodes: 0 };
    loop {
        let mut tx = db.begin().await?;
        let mut page = ff_store::returns::census_page(&mut tx, ctx.la(), from, to, after, PAGE).await?;
        // A child's census identifier is given the first time they are reported, then kept.
        for c in page.children.iter_mut().filter(|c| c.census_id.is_none()) {
            next_number += 1;
            let id = census_id(next_number);
            ff_store::returns::assign_census_id(&mut tx, ctx.la(), c.id, &id).await?;
            c.census_id = Some(id);
        }
        tx.commit().await?;
        let Some(last) = page.children.last().map(|c| c.id) else { break };
        for child in census_children(&page, from, to, year >= 2027) {
            summary.episodes += child.episodes.len() as u64;
            writer.child(&child).map_err(io)?;
            summary.children += 1;
        }
        after = last;
        if (page.children.len() as i64) < PAGE {
            break;
        }
    }
    writer.finish().map_err(io)?;
    let mut tx = db.begin().await?;
    audit(
        &mut tx,
        ctx,
        "export",
        "cin_census",
        Some(year.to_string()),
        format!("CIN census exported: {}", ff_domain::text::plural(summary.children, "child", "children")),
    )
    .await?;
    tx.commit().await?;
    Ok(summary)
}

/// Map one page of records to census children.
fn census_children(page: &CensusPage, from: NaiveDate, to: NaiveDate, with_pre_proceedings: bool) -> Vec<Child> {
    let year = CensusYear { from, to };
    let mut out = vec![];
    for c in &page.children {
        let episodes: Vec<Episode> = page
            .episodes
            .iter()
            .filter(|e| e.child_id == c.id && is_census_episode(page, e, year))
            .map(|e| census_episode(page, e, year, with_pre_proceedings))
            .collect();
        if episodes.is_empty() {
            continue;
        }
        out.push(census_child(c, to, episodes));
    }
    out
}

/// The census year's first and last days, and the tests of a date against them.
#[derive(Clone, Copy)]
struct CensusYear {
    from: NaiveDate,
    to: NaiveDate,
}

impl CensusYear {
    /// A date, unless it falls after the census year (dates after the year are not reported).
    fn within(self, d: Option<NaiveDate>) -> Option<NaiveDate> {
        d.filter(|d| *d <= self.to)
    }

    /// Whether a date falls in the census year.
    fn in_year(self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// Whether something with this end was still open at some time in the census year.
    fn still_open_in_year(self, end: Option<NaiveDate>) -> bool {
        end.is_none_or(|d| d >= self.from)
    }
}

/// An episode the census reports: open at some time in the year and at the child-in-need level at
/// some point (R-FH-3).
fn is_census_episode(page: &CensusPage, e: &ff_store::returns::CensusEpisode, year: CensusYear) -> bool {
    let (from, to) = (year.from, year.to);
    let overlaps = e.referral_date <= to && e.closure_date.is_none_or(|d| d >= from);
    let cin = e.level == Level::ChildInNeed.code()
        || page.levels.iter().any(|l| l.episode_id == e.id && l.level == Level::ChildInNeed.code() && l.from_date <= to);
    overlaps && cin
}

/// The date of the initial conference an enquiry led to, when held by the end of the year.
fn icpc_of(page: &CensusPage, q: &ff_store::child_protection::S47Row, to: NaiveDate) -> Option<NaiveDate> {
    page.conferences.iter().find(|c| c.s47_id == Some(q.id) && c.held_on <= to).map(|c| c.held_on)
}

/// One census episode with its modules. Work that was over before the year began was reported in
/// an earlier census and is left out (rules 4013, 8696, 8715, 8736, 8930: the module's dates fall
/// in the census year).
fn census_episode(page: &CensusPage, e: &ff_store::returns::CensusEpisode, year: CensusYear, with_pre_proceedings: bool) -> Episode {
    let to = year.to;
    Episode {
        referral_date: DateField::Date(e.referral_date),
        referral_source: Some(e.referral_source.as_str().into()),
        primary_need: e.primary_need.as_deref().map(Into::into),
        closure_date: date(year.within(e.closure_date)),
        closure_reason: year.within(e.closure_date).and(e.closure_reason.as_deref().map(Into::into)),
        initial_cpc: DateField::Missing,
        assessments: census_assessments(page, e, year),
        cin_plans: page
            .plans
            .iter()
            .filter(|p| p.episode_id == e.id && p.start_date <= to && year.still_open_in_year(p.end_date))
            .map(|p| CinPlan { start: DateField::Date(p.start_date), end: date(year.within(p.end_date)) })
            .collect(),
        section47s: census_section47s(page, e, year),
        referral_nfa: flag(false),
        cp_plans: census_cp_plans(page, e, year),
        pre_proceedings: if with_pre_proceedings { pre_proceedings(page, e, to) } else { vec![] },
    }
}

/// The episode's assessments started by the year's end, reported in the year they were
/// authorised (or, not yet authorised, the year they started).
fn census_assessments(page: &CensusPage, e: &ff_store::returns::CensusEpisode, year: CensusYear) -> Vec<Assessment> {
    page.assessments
        .iter()
        .filter(|a| a.episode_id == e.id && a.start_date <= year.to)
        .filter(|a| match year.within(a.completed_date) {
            Some(done) => year.in_year(done),
            None => year.in_year(a.start_date),
        })
        .map(|a| {
            let done = year.within(a.completed_date);
            Assessment {
                start: DateField::Date(a.start_date),
                internal_review: DateField::Missing,
                authorised: date(done),
                factors: if done.is_some() { a.factors.split_whitespace().map(Into::into).collect() } else { vec![] },
            }
        })
        .collect()
}

/// The episode's s.47 enquiries that started, had their conference, or were still awaiting one
/// in the year.
fn census_section47s(page: &CensusPage, e: &ff_store::returns::CensusEpisode, year: CensusYear) -> Vec<Section47> {
    let (from, to) = (year.from, year.to);
    page.enquiries
        .iter()
        .filter(|q| q.episode_id == e.id && q.start_date <= to)
        .filter(|q| {
            let awaiting =
                icpc_of(page, q, to).is_none() && !(q.concluded_on.is_some_and(|d| d < from) && q.conference_required == Some(false));
            year.in_year(q.start_date)
                || icpc_of(page, q, to).is_some_and(|d| year.in_year(d))
                || (awaiting && q.concluded_on.is_none_or(|d| d >= from))
        })
        .map(|q| {
            let icpc = icpc_of(page, q, to);
            let not_required = q.concluded_on.is_some_and(|d| d <= to) && q.conference_required == Some(false);
            Section47 {
                start: DateField::Date(q.start_date),
                icpc_target: DateField::Date(q.icpc_due),
                icpc: date(icpc),
                icpc_not_required: flag(not_required),
            }
        })
        .collect()
}

/// The episode's child protection plans open at some time in the year, with their categories,
/// earlier plans and reviews.
fn census_cp_plans(page: &CensusPage, e: &ff_store::returns::CensusEpisode, year: CensusYear) -> Vec<CpPlan> {
    let to = year.to;
    page.cp_plans
        .iter()
        .filter(|p| p.episode_id == e.id && p.start_date <= to && year.still_open_in_year(p.end_date))
        .map(|p| {
            let initial = page.conferences.iter().find(|c| c.id == p.initial_conference_id).and_then(|c| c.category);
            let previous = page.cp_plans.iter().filter(|o| o.child_id == p.child_id && o.start_date < p.start_date).count();
            CpPlan {
                start: DateField::Date(p.start_date),
                end: date(year.within(p.end_date)),
                initial_category: Some(initial.unwrap_or(p.category).code().into()),
                latest_category: Some(p.category.code().into()),
                previous_plans: Some(previous.to_string().into()),
                reviews: page
                    .conferences
                    .iter()
                    .filter(|c| {
                        c.cp_plan_id == Some(p.id) && c.kind == ff_domain::child_protection::ConferenceKind::Review && c.held_on <= to
                    })
                    .map(|c| DateField::Date(c.held_on))
                    .collect(),
            }
        })
        .collect()
}

/// One census child: identifiers (UPN unknown UN1 under 5 or unborn, else UN4), characteristics,
/// and their episodes.
fn census_child(c: &ff_store::returns::CensusChild, to: NaiveDate, episodes: Vec<Episode>) -> Child {
    let age_at = |d: NaiveDate| c.date_of_birth.map(|b| d.years_since(b).unwrap_or(0));
    let unborn = c.date_of_birth.is_none();
    let upn_unknown = if unborn || age_at(to).is_some_and(|a| a < 5) { "UN1" } else { "UN4" };
    Child {
        index: 0,
        ids: Identifiers {
            la_child_id: c.census_id.as_deref().map(Into::into),
            upn: None,
            former_upn: None,
            upn_unknown: Some(upn_unknown.into()),
            birth_date: date(c.date_of_birth),
            expected_birth_date: if unborn { date(c.expected_date_of_birth) } else { DateField::Missing },
            sex: Some(match c.sex.as_str() {
                "M" | "F" => c.sex.as_str().into(),
                _ => "U".into(),
            }),
            gender_current: None,
            death_date: DateField::Missing,
        },
        // The register does not record disabilities yet: NONE is reported (see docs/returns.md).
        characteristics: Characteristics {
            ethnicity: Some(c.ethnicity.as_deref().unwrap_or("NOBT").into()),
            disabilities: vec![Some("NONE".into())],
        },
        episodes,
    }
}

/// The census year (by the year it ends) holding the council's latest child-in-need work: the year
/// in progress while any episode is open. Falls back to the latest year that has ended.
pub async fn latest_year_with_data(db: &Db, ctx: &Ctx) -> Result<i32> {
    use chrono::Datelike;
    ctx.authorise(Action::ViewPerformance)?;
    let mut tx = db.begin().await?;
    let latest = ff_store::returns::latest_cin_activity(&mut tx, ctx.la(), ctx.today()).await?;
    tx.commit().await?;
    let year_ending = |d: NaiveDate| if d.month() >= 4 { d.year() + 1 } else { d.year() };
    let today = ctx.today();
    Ok(latest.map(year_ending).unwrap_or_else(|| year_ending(today) - 1))
}

/// Validate a CIN census file from any system. Runs on the caller's
/// thread and reads the stream once; for the web, call it from a blocking task.
pub fn validate_census<R: std::io::BufRead + Send>(
    ctx: &Ctx,
    input: R,
    opts: &ff_returns::cin::ValidateOptions,
) -> Result<ff_returns::cin::Report> {
    validate_census_into(ctx, input, opts, &mut |_| {})
}

/// As [`validate_census`], handing every issue to `sink` as it is found (the page keeps the full
/// list on disk while the report keeps a few examples per rule).
pub fn validate_census_into<R: std::io::BufRead + Send>(
    ctx: &Ctx,
    input: R,
    opts: &ff_returns::cin::ValidateOptions,
    sink: &mut dyn FnMut(&ff_returns::cin::Issue),
) -> Result<ff_returns::cin::Report> {
    ctx.authorise(Action::ViewPerformance)?;
    Ok(ff_returns::cin::validate_reader_into(input, opts, sink))
}

/// Record that a census file was validated (the file's contents are never logged or kept).
pub async fn record_validation(db: &Db, ctx: &Ctx, bytes: u64) -> Result<()> {
    ctx.authorise(Action::ViewPerformance)?;
    let mut tx = db.begin().await?;
    audit(&mut tx, ctx, "validate", "cin_census", None, format!("CIN census file validated ({bytes} bytes)")).await?;
    tx.commit().await?;
    Ok(())
}

/// For LAchildIDs in a report, the local children they stand for (where this council gave them
/// in a return). At most `limit` ids are looked up, one indexed query each.
pub async fn local_children(db: &Db, ctx: &Ctx, ids: &[String], limit: usize) -> Result<Vec<(String, Uuid)>> {
    ctx.authorise(Action::ViewPerformance)?;
    let mut tx = db.begin().await?;
    let mut out = vec![];
    for id in ids.iter().take(limit) {
        if let Some(person) = ff_store::returns::person_by_census_id(&mut tx, ctx.la(), id).await? {
            out.push((id.clone(), person));
        }
    }
    tx.commit().await?;
    Ok(out)
}

/// The 2026/27 `PreProceedingsandFGDM` groups of an episode: the pre-proceedings started while
/// it was open. `PPOutcome` is left out until the DfE's code set (CS131) is published with the
/// schema; `LetterInitCPDate` is not recorded yet.
fn pre_proceedings(page: &CensusPage, e: &ff_store::returns::CensusEpisode, to: NaiveDate) -> Vec<PreProceedings> {
    let within = |d: Option<NaiveDate>| d.filter(|d| *d <= to);
    page.plos
        .iter()
        .filter(|p| {
            p.child_id == e.child_id
                && p.gateway_decision == ff_domain::family_networks::GatewayDecision::PreProceedings
                && p.gateway_on <= to
        })
        .filter(|p| e.referral_date <= p.gateway_on && e.closure_date.is_none_or(|c| c >= p.gateway_on))
        .map(|p| {
            let meetings: Vec<NaiveDate> = page.plo_meetings.iter().filter(|(id, d)| *id == p.id && *d <= to).map(|(_, d)| *d).collect();
            let fgdm = p
                .fgdm_id
                .and_then(|f| page.fgdm_states.iter().find(|(id, _, _)| *id == f))
                .or_else(|| page.fgdm_states.iter().rev().find(|(_, c, _)| *c == p.child_id));
            let held = fgdm.is_some_and(|(_, _, s)| s == "meeting_held" || s == "plan_agreed");
            PreProceedings {
                start: DateField::Date(p.gateway_on),
                letter_sent: date(within(p.letter_sent_on)),
                fgdm_offered: flag(p.letter_includes_fgdm_offer == Some(true)),
                fgdm_facilitated: flag(held),
                initial_meeting: date(meetings.first().copied()),
                review_meetings: Some(meetings.len().saturating_sub(1).to_string().into()),
                step_decision: date(within(p.ended_on)),
                outcome: None,
                court_application: date(within(p.application_issued_on)),
                letter_initiating_proceedings: DateField::Missing,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn census_ids_are_short_alphanumeric_and_ordered() {
        assert_eq!(census_id(42), "C000000042");
        let id = census_id(999_999_999);
        assert!(id.len() <= 20 && id.chars().all(|c| c.is_ascii_alphanumeric()), "rules 1570/1580");
        assert!(census_id(9) < census_id(10));
    }

    #[test]
    fn census_year_runs_april_to_march() {
        assert_eq!(
            census_period(2025),
            Some((NaiveDate::from_ymd_opt(2024, 4, 1).unwrap(), NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()))
        );
    }
}
