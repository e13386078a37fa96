//! The demo's harm outside the home: Northmoor bus station, where two children
//! the social worker leads are linked with what is known, and the police have since raised a
//! concern about the place (which reaches the social worker's tray); a takeaway with one concern
//! and no child linked. The first child linked to the bus station has an exploitation risk
//! screening, and partners met about the bus station and agreed three actions: one done, one
//! overdue, one not yet due. The second child linked to the bus station, not in care, went missing
//! twice: after the first time a return home interview was held; after the second it is overdue
//! (HOTH-5, HOTH-6). Through `ff_service::outside_home`, so the demo obeys HOTH-1 to HOTH-6.

use chrono::NaiveDate;
use ff_service::outside_home::{
    self as svc, ConcernInput, LinkInput, MissingFromHomeInput, PlaceActionDoneInput, PlaceActionInput, PlaceInput, PlaceMeetingInput,
    ReturnInterviewInput, ScreeningInput,
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
    // A child not in care who went missing twice (HOTH-5): the first return's interview was held,
    // the second's is overdue (HOTH-6).
    for (child, _) in led.iter().rev() {
        if seed_missing(db, social_worker, *child, back).await? {
            break;
        }
    }
    let takeaway = svc::create_place(db, police, &place("The Late Grill takeaway", "shop", "Canal Road, NM2 1")).await?;
    let what = "Licensing officers saw children in the back room after midnight; the manager gave no reason.";
    svc::raise_concern(db, police, takeaway, &concern("sexual_exploitation", "community_safety", what, back(6))).await?;
    Ok(())
}

/// Two times missing from home for `child`; false (nothing written) when the child is in care,
/// whose time missing belongs on the care record (HOTH-5).
async fn seed_missing(db: &Db, ctx: &Ctx, child: Uuid, back: &impl Fn(u32) -> NaiveDate) -> Result<bool, ServiceError> {
    let at = |d: NaiveDate, h: u32| d.and_hms_opt(h, 0, 0).unwrap_or_default();
    let first_back = back(12) + chrono::Days::new(1);
    let first = MissingFromHomeInput {
        kind: "missing".into(),
        started_at: at(back(12), 19),
        reported_to_police: true,
        ended_at: Some(at(first_back, 10)),
        found_where: Some("Found by British Transport Police at a station in another city".into()),
    };
    let id = match svc::record_missing(db, ctx, child, &first).await {
        Ok(id) => id,
        Err(ServiceError::Rule(r)) if r.rule == "HOTH-5" => return Ok(false),
        Err(e) => return Err(e),
    };
    let held = ReturnInterviewInput {
        version: 1,
        outcome: "held".into(),
        on: back(10),
        by: "Return interview worker from the children's charity".into(),
        child_said: "Said they went with a friend from the bus station to see someone the friend knew, and stayed at a flat with \
                     older people they had not met before."
            .into(),
        indicators: "Given a train ticket and food by an adult; asked to carry a bag back.".into(),
    };
    svc::record_interview(db, ctx, id, &held).await?;
    let second = MissingFromHomeInput {
        kind: "away".into(),
        started_at: at(back(5), 22),
        reported_to_police: false,
        ended_at: Some(at(back(4), 11)),
        found_where: Some("Came home by themselves in the morning".into()),
    };
    svc::record_missing(db, ctx, child, &second).await?;
    Ok(true)
}
