//! Harm outside the home (`ff_domain::outside_home`): places and groups, the
//! children linked to them and the concerns about them. One function per user action, in the
//! shape of decision 0013: authorise → a typed draft → the domain's decision → store → audit, in
//! one transaction. Places are every agency's to see and report on; a linked child is shown only
//! to those who may see that child's record, and linking a child is work on the child's record,
//! as is screening a child for exploitation (HOTH-3). Meetings about a place and their actions for
//! partner agencies are the place's, every agency's to see (HOTH-4).

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::ValidationErrors;
use ff_domain::calendar::WorkingCalendar;
use ff_domain::outside_home::{
    ActionDraft, Agency, ConcernLevel, ConcernSource, Harm, PlaceKind, ScreeningOutcome, action_overdue, check_action_done, check_concern,
    check_link, check_meeting, check_place, check_screening, check_unlink, check_withdrawal, reaches_lead,
};
use ff_domain::policy::Action;
use ff_domain::settings::LaSettings;
use ff_store::outside_home::{ActionRow, ConcernRow, LinkRow, MeetingRow, PlaceRow, ScreeningRow};

mod missing;
use ff_store::{Db, Tx};
pub use missing::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::family_help::TrayItem;
use crate::{Ctx, Result, ServiceError, audit, field_err, parse_code, parsed, stale, trimmed};

const PAGE: i64 = 50;
/// How far back a concern reaches the leads of the children linked to its place (HOTH-2).
const REACH_DAYS: u64 = 90;

/// A place or group.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PlaceInput {
    pub name: String,
    /// park, shop, transport_hub, street, near_school, address, online, group or other.
    pub kind: String,
    /// Where it is, as people say it.
    #[serde(default)]
    pub area: Option<String>,
}

/// A concern about a place or group, and who raised it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ConcernInput {
    /// criminal_exploitation, sexual_exploitation, county_lines, serious_violence, trafficking,
    /// online_harm or other.
    pub harm: String,
    /// childrens_services, police, health, education, community_safety, transport, youth_work,
    /// community or other.
    pub source: String,
    pub what: String,
    pub raised_on: NaiveDate,
}

struct ConcernDraft {
    harm: Harm,
    source: ConcernSource,
    what: String,
}

impl ConcernInput {
    fn draft(&self, today: NaiveDate) -> Result<ConcernDraft> {
        let mut errors = ValidationErrors::new();
        let harm = parse_code("harm", &self.harm, Harm::from_code, "Choose the harm the concern is about", &mut errors);
        let source = parse_code("source", &self.source, ConcernSource::from_code, "Choose who raised the concern", &mut errors);
        if let Err(e) = check_concern(&self.what, self.raised_on, today) {
            errors.0.extend(e.0);
        }
        errors.into_result(())?;
        Ok(ConcernDraft { harm: parsed(harm)?, source: parsed(source)?, what: self.what.trim().to_owned() })
    }
}

/// Link a child to a place or group, with the concern that links them.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct LinkInput {
    pub child_id: Uuid,
    #[serde(flatten)]
    pub concern: ConcernInput,
}

/// The link ends.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct EndLinkInput {
    pub version: i32,
    pub ended_on: NaiveDate,
    /// Why it ended: the child no longer goes there, the group has broken up… (HOTH-1).
    #[serde(default)]
    pub reason: String,
}

