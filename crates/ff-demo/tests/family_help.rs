//! The Family Help demo covers every stage the issue asks for.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use chrono::{TimeZone, Utc};
use ff_domain::audit::ChainCheck;

#[tokio::test]
async fn demo_families_at_every_stage_with_overdue_work_and_both_kinds_of_lead() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let t = common::seeded_demo(now, 7, 40).await;
    let made = ff_demo::family_help::seed_family_help(&t.db, now, 20).await.unwrap();
    assert_eq!(made, 20);

    let ctx = |user: &'static str| common::ctx_as(&t.db, user, now);
    // The demo region (decision 0029): Northmoor and Calderbrook on Families First, Eastwick
    // joining by its 903 files; the regional commissioner sees Northmoor's extract, Eastwick's
    // files checked, and the region's sufficiency, which adds up its members'.
    let regional = ctx("regional-commissioner").await;
    let shared = ff_service::regions::shared(&t.db, &regional).await.unwrap();
    assert_eq!(shared.members.iter().map(|m| m.la_code.as_str()).collect::<Vec<_>>(), ["201", "202", "990"]);
    assert!(shared.extracts.iter().any(|e| e.la_code == "990" && e.extract.tables.iter().any(|t| t.table == "placements")));
    assert_eq!(shared.uploads.len(), 1);
    assert_ne!(shared.uploads[0].verdict, "unreadable");
    let region = ff_service::regions::sufficiency(&t.db, &regional).await.unwrap();
    assert_eq!(region.total.children, region.members.iter().map(|m| m.children).sum::<u32>());
    assert!(region.members.iter().find(|m| m.la_code == "202").unwrap().children > 0);
    assert!(region.forecast_title.is_some(), "the forecast from Eastwick's files");
    let practitioner = ctx("practitioner").await;
    let tray = ff_service::family_help::work_tray(&t.db, &practitioner).await.unwrap();
    assert!(tray.mine.iter().any(|i| i.overdue), "some work is overdue");
    assert!(tray.contacts.iter().any(|c| c.overdue), "an undecided contact is past its T1 due date");
    assert!(tray.contacts.iter().any(|c| !c.overdue), "and one is not yet due");
    assert!(tray.mine.iter().any(|i| i.kind == "oversight"), "a non-social-worker lead has oversight due (R-FH-1)");

    // Walk every child's record: both kinds of non-social-worker lead, closures and a re-referral exist.
    let manager = ctx("manager").await;
    let mut tx = t.db.begin().await.unwrap();
    let kids = ff_store::people::children_sample(&mut tx, "990", chrono::NaiveDate::from_ymd_opt(2009, 1, 1).unwrap(), 20).await.unwrap();
    drop(tx);
    let (mut with_overseer, mut without_overseer, mut closed, mut rereferral) = (0, 0, 0, 0);
    for k in &kids {
        let rec = ff_service::family_help::for_child(&t.db, &manager, k.id).await.unwrap();
        for e in &rec.episodes {
            if e.lead.as_deref() == Some("Jess Whitworth") {
                if e.overseer.is_some() { with_overseer += 1 } else { without_overseer += 1 }
            }
            closed += usize::from(e.closure_date.is_some());
            rereferral += usize::from(e.rereferral);
        }
    }
    assert!(with_overseer > 0 && without_overseer > 0, "{with_overseer} / {without_overseer}");
    assert!(closed > 0 && rereferral > 0);

    // Child protection: plans open and ended, a review overdue, the team working
    // cases, a police answer in the chronology and a parental account nobody has corroborated.
    let (mut open_plans, mut ended, mut review_overdue, mut team_cases, mut uncorroborated, mut police_notes) = (0, 0, 0, 0, 0, 0);
    for k in &kids {
        let cp = ff_service::child_protection::for_child(&t.db, &manager, k.id).await.unwrap();
        for p in &cp.plans {
            if p.end_date.is_some() {
                ended += 1
            } else {
                open_plans += 1
            }
            review_overdue += usize::from(p.review_overdue);
            assert!(p.family_help_lead_name.is_some(), "R-FH-2: the family help lead stays");
            // The plan is written with the family: the LCPP's and the family help lead's words.
            let rec =
                ff_service::plan_record::record(&t.db, &manager, ff_domain::plan_record::PlanKind::ChildProtection, p.id).await.unwrap();
            let written = |key: &str| rec.sections.iter().any(|s| s.key == key && !s.text.is_empty());
            assert!(written("worries") && written("family_words") && written("child_words"), "{:?}", rec.sections);
        }
        team_cases += cp.team_cases.len();
        uncorroborated += cp.uncorroborated_parent_accounts.len();
        police_notes += cp.notes.iter().filter(|n| n.agency == "police").count();
    }
    assert!(open_plans > 0 && ended > 0 && review_overdue > 0, "{open_plans} / {ended} / {review_overdue}");
    assert!(team_cases > 0 && uncorroborated > 0 && police_notes > 0, "{team_cases} / {uncorroborated} / {police_notes}");
    let police = ctx("police").await;
    let work = ff_service::macpt::my_team_work(&t.db, &police).await.unwrap();
    assert!(!work.cases.is_empty(), "the police partner's team works cases");
    // Family networks: an FGDM held with its plan, a package paid, kinship care,
    // and pre-proceedings with the offer in the letter.
    let (mut held, mut kinship, mut letters, mut packages) = (0, 0, 0, 0);
    for k in &kids {
        let n = ff_service::family_networks::for_child(&t.db, &manager, k.id).await.unwrap();
        held += n.fgdms.iter().filter(|f| f.state == "plan_agreed").count();
        kinship += n.kinship.len();
        letters += n.plos.iter().filter(|p| p.letter_includes_fgdm_offer == Some(true)).count();
        packages += ff_service::support_packages::for_child(&t.db, &manager, k.id)
            .await
            .unwrap()
            .packages
            .iter()
            .filter(|p| p.paid_pence > 0)
            .count();
    }
    assert!(held > 0 && kinship > 0 && letters > 0 && packages > 0, "{held} / {kinship} / {letters} / {packages}");
    let overview = ff_service::conferences::overview(&t.db, &manager).await.unwrap();
    assert!(overview.loads.iter().filter(|l| l.children > 0).count() >= 2, "plans are shared between LCPPs");
    let checks = ff_service::audit::verify(&t.db).await.unwrap();
    assert!(checks.iter().all(|c| matches!(c, ChainCheck::Intact { .. })), "{checks:?}");
}

