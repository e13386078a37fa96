//! Deterministic synthetic demo data for Families First: a fictional council (Northmoor, LA code
//! 990), its teams and practitioner accounts, and as many synthetic families as asked for.
//!
//! Nothing here is real personal data. Names are drawn independently from embedded lists (see
//! `names.rs`), NHS numbers come only from [`ff_domain::nhs::synthetic_nhs_number`] (the 999
//! test range, never issued to patients), addresses are in the invented town of Northmoor with
//! postcodes in the non-existent NM area (with a synthetic postcode directory of their own, in
//! `postcodes.rs`), and Social Work England numbers of demo staff have eight digits starting 99
//! (real registrations have five or six).
//!
//! Generation and storage are separate: [`plan::plan_family`] is a pure function of a random
//! stream (unit-tested without a database), and [`seed`] writes what it returns through the bulk
//! inserts in `ff_store::bulk`, committing every [`FAMILIES_PER_TRANSACTION`] families, so memory
//! stays flat from 300 families to national volumes.
//!
//! The same seed and `now` always give the same data, ids included (see [`rng::IdSource`]), except
//! the password salts of the user accounts.

use chrono::{DateTime, Months, NaiveDate, Utc};
use ff_domain::people::is_child;
use ff_domain::roles::{Agency, Role};
use ff_domain::settings::LaSettings;
use ff_service::ServiceError;
use ff_service::users::NewUser;
use ff_store::audit::NewAuditEvent;
use ff_store::bulk::{HouseholdRow, NewVersion};
use ff_store::people::{AddressRow, MemberRow, PersonRow, RelationshipRow};
use ff_store::users::TeamRow;
use ff_store::{Db, StoreError, Tx};
use uuid::Uuid;

mod assessment_text;
pub mod family_help;
mod names;
pub mod plan;
mod postcodes;
pub mod rng;

pub use plan::{Family, FamilyRole, FamilyShape, NhsAllocator, TOWN, plan_families, plan_family};
pub use rng::{DemoRng, IdSource};

/// The fictional council's DfE-style LA number (no real council has it).
pub const DEMO_LA: &str = "990";
pub const DEMO_LA_NAME: &str = "Northmoor Council";
/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo-password";
/// Children aged 0–17 in Northmoor, for rates per 10,000 children.
pub const DEMO_CHILD_POPULATION: u32 = 64_000;
/// Families written per transaction (and per progress report).
pub const FAMILIES_PER_TRANSACTION: usize = 1_000;

/// A demo account with a well-known username (all share [`DEMO_PASSWORD`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoUser {
    pub username: &'static str,
    pub display_name: &'static str,
    pub role: Role,
    pub agency: Agency,
}

const fn user(username: &'static str, display_name: &'static str, role: Role, agency: Agency) -> DemoUser {
    DemoUser { username, display_name, role, agency }
}

/// One account per role (three for partner agencies), for trying the product as each.
pub const DEMO_USERS: &[DemoUser] = &[
    user("practitioner", "Jess Whitworth", Role::FamilyHelpPractitioner, Agency::LocalAuthority),
    user("socialworker", "Ravi Mistry", Role::SocialWorker, Agency::LocalAuthority),
    user("lcpp", "Claire Haworth", Role::Lcpp, Agency::LocalAuthority),
    user("manager", "Tom Greenwood", Role::PracticeSupervisor, Agency::LocalAuthority),
    user("chair", "Abena Mensah", Role::ConferenceChair, Agency::LocalAuthority),
    user("qa", "Helen Brierley", Role::QaOfficer, Agency::LocalAuthority),
    user("iro", "Grace Okafor", Role::IndependentReviewingOfficer, Agency::LocalAuthority),
    user("adviser", "Priya Lomax", Role::PersonalAdviser, Agency::LocalAuthority),
    user("fostering", "Owen Brightwell", Role::FosteringOfficer, Agency::LocalAuthority),
    user("workforce", "Ruth Adeyemi", Role::WorkforceOfficer, Agency::LocalAuthority),
    user("partnership", "Lorna Fairclough", Role::PartnershipManager, Agency::LocalAuthority),
    user("scrutineer", "Dr Imran Shah (independent scrutineer)", Role::SafeguardingPartner, Agency::LocalAuthority),
    user("commissioner", "Farah Siddiqui", Role::Commissioner, Agency::LocalAuthority),
    user("police", "DC Sam Crowther", Role::PartnerAgency, Agency::Police),
    user("health", "Nadia Qureshi (health visitor)", Role::PartnerAgency, Agency::Health),
    user("education", "Mark Pickering (DSL)", Role::PartnerAgency, Agency::Education),
    user("analyst", "Wei Chen", Role::PerformanceAnalyst, Agency::LocalAuthority),
    user("regional-analyst", "Kemi Oduya (regional care co-operative)", Role::RegionalAnalyst, Agency::LocalAuthority),
    user("regional-commissioner", "Alan Thwaite (regional care co-operative)", Role::RegionalCommissioner, Agency::LocalAuthority),
    user("admin", "Northmoor administrator", Role::LaAdmin, Agency::LocalAuthority),
];

