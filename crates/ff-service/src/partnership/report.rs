//! The partnership's yearly report (`ff_domain::partnership::report`, MASA-P-9, MASA-SYS-8):
//! drafted by the business manager for a reporting year, its figures counted from the records each
//! time it is read (the agreed data set for the year, local reviews, audits, section 11 returns),
//! the manager's words for each section kept on the server at a version, and each lead partner's
//! sign-off by name. Once all three have signed it is final: no more words, no more sign-offs.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::partnership::PartnershipSettings;
use ff_domain::partnership::arrangements::{self as arr_rules, Named, SignOffs, StatutoryPartner, lead_on};
use ff_domain::partnership::audits::{Grading, gradings};
use ff_domain::partnership::local_review_due;
use ff_domain::partnership::report::{
    Publication, ReportSection, check_draft, check_narrative, check_publication, check_report_sign_off, final_on, is_final,
    publication_overdue, sent_late, year_bounds, year_label, year_of,
};
use ff_domain::policy::Action;
use ff_store::Db;
use ff_store::partnership::arrangements as arr_store;
use ff_store::partnership::reports::{self as store, ReportRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::arrangements::financial_year;
use super::data_set::{DataSet, Measure};
use crate::insight::{Figure, fig};
use crate::versioned::{aggregate, save};
use crate::{Ctx, Result, ServiceError, audit, field_err, parse_code, parsed, settings_and_calendar, stale};

aggregate!(ReportRow, "yearly_report", "yearly report", |r, tx, la, read| store::update(tx, la, r, read));

/// Start the draft report for a reporting year (named by the calendar year it starts in).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ReportDraftInput {
    pub year: i32,
}

/// The business manager's words for some sections, at the report's version; sections left out
/// keep their words.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ReportNarrativeInput {
    pub version: i32,
    /// By section: summary, incidents, local_reviews, learning, audits, section_11, disagreements,
    /// data_set.
    #[serde(default)]
    pub sections: BTreeMap<String, String>,
}

/// A lead partner signs the report off, at its version.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ReportSignOffInput {
    pub version: i32,
    /// council, icb or police: the lead on `signed_on` signs.
    pub partner: String,
    pub signed_on: NaiveDate,
}

fn signed(r: &ReportRow) -> SignOffs {
    [r.council_signed_on, r.icb_signed_on, r.police_signed_on]
}

fn words_of(r: &ReportRow) -> BTreeMap<String, String> {
    serde_json::from_str(&r.narrative).unwrap_or_default()
}

async fn start_month(tx: &mut ff_store::Tx, ctx: &Ctx) -> Result<u32> {
    Ok(settings_and_calendar(tx, ctx.la()).await?.0.partnership.report_year_start_month)
}

/// Draft the report for a year that has started; one per year (MASA-P-9). Returns its id.
pub async fn draft(db: &Db, ctx: &Ctx, input: &ReportDraftInput) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut tx = db.begin().await?;
    let month = start_month(&mut tx, ctx).await?;
    check_draft(input.year, month, ctx.today())?;
    let record = arr_store::record_of(&mut tx, ctx.la()).await?.ok_or_else(|| field_err("year", "Set up the partnership first"))?;
    if store::all(&mut tx, ctx.la()).await?.iter().any(|r| r.year == input.year) {
        return Err(field_err("year", "The report for that year is already drafted: open it instead"));
    }
    let row = ReportRow {
        id: ctx.new_id(),
        partnership_id: record.id,
        year: input.year,
        narrative: "{}".into(),
        council_signed_by: None,
        council_signed_on: None,
        icb_signed_by: None,
        icb_signed_on: None,
        police_signed_by: None,
        police_signed_on: None,
        published_on: None,
        panel_sent_on: None,
        foundations_sent_on: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    store::insert(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "yearly_report", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "yearly_report", Some(row.id.to_string()), "yearly report drafted").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// The business manager's words for sections of a draft, at its version (409 when stale; refused
/// once the report is final).
pub async fn save_narrative(db: &Db, ctx: &Ctx, id: Uuid, input: &ReportNarrativeInput) -> Result<()> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut tx = db.begin().await?;
    let r = store::get(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("yearly report"))?;
    if r.version != input.version {
        return Err(stale("yearly report", r.version));
    }
    let mut e = ValidationErrors::new();
    let mut given = vec![];
    for (key, text) in &input.sections {
        match ReportSection::from_code(key.trim()) {
            Some(s) => given.push((s, text.as_str())),
            None => e.add("narrative", "Give words only for the report's sections"),
        }
    }
    if let Err(x) = check_narrative(&signed(&r), &given) {
        e.0.extend(x.0);
    }
    e.into_result(())?;
    let mut words = words_of(&r);
    for (s, text) in given {
        let t = text.trim();
        if t.is_empty() {
            words.remove(s.code());
        } else {
            words.insert(s.code().to_owned(), t.to_owned());
        }
    }
    let narrative = serde_json::to_string(&words).map_err(|x| ServiceError::Internal(x.to_string()))?;
    let read = r.version;
    save(&mut tx, ctx, read, ReportRow { narrative, ..r }, "update", "yearly report words saved").await?;
    tx.commit().await?;
    Ok(())
}

