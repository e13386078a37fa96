//! The safeguarding partnership's agreed data set (MASA-P-2; `workforce-and-partnerships.md` B5),
//! counted live from the council's records for any period, every measure split by agency where the
//! records say which agency: contacts and referrals by source and what became of them,
//! re-referrals, strategy discussions with police, health and education present, section 47
//! enquiries reaching an initial conference within 15 working days (T9), plans by category and
//! repeat plans, multi-agency child protection team composition (MASA-FFP-3), agency checks,
//! professional disagreements (MASA-SYS-7), serious incidents and rapid reviews against their
//! clocks (MASA-RR-2, -5, -8) and learning actions (MASA-SYS-5). In the shape of the performance
//! dashboard (`insight`): the same period, figures and one-minute snapshot (decision 0008), one
//! audit event a view, and CSV. Aggregates only: no child is named, and the only names shown are
//! the teams'.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::ValidationErrors;
use ff_domain::calendar::WorkingCalendar;
use ff_domain::child_protection::{Category, CpAgency, MacptType};
use ff_domain::escalations::Stage;
use ff_domain::family_help::ReferralSource;
use ff_domain::partnership::{PartnershipSettings, ReviewAgency, notification_due, rapid_review_due};
use ff_domain::people::parse_iso_date;
use ff_domain::policy::Action;
use ff_domain::roles::Agency;
use ff_store::Db;
use ff_store::data_set as store;
use ff_store::insight::Snapshots;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::insight::{Figure, Period, bounds, fig, keep, kept, share};
use crate::{Ctx, Result, audit, settings_and_calendar};

/// One column of a measure's table.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Column {
    pub key: String,
    pub label: String,
}

/// One row of a measure's table: an agency, a source, a category, a team or a stage; its values
/// in the order of the measure's columns.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MeasureRow {
    pub key: String,
    pub label: String,
    pub values: Vec<Figure>,
}

/// One measure of the data set: its figures for the whole partnership (`totals`) and, where the
/// records allow, a table split by agency (or by source, category, team) with a chart of its
/// first column.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Measure {
    pub key: String,
    pub title: String,
    /// How the figures are counted, with the rules they follow.
    pub hint: String,
    /// What the records hold where they cannot give the split asked for.
    pub note: Option<String>,
    pub totals: Vec<Figure>,
    /// What the table's rows are ("Source", "Agency", "Team", "Category").
    pub row_heading: String,
    pub columns: Vec<Column>,
    pub rows: Vec<MeasureRow>,
}

/// The partnership's data set for a period.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DataSet {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The day figures that run to now (still open, overdue) were counted on.
    pub today: NaiveDate,
    /// When these figures were counted from the records (kept for a minute, decision 0008).
    pub computed_at: DateTime<Utc>,
    pub measures: Vec<Measure>,
}

/// The partnership's data set for the period (default: this reporting year to today). Audited as
/// one view.
pub async fn data_set(db: &Db, ctx: &Ctx, period: &Period) -> Result<DataSet> {
    ctx.authorise(Action::ViewPartnershipDataSet)?;
    let (from, to) = bounds(ctx, period)?;
    let mut tx = db.begin().await?;
    let d = match kept::<DataSet>(&mut tx, ctx, Snapshots::PartnershipDataSet, from, to).await? {
        Some(d) => d,
        None => {
            let d = compute(&mut tx, ctx, from, to).await?;
            keep(&mut tx, ctx, Snapshots::PartnershipDataSet, from, to, &d).await?;
            d
        }
    };
    audit(&mut tx, ctx, "view", "partnership_data_set", None, "partnership data set viewed").await?;
    tx.commit().await?;
    Ok(d)
}

/// The data set for a period typed as ISO dates (`2026-04-01`), as the API takes it: the caller is
/// authorised first, then a date that is there but wrong is a 422 naming its field.
pub async fn data_set_typed(db: &Db, ctx: &Ctx, from: Option<&str>, to: Option<&str>) -> Result<DataSet> {
    ctx.authorise(Action::ViewPartnershipDataSet)?;
    let mut errors = ValidationErrors::new();
    let mut date = |field: &str, what: &str, typed: Option<&str>| match typed.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => match parse_iso_date(t, what) {
            Ok(d) => Some(d),
            Err(m) => {
                errors.add(field, m);
                None
            }
        },
        None => None,
    };
    let period = Period { from: date("from", "The start of the period", from), to: date("to", "The end of the period", to) };
    errors.into_result(())?;
    data_set(db, ctx, &period).await
}

