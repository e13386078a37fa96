//! The demo's care leavers: young people who came into care at 17 and left at
//! 18, one into Staying Put with their foster carers and one, a year on, in their own tenancy
//! after semi-independent accommodation; each with a personal adviser, pathway plans, contacts,
//! where they live and what they do, and money paid from the setting-up-home allowance and the
//! bursary. Made through the services, so the 903's OC3 table comes from the same records.

use chrono::Months;
use ff_service::looked_after::leaving::{
    self as lc, AdviserContactInput, AdviserInput, CircumstancesInput, LeavingCarePaymentInput, PathwayPlanInput, StayingInput,
};
use ff_service::looked_after::{self as care, LeaveCareInput, StartCareInput};

use super::homes::{Homes, Stay};
use super::version as version_of;
use super::*;

/// The date `months` months after `d` (the demo's ages and spans are whole months).
fn plus(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months)).unwrap_or(d)
}

fn minus(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(months)).unwrap_or(d)
}

/// Which journey a demo care leaver takes.
#[derive(Clone, Copy)]
enum Journey {
    /// 18 two months ago; in care from 17 and a half with foster carers; Staying Put with them.
    StayingPut,
    /// 19 three months ago; in care from 17 and a quarter; semi-independent accommodation at 18,
    /// then their own tenancy and an apprenticeship; the adviser's contact is now overdue.
    OwnTenancy,
}

const NAMES: &[(&str, &str, &str)] = &[
    ("Tyler", "Brennan", "M"),
    ("Shannon", "Okoye", "F"),
    ("Reece", "Lindqvist", "M"),
    ("Chloe", "Marsden", "F"),
    ("Liam", "Adeyemi", "M"),
];

/// Make `n` care leavers, alternating the two journeys, each fostered by one of the council's
/// households (`homes`) until 18.
pub(super) async fn care_leavers(db: &Db, a: &Actors, adviser: &Ctx, homes: &mut Homes, n: usize) -> Result<(), ServiceError> {
    let sw = &a.social_worker;
    let today = sw.today();
    for i in 0..n {
        let (given, family, sex) = NAMES[i % NAMES.len()];
        let journey = if i % 2 == 0 { Journey::StayingPut } else { Journey::OwnTenancy };
        // A spread of birthdays, a few days apart.
        let days = u64::try_from(i).unwrap_or(0) * 9 % 27;
        let born = match journey {
            Journey::StayingPut => minus(today, 18 * 12 + 2),
            Journey::OwnTenancy => minus(today, 19 * 12 + 3),
        } - chrono::Days::new(days);
        let person = ff_service::people::create(
            db,
            sw,
            &ff_domain::people::PersonDraft {
                given_name: Some(given.into()),
                family_name: Some(family.into()),
                date_of_birth: Some(Ok(born)),
                sex: Some(sex.into()),
                ethnicity: Some(["WBRI", "BAFR", "MWBC", "WOTH", "ABAN"][i % 5].into()),
                ..Default::default()
            },
            true,
        )
        .await?;
        journey_of(db, a, adviser, homes, person.id, born, journey).await?;
    }
    Ok(())
}