/// The lead partner for `partner` on the day signs the report off (MASA-P-2), after its year has
/// ended, at its version; once all three have signed it is final.
pub async fn sign_off(db: &Db, ctx: &Ctx, id: Uuid, input: &ReportSignOffInput) -> Result<()> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut tx = db.begin().await?;
    let r = store::get(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("yearly report"))?;
    let mut e = ValidationErrors::new();
    let partner = parse_code(
        "partner",
        &input.partner,
        StatutoryPartner::from_code,
        "Choose the council, the integrated care board or the police",
        &mut e,
    );
    e.into_result(())?;
    let partner = parsed(partner)?;
    if r.version != input.version {
        return Err(stale("yearly report", r.version));
    }
    let month = start_month(&mut tx, ctx).await?;
    let (_, end) = year_bounds(r.year, month);
    check_report_sign_off(end, signed(&r)[arr_rules::index(partner)], input.signed_on, ctx.today())?;
    let rows = arr_store::partners_of(&mut tx, ctx.la(), r.partnership_id).await?;
    let people: Vec<Named> =
        rows.iter().map(|p| Named { partner: p.partner, role: p.role, name: &p.person_name, from: p.from_on, to: p.to_on }).collect();
    let lead = lead_on(&people, partner, input.signed_on)
        .ok_or_else(|| field_err("partner", "No lead safeguarding partner is named for this partner on that day"))?;
    let (who, on) = (Some(lead.name.to_owned()), Some(input.signed_on));
    let read = r.version;
    let next = match partner {
        StatutoryPartner::Council => ReportRow { council_signed_by: who, council_signed_on: on, ..r },
        StatutoryPartner::Icb => ReportRow { icb_signed_by: who, icb_signed_on: on, ..r },
        StatutoryPartner::Police => ReportRow { police_signed_by: who, police_signed_on: on, ..r },
    };
    let summary = if is_final(&signed(&next)) { "yearly report signed off: final" } else { "yearly report signed off by a lead partner" };
    save(&mut tx, ctx, read, next, "update", format!("{summary} ({})", partner.label().to_lowercase())).await?;
    tx.commit().await?;
    Ok(())
}

/// The report's publication once final (MASA-SYS-8): the day published and the days sent to the
/// national Panel and to Foundations, at the report's version. A date left out keeps what was
/// recorded.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PublicationInput {
    pub version: i32,
    #[serde(default)]
    pub published_on: Option<NaiveDate>,
    #[serde(default)]
    pub panel_sent_on: Option<NaiveDate>,
    #[serde(default)]
    pub foundations_sent_on: Option<NaiveDate>,
}

fn publication(r: &ReportRow) -> Publication {
    Publication { published_on: r.published_on, panel_sent_on: r.panel_sent_on, foundations_sent_on: r.foundations_sent_on }
}

/// Record the final report's publication and the days it was sent to the Panel and to Foundations
/// (MASA-SYS-8): each on or after the last sign-off and not in the future; sent later than the
/// setting's days after publication is kept and flagged. 409 when stale; every mistake at once.
pub async fn publish(db: &Db, ctx: &Ctx, id: Uuid, input: &PublicationInput) -> Result<()> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut tx = db.begin().await?;
    let r = store::get(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("yearly report"))?;
    if r.version != input.version {
        return Err(stale("yearly report", r.version));
    }
    let p = Publication {
        published_on: input.published_on.or(r.published_on),
        panel_sent_on: input.panel_sent_on.or(r.panel_sent_on),
        foundations_sent_on: input.foundations_sent_on.or(r.foundations_sent_on),
    };
    check_publication(&signed(&r), &p, ctx.today())?;
    let read = r.version;
    let next = ReportRow { published_on: p.published_on, panel_sent_on: p.panel_sent_on, foundations_sent_on: p.foundations_sent_on, ..r };
    save(&mut tx, ctx, read, next, "update", "yearly report publication recorded").await?;
    tx.commit().await?;
    Ok(())
}