/// Record a place or group.
pub async fn create_place(db: &Db, ctx: &Ctx, input: &PlaceInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let mut errors = ValidationErrors::new();
    let kind = parse_code("kind", &input.kind, PlaceKind::from_code, "Choose what kind of place or group it is", &mut errors);
    let area = trimmed(&input.area);
    if let Err(e) = check_place(&input.name, area.as_deref()) {
        errors.0.extend(e.0);
    }
    errors.into_result(())?;
    let name = input.name.trim().to_owned();
    let mut tx = db.begin().await?;
    // One record per place: the same name in another case is the same place, and concerns split
    // across two records would not reach the other children's leads (HOTH-2).
    if let Some(same) = same_name(&mut tx, ctx, &name).await? {
        return Err(field_err("name", format!("{} is already recorded: raise the concern or link the child there", same.name)));
    }
    let row =
        PlaceRow { id: ctx.new_id(), name, kind: parsed(kind)?, area, version: 1, created_at: ctx.now, created_by: ctx.actor.user_id };
    ff_store::outside_home::insert_place(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "place", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", "place", Some(row.id.to_string()), "place or group recorded").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// The first letter as typed, in capitals and in small letters: the prefixes a name is found by.
fn prefixes(q: &str) -> Vec<String> {
    let mut out = vec![q.to_owned()];
    let mut chars = q.chars();
    if let Some(first) = chars.next() {
        let rest: String = chars.collect();
        for f in [first.to_uppercase().collect::<String>(), first.to_lowercase().collect::<String>()] {
            let p = format!("{f}{rest}");
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// A place already recorded under this name in any case, found through the name index.
async fn same_name(tx: &mut Tx, ctx: &Ctx, name: &str) -> Result<Option<PlaceRow>> {
    let first = name.chars().next().map(String::from).unwrap_or_default();
    let wanted = name.to_lowercase();
    for p in prefixes(&first) {
        let rows = ff_store::outside_home::places_page(tx, ctx.la(), &p, None, 500).await?;
        if let Some(r) = rows.into_iter().find(|r| r.name.to_lowercase() == wanted) {
            return Ok(Some(r));
        }
    }
    Ok(None)
}

async fn place_row(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> Result<PlaceRow> {
    ff_store::outside_home::get_place(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("place or group"))
}

async fn insert_concern(tx: &mut Tx, ctx: &Ctx, place: Uuid, child: Option<Uuid>, d: ConcernDraft, raised_on: NaiveDate) -> Result<Uuid> {
    let row = ConcernRow {
        id: ctx.new_id(),
        place_id: place,
        child_id: child,
        harm: d.harm,
        source: d.source,
        what: d.what,
        raised_on,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::outside_home::insert_concern(tx, ctx.la(), &row).await?;
    Ok(row.id)
}

/// Raise a concern about a place or group (not about one child): it reaches the leads of every
/// child linked to it (HOTH-2).
pub async fn raise_concern(db: &Db, ctx: &Ctx, place: Uuid, input: &ConcernInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let draft = input.draft(ctx.today())?;
    let mut tx = db.begin().await?;
    let p = place_row(&mut tx, ctx, place).await?;
    let id = insert_concern(&mut tx, ctx, p.id, None, draft, input.raised_on).await?;
    audit(&mut tx, ctx, "create", "place_concern", Some(id.to_string()), "concern about a place raised").await?;
    tx.commit().await?;
    Ok(id)
}

/// Link a child to a place or group with the concern that links them (HOTH-1): work on the
/// child's record, so a partner agency may do it only on their team's cases. The concern reaches
/// the leads of the other children linked to the place (HOTH-2).
pub async fn link_child(db: &Db, ctx: &Ctx, place: Uuid, input: &LinkInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let draft = input.concern.draft(ctx.today())?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ContributeToCase, input.child_id).await?;
    let p = place_row(&mut tx, ctx, place).await?;
    let child = ff_store::people::get_person(&mut tx, ctx.la(), input.child_id).await?.ok_or(ServiceError::NotFound("child"))?;
    if child.merged_into.is_some() {
        return Err(field_err("child_id", "This record was merged into another: link the child's current record"));
    }
    let links = ff_store::outside_home::links_of_place(&mut tx, ctx.la(), p.id).await?;
    check_link(links.iter().any(|l| l.child_id == child.id && l.ended_on.is_none()))?;
    let link = LinkRow {
        id: ctx.new_id(),
        place_id: p.id,
        child_id: child.id,
        linked_on: input.concern.raised_on,
        ended_on: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
        end_reason: None,
        ended_by: None,
    };
    ff_store::outside_home::insert_link(&mut tx, ctx.la(), &link).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "place_link", link.id, 1, &link, Some(ctx.actor.user_id), ctx.now).await?;
    insert_concern(&mut tx, ctx, p.id, Some(child.id), draft, input.concern.raised_on).await?;
    audit(&mut tx, ctx, "create", "place_link", Some(link.id.to_string()), "child linked to a place or group").await?;
    tx.commit().await?;
    Ok(link.id)
}

/// The link ends (the child no longer goes there, or the group has changed). Returns the child.
pub async fn end_link(db: &Db, ctx: &Ctx, id: Uuid, input: &EndLinkInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let mut tx = db.begin().await?;
    let l = ff_store::outside_home::get_link(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("link"))?;
    ctx.authorise_child(&mut tx, Action::ContributeToCase, l.child_id).await?;
    if l.version != input.version {
        return Err(stale("link", l.version));
    }
    let reason = input.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(crate::field_err("reason", "Say why the link ended (500 characters or fewer)"));
    }
    check_unlink(l.linked_on, l.ended_on.is_some(), input.ended_on, ctx.today())?;
    let (read, child) = (l.version, l.child_id);
    let next = LinkRow { ended_on: Some(input.ended_on), end_reason: Some(reason.to_owned()), ended_by: Some(ctx.actor.user_id), ..l };
    crate::versioned::save(&mut tx, ctx, read, next, "update", "link to a place or group ended").await?;
    tx.commit().await?;
    Ok(child)
}

crate::versioned::aggregate!(LinkRow, "place_link", "link", |l, tx, la, read| ff_store::outside_home::end_link(tx, la, l, read));

// ---------------------------------------------------------------------------------------------
// Reading.

/// A place in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlaceSummary {
    pub id: Uuid,
    pub name: String,
    pub kind_label: String,
    pub area: Option<String>,
}

fn summary(p: &PlaceRow) -> PlaceSummary {
    PlaceSummary { id: p.id, name: p.name.clone(), kind_label: p.kind.label().into(), area: p.area.clone() }
}

/// Places and groups by name, 50 a page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlacesView {
    pub places: Vec<PlaceSummary>,
    /// Pass as `after` for the next page.
    pub next_after: Option<Uuid>,
    /// How many actions from meetings about places, across the council, are past their day and
    /// not done (HOTH-4).
    pub overdue_actions: i64,
}

/// The places and groups whose name starts with `q` (as typed, or with its first letter in
/// capitals or small letters), a page at a time. Audited as a view.
pub async fn list(db: &Db, ctx: &Ctx, q: &str, after: Option<Uuid>) -> Result<PlacesView> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let mut tx = db.begin().await?;
    let from = match after {
        Some(id) => Some(place_row(&mut tx, ctx, id).await?),
        None => None,
    };
    let q = q.trim();
    let mut rows = vec![];
    for prefix in &prefixes(q) {
        rows.extend(
            ff_store::outside_home::places_page(&mut tx, ctx.la(), prefix, from.as_ref().map(|f| (f.name.as_str(), f.id)), PAGE + 1)
                .await?,
        );
    }
    rows.sort_by(|a, b| (a.name.as_str(), a.id).cmp(&(b.name.as_str(), b.id)));
    rows.dedup_by_key(|r| r.id);
    let page = usize::try_from(PAGE).unwrap_or(50);
    let next_after = (rows.len() > page).then(|| rows[page - 1].id);
    rows.truncate(page);
    let overdue_actions = ff_store::outside_home::overdue_actions_count(&mut tx, ctx.la(), ctx.today()).await?;
    audit(&mut tx, ctx, "view", "place", None, "places listed").await?;
    tx.commit().await?;
    Ok(PlacesView { places: rows.iter().map(summary).collect(), next_after, overdue_actions })
}

/// A concern as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConcernView {
    pub id: Uuid,
    pub harm: String,
    pub harm_label: String,
    pub source_label: String,
    pub what: String,
    pub raised_on: NaiveDate,
    /// The child it was raised about, when the reader may see them.
    pub child_name: Option<String>,
}

/// A child linked to a place, as shown to someone who may see the child.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LinkedChild {
    pub link_id: Uuid,
    pub child_id: Uuid,
    pub name: String,
    pub linked_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub version: i32,
}

