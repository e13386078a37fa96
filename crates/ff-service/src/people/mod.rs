//! People register actions.

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::ValidationErrors;
use ff_domain::nhs::NhsNumber;
use ff_domain::people::{
    Connection, DuplicateCandidate, DuplicateReason, Membership, PersonDetails, PersonDraft, PrBasis, RelationshipKind, SearchQuery, Sex,
    age, duplicate_reason, full_name, is_child, needs_father_prompt,
};
use ff_domain::policy::Action;
use ff_store::people::{AddressRow, HouseholdMemberView, MemberRow, PersonRow, RelationshipRow};
use ff_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::child_record::ChildFacts;
use crate::{Ctx, Result, ServiceError, audit};

mod household;
mod merge;

pub use household::*;
pub use merge::*;

pub const PAGE_SIZE: i64 = 25;

/// A person as pages and the API show them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonSummary {
    pub id: Uuid,
    pub la_code: String,
    pub given_name: String,
    pub family_name: String,
    pub full_name: String,
    pub other_names: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    /// `M`, `F` or `U` (CIN census 2024/25 onward).
    pub sex: String,
    pub ethnicity: Option<String>,
    /// Ten digits, no spaces.
    pub nhs_number: Option<String>,
    pub nhs_number_verified: bool,
    /// The child's unique pupil number (DfE), when recorded.
    pub upn: Option<String>,
    pub is_child: bool,
    pub is_unborn: bool,
    pub age: Option<u32>,
    /// Set when this record was merged into another; follow it to the surviving record.
    pub merged_into: Option<Uuid>,
    /// Send this back when updating: a stale version is refused with 409.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl PersonSummary {
    pub fn from_row(p: &PersonRow, today: NaiveDate) -> Self {
        PersonSummary {
            id: p.id,
            la_code: p.la_code.clone(),
            given_name: p.given_name.clone(),
            family_name: p.family_name.clone(),
            full_name: full_name(&p.given_name, &p.family_name),
            other_names: p.other_names.clone(),
            date_of_birth: p.date_of_birth,
            expected_date_of_birth: p.expected_date_of_birth,
            sex: p.sex.code().to_owned(),
            ethnicity: p.ethnicity.map(|e| e.code().to_owned()),
            nhs_number: p.nhs_number.clone(),
            nhs_number_verified: p.nhs_number_verified,
            upn: p.upn.clone(),
            is_child: is_child(p.date_of_birth, p.expected_date_of_birth, today),
            is_unborn: p.date_of_birth.is_none() && p.expected_date_of_birth.is_some(),
            age: age(p.date_of_birth, today),
            merged_into: p.merged_into,
            version: p.version,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }

    /// "943 476 5919".
    pub fn nhs_number_display(&self) -> Option<String> {
        self.nhs_number.as_deref().and_then(|n| NhsNumber::parse(n).ok()).map(|n| n.to_string())
    }
}

/// An existing record offered before creating a new one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DuplicateMatch {
    pub id: Uuid,
    pub full_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub nhs_number: Option<String>,
    /// `same_nhs_number` (cannot be overridden: the NHS number is unique) or
    /// `similar_name_same_date_of_birth` (can be overridden by confirming).
    #[schema(value_type = String)]
    pub reason: DuplicateReason,
    pub reason_text: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResults {
    /// `name`, `nhs_number` or `date_of_birth`: how the query was understood.
    pub searched_by: String,
    pub people: Vec<PersonSummary>,
    pub page: u32,
    pub has_more: bool,
}

