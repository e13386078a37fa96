//! Family network support packages through the service layer: FNSP-1
//! eligibility, FNSP-2 approval limits, FNSP-3 payments, closure and the budget. Runs on SQLite,
//! or on PostgreSQL when FF_TEST_DATABASE_URL is set.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use ff_service::support_packages::{
    self as sp, ClosePackageInput, PackageDecisionInput, PackageItemInput, PackageRequestInput, PaymentInput,
};
use ff_service::{Ctx, ServiceError};
use ff_store::testing::TestDb;
use ff_store::{Db, on};
use uuid::Uuid;

const LA: &str = ff_demo::DEMO_LA;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

struct Fixture {
    t: TestDb,
    practitioner: Ctx,
    social_worker: Ctx,
    lcpp: Ctx,
    manager: Ctx,
    analyst: Ctx,
    police: Ctx,
    /// Children of the demo families, none of them open to Family Help yet.
    children: Vec<Uuid>,
}

impl Fixture {
    async fn new() -> Fixture {
        let t = TestDb::new().await.expect("test database");
        ff_service::calendar::seed_if_empty(&t.db, now()).await.unwrap();
        ff_demo::seed(&t.db, now(), &ff_demo::DemoOptions { seed: 11, families: 6 }).await.unwrap();
        let ctx = |username: &'static str| {
            let db = t.db.clone();
            async move {
                let mut tx = db.begin().await.unwrap();
                let u = ff_store::users::find_by_username(&mut tx, username).await.unwrap().unwrap();
                Ctx { actor: ff_service::auth::actor_from(&u).unwrap(), now: now() }
            }
        };
        let children = {
            let mut tx = t.db.begin().await.unwrap();
            // Born before the contacts these tests record 60 days back (no record predates its child).
            let born = ff_store::people::children_sample(&mut tx, LA, d(2010, 1, 1), 12).await.unwrap();
            born.into_iter().filter(|p| p.date_of_birth.is_some_and(|b| b <= d(2026, 6, 1))).take(4).map(|p| p.id).collect::<Vec<_>>()
        };
        assert!(children.len() >= 3, "the demo families have children");
        Fixture {
            practitioner: ctx("practitioner").await,
            social_worker: ctx("socialworker").await,
            lcpp: ctx("lcpp").await,
            manager: ctx("manager").await,
            analyst: ctx("analyst").await,
            police: ctx("police").await,
            children,
            t,
        }
    }

    fn db(&self) -> &Db {
        &self.t.db
    }

    /// Open a Family Help episode for the child through the front door.
    async fn open_family_help(&self, child: Uuid) -> Uuid {
        use ff_service::family_help as fh;
        let ctx = &self.social_worker;
        let c = fh::record_contact(
            self.db(),
            ctx,
            &fh::ContactInput {
                received_at: Some(now() - chrono::Duration::days(60)),
                channel: "phone".into(),
                source: "2A".into(),
                referrer_name: None,
                referrer_organisation: Some("Northmoor Primary School".into()),
                concerns: "Grandmother caring for the children needs help to keep them".into(),
                consent: "given".into(),
                consent_basis: None,
                child_ids: vec![child],
                adult_ids: vec![],
            },
        )
        .await
        .unwrap();
        let r = fh::decide_contact(
            self.db(),
            ctx,
            c.id,
            &fh::DecisionInput {
                decision: "family_help".into(),
                reason: "Family help".into(),
                primary_need: Some("N4".into()),
                decided_at: Some(now() - chrono::Duration::days(59)),
                version: c.version,
            },
        )
        .await
        .unwrap();
        r.episodes[0]
    }

    /// A family group decision making record for the child (written directly: this test is about
    /// support packages, not family group decision making).
    async fn add_fgdm(&self, child: Uuid, state: &str) -> Uuid {
        let id = Uuid::new_v4();
        let mut tx = self.db().begin().await.unwrap();
        on!(&mut tx, c => sqlx::query(
            "INSERT INTO fgdm (la_code, id, child_id, stage, state, referred_on, meeting_on, version, created_at) VALUES ($1, $2, $3, 'family_help', $4, $5, $6, 1, $7)")
            .bind(LA).bind(id).bind(child).bind(state).bind(d(2026, 10, 1)).bind(Some(d(2026, 10, 20))).bind(now())
            .execute(c).await.unwrap().rows_affected());
        tx.commit().await.unwrap();
        id
    }

    async fn set_fgdm_state(&self, id: Uuid, state: &str) {
        let mut tx = self.db().begin().await.unwrap();
        on!(&mut tx, c => sqlx::query("UPDATE fgdm SET state = $1, version = version + 1 WHERE la_code = $2 AND id = $3")
            .bind(state).bind(LA).bind(id).execute(c).await.unwrap().rows_affected());
        tx.commit().await.unwrap();
    }

    /// One sum straight from a table, for comparing with the service's figures.
    async fn direct_sum(&self, sql: &'static str, from: NaiveDate, to: NaiveDate) -> i64 {
        let mut tx = self.db().begin().await.unwrap();
        let v: Option<i64> =
            on!(&mut tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(LA).bind(from).bind(to).fetch_one(c).await.unwrap());
        v.unwrap_or(0)
    }

    async fn package(&self, ctx: &Ctx, child: Uuid, id: Uuid) -> sp::PackageView {
        sp::for_child(self.db(), ctx, child).await.unwrap().packages.into_iter().find(|p| p.id == id).expect("package listed")
    }
}