/// A place or group with its concerns and the children linked to it that the reader may see.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlaceView {
    pub id: Uuid,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    pub area: Option<String>,
    /// The concerns the reader may see, newest first: those about the place, and those about a
    /// child the reader may see.
    pub concerns: Vec<ConcernView>,
    pub children: Vec<LinkedChild>,
    /// The multi-agency meetings about the place, newest first, with their actions.
    pub meetings: Vec<PlaceMeetingView>,
    /// How many of the place's actions are overdue (HOTH-4).
    pub overdue_actions: usize,
}

/// Which of these children the reader may see (for a partner agency: their team's cases).
async fn visible(tx: &mut Tx, ctx: &Ctx, children: &[Uuid]) -> Result<Vec<Uuid>> {
    let mut out = vec![];
    for c in children {
        if out.contains(c) {
            continue;
        }
        match ctx.authorise_child(tx, Action::ViewPerson, *c).await {
            Ok(()) => out.push(*c),
            Err(ServiceError::Denied(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// A place's page. Audited as a view.
pub async fn place(db: &Db, ctx: &Ctx, id: Uuid) -> Result<PlaceView> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let mut tx = db.begin().await?;
    let p = place_row(&mut tx, ctx, id).await?;
    let links = ff_store::outside_home::links_of_place(&mut tx, ctx.la(), id).await?;
    let concerns = ff_store::outside_home::concerns_of(&mut tx, ctx.la(), &[id]).await?;
    let all: Vec<Uuid> = links.iter().map(|l| l.child_id).chain(concerns.iter().filter_map(|c| c.child_id)).collect();
    let seen = visible(&mut tx, ctx, &all).await?;
    let names: std::collections::HashMap<Uuid, String> = ff_store::people::names_of(&mut tx, ctx.la(), &seen).await?.into_iter().collect();
    let meetings = meetings_of(&mut tx, ctx, id).await?;
    let overdue_actions = meetings.iter().flat_map(|m| &m.actions).filter(|a| a.overdue).count();
    audit(&mut tx, ctx, "view", "place", Some(id.to_string()), "place or group viewed").await?;
    tx.commit().await?;
    Ok(PlaceView {
        id: p.id,
        name: p.name,
        kind: p.kind.code().into(),
        kind_label: p.kind.label().into(),
        area: p.area,
        concerns: concerns
            .into_iter()
            .filter(|c| c.child_id.is_none_or(|ch| seen.contains(&ch)))
            .map(|c| ConcernView {
                id: c.id,
                harm: c.harm.code().into(),
                harm_label: c.harm.label().into(),
                source_label: c.source.label().into(),
                what: c.what,
                raised_on: c.raised_on,
                child_name: c.child_id.and_then(|ch| names.get(&ch).cloned()),
            })
            .collect(),
        children: links
            .into_iter()
            .filter(|l| seen.contains(&l.child_id))
            .map(|l| LinkedChild {
                link_id: l.id,
                child_id: l.child_id,
                name: names.get(&l.child_id).cloned().unwrap_or_default(),
                linked_on: l.linked_on,
                ended_on: l.ended_on,
                version: l.version,
            })
            .collect(),
        meetings,
        overdue_actions,
    })
}

/// A place or group a child is linked to, for the child's page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChildPlace {
    pub link_id: Uuid,
    pub place_id: Uuid,
    pub name: String,
    pub kind_label: String,
    pub linked_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub version: i32,
    /// Concerns about the place since the child was linked (about the place or any child).
    pub concerns_since: usize,
    pub latest: Option<NaiveDate>,
}

/// The places and groups a child is linked to, read in the caller's transaction for anyone who
/// may read the child's record (the child's page audits the view once). A child has few.
pub(crate) async fn read_for_child(tx: &mut Tx, ctx: &Ctx, child: Uuid) -> Result<Vec<ChildPlace>> {
    let links = ff_store::outside_home::links_of_child(tx, ctx.la(), child).await?;
    let ids: Vec<Uuid> = links.iter().map(|l| l.place_id).collect();
    let mut places = vec![];
    for id in &ids {
        if let Some(p) = ff_store::outside_home::get_place(tx, ctx.la(), *id).await? {
            places.push(p);
        }
    }
    let concerns = ff_store::outside_home::concerns_of(tx, ctx.la(), &ids).await?;
    Ok(links
        .iter()
        .filter_map(|l| {
            let p = places.iter().find(|p| p.id == l.place_id)?;
            // About the place or about this child: a concern that names another child is not
            // this child's, not even as a number (HOTH-2).
            let since: Vec<&ConcernRow> = concerns
                .iter()
                .filter(|c| c.place_id == l.place_id && c.raised_on >= l.linked_on && c.child_id.is_none_or(|ch| ch == child))
                .collect();
            Some(ChildPlace {
                link_id: l.id,
                place_id: p.id,
                name: p.name.clone(),
                kind_label: p.kind.label().into(),
                linked_on: l.linked_on,
                ended_on: l.ended_on,
                version: l.version,
                concerns_since: since.len(),
                latest: since.iter().map(|c| c.raised_on).max(),
            })
        })
        .collect())
}

/// The places a child is linked to (the API's view of that part of the child's page). Audited as
/// a view of the child's record.
pub async fn for_child(db: &Db, ctx: &Ctx, child: Uuid) -> Result<Vec<ChildPlace>> {
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ViewPerson, child).await?;
    let out = read_for_child(&mut tx, ctx, child).await?;
    audit(&mut tx, ctx, "view", "person", Some(child.to_string()), "places and groups viewed").await?;
    tx.commit().await?;
    Ok(out)
}

/// What reaches the tray's owner as the lead of a child linked to a place (HOTH-2): a new concern
/// about the place, until a visit sees the child, due 5 working days after it was raised (as a
/// new adult in a child's household is).
pub(crate) async fn tray_items(tx: &mut Tx, ctx: &Ctx, s: &LaSettings, cal: &WorkingCalendar, today: NaiveDate) -> Result<Vec<TrayItem>> {
    let since = today.checked_sub_days(chrono::Days::new(REACH_DAYS)).unwrap_or(today);
    let rows = ff_store::outside_home::concerns_near_lead(tx, ctx.la(), ctx.actor.user_id, since, 500).await?;
    // One row per child and place, from its newest concern (the rows come newest first), saying
    // how many there are.
    let mut reaching: Vec<(ff_store::outside_home::LeadConcernRow, usize)> = vec![];
    for r in rows.into_iter().filter(|r| {
        reaches_lead(r.raised_on, r.about_child == Some(r.child_id), r.raised_by == ctx.actor.user_id, r.linked_on, r.last_seen)
    }) {
        match reaching.iter_mut().find(|(x, _)| x.child_id == r.child_id && x.place_id == r.place_id) {
            Some((_, n)) => *n += 1,
            None => reaching.push((r, 1)),
        }
    }
    Ok(reaching
        .into_iter()
        .map(|(r, n)| {
            let due = cal.add_working_days(r.raised_on, 5, s.day_counting);
            let what = if n == 1 {
                format!("New concern about {} ({})", r.place_name, r.harm.label().to_lowercase())
            } else {
                format!("{n} new concerns about {}, the latest {}", r.place_name, r.harm.label().to_lowercase())
            };
            TrayItem {
                child_id: r.child_id,
                child_name: format!("{} {}", r.given_name, r.family_name),
                episode_id: r.episode_id,
                kind: "place_concern".into(),
                label: format!("{what}: see the child and talk it through (a visit that sees them clears this)"),
                due,
                overdue: due < today,
                last_done: r.last_seen,
                last_done_text: r.last_seen.map(|d| format!("Last seen {}", d.format("%-d %b %Y"))),
                lead: Some(ctx.actor.display_name.clone()),
            }
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Exploitation risk screening (HOTH-3).

/// An exploitation risk screening of a child: for each harm, the level of concern (none, some or
/// significant) and what is known; who raised the concerns; what happens next.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ScreeningInput {
    pub screened_on: NaiveDate,
    /// none, some or significant.
    pub criminal_level: String,
    #[serde(default)]
    pub criminal_known: String,
    pub sexual_level: String,
    #[serde(default)]
    pub sexual_known: String,
    pub county_lines_level: String,
    #[serde(default)]
    pub county_lines_known: String,
    pub violence_level: String,
    #[serde(default)]
    pub violence_known: String,
    /// Who raised the concerns: childrens_services, police, health, education, community_safety,
    /// transport, youth_work, community or other.
    pub raised_by: String,
    /// no_further_action, keep_under_review, multi_agency_meeting, strategy_discussion or
    /// national_referral_mechanism.
    pub outcome: String,
}

/// The harms a screening covers, with the names their fields start with.
pub const SCREENING_PARTS: [(&str, Harm); 4] = [
    ("criminal", Harm::CriminalExploitation),
    ("sexual", Harm::SexualExploitation),
    ("county_lines", Harm::CountyLines),
    ("violence", Harm::SeriousViolence),
];

/// Screen a child for exploitation (HOTH-3): work on the child's record, so a partner agency may
/// do it only on their team's cases. Versioned and audited; never changed afterwards.
pub async fn record_screening(db: &Db, ctx: &Ctx, child: Uuid, input: &ScreeningInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkWithPlaces)?;
    // The child first: someone not on the case learns nothing from the form's mistakes.
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ContributeToCase, child).await?;
    let p = parse_screening(input, ctx.today())?;
    let person = ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    if person.merged_into.is_some() {
        return Err(field_err("child_id", "Screen a child's current record"));
    }
    let row = ScreeningRow {
        id: ctx.new_id(),
        child_id: child,
        screened_on: input.screened_on,
        criminal_level: p.levels[0],
        criminal_known: input.criminal_known.trim().to_owned(),
        sexual_level: p.levels[1],
        sexual_known: input.sexual_known.trim().to_owned(),
        county_lines_level: p.levels[2],
        county_lines_known: input.county_lines_known.trim().to_owned(),
        violence_level: p.levels[3],
        violence_known: input.violence_known.trim().to_owned(),
        raised_by: p.raised_by,
        outcome: p.outcome,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
        withdrawn_at: None,
        withdrawn_by: None,
        withdrawn_reason: None,
    };
    ff_store::outside_home::insert_screening(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "exploitation_screening", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now)
        .await?;
    audit(&mut tx, ctx, "create", "exploitation_screening", Some(row.id.to_string()), "exploitation risk screening recorded").await?;
    tx.commit().await?;
    Ok(row.id)
}

/// A screening's codes, parsed and checked (HOTH-3).
struct ParsedScreening {
    levels: [ConcernLevel; 4],
    raised_by: ConcernSource,
    outcome: ScreeningOutcome,
}

/// Parses and checks a screening as typed, every mistake at once (HOTH-3).
fn parse_screening(input: &ScreeningInput, today: NaiveDate) -> Result<ParsedScreening> {
    let mut errors = ValidationErrors::new();
    let given = [
        (&input.criminal_level, &input.criminal_known),
        (&input.sexual_level, &input.sexual_known),
        (&input.county_lines_level, &input.county_lines_known),
        (&input.violence_level, &input.violence_known),
    ];
    let mut levels = vec![];
    for ((prefix, harm), (level, _)) in SCREENING_PARTS.iter().zip(given) {
        let message = format!("Choose the level of concern about {}", harm.label().to_lowercase());
        let field = format!("{prefix}_level");
        levels.push(parse_code(&field, level, ConcernLevel::from_code, &message, &mut errors));
    }
    let raised_by = parse_code("raised_by", &input.raised_by, ConcernSource::from_code, "Choose who raised the concerns", &mut errors);
    let outcome = parse_code("outcome", &input.outcome, ScreeningOutcome::from_code, "Choose what happens next", &mut errors);
    // Every mistake at once: the harms whose level was chosen are checked, and the rule about a
    // significant concern is checked whenever a next step was chosen.
    let items: Vec<(&'static str, ConcernLevel, &str)> =
        SCREENING_PARTS.iter().zip(given).zip(&levels).filter_map(|(((p, _), (_, k)), l)| Some((*p, (*l)?, k.as_str()))).collect();
    if let Err(e) = check_screening(input.screened_on, today, &items, outcome.unwrap_or(ScreeningOutcome::KeepUnderReview)) {
        errors.0.extend(e.0);
    }
    errors.into_result(())?;
    Ok(ParsedScreening {
        levels: [parsed(levels[0])?, parsed(levels[1])?, parsed(levels[2])?, parsed(levels[3])?],
        raised_by: parsed(raised_by)?,
        outcome: parsed(outcome)?,
    })
}

/// A screening corrected: the whole screening as it should read, at the version read.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ScreeningCorrection {
    /// The screening's version, as read (a stale one gets 409).
    pub version: i32,
    #[serde(flatten)]
    pub screening: ScreeningInput,
}

/// A record withdrawn: why, at the version read. It stays on the record, marked withdrawn.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RecordWithdrawal {
    pub version: i32,
    #[serde(default)]
    pub reason: String,
}

crate::versioned::aggregate!(ScreeningRow, "exploitation_screening", "screening", |r, tx, la, read| {
    ff_store::outside_home::update_screening(tx, la, r, read)
});

/// The screening, once the caller may work on its child's record.
async fn screening_for_change(tx: &mut Tx, ctx: &Ctx, id: Uuid, version: i32) -> Result<ScreeningRow> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let r = ff_store::outside_home::get_screening(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("screening"))?;
    ctx.authorise_child(tx, Action::ContributeToCase, r.child_id).await?;
    if r.version != version {
        return Err(stale("screening", r.version));
    }
    Ok(r)
}

/// Correct an exploitation risk screening at the version read (409 when someone saved first):
/// checked as a new one is (HOTH-3); the version it replaces is kept. A withdrawn screening is
/// not corrected. Returns the child.
pub async fn correct_screening(db: &Db, ctx: &Ctx, id: Uuid, input: &ScreeningCorrection) -> Result<Uuid> {
    let mut tx = db.begin().await?;
    let r = screening_for_change(&mut tx, ctx, id, input.version).await?;
    let p = parse_screening(&input.screening, ctx.today())?;
    if r.withdrawn_at.is_some() {
        return Err(field_err("version", "This screening was withdrawn: record a new one instead"));
    }
    let (read, child) = (r.version, r.child_id);
    let i = &input.screening;
    let next = ScreeningRow {
        screened_on: i.screened_on,
        criminal_level: p.levels[0],
        criminal_known: i.criminal_known.trim().to_owned(),
        sexual_level: p.levels[1],
        sexual_known: i.sexual_known.trim().to_owned(),
        county_lines_level: p.levels[2],
        county_lines_known: i.county_lines_known.trim().to_owned(),
        violence_level: p.levels[3],
        violence_known: i.violence_known.trim().to_owned(),
        raised_by: p.raised_by,
        outcome: p.outcome,
        ..r
    };
    crate::versioned::save(&mut tx, ctx, read, next, "update", "exploitation risk screening corrected").await?;
    tx.commit().await?;
    Ok(child)
}

/// Withdraw an exploitation risk screening with a reason at the version read: it stays on the
/// child's record and in the chronology, marked withdrawn. Returns the child.
pub async fn withdraw_screening(db: &Db, ctx: &Ctx, id: Uuid, input: &RecordWithdrawal) -> Result<Uuid> {
    let mut tx = db.begin().await?;
    let r = screening_for_change(&mut tx, ctx, id, input.version).await?;
    check_withdrawal(r.withdrawn_at.is_some(), &input.reason)?;
    let (read, child) = (r.version, r.child_id);
    let next = ScreeningRow {
        withdrawn_at: Some(ctx.now),
        withdrawn_by: Some(ctx.actor.user_id),
        withdrawn_reason: Some(input.reason.trim().to_owned()),
        ..r
    };
    crate::versioned::save(&mut tx, ctx, read, next, "withdraw", "exploitation risk screening withdrawn").await?;
    tx.commit().await?;
    Ok(child)
}

/// One kept version of a screening: who saved it and when, and the screening as it read then.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScreeningVersion {
    pub version: i32,
    pub changed_at: DateTime<Utc>,
    pub changed_by: String,
    pub record: ScreeningView,
}

