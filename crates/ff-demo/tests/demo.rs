//! Seeding the demo council into real databases: a temporary SQLite file by default, PostgreSQL
//! when `FF_TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use ff_demo::{DEMO_LA, DEMO_LA_NAME, DEMO_PASSWORD, DEMO_USERS, DemoOptions, DemoSummary, EXTRA_PRACTITIONERS, seed};
use ff_domain::audit::ChainCheck;
use ff_domain::nhs::NhsNumber;
use ff_domain::people::{PersonDetails, is_child, normalise_name};
use ff_service::Ctx;
use ff_store::testing::TestDb;
use ff_store::{Db, on};
use uuid::Uuid;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 20, 9, 30, 0).single().expect("valid time")
}

fn today() -> NaiveDate {
    ff_domain::calendar::london_date(now())
}

async fn fresh() -> TestDb {
    TestDb::new().await.expect("test database")
}

async fn seeded(families: usize, seed_value: u64) -> (TestDb, DemoSummary) {
    let t = fresh().await;
    let summary = seed(&t.db, now(), &DemoOptions { seed: seed_value, families }).await.expect("seed");
    (t, summary)
}

type PersonKey = (Uuid, String, String, Option<NaiveDate>, Option<NaiveDate>, Option<String>);

async fn people(db: &Db) -> Vec<PersonKey> {
    let mut tx = db.begin().await.unwrap();
    on!(&mut tx, c => sqlx::query_as::<_, PersonKey>(
        "SELECT id, given_name, family_name, date_of_birth, expected_date_of_birth, nhs_number FROM people WHERE la_code = $1 ORDER BY id")
        .bind(DEMO_LA).fetch_all(c).await.unwrap())
}

const TABLES: &[&str] = &[
    "las",
    "la_settings",
    "teams",
    "users",
    "team_members",
    "people",
    "record_versions",
    "relationships",
    "households",
    "household_members",
    "addresses",
    "audit_events",
    "audit_pending",
    "audit_heads",
];

async fn table_counts(db: &Db) -> Vec<(&'static str, i64)> {
    let mut out = vec![];
    let mut tx = db.begin().await.unwrap();
    for t in TABLES {
        let sql = format!("SELECT COUNT(*) FROM {t}");
        let n: i64 = on!(&mut tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone())).fetch_one(c).await.unwrap());
        out.push((*t, n));
    }
    let head: i64 = on!(&mut tx, c => sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM audit_heads").fetch_one(c).await.unwrap());
    out.push(("audit head", head));
    out
}