fn columns(cols: &[(&str, &str)]) -> Vec<Column> {
    cols.iter().map(|(k, l)| Column { key: (*k).into(), label: (*l).into() }).collect()
}

/// A row's values, each a figure under its column's key and label.
fn row(key: &str, label: &str, cols: &[Column], values: &[(f64, &str)]) -> MeasureRow {
    MeasureRow {
        key: key.into(),
        label: label.into(),
        values: cols.iter().zip(values).map(|(c, (v, unit))| fig(&c.key, &c.label, *v, unit)).collect(),
    }
}

fn yes_no(key: &str, label: &str, yes: bool) -> Figure {
    Figure {
        key: key.into(),
        label: label.into(),
        value: if yes { 1.0 } else { 0.0 },
        unit: "yes or no".into(),
        display: if yes { "Yes" } else { "No" }.into(),
    }
}

fn source_label(code: &str) -> String {
    ReferralSource::from_code(code).map_or_else(|| code.to_owned(), |s| s.label().to_owned())
}

fn review_agency_label(code: &str) -> String {
    ReviewAgency::from_code(code).map_or_else(|| code.to_owned(), |a| a.label().to_owned())
}

/// The code lists' order, then anything the list does not know.
fn order_of<T: PartialEq>(all: &[T], code: impl Fn(&T) -> &str, c: &str) -> usize {
    all.iter().position(|x| code(x) == c).unwrap_or(all.len())
}

pub(crate) async fn compute(tx: &mut ff_store::Tx, ctx: &Ctx, from: NaiveDate, to: NaiveDate) -> Result<DataSet> {
    let la = ctx.la();
    let today = ctx.today();
    let (settings, cal) = settings_and_calendar(tx, la).await?;
    let mut measures = vec![
        contacts(store::contacts_by_source(tx, la, from, to).await?),
        rereferrals(store::referrals_by_source(tx, la, from, to).await?),
        strategy(store::strategy_discussions(tx, la, from, to).await?, store::strategy_agencies_present(tx, la, from, to).await?),
        enquiries(store::enquiries(tx, la, from, to, today).await?),
        plans(store::plans_by_category(tx, la, from, to).await?),
        teams(store::team_composition(tx, la, crate::macpt::MACPT).await?, store::team_open_cases(tx, la, crate::macpt::MACPT).await?),
        checks(store::checks_by_agency(tx, la, from, to, today).await?, store::check_turnarounds(tx, la, from, to).await?, &cal),
    ];
    let disagreements = crate::escalations::counts_between(tx, ctx, from, to).await?;
    measures.push(escalations(&disagreements));
    measures.push(incidents(
        store::incident_days(tx, la, from, to).await?,
        store::summaries_by_agency(tx, la, from, to, today).await?,
        &settings.partnership,
        &cal,
        today,
    ));
    measures.push(learning(store::learning_by_agency(tx, la, from, to).await?, to));
    Ok(DataSet { from, to, today, computed_at: ctx.now, measures })
}

fn contacts(mut rows: Vec<store::ContactsBySource>) -> Measure {
    rows.sort_by_key(|r| order_of(ReferralSource::ALL, |s| s.code(), &r.source));
    let cols = columns(&[
        ("contacts", "Contacts"),
        ("referrals", "Referred for assessment"),
        ("referral_rate", "Share referred"),
        ("family_help", "To family help"),
        ("assessed", "Assessed"),
        ("assessed_rate", "Share of referrals assessed"),
    ]);
    let sum = |f: fn(&store::ContactsBySource) -> i64| rows.iter().map(f).sum::<i64>();
    let (c, r, fh, a) = (sum(|x| x.contacts), sum(|x| x.referrals), sum(|x| x.family_help), sum(|x| x.assessed));
    Measure {
        key: "contacts".into(),
        title: "Contacts and referrals by source".into(),
        hint: "Contacts received at the front door in the period by who made them (the CIN census referral source), how many the front \
               door referred for assessment or straight to a strategy discussion, how many went to family help, and how many led to an \
               assessment (MASA-P-2, MASA-SYS-*)."
            .into(),
        note: None,
        totals: vec![
            fig("contacts", "Contacts received", c as f64, ""),
            fig("referrals", "Referred for assessment or a strategy discussion", r as f64, ""),
            fig("referral_rate", "Contacts referred", share(r, c), "%"),
            fig("family_help", "Contacts to family help", fh as f64, ""),
            fig("assessed", "Contacts that led to an assessment", a as f64, ""),
            fig("assessed_rate", "Referrals that led to an assessment", share(a, r), "%"),
        ],
        row_heading: "Source".into(),
        rows: rows
            .iter()
            .map(|x| {
                row(
                    &x.source,
                    &source_label(&x.source),
                    &cols,
                    &[
                        (x.contacts as f64, ""),
                        (x.referrals as f64, ""),
                        (share(x.referrals, x.contacts), "%"),
                        (x.family_help as f64, ""),
                        (x.assessed as f64, ""),
                        (share(x.assessed, x.referrals), "%"),
                    ],
                )
            })
            .collect(),
        columns: cols,
    }
}

