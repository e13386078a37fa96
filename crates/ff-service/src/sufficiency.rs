//! Sufficiency: whether the council has the homes its children in care need, on any day
//! (`ff_domain::sufficiency`; RCC-2, RCC-SHARE-7, RCC-SHARE-8). Where the children live and who
//! provides the home, inside or outside the council's area and how far from home (the 903's
//! PL_LOCATION and PL_DISTANCE, worked out as the child's page works them out), placement
//! stability, the searches for a home, and the council's own foster places beside them. Counts
//! only: no child is named, and the view is audited once.

use chrono::NaiveDate;
use ff_domain::geography::{self, DirectoryEntry, Lookup};
use ff_domain::home_search::{EndReason, HomeKind};
use ff_domain::looked_after::ReasonNewEpisode;
use ff_domain::policy::Action;
use ff_domain::sufficiency::{self as suff, ChildInCare, Counted, Household, SearchFacts, WeeklyCost};
use ff_store::Db;
use ff_store::postcodes::PostcodeRow;
use ff_store::sufficiency::InCarePage;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::insight::{Figure, fig};
use crate::{Ctx, Result, audit, field_err};

/// Children read a page at a time.
const PAGE: i64 = 1000;

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct OnDay {
    /// The day (default: today).
    pub on: Option<NaiveDate>,
}

/// The sufficiency picture on a day. Every list holds each child in exactly one row.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SufficiencyView {
    pub on: NaiveDate,
    /// Children in care on the day.
    pub children: u32,
    /// By the kind of home.
    pub by_home: Vec<Figure>,
    /// By who provides the home (903 PLACE_PROVIDER).
    pub by_provider: Vec<Figure>,
    /// Inside or outside the council's area (903 PL_LOCATION).
    pub by_area: Vec<Figure>,
    /// How far from home (903 PL_DISTANCE).
    pub by_distance: Vec<Figure>,
    /// Moves in the year and long-term stability.
    pub stability: Vec<Figure>,
    /// Searches for a home open on the day and ended in the year to it (RCC-SHARE-7).
    pub searches: Vec<Figure>,
    /// Open searches by the kind of home sought.
    pub searches_by_kind: Vec<Figure>,
    /// What the placements cost each week, from their agreements (RCC-SHARE-2): the total, who
    /// pays which part, how many have no agreed cost, and the average by kind of home.
    pub costs: Vec<Figure>,
    /// The council's own foster places now (RCC-SHARE-8). Households' approvals are held as they
    /// are today, so this is today's supply whatever the day chosen.
    pub supply: Vec<Figure>,
    /// False when the postcode directory has not been loaded: inside or outside the area and
    /// distances are then all "not known".
    pub postcodes_loaded: bool,
}

fn counted(list: &[Counted]) -> Vec<Figure> {
    list.iter().map(|c| fig(c.key, c.label, f64::from(c.count), "")).collect()
}

/// A share or an average with nothing to count shows a dash, not a misleading 0.
fn or_none(mut f: Figure, counted: u32) -> Figure {
    if counted == 0 {
        f.display = "–".into();
    }
    f
}

fn share(part: u32, whole: u32) -> f64 {
    if whole == 0 { 0.0 } else { f64::from(part) * 100.0 / f64::from(whole) }
}