/// One kept version of a meeting's record: who saved it and when, and the record as it read then.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingVersion {
    pub version: i32,
    pub changed_at: DateTime<Utc>,
    pub changed_by: String,
    pub record: PlaceMeetingView,
}

/// Every version of a screening, newest first (each as it read then). Audited as a view of the
/// child's record.
pub async fn screening_versions(db: &Db, ctx: &Ctx, id: Uuid) -> Result<Vec<ScreeningVersion>> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let mut tx = db.begin().await?;
    let r = ff_store::outside_home::get_screening(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("screening"))?;
    ctx.authorise_child(&mut tx, Action::ViewPerson, r.child_id).await?;
    let kept = ff_store::versions::list_versions(&mut tx, ctx.la(), "exploitation_screening", id).await?;
    let mut rows = vec![];
    for v in &kept {
        let row: ScreeningRow =
            serde_json::from_value(v.data.0.clone()).map_err(|e| ServiceError::Internal(format!("kept screening version: {e}")))?;
        rows.push((v.version, v.changed_at, v.changed_by, row));
    }
    let by: Vec<Uuid> = rows.iter().flat_map(|(_, _, c, r)| [*c, Some(r.created_by), r.withdrawn_by]).flatten().collect();
    let users = ff_store::users::get_many(&mut tx, ctx.la(), &by).await?;
    let name = |id: Option<Uuid>| id.and_then(|i| users.iter().find(|u| u.id == i)).map(|u| u.display_name.clone()).unwrap_or_default();
    let out = rows
        .iter()
        .map(|(version, at, by, row)| ScreeningVersion {
            version: *version,
            changed_at: *at,
            changed_by: name(*by),
            record: screening_view(row, &name),
        })
        .collect();
    audit(&mut tx, ctx, "view", "exploitation_screening", Some(id.to_string()), "versions of an exploitation risk screening viewed")
        .await?;
    tx.commit().await?;
    Ok(out)
}