/// Extra practitioners with generated names, so caseloads can be spread: family help
/// practitioners `fhp01`–`fhp06`, social workers `sw01`–`sw04` and LCPPs `lcpp01`–`lcpp02`.
pub const EXTRA_PRACTITIONERS: &[(&str, Role)] = &[
    ("fhp01", Role::FamilyHelpPractitioner),
    ("fhp02", Role::FamilyHelpPractitioner),
    ("fhp03", Role::FamilyHelpPractitioner),
    ("fhp04", Role::FamilyHelpPractitioner),
    ("fhp05", Role::FamilyHelpPractitioner),
    ("fhp06", Role::FamilyHelpPractitioner),
    ("sw01", Role::SocialWorker),
    ("sw02", Role::SocialWorker),
    ("sw03", Role::SocialWorker),
    ("sw04", Role::SocialWorker),
    ("lcpp01", Role::Lcpp),
    ("lcpp02", Role::Lcpp),
];

/// How many Family Help scenarios (children with histories made through the services) a demo of
/// `families` families gets: one for every six families, at least ten.
pub fn scenarios_for(families: usize) -> usize {
    (families / 6).max(10)
}

/// The extra practitioners a demo of `families` families needs: at least
/// [`EXTRA_PRACTITIONERS`], and beyond them about one family help practitioner and one social
/// worker for every ten scenarios and one LCPP for every twenty, so caseloads spread as in a real
/// council and no one starts over their cap, from 300 families to national volume.
pub fn extra_practitioners(families: usize) -> Vec<(String, Role)> {
    let scenarios = scenarios_for(families);
    let mut out: Vec<(String, Role)> = EXTRA_PRACTITIONERS.iter().map(|(u, r)| ((*u).to_owned(), *r)).collect();
    let already = |role: Role| EXTRA_PRACTITIONERS.iter().filter(|(_, r)| *r == role).count();
    for (prefix, role, per) in [("fhp", Role::FamilyHelpPractitioner, 10), ("sw", Role::SocialWorker, 10), ("lcpp", Role::Lcpp, 20)] {
        for n in already(role) + 1..=scenarios.div_ceil(per) {
            out.push((format!("{prefix}{n:02}"), role));
        }
    }
    out
}

/// Team name and kind.
pub const DEMO_TEAMS: &[(&str, &str)] = &[
    ("Front door (MASH)", "front_door"),
    ("Family Help North", "family_help"),
    ("Family Help South", "family_help"),
    ("Multi-agency child protection team", "macpt"),
    ("Conference and quality assurance", "conference_qa"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    pub seed: u64,
    pub families: usize,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self { seed: 2026, families: 300 }
    }
}