/// A yearly report whose publication is overdue, for the business manager's tray.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportDue {
    pub id: Uuid,
    pub year_label: String,
    pub what: String,
    pub due: NaiveDate,
}

/// The yearly reports with something overdue about their publication (MASA-SYS-8), in the
/// caller's transaction: a partnership has one report a year.
pub(crate) async fn due(tx: &mut ff_store::Tx, ctx: &Ctx, s: &PartnershipSettings) -> Result<Vec<ReportDue>> {
    let rows = store::all(tx, ctx.la()).await?;
    let today = ctx.today();
    Ok(rows
        .iter()
        .flat_map(|r| {
            publication_overdue(&signed(r), &publication(r), s.report_send_days, today).into_iter().map(|(what, due)| ReportDue {
                id: r.id,
                year_label: year_label(r.year, s.report_year_start_month),
                what: what.to_owned(),
                due,
            })
        })
        .collect())
}

/// One report in the list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportSummary {
    pub id: Uuid,
    pub year: i32,
    pub year_label: String,
    /// How many of the three lead partners have signed.
    pub signed: u32,
    pub is_final: bool,
    pub version: i32,
}

/// The partnership's yearly reports, newest year first, and the years a report may be drafted for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportsView {
    pub reports: Vec<ReportSummary>,
    /// The reporting year today falls in, and the month reporting years start.
    pub this_year: i32,
    pub start_month: u32,
}

/// Every yearly report. Audited as one view.
pub async fn list(db: &Db, ctx: &Ctx) -> Result<ReportsView> {
    ctx.authorise(Action::ViewPartnership)?;
    let mut tx = db.begin().await?;
    let month = start_month(&mut tx, ctx).await?;
    let rows = store::all(&mut tx, ctx.la()).await?;
    audit(&mut tx, ctx, "view", "yearly_report", None, "yearly reports listed").await?;
    tx.commit().await?;
    Ok(ReportsView {
        reports: rows
            .iter()
            .map(|r| ReportSummary {
                id: r.id,
                year: r.year,
                year_label: year_label(r.year, month),
                signed: signed(r).iter().filter(|s| s.is_some()).count() as u32,
                is_final: is_final(&signed(r)),
                version: r.version,
            })
            .collect(),
        this_year: year_of(ctx.today(), month),
        start_month: month,
    })
}

/// One row of a section's table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportTableRow {
    pub label: String,
    pub values: Vec<String>,
}

/// A section of the report: its words and the figures counted for it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportSectionView {
    pub key: String,
    pub title: String,
    /// The business manager's words; empty until written.
    pub narrative: String,
    pub figures: Vec<Figure>,
    /// A table of the section's figures split by agency, audit or standard, when there is one.
    pub row_heading: String,
    pub columns: Vec<String>,
    pub rows: Vec<ReportTableRow>,
}

/// One lead partner's sign-off.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportSignOff {
    pub partner: String,
    pub partner_label: String,
    pub signed_by: Option<String>,
    pub signed_on: Option<NaiveDate>,
}

/// The yearly report: its sections with figures from the records and the manager's words, and
/// the lead partners' sign-offs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct YearlyReportView {
    pub id: Uuid,
    pub partnership_name: String,
    pub year: i32,
    pub year_label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The figures are counted to this day: the year's end, or today while the year runs.
    pub counted_to: NaiveDate,
    pub sections: Vec<ReportSectionView>,
    pub sign_offs: Vec<ReportSignOff>,
    /// Signed by all three leads: no longer changed.
    pub is_final: bool,
    /// The last sign-off, once final.
    pub final_on: Option<NaiveDate>,
    /// Its publication (MASA-SYS-8), and whether each copy went later than `send_days` after it.
    pub published_on: Option<NaiveDate>,
    pub panel_sent_on: Option<NaiveDate>,
    pub foundations_sent_on: Option<NaiveDate>,
    pub panel_late: bool,
    pub foundations_late: bool,
    pub send_days: u32,
    /// What is overdue about its publication, in words, with the day it was due.
    pub overdue: Vec<ReportDue>,
    pub version: i32,
}