fn request(costs: &[i64], no_network_reason: Option<&str>) -> PackageRequestInput {
    let categories = ["carer_essentials", "child_needs", "transport", "housing_deposit"];
    PackageRequestInput {
        purpose: "Help the grandmother keep the children safely at home".into(),
        items: costs
            .iter()
            .enumerate()
            .map(|(i, c)| PackageItemInput {
                category: categories[i % categories.len()].into(),
                description: format!("Item {}", i + 1),
                cost_pence: *c,
            })
            .collect(),
        fgdm_id: None,
        no_network_reason: no_network_reason.map(str::to_owned),
        review_on: Some(d(2027, 5, 1)),
        requested_on: None,
    }
}

fn approve(version: i32) -> PackageDecisionInput {
    PackageDecisionInput {
        decision: "approve".into(),
        note: "Sustainable and agreed at the meeting".into(),
        review_on: None,
        decided_on: None,
        version,
    }
}

fn payment(amount_pence: i64, paid_on: NaiveDate, version: i32) -> PaymentInput {
    PaymentInput { paid_on, amount_pence, payee: "Northmoor Furniture Ltd".into(), reference: Some("PO-1".into()), version }
}

fn rule(e: ServiceError) -> &'static str {
    match e {
        ServiceError::Rule(r) => r.rule,
        other => panic!("expected a rule refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn fnsp1_needs_an_open_case_and_a_meeting_held_or_no_network() {
    let f = Fixture::new().await;
    let (child, other) = (f.children[0], f.children[1]);
    let sw = &f.social_worker;

    // Not open to Family Help or child protection: refused even with a no-network reason.
    let e = sp::request_package(f.db(), sw, child, &request(&[20_000], Some("No relatives or friends identified"))).await.unwrap_err();
    assert_eq!(rule(e), "FNSP-1");

    f.open_family_help(child).await;
    // Open, but no meeting held and no reason recorded.
    let e = sp::request_package(f.db(), sw, child, &request(&[20_000], None)).await.unwrap_err();
    match e {
        ServiceError::Rule(r) => assert!(r.rule == "FNSP-1" && r.message.contains("family group decision making"), "{}", r.message),
        other => panic!("{other:?}"),
    }
    // A meeting only offered is not enough, whether chosen or not.
    let offered = f.add_fgdm(child, "offered").await;
    assert_eq!(rule(sp::request_package(f.db(), sw, child, &request(&[20_000], None)).await.unwrap_err()), "FNSP-1");
    let chosen = PackageRequestInput { fgdm_id: Some(offered), ..request(&[20_000], None) };
    assert_eq!(rule(sp::request_package(f.db(), sw, child, &chosen).await.unwrap_err()), "FNSP-1");
    // Another child's meeting cannot be chosen.
    let theirs = f.add_fgdm(other, "meeting_held").await;
    let wrong = PackageRequestInput { fgdm_id: Some(theirs), ..request(&[20_000], None) };
    assert!(
        matches!(sp::request_package(f.db(), sw, child, &wrong).await, Err(ServiceError::Validation(v)) if v.for_field("fgdm_id").is_some())
    );

    // A no-network reason recorded allows the request; so does a meeting held, which is linked.
    let with_reason =
        sp::request_package(f.db(), sw, child, &request(&[20_000], Some("No relatives or friends identified"))).await.unwrap();
    f.set_fgdm_state(offered, "meeting_held").await;
    let a = sp::request_package(f.db(), &f.practitioner, child, &request(&[12_500, 7_500], None)).await.unwrap();
    let view = sp::for_child(f.db(), sw, child).await.unwrap();
    assert_eq!(view.packages.len(), 2);
    assert!(view.ineligible_reason.is_none() && !view.needs_no_network_reason);
    assert_eq!(view.latest_held_fgdm, Some(offered));
    let p = view.packages.iter().find(|p| p.id == a).unwrap();
    assert_eq!((p.status.as_str(), p.total_pence, p.items.len(), p.fgdm_id), ("requested", 20_000, 2, Some(offered)));
    assert_eq!(view.packages.iter().find(|p| p.id == with_reason).unwrap().fgdm_id, None);

    // FNSP-1 is checked again at approval: the meeting's record has changed since.
    f.set_fgdm_state(offered, "declined").await;
    assert_eq!(rule(sp::decide(f.db(), sw, a, &approve(1)).await.unwrap_err()), "FNSP-1");
    // The no-network package is still eligible. Its requester may not approve it (FNSP-4).
    assert_eq!(rule(sp::decide(f.db(), sw, with_reason, &approve(1)).await.unwrap_err()), "FNSP-4");
    sp::decide(f.db(), &f.lcpp, with_reason, &approve(1)).await.unwrap();

    // Bad input changes nothing; audit summaries carry no personal data.
    let bad = PackageRequestInput { items: vec![], purpose: " ".into(), ..request(&[], None) };
    match sp::request_package(f.db(), sw, child, &bad).await.unwrap_err() {
        ServiceError::Validation(v) => assert!(v.for_field("items").is_some() && v.for_field("purpose").is_some()),
        other => panic!("{other:?}"),
    }
    let mut tx = f.db().begin().await.unwrap();
    let events = ff_store::audit::events_for_record(&mut tx, LA, "support_package", &a.to_string(), 10).await.unwrap();
    assert_eq!(events.len(), 1);
    for e in &events {
        assert!(!e.summary.contains("grandmother") && !e.summary.contains('£'), "{}", e.summary);
    }
}

#[tokio::test]
async fn fnsp2_approval_within_the_approvers_limit() {
    let f = Fixture::new().await;
    let child = f.children[0];
    f.open_family_help(child).await;
    f.add_fgdm(child, "plan_agreed").await;
    // Demo limits: social worker £500, LCPP £1,000, manager £5,000.
    let small = sp::request_package(f.db(), &f.practitioner, child, &request(&[30_000, 15_000], None)).await.unwrap();
    let medium = sp::request_package(f.db(), &f.practitioner, child, &request(&[80_000], None)).await.unwrap();
    let large = sp::request_package(f.db(), &f.practitioner, child, &request(&[400_000, 200_000], None)).await.unwrap();

    // A family help practitioner cannot decide at all.
    assert!(matches!(sp::decide(f.db(), &f.practitioner, small, &approve(1)).await, Err(ServiceError::Denied(_))));
    // Within the social worker's limit.
    assert_eq!(
        sp::decide(f.db(), &f.social_worker, small, &approve(1)).await.unwrap(),
        ff_domain::support_packages::PackageStatus::Approved
    );
    let p = f.package(&f.social_worker, child, small).await;
    assert_eq!((p.status.as_str(), p.version, p.remaining_pence, p.decided_on), ("approved", 2, 45_000, Some(d(2026, 11, 23))));
    assert_eq!(p.review_on, Some(d(2027, 5, 1)));
    assert_eq!(p.decided_by.as_deref(), Some(f.social_worker.actor.display_name.as_str()));
    // Decided once only; a second decision on the old version lost the race: a conflict (409).
    assert!(matches!(sp::decide(f.db(), &f.lcpp, small, &approve(1)).await, Err(ServiceError::Conflict { .. })));

    // Above the social worker's limit: refused, nothing written; an LCPP may approve it.
    let e = sp::decide(f.db(), &f.social_worker, medium, &approve(1)).await.unwrap_err();
    match e {
        ServiceError::Rule(r) => assert!(r.rule == "FNSP-2" && r.message.contains("£800") && r.message.contains("£500"), "{}", r.message),
        other => panic!("{other:?}"),
    }
    assert_eq!(f.package(&f.social_worker, child, medium).await.version, 1);
    assert!(matches!(sp::decide(f.db(), &f.lcpp, medium, &approve(7)).await, Err(ServiceError::Conflict { current_version: 1, .. })));
    sp::decide(f.db(), &f.lcpp, medium, &approve(1)).await.unwrap();

    // Above even a manager's limit.
    assert_eq!(rule(sp::decide(f.db(), &f.manager, large, &approve(1)).await.unwrap_err()), "FNSP-2");
    // Declining needs no limit, but a note.
    let no_note = PackageDecisionInput { decision: "decline".into(), note: "".into(), ..approve(1) };
    assert!(
        matches!(sp::decide(f.db(), &f.social_worker, large, &no_note).await, Err(ServiceError::Validation(v)) if v.for_field("note").is_some())
    );
    let decline =
        PackageDecisionInput { decision: "decline".into(), note: "Not sustainable: ask for a smaller package".into(), ..approve(1) };
    assert_eq!(sp::decide(f.db(), &f.social_worker, large, &decline).await.unwrap(), ff_domain::support_packages::PackageStatus::Declined);

    // Approval needs a sustainability review date.
    let undated = PackageRequestInput { review_on: None, ..request(&[10_000], None) };
    let undated = sp::request_package(f.db(), &f.practitioner, child, &undated).await.unwrap();
    assert!(
        matches!(sp::decide(f.db(), &f.social_worker, undated, &approve(1)).await, Err(ServiceError::Validation(v)) if v.for_field("review_on").is_some())
    );
    let dated = PackageDecisionInput { review_on: Some(d(2027, 2, 1)), ..approve(1) };
    sp::decide(f.db(), &f.social_worker, undated, &dated).await.unwrap();

    // Every version is kept.
    let mut tx = f.db().begin().await.unwrap();
    assert_eq!(ff_store::versions::list_versions(&mut tx, LA, "support_package", small).await.unwrap().len(), 2);
}

#[tokio::test]
async fn fnsp3_payments_never_exceed_the_approved_total() {
    let f = Fixture::new().await;
    let child = f.children[0];
    f.open_family_help(child).await;
    let id = sp::request_package(f.db(), &f.social_worker, child, &request(&[30_000, 15_000], Some("No network"))).await.unwrap();

    // Not yet approved: no payment.
    assert_eq!(rule(sp::record_payment(f.db(), &f.manager, id, &payment(100, d(2026, 11, 20), 1)).await.unwrap_err()), "FNSP-3");
    sp::decide(f.db(), &f.lcpp, id, &approve(1)).await.unwrap();
    // Only a manager records payments.
    assert!(matches!(
        sp::record_payment(f.db(), &f.social_worker, id, &payment(100, d(2026, 11, 23), 2)).await,
        Err(ServiceError::Denied(_))
    ));
    // Not before the approval.
    assert!(matches!(sp::record_payment(f.db(), &f.manager, id, &payment(100, d(2026, 11, 1), 2)).await, Err(ServiceError::Validation(_))));

    sp::record_payment(f.db(), &f.manager, id, &payment(30_000, d(2026, 11, 23), 2)).await.unwrap();
    // Someone else paid meanwhile: the old version is stale.
    assert!(matches!(
        sp::record_payment(f.db(), &f.manager, id, &payment(5_000, d(2026, 11, 23), 2)).await,
        Err(ServiceError::Conflict { current_version: 3, .. })
    ));
    let e = sp::record_payment(f.db(), &f.manager, id, &payment(15_001, d(2026, 11, 23), 3)).await.unwrap_err();
    match e {
        ServiceError::Rule(r) => assert!(r.rule == "FNSP-3" && r.message.contains("£150.00 remains"), "{}", r.message),
        other => panic!("{other:?}"),
    }
    sp::record_payment(f.db(), &f.manager, id, &payment(15_000, d(2026, 11, 23), 3)).await.unwrap();
    assert_eq!(rule(sp::record_payment(f.db(), &f.manager, id, &payment(1, d(2026, 11, 23), 4)).await.unwrap_err()), "FNSP-3");

    let p = f.package(&f.manager, child, id).await;
    assert_eq!((p.paid_pence, p.remaining_pence, p.payments.len(), p.version), (45_000, 0, 2, 4));
    assert_eq!(p.payments[0].recorded_by, f.manager.actor.display_name);

    // Closing: a practitioner may withdraw a request but not end an approved package.
    let close = ClosePackageInput { closed_on: d(2026, 11, 23), note: Some("Support complete".into()), version: 4 };
    assert!(matches!(sp::close(f.db(), &f.practitioner, id, &close).await, Err(ServiceError::Denied(_))));
    sp::close(f.db(), &f.social_worker, id, &close).await.unwrap();
    assert!(matches!(
        sp::close(f.db(), &f.social_worker, id, &ClosePackageInput { version: 5, ..close.clone() }).await,
        Err(ServiceError::Validation(_))
    ));
    let withdrawn = sp::request_package(f.db(), &f.practitioner, child, &request(&[5_000], Some("No network"))).await.unwrap();
    sp::close(f.db(), &f.practitioner, withdrawn, &ClosePackageInput { version: 1, ..close }).await.unwrap();
    let view = sp::for_child(f.db(), &f.social_worker, child).await.unwrap();
    assert!(view.packages.iter().all(|p| p.status == "closed"));

    // Partners never see a family's support packages; analysts see only the budget.
    assert!(matches!(sp::for_child(f.db(), &f.police, child).await, Err(ServiceError::Denied(_))));
    assert!(matches!(sp::for_child(f.db(), &f.analyst, child).await, Err(ServiceError::Denied(_))));
    assert!(matches!(sp::budget(f.db(), &f.social_worker, None).await, Err(ServiceError::Denied(_))));
}

#[tokio::test]
async fn budget_figures_equal_direct_sums() {
    let f = Fixture::new().await;
    let (a, b, c) = (f.children[0], f.children[1], f.children[2]);
    for child in [a, b, c] {
        f.open_family_help(child).await;
        f.add_fgdm(child, "meeting_held").await;
    }
    let when = |requested_on: NaiveDate, costs: &[i64]| PackageRequestInput {
        requested_on: Some(requested_on),
        review_on: Some(requested_on + Days::new(180)),
        ..request(costs, None)
    };
    let decided = |on: NaiveDate, version: i32| PackageDecisionInput { decided_on: Some(on), ..approve(version) };
    let m = &f.manager;
    // Approved last year (2025/26), paid partly then and partly this year.
    let p1 = sp::request_package(f.db(), &f.social_worker, a, &when(d(2026, 3, 1), &[100_000])).await.unwrap();
    sp::decide(f.db(), m, p1, &decided(d(2026, 3, 2), 1)).await.unwrap();
    sp::record_payment(f.db(), m, p1, &payment(30_000, d(2026, 3, 10), 2)).await.unwrap();
    // Approved this year; part paid; still open (committed).
    let p2 = sp::request_package(f.db(), &f.social_worker, b, &when(d(2026, 10, 1), &[250_000, 50_000])).await.unwrap();
    sp::decide(f.db(), m, p2, &decided(d(2026, 10, 2), 1)).await.unwrap();
    sp::record_payment(f.db(), m, p2, &payment(120_000, d(2026, 10, 5), 2)).await.unwrap();
    sp::record_payment(f.db(), m, p2, &payment(30_000, d(2026, 11, 20), 3)).await.unwrap();
    // Approved this year, part paid, then closed: the rest is no longer committed.
    let p3 = sp::request_package(f.db(), &f.social_worker, c, &when(d(2026, 10, 10), &[80_000])).await.unwrap();
    sp::decide(f.db(), m, p3, &decided(d(2026, 10, 11), 1)).await.unwrap();
    sp::record_payment(f.db(), m, p3, &payment(20_000, d(2026, 10, 12), 2)).await.unwrap();
    sp::close(f.db(), m, p3, &ClosePackageInput { closed_on: d(2026, 11, 1), note: None, version: 3 }).await.unwrap();
    // Waiting for a decision, and one declined.
    sp::request_package(f.db(), &f.social_worker, c, &when(d(2026, 11, 2), &[9_900])).await.unwrap();
    let p5 = sp::request_package(f.db(), &f.social_worker, a, &when(d(2026, 11, 3), &[700_000])).await.unwrap();
    let decline = PackageDecisionInput { decision: "decline".into(), note: "Not sustainable".into(), ..approve(1) };
    sp::decide(f.db(), m, p5, &decline).await.unwrap();
    sp::record_payment(f.db(), m, p1, &payment(40_000, d(2026, 11, 10), 3)).await.unwrap();

    let view = sp::budget(f.db(), &f.analyst, None).await.unwrap();
    assert_eq!((view.year, view.label.as_str(), view.starts_on, view.ends_on), (2026, "2026/27", d(2026, 4, 1), d(2027, 3, 31)));
    let (from, to) = (view.starts_on, view.ends_on);

    // The same figures straight from the tables.
    let spent = f
        .direct_sum(
            "SELECT CAST(SUM(amount_pence) AS BIGINT) FROM package_payments WHERE la_code = $1 AND paid_on BETWEEN $2 AND $3",
            from,
            to,
        )
        .await;
    let approved = f
        .direct_sum(
            "SELECT CAST(SUM(total_pence) AS BIGINT) FROM support_packages WHERE la_code = $1 AND status IN ('approved', 'closed') AND decided_on BETWEEN $2 AND $3",
            from,
            to,
        )
        .await;
    let open_total = f
        .direct_sum(
            "SELECT CAST(SUM(total_pence) AS BIGINT) FROM support_packages WHERE la_code = $1 AND status = 'approved' AND decided_on BETWEEN $2 AND $3",
            from,
            to,
        )
        .await;
    let open_paid = f
        .direct_sum(
            "SELECT CAST(SUM(amount_pence) AS BIGINT) FROM package_payments WHERE la_code = $1 AND package_id IN \
             (SELECT id FROM support_packages WHERE la_code = $1 AND status = 'approved' AND decided_on BETWEEN $2 AND $3)",
            from,
            to,
        )
        .await;
    let budget = i64::try_from(ff_domain::family_networks::FamilyNetworkSettings::default().support_budget_pence).unwrap();
    assert_eq!(view.spent_pence, spent);
    assert_eq!(view.approved_pence, approved);
    assert_eq!(view.committed_pence, open_total - open_paid);
    assert_eq!(view.budget_pence, budget);
    assert_eq!(view.remaining_pence, budget - spent - (open_total - open_paid));
    // And by hand: p2 and p3 approved this year; £1,200 + £300 + £200 + £400 paid this year; of
    // this year's approvals only p2 is still open.
    assert_eq!((view.approved_count, view.approved_pence), (2, 380_000));
    assert_eq!((view.payment_count, view.spent_pence), (4, 210_000));
    assert_eq!(view.committed_pence, 300_000 - 150_000);
    assert_eq!((view.requested_count, view.requested_pence, view.declined_count), (1, 9_900, 1));
    assert!(!view.over_budget);

    // The per-child views add up to the same payments.
    let mut paid_in_year = 0;
    for child in [a, b, c] {
        for p in sp::for_child(f.db(), m, child).await.unwrap().packages {
            paid_in_year += p.payments.iter().filter(|y| y.paid_on >= from && y.paid_on <= to).map(|y| y.amount_pence).sum::<i64>();
        }
    }
    assert_eq!(paid_in_year, view.spent_pence);

    // Last year: p1 approved, £300 paid then; what is unpaid on it stays last year's commitment.
    let last = sp::budget(f.db(), m, Some(2025)).await.unwrap();
    assert_eq!((last.label.as_str(), last.approved_pence, last.spent_pence, last.committed_pence), ("2025/26", 100_000, 30_000, 30_000));
    assert_eq!(last.remaining_pence, budget - 60_000);
    let empty = sp::budget(f.db(), m, Some(2024)).await.unwrap();
    assert_eq!((empty.approved_count, empty.spent_pence, empty.remaining_pence), (0, 0, budget));
    assert!(matches!(sp::budget(f.db(), m, Some(1066)).await, Err(ServiceError::Validation(_))));
}