pub async fn view(db: &Db, ctx: &Ctx, q: &OnDay) -> Result<SufficiencyView> {
    ctx.authorise(Action::ViewSufficiency)?;
    let on = q.on.unwrap_or(ctx.today());
    if on > ctx.today() {
        return Err(field_err("on", "The day must be today or in the past"));
    }
    if on < NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(on) {
        return Err(field_err("on", "The day must be in 2000 or later"));
    }
    let mut tx = db.begin().await?;
    let (settings, _) = crate::settings_and_calendar(&mut tx, ctx.la()).await?;
    let postcodes_loaded = !ff_store::postcodes::is_empty(&mut tx).await?;
    let mut children = Vec::new();
    let mut after = Uuid::nil();
    loop {
        let page = ff_store::sufficiency::in_care_page(&mut tx, ctx.la(), on, after, PAGE).await?;
        let Some((last, _)) = page.children.last() else { break };
        after = *last;
        let full = page.children.len() as i64 == PAGE;
        let found = lookups(&mut tx, &page, on).await?;
        children.extend(children_of(&page, &found, ctx.la(), on, postcodes_loaded));
        if !full {
            break;
        }
    }
    let year_ago = on - chrono::Days::new(365);
    let searches: Vec<SearchFacts> = ff_store::sufficiency::searches(&mut tx, ctx.la(), on, year_ago)
        .await?
        .into_iter()
        .map(|s| SearchFacts {
            home_kind: HomeKind::from_code(&s.home_kind).unwrap_or(HomeKind::Any),
            started_on: s.started_on,
            // A search that ended after the day was still open on it.
            ended_on: s.ended_on.filter(|e| *e <= on),
            placed: s.status == "placed" && s.ended_on.is_some_and(|e| e <= on),
            end_reason: s.end_reason.as_deref().and_then(EndReason::from_code),
            providers_approached: u32::try_from(s.providers_approached).unwrap_or(u32::MAX),
        })
        .collect();
    let households: Vec<Household> = ff_store::sufficiency::households(&mut tx, ctx.la(), on)
        .await?
        .into_iter()
        .map(|h| Household {
            places: h.places.and_then(|p| u32::try_from(p).ok()).unwrap_or(0),
            placed: u32::try_from(h.placed).unwrap_or(u32::MAX),
            takes_siblings: h.takes_siblings,
            takes_teenagers: h.takes_teenagers,
            takes_uasc: h.takes_uasc,
            takes_parent_and_child: h.takes_parent_and_child,
        })
        .collect();
    audit(&mut tx, ctx, "view", "sufficiency", None, format!("sufficiency on {on} viewed")).await?;
    tx.commit().await?;

    let homes = suff::homes(&children, settings.looked_after.stability_moves_warning);
    let s = suff::searches(&searches, on);
    let supply = suff::supply(&households);
    let c = suff::costs(&children);
    let pounds = |p: i64| p as f64 / 100.0;
    let mut cost_figures = vec![
        fig("weekly_total", "Weekly cost of the placements with an agreed cost", pounds(c.weekly.total), "£"),
        fig("weekly_social_care", "Paid by social care", pounds(c.weekly.social_care), "£"),
        fig("weekly_education", "Paid by education", pounds(c.weekly.education), "£"),
        fig("weekly_health", "Paid by health", pounds(c.weekly.health), "£"),
        fig("with_cost", "Placements with an agreed cost", f64::from(c.with_cost), ""),
        fig("without_cost", "Placements with no agreed cost recorded", f64::from(c.without_cost), ""),
    ];
    cost_figures.extend(c.by_home.iter().filter(|(_, n, _)| *n > 0).map(|(g, _, average)| {
        fig(&format!("average_{}", g.key()), &format!("Average weekly cost: {}", g.label().to_lowercase()), pounds(*average), "£")
    }));
    let over_20 = homes.by_distance.iter().find(|c| c.key == "over_20_miles").map_or(0, |c| c.count);
    let known = homes.children - homes.by_distance.iter().find(|c| c.key == "distance_not_known").map_or(0, |c| c.count);
    Ok(SufficiencyView {
        on,
        children: homes.children,
        by_home: counted(&homes.by_home),
        by_provider: counted(&homes.by_provider),
        by_area: counted(&homes.by_area),
        by_distance: {
            let mut v = counted(&homes.by_distance);
            v.push(or_none(
                fig("over_20_share", "Of those whose distance is known, more than 20 miles from home", share(over_20, known), "%"),
                known,
            ));
            v
        },
        stability: vec![
            fig(
                "many_moves",
                &format!("Children with {} or more moves in the last 12 months", settings.looked_after.stability_moves_warning),
                f64::from(homes.many_moves),
                "",
            ),
            or_none(
                fig("many_moves_share", "As a share of children in care", share(homes.many_moves, homes.children), "%"),
                homes.children,
            ),
            fig(
                "long_term_children",
                "Children under 16 in care for two and a half years or more",
                f64::from(homes.long_term_children),
                "",
            ),
            or_none(
                fig(
                    "long_term_stable",
                    "Of those, living in the same placement for two years or more",
                    share(homes.long_term_stable, homes.long_term_children),
                    "%",
                ),
                homes.long_term_children,
            ),
        ],
        searches: vec![
            fig("open", "Searches for a home open", f64::from(s.open), ""),
            or_none(fig("open_average_days", "Days the open searches have waited, on average", s.open_average_days, "days"), s.open),
            or_none(fig("open_longest_days", "The longest wait", s.open_longest_days as f64, "days"), s.open),
            fig("ended_in_year", "Searches ended in the last 12 months", f64::from(s.ended_in_year), ""),
            fig("placed_in_year", "Of those, a home found", f64::from(s.placed_in_year), ""),
            fig("failed_in_year", "Of those, no provider could offer a home", f64::from(s.failed_in_year), ""),
            fig("withdrawn_in_year", "Of those, no longer needed", f64::from(s.withdrawn_in_year), ""),
            or_none(
                fig("providers_per_search", "Providers approached per search, on average", s.providers_per_search, ""),
                s.ended_in_year,
            ),
            or_none(
                fig("days_to_place", "Days from the start of a search to a home found, on average", s.days_to_place, "days"),
                s.placed_in_year,
            ),
        ],
        searches_by_kind: counted(&s.open_by_kind),
        costs: cost_figures,
        supply: vec![
            fig("households", "Approved fostering households", f64::from(supply.households), ""),
            fig("places", "Places they are approved for", f64::from(supply.places), ""),
            fig("taken", "Places taken", f64::from(supply.taken), ""),
            fig("free", "Places free", f64::from(supply.free), ""),
            fig(
                "households_for_siblings",
                "Households with two or more places free that take brothers and sisters",
                f64::from(supply.households_for_siblings),
                "",
            ),
            fig("free_for_teenagers", "Places free in households that take teenagers", f64::from(supply.free_for_teenagers), ""),
            fig(
                "free_for_uasc",
                "Places free in households that take unaccompanied asylum-seeking children",
                f64::from(supply.free_for_uasc),
                "",
            ),
            fig(
                "free_for_parent_and_child",
                "Places free in households that take a parent with their child",
                f64::from(supply.free_for_parent_and_child),
                "",
            ),
        ],
        postcodes_loaded,
    })
}

