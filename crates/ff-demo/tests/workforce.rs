//! The demo's workforce: the named social workers linked to their accounts with the
//! experience that counts, and agency workers at each point the agency rules reach.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use chrono::{TimeZone, Utc};

#[tokio::test]
async fn demo_workforce_has_staff_and_agency_workers_at_each_rule() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let t = common::seeded_demo(now, 7, 40).await;
    // A second round of scenarios adds no second workforce.
    ff_demo::family_help::seed_family_help(&t.db, now, 12).await.unwrap();
    let ctx = common::ctx_as(&t.db, "workforce", now).await;
    let w = ff_service::workforce::list(&t.db, &ctx, None).await.unwrap();
    assert_eq!(w.workers.len(), 16, "five named social workers, seven more permanent staff and four agency workers: {:?}", w.workers);
    assert_eq!(w.workers.iter().filter(|x| x.has_account).count(), 5);
    assert_eq!(w.workers.iter().filter(|x| x.caseload.is_some()).count(), 5, "the named social workers' caseloads");
    assert!(w.workers.iter().any(|x| x.caseload.is_some_and(|c| c.cases > 0)), "the demo social worker leads cases");
    let statuses: Vec<&str> = w.assignments.iter().map(|a| a.status.as_str()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == "pending").count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == "active").count(), 3, "{statuses:?}");
    let pending = w.assignments.iter().find(|a| a.status == "pending").unwrap();
    assert!(pending.dcs_signed_on.is_some() && pending.ceo_signed_on.is_none(), "waiting for the chief executive");
    assert!(w.assignments.iter().any(|a| a.non_compliance.iter().any(|(r, _)| r == "W-AG-3")), "long notice kept as non-compliance");
    assert!(w.assignments.iter().any(|a| a.cooling_off_exception.as_deref() == Some("moving_to_permanent")));
    let lena = w.workers.iter().find(|x| x.name == "Lena Marsh").unwrap();
    let page = ff_service::workforce::worker(&t.db, &ctx, lena.id).await.unwrap();
    assert!(page.experience.iter().any(|e| e.not_counted.as_deref() == Some("agency or locum work does not count")));
    assert!(page.pqe_years >= 3.0, "{}", page.pqe_years);

    // The establishment gives realistic, non-zero rates this census year and last.
    let r = ff_service::workforce::rates_on(&t.db, &ctx, None).await.unwrap();
    assert_eq!(r.on.to_string(), "2026-09-30");
    let rate = |k: &str| r.rates.iter().find(|l| l.key == k).unwrap().clone();
    for k in ["vacancy_rate", "agency_rate", "turnover_rate", "sickness_rate", "caseload"] {
        let l = rate(k);
        assert!(l.this_year.is_some_and(|v| v > 0.0), "{k}: {l:?}");
    }
    for k in ["vacancy_rate", "turnover_rate", "sickness_rate"] {
        let l = rate(k);
        assert!(l.last_year.is_some_and(|v| v > 0.0), "{k} last year: {l:?}");
    }
    assert!(rate("vacancy_rate").this_year.unwrap() < 50.0, "{:?}", r.rates);
    let posts = ff_service::workforce::posts(&t.db, &ctx).await.unwrap();
    assert!(posts.posts.len() >= 12 && posts.vacant_fte > 0.0, "{}", posts.vacant_fte);
}