/// The dashboard's figures agree with counts made directly from the database.
#[tokio::test]
async fn dashboard_figures_agree_with_direct_counts() {
    use ff_store::on;
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let t = common::seeded_demo(now, 11, 60).await;
    ff_demo::family_help::seed_family_help(&t.db, now, 42).await.unwrap();
    let mut tx = t.db.begin().await.unwrap();
    let analyst = ff_store::users::find_by_username(&mut tx, "analyst").await.unwrap().unwrap();
    let population = ff_store::settings::current(&mut tx, "990").await.unwrap().unwrap().settings.child_population;
    drop(tx);
    let ctx = ff_service::Ctx { actor: ff_service::auth::actor_from(&analyst).unwrap(), now };
    let (from, to) = (chrono::NaiveDate::from_ymd_opt(2025, 11, 1).unwrap(), chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let d = ff_service::insight::dashboard(&t.db, &ctx, &ff_service::insight::Period { from: Some(from), to: Some(to) }).await.unwrap();
    let value = |figures: &[ff_service::insight::Figure], key: &str| figures.iter().find(|f| f.key == key).unwrap().value;

    let count = |sql: &'static str| {
        let db = t.db.clone();
        async move {
            let mut tx = db.begin().await.unwrap();
            on!(&mut tx, c => sqlx::query_scalar::<_, i64>(sql).bind("990").bind(from).bind(to).fetch_one(c).await.unwrap()) as f64
        }
    };
    let referrals = count("SELECT COUNT(*) FROM episodes WHERE la_code = $1 AND referral_date >= $2 AND referral_date <= $3").await;
    let s47 = count("SELECT COUNT(*) FROM s47_enquiries WHERE la_code = $1 AND start_date >= $2 AND start_date <= $3").await;
    let icpc = count("SELECT COUNT(*) FROM conferences WHERE la_code = $1 AND kind = 'initial' AND held_on >= $2 AND held_on <= $3").await;
    let plans = count("SELECT COUNT(*) FROM cp_plans WHERE la_code = $1 AND start_date >= $2 AND start_date <= $3").await;
    let on_plans =
        count("SELECT COUNT(*) FROM cp_plans WHERE la_code = $1 AND $2 = $2 AND start_date <= $3 AND (end_date IS NULL OR end_date > $3)")
            .await;
    let neglect =
        count("SELECT COUNT(*) FROM cp_plans WHERE la_code = $1 AND category = 'NEG' AND start_date >= $2 AND start_date <= $3").await;
    // Every plan's initial conference has its record written and agreed by the chair (MR-3).
    let all_plans = count("SELECT COUNT(*) FROM cp_plans WHERE la_code = $1 AND $2 = $2 AND $3 = $3").await;
    let agreed = count(
        "SELECT COUNT(*) FROM conference_records r JOIN cp_plans p ON p.la_code = r.la_code AND p.initial_conference_id = r.conference_id \
         WHERE r.la_code = $1 AND $2 = $2 AND $3 = $3 AND r.agreed_at IS NOT NULL AND r.sections LIKE '%decision_reasons%'",
    )
    .await;
    assert!(all_plans > 0.0 && agreed == all_plans, "{agreed} of {all_plans} plans' conferences have an agreed record");
    // Children in care: each period of care starts with S, then an interim care order (L) and a
    // move (P; B for the child in care over a year, whose move came with the full care order), as
    // the 903 counts episodes (LA-1). The care leavers' single episodes, ended at 18,
    // are counted apart.
    let starts = count(
        "SELECT COUNT(*) FROM care_episodes WHERE la_code = $1 AND $2 = $2 AND $3 = $3 AND reason_new_episode = 'S' \
         AND (reason_ceased IS NULL OR reason_ceased = 'X1')",
    )
    .await;
    let leavers = count(
        "SELECT COUNT(*) FROM care_episodes WHERE la_code = $1 AND $2 = $2 AND $3 = $3 AND reason_new_episode = 'S' AND reason_ceased IN ('E17', 'E5')",
    )
    .await;
    let leaving_records = count("SELECT COUNT(DISTINCT child_id) FROM pathway_plans WHERE la_code = $1 AND $2 = $2 AND $3 = $3").await;
    assert!(leavers >= 2.0 && leaving_records == leavers, "{leavers} care leavers, {leaving_records} with pathway plans");
    let changes =
        count("SELECT COUNT(*) FROM care_episodes WHERE la_code = $1 AND $2 = $2 AND $3 = $3 AND reason_new_episode IN ('L', 'P', 'B')")
            .await;
    assert!(starts > 0.0 && changes == 2.0 * starts, "{starts} periods of care, {changes} changes");
    let assessed = count("SELECT COUNT(*) FROM assessments WHERE la_code = $1 AND completed_date >= $2 AND completed_date <= $3").await;
    assert!(referrals > 0.0 && s47 > 0.0 && plans > 0.0, "the demo has activity in the period");
    assert_eq!(value(&d.referrals, "referrals"), referrals);
    assert_eq!(value(&d.referrals, "assessments_completed"), assessed);
    assert_eq!(value(&d.child_protection, "s47_started"), s47);
    assert_eq!(value(&d.child_protection, "initial_conferences"), icpc);
    assert_eq!(value(&d.child_protection, "plans_started"), plans);
    assert_eq!(value(&d.child_protection, "children_on_plans"), on_plans);
    let per_10k = (on_plans * 10_000.0 / f64::from(population) * 10.0).round() / 10.0;
    assert_eq!(value(&d.child_protection, "on_plans_per_10k"), per_10k);
    assert_eq!(value(&d.categories, "NEG"), neglect);
    // Every demo plan is held by a designated LCPP.
    assert_eq!(value(&d.families_first, "held_by_lcpp"), 100.0);
    let csv = ff_service::insight::to_csv(&d);
    assert!(csv.lines().any(|l| l.starts_with("child_protection,plans_started,")), "{csv}");
}