fn rereferrals(mut rows: Vec<store::ReferralsBySource>) -> Measure {
    rows.sort_by_key(|r| order_of(ReferralSource::ALL, |s| s.code(), &r.source));
    let cols = columns(&[("referrals", "Referrals"), ("rereferrals", "Re-referrals"), ("rereferral_rate", "Re-referral rate")]);
    let referrals: i64 = rows.iter().map(|r| r.referrals).sum();
    let re: i64 = rows.iter().map(|r| r.rereferrals).sum();
    Measure {
        key: "rereferrals".into(),
        title: "Re-referrals within 12 months".into(),
        hint: "Episodes of family help begun in the period by referral source, and those begun within 12 months of the end of an earlier \
               episode for the same child, as the CIN census counts re-referrals."
            .into(),
        note: None,
        totals: vec![
            fig("referrals", "Referrals", referrals as f64, ""),
            fig("rereferrals", "Re-referrals within 12 months", re as f64, ""),
            fig("rereferral_rate", "Re-referral rate", share(re, referrals), "%"),
        ],
        row_heading: "Source".into(),
        rows: rows
            .iter()
            .map(|x| {
                row(
                    &x.source,
                    &source_label(&x.source),
                    &cols,
                    &[(x.referrals as f64, ""), (x.rereferrals as f64, ""), (share(x.rereferrals, x.referrals), "%")],
                )
            })
            .collect(),
        columns: cols,
    }
}

fn strategy(s: store::StrategyDiscussions, present: Vec<(String, i64)>) -> Measure {
    let cols = columns(&[("present", "Discussions with the agency present"), ("present_rate", "Share of discussions")]);
    let count = |code: &str| present.iter().find(|(a, _)| a == code).map_or(0, |(_, n)| *n);
    let rows = CpAgency::ALL
        .iter()
        .map(|a| {
            let n = count(a.code());
            row(a.code(), a.label(), &cols, &[(n as f64, ""), (share(n, s.held), "%")])
        })
        .collect();
    Measure {
        key: "strategy_discussions".into(),
        title: "Strategy discussions and who was there".into(),
        hint: "Strategy discussions held in the period, and how many had each agency present; police, health and education are the \
               agencies a strategy discussion must include (R-SD-1, MASA-FFP-3)."
            .into(),
        note: None,
        totals: vec![
            fig("held", "Strategy discussions held", s.held as f64, ""),
            fig("police", "With police present", count("police") as f64, ""),
            fig("health", "With health present", count("health") as f64, ""),
            fig("education", "With education present", count("education") as f64, ""),
            fig("all_three", "With police, health and education all present", s.all_three as f64, ""),
            fig("all_three_rate", "Share with all three present", share(s.all_three, s.held), "%"),
        ],
        row_heading: "Agency".into(),
        columns: cols,
        rows,
    }
}