#[tokio::test]
async fn seeding_creates_a_consistent_council() {
    let (t, summary) = seeded(50, 2026).await;
    let db = &t.db;
    assert!(!summary.skipped);
    assert_eq!(summary.la_code, DEMO_LA);
    assert_eq!(summary.families, 50);
    assert_eq!(summary.users, DEMO_USERS.len() + EXTRA_PRACTITIONERS.len());
    assert!(summary.users >= 11);

    let mut tx = db.begin().await.unwrap();
    assert!(ff_store::list_las(&mut tx).await.unwrap().contains(&DEMO_LA.to_owned()));
    let settings = ff_store::settings::current(&mut tx, DEMO_LA).await.unwrap().expect("settings");
    assert_eq!(settings.version, 1);
    assert_eq!(settings.settings.name, DEMO_LA_NAME);
    assert_eq!(settings.settings.child_population, 64_000);
    settings.settings.validate().expect("valid settings");
    let teams = ff_store::users::list_teams(&mut tx, DEMO_LA).await.unwrap();
    let kinds: HashSet<&str> = teams.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(teams.len(), 5);
    assert_eq!(kinds, HashSet::from(["front_door", "family_help", "macpt", "conference_qa"]));
    assert_eq!(ff_store::users::count(&mut tx, DEMO_LA).await.unwrap() as usize, summary.users);

    // Every well-known account, with its role, agency, team, registration and the demo password.
    for u in DEMO_USERS {
        let row = ff_store::users::find_by_username(&mut tx, u.username).await.unwrap().unwrap_or_else(|| panic!("{} missing", u.username));
        assert_eq!(row.la_code, DEMO_LA);
        assert_eq!(row.role.code(), u.role.code());
        assert_eq!(row.agency.code(), u.agency.code());
        assert!(row.active);
        assert!(ff_service::auth::verify_password(DEMO_PASSWORD, &row.password_hash), "{}", u.username);
        let registered = matches!(u.username, "socialworker" | "lcpp" | "manager" | "iro" | "fostering");
        assert_eq!(row.swe_registration_number.is_some(), registered, "{}", u.username);
        if registered {
            assert!(row.swe_registration_number.as_deref().unwrap().starts_with("SW"));
            assert_eq!(row.swe_status.map(|s| s.code()), Some("registered"));
            assert!(row.qualification_date.is_some_and(|d| d < today()));
        }
        let teams = ff_store::users::teams_of(&mut tx, DEMO_LA, row.id).await.unwrap();
        let expected: &[&str] = match u.username {
            "practitioner" | "socialworker" | "manager" => &["Family Help North"],
            "lcpp" | "police" | "health" | "education" => &["Multi-agency child protection team"],
            "chair" | "qa" | "iro" => &["Conference and quality assurance"],
            _ => &[],
        };
        assert_eq!(teams, expected, "{}", u.username);
    }
    for (username, role) in EXTRA_PRACTITIONERS {
        let row = ff_store::users::find_by_username(&mut tx, username).await.unwrap().expect("extra practitioner");
        assert_eq!(row.role.code(), role.code());
        assert_eq!(ff_store::users::teams_of(&mut tx, DEMO_LA, row.id).await.unwrap().len(), 1);
    }
    let practitioner = ff_store::users::find_by_username(&mut tx, "practitioner").await.unwrap().unwrap();
    assert_ne!(practitioner.role.code(), "social_worker");
    assert!(practitioner.swe_registration_number.is_none());
    drop(tx);

    // People: counts, NHS numbers only from the 999 test range and never shared, search keys.
    let everyone = people(db).await;
    assert_eq!(everyone.len(), summary.people);
    let children: Vec<&PersonKey> = everyone.iter().filter(|p| is_child(p.3, p.4, today())).collect();
    assert_eq!(children.len(), summary.children);
    let mut nhs = HashSet::new();
    for (_, _, _, _, _, n) in &everyone {
        if let Some(n) = n {
            let parsed = NhsNumber::parse(n).expect("valid NHS number");
            assert!(parsed.is_test_range(), "{n} is not in the 999 test range");
            assert!(nhs.insert(n.clone()), "{n} used twice");
        }
    }
    assert!(nhs.len() * 10 >= everyone.len() * 6, "most people have NHS numbers");
    let mut tx = db.begin().await.unwrap();
    let keys: Vec<(String, String, String, String)> = on!(&mut tx, c => sqlx::query_as(
        "SELECT given_name, family_name, search_given, search_family FROM people WHERE la_code = $1")
        .bind(DEMO_LA).fetch_all(c).await.unwrap());
    for (given, family, sg, sf) in keys {
        assert_eq!(sg, normalise_name(&given));
        assert_eq!(sf, normalise_name(&family));
    }

    // Relationships make sense: mothers are women and fathers men, 18 to 45 years older than the
    // child; grandparents older still; parental responsibility always has a basis.
    type Rel = (String, bool, Option<String>, String, Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDate>);
    let rels: Vec<Rel> = on!(&mut tx, c => sqlx::query_as::<_, Rel>(
        "SELECT r.kind, r.parental_responsibility, r.pr_basis, f.sex, f.date_of_birth, t.date_of_birth, t.expected_date_of_birth \
         FROM relationships r JOIN people f ON f.la_code = r.la_code AND f.id = r.from_person_id \
         JOIN people t ON t.la_code = r.la_code AND t.id = r.to_person_id WHERE r.la_code = $1")
        .bind(DEMO_LA).fetch_all(c).await.unwrap());
    assert!(rels.len() > everyone.len());
    let mut kinds: HashMap<String, usize> = HashMap::new();
    for (kind, pr, basis, from_sex, from_dob, to_dob, to_due) in &rels {
        *kinds.entry(kind.clone()).or_default() += 1;
        assert_eq!(*pr, basis.is_some());
        let from_dob = from_dob.expect("relatives are born");
        let to_date = to_dob.or(*to_due).expect("a date");
        let gap = to_date.years_since(from_dob).unwrap_or(0);
        match kind.as_str() {
            "mother" => {
                assert_eq!(from_sex, "F");
                assert!((18..=45).contains(&gap), "mother {gap} years older");
            }
            "father" => {
                assert_eq!(from_sex, "M");
                assert!((18..=45).contains(&gap), "father {gap} years older");
            }
            "grandparent" => assert!(gap >= 36),
            "sibling" => assert!(to_date >= from_dob),
            _ => {}
        }
        if basis.as_deref() == Some("birth_mother") {
            assert_eq!(kind, "mother");
        }
    }
    for k in ["mother", "father", "sibling"] {
        assert!(kinds.get(k).copied().unwrap_or(0) > 0, "no {k} relationships");
    }

    // Every child lives in a household, and everyone at home has one current address there.
    let living_in: HashSet<Uuid> = on!(&mut tx, c => sqlx::query_scalar::<_, Uuid>(
        "SELECT person_id FROM household_members WHERE la_code = $1 AND membership = 'lives_in' AND end_date IS NULL")
        .bind(DEMO_LA).fetch_all(c).await.unwrap())
    .into_iter()
    .collect();
    for child in &children {
        assert!(living_in.contains(&child.0), "child without a household");
    }
    let current: Vec<(Uuid, i64)> = on!(&mut tx, c => sqlx::query_as(
        "SELECT person_id, COUNT(*) FROM addresses WHERE la_code = $1 AND end_date IS NULL GROUP BY person_id")
        .bind(DEMO_LA).fetch_all(c).await.unwrap());
    let current: HashMap<Uuid, i64> = current.into_iter().collect();
    for id in &living_in {
        assert_eq!(current.get(id), Some(&1));
    }
    let postcodes: Vec<(String, String)> = on!(&mut tx, c => sqlx::query_as("SELECT town, postcode FROM addresses WHERE la_code = $1")
        .bind(DEMO_LA).fetch_all(c).await.unwrap());
    for (town, postcode) in postcodes {
        assert_eq!(town, "Northmoor");
        assert_eq!(ff_service::people::parse_postcode(&postcode).as_deref(), Ok(postcode.as_str()));
        assert!(postcode.starts_with("NM"));
    }

    // Each person has version 1 in the history, holding their details.
    let versions: Vec<(Uuid, sqlx::types::Json<serde_json::Value>)> = on!(&mut tx, c => sqlx::query_as(
        "SELECT record_id, data FROM record_versions WHERE la_code = $1 AND record_type = 'person' AND version = 1")
        .bind(DEMO_LA).fetch_all(c).await.unwrap());
    assert_eq!(versions.len(), everyone.len());
    let by_id: HashMap<Uuid, &PersonKey> = everyone.iter().map(|p| (p.0, p)).collect();
    for (id, data) in versions {
        let details: PersonDetails = serde_json::from_value(data.0).expect("person details");
        let p = by_id[&id];
        assert_eq!((&details.given_name, &details.family_name, details.date_of_birth), (&p.1, &p.2, p.3));
    }
    for record_type in ["relationship", "household_member", "address"] {
        let n: i64 = on!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM record_versions WHERE la_code = $1 AND record_type = $2")
            .bind(DEMO_LA).bind(record_type).fetch_one(c).await.unwrap());
        assert!(n > 0, "{record_type} versions");
    }

    // One audit event for the whole load, without personal data.
    let events = ff_store::audit::events_for_record(&mut tx, DEMO_LA, "la", DEMO_LA, 10).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].action, "demo_seed");
    assert_eq!(events[0].actor_role, "system");
    assert!(events[0].actor_id.is_none());
    assert!(events[0].summary.starts_with("demo data seeded: 50 families"), "{}", events[0].summary);
    assert_eq!(ff_store::audit::count_events(&mut tx, DEMO_LA).await.unwrap(), 1);
    drop(tx);

    // Through the services, as the product uses it: sign in, search, and open each child's
    // record. Some children have no father or male carer recorded (the page prompts), some do.
    let signed_in = ff_service::auth::sign_in(db, "socialworker", DEMO_PASSWORD, "test", now()).await.expect("sign in");
    let ctx = Ctx { actor: signed_in.actor, now: now() };
    let first_family_name = &children[0].2;
    let found = ff_service::people::search(db, &ctx, first_family_name, 1).await.expect("search");
    assert!(found.people.iter().any(|p| &p.family_name == first_family_name));
    let (mut prompted, mut not_prompted) = (0, 0);
    for child in &children {
        let record = ff_service::people::view(db, &ctx, child.0).await.expect("view");
        assert!(record.households.iter().any(|h| h.current), "child without a current household");
        if record.father_prompt {
            prompted += 1;
        } else {
            not_prompted += 1;
        }
    }
    assert!(prompted > 0, "no child without a father or male carer");
    assert!(not_prompted > prompted, "{prompted} prompted, {not_prompted} not");

    // The audit chain (the seed event, the sign-in and the views) verifies.
    let checks = ff_service::audit::verify(db).await.unwrap();
    assert!(!checks.is_empty());
    for c in checks {
        assert!(matches!(c, ChainCheck::Intact { .. }), "{c:?}");
    }
}