/// A demo larger than the handful of named accounts can hold: the staff grow
/// with the council and the work is shared so that no one starts over their caseload cap. With
/// only the named LCPP leading every enquiry, 1,300 families went over the cap of twelve.
#[tokio::test]
async fn a_large_demo_spreads_the_work_within_the_caps() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let families = 1_300;
    let t = common::seeded_demo(now, 11, families).await;
    let scenarios = ff_demo::scenarios_for(families);
    assert_eq!(ff_demo::family_help::seed_family_help(&t.db, now, scenarios).await.unwrap(), scenarios);

    let mut tx = t.db.begin().await.unwrap();
    let u = ff_store::users::find_by_username(&mut tx, "manager").await.unwrap().unwrap();
    let loads = ff_store::family_help::caseloads(&mut tx, "990").await.unwrap();
    drop(tx);
    let caps = ff_domain::settings::CaseloadCaps::default();
    assert!(loads.len() > 20, "the work is shared: {loads:?}");
    assert!(loads.iter().all(|(_, n)| *n <= i64::from(caps.family_help_practitioner.max(caps.social_worker))), "{loads:?}");
    let manager = ff_service::Ctx { actor: ff_service::auth::actor_from(&u).unwrap(), now };
    let overview = ff_service::conferences::overview(&t.db, &manager).await.unwrap();
    let holding: Vec<i64> = overview.loads.iter().map(|l| l.children).filter(|n| *n > 0).collect();
    assert!(holding.len() >= 5, "{holding:?}");
    // Every LCPP within the cap but one, the demo's over-cap LCPP (issue 14 item 6), whose
    // enquiries were started with the reason the service asks for.
    let over: Vec<&i64> = holding.iter().filter(|n| **n > i64::from(caps.lcpp)).collect();
    assert_eq!(over.len(), 1, "{holding:?}");
}