fn enquiries(e: store::Enquiries) -> Measure {
    Measure {
        key: "enquiries".into(),
        title: "Section 47 enquiries and initial conferences".into(),
        hint: "Section 47 enquiries begun in the period, how many reached an initial child protection conference, and how many of those \
               were held within 15 working days of the strategy discussion (T9, counted with the council's working-day calendar). Awaiting: \
               no conference yet, none decided against, and past the day it was due."
            .into(),
        note: Some("An enquiry is led by children's social care, so this measure is not split by agency.".into()),
        totals: vec![
            fig("started", "Section 47 enquiries begun", e.started as f64, ""),
            fig("to_conference", "Reached an initial conference", e.to_conference as f64, ""),
            fig("conversion", "Enquiries reaching an initial conference", share(e.to_conference, e.started), "%"),
            fig("in_time", "Initial conference within 15 working days", e.conference_in_time as f64, ""),
            fig("in_time_rate", "Conferences held within 15 working days", share(e.conference_in_time, e.to_conference), "%"),
            fig("awaiting_overdue", "Awaiting a conference past the day it was due", e.awaiting_overdue as f64, ""),
        ],
        row_heading: String::new(),
        columns: vec![],
        rows: vec![],
    }
}

fn plans(mut rows: Vec<store::PlansByCategory>) -> Measure {
    rows.sort_by_key(|r| order_of(Category::ALL, |c| c.code(), &r.category));
    let cols = columns(&[
        ("started", "Plans begun"),
        ("repeats", "Second or later plans"),
        ("repeat_rate", "Share second or later"),
        ("open_at_end", "On a plan at the end"),
    ]);
    let sum = |f: fn(&store::PlansByCategory) -> i64| rows.iter().map(f).sum::<i64>();
    let (started, repeats, open) = (sum(|r| r.started), sum(|r| r.repeats), sum(|r| r.open_at_end));
    let table = Category::ALL
        .iter()
        .map(|c| {
            let r = rows.iter().find(|r| r.category == c.code()).cloned().unwrap_or_default();
            row(
                c.code(),
                c.label(),
                &cols,
                &[(r.started as f64, ""), (r.repeats as f64, ""), (share(r.repeats, r.started), "%"), (r.open_at_end as f64, "")],
            )
        })
        .collect();
    Measure {
        key: "plans".into(),
        title: "Child protection plans by category".into(),
        hint: "Plans begun in the period by category of abuse, of those the child's second or later plan (an earlier plan at any time, as \
               the data set's second-or-subsequent plans are counted: MASA-P-2), and plans open at the end of the period."
            .into(),
        note: Some("A plan is the council's, so plans are split by category of abuse rather than by agency.".into()),
        totals: vec![
            fig("started", "Plans begun", started as f64, ""),
            fig("repeats", "Second or later plans", repeats as f64, ""),
            fig("repeat_rate", "Plans that were a second or later plan", share(repeats, started), "%"),
            fig("open_at_end", "Plans open at the end of the period", open as f64, ""),
        ],
        row_heading: "Category".into(),
        columns: cols,
        rows: table,
    }
}

fn teams(members: Vec<store::TeamAgency>, cases: Vec<(uuid::Uuid, i64)>) -> Measure {
    let cols = columns(&[
        ("social_workers", "Registered social workers"),
        ("police", "Police"),
        ("health", "Health"),
        ("education", "Education"),
        ("other_council", "Other council staff"),
        ("cases", "Children worked now"),
        ("complete", "Every member type"),
    ]);
    let mut ids: Vec<(uuid::Uuid, String)> = vec![];
    for m in &members {
        if !ids.iter().any(|(id, _)| *id == m.team_id) {
            ids.push((m.team_id, m.team_name.clone()));
        }
    }
    let mut complete_teams = 0;
    let rows: Vec<MeasureRow> = ids
        .iter()
        .map(|(id, name)| {
            let of = |agency: &'static str| members.iter().filter(move |m| m.team_id == *id && m.agency.as_deref() == Some(agency));
            let registered: i64 = of(Agency::LocalAuthority.code()).map(|m| m.registered).sum();
            let council: i64 = of(Agency::LocalAuthority.code()).map(|m| m.members).sum();
            let count = |a: Agency| of(a.code()).map(|m| m.members).sum::<i64>();
            let (police, health, education) = (count(Agency::Police), count(Agency::Health), count(Agency::Education));
            // CA 2004 s.16EA: a social worker, police, a health professional and education.
            let has = |t: MacptType| match t {
                MacptType::SocialWorker => registered > 0,
                MacptType::Police => police > 0,
                MacptType::Health => health > 0,
                MacptType::Education => education > 0,
            };
            let complete = MacptType::ALL.iter().all(|t| has(*t));
            complete_teams += i64::from(complete);
            let n = cases.iter().find(|(t, _)| t == id).map_or(0, |(_, n)| *n);
            let mut r = row(
                &id.to_string(),
                name,
                &cols,
                &[
                    (registered as f64, ""),
                    (police as f64, ""),
                    (health as f64, ""),
                    (education as f64, ""),
                    ((council - registered) as f64, ""),
                    (n as f64, ""),
                ],
            );
            r.values.push(yes_no("complete", "Every member type", complete));
            r
        })
        .collect();
    let total = |key: &str| rows.iter().filter_map(|r| r.values.iter().find(|v| v.key == key)).map(|v| v.value).sum::<f64>();
    Measure {
        key: "teams".into(),
        title: "Multi-agency child protection teams".into(),
        hint: "Each multi-agency child protection team's active members now, by agency, and whether it has every member type the law asks \
               for: a registered social worker, police, a health professional and education (MASA-FFP-3, CA 2004 s.16EA)."
            .into(),
        note: Some("Members are counted as they are today, whatever the period.".into()),
        totals: vec![
            fig("teams", "Teams", rows.len() as f64, ""),
            fig("complete", "Teams with every member type", complete_teams as f64, ""),
            fig("social_workers", "Registered social workers", total("social_workers"), ""),
            fig("police", "Police members", total("police"), ""),
            fig("health", "Health members", total("health"), ""),
            fig("education", "Education members", total("education"), ""),
            fig("cases", "Children the teams work now", total("cases"), ""),
        ],
        row_heading: "Team".into(),
        columns: cols,
        rows,
    }
}