#[tokio::test]
async fn the_same_seed_gives_the_same_people() {
    let (a, sa) = seeded(30, 7).await;
    let (b, sb) = seeded(30, 7).await;
    let (c, _) = seeded(30, 8).await;
    assert_eq!(sa, sb);
    let (pa, pb, pc) = (people(&a.db).await, people(&b.db).await, people(&c.db).await);
    assert!(!pa.is_empty());
    assert_eq!(pa, pb);
    let without_ids = |ps: &[PersonKey]| ps.iter().map(|p| (p.1.clone(), p.2.clone(), p.3, p.5.clone())).collect::<Vec<_>>();
    assert_ne!(without_ids(&pa), without_ids(&pc));
}

#[tokio::test]
async fn seeding_again_changes_nothing() {
    let (t, first) = seeded(20, 2026).await;
    assert!(!first.skipped);
    let before = table_counts(&t.db).await;
    let again = seed(&t.db, now(), &DemoOptions { seed: 99, families: 40 }).await.expect("second seed");
    assert!(again.skipped);
    assert_eq!(again.families, 0);
    assert_eq!(again.people, 0);
    assert_eq!(table_counts(&t.db).await, before);
    for c in ff_service::audit::verify(&t.db).await.unwrap() {
        assert!(matches!(c, ChainCheck::Intact { events: 1, .. }), "{c:?}");
    }
}

#[tokio::test]
async fn batches_larger_than_one_statement() {
    // More rows than one INSERT statement holds, and more than one transaction of families.
    let (t, summary) = seeded(ff_demo::FAMILIES_PER_TRANSACTION + 30, 3).await;
    assert_eq!(summary.families, ff_demo::FAMILIES_PER_TRANSACTION + 30);
    let mut tx = t.db.begin().await.unwrap();
    assert_eq!(ff_store::people::count_people(&mut tx, DEMO_LA).await.unwrap() as usize, summary.people);
    let households: i64 = on!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM households WHERE la_code = $1")
        .bind(DEMO_LA).fetch_one(c).await.unwrap());
    assert_eq!(households as usize, summary.families);
}

#[test]
fn default_options() {
    assert_eq!(DemoOptions::default(), DemoOptions { seed: 2026, families: 300 });
}