async fn journey_of(
    db: &Db,
    a: &Actors,
    adviser: &Ctx,
    homes: &mut Homes,
    young: Uuid,
    born: NaiveDate,
    journey: Journey,
) -> Result<(), ServiceError> {
    let sw = &a.social_worker;
    let today = sw.today();
    let eighteen = plus(born, 18 * 12);
    let came_in = plus(born, if matches!(journey, Journey::StayingPut) { 17 * 12 + 6 } else { 17 * 12 + 3 });
    // Home with a parent until a breakdown at 17; family help assessed, then the young person
    // came into care with their social worker, who held the case until 18 (903 SWEpisodes).
    let home = ff_service::people::AddressInput {
        line1: "14 Calder Row".into(),
        line2: None,
        town: "Northmoor".into(),
        postcode: "NM2 7QA".into(),
        start_date: plus(born, 12 * 12),
    };
    ff_service::people::add_address(db, sw, young, &home).await?;
    let at = |d: NaiveDate| d.and_hms_opt(10, 0, 0).map(|t| t.and_utc()).unwrap_or(sw.now);
    let c =
        contact(db, sw, young, at(came_in - chrono::Days::new(40)), "Young person asked for help: arguments at home, sofa-surfing").await?;
    let e = decide(db, sw, &c, ContactDecision::ReferralForAssessment, "N4").await?;
    allocate(db, a, young, e, sw.actor.user_id, None).await?;
    complete(db, a, young, e, came_in - chrono::Days::new(10), "family_help_plan", false).await?;
    super::care::give_upn(db, sw, young).await?;
    // Fostered until 18 by one of the council's households approved for a 17-year-old then, with
    // a place free (CR-6).
    let place = if matches!(journey, Journey::StayingPut) { "U4" } else { "U6" };
    let stay =
        Stay { child: young, born: Some(born), kin: false, from: came_in, until: Some(eighteen), postcode: "NM5 3HJ", leaving: None };
    let carers = homes.place(db, &stay).await?;
    // The placement is where the household lives.
    let home = format!("{} 3HJ", homes.area_of(carers).filter(|a| !a.is_empty()).unwrap_or("NM5"));
    let postcode = home.as_str();
    let start = StartCareInput {
        start_date: came_in,
        category_of_need: "N4".into(),
        placement: ff_service::looked_after::PlacementInput {
            legal_status: "V2".into(),
            placement_type: place.into(),
            placement_provider: "PR1".into(),
            placement_postcode: postcode.into(),
            carer_id: Some(carers),
            ..Default::default()
        },
        previous_permanence: Some("Z1".into()),
        la_perm: None,
        date_perm: None,
    };
    care::start(db, sw, young, &start).await?;
    let address = |line1: &str, postcode: &str, from: NaiveDate| ff_service::people::AddressInput {
        line1: line1.into(),
        line2: None,
        town: "Northmoor".into(),
        postcode: postcode.into(),
        start_date: from,
    };
    ff_service::people::add_address(db, sw, young, &address("7 Beech Close (foster carers)", postcode, came_in)).await?;
    let version = care::for_child(db, sw, young).await?.current.map_or(0, |e| e.version);
    let reason = if matches!(journey, Journey::StayingPut) { "E17" } else { "E5" };
    care::leave(db, sw, young, &LeaveCareInput { end_date: eighteen, reason: reason.into(), version }).await?;
    let (v, _) = version_of(db, sw, young, e).await?;
    fh::close_episode(db, sw, e, &fh::CloseInput { closure_date: eighteen, reason: "RC7".into(), version: v }).await?;

    // A personal adviser from a few weeks before 18, and pathway plans from eligibility (13 weeks
    // in care), then 6-monthly.
    let advised_from = minus(eighteen, 1);
    lc::allocate_adviser(db, sw, young, &AdviserInput { adviser_id: adviser.actor.user_id, from_on: advised_from }).await?;
    let mut agreed = came_in + chrono::Days::new(100);
    while agreed <= today {
        let plan = PathwayPlanInput {
            agreed_on: agreed,
            accommodation: match journey {
                Journey::StayingPut => "Staying Put with the foster carers after 18; review when college ends.".into(),
                Journey::OwnTenancy => "Supported flat at 18, then a council tenancy near the college.".into(),
            },
            education: "College course; careers adviser to help with an apprenticeship.".into(),
            health: "Registered with a GP and dentist; health passport given.".into(),
            money: "Bank account opened; budgeting sessions with the adviser.".into(),
            relationships: "Sees their sister most weekends; keeps in touch with the foster carers.".into(),
        };
        lc::record_plan(db, sw, young, &plan).await?;
        agreed = plus(agreed, 5);
    }
    match journey {
        Journey::StayingPut => {
            // Staying Put with the household that fostered them.
            let carer = homes.name(carers).unwrap_or("Dawn and Lee Ashworth");
            let stay = StayingInput {
                kind: "staying_put".into(),
                carer: format!("{carer} (former foster carers)"),
                from_on: eighteen,
                to_on: None,
            };
            lc::start_staying(db, adviser, young, &stay).await?;
            circumstances(db, adviser, young, eighteen, "F2", "Z", true).await?;
            // Contact every six weeks; the last three weeks ago.
            contacts(db, adviser, young, advised_from, today - chrono::Days::new(21), 6).await?;
        }
        Journey::OwnTenancy => {
            ff_service::people::add_address(db, sw, young, &address("Room 4, Calder Supported Housing", "NM2 9LL", eighteen)).await?;
            circumstances(db, adviser, young, eighteen, "F5", "D", true).await?;
            let moved = plus(eighteen, 11);
            ff_service::people::add_address(db, sw, young, &address("Flat 3, 22 Mill Lane", "NM4 8DS", moved)).await?;
            circumstances(db, adviser, young, moved, "F4", "U", true).await?;
            // Contacts every seven weeks, the visit after the move within a week; the last ten
            // weeks ago, so the next is overdue.
            contacts(db, adviser, young, advised_from, moved - chrono::Days::new(3), 7).await?;
            let visit =
                AdviserContactInput { contact_on: moved + chrono::Days::new(4), kind: "visit".into(), note: "Visited the new flat".into() };
            lc::record_contact(db, adviser, young, &visit).await?;
            for (kind, on, pence, purpose) in [
                ("setting_up_home", moved, 185_000, "Bed, cooker and washing machine for the new flat"),
                ("apprenticeship_bursary", moved + chrono::Days::new(20), 100_000, "First instalment on starting the apprenticeship"),
            ] {
                let pay = LeavingCarePaymentInput { kind: kind.into(), paid_on: on, amount_pence: pence, purpose: purpose.into() };
                lc::pay(db, adviser, young, &pay).await?;
            }
        }
    }
    Ok(())
}

async fn circumstances(
    db: &Db,
    adviser: &Ctx,
    young: Uuid,
    from_on: NaiveDate,
    activity: &str,
    home: &str,
    suitable: bool,
) -> Result<(), ServiceError> {
    let input = CircumstancesInput {
        from_on,
        in_touch: "YES".into(),
        activity: Some(activity.into()),
        accommodation: Some(home.into()),
        suitable: Some(suitable),
    };
    lc::record_circumstances(db, adviser, young, &input).await.map(|_| ())
}

/// Contacts every `weeks` weeks from `from` up to `last`, alternating visits and calls.
async fn contacts(db: &Db, adviser: &Ctx, young: Uuid, from: NaiveDate, last: NaiveDate, weeks: u64) -> Result<(), ServiceError> {
    let mut on = from;
    let mut visit = true;
    while on <= last {
        let kind = if visit { "visit" } else { "phone" };
        let input = AdviserContactInput {
            contact_on: on,
            kind: kind.into(),
            note: "Talked about college, money and how things are at home.".into(),
        };
        lc::record_contact(db, adviser, young, &input).await?;
        on = on + chrono::Days::new(7 * weeks);
        visit = !visit;
    }
    Ok(())
}