fn checks(rows: Vec<store::ChecksByAgency>, turnarounds: Vec<(String, NaiveDate, NaiveDate, i64)>, cal: &WorkingCalendar) -> Measure {
    let cols = columns(&[
        ("requested", "Asked"),
        ("answered", "Answered"),
        ("answered_by_due", "Answered by the day asked"),
        ("answered_by_due_rate", "Answered in time"),
        ("average_wd", "Average time to answer"),
        ("open_overdue", "Not answered, overdue"),
    ]);
    // Working days to answer, from one row per agency and pair of days (not per request).
    let average = |agency: Option<&str>| {
        let (days, n) = turnarounds
            .iter()
            .filter(|(a, ..)| agency.is_none_or(|x| x == a))
            .fold((0i64, 0i64), |(d, c), (_, asked, answered, n)| (d + cal.working_days_between(*asked, *answered) * n, c + n));
        if n == 0 { 0.0 } else { days as f64 / n as f64 }
    };
    let values = |r: &store::ChecksByAgency, avg: f64| {
        [
            (r.requested as f64, ""),
            (r.answered as f64, ""),
            (r.answered_by_due as f64, ""),
            (share(r.answered_by_due, r.answered), "%"),
            (avg, "working days"),
            (r.open_overdue as f64, ""),
        ]
    };
    // Requests go to police, health and education (the council asks, it is not asked).
    let table = Agency::ALL
        .iter()
        .filter(|a| **a != Agency::LocalAuthority || rows.iter().any(|r| r.agency == a.code()))
        .map(|a| {
            let r = rows.iter().find(|r| r.agency == a.code()).cloned().unwrap_or_default();
            row(a.code(), a.label(), &cols, &values(&r, average(Some(a.code()))))
        })
        .collect();
    let all = store::ChecksByAgency {
        agency: String::new(),
        requested: rows.iter().map(|r| r.requested).sum(),
        answered: rows.iter().map(|r| r.answered).sum(),
        answered_by_due: rows.iter().map(|r| r.answered_by_due).sum(),
        open_overdue: rows.iter().map(|r| r.open_overdue).sum(),
    };
    Measure {
        key: "agency_checks".into(),
        title: "Agency checks".into(),
        hint: "Requests for information asked of each agency in the period (R-S47-2): answered, answered by the day asked, the average \
               working days from asking to the answer, and those not answered and past the day asked for today."
            .into(),
        note: Some(
            "The records hold agency checks as requests for information to police, health and education: the day each was asked, the \
             day an answer was asked for and the day it came. Checks made outside the product are not counted."
                .into(),
        ),
        totals: vec![
            fig("requested", "Checks asked", all.requested as f64, ""),
            fig("answered", "Checks answered", all.answered as f64, ""),
            fig("answered_by_due_rate", "Answered by the day asked", share(all.answered_by_due, all.answered), "%"),
            fig("average_wd", "Average time to answer", average(None), "working days"),
            fig("open_overdue", "Not answered and overdue", all.open_overdue as f64, ""),
        ],
        row_heading: "Agency".into(),
        columns: cols,
        rows: table,
    }
}

