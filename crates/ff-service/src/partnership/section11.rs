//! Section 11 self-assessments (`ff_domain::partnership::section11`, MASA-SYS-6): each relevant
//! agency's return for a year, rating the eight standards. Recorded and changed at a version by
//! the business manager; read by the partners with who has not returned this year and the
//! standards not fully met, from which a learning action may be raised (`learning::add` with the
//! return and the standard).

use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::partnership::arrangements::year_label;
use ff_domain::partnership::section11::{Rated, Rating, Standard, check, in_order, tally};
use ff_domain::policy::Action;
use ff_store::Db;
use ff_store::partnership::arrangements as arr_store;
use ff_store::partnership::section11::{self as store, ReturnRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::arrangements::financial_year;
use super::learning::{ActionView, view as action_view};
use crate::versioned::{aggregate, save};
use crate::{Ctx, Result, ServiceError, audit, field_err, stale};

aggregate!(ReturnRow, "section_11_return", "section 11 return", |r, tx, la, read| store::update(tx, la, r, read));

/// One standard as rated.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct StandardRatingInput {
    /// leadership, responsibilities, accountability, childrens_views, training,
    /// safer_recruitment, inter_agency or information_sharing.
    pub standard: String,
    /// met, partly_met or not_met.
    pub rating: String,
    /// Why it is not fully met (required then); may be blank when met.
    #[serde(default)]
    pub note: String,
}

/// An agency's section 11 return for a year, or a change to one at `version`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct Section11Input {
    #[serde(default)]
    pub version: Option<i32>,
    /// The relevant agency (from the partnership's record); ignored when changing a return.
    #[serde(default)]
    pub agency_id: Option<Uuid>,
    /// The financial year by the year it starts (2026 is April 2026 to March 2027); ignored when
    /// changing a return.
    #[serde(default)]
    pub year: i32,
    pub returned_on: NaiveDate,
    /// All eight standards, each once.
    #[serde(default)]
    pub ratings: Vec<StandardRatingInput>,
}

fn parse(input: &Section11Input, new: bool, today: NaiveDate) -> Result<Vec<Rated>> {
    let mut e = ValidationErrors::new();
    if new && input.agency_id.is_none() {
        e.add("agency_id", "Choose the agency whose return it is");
    }
    if new && !(2000..=2100).contains(&input.year) {
        e.add("year", "Give the year the financial year starts, for example 2026");
    }
    if input.returned_on > today {
        e.add("returned_on", "The day it was returned cannot be in the future");
    }
    let mut rated = vec![];
    for r in &input.ratings {
        let Some(standard) = Standard::from_code(r.standard.trim()) else {
            e.add("ratings", "Rate the eight section 11 standards by their codes");
            continue;
        };
        match Rating::from_code(r.rating.trim()) {
            Some(rating) => rated.push(Rated { standard, rating, note: r.note.trim().to_owned() }),
            None => e.add(&format!("rating_{}", standard.code()), format!("Rate the standard: {}", standard.label().to_lowercase())),
        }
    }
    if let Err(x) = check(&rated) {
        for f in x.0 {
            if e.for_field(&f.field).is_none() {
                e.0.push(f);
            }
        }
    }
    e.into_result(())?;
    Ok(in_order(rated))
}

fn to_json(rated: &[Rated]) -> Result<String> {
    serde_json::to_string(rated).map_err(|e| ServiceError::Internal(e.to_string()))
}

fn of_json(text: &str) -> Vec<Rated> {
    serde_json::from_str(text).unwrap_or_default()
}

/// Record an agency's section 11 return for a year (one per agency and year), or change one at
/// the version read (409 when stale). Returns its id.
pub async fn save_return(db: &Db, ctx: &Ctx, id: Option<Uuid>, input: &Section11Input) -> Result<Uuid> {
    ctx.authorise(Action::ManagePartnership)?;
    let mut tx = db.begin().await?;
    // A return that exists nowhere is not found, whatever the input says.
    let existing = match id {
        Some(id) => Some(store::get(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("section 11 return"))?),
        None => None,
    };
    let rated = parse(input, id.is_none(), ctx.today())?;
    let ratings = to_json(&rated)?;
    let out = match existing {
        None => {
            let agency_id = input.agency_id.ok_or_else(|| field_err("agency_id", "Choose the agency whose return it is"))?;
            arr_store::get_agency(&mut tx, ctx.la(), agency_id).await?.ok_or_else(|| field_err("agency_id", "No such relevant agency"))?;
            if store::of_year(&mut tx, ctx.la(), input.year).await?.iter().any(|r| r.agency_id == agency_id) {
                return Err(field_err("agency_id", "This agency's return for that year is already recorded: change it instead"));
            }
            let row = ReturnRow {
                id: ctx.new_id(),
                agency_id,
                year: input.year,
                returned_on: input.returned_on,
                ratings,
                version: 1,
                created_at: ctx.now,
                created_by: ctx.actor.user_id,
            };
            store::insert(&mut tx, ctx.la(), &row).await?;
            ff_store::versions::record_version(&mut tx, ctx.la(), "section_11_return", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now)
                .await?;
            audit(&mut tx, ctx, "create", "section_11_return", Some(row.id.to_string()), "section 11 return recorded").await?;
            row.id
        }
        Some(r) => {
            let read = input.version.unwrap_or_default();
            if r.version != read {
                return Err(stale("section 11 return", r.version));
            }
            let next = ReturnRow { returned_on: input.returned_on, ratings, ..r };
            save(&mut tx, ctx, read, next, "update", "section 11 return changed").await?.id
        }
    };
    tx.commit().await?;
    Ok(out)
}

