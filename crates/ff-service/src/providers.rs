//! The provider register (RCC-SHARE-6; `ff_domain::providers`; decision 0015):
//! a commissioner loads Ofsted's published list; everyone who places children or reviews their
//! care looks a provider up; a placement is checked against it when it is recorded (PR-REG-1,
//! PR-REG-2, in [`check_placement`]).

use chrono::NaiveDate;
use ff_domain::looked_after::PlacementType;
use ff_domain::policy::Action;
use ff_domain::providers::{Agreement, Approver, Concern, ProviderFacts, Registration, Urn, changes, check_agreement, concerns};
use ff_domain::roles::Role;
use ff_store::providers::{LoadRow, ProviderRow};
use ff_store::{Db, Tx};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit, field_err};

const PAGE: i64 = 50;
const RECORD: &str = "provider";
/// The most unreadable rows a load keeps a line for.
const PROBLEMS_KEPT: usize = 200;

/// What one load did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LoadView {
    pub id: Uuid,
    pub file_name: String,
    pub checksum: String,
    pub full_list: bool,
    pub rows_read: i32,
    pub added: i32,
    pub changed: i32,
    pub unchanged: i32,
    /// Entries not in a full list, now marked no longer registered.
    pub closed: i32,
    /// Rows that could not be read, with their line numbers.
    pub problems: Vec<String>,
    pub loaded_at: chrono::DateTime<chrono::Utc>,
}

