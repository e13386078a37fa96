//! A demo child's family network: the register and the map, family group decision making, and
//! either the family's plan with a support package and kinship care, or pre-proceedings.

use chrono::{Days, NaiveDate};
use ff_service::ServiceError;
use ff_store::Db;
use uuid::Uuid;

use super::Actors;

/// The family network around a demo child: a grandmother added to the register and the map,
/// FGDM offered to the parents with parental responsibility. With `held`: the meeting is held,
/// the plan agreed, a support package approved and part paid, and the child lives with the
/// grandmother. Without: the parents decline, pre-proceedings starts and the letter goes with
/// the offer.
pub(super) async fn network_journey(
    db: &Db,
    a: &Actors,
    child: Uuid,
    back: &impl Fn(u32) -> NaiveDate,
    held: bool,
) -> Result<(), ServiceError> {
    use ff_service::family_networks as fnw;
    let sw = &a.social_worker;
    let rec = ff_service::people::view(db, sw, child).await?;
    let family = rec.person.full_name.rsplit(' ').next().unwrap_or("Family").to_owned();
    let nan = ff_service::people::create(
        db,
        sw,
        &ff_domain::people::PersonDraft {
            given_name: Some("Margaret".into()),
            family_name: Some(family),
            date_of_birth: Some(Ok(NaiveDate::from_ymd_opt(1961, 6, 14).unwrap_or_default())),
            sex: Some("F".into()),
            ..Default::default()
        },
        true,
    )
    .await?;
    let rel = ff_service::people::RelationshipInput {
        relative_id: nan.id,
        kind: "grandparent".into(),
        parental_responsibility: false,
        pr_basis: None,
        start_date: None,
    };
    ff_service::people::add_relationship(db, sw, child, &rel).await?;
    let member = fnw::MemberInput {
        person_id: nan.id,
        relationship: "Maternal grandmother".into(),
        contact_details: Some("Lives two streets away".into()),
        willingness: "willing".into(),
        capacity: Some("full_time_care".into()),
        invited: true,
        note: None,
        version: None,
    };
    fnw::add_member(db, sw, child, &member).await?;
    let stage = if held { "family_help" } else { "pre_proceedings" };
    let fgdm = fnw::start_fgdm(
        db,
        sw,
        child,
        &fnw::FgdmInput { stage: stage.into(), referred_on: back(40), coordinator: Some("Sam Okoro (FGDM service)".into()) },
    )
    .await?;
    let parents: Vec<Uuid> = rec
        .relatives
        .iter()
        .filter(|r| r.parental_responsibility && r.other_is_kind && r.end_date.is_none())
        .map(|r| r.person_id)
        .collect();
    for p in &parents {
        let offer = fnw::offer(db, sw, fgdm, &fnw::OfferInput { person_id: *p, offered_on: back(38) }).await?;
        let answer = if held { "accepted" } else { "declined" };
        fnw::answer_offer(db, sw, offer, &fnw::AnswerInput { answer: answer.into(), answered_on: back(36), version: 1 }).await?;
    }
    let version = |db: &Db| {
        let db = db.clone();
        async move { fnw::for_child(&db, sw, child).await.map(|n| n.fgdms.iter().find(|f| f.id == fgdm).map(|f| f.version).unwrap_or(1)) }
    };
    if held {
        let v = version(db).await?;
        let meeting = fnw::MeetingInput {
            meeting_on: back(30),
            private_family_time: Some(true),
            plan_proposed: Some("The children live with their grandmother until their mother is well; weekend contact at home".into()),
            version: v,
        };
        fnw::record_meeting(db, sw, fgdm, &meeting).await?;
        let agree = fnw::AgreeInput {
            plan_agreed: "Children live with their grandmother; the council funds beds and school transport; review in three months".into(),
            agreed_on: back(28),
            review_on: Some(back(0) + Days::new(60)),
            outcome: Some("Children kept within the family".into()),
            version: v + 1,
        };
        fnw::agree_plan(db, sw, fgdm, &agree).await?;
        use ff_service::support_packages as sp;
        let items = vec![
            sp::PackageItemInput {
                category: "carer_essentials".into(),
                description: "Two single beds and bedding".into(),
                cost_pence: 38_000,
            },
            sp::PackageItemInput {
                category: "transport".into(),
                description: "Bus passes to school for a term".into(),
                cost_pence: 21_000,
            },
        ];
        let request = sp::PackageRequestInput {
            purpose: "The children stay with their grandmother".into(),
            items,
            fgdm_id: Some(fgdm),
            no_network_reason: None,
            review_on: Some(back(0) + Days::new(90)),
            requested_on: Some(back(27)),
        };
        let package = sp::request_package(db, sw, child, &request).await?;
        let decision = sp::PackageDecisionInput {
            decision: "approve".into(),
            note: "Keeps the children with family".into(),
            review_on: None,
            decided_on: Some(back(26)),
            version: 1,
        };
        sp::decide(db, &a.manager, package, &decision).await?;
        let payment = sp::PaymentInput {
            paid_on: back(20),
            amount_pence: 38_000,
            payee: "Northmoor Furniture Ltd".into(),
            reference: Some("PO-4471".into()),
            version: 2,
        };
        sp::record_payment(db, &a.manager, package, &payment).await?;
        let kinship = fnw::KinshipInput {
            carer_id: nan.id,
            kind: "informal".into(),
            start_date: back(25),
            training: true,
            weekly_allowance_pence: None,
            other_support: Some("Support group for kinship carers; school transport".into()),
        };
        fnw::add_kinship(db, sw, child, &kinship).await?;
    } else {
        if parents.is_empty() {
            // Some synthetic children have no one recorded with parental responsibility: nobody
            // can be offered the meeting, so the manager records why it goes ahead without one.
            let v = version(db).await?;
            let reason = "No one with parental responsibility can be found to take part; the child's wishes are heard through the advocate";
            fnw::exempt(db, sw, fgdm, &fnw::ExemptInput { reason: reason.into(), version: v }).await?;
        }
        let plo = fnw::gateway(
            db,
            sw,
            child,
            &fnw::GatewayInput { gateway_on: back(35), decision: "pre_proceedings".into(), fgdm_id: Some(fgdm) },
        )
        .await?;
        fnw::send_letter(db, sw, plo, &fnw::LetterInput { sent_on: back(33), includes_fgdm_offer: true, version: 1 }).await?;
        fnw::plo_meeting(
            db,
            sw,
            plo,
            &fnw::PloMeetingInput { held_on: back(25), note: "Parents agreed the written agreement; review in six weeks".into() },
        )
        .await?;
    }
    Ok(())
}
