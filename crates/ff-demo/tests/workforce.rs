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
    assert_eq!(
        w.workers.len(),
        21,
        "five named social workers, seven more permanent staff, four apprentices and five agency workers: {:?}",
        w.workers
    );
    assert_eq!(w.workers.iter().filter(|x| x.has_account).count(), 5);
    assert_eq!(w.workers.iter().filter(|x| x.caseload.is_some()).count(), 5, "the named social workers' caseloads");
    assert!(w.workers.iter().any(|x| x.caseload.is_some_and(|c| c.cases > 0)), "the demo social worker leads cases");
    let statuses: Vec<&str> = w.assignments.iter().map(|a| a.status.as_str()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == "pending").count(), 2, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == "active").count(), 3, "{statuses:?}");
    let pending: Vec<_> = w.assignments.iter().filter(|a| a.status == "pending").collect();
    assert!(pending.iter().any(|p| p.dcs_signed_on.is_some() && p.ceo_signed_on.is_none()), "waiting for the chief executive");
    assert!(pending.iter().any(|p| p.dcs_signed_on.is_none() && p.ceo_signed_on.is_none()), "waiting for both");
    // The region's caps were loaded as its table, and the over-cap assignment before the census
    // day shows on the dashboard's default date with the agency spend by month.
    let caps = ff_service::workforce::caps(&t.db, &ctx).await.unwrap();
    assert_eq!((caps.region.as_str(), caps.history.len()), ("North West", 10));
    assert!(caps.in_force.iter().all(|c| c.hourly_pence.is_some()), "{:?}", caps.in_force);
    assert!(w.assignments.iter().any(|a| a.non_compliance.iter().any(|(r, _)| r == "W-AG-3")), "long notice kept as non-compliance");
    assert!(w.assignments.iter().any(|a| a.cooling_off_exception.as_deref() == Some("moving_to_permanent")));
    let lena = w.workers.iter().find(|x| x.name == "Lena Marsh").unwrap();
    let page = ff_service::workforce::worker(&t.db, &ctx, lena.id).await.unwrap();
    assert!(page.experience.iter().any(|e| e.not_counted.as_deref() == Some("agency or locum work does not count")));
    assert!(page.pqe_years >= 3.0, "{}", page.pqe_years);

    // The establishment gives realistic, non-zero rates this census year and last.
    let r = ff_service::workforce::rates_on(&t.db, &ctx, None).await.unwrap();
    assert_eq!(r.on.to_string(), "2026-09-30");
    assert_eq!((r.cap_breaches.total, r.cap_breaches.awaiting), (1, 1), "{:?}", r.cap_breaches);
    assert_eq!(r.cap_breaches.assignments[0].worker_name, "Priya Nair");
    assert_eq!(r.agency_spend.len(), 12);
    assert!(r.agency_spend.last().is_some_and(|m| m.pence > 0), "{:?}", r.agency_spend);
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
    // The dashboard's rates equal a direct computation from the database (issue 14): W-RATE-1 and
    // W-RATE-2 from the posts, permanent episodes and started agency assignments in force on the
    // census day, summed in SQL (cast: PostgreSQL sums bigints as numeric).
    {
        use ff_store::on;
        let mut tx = t.db.begin().await.unwrap();
        let (in_post, vacant, agency): (i64, i64, i64) = on!(&mut tx, c => sqlx::query_as(
            "SELECT \
               (SELECT CAST(COALESCE(SUM(fte), 0) AS BIGINT) FROM employment_episodes WHERE la_code = $1 AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2)), \
               (SELECT CAST(COALESCE(SUM(CASE WHEN p.funded_fte > COALESCE(f.filled, 0) THEN p.funded_fte - COALESCE(f.filled, 0) ELSE 0 END), 0) AS BIGINT) \
                  FROM posts p LEFT JOIN (SELECT post_id, SUM(fte) AS filled FROM employment_episodes \
                    WHERE la_code = $1 AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2) GROUP BY post_id) f ON f.post_id = p.id \
                  WHERE p.la_code = $1 AND p.from_date <= $2 AND (p.to_date IS NULL OR p.to_date >= $2)), \
               (SELECT CAST(COALESCE(SUM(fte), 0) AS BIGINT) FROM agency_assignments WHERE la_code = $1 AND status <> 'pending' AND start_date <= $2 \
                  AND (ended_on IS NULL OR ended_on >= $2))")
            .bind(ff_demo::DEMO_LA).bind(r.on).fetch_one(c).await.unwrap());
        let pct = |part: i64, whole: i64| (part as f64 * 1000.0 / whole as f64).round() / 10.0;
        assert!(in_post > 0 && vacant > 0 && agency > 0, "{in_post} {vacant} {agency}");
        assert_eq!(rate("vacancy_rate").this_year, Some(pct(vacant, vacant + in_post)), "W-RATE-1");
        assert_eq!(rate("agency_rate").this_year, Some(pct(agency, agency + in_post)), "W-RATE-2");
    }
    let posts = ff_service::workforce::posts(&t.db, &ctx).await.unwrap();
    assert!(posts.posts.len() >= 12 && posts.vacant_fte > 0.0, "{}", posts.vacant_fte);
    // Agency workers name the posts they cover (W-SYS-4): one covers a vacancy, one is on a
    // filled post and covers none, one is not tied to a post (decision 0025).
    let covered_by = |name: &str| posts.posts.iter().find(|p| p.agency.iter().any(|a| a.name == name)).unwrap();
    let tariq = covered_by("Tariq Mensah");
    assert_eq!((tariq.vacant_fte, tariq.covered_fte), (1.0, 1.0), "{tariq:?}");
    let lena = covered_by("Lena Marsh");
    assert_eq!((lena.vacant_fte, lena.covered_fte), (0.0, 0.0), "a post that is not vacant: {lena:?}");
    assert!(!lena.holders.is_empty());
    assert_eq!(posts.agency_not_tied_fte, 0.5, "the half-time worker naming no post");
    // On the census day only Tariq Mensah was running: he covers the vacancy of the post he names.
    let sw = r.posts_by_role.iter().find(|p| p.role_type == "SW").unwrap();
    assert_eq!(sw.covered_fte, 1.0, "{:?}", r.posts_by_role);
    assert_eq!(rate("agency_on_vacancies").this_year, Some(100.0), "W-RATE-5: {:?}", r.rates);

    // One LCPP is over the cap (issue 14 item 6; W-SYS-16), and only one: the caseloads show
    // them above it, with their enquiries started with a recorded reason.
    let loads = ff_service::workforce::caseloads_on(&t.db, &ctx, None, None).await.unwrap();
    let mut over: Vec<_> =
        loads.teams.iter().flat_map(|t| &t.workers).filter(|w| w.over_cap).map(|w| (w.user_id, w.role.clone(), w.cases, w.cap)).collect();
    over.sort();
    over.dedup();
    assert_eq!(over.len(), 1, "{over:?}");
    assert_eq!(over[0].1, "lcpp");
    assert!(over[0].2 > i64::from(over[0].3), "{over:?}");
    let lcpp_role = loads.by_role.iter().find(|r| r.label == ff_domain::roles::Role::Lcpp.label()).unwrap();
    assert_eq!(lcpp_role.over_cap, 1, "{lcpp_role:?}");

    // The workers' records (W-SYS-1) and what the dashboard makes of them (W-OUT-3).
    let line = |lines: &[ff_service::workforce::RateLine], k: &str| lines.iter().find(|l| l.key == k).unwrap().this_year.unwrap();
    assert_eq!(line(&r.early_career, "early_career_apprentices"), 4.0, "the apprentice cohort: {:?}", r.early_career);
    assert!(line(&r.early_career, "early_career_first") >= 3.0, "{:?}", r.early_career);
    assert!(line(&r.early_career, "early_career_second") >= 1.0, "{:?}", r.early_career);
    assert_eq!(line(&r.lcpp, "lcpp_accredited"), 2.0, "{:?}", r.lcpp);
    assert!(line(&r.lcpp, "lcpp_ready") >= 1.0, "the team manager accredited and not designated: {:?}", r.lcpp);
    assert!(line(&r.leads, "leads_social_workers") + line(&r.leads, "leads_others") > 0.0, "{:?}", r.leads);
    let kemi = w.workers.iter().find(|x| x.name == "Kemi Ade").unwrap();
    let page = ff_service::workforce::worker(&t.db, &ctx, kemi.id).await.unwrap();
    assert_eq!(page.registration_status.as_deref(), Some("lapsed"));
    assert!(page.registration_flag.is_some() && page.versions.len() == 2, "the lapse is an edit, the first version kept");
    let aisha = w.workers.iter().find(|x| x.name == "Aisha Begum").unwrap();
    let page = ff_service::workforce::worker(&t.db, &ctx, aisha.id).await.unwrap();
    assert_eq!((page.qualification_route.as_deref(), page.early_career.map(|e| e.year)), (Some("apprenticeship"), Some(1)));
    assert!(page.date_of_birth.is_some());
}
