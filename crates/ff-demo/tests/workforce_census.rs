//! The demo council's workforce census for the latest census year, made from its records, has
//! no error under the census rules (W-CSWW-1…4) or the schema's layout: what the records do not
//! hold is a gap to fill in, never an error or a made-up value.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use chrono::{TimeZone, Utc};
use ff_returns::csww::{self, Severity};

#[tokio::test]
async fn the_demo_councils_workforce_census_has_no_errors() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let t = common::seeded_demo(now, 7, 40).await;
    // The family help scenarios bring the workforce: its establishment, agency workers and caseloads.
    ff_demo::family_help::seed_family_help(&t.db, now, 12).await.unwrap();
    let ctx = common::ctx_as(&t.db, "workforce", now).await;
    let latest = *ff_service::workforce::census_years(ctx.today()).first().unwrap();
    assert_eq!(latest, 2026);
    let (summary, xml) = ff_service::workforce::census(&t.db, &ctx, latest).await.unwrap();
    assert!(summary.errors.is_empty(), "{:#?}", summary.errors);
    // The file checked again on its own: no error, only the gaps the records cannot fill.
    let findings = csww::check(&xml, &ff_service::workforce::NOT_HELD);
    let errors: Vec<_> = findings.iter().filter(|f| f.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(findings.iter().all(|f| f.rule == "W-CSWW-1"), "gaps are the mandatory items not held");
    // The demo's establishment is in it: staff in post, leavers in the year, agency workers.
    assert!(summary.permanent_in_post >= 5, "{summary:?}");
    assert!(summary.leavers >= 2, "two left this census year: {summary:?}");
    assert!(summary.agency_in_post >= 1, "an agency worker in post on 30 September: {summary:?}");
    assert!(summary.vacancies_fte > 0.0 && summary.cases > 0, "{summary:?}");
    assert_eq!(xml.matches("<CSWWWorker>").count(), summary.records);
}
