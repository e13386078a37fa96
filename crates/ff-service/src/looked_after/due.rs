//! Care clocks across many children ("shown in trays"): what is due on the
//! children in care a practitioner holds, for their work tray, and every child in care in the
//! council with their next looked-after review, for the reviewing officers and managers. Each
//! list reads its children's episodes, reviews and checks in three bulk queries, never one child
//! at a time.

use std::collections::HashMap;

use chrono::NaiveDate;
use ff_domain::calendar::WorkingCalendar;
use ff_domain::policy::Action;
use ff_domain::settings::LaSettings;
use ff_store::looked_after::InCareRow;
use ff_store::{Db, Tx};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::checks::{CareClock, ClockFacts, clocks};
use super::{current, period_start};
use crate::family_help::TrayItem;
use ff_domain::people::full_name;

use crate::{Ctx, Result, audit};

/// Each child's clocks, in the order of `children`.
async fn clocks_of(
    tx: &mut Tx,
    ctx: &Ctx,
    children: &[InCareRow],
    s: &LaSettings,
    cal: &WorkingCalendar,
    today: NaiveDate,
) -> Result<Vec<(Option<NaiveDate>, Vec<CareClock>)>> {
    let ids: Vec<Uuid> = children.iter().map(|c| c.child_id).collect();
    let episodes = ff_store::looked_after::episodes_of_children(tx, ctx.la(), &ids).await?;
    let reviews = ff_store::looked_after::reviews_of_children(tx, ctx.la(), &ids).await?;
    let checks = ff_store::looked_after::checks_of_children(tx, ctx.la(), &ids).await?;
    let mut eps_of: HashMap<Uuid, Vec<_>> = HashMap::new();
    for e in episodes {
        eps_of.entry(e.child_id).or_default().push(e);
    }
    let mut revs_of: HashMap<Uuid, Vec<_>> = HashMap::new();
    for r in reviews {
        revs_of.entry(r.child_id).or_default().push(r);
    }
    let mut chks_of: HashMap<Uuid, Vec<_>> = HashMap::new();
    for k in checks {
        chks_of.entry(k.child_id).or_default().push(k);
    }
    Ok(children
        .iter()
        .map(|c| {
            let eps = eps_of.remove(&c.child_id).unwrap_or_default();
            let revs = revs_of.remove(&c.child_id).unwrap_or_default();
            let chks = chks_of.remove(&c.child_id).unwrap_or_default();
            let since = current(&eps).and_then(|cur| period_start(&eps, cur.period_id));
            let facts = ClockFacts { episodes: &eps, reviews: &revs, checks: &chks, date_of_birth: c.date_of_birth };
            (since, clocks(&facts, &s.looked_after, cal, s.day_counting, today))
        })
        .collect())
}

/// The care clocks of the children in care whose family help episode the tray's owner leads,
/// as work tray items.
pub(crate) async fn tray_items(tx: &mut Tx, ctx: &Ctx, s: &LaSettings, cal: &WorkingCalendar, today: NaiveDate) -> Result<Vec<TrayItem>> {
    let children = ff_store::looked_after::in_care_led_by(tx, ctx.la(), ctx.actor.user_id, 200).await?;
    let all = clocks_of(tx, ctx, &children, s, cal, today).await?;
    let mut out = vec![];
    for (c, (_, clocks)) in children.iter().zip(all) {
        for k in clocks {
            out.push(TrayItem {
                child_id: c.child_id,
                child_name: full_name(&c.given_name, &c.family_name),
                episode_id: c.episode_id.unwrap_or(c.child_id),
                kind: format!("care_{}", k.what),
                label: format!("{} (child in care)", k.label),
                due: k.due,
                overdue: k.overdue,
                last_done: None,
                last_done_text: None,
                lead: Some(ctx.actor.display_name.clone()),
            });
        }
    }
    Ok(out)
}

/// A child in care and what is due on their care.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChildInCare {
    pub child_id: Uuid,
    pub child_name: String,
    pub looked_after_since: Option<NaiveDate>,
    /// The child's social worker (their family help lead), if allocated.
    pub social_worker: Option<String>,
    /// The next looked-after review.
    pub review: Option<CareClock>,
    /// Every other clock that is overdue (visits, health assessments, education plans).
    pub overdue: Vec<CareClock>,
}

/// The council's children in care, soonest review first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChildrenInCare {
    pub children: Vec<ChildInCare>,
    /// How many have their next review overdue.
    pub reviews_overdue: u32,
    /// How many have a review due in the next 28 days.
    pub reviews_due_soon: u32,
}

/// The most children the list reads (a large council has about 1,500 in care).
const MOST: i64 = 5000;

/// Every child in care in the council with their next review and any overdue clock: the
/// reviewing officers' and managers' list. Audited as one view.
pub async fn children_in_care(db: &Db, ctx: &Ctx) -> Result<ChildrenInCare> {
    ctx.authorise(Action::ViewChildrenInCare)?;
    let mut tx = db.begin().await?;
    let (s, cal) = crate::settings_and_calendar(&mut tx, ctx.la()).await?;
    let today = ctx.today();
    let children = ff_store::looked_after::in_care(&mut tx, ctx.la(), MOST).await?;
    let all = clocks_of(&mut tx, ctx, &children, &s, &cal, today).await?;
    let leads: Vec<Uuid> = children.iter().filter_map(|c| c.lead_id).collect();
    let users = ff_store::users::get_many(&mut tx, ctx.la(), &leads).await?;
    let mut out: Vec<ChildInCare> = children
        .iter()
        .zip(all)
        .map(|(c, (since, clocks))| {
            let (review, others): (Vec<CareClock>, Vec<CareClock>) = clocks.into_iter().partition(|k| k.what == "review");
            ChildInCare {
                child_id: c.child_id,
                child_name: full_name(&c.given_name, &c.family_name),
                looked_after_since: since,
                social_worker: c.lead_id.and_then(|id| users.iter().find(|u| u.id == id)).map(|u| u.display_name.clone()),
                review: review.into_iter().next(),
                overdue: others.into_iter().filter(|k| k.overdue).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.review.as_ref().map(|r| r.due).cmp(&b.review.as_ref().map(|r| r.due)).then(a.child_name.cmp(&b.child_name)));
    let soon = today + chrono::Days::new(28);
    let count =
        |f: &dyn Fn(&CareClock) -> bool| u32::try_from(out.iter().filter(|c| c.review.as_ref().is_some_and(f)).count()).unwrap_or(0);
    let reviews_overdue = count(&|r| r.overdue);
    let reviews_due_soon = count(&|r| !r.overdue && r.due <= soon);
    audit(
        &mut tx,
        ctx,
        "view",
        "children_in_care",
        None,
        format!("{} in care listed", ff_domain::text::plural(out.len(), "child", "children")),
    )
    .await?;
    tx.commit().await?;
    Ok(ChildrenInCare { children: out, reviews_overdue, reviews_due_soon })
}