impl From<LoadRow> for LoadView {
    fn from(l: LoadRow) -> Self {
        LoadView {
            id: l.id,
            file_name: l.file_name,
            checksum: l.checksum,
            full_list: l.full_list,
            rows_read: l.rows_read,
            added: l.added,
            changed: l.changed,
            unchanged: l.unchanged,
            closed: l.closed,
            problems: l.problems.lines().filter(|p| !p.is_empty()).map(str::to_owned).collect(),
            loaded_at: l.loaded_at,
        }
    }
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

pub(crate) fn facts_of(p: &ProviderRow) -> ProviderFacts {
    ProviderFacts {
        urn: p.urn.clone(),
        name: p.name.clone(),
        kind: p.kind,
        registration: p.registration,
        places: p.places.and_then(|n| u32::try_from(n).ok()),
        judgement: p.judgement,
        inspected_on: p.inspected_on,
        local_authority: p.local_authority.clone(),
        postcode: p.postcode.clone(),
        registration_ended_on: p.registration_ended_on,
        sector: p.sector,
    }
}

fn row_of(f: ProviderFacts, id: Uuid, version: i32, ctx: &Ctx, load: Uuid) -> ProviderRow {
    ProviderRow {
        id,
        urn: f.urn,
        name: f.name,
        kind: f.kind,
        registration: f.registration,
        places: f.places.map(|n| i32::try_from(n).unwrap_or(i32::MAX)),
        judgement: f.judgement,
        inspected_on: f.inspected_on,
        local_authority: f.local_authority,
        postcode: f.postcode,
        registration_ended_on: f.registration_ended_on,
        sector: f.sector,
        version,
        updated_at: ctx.now,
        updated_by: ctx.actor.user_id,
        load_id: load,
    }
}

/// Writes one entry's new version (the version check, the kept version): the one save every
/// change to the register goes through.
async fn save(tx: &mut Tx, ctx: &Ctx, row: &ProviderRow, read_version: Option<i32>) -> Result<()> {
    match read_version {
        None => ff_store::providers::insert(tx, row).await?,
        Some(v) => {
            if !ff_store::providers::save(tx, row, v).await? {
                return Err(crate::stale("provider", v + 1));
            }
        }
    }
    ff_store::versions::record_version(tx, ctx.la(), RECORD, row.id, row.version, row, Some(ctx.actor.user_id), ctx.now).await?;
    Ok(())
}

/// Load Ofsted's list: new providers are added, changed ones get a new version, and with
/// `full_list` the entries the list no longer holds are marked no longer registered (the day
/// their registration ended is not known, so none is recorded). The setting's postcode, the day
/// a registration ended and the owner's sector are kept as the list gives them, for the 903's
/// URN rules; a list with no column for one of them leaves what the register holds. One
/// transaction and one audit event for the whole load; a file that is not the list changes
/// nothing.
pub async fn load(db: &Db, ctx: &Ctx, file_name: &str, bytes: &[u8], full_list: bool) -> Result<LoadView> {
    ctx.authorise(Action::ManageProviders)?;
    let file = ff_returns::ofsted::read(bytes).map_err(|m| field_err("file", m))?;
    if file.providers.is_empty() {
        return Err(field_err("file", "No provider in the file could be read: check it is Ofsted's list."));
    }
    let load_id = ctx.new_id();
    let mut tx = db.begin().await?;
    let (mut added, mut changed, mut unchanged, mut closed) = (0usize, 0usize, 0usize, 0usize);
    let mut in_file = std::collections::HashSet::new();
    for chunk in file.providers.chunks(100) {
        let urns: Vec<&str> = chunk.iter().map(|p| p.urn.as_str()).collect();
        let held = ff_store::providers::by_urns(&mut tx, &urns).await?;
        for f in chunk {
            in_file.insert(f.urn.as_str().to_owned());
            let held_row = held.iter().find(|h| h.urn == f.urn);
            // A fact the file has no column for is kept as the register holds it.
            let f = &match held_row {
                Some(h) => ProviderFacts {
                    postcode: if file.has.postcode { f.postcode.clone() } else { h.postcode.clone() },
                    registration_ended_on: if file.has.registration_ended_on { f.registration_ended_on } else { h.registration_ended_on },
                    sector: if file.has.sector { f.sector } else { h.sector },
                    ..f.clone()
                },
                None => f.clone(),
            };
            match held_row {
                None => {
                    save(&mut tx, ctx, &row_of(f.clone(), ctx.new_id(), 1, ctx, load_id), None).await?;
                    added += 1;
                }
                Some(h) if changes(&facts_of(h), f).is_empty() => unchanged += 1,
                Some(h) => {
                    save(&mut tx, ctx, &row_of(f.clone(), h.id, h.version + 1, ctx, load_id), Some(h.version)).await?;
                    changed += 1;
                }
            }
        }
    }
    if full_list {
        let gone: Vec<String> =
            ff_store::providers::all_keys(&mut tx).await?.into_iter().map(|(u, _)| u).filter(|u| !in_file.contains(u)).collect();
        for chunk in gone.chunks(100) {
            let urns: Vec<&str> = chunk.iter().map(String::as_str).collect();
            for h in ff_store::providers::by_urns(&mut tx, &urns).await? {
                if h.registration == Registration::Closed {
                    continue;
                }
                let next = ProviderRow {
                    registration: Registration::Closed,
                    version: h.version + 1,
                    updated_at: ctx.now,
                    updated_by: ctx.actor.user_id,
                    load_id,
                    ..h.clone()
                };
                save(&mut tx, ctx, &next, Some(h.version)).await?;
                closed += 1;
            }
        }
    }
    let problems: Vec<String> =
        file.problems.iter().take(PROBLEMS_KEPT).map(|p| format!("Line {}: {}", p.line, p.message)).collect::<Vec<_>>();
    let row = LoadRow {
        id: load_id,
        file_name: file_name.chars().take(200).collect(),
        checksum: format!("{:x}", Sha256::digest(bytes)),
        full_list,
        rows_read: count(file.rows),
        added: count(added),
        changed: count(changed),
        unchanged: count(unchanged),
        closed: count(closed),
        problems: problems.join("\n"),
        loaded_at: ctx.now,
        loaded_by: ctx.actor.user_id,
    };
    ff_store::providers::insert_load(&mut tx, ctx.la(), &row).await?;
    let what = format!("provider register loaded: {added} added, {changed} changed, {closed} no longer registered");
    audit(&mut tx, ctx, "create", "provider_load", Some(load_id.to_string()), what).await?;
    tx.commit().await?;
    Ok(row.into())
}

/// One entry as the register's pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProviderView {
    pub urn: String,
    pub name: String,
    /// childrens_home, secure_childrens_home, supported_accommodation, fostering_agency,
    /// adoption_agency, family_centre, residential_school or other.
    pub kind: String,
    pub kind_label: String,
    /// active, suspended or closed.
    pub registration: String,
    pub registration_label: String,
    pub places: Option<i32>,
    /// outstanding, good, requires_improvement, inadequate or not_judged.
    pub judgement: String,
    pub judgement_label: String,
    pub inspected_on: Option<NaiveDate>,
    pub local_authority: Option<String>,
    /// The setting's postcode, as Ofsted gives it; none when the list does not say.
    pub postcode: Option<String>,
    /// When its registration ended, as Ofsted gives it.
    pub registration_ended_on: Option<NaiveDate>,
    /// Who owns it: local_authority, private, voluntary or health; none when the list does not
    /// say.
    pub sector: Option<String>,
    /// Who owns it, in words.
    pub sector_label: Option<String>,
    pub version: i32,
}

