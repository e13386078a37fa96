//! The demo's foster carers: households at every stage and of every kind, some
//! reviews overdue, a connected person approved temporarily, the council's own allowances.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use chrono::{TimeZone, Utc};
use ff_domain::carers::CarerStage;

#[tokio::test]
async fn demo_carers_at_every_stage_with_reviews_overdue() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let t = common::seeded_demo(now, 7, 40).await;
    ff_demo::family_help::seed_family_help(&t.db, now, 12).await.unwrap();
    let ctx = common::ctx_as(&t.db, "fostering", now).await;
    let list = ff_service::carers::list(&t.db, &ctx, None, 1).await.unwrap();
    for s in CarerStage::ALL {
        let n = list.counts.iter().find(|c| c.stage == s.code()).unwrap().count;
        assert!(n > 0, "no household at {}", s.label());
    }
    assert!(list.carers.iter().any(|c| c.review_overdue), "a review of approval is overdue");
    assert!(list.carers.iter().any(|c| c.review_due.is_some() && !c.review_overdue), "and one is not");
    assert!(list.approved_places > 0);
    let mut temporary = 0;
    for c in &list.carers {
        let v = ff_service::carers::get(&t.db, &ctx, c.id).await.unwrap();
        temporary += usize::from(v.connected_person && v.temporary_until.is_some());
    }
    assert!(temporary > 0, "a connected person approved temporarily");
    let a = ff_service::carers::allowances(&t.db, &ctx).await.unwrap();
    assert_eq!(a.council_rates.len(), 1);
    assert!(a.today.iter().all(|b| b.weekly_pence > b.national_minimum_pence));
}

/// Every child the demo fosters with the council's own carers (903 provider PR1, U1 to U6) lives
/// with a named household whose approval fits them (CR-6): of the right kind (a connected person
/// for U1–U3), approved (or a connected person approved temporarily, CR-4) when the placement
/// began, for the child's age then, and never with more children at once than its places; the
/// household's page counts them against its vacancies. At the demo's default size and seed.
#[tokio::test]
async fn demo_children_in_foster_care_live_with_named_households() {
    use chrono::NaiveDate;
    use ff_store::on;
    use std::collections::{BTreeSet, HashMap};
    use uuid::Uuid;
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let demo = ff_demo::DemoOptions::default();
    let t = common::seeded_demo(now, demo.seed, demo.families).await;
    ff_demo::family_help::seed_family_help(&t.db, now, ff_demo::scenarios_for(demo.families)).await.unwrap();
    type Row = (Uuid, NaiveDate, Option<NaiveDate>, String, String, Option<Uuid>, Option<NaiveDate>);
    let rows: Vec<Row> = {
        let mut tx = t.db.begin().await.unwrap();
        on!(&mut tx, c => sqlx::query_as::<_, Row>(
            "SELECT e.child_id, e.start_date, e.end_date, e.placement_type, e.placement_provider, e.carer_id, p.date_of_birth \
             FROM care_episodes e JOIN people p ON p.la_code = e.la_code AND p.id = e.child_id WHERE e.la_code = $1")
            .bind("990").fetch_all(c).await.unwrap())
    };
    let foster = |place: &str| place.starts_with('U');
    let unnamed: Vec<&Row> = rows.iter().filter(|r| r.4 == "PR1" && foster(&r.3) && r.5.is_none()).collect();
    assert!(unnamed.is_empty(), "every in-house foster placement names its household: {unnamed:?}");
    assert!(rows.iter().all(|r| r.5.is_none() || (r.4 == "PR1" && foster(&r.3))), "only in-house foster placements name one");
    let ctx = common::ctx_as(&t.db, "fostering", now).await;
    let mut households = HashMap::new();
    for id in rows.iter().filter_map(|r| r.5).collect::<BTreeSet<_>>() {
        households.insert(id, ff_service::carers::get(&t.db, &ctx, id).await.unwrap());
    }
    for (child, start, _, place, _, carer, born) in rows.iter().filter(|r| r.5.is_some()) {
        let h = &households[&carer.unwrap()];
        assert_eq!(h.connected_person, matches!(place.as_str(), "U1" | "U2" | "U3"), "{place} with {}", h.kind_label);
        let temporary = h.temporary_from.is_some_and(|f| f <= *start) && h.temporary_until.is_some_and(|u| *start <= u);
        assert!(temporary || h.approved_on.is_some_and(|a| a <= *start), "{} approved when {child} was placed on {start}", h.name);
        if let Some(terms) = h.terms.as_ref().filter(|_| !temporary) {
            let age = start.years_since(born.unwrap()).unwrap();
            assert!(
                terms.age_from <= age && age <= terms.age_to,
                "{} approved for {}–{}, {child} {age}",
                h.name,
                terms.age_from,
                terms.age_to
            );
        }
    }
    // No more children at once than the household's places, on the day any of them arrived.
    for (id, h) in &households {
        let stays: Vec<&Row> = rows.iter().filter(|r| r.5 == Some(*id)).collect();
        let places = h.terms.as_ref().map_or(1, |t| t.places) as usize;
        for day in stays.iter().map(|r| r.1) {
            let there: BTreeSet<Uuid> = stays.iter().filter(|r| r.1 <= day && r.2.is_none_or(|e| day < e)).map(|r| r.0).collect();
            assert!(there.len() <= places, "{} has {} children on {day}, approved for {places}", h.name, there.len());
        }
        let now_there = stays.iter().filter(|r| r.2.is_none()).count() as u32;
        if let Some(t) = &h.terms {
            assert_eq!(h.vacancies, Some(t.places - now_there), "{}'s page counts the children living there", h.name);
        }
    }
    let living = rows.iter().filter(|r| r.5.is_some() && r.2.is_none()).map(|r| r.0).collect::<BTreeSet<_>>();
    let named = rows.iter().filter(|r| r.5.is_some()).map(|r| r.0).collect::<BTreeSet<_>>();
    let kin = rows.iter().filter(|r| r.5.is_some() && matches!(r.3.as_str(), "U1" | "U2" | "U3")).count();
    assert!(
        living.len() >= 2 && kin >= 1,
        "{} children live with a named household now, {} ever; {kin} with family or friends",
        living.len(),
        named.len()
    );
    let all = ff_service::carers::list(&t.db, &ctx, None, 1).await.unwrap().counts.iter().map(|c| c.count).sum::<i64>();
    println!(
        "{} children fostered by a named household ({} now, {kin} episodes with family or friends), in {} of {all} households",
        named.len(),
        living.len(),
        households.len()
    );
}