/// Search the register. Searches are audited (without the search text, which may be personal data).
pub async fn search(db: &Db, ctx: &Ctx, q: &str, page: u32) -> Result<SearchResults> {
    ctx.authorise(Action::SearchPeople)?;
    let query = SearchQuery::parse(q).map_err(|m| ValidationErrors::single("q", m))?;
    let page = page.max(1);
    let offset = i64::from(page - 1) * PAGE_SIZE;
    let mut tx = db.begin().await?;
    let (by, mut rows) = match &query {
        SearchQuery::Nhs(n) => ("nhs_number", ff_store::people::find_by_nhs(&mut tx, ctx.la(), n.as_str()).await?.into_iter().collect()),
        SearchQuery::DateOfBirth(d) => {
            ("date_of_birth", ff_store::people::find_by_dob(&mut tx, ctx.la(), *d, PAGE_SIZE + 1, offset).await?)
        }
        SearchQuery::Name(words) => ("name", ff_store::people::search_by_name(&mut tx, ctx.la(), words, PAGE_SIZE + 1, offset).await?),
    };
    let has_more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    audit(&mut tx, ctx, "search", "person", None, format!("searched the people register by {by}; {} shown", rows.len())).await?;
    tx.commit().await?;
    let today = ctx.today();
    Ok(SearchResults { searched_by: by.into(), people: rows.iter().map(|r| PersonSummary::from_row(r, today)).collect(), page, has_more })
}

async fn load_active(tx: &mut Tx, ctx: &Ctx, id: Uuid) -> Result<PersonRow> {
    ff_store::people::get_person(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("person"))
}

/// One relationship, read from the person whose page it is on.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelativeView {
    pub relationship_id: Uuid,
    pub person_id: Uuid,
    pub full_name: String,
    /// How the other person relates to this one ("Mother", "Child", …).
    pub relationship: String,
    pub kind: String,
    pub parental_responsibility: bool,
    pub pr_basis: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub sex: String,
    pub date_of_birth: Option<NaiveDate>,
    pub is_child: bool,
    /// True when the other person is the `kind` of this one (e.g. the other person is the mother).
    pub other_is_kind: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HouseholdMemberSummary {
    pub membership_id: Uuid,
    pub person_id: Uuid,
    pub full_name: String,
    pub membership: String,
    pub membership_text: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub is_child: bool,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HouseholdView {
    pub household_id: Uuid,
    /// True while this person is a current member.
    pub current: bool,
    pub members: Vec<HouseholdMemberSummary>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AddressView {
    pub id: Uuid,
    pub line1: String,
    pub line2: Option<String>,
    pub town: String,
    pub postcode: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
}

/// Everything on a person's page, loaded with a fixed number of queries (no N+1).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonRecord {
    pub person: PersonSummary,
    pub relatives: Vec<RelativeView>,
    pub households: Vec<HouseholdView>,
    pub addresses: Vec<AddressView>,
    /// No father or male carer recorded for this child: prompt practitioners to find out
    /// (CSPRP, *The Myth of Invisible Men*, 2021).
    pub father_prompt: bool,
    /// Records merged into this one; their histories stay reachable.
    pub merged_records: Vec<PersonSummary>,
    /// Where the child lives while looked after: the current placement in words with its postcode
    ///, so nothing about the child says they live at home while they are in care.
    pub care_placement: Option<String>,
    /// The professionals involved with the child, current ones first.
    pub professionals: Vec<crate::professionals::ProfessionalView>,
    /// The council's involvement now, in words: family help at its level, an enquiry under way,
    /// a child protection plan and its category.
    pub involvement: Vec<String>,
}

fn relatives_view(rows: Vec<ff_store::people::RelativeRow>, today: NaiveDate) -> Vec<RelativeView> {
    rows.into_iter()
        .map(|r| {
            // This person is the KIND of the other, so the other is the inverse.
            let relationship = if r.outgoing { r.kind.inverse_label() } else { r.kind.label() }.to_owned();
            RelativeView {
                relationship_id: r.relationship_id,
                person_id: r.other_id,
                full_name: full_name(&r.other_given_name, &r.other_family_name),
                relationship,
                kind: r.kind.code().to_owned(),
                parental_responsibility: r.parental_responsibility,
                pr_basis: r.pr_basis.map(|b| b.code().to_owned()),
                start_date: r.start_date,
                end_date: r.end_date,
                sex: r.other_sex.code().to_owned(),
                date_of_birth: r.other_date_of_birth,
                is_child: is_child(r.other_date_of_birth, r.other_expected_date_of_birth, today),
                other_is_kind: !r.outgoing,
            }
        })
        .collect()
}

fn households_view(rows: Vec<HouseholdMemberView>, person_id: Uuid, today: NaiveDate) -> Vec<HouseholdView> {
    let mut out: Vec<HouseholdView> = vec![];
    for m in rows {
        let summary = HouseholdMemberSummary {
            membership_id: m.membership_id,
            person_id: m.person_id,
            full_name: full_name(&m.given_name, &m.family_name),
            membership_text: m.membership.label().to_owned(),
            membership: m.membership.code().to_owned(),
            start_date: m.start_date,
            end_date: m.end_date,
            is_child: is_child(m.date_of_birth, m.expected_date_of_birth, today),
            version: m.version,
        };
        let current_member = m.person_id == person_id && m.end_date.is_none_or(|e| e > today);
        match out.iter_mut().find(|h| h.household_id == m.household_id) {
            Some(h) => {
                h.current |= current_member;
                h.members.push(summary);
            }
            None => out.push(HouseholdView { household_id: m.household_id, current: current_member, members: vec![summary] }),
        }
    }
    out.sort_by_key(|h| !h.current);
    out
}

/// Who the child is, at the top of every page about them: name, date of birth
/// and age, NHS number, sex, where they live and who with, from the same household and address
/// records the child's page shows (so a child in kinship care shows her carer here too).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChildBanner {
    pub id: Uuid,
    pub full_name: String,
    /// "4 April 2014 (12)", "Expected 1 March 2027" or "Not known".
    pub born: String,
    pub nhs_number: Option<String>,
    pub sex: String,
    pub address: Option<String>,
    /// The other people in the child's current household who live there.
    pub lives_with: Vec<String>,
    /// The council's involvement now (family help, an enquiry, a child protection plan).
    pub involvement: Vec<String>,
    /// Looked after now: `address` is the placement, and the child lives with their carers.
    pub in_care: bool,
}