fn escalations(c: &crate::escalations::DisagreementCounts) -> Measure {
    let open_at =
        |label: &str| format!("Open at {}{}", label.get(..1).unwrap_or_default().to_lowercase(), label.get(1..).unwrap_or_default());
    let mut cols = columns(&[("disagreements", "Disagreements")]);
    cols.extend(Stage::ALL.iter().map(|s| Column { key: format!("open_{}", s.code()), label: open_at(s.label()) }));
    cols.extend(columns(&[("overdue", "Open and overdue"), ("resolved", "Resolved")]));
    let rows = ReviewAgency::ALL
        .iter()
        .filter_map(|a| {
            let at = |stage: &crate::escalations::DisagreementStageCount| stage.agencies.iter().find(|x| x.agency == a.code()).cloned();
            let per: Vec<_> = c.stages.iter().map(at).collect();
            if per.iter().all(Option::is_none) {
                return None;
            }
            let all = per.iter().flatten().map(|x| x.open + x.resolved).sum::<u32>();
            let mut values: Vec<(f64, &str)> = vec![(f64::from(all), "")];
            values.extend(per.iter().map(|x| (x.as_ref().map_or(0, |x| x.open) as f64, "")));
            values.push((per.iter().flatten().map(|x| x.overdue).sum::<u32>() as f64, ""));
            values.push((per.iter().flatten().map(|x| x.resolved).sum::<u32>() as f64, ""));
            Some(row(a.code(), a.label(), &cols, &values))
        })
        .collect();
    let mut totals = vec![fig("disagreements", "Disagreements", f64::from(c.open + c.resolved), "")];
    totals.extend(c.stages.iter().map(|s| fig(&format!("open_{}", s.stage), &open_at(&s.stage_label), s.open as f64, "")));
    totals.push(fig("overdue", "Open and past the response day", c.overdue as f64, ""));
    totals.push(fig("resolved", "Resolved", c.resolved as f64, ""));
    Measure {
        key: "disagreements".into(),
        title: "Professional disagreements by stage and agency".into(),
        hint: "Disagreements raised in the period or still open, by the stage reached and the agency that raised them; overdue: the \
               stage's response is past its working days today (MASA-SYS-7, ESC-2, ESC-4)."
            .into(),
        note: None,
        totals,
        row_heading: "Raising agency".into(),
        columns: cols,
        rows,
    }
}