/// Whether the caller may screen this child (for the form, before anything is typed): work on the
/// child's record. Reads nothing of the record, so audits nothing (the form's view of the child
/// is audited where it is read).
pub async fn may_screen(db: &Db, ctx: &Ctx, child: Uuid) -> Result<()> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ContributeToCase, child).await?;
    tx.commit().await?;
    Ok(())
}

/// One harm as a screening found it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScreenedHarm {
    pub harm: String,
    pub harm_label: String,
    pub level: String,
    pub level_label: String,
    pub known: String,
}

/// A screening as shown on the child's page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScreeningView {
    pub id: Uuid,
    pub screened_on: NaiveDate,
    pub harms: Vec<ScreenedHarm>,
    pub raised_by: String,
    pub raised_by_label: String,
    pub outcome: String,
    pub outcome_label: String,
    /// The practitioner who screened.
    pub screened_by: String,
    /// Its version, for a correction or withdrawal (versions after the first are corrections).
    pub version: i32,
    /// When it was withdrawn, by whom and why (it stays on the record, marked withdrawn).
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_by: Option<String>,
    pub withdrawn_reason: Option<String>,
}

fn screening_view(r: &ScreeningRow, name: &dyn Fn(Option<Uuid>) -> String) -> ScreeningView {
    ScreeningView {
        id: r.id,
        screened_on: r.screened_on,
        harms: screened_harms(r)
            .into_iter()
            .map(|(h, l, k)| ScreenedHarm {
                harm: h.code().into(),
                harm_label: h.label().into(),
                level: l.code().into(),
                level_label: l.label().into(),
                known: k.to_owned(),
            })
            .collect(),
        raised_by: r.raised_by.code().into(),
        raised_by_label: r.raised_by.label().into(),
        outcome: r.outcome.code().into(),
        outcome_label: r.outcome.label().into(),
        screened_by: name(Some(r.created_by)),
        version: r.version,
        withdrawn_at: r.withdrawn_at,
        withdrawn_by: r.withdrawn_at.map(|_| name(r.withdrawn_by)),
        withdrawn_reason: r.withdrawn_reason.clone(),
    }
}