/// The page's home and placement postcodes found in the directory, in one query per chunk.
async fn lookups(tx: &mut ff_store::Tx, page: &InCarePage, on: NaiveDate) -> Result<Vec<DirectoryEntry>> {
    let mut keys: Vec<String> = page.homes.iter().map(|h| key(&h.postcode)).collect();
    keys.extend(page.episodes.iter().filter(|e| e.start_date <= on).map(|e| key(&e.placement_postcode)));
    keys.retain(|k| !k.is_empty());
    keys.sort();
    keys.dedup();
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    if refs.is_empty() {
        return Ok(vec![]);
    }
    Ok(ff_store::postcodes::lookup(tx, &refs).await?.iter().map(PostcodeRow::entry).collect())
}

/// Stored postcodes are normalised already; one that is not a postcode is simply not found.
fn key(p: &str) -> String {
    geography::parse_postcode(p).unwrap_or_else(|_| p.trim().to_uppercase())
}

/// Each child on the page as the domain counts them: the episode in force on the day, its
/// geography from the home when that period of care began, and stability from all episodes.
fn children_of(page: &InCarePage, found: &[DirectoryEntry], council: &str, on: NaiveDate, loaded: bool) -> Vec<ChildInCare> {
    let missing = if loaded { Lookup::NotInDirectory } else { Lookup::DirectoryEmpty };
    let lookup = |p: &str| -> Lookup<'_> {
        if p.trim().is_empty() {
            return Lookup::NotRecorded;
        }
        let k = key(p);
        found.iter().find(|e| e.postcode == k).map_or(missing, Lookup::Found)
    };
    page.children
        .iter()
        .filter_map(|(child, born)| {
            let eps: Vec<&ff_store::looked_after::CareEpisodeRow> =
                page.episodes.iter().filter(|e| e.child_id == *child && e.start_date <= on).collect();
            let current = eps.iter().rev().find(|e| e.end_date.is_none_or(|end| end > on))?;
            let began = eps.iter().filter(|e| e.period_id == current.period_id).map(|e| e.start_date).min().unwrap_or(current.start_date);
            let homes = page.homes.iter().filter(|h| h.person_id == *child).map(|h| (h.postcode.as_str(), h.start_date));
            let home = geography::home_postcode(homes, began, &current.placement_postcode);
            let asylum = page.uasc.iter().any(|u| u.child_id == *child && u.since <= on);
            let g = geography::placement_geography(
                home.map_or(Lookup::NotRecorded, lookup),
                lookup(&current.placement_postcode),
                council,
                asylum,
                current.legal_status,
            );
            let pairs: Vec<(NaiveDate, ReasonNewEpisode)> = eps.iter().map(|e| (e.start_date, e.reason_new_episode)).collect();
            let (moves_in_year, long_term_stable) = suff::stability(&pairs, *born, on);
            // The agreement of the placement in force is kept on the episode it began with; the
            // cost is what was agreed for the day (PA-4).
            let began_placement = super::looked_after::agreement::began_with(eps.iter().copied(), current).id;
            let weekly_cost = page.agreements.iter().find(|a| a.episode_id == began_placement).and_then(|a| {
                super::looked_after::agreement::terms_on(&page.terms, a.id, on).map(|t| WeeklyCost {
                    total: t.weekly_cost_pence,
                    social_care: t.social_care_pence,
                    education: t.education_pence,
                    health: t.health_pence,
                })
            });
            Some(ChildInCare {
                placement_type: current.placement_type,
                provider: current.placement_provider,
                in_area: g.location.map(|l| l == geography::Location::In),
                distance_miles: g.distance_miles,
                moves_in_year,
                long_term_stable,
                weekly_cost,
            })
        })
        .collect()
}

/// The picture as CSV: section, key, label, value, unit, day; one row per figure.
pub fn to_csv(v: &SufficiencyView) -> String {
    let mut out = String::from("section,key,label,value,unit,on\n");
    for (section, figures) in [
        ("homes", &v.by_home),
        ("providers", &v.by_provider),
        ("area", &v.by_area),
        ("distance", &v.by_distance),
        ("stability", &v.stability),
        ("searches", &v.searches),
        ("searches_by_kind", &v.searches_by_kind),
        ("costs", &v.costs),
        ("supply", &v.supply),
    ] {
        for f in figures {
            out.push_str(&format!("{section},{},{},{},{},{}\n", f.key, crate::csv_cell(&f.label), f.value, crate::csv_cell(&f.unit), v.on));
        }
    }
    out
}
