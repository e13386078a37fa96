//! The demo's harm outside the home: Northmoor bus station, where two children
//! the social worker leads are linked with what is known, and the police have since raised a
//! concern about the place (which reaches the social worker's tray); a takeaway with one concern
//! and no child linked. The first child linked to the bus station has an exploitation risk
//! screening, and partners met about the bus station and agreed three actions: one done, one
//! overdue, one not yet due. Through `ff_service::outside_home`, so the demo obeys HOTH-1 and HOTH-2.

use chrono::NaiveDate;
use ff_service::outside_home::{
    self as svc, ConcernInput, LinkInput, PlaceActionDoneInput, PlaceActionInput, PlaceInput, PlaceMeetingInput, ScreeningInput,
};
use ff_service::{Ctx, ServiceError};
use ff_store::Db;
use ff_store::family_help::TrayScope;
use uuid::Uuid;

fn concern(harm: &str, source: &str, what: &str, raised_on: NaiveDate) -> ConcernInput {
    ConcernInput { harm: harm.into(), source: source.into(), what: what.into(), raised_on }
}

/// Seed the places; `back(n)` is the date `n` working days before today.
pub(super) async fn seed_places(db: &Db, social_worker: &Ctx, police: &Ctx, back: &impl Fn(u32) -> NaiveDate) -> Result<(), ServiceError> {
    let place = |name: &str, kind: &str, area: &str| PlaceInput { name: name.into(), kind: kind.into(), area: Some(area.into()) };
    let station = svc::create_place(db, social_worker, &place("Northmoor bus station", "transport_hub", "Market Street, NM1 4")).await?;
    // Two children whose open episodes the social worker leads, from different families.
    let led = {
        let mut tx = db.begin().await?;
        let rows = ff_store::family_help::tray(&mut tx, social_worker.la(), TrayScope::User(social_worker.actor.user_id), 200).await?;
        tx.commit().await?;
        let mut children: Vec<(Uuid, String)> = vec![];
        for r in rows.into_iter().filter(|r| r.lead_id == Some(social_worker.actor.user_id)) {
            if !children.iter().any(|(id, family)| *id == r.child_id || *family == r.family_name) {
                children.push((r.child_id, r.family_name));
            }
        }
        children
    };
    let reasons = [
        (
            "criminal_exploitation",
            "Seen most evenings at the bus station with older young people; new trainers and a second phone no one can explain.",
        ),
        (
            "county_lines",
            "Found by British Transport Police on a train to another city with cash; said a friend from the bus station asked them to go.",
        ),
    ];
    for (((child, _), (harm, what)), days) in led.iter().zip(reasons).zip([30u32, 20]) {
        let input = LinkInput { child_id: *child, concern: concern(harm, "childrens_services", what, back(days)) };
        svc::link_child(db, social_worker, station, &input).await?;
    }
    let seen = "Officers report adults approaching children at the bus station in the evenings and offering lifts and food.";
    svc::raise_concern(db, police, station, &concern("criminal_exploitation", "police", seen, back(2))).await?;
    if let Some((child, _)) = led.first() {
        let screening = ScreeningInput {
            screened_on: back(28),
            criminal_level: "significant".into(),
            criminal_known: "Seen most evenings with older young people; new trainers and a second phone no one can explain.".into(),
            sexual_level: "none".into(),
            sexual_known: String::new(),
            county_lines_level: "some".into(),
            county_lines_known: "School reports two days missed; the child said they had been 'working' in another town.".into(),
            violence_level: "none".into(),
            violence_known: String::new(),
            raised_by: "education".into(),
            outcome: "multi_agency_meeting".into(),
        };
        svc::record_screening(db, social_worker, *child, &screening).await?;
    }
    let action = |owner: &str, what: &str, due_on: NaiveDate| PlaceActionInput { owner: owner.into(), what: what.into(), due_on };
    let meeting = PlaceMeetingInput {
        held_on: back(15),
        attended: ["childrens_services", "police", "transport", "community_safety", "education"].map(String::from).to_vec(),
        discussed: "Adults approach children at the bus station in the evenings, offering lifts and food. Staff see the same cars \
                    most nights. Partners agreed to make the station safer and to share what they see."
            .into(),
        actions: vec![
            action("transport", "Station staff briefed on signs of exploitation and how to report what they see.", back(8)),
            action("community_safety", "Repair the broken lighting and CCTV by the rear bus bays.", back(3)),
            action(
                "police",
                "Patrols at the station between 6pm and 10pm on school days for six weeks.",
                social_worker.today() + chrono::Days::new(20),
            ),
        ],
    };
    svc::record_meeting(db, social_worker, station, &meeting).await?;
    let shown = svc::place(db, social_worker, station).await?;
    if let Some(briefing) = shown.meetings.first().and_then(|m| m.actions.iter().find(|a| a.owner == "transport")) {
        let done = PlaceActionDoneInput {
            version: briefing.version,
            done_on: back(9),
            evidence: "Briefing notes and the list of staff who attended.".into(),
        };
        svc::complete_action(db, police, briefing.id, &done).await?;
    }
    let takeaway = svc::create_place(db, police, &place("The Late Grill takeaway", "shop", "Canal Road, NM2 1")).await?;
    let what = "Licensing officers saw children in the back room after midnight; the manager gave no reason.";
    svc::raise_concern(db, police, takeaway, &concern("sexual_exploitation", "community_safety", what, back(6))).await?;
    Ok(())
}