impl ChildBanner {
    pub fn from_record(r: &PersonRecord) -> ChildBanner {
        let p = &r.person;
        let born = match (p.date_of_birth, p.expected_date_of_birth) {
            (Some(d), _) => match p.age {
                Some(a) => format!("{} (age {a})", d.format("%-d %B %Y")),
                None => d.format("%-d %B %Y").to_string(),
            },
            (None, Some(e)) => format!("Expected {}", e.format("%-d %B %Y")),
            (None, None) => "Not known".into(),
        };
        let home = r.addresses.iter().find(|a| a.end_date.is_none()).map(|a| {
            [Some(a.line1.as_str()), a.line2.as_deref(), Some(a.town.as_str()), Some(a.postcode.as_str())]
                .into_iter()
                .flatten()
                .filter(|x| !x.trim().is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        });
        // A child in care lives in their placement, not at the home address.
        let address = r.care_placement.clone().or(home);
        // Only a household the person lives in themselves (not one they visit).
        let lives_with: Vec<String> = r
            .households
            .iter()
            .filter(|h| h.current && h.members.iter().any(|m| m.person_id == p.id && m.end_date.is_none() && m.membership == "lives_in"))
            .flat_map(|h| h.members.iter())
            .filter(|m| m.person_id != p.id && m.end_date.is_none() && m.membership == "lives_in")
            .map(|m| m.full_name.clone())
            .collect();
        let lives_with = if r.care_placement.is_some() { vec![] } else { lives_with };
        ChildBanner {
            id: p.id,
            full_name: p.full_name.clone(),
            born,
            nhs_number: p.nhs_number_display(),
            sex: ff_domain::people::Sex::from_code(&p.sex).map(|s| s.label().to_owned()).unwrap_or_else(|| "Not known".into()),
            address,
            lives_with,
            involvement: r.involvement.clone(),
            in_care: r.care_placement.is_some(),
        }
    }
}

/// Open a person's record. Every view is audited.
/// Everything a person's page shows, read in one transaction and recorded as one view (a
/// page reads each part once, and audits once): their record, and for a child (or
/// anyone with family help history) the family help and child protection parts.
pub struct PersonPage {
    pub record: PersonRecord,
    pub family_help: Option<crate::family_help::ChildFamilyHelp>,
    pub child_protection: Option<crate::child_protection::ChildProtectionView>,
    /// The documents kept with the record that the reader may see.
    pub documents: Vec<crate::documents::DocumentView>,
    /// A child's care: episodes looked after and the first review's clock.
    pub care: Option<crate::looked_after::CareView>,
    /// The places and groups a child is linked to (harm outside the home, HOTH-1).
    pub places: Vec<crate::outside_home::ChildPlace>,
    /// A child's exploitation risk screenings, newest first (HOTH-3).
    pub screenings: Vec<crate::outside_home::ScreeningView>,
    /// A child's missing and away episodes, newest first (HOTH-5, HOTH-6).
    pub missing_from_home: Vec<crate::outside_home::MissingFromHomeView>,
    /// Professional disagreements about decisions on the child's case (F6, ESC-1..4).
    pub disagreements: Vec<crate::escalations::DisagreementView>,
}

pub async fn page(db: &Db, ctx: &Ctx, id: Uuid) -> Result<PersonPage> {
    let mut tx = db.begin().await?;
    // One read of each fact for the whole page, shared by its three parts.
    let mut facts = ChildFacts::new(id);
    let record = read(&mut tx, ctx, &mut facts).await?;
    let fh = crate::family_help::read_for_child(&mut tx, ctx, &mut facts).await?;
    let has_any = !fh.episodes.is_empty() || !fh.timeline.is_empty();
    let family_help = (record.person.is_child || has_any).then_some(fh);
    let child_protection = match family_help {
        Some(_) => Some(crate::child_protection::read_for_child(&mut tx, ctx, &mut facts).await?),
        None => None,
    };
    let documents = crate::documents::read_for_child(&mut tx, ctx, id).await?;
    // A care leaver over 18 keeps their care section: leaving care runs to 25 (T34).
    let was_in_care = !record.person.is_child && !facts.care_episodes(&mut tx, ctx.la()).await?.is_empty();
    let care = match record.person.is_child || was_in_care {
        true => Some(crate::looked_after::read(&mut tx, ctx, &mut facts).await?),
        false => None,
    };
    let places = match record.person.is_child {
        true => crate::outside_home::read_for_child(&mut tx, ctx, id).await?,
        false => vec![],
    };
    let screenings = match record.person.is_child {
        true => crate::outside_home::read_screenings(&mut tx, ctx, id).await?,
        false => vec![],
    };
    let missing_from_home = match record.person.is_child {
        true => crate::outside_home::read_missing(&mut tx, ctx, id).await?,
        false => vec![],
    };
    let disagreements = match record.person.is_child {
        true => crate::escalations::read_for_child(&mut tx, ctx, id).await?,
        false => vec![],
    };
    audit(&mut tx, ctx, "view", "person", Some(id.to_string()), "record viewed").await?;
    tx.commit().await?;
    Ok(PersonPage { record, family_help, child_protection, documents, care, places, screenings, missing_from_home, disagreements })
}

pub async fn view(db: &Db, ctx: &Ctx, id: Uuid) -> Result<PersonRecord> {
    let mut tx = db.begin().await?;
    let record = read(&mut tx, ctx, &mut ChildFacts::new(id)).await?;
    audit(&mut tx, ctx, "view", "person", Some(id.to_string()), "record viewed").await?;
    tx.commit().await?;
    Ok(record)
}

/// The person's record read in the caller's transaction, not audited (the caller records the view).
pub(crate) async fn read(tx: &mut ff_store::Tx, ctx: &Ctx, facts: &mut ChildFacts) -> Result<PersonRecord> {
    let id = facts.child();
    // Partner agencies see a child only while their multi-agency team works the case.
    ctx.authorise_child(tx, Action::ViewPerson, id).await?;
    let row = facts.person(tx, ctx.la()).await?.ok_or(ServiceError::NotFound("person"))?;
    let relatives = facts.relatives(tx, ctx.la()).await?;
    let households = facts.households(tx, ctx.la()).await?;
    let addresses = ff_store::people::addresses_of(tx, ctx.la(), id).await?;
    let merged = ff_store::people::merged_into(tx, ctx.la(), id).await?;
    let professionals = ff_store::professionals::of_child(tx, ctx.la(), id).await?;
    let mut involvement = involvement(tx, ctx, facts).await?;
    let care = facts.care_episodes(tx, ctx.la()).await?;
    let current_care = care.iter().rev().find(|e| e.end_date.is_none());
    if let Some(c) = current_care {
        let status = c.legal_status.label().to_lowercase();
        involvement.push(format!("Looked after, {status}"));
    }
    let care_placement = current_care.map(|c| {
        let kind = c.placement_type.label();
        format!("In care: {kind}, {}", c.placement_postcode)
    });

    let today = ctx.today();
    let person = PersonSummary::from_row(&row, today);
    let relatives = relatives_view(relatives, today);
    let households = households_view(households, id, today);
    let mut connections: Vec<Connection> = relatives
        .iter()
        .filter(|r| r.end_date.is_none_or(|e| e > today))
        .map(|r| {
            // A relationship counts towards the prompt when the other person is the parent-like end.
            let kind = RelationshipKind::from_code(&r.kind).filter(|_| r.other_is_kind);
            Connection { kind, sex: Sex::from_code(&r.sex), lives_in_household: false, is_adult: !r.is_child }
        })
        .collect();
    let current_sex: std::collections::HashMap<Uuid, &str> = relatives.iter().map(|r| (r.person_id, r.sex.as_str())).collect();
    for h in households.iter().filter(|h| h.current) {
        for m in h.members.iter().filter(|m| m.person_id != id && m.end_date.is_none_or(|e| e > today) && m.membership == "lives_in") {
            let sex = current_sex.get(&m.person_id).and_then(|s| Sex::from_code(s));
            connections.push(Connection { kind: None, sex, lives_in_household: true, is_adult: !m.is_child });
        }
    }
    let father_prompt = needs_father_prompt(person.is_child, &connections);
    Ok(PersonRecord {
        person,
        relatives,
        households,
        addresses: addresses
            .into_iter()
            .map(|a| AddressView {
                id: a.id,
                line1: a.line1,
                line2: a.line2,
                town: a.town,
                postcode: a.postcode,
                start_date: a.start_date,
                end_date: a.end_date,
            })
            .collect(),
        father_prompt,
        merged_records: merged.iter().map(|m| PersonSummary::from_row(m, today)).collect(),
        professionals: professionals.into_iter().map(crate::professionals::ProfessionalView::from_row).collect(),
        involvement,
        care_placement,
    })
}

/// The council's involvement with a child now, from the facts the page reads anyway.
async fn involvement(tx: &mut Tx, ctx: &Ctx, facts: &mut ChildFacts) -> Result<Vec<String>> {
    let la = ctx.la();
    let mut out = vec![];
    for e in facts.episodes(tx, la).await?.iter().filter(|e| e.closure_date.is_none()) {
        out.push(e.level.label().to_owned());
    }
    if facts.child_protection(tx, la).await?.enquiries.iter().any(|q| q.concluded_on.is_none()) {
        out.push("Child protection enquiry under way".into());
    }
    for p in facts.plans(tx, la).await?.plans.iter().filter(|p| p.end_date.is_none()) {
        let category = p.category.label().to_lowercase();
        out.push(format!("Child protection plan ({category})"));
    }
    Ok(out)
}

/// The person's row as `ctx`'s user saves it now.
fn person_row(ctx: &Ctx, id: Uuid, d: &PersonDetails, version: i32, created: (DateTime<Utc>, Option<Uuid>)) -> PersonRow {
    PersonRow::from_details(ctx.la(), id, d, version, created, (ctx.now, Some(ctx.actor.user_id)))
}

async fn find_duplicates(tx: &mut Tx, ctx: &Ctx, d: &PersonDetails, except: Option<Uuid>) -> Result<Vec<DuplicateMatch>> {
    let mut candidates: Vec<PersonRow> = vec![];
    if let Some(n) = &d.nhs_number {
        candidates.extend(ff_store::people::find_by_nhs(tx, ctx.la(), n.as_str()).await?);
    }
    if let Some(dob) = d.date_of_birth {
        // Everyone born that day in the LA: a few dozen at most, even at national scale.
        candidates.extend(ff_store::people::find_by_dob(tx, ctx.la(), dob, 500, 0).await?);
    }
    let mut out: Vec<DuplicateMatch> = vec![];
    for c in &candidates {
        if Some(c.id) == except || out.iter().any(|m| m.id == c.id) {
            continue;
        }
        let cand = DuplicateCandidate {
            given_name: &c.given_name,
            family_name: &c.family_name,
            date_of_birth: c.date_of_birth,
            nhs_number: c.nhs_number.as_deref(),
        };
        if let Some(reason) = duplicate_reason(d, &cand) {
            out.push(DuplicateMatch {
                id: c.id,
                full_name: full_name(&c.given_name, &c.family_name),
                date_of_birth: c.date_of_birth,
                nhs_number: c.nhs_number.clone(),
                reason,
                reason_text: reason.label().to_owned(),
            });
        }
    }
    out.sort_by_key(|m| m.reason != DuplicateReason::SameNhsNumber);
    Ok(out)
}

/// Add a person. Existing records that may be the same person are offered first: the same NHS
/// number always blocks (it is unique per LA); a similar name with the same date of birth blocks
/// until the practitioner confirms it is a different person.
pub async fn create(db: &Db, ctx: &Ctx, draft: &PersonDraft, confirmed_not_duplicate: bool) -> Result<PersonSummary> {
    ctx.authorise(Action::CreatePerson)?;
    let details = draft.validate(ctx.today())?;
    let mut tx = db.begin().await?;
    let dups = find_duplicates(&mut tx, ctx, &details, None).await?;
    let blocking = dups.iter().any(|m| m.reason == DuplicateReason::SameNhsNumber);
    if blocking || (!dups.is_empty() && !confirmed_not_duplicate) {
        return Err(ServiceError::PossibleDuplicates(dups));
    }
    let id = ctx.new_id();
    let row = person_row(ctx, id, &details, 1, (ctx.now, Some(ctx.actor.user_id)));
    ff_store::people::insert_person(&mut tx, &row).await.map_err(nhs_clash)?;
    ff_store::versions::record_version(&mut tx, ctx.la(), "person", id, 1, &details, Some(ctx.actor.user_id), ctx.now).await?;
    let note = if dups.is_empty() {
        "person created"
    } else {
        "person created after the practitioner confirmed possible duplicates were different people"
    };
    audit(&mut tx, ctx, "create", "person", Some(id.to_string()), note).await?;
    tx.commit().await?;
    Ok(PersonSummary::from_row(&row, ctx.today()))
}

fn nhs_clash(e: ff_store::StoreError) -> ServiceError {
    match e {
        ff_store::StoreError::Unique(_) => {
            ValidationErrors::single("nhs_number", "Another record already has this NHS number: search for it and use that record").into()
        }
        other => other.into(),
    }
}

/// A child's unique pupil number as typed; blank clears it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UpnInput {
    #[serde(default)]
    pub upn: Option<String>,
    /// The person's version, as read.
    pub version: i32,
}