/// The screening's harms in order, as (harm, level, what is known).
pub fn screened_harms(r: &ScreeningRow) -> [(Harm, ConcernLevel, &str); 4] {
    [
        (Harm::CriminalExploitation, r.criminal_level, r.criminal_known.as_str()),
        (Harm::SexualExploitation, r.sexual_level, r.sexual_known.as_str()),
        (Harm::CountyLines, r.county_lines_level, r.county_lines_known.as_str()),
        (Harm::SeriousViolence, r.violence_level, r.violence_known.as_str()),
    ]
}

/// A child's screenings, newest first, read in the caller's transaction for anyone who may read
/// the child's record (the child's page audits the view once).
pub(crate) async fn read_screenings(tx: &mut Tx, ctx: &Ctx, child: Uuid) -> Result<Vec<ScreeningView>> {
    let rows = ff_store::outside_home::screenings_of_child(tx, ctx.la(), child).await?;
    let by: Vec<Uuid> = rows.iter().flat_map(|r| [Some(r.created_by), r.withdrawn_by]).flatten().collect();
    let users = ff_store::users::get_many(tx, ctx.la(), &by).await?;
    let name = |id: Option<Uuid>| id.and_then(|i| users.iter().find(|u| u.id == i)).map(|u| u.display_name.clone()).unwrap_or_default();
    Ok(rows.iter().map(|r| screening_view(r, &name)).collect())
}

/// A child's exploitation risk screenings. Audited as a view of the child's record.
pub async fn screenings(db: &Db, ctx: &Ctx, child: Uuid) -> Result<Vec<ScreeningView>> {
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ViewPerson, child).await?;
    let out = read_screenings(&mut tx, ctx, child).await?;
    audit(&mut tx, ctx, "view", "person", Some(child.to_string()), "exploitation risk screenings viewed").await?;
    tx.commit().await?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Multi-agency meetings about a place or group, and their actions (HOTH-4).

/// An action for a partner agency.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PlaceActionInput {
    /// The agency that owns it: childrens_services, police, transport, licensing,
    /// community_safety, education, health, youth_work, housing or other.
    pub owner: String,
    pub what: String,
    pub due_on: NaiveDate,
}

/// A multi-agency meeting about a place or group: who was there, what was discussed, and the
/// actions agreed.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PlaceMeetingInput {
    pub held_on: NaiveDate,
    /// The agencies there (codes as for an action's owner), at least two.
    pub attended: Vec<String>,
    pub discussed: String,
    #[serde(default)]
    pub actions: Vec<PlaceActionInput>,
}

/// Record a multi-agency meeting about a place or group with its actions (HOTH-4). Each action
/// is versioned; the meeting is audited once.
pub async fn record_meeting(db: &Db, ctx: &Ctx, place: Uuid, input: &PlaceMeetingInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let mut errors = ValidationErrors::new();
    let mut attended: Vec<Agency> = vec![];
    for code in &input.attended {
        match Agency::from_code(code) {
            Some(a) if !attended.contains(&a) => attended.push(a),
            Some(_) => {}
            None => errors.add("attended", "Choose the agencies from the list"),
        }
    }
    let mut owners = vec![];
    for (i, a) in input.actions.iter().enumerate() {
        let field = format!("action_{}_owner", i + 1);
        owners.push(parse_code(&field, &a.owner, Agency::from_code, "Choose the agency that owns the action", &mut errors));
    }
    let drafts: Vec<ActionDraft> = input.actions.iter().map(|a| ActionDraft { what: &a.what, due_on: a.due_on }).collect();
    if let Err(e) = check_meeting(input.held_on, ctx.today(), attended.len(), &input.discussed, &drafts) {
        errors.0.extend(e.0);
    }
    errors.into_result(())?;
    let mut tx = db.begin().await?;
    let p = place_row(&mut tx, ctx, place).await?;
    let meeting = MeetingRow {
        id: ctx.new_id(),
        place_id: p.id,
        held_on: input.held_on,
        attended: attended.iter().map(|a| a.code()).collect::<Vec<_>>().join(","),
        discussed: input.discussed.trim().to_owned(),
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
        withdrawn_at: None,
        withdrawn_by: None,
        withdrawn_reason: None,
    };
    ff_store::outside_home::insert_meeting(&mut tx, ctx.la(), &meeting).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "place_meeting", meeting.id, 1, &meeting, Some(ctx.actor.user_id), ctx.now)
        .await?;
    for (a, owner) in input.actions.iter().zip(owners) {
        let row = ActionRow {
            id: ctx.new_id(),
            meeting_id: meeting.id,
            place_id: p.id,
            owner: parsed(owner)?,
            what: a.what.trim().to_owned(),
            due_on: a.due_on,
            done_on: None,
            evidence: None,
            done_by: None,
            version: 1,
            created_at: ctx.now,
            created_by: ctx.actor.user_id,
        };
        ff_store::outside_home::insert_action(&mut tx, ctx.la(), &row).await?;
        ff_store::versions::record_version(&mut tx, ctx.la(), "place_action", row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    }
    let summary =
        format!("multi-agency meeting about a place recorded ({})", ff_domain::text::plural(input.actions.len(), "action", "actions"));
    audit(&mut tx, ctx, "create", "place_meeting", Some(meeting.id.to_string()), summary).await?;
    tx.commit().await?;
    Ok(meeting.id)
}