/// One standard of a return, as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandardRatingView {
    pub standard: String,
    pub standard_label: String,
    pub rating: String,
    pub rating_label: String,
    pub note: String,
}

/// An agency's return.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Section11ReturnView {
    pub id: Uuid,
    pub returned_on: NaiveDate,
    pub ratings: Vec<StandardRatingView>,
    pub not_met: u32,
    pub version: i32,
}

/// A relevant agency in the year, and its return if it has made one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Section11Agency {
    pub agency_id: Uuid,
    pub name: String,
    pub kind_label: String,
    pub returned: Option<Section11ReturnView>,
}

/// A standard an agency rated not met or partly met, with the learning actions raised from it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Section11Shortfall {
    pub return_id: Uuid,
    pub agency_name: String,
    pub standard: String,
    pub standard_label: String,
    pub rating: String,
    pub rating_label: String,
    pub note: String,
    pub learning: Vec<ActionView>,
}

/// How the returns rated one standard.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Section11Tally {
    pub standard: String,
    pub standard_label: String,
    pub met: u32,
    pub partly_met: u32,
    pub not_met: u32,
}

/// A year's section 11 returns: every relevant agency in the year, who has not returned, the
/// standards not fully met (not met first) and the count for each standard.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Section11View {
    pub year: i32,
    pub year_label: String,
    pub agencies: Vec<Section11Agency>,
    /// The agencies with no return for the year, by name.
    pub not_returned: Vec<String>,
    pub shortfalls: Vec<Section11Shortfall>,
    pub tally: Vec<Section11Tally>,
}

fn rating_view(r: &Rated) -> StandardRatingView {
    StandardRatingView {
        standard: r.standard.code().into(),
        standard_label: r.standard.label().into(),
        rating: r.rating.code().into(),
        rating_label: r.rating.label().into(),
        note: r.note.clone(),
    }
}

/// The year's returns (default: this financial year). Audited as one view.
pub async fn overview(db: &Db, ctx: &Ctx, year: Option<i32>) -> Result<Section11View> {
    ctx.authorise(Action::ViewPartnership)?;
    let today = ctx.today();
    let year = year.unwrap_or_else(|| financial_year(today));
    if !(2000..=2100).contains(&year) {
        return Err(field_err("year", "Give the year the financial year starts, for example 2026"));
    }
    let mut tx = db.begin().await?;
    let v = assemble(&mut tx, ctx, year).await?;
    audit(&mut tx, ctx, "view", "section_11_return", None, "section 11 returns viewed").await?;
    tx.commit().await?;
    Ok(v)
}

/// The year's returns as read in `tx`, unaudited: for the overview and the yearly report.
pub(crate) async fn assemble(tx: &mut ff_store::Tx, ctx: &Ctx, year: i32) -> Result<Section11View> {
    let today = ctx.today();
    let record = arr_store::record_of(tx, ctx.la()).await?;
    let agencies = match &record {
        Some(r) => arr_store::agencies_of(tx, ctx.la(), r.id).await?,
        None => vec![],
    };
    let returns = store::of_year(tx, ctx.la(), year).await?;
    let learning = ff_store::partnership::learning_all(tx, ctx.la(), 2_000).await?;
    let (start, end) = year_bounds(year);
    let mut shown = vec![];
    let mut not_returned = vec![];
    let mut shortfalls = vec![];
    let mut all_rated = vec![];
    for a in agencies {
        let ret = returns.iter().find(|r| r.agency_id == a.id);
        let in_year = a.from_on <= end && a.to_on.is_none_or(|t| t >= start);
        if !in_year && ret.is_none() {
            continue;
        }
        let returned = ret.map(|r| {
            let rated = of_json(&r.ratings);
            for x in rated.iter().filter(|x| x.rating != Rating::Met) {
                let raised = learning
                    .iter()
                    .filter(|l| l.s11_return_id == Some(r.id) && l.s11_standard.as_deref() == Some(x.standard.code()))
                    .cloned()
                    .map(|l| action_view(l, today))
                    .collect();
                let v = rating_view(x);
                shortfalls.push(Section11Shortfall {
                    return_id: r.id,
                    agency_name: a.name.clone(),
                    standard: v.standard,
                    standard_label: v.standard_label,
                    rating: v.rating,
                    rating_label: v.rating_label,
                    note: v.note,
                    learning: raised,
                });
            }
            let view = Section11ReturnView {
                id: r.id,
                returned_on: r.returned_on,
                ratings: rated.iter().map(rating_view).collect(),
                not_met: rated.iter().filter(|x| x.rating == Rating::NotMet).count() as u32,
                version: r.version,
            };
            all_rated.push(rated);
            view
        });
        if returned.is_none() {
            not_returned.push(a.name.clone());
        }
        shown.push(Section11Agency { agency_id: a.id, kind_label: a.kind.label().into(), name: a.name, returned });
    }
    shortfalls.sort_by_key(|s| (s.rating != "not_met", Standard::ALL.iter().position(|x| x.code() == s.standard)));
    let tally = tally(&all_rated)
        .into_iter()
        .map(|(s, [met, partly_met, not_met])| Section11Tally {
            standard: s.code().into(),
            standard_label: s.label().into(),
            met,
            partly_met,
            not_met,
        })
        .collect();
    Ok(Section11View { year, year_label: year_label(year), agencies: shown, not_returned, shortfalls, tally })
}

/// The financial year's first and last days (April to March).
pub fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
    (d(year, 4, 1), d(year + 1, 3, 31))
}