/// Record (or clear) a child's unique pupil number, used by the SSDA903 and CIN returns. Checked
/// by its check letter and never given to two children.
pub async fn set_upn(db: &Db, ctx: &Ctx, id: Uuid, input: &UpnInput) -> Result<()> {
    ctx.authorise(Action::EditPerson)?;
    let mut tx = db.begin().await?;
    let current = load_active(&mut tx, ctx, id).await?;
    let upn = match input.upn.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        None => None,
        Some(u) => Some(ff_domain::people::parse_upn(u).map_err(|e| crate::field_err("upn", e))?),
    };
    if current.version != input.version || current.merged_into.is_some() {
        return Err(crate::stale("record", current.version));
    }
    if let Some(u) = &upn
        && ff_store::people::find_by_upn(&mut tx, ctx.la(), u).await?.is_some_and(|other| other != id)
    {
        return Err(crate::field_err("upn", "Another child already has this unique pupil number: check it with the school"));
    }
    if !ff_store::people::set_upn(&mut tx, ctx.la(), id, upn.as_deref(), ctx.now, ctx.actor.user_id, input.version).await? {
        return Err(crate::stale("record", input.version + 1));
    }
    let row =
        PersonRow { upn: upn.clone(), version: input.version + 1, updated_at: ctx.now, updated_by: Some(ctx.actor.user_id), ..current };
    ff_store::versions::record_version(&mut tx, ctx.la(), "person", id, row.version, &row, Some(ctx.actor.user_id), ctx.now).await?;
    let what = if upn.is_some() { "unique pupil number recorded" } else { "unique pupil number cleared" };
    audit(&mut tx, ctx, "update", "person", Some(id.to_string()), what).await?;
    tx.commit().await?;
    Ok(())
}