/// An action is done, with what shows it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PlaceActionDoneInput {
    pub version: i32,
    pub done_on: NaiveDate,
    pub evidence: String,
}

/// Mark a meeting's action done with its evidence, at the version read (409 when someone else
/// saved first). Returns the place.
pub async fn complete_action(db: &Db, ctx: &Ctx, id: Uuid, input: &PlaceActionDoneInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let mut tx = db.begin().await?;
    let a = ff_store::outside_home::get_action(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("action"))?;
    if a.version != input.version {
        return Err(stale("action", a.version));
    }
    let m = ff_store::outside_home::get_meeting(&mut tx, ctx.la(), a.meeting_id).await?.ok_or(ServiceError::NotFound("meeting"))?;
    check_action_done(a.done_on.is_some(), m.held_on, input.done_on, &input.evidence, ctx.today())?;
    let (read, place) = (a.version, a.place_id);
    let next =
        ActionRow { done_on: Some(input.done_on), evidence: Some(input.evidence.trim().to_owned()), done_by: Some(ctx.actor.user_id), ..a };
    crate::versioned::save(&mut tx, ctx, read, next, "update", "action from a multi-agency meeting done").await?;
    tx.commit().await?;
    Ok(place)
}

crate::versioned::aggregate!(ActionRow, "place_action", "action", |a, tx, la, read| ff_store::outside_home::complete_action(
    tx, la, a, read
));

/// An action as shown on the place's page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlaceActionView {
    pub id: Uuid,
    pub owner: String,
    pub owner_label: String,
    pub what: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub evidence: Option<String>,
    /// Not done and past its day.
    pub overdue: bool,
    pub version: i32,
}

/// A meeting as shown on the place's page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlaceMeetingView {
    pub id: Uuid,
    pub held_on: NaiveDate,
    pub attended: Vec<String>,
    /// The agencies there, as codes (for a correction).
    pub attended_codes: Vec<String>,
    pub discussed: String,
    pub actions: Vec<PlaceActionView>,
    /// Its version, for a correction or withdrawal.
    pub version: i32,
    /// When the record was withdrawn and why (it stays, marked withdrawn; its actions are no
    /// longer counted as overdue).
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
}

fn action_view(a: &ActionRow, today: NaiveDate) -> PlaceActionView {
    PlaceActionView {
        id: a.id,
        owner: a.owner.code().into(),
        owner_label: a.owner.label().into(),
        what: a.what.clone(),
        due_on: a.due_on,
        done_on: a.done_on,
        evidence: a.evidence.clone(),
        overdue: action_overdue(a.due_on, a.done_on, today),
        version: a.version,
    }
}

async fn meetings_of(tx: &mut Tx, ctx: &Ctx, place: Uuid) -> Result<Vec<PlaceMeetingView>> {
    let meetings = ff_store::outside_home::meetings_of_place(tx, ctx.la(), place).await?;
    let actions = ff_store::outside_home::actions_of_place(tx, ctx.la(), place).await?;
    let today = ctx.today();
    Ok(meetings.iter().map(|m| meeting_view(m, &actions, today)).collect())
}

fn meeting_view(m: &MeetingRow, actions: &[ActionRow], today: NaiveDate) -> PlaceMeetingView {
    let withdrawn = m.withdrawn_at.is_some();
    PlaceMeetingView {
        id: m.id,
        held_on: m.held_on,
        attended: m.agencies().iter().map(|a| a.label().to_owned()).collect(),
        attended_codes: m.agencies().iter().map(|a| a.code().to_owned()).collect(),
        discussed: m.discussed.clone(),
        actions: actions
            .iter()
            .filter(|a| a.meeting_id == m.id)
            .map(|a| {
                let mut v = action_view(a, today);
                // A withdrawn meeting's actions are not chased (HOTH-4).
                v.overdue &= !withdrawn;
                v
            })
            .collect(),
        version: m.version,
        withdrawn_at: m.withdrawn_at,
        withdrawn_reason: m.withdrawn_reason.clone(),
    }
}

/// A meeting's record corrected: when it was held, who was there and what was discussed, at the
/// version read. Its actions stay as they are (each is done on its own).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PlaceMeetingCorrection {
    pub version: i32,
    pub held_on: NaiveDate,
    /// The agencies there (codes as for an action's owner), at least two.
    pub attended: Vec<String>,
    pub discussed: String,
}

crate::versioned::aggregate!(MeetingRow, "place_meeting", "meeting", |m, tx, la, read| ff_store::outside_home::update_meeting(
    tx, la, m, read
));

async fn meeting_for_change(tx: &mut Tx, ctx: &Ctx, id: Uuid, version: i32) -> Result<MeetingRow> {
    let m = ff_store::outside_home::get_meeting(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("meeting"))?;
    if m.version != version {
        return Err(stale("meeting", m.version));
    }
    Ok(m)
}