impl From<&ProviderRow> for ProviderView {
    fn from(p: &ProviderRow) -> Self {
        ProviderView {
            urn: p.urn.to_string(),
            name: p.name.clone(),
            kind: p.kind.code().into(),
            kind_label: p.kind.label().into(),
            registration: p.registration.code().into(),
            registration_label: p.registration.label().into(),
            places: p.places,
            judgement: p.judgement.code().into(),
            judgement_label: p.judgement.label().into(),
            inspected_on: p.inspected_on,
            local_authority: p.local_authority.clone(),
            postcode: p.postcode.clone(),
            registration_ended_on: p.registration_ended_on,
            sector: p.sector.map(|s| s.code().to_owned()),
            sector_label: p.sector.map(|s| s.label().to_owned()),
            version: p.version,
        }
    }
}

/// A page of the register and how it was last loaded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegisterView {
    pub providers: Vec<ProviderView>,
    /// Pass as `after` for the next page.
    pub next: Option<String>,
    pub total: i64,
    pub registered: i64,
    /// This council's latest loads, newest first.
    pub loads: Vec<LoadView>,
}

/// The register, names starting with `q` (or the URN `q` exactly), a page at a time; `after` is
/// the `next` of the page before.
pub async fn register(db: &Db, ctx: &Ctx, q: &str, after: Option<&str>) -> Result<RegisterView> {
    ctx.authorise(Action::ViewProviders)?;
    let mut tx = db.begin().await?;
    let q = q.trim();
    let rows = match Urn::parse(q) {
        Ok(urn) if !q.is_empty() => ff_store::providers::by_urn(&mut tx, &urn).await?.into_iter().collect(),
        _ => {
            let after = after.and_then(|a| a.split_once('|'));
            ff_store::providers::page(&mut tx, q, after, PAGE + 1).await?
        }
    };
    let more = rows.len() > usize::try_from(PAGE).unwrap_or(usize::MAX);
    let rows: Vec<ProviderRow> = rows.into_iter().take(usize::try_from(PAGE).unwrap_or(usize::MAX)).collect();
    let next = if more { rows.last().map(|r| format!("{}|{}", ff_store::providers::search_key(&r.name), r.urn)) } else { None };
    let (total, registered) = ff_store::providers::counts(&mut tx).await?;
    let loads = ff_store::providers::loads(&mut tx, ctx.la(), 5).await?.into_iter().map(LoadView::from).collect();
    audit(&mut tx, ctx, "view", "provider_register", None, "provider register viewed").await?;
    tx.commit().await?;
    Ok(RegisterView { providers: rows.iter().map(ProviderView::from).collect(), next, total, registered, loads })
}

/// One change to an entry, as a refresh made it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProviderChange {
    pub version: i32,
    pub changed_at: chrono::DateTime<chrono::Utc>,
    /// What changed, in words ("latest inspection: Inadequate"); "added to the register" first.
    pub what: Vec<String>,
}

/// One provider, what changed in it and how many of the council's children live there now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProviderPage {
    pub provider: ProviderView,
    pub children_placed_now: i64,
    pub history: Vec<ProviderChange>,
}

