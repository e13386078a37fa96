//! The demo's harm outside the home (HOTH-3, HOTH-4): a child linked to Northmoor bus station has
//! an exploitation risk screening in their record and chronology, and partners met about the bus
//! station and agreed three actions: one done with its evidence, one overdue, one not yet due.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use chrono::{TimeZone, Utc};

#[tokio::test]
async fn demo_bus_station_has_a_screened_child_and_a_meeting_with_one_action_done_and_one_overdue() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let t = common::seeded_demo(now, 7, 120).await;
    ff_demo::family_help::seed_family_help(&t.db, now, ff_demo::family_help::STAGES.len()).await.unwrap();
    let sw = common::ctx_as(&t.db, "socialworker", now).await;
    let list = ff_service::outside_home::list(&t.db, &sw, "Northmoor", None).await.unwrap();
    let station = list.places.iter().find(|p| p.name == "Northmoor bus station").unwrap();
    let place = ff_service::outside_home::place(&t.db, &sw, station.id).await.unwrap();
    assert_eq!(place.meetings.len(), 1);
    let m = &place.meetings[0];
    assert_eq!(m.actions.len(), 3);
    let done: Vec<_> = m.actions.iter().filter(|a| a.done_on.is_some()).collect();
    assert_eq!(done.len(), 1);
    assert!(done[0].evidence.as_deref().is_some_and(|e| !e.is_empty()));
    assert_eq!(m.actions.iter().filter(|a| a.overdue).count(), 1);
    assert_eq!(place.overdue_actions, 1);
    assert!(m.attended.iter().any(|a| a == "Transport"));
    // The first linked child is screened, and the screening is in their chronology.
    let child = place.children.first().unwrap().child_id;
    let screenings = ff_service::outside_home::screenings(&t.db, &sw, child).await.unwrap();
    assert_eq!(screenings.len(), 1);
    assert_eq!(screenings[0].harms.iter().find(|h| h.harm == "criminal_exploitation").unwrap().level, "significant");
    assert_eq!(screenings[0].outcome, "multi_agency_meeting");
    let chronology =
        ff_service::chronology::chronology(&t.db, &sw, child, &ff_service::chronology::ChronologyFilter::default()).await.unwrap();
    assert!(chronology.entries.iter().any(|e| e.title.starts_with("Exploitation risk screening: criminal exploitation: significant")));
}