/// What [`seed`] did. When `skipped`, the counts are zero and nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub la_code: String,
    pub families: usize,
    pub people: usize,
    pub children: usize,
    pub users: usize,
    pub skipped: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo data could not be stored: {0}")]
    Store(#[from] StoreError),
    #[error("a demo account could not be created: {0}")]
    Service(#[from] ServiceError),
    #[error("a record version could not be serialised: {0}")]
    Json(#[from] serde_json::Error),
}

/// Seed the demo council into a database that does not have it yet. If the council (a row in
/// `las` for [`DEMO_LA`]) already exists, nothing is changed and `skipped` is true.
///
/// The council, its settings, teams and accounts are committed first; then the families, in
/// transactions of [`FAMILIES_PER_TRANSACTION`]; then one audit event. A run that fails part-way
/// leaves the council in place, so a second run skips: seed into a fresh database again.
pub async fn seed(db: &Db, now: DateTime<Utc>, opts: &DemoOptions) -> Result<DemoSummary, DemoError> {
    seed_with_progress(db, now, opts, |_, _| {}).await
}

/// [`seed`], calling `progress(families_written, families_total)` after each transaction (for a
/// command line progress display). Progress is also logged with `tracing` at info level.
pub async fn seed_with_progress(
    db: &Db,
    now: DateTime<Utc>,
    opts: &DemoOptions,
    mut progress: impl FnMut(usize, usize),
) -> Result<DemoSummary, DemoError> {
    let today = ff_domain::calendar::london_date(now);
    let mut tx = db.begin().await?;
    if !ff_store::ensure_la(&mut tx, DEMO_LA, now).await? {
        // Dropping the transaction rolls it back.
        drop(tx);
        tracing::info!(la = DEMO_LA, "demo data not seeded: the demo council already exists");
        return Ok(DemoSummary { la_code: DEMO_LA.to_owned(), families: 0, people: 0, children: 0, users: 0, skipped: true });
    }
    let mut settings = LaSettings::default_for(DEMO_LA_NAME);
    settings.child_population = DEMO_CHILD_POPULATION;
    ff_store::settings::insert(&mut tx, DEMO_LA, 1, &settings, None, now).await?;
    let mut ids = IdSource::shared(opts.seed, now);
    let users = insert_staff(&mut tx, &mut ids, opts.seed, now, today, opts.families).await?;
    // The synthetic postcode directory, as the commissioner's load would leave it.
    let commissioner = ff_store::users::find_by_username(&mut tx, "commissioner").await?.map(|u| u.id).unwrap_or_default();
    let postcodes = postcodes::seed_directory(&mut tx, ids.next_id(), commissioner, now).await?;
    tx.commit().await?;
    tracing::info!(postcodes, "demo postcode directory written");
    tracing::info!(la = DEMO_LA, users, families = opts.families, "demo council created; writing families");

    let mut families = plan_families(opts.seed, now, opts.families);
    let (mut written, mut people, mut children) = (0, 0, 0);
    while written < opts.families {
        let batch = FAMILIES_PER_TRANSACTION.min(opts.families - written);
        let mut rows = Rows::default();
        for family in families.by_ref().take(batch) {
            people += family.people.len();
            children += family.people.iter().filter(|p| is_child(p.details.date_of_birth, p.details.expected_date_of_birth, today)).count();
            rows.add(&family, now)?;
        }
        let mut tx = db.begin().await?;
        rows.write(&mut tx).await?;
        tx.commit().await?;
        written += batch;
        progress(written, opts.families);
        tracing::info!(written, total = opts.families, "demo families written");
    }

    let mut tx = db.begin().await?;
    ff_store::audit::append(
        &mut tx,
        now,
        NewAuditEvent {
            la_code: DEMO_LA,
            actor_id: None,
            actor_role: "system",
            action: "demo_seed",
            record_type: "la",
            record_id: Some(DEMO_LA.to_owned()),
            summary: format!("demo data seeded: {written} families, {people} people, {users} user accounts"),
        },
    )
    .await?;
    tx.commit().await?;
    // The tables are now far larger than when their query plans were first made.
    db.analyze().await?;
    Ok(DemoSummary { la_code: DEMO_LA.to_owned(), families: written, people, children, users, skipped: false })
}

/// Create the teams and accounts; returns the number of accounts.
async fn insert_staff(
    tx: &mut Tx,
    ids: &mut IdSource,
    seed: u64,
    now: DateTime<Utc>,
    today: NaiveDate,
    families: usize,
) -> Result<usize, DemoError> {
    let mut team_ids = vec![];
    for (name, kind) in DEMO_TEAMS {
        let id = ids.next_id();
        ff_store::users::insert_team(
            tx,
            &TeamRow { la_code: DEMO_LA.to_owned(), id, name: (*name).to_owned(), kind: (*kind).to_owned(), created_at: now },
        )
        .await?;
        team_ids.push(id);
    }
    let team = |name: &str| DEMO_TEAMS.iter().position(|(n, _)| *n == name).map(|i| team_ids[i]);
    let accounts = staff(seed, today, families);
    for a in &accounts {
        let team_ids = a.team.and_then(team).into_iter().collect();
        let input = NewUser {
            username: a.username.clone(),
            display_name: a.display_name.clone(),
            role: a.role.code().to_owned(),
            agency: Some(a.agency.code().to_owned()),
            password: DEMO_PASSWORD.to_owned(),
            swe_registration_number: a.swe.clone(),
            swe_status: a.swe.as_ref().map(|_| "registered".to_owned()),
            qualification_date: a.qualified,
            team_ids,
        };
        ff_service::users::insert_user(tx, DEMO_LA, ids.next_id(), &input, now).await?;
    }
    Ok(accounts.len())
}

/// A demo account as planned (before hashing its password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub agency: Agency,
    pub team: Option<&'static str>,
    pub swe: Option<String>,
    pub qualified: Option<NaiveDate>,
}

/// Every demo account: [`DEMO_USERS`] then [`EXTRA_PRACTITIONERS`], with teams, Social Work England
/// numbers (social workers, LCPPs and the manager) and qualification dates.
pub fn staff(seed: u64, today: NaiveDate, families: usize) -> Vec<StaffAccount> {
    let years_before = |years: u32| today.checked_sub_months(Months::new(12 * years)).unwrap_or(today);
    let mut out = vec![];
    for (i, u) in DEMO_USERS.iter().enumerate() {
        let team = match u.username {
            "practitioner" | "socialworker" | "manager" => Some("Family Help North"),
            "lcpp" | "police" | "health" | "education" => Some("Multi-agency child protection team"),
            "chair" | "qa" | "iro" => Some("Conference and quality assurance"),
            _ => None,
        };
        let qualified_years = match u.role {
            Role::SocialWorker => Some(4),
            Role::Lcpp => Some(11),
            Role::PracticeSupervisor => Some(16),
            Role::IndependentReviewingOfficer => Some(14),
            // Fostering team workers are registered social workers (Fostering Services Regs 2011);
            // personal advisers need not be.
            Role::FosteringOfficer => Some(7),
            _ => None,
        };
        out.push(StaffAccount {
            username: u.username.to_owned(),
            display_name: u.display_name.to_owned(),
            role: u.role,
            agency: u.agency,
            team,
            swe: qualified_years.map(|_| format!("SW99{:06}", 101 + i)),
            qualified: qualified_years.map(years_before),
        });
    }
    let mut rng = DemoRng::new(seed ^ 0x5354_4146_4621);
    for (i, (username, role)) in extra_practitioners(families).iter().enumerate() {
        let sex = if rng.chance(0.7) { ff_domain::people::Sex::Female } else { ff_domain::people::Sex::Male };
        let origin = rng.weighted(&[
            (names::Origin::British, 70),
            (names::Origin::Indian, 6),
            (names::Origin::Pakistani, 6),
            (names::Origin::African, 6),
            (names::Origin::Caribbean, 4),
            (names::Origin::Irish, 4),
            (names::Origin::European, 4),
        ]);
        let pool = origin.pool(names::Generation::Parent);
        let given = rng.pick(if sex == ff_domain::people::Sex::Female { pool.female } else { pool.male });
        let family = rng.pick(pool.family);
        let (team, qualified) = match role {
            Role::Lcpp => (Some("Multi-agency child protection team"), Some(rng.range(6, 20))),
            Role::SocialWorker => (Some(if i % 2 == 0 { "Family Help North" } else { "Family Help South" }), Some(rng.range(1, 18))),
            _ => (Some(if i % 2 == 0 { "Family Help North" } else { "Family Help South" }), None),
        };
        out.push(StaffAccount {
            username: username.clone(),
            display_name: format!("{given} {family}"),
            role: *role,
            agency: Agency::LocalAuthority,
            team,
            swe: qualified.map(|_| format!("SW99{:06}", 201 + i)),
            qualified: qualified.map(|y| years_before(y as u32)),
        });
    }
    out
}

/// One transaction's worth of rows.
#[derive(Default)]
struct Rows {
    people: Vec<PersonRow>,
    households: Vec<HouseholdRow>,
    relationships: Vec<RelationshipRow>,
    members: Vec<MemberRow>,
    addresses: Vec<AddressRow>,
    versions: Vec<NewVersion>,
}

impl Rows {
    fn version(&mut self, record_type: &str, record_id: Uuid, data: serde_json::Value, now: DateTime<Utc>) {
        self.versions.push(NewVersion {
            la_code: DEMO_LA.to_owned(),
            record_type: record_type.to_owned(),
            record_id,
            version: 1,
            data,
            changed_by: None,
            changed_at: now,
        });
    }

    /// The family's rows, each with its version 1 in `record_versions` holding what the people
    /// service stores for a new record of that type.
    fn add(&mut self, f: &Family, now: DateTime<Utc>) -> Result<(), serde_json::Error> {
        let la = || DEMO_LA.to_owned();
        for p in &f.people {
            let d = &p.details;
            self.people.push(PersonRow::from_details(DEMO_LA, p.id, d, 1, (now, None), (now, None)));
            self.version("person", p.id, serde_json::to_value(d)?, now);
        }
        self.households.push(HouseholdRow { la_code: la(), id: f.household_id, created_at: now, created_by: None });
        for r in &f.relationships {
            let row = RelationshipRow {
                la_code: la(),
                id: r.id,
                from_person_id: r.from,
                to_person_id: r.to,
                kind: r.kind,
                parental_responsibility: r.pr_basis.is_some(),
                pr_basis: r.pr_basis,
                start_date: r.start_date,
                end_date: None,
                version: 1,
                created_at: now,
                created_by: None,
            };
            self.version("relationship", r.id, serde_json::to_value(&row)?, now);
            self.relationships.push(row);
        }
        for m in &f.memberships {
            let row = MemberRow {
                la_code: la(),
                id: m.id,
                household_id: f.household_id,
                person_id: m.person_id,
                membership: m.membership,
                start_date: m.start_date,
                end_date: None,
                version: 1,
                created_at: now,
                created_by: None,
            };
            self.version("household_member", m.id, serde_json::to_value(&row)?, now);
            self.members.push(row);
        }
        for a in &f.addresses {
            let row = AddressRow {
                la_code: la(),
                id: a.id,
                person_id: a.person_id,
                line1: a.line1.clone(),
                line2: a.line2.clone(),
                town: a.town.clone(),
                postcode: a.postcode.clone(),
                start_date: a.start_date,
                end_date: a.end_date,
                version: 1,
                created_at: now,
                created_by: None,
            };
            self.version("address", a.id, serde_json::to_value(&row)?, now);
            self.addresses.push(row);
        }
        Ok(())
    }

    /// Parents before children: people, households, then the rows that refer to them.
    async fn write(&self, tx: &mut Tx) -> Result<(), StoreError> {
        ff_store::bulk::insert_people(tx, &self.people).await?;
        ff_store::bulk::insert_households(tx, &self.households).await?;
        ff_store::bulk::insert_relationships(tx, &self.relationships).await?;
        ff_store::bulk::insert_household_members(tx, &self.members).await?;
        ff_store::bulk::insert_addresses(tx, &self.addresses).await?;
        ff_store::bulk::insert_versions(tx, &self.versions).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_accounts_are_valid() {
        let today = NaiveDate::from_ymd_opt(2026, 4, 20).unwrap();
        let accounts = staff(2026, today, 300);
        assert_eq!(accounts.len(), DEMO_USERS.len() + extra_practitioners(300).len());
        assert!(extra_practitioners(300).len() >= EXTRA_PRACTITIONERS.len());
        // A large council gets the staff its caseloads need, each account once.
        let large = staff(2026, today, 100_000);
        let count = |role: Role| large.iter().filter(|a| a.role == role).count();
        assert!(count(Role::FamilyHelpPractitioner) >= 1_667 && count(Role::Lcpp) >= 834, "{}", large.len());
        let mut large_names: Vec<&str> = large.iter().map(|a| a.username.as_str()).collect();
        large_names.sort_unstable();
        large_names.dedup();
        assert_eq!(large_names.len(), large.len());
        let mut names: Vec<&str> = accounts.iter().map(|a| a.username.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), accounts.len());
        for a in &accounts {
            let profile = ff_domain::roles::PractitionerProfile {
                swe_registration_number: a.swe.clone(),
                swe_status: a.swe.as_ref().map(|_| ff_domain::roles::SweStatus::Registered),
                qualification_date: a.qualified,
            };
            ff_domain::roles::validate_profile(a.role, &profile, today).expect("valid profile");
            if matches!(
                a.role,
                Role::SocialWorker | Role::Lcpp | Role::PracticeSupervisor | Role::IndependentReviewingOfficer | Role::FosteringOfficer
            ) {
                let n = a.swe.as_deref().expect("SWE number");
                assert!(n.starts_with("SW99") && n.len() == 10, "{n}");
                assert!(a.qualified.is_some());
            } else {
                assert!(a.swe.is_none());
            }
            assert_eq!(a.role == Role::PartnerAgency, a.agency != Agency::LocalAuthority);
        }
        assert_eq!(staff(2026, today, 300), accounts);
        assert!(ff_service::auth::check_new_password(DEMO_PASSWORD).is_ok());
    }
}