/// Correct a multi-agency meeting's record at the version read (409 when someone saved first),
/// checked as a new one is (HOTH-4, its actions still due on or after it); the version it
/// replaces is kept. Returns the place.
pub async fn correct_meeting(db: &Db, ctx: &Ctx, id: Uuid, input: &PlaceMeetingCorrection) -> Result<Uuid> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let mut tx = db.begin().await?;
    let m = meeting_for_change(&mut tx, ctx, id, input.version).await?;
    let mut errors = ValidationErrors::new();
    let mut attended: Vec<Agency> = vec![];
    for code in &input.attended {
        match Agency::from_code(code) {
            Some(a) if !attended.contains(&a) => attended.push(a),
            Some(_) => {}
            None => errors.add("attended", "Choose the agencies from the list"),
        }
    }
    let actions = ff_store::outside_home::actions_of_place(&mut tx, ctx.la(), m.place_id).await?;
    let drafts: Vec<ActionDraft> =
        actions.iter().filter(|a| a.meeting_id == m.id).map(|a| ActionDraft { what: &a.what, due_on: a.due_on }).collect();
    if let Err(e) = check_meeting(input.held_on, ctx.today(), attended.len(), &input.discussed, &drafts) {
        errors.0.extend(e.0);
    }
    if m.withdrawn_at.is_some() {
        errors.add("version", "This meeting's record was withdrawn: record the meeting again instead");
    }
    errors.into_result(())?;
    let (read, place) = (m.version, m.place_id);
    let next = MeetingRow {
        held_on: input.held_on,
        attended: attended.iter().map(|a| a.code()).collect::<Vec<_>>().join(","),
        discussed: input.discussed.trim().to_owned(),
        ..m
    };
    crate::versioned::save(&mut tx, ctx, read, next, "update", "multi-agency meeting about a place corrected").await?;
    tx.commit().await?;
    Ok(place)
}

/// Withdraw a meeting's record with a reason at the version read: it stays on the place, marked
/// withdrawn, and its actions are no longer chased. Returns the place.
pub async fn withdraw_meeting(db: &Db, ctx: &Ctx, id: Uuid, input: &RecordWithdrawal) -> Result<Uuid> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let mut tx = db.begin().await?;
    let m = meeting_for_change(&mut tx, ctx, id, input.version).await?;
    check_withdrawal(m.withdrawn_at.is_some(), &input.reason)?;
    let (read, place) = (m.version, m.place_id);
    let next = MeetingRow {
        withdrawn_at: Some(ctx.now),
        withdrawn_by: Some(ctx.actor.user_id),
        withdrawn_reason: Some(input.reason.trim().to_owned()),
        ..m
    };
    crate::versioned::save(&mut tx, ctx, read, next, "withdraw", "multi-agency meeting about a place withdrawn").await?;
    tx.commit().await?;
    Ok(place)
}

/// Every version of a meeting's record, newest first (its actions as they are now). Audited as a
/// view of the place.
pub async fn meeting_versions(db: &Db, ctx: &Ctx, id: Uuid) -> Result<Vec<MeetingVersion>> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let mut tx = db.begin().await?;
    let m = ff_store::outside_home::get_meeting(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("meeting"))?;
    let actions = ff_store::outside_home::actions_of_place(&mut tx, ctx.la(), m.place_id).await?;
    let kept = ff_store::versions::list_versions(&mut tx, ctx.la(), "place_meeting", id).await?;
    let by: Vec<Uuid> = kept.iter().filter_map(|v| v.changed_by).collect();
    let users = ff_store::users::get_many(&mut tx, ctx.la(), &by).await?;
    let today = ctx.today();
    let mut out = vec![];
    for v in &kept {
        let row: MeetingRow =
            serde_json::from_value(v.data.0.clone()).map_err(|e| ServiceError::Internal(format!("kept meeting version: {e}")))?;
        let changed_by = v.changed_by.and_then(|i| users.iter().find(|u| u.id == i)).map(|u| u.display_name.clone()).unwrap_or_default();
        out.push(MeetingVersion { version: v.version, changed_at: v.changed_at, changed_by, record: meeting_view(&row, &actions, today) });
    }
    audit(&mut tx, ctx, "view", "place_meeting", Some(id.to_string()), "versions of a multi-agency meeting viewed").await?;
    tx.commit().await?;
    Ok(out)
}

/// An action from a meeting about a place that is past its day and not done (HOTH-4), for the
/// tray of whoever recorded the meeting or the place.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OverdueAction {
    pub action_id: Uuid,
    pub place_id: Uuid,
    pub place_name: String,
    pub owner_label: String,
    pub what: String,
    pub due_on: NaiveDate,
    pub meeting_held_on: NaiveDate,
}

/// The overdue actions of the meetings and places the caller recorded, most overdue first
/// (HOTH-4); none for a role that does not work with places.
pub(crate) async fn overdue_actions(tx: &mut Tx, ctx: &Ctx, today: NaiveDate) -> Result<Vec<OverdueAction>> {
    if ctx.authorise(Action::WorkWithPlaces).is_err() {
        return Ok(vec![]);
    }
    Ok(ff_store::outside_home::overdue_actions_for(tx, ctx.la(), ctx.actor.user_id, today, 200)
        .await?
        .into_iter()
        .map(|r| OverdueAction {
            action_id: r.id,
            place_id: r.place_id,
            place_name: r.place_name,
            owner_label: r.owner.label().into(),
            what: r.what,
            due_on: r.due_on,
            meeting_held_on: r.held_on,
        })
        .collect())
}

/// An action and the place it is about, for the form that marks it done.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlaceAction {
    pub place_id: Uuid,
    pub place_name: String,
    pub held_on: NaiveDate,
    pub action: PlaceActionView,
}

/// One action, to mark it done. Audited as a view of the place.
pub async fn action(db: &Db, ctx: &Ctx, id: Uuid) -> Result<PlaceAction> {
    ctx.authorise(Action::WorkWithPlaces)?;
    let mut tx = db.begin().await?;
    let a = ff_store::outside_home::get_action(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("action"))?;
    let m = ff_store::outside_home::get_meeting(&mut tx, ctx.la(), a.meeting_id).await?.ok_or(ServiceError::NotFound("meeting"))?;
    let p = place_row(&mut tx, ctx, a.place_id).await?;
    audit(&mut tx, ctx, "view", "place_action", Some(id.to_string()), "action from a multi-agency meeting viewed").await?;
    tx.commit().await?;
    Ok(PlaceAction { place_id: p.id, place_name: p.name, held_on: m.held_on, action: action_view(&a, ctx.today()) })
}