pub async fn provider(db: &Db, ctx: &Ctx, urn: &str) -> Result<ProviderPage> {
    ctx.authorise(Action::ViewProviders)?;
    let urn = Urn::parse(urn).map_err(|_| ServiceError::NotFound("provider"))?;
    let mut tx = db.begin().await?;
    let p = ff_store::providers::by_urn(&mut tx, &urn).await?.ok_or(ServiceError::NotFound("provider"))?;
    let placed = ff_store::providers::placed_now(&mut tx, ctx.la(), &urn).await?;
    let versions = ff_store::versions::list_versions(&mut tx, ctx.la(), RECORD, p.id).await?;
    let mut kept: Vec<(i32, chrono::DateTime<chrono::Utc>, ProviderRow)> = versions
        .into_iter()
        .filter_map(|v| serde_json::from_value::<ProviderRow>(v.data.0).ok().map(|r| (v.version, v.changed_at, r)))
        .collect();
    kept.sort_by_key(|(v, _, _)| *v);
    let mut history = Vec::new();
    for (i, (version, at, row)) in kept.iter().enumerate() {
        let what = match i.checked_sub(1).and_then(|j| kept.get(j)) {
            None if *version == 1 => vec!["added to the register".to_owned()],
            None => vec!["changed by another council's load".to_owned()],
            Some((_, _, before)) => changes(&facts_of(before), &facts_of(row)),
        };
        history.push(ProviderChange { version: *version, changed_at: *at, what });
    }
    history.reverse();
    audit(&mut tx, ctx, "view", RECORD, Some(p.id.to_string()), "provider viewed").await?;
    tx.commit().await?;
    Ok(ProviderPage { provider: ProviderView::from(&p), children_placed_now: placed, history })
}

/// What the register decided about a placement: the URN to keep, and the manager's agreement
/// where one was needed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlacementCheck {
    pub urn: Option<String>,
    pub agreed_reason: Option<String>,
    pub agreed_by: Option<Uuid>,
}

/// PR-REG-1, PR-REG-2: check a placement of `kind` with the provider `urn` (as typed) against
/// the register. Concerns need a manager's agreement with the reason; without it the placement is
/// refused and nothing is written.
pub async fn check_placement(
    tx: &mut Tx,
    ctx: &Ctx,
    kind: PlacementType,
    urn: Option<&str>,
    reason: &Option<String>,
    agreed_by: Option<Uuid>,
) -> Result<PlacementCheck> {
    let urn = match urn.map(str::trim).filter(|u| !u.is_empty()) {
        None => None,
        Some(u) => Some(Urn::parse(u).map_err(|m| field_err("provider_urn", m))?),
    };
    let entry = match &urn {
        Some(u) => ff_store::providers::by_urn(tx, u).await?.map(|p| facts_of(&p)),
        None => None,
    };
    let found: Vec<Concern> = concerns(kind, urn.as_ref(), entry.as_ref());
    let approver = match agreed_by {
        Some(id) if !found.is_empty() => {
            let u = crate::user(tx, ctx, id, "provider_agreed_by").await?;
            if u.role == Role::PracticeSupervisor { Approver::Manager } else { Approver::NotManager }
        }
        _ => Approver::None,
    };
    let kept = check_agreement(&found, &Agreement { reason: crate::trimmed(reason), approver })
        // A refusal names the field to put right; the rule (PR-REG-1, PR-REG-2) is in the docs.
        .map_err(|r| field_err(r.field, r.message))?;
    Ok(PlacementCheck { urn: urn.map(|u| u.to_string()), agreed_by: kept.as_ref().and(agreed_by), agreed_reason: kept })
}

/// The council's practice supervisors and team managers, who may agree a placement the register
/// raises concerns about: (id, name).
pub async fn managers(db: &Db, ctx: &Ctx) -> Result<Vec<(Uuid, String)>> {
    ctx.authorise(Action::WorkOnCare)?;
    let mut tx = db.begin().await?;
    let staff = ff_store::users::with_role(&mut tx, ctx.la(), Role::PracticeSupervisor.code()).await?;
    tx.commit().await?;
    Ok(staff.into_iter().filter(|u| u.active).map(|u| (u.id, u.display_name)).collect())
}

/// One of this council's loads and what it did.
pub async fn load_result(db: &Db, ctx: &Ctx, id: Uuid) -> Result<LoadView> {
    ctx.authorise(Action::ViewProviders)?;
    let mut tx = db.begin().await?;
    let l = ff_store::providers::get_load(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("load"))?;
    tx.commit().await?;
    Ok(l.into())
}