fn measure<'a>(d: &'a DataSet, key: &str) -> Option<&'a Measure> {
    d.measures.iter().find(|m| m.key == key)
}

/// A section's figures and table from one measure of the data set.
fn from_measure(m: Option<&Measure>) -> (Vec<Figure>, String, Vec<String>, Vec<ReportTableRow>) {
    match m {
        Some(m) => (
            m.totals.clone(),
            m.row_heading.clone(),
            m.columns.iter().map(|c| c.label.clone()).collect(),
            m.rows
                .iter()
                .map(|r| ReportTableRow { label: r.label.clone(), values: r.values.iter().map(|v| v.display.clone()).collect() })
                .collect(),
        ),
        None => (vec![], String::new(), vec![], vec![]),
    }
}

fn count(key: &str, label: &str, n: usize) -> Figure {
    fig(key, label, n as f64, "")
}

/// One report, assembled from the records for its year. Audited as one view.
pub async fn show(db: &Db, ctx: &Ctx, id: Uuid) -> Result<YearlyReportView> {
    ctx.authorise(Action::ViewPartnership)?;
    let mut tx = db.begin().await?;
    let r = store::get(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("yearly report"))?;
    let (settings, _) = settings_and_calendar(&mut tx, ctx.la()).await?;
    let month = settings.partnership.report_year_start_month;
    let (from, to) = year_bounds(r.year, month);
    let counted_to = to.min(ctx.today());
    let data = super::data_set::compute(&mut tx, ctx, from, counted_to).await?;
    let incidents = ff_store::partnership::incidents_page(&mut tx, ctx.la(), None, 2_000).await?;
    let audits = ff_store::partnership::audits::all(&mut tx, ctx.la()).await?;
    let learning = ff_store::partnership::learning_all(&mut tx, ctx.la(), 2_000).await?;
    let s11 = super::section11::assemble(&mut tx, ctx, financial_year(from)).await?;
    let record = arr_store::record_of(&mut tx, ctx.la()).await?;
    audit(&mut tx, ctx, "view", "yearly_report", Some(id.to_string()), "yearly report viewed").await?;
    tx.commit().await?;

    let in_year = |d: Option<NaiveDate>| d.is_some_and(|d| from <= d && d <= counted_to);
    let words = words_of(&r);
    let mut sections = vec![];
    for s in ReportSection::ALL {
        let (figures, row_heading, columns, rows) = match s {
            ReportSection::Summary => (vec![], String::new(), vec![], vec![]),
            ReportSection::Incidents => from_measure(measure(&data, "incidents")),
            ReportSection::Learning => from_measure(measure(&data, "learning")),
            ReportSection::Disagreements => from_measure(measure(&data, "disagreements")),
            ReportSection::LocalReviews => {
                // MASA-RR-7: the final report aimed for within the set months of the decision.
                let local: Vec<_> =
                    incidents.iter().filter(|i| i.hold_local_review == Some(true) && i.review_completed_on.is_some()).collect();
                let due = |i: &ff_store::partnership::IncidentRow| {
                    i.review_completed_on.map(|d| local_review_due(d, &settings.partnership)).unwrap_or(to)
                };
                let decided = local.iter().filter(|i| in_year(i.review_completed_on)).count();
                let published: Vec<_> = local.iter().filter(|i| in_year(i.published_on)).collect();
                let in_time = published.iter().filter(|i| i.published_on.is_some_and(|p| p <= due(i))).count();
                let open_late = local
                    .iter()
                    .filter(|i| i.review_completed_on.is_some_and(|d| d <= counted_to))
                    .filter(|i| i.published_on.is_none_or(|p| p > counted_to) && due(i) < counted_to)
                    .count();
                let open = local
                    .iter()
                    .filter(|i| i.review_completed_on.is_some_and(|d| d <= counted_to) && i.published_on.is_none_or(|p| p > counted_to))
                    .count();
                let figures = vec![
                    count("decided", "Decided on after a rapid review", decided),
                    count("published", "Published", published.len()),
                    count("published_in_time", "Published within the target", in_time),
                    count("open", "Under way at the end of the period", open),
                    count("open_late", "Under way and past the target", open_late),
                ];
                (figures, String::new(), vec![], vec![])
            }
            ReportSection::Audits => {
                let held: Vec<_> = audits.iter().filter(|a| in_year(Some(a.audited_on))).collect();
                let grades: Vec<Grading> = held.iter().map(|a| a.grading).collect();
                let raised = |id: Uuid| learning.iter().filter(|l| l.audit_id == Some(id)).count();
                let mut figures = vec![
                    count("audits", "Audits held", held.len()),
                    count("cases", "Cases audited", held.iter().map(|a| a.cases.max(0) as usize).sum()),
                ];
                figures.extend(
                    gradings(&grades)
                        .into_iter()
                        .map(|(g, n)| count(g.code(), &format!("Graded {}", g.label().to_lowercase()), n as usize)),
                );
                figures.push(count("learning_raised", "Learning actions raised", held.iter().map(|a| raised(a.id)).sum()));
                let rows = held
                    .iter()
                    .map(|a| ReportTableRow {
                        label: a.theme.clone(),
                        values: vec![
                            a.audited_on.format("%-d %b %Y").to_string(),
                            a.cases.to_string(),
                            a.grading.label().to_owned(),
                            raised(a.id).to_string(),
                        ],
                    })
                    .collect();
                let cols = ["Held", "Cases", "Practice graded", "Learning actions"].map(str::to_owned).to_vec();
                (figures, "Theme".into(), cols, rows)
            }
            ReportSection::Section11 => {
                let returned = s11.agencies.iter().filter(|a| a.returned.is_some()).count();
                let figures = vec![
                    count("agencies", "Relevant agencies", s11.agencies.len()),
                    count("returned", "Returned a self-assessment", returned),
                    count("not_returned", "Did not return", s11.not_returned.len()),
                    count("not_met", "Standards rated not met", s11.shortfalls.iter().filter(|x| x.rating == "not_met").count()),
                    count("partly_met", "Standards rated partly met", s11.shortfalls.iter().filter(|x| x.rating == "partly_met").count()),
                ];
                let rows = s11
                    .tally
                    .iter()
                    .map(|t| ReportTableRow {
                        label: t.standard_label.clone(),
                        values: vec![t.met.to_string(), t.partly_met.to_string(), t.not_met.to_string()],
                    })
                    .collect();
                (figures, "Standard".into(), ["Met", "Partly met", "Not met"].map(str::to_owned).to_vec(), rows)
            }
            ReportSection::DataSet => {
                // The headline figures: the first three of each measure not reported above.
                let figures = data
                    .measures
                    .iter()
                    .filter(|m| !["incidents", "learning", "disagreements"].contains(&m.key.as_str()))
                    .flat_map(|m| m.totals.iter().take(3).map(move |f| Figure { label: format!("{}: {}", m.title, f.label), ..f.clone() }))
                    .collect();
                (figures, String::new(), vec![], vec![])
            }
        };
        sections.push(ReportSectionView {
            key: s.code().into(),
            title: s.label().into(),
            narrative: words.get(s.code()).cloned().unwrap_or_default(),
            figures,
            row_heading,
            columns,
            rows,
        });
    }
    let on = signed(&r);
    let by = [r.council_signed_by.clone(), r.icb_signed_by.clone(), r.police_signed_by.clone()];
    let sign_offs = StatutoryPartner::ALL
        .iter()
        .map(|p| ReportSignOff {
            partner: p.code().into(),
            partner_label: p.label().into(),
            signed_by: by[arr_rules::index(*p)].clone(),
            signed_on: on[arr_rules::index(*p)],
        })
        .collect();
    let days = settings.partnership.report_send_days;
    let overdue = publication_overdue(&on, &publication(&r), days, ctx.today())
        .into_iter()
        .map(|(what, due)| ReportDue { id: r.id, year_label: year_label(r.year, month), what: what.to_owned(), due })
        .collect();
    Ok(YearlyReportView {
        final_on: final_on(&on),
        published_on: r.published_on,
        panel_sent_on: r.panel_sent_on,
        foundations_sent_on: r.foundations_sent_on,
        panel_late: sent_late(r.published_on, r.panel_sent_on, days),
        foundations_late: sent_late(r.published_on, r.foundations_sent_on, days),
        send_days: days,
        overdue,
        id: r.id,
        partnership_name: record.map(|p| p.name).unwrap_or_default(),
        year: r.year,
        year_label: year_label(r.year, month),
        from,
        to,
        counted_to,
        sections,
        sign_offs,
        is_final: is_final(&on),
        version: r.version,
    })
}