fn incidents(
    days: Vec<store::IncidentDays>,
    summaries: Vec<store::ChecksByAgency>,
    s: &PartnershipSettings,
    cal: &WorkingCalendar,
    today: NaiveDate,
) -> Measure {
    let (mut aware, mut decided, mut decided_in_time, mut decision_overdue, mut not_notified) = (0, 0, 0, 0, 0);
    let (mut notified, mut sent, mut sent_in_time, mut review_overdue) = (0, 0, 0, 0);
    for d in &days {
        let n = d.incidents;
        aware += n;
        let due = notification_due(d.aware_on, s, cal);
        match d.decision_on {
            Some(on) => {
                decided += n;
                if on <= due {
                    decided_in_time += n;
                }
                if d.notified == Some(false) {
                    not_notified += n;
                }
            }
            None if today > due => decision_overdue += n,
            None => {}
        }
        if let (Some(true), Some(on)) = (d.notified, d.decision_on) {
            notified += n;
            let due = rapid_review_due(on, s, cal);
            match d.sent_to_panel_on {
                Some(sent_on) => {
                    sent += n;
                    if sent_on <= due {
                        sent_in_time += n;
                    }
                }
                None if today > due => review_overdue += n,
                None => {}
            }
        }
    }
    let cols = columns(&[
        ("requested", "Summaries asked for"),
        ("received", "Received"),
        ("received_by_due", "Received by the day asked"),
        ("overdue", "Not received, overdue"),
    ]);
    let mut summaries = summaries;
    summaries.sort_by_key(|r| order_of(ReviewAgency::ALL, |a| a.code(), &r.agency));
    let rows = summaries
        .iter()
        .map(|r| {
            row(
                &r.agency,
                &review_agency_label(&r.agency),
                &cols,
                &[(r.requested as f64, ""), (r.answered as f64, ""), (r.answered_by_due as f64, ""), (r.open_overdue as f64, "")],
            )
        })
        .collect();
    Measure {
        key: "incidents".into(),
        title: "Serious incidents and rapid reviews".into(),
        hint: format!(
            "Serious incidents the council became aware of in the period: the decision on notifying the Panel within {} working days of \
             becoming aware (MASA-RR-2), the rapid review sent to the Panel within {} working days of the notification (MASA-RR-5), and \
             each agency's summary for the review by its day (MASA-RR-8), with the council's working-day calendar.",
            s.notify_working_days, s.rapid_review_working_days
        ),
        note: None,
        totals: vec![
            fig("incidents", "Serious incidents", aware as f64, ""),
            fig("decided", "Decisions on notifying made", decided as f64, ""),
            fig("decided_in_time", "Decisions made in time", decided_in_time as f64, ""),
            fig("decision_overdue", "Decisions overdue", decision_overdue as f64, ""),
            fig("not_notified", "Decided not to notify", not_notified as f64, ""),
            fig("notified", "Notified to the Panel", notified as f64, ""),
            fig("reviews_sent", "Rapid reviews sent to the Panel", sent as f64, ""),
            fig("reviews_in_time", "Rapid reviews sent in time", sent_in_time as f64, ""),
            fig("reviews_overdue", "Rapid reviews overdue", review_overdue as f64, ""),
        ],
        row_heading: "Agency".into(),
        columns: cols,
        rows,
    }
}

fn learning(mut rows: Vec<store::LearningByAgency>, to: NaiveDate) -> Measure {
    rows.sort_by_key(|r| order_of(ReviewAgency::ALL, |a| a.code(), &r.owner_agency));
    let cols = columns(&[
        ("open", "Open"),
        ("overdue", "Open and overdue"),
        ("completed", "Completed in the period"),
        ("completed_late", "Completed late"),
    ]);
    let sum = |f: fn(&store::LearningByAgency) -> i64| rows.iter().map(f).sum::<i64>();
    Measure {
        key: "learning".into(),
        title: "Learning actions by owner agency".into(),
        hint: format!(
            "Learning actions from reviews, audits and scrutiny by the agency that owns them: open on {}, of those past their due day, and \
             completed in the period, late if after their due day (MASA-SYS-5).",
            to.format("%-d %B %Y")
        ),
        note: None,
        totals: vec![
            fig("open", "Open", sum(|r| r.open) as f64, ""),
            fig("overdue", "Open and overdue", sum(|r| r.overdue) as f64, ""),
            fig("completed", "Completed in the period", sum(|r| r.completed) as f64, ""),
            fig("completed_late", "Completed late", sum(|r| r.completed_late) as f64, ""),
        ],
        row_heading: "Owner agency".into(),
        rows: rows
            .iter()
            .map(|r| {
                row(
                    &r.owner_agency,
                    &review_agency_label(&r.owner_agency),
                    &cols,
                    &[(r.open as f64, ""), (r.overdue as f64, ""), (r.completed as f64, ""), (r.completed_late as f64, "")],
                )
            })
            .collect(),
        columns: cols,
    }
}

/// The data set as CSV: one row a figure, the whole partnership's as row `all`.
pub fn to_csv(d: &DataSet) -> String {
    let mut out = String::from("measure,row,row_label,key,label,value,unit,from,to\n");
    // Labels are ours or a team's name: quoted, and a leading formula character made inert.
    let quote = |s: &str| {
        let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_owned() };
        format!("\"{}\"", s.replace('"', "\"\""))
    };
    for m in &d.measures {
        let lines = m
            .totals
            .iter()
            .map(|f| ("all".to_owned(), "All".to_owned(), f))
            .chain(m.rows.iter().flat_map(|r| r.values.iter().map(move |f| (r.key.clone(), r.label.clone(), f))));
        for (key, label, f) in lines {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{}\n",
                m.key,
                quote(&key),
                quote(&label),
                f.key,
                quote(&f.label),
                f.value,
                quote(&f.unit),
                d.from,
                d.to
            ));
        }
    }
    out
}