/// Change a person's details. `expected_version` is the version the editor started from; if the
/// record has changed since, nothing is written and the conflict is reported (no lost update).
pub async fn update(db: &Db, ctx: &Ctx, id: Uuid, draft: &PersonDraft, expected_version: i32) -> Result<PersonSummary> {
    ctx.authorise(Action::EditPerson)?;
    let details = draft.validate(ctx.today())?;
    let mut tx = db.begin().await?;
    let current = load_active(&mut tx, ctx, id).await?;
    if let Some(survivor) = current.merged_into {
        return Err(
            ValidationErrors::single("id", format!("This record was merged into record {survivor}; edit that record instead")).into()
        );
    }
    if current.version != expected_version {
        return Err(ServiceError::Conflict {
            message: format!(
                "Someone else changed this record after you opened it (you edited version {expected_version}; it is now version {}). Your changes have not been saved: review the current record, then make your changes again.",
                current.version
            ),
            current_version: current.version,
        });
    }
    if let Some(n) = &details.nhs_number
        && let Some(other) = ff_store::people::find_by_nhs(&mut tx, ctx.la(), n.as_str()).await?
        && other.id != id
    {
        return Err(ValidationErrors::single(
            "nhs_number",
            "Another record already has this NHS number: if it is the same person, ask a manager to merge the records",
        )
        .into());
    }
    let version = expected_version + 1;
    // The pupil number is recorded on its own and carried through an edit unchanged.
    let row = PersonRow { upn: current.upn.clone(), ..person_row(ctx, id, &details, version, (current.created_at, current.created_by)) };
    if !ff_store::people::update_person(&mut tx, &row, expected_version).await.map_err(nhs_clash)? {
        // Lost a race between the read and the write.
        return Err(ServiceError::Conflict {
            message: "Someone else changed this record at the same moment. Your changes have not been saved: reload and try again.".into(),
            current_version: expected_version + 1,
        });
    }
    ff_store::versions::record_version(&mut tx, ctx.la(), "person", id, version, &details, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "update", "person", Some(id.to_string()), format!("person details changed (version {version})")).await?;
    tx.commit().await?;
    Ok(PersonSummary::from_row(&row, ctx.today()))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionView {
    pub version: i32,
    pub changed_at: DateTime<Utc>,
    pub changed_by: Option<Uuid>,
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// Every version of a person's details (viewing them is a view of the record, so audited).
pub async fn history(db: &Db, ctx: &Ctx, id: Uuid) -> Result<Vec<VersionView>> {
    ctx.authorise(Action::ViewPerson)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ViewPerson, id).await?;
    load_active(&mut tx, ctx, id).await?;
    let rows = ff_store::versions::list_versions(&mut tx, ctx.la(), "person", id).await?;
    audit(&mut tx, ctx, "view_history", "person", Some(id.to_string()), "record history viewed").await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|r| VersionView { version: r.version, changed_at: r.changed_at, changed_by: r.changed_by, data: r.data.0 })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::parse_postcode;

    #[test]
    fn postcodes() {
        assert_eq!(parse_postcode("nm14ab").unwrap(), "NM1 4AB");
        assert_eq!(parse_postcode(" SW1A 1AA ").unwrap(), "SW1A 1AA");
        assert!(parse_postcode("12345").is_err());
        assert!(parse_postcode("NM1 AB").is_err());
        assert!(parse_postcode("NMX 1AB").is_err());
        assert_eq!(parse_postcode("w1a0ax").unwrap(), "W1A 0AX");
        assert_eq!(parse_postcode("M1 1AE").unwrap(), "M1 1AE");
    }
}
