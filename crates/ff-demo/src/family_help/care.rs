//! The demo's children in care: a child who comes into care from pre-proceedings, and
//! one in care for over a year, with their reviews, visits, health assessments, education plans,
//! missing nights, pupil numbers and outcomes, all through the service layer so the demo obeys the
//! same rules (and its SSDA903 return has no DfE error).

use super::homes::{Homes, Stay};
use super::*;

/// A placement with the council's own carers (903 provider PR1).
fn placement(ls: &str, place: &str, postcode: &str) -> ff_service::looked_after::PlacementInput {
    ff_service::looked_after::PlacementInput {
        legal_status: ls.into(),
        placement_type: place.into(),
        placement_provider: "PR1".into(),
        placement_postcode: postcode.into(),
        ..Default::default()
    }
}

/// Where a demo child is placed at step `step` of their care (0 the first placement): a
/// postcode of the NM area chosen by the child's id (`crate::postcodes::placement_postcode`), and
/// whether it is outside Northmoor.
fn placed_at(child: Uuid, step: u64) -> (String, bool) {
    let hash = child.as_bytes().iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    crate::postcodes::placement_postcode(crate::rng::mix(hash ^ step.wrapping_mul(0x9E37_79B9_7F4A_7C15)), step == 0)
}

/// Who fosters a child: a household of the council's own (903 provider PR1), named on the
/// placement so the child takes one of its places (CR-6), or an independent fostering agency's
/// carers outside Northmoor (PR4).
#[derive(Clone, Copy)]
enum Carers {
    Council(Uuid),
    Agency,
}

impl Carers {
    fn household(self) -> Option<Uuid> {
        match self {
            Carers::Council(id) => Some(id),
            Carers::Agency => None,
        }
    }
}

/// The carers for a stay in foster care at `at`: outside Northmoor an agency's, unless they are
/// family or friends (whom the council approves wherever they live); otherwise a household of
/// the council's that fits the child on every day of the stay (CR-6).
/// With the postcode the child lives at: the household's own district for the council's carers
/// (the drawn postcode's inward part kept), so the placement is where its household lives.
async fn carers_for(db: &Db, homes: &mut Homes, at: &(String, bool), stay: Stay<'_>) -> Result<(Carers, String), ServiceError> {
    if at.1 && !stay.kin {
        return Ok((Carers::Agency, at.0.clone()));
    }
    let id = homes.place(db, &stay).await?;
    let inward = at.0.split_whitespace().nth(1).unwrap_or("1AA");
    let postcode = homes.area_of(id).filter(|a| !a.is_empty()).map_or_else(|| at.0.clone(), |area| format!("{area} {inward}"));
    Ok((Carers::Council(id), postcode))
}

/// A foster placement at `postcode` with `carers`: the council's own household (PR1) or an
/// independent fostering agency's (PR4, the agency's URN).
fn foster(ls: &str, place: &str, postcode: &str, carers: Carers) -> ff_service::looked_after::PlacementInput {
    match carers {
        Carers::Council(id) => ff_service::looked_after::PlacementInput { carer_id: Some(id), ..placement(ls, place, postcode) },
        Carers::Agency => ff_service::looked_after::PlacementInput {
            placement_provider: "PR4".into(),
            provider_urn: Some(super::providers::FOSTERING_AGENCY.into()),
            ..placement(ls, place, postcode)
        },
    }
}

/// A children's home on the provider register (903 K2, a private provider PR4).
fn childrens_home(ls: &str, urn: &str, postcode: &str) -> ff_service::looked_after::PlacementInput {
    ff_service::looked_after::PlacementInput {
        placement_type: "K2".into(),
        placement_provider: "PR4".into(),
        provider_urn: Some(urn.into()),
        ..placement(ls, "K2", postcode)
    }
}

/// The agreement for the child's current placement (PA-1..PA-3), agreed the day it began: the
/// council's own carers at about their allowance, an agency's at its framework price, a
/// children's home at a spot price shared with education and health; the reason for the
/// distance when the home is far (more than 20 miles, or outside Northmoor).
async fn agree(db: &Db, sw: &Ctx, child: Uuid) -> Result<(), ServiceError> {
    use ff_service::looked_after::agreement::{AgreementInput, record};
    let c = ff_service::looked_after::for_child(db, sw, child).await?;
    let Some(cur) = c.current else { return Ok(()) };
    let far = c.placement_geography.as_ref().is_some_and(|g| g.in_area == Some(false) || g.distance_miles.is_some_and(|d| d > 20.0));
    // Costs vary a little by child, as real prices do.
    let spread = i64::from(child.as_bytes()[15] % 8) * 1_500;
    let (total, education, health, route, provision) = match (cur.placement_type.as_str(), cur.placement_provider.as_str()) {
        ("K2", _) => (520_000 + spread * 10, 45_000, 30_000, "spot", "residential_mainstream"),
        ("K3", _) => (180_000 + spread * 4, 0, 0, "regional_framework", "supported_shared_care_only"),
        (_, "PR4" | "PR5") => (95_000 + spread, 0, 0, "regional_framework", "fostering_mainstream"),
        _ => (32_000 + spread / 3, 0, 0, "in_house", "fostering_mainstream"),
    };
    let input = AgreementInput {
        agreed_on: c.placement_since.unwrap_or(cur.start_date),
        weekly_cost_pence: total,
        social_care_pence: total - education - health,
        education_pence: education,
        health_pence: health,
        sourcing_route: route.into(),
        provision_type: provision.into(),
        distance_reason: if far { "none_nearby" } else { "not_applicable" }.into(),
        offer_id: None,
        version: 0,
    };
    record(db, sw, child, &input).await?;
    Ok(())
}

/// A demo child in care: accommodated under section 20 with foster carers, then an interim care
/// order (a change of legal status only, 903 reason L, with the same carers) and a move (reason
/// P), so the child's page shows three episodes of one period of care, and the first
/// looked-after review held on time. In every other round of scenarios (`round` even) family or
/// friends come forward and the child moves to them, approved temporarily as connected people
/// (U3, CR-4); otherwise a teenager moves to a children's home and a younger child to long-term
/// foster carers (U4). Foster carers in Northmoor are the council's own households, named (CR-6).
pub(super) async fn care_journey(
    db: &Db,
    a: &Actors,
    homes: &mut Homes,
    round: usize,
    child: Uuid,
    back: &impl Fn(u32) -> NaiveDate,
) -> Result<(), ServiceError> {
    use ff_service::looked_after::{self as care, ChangeCareInput, StartCareInput};
    let sw = &a.social_worker;
    let born = ff_service::people::view(db, sw, child).await?.person.date_of_birth;
    // Placed with foster carers, mostly near home; a later move may take the child further.
    let first = placed_at(child, 0);
    let stay = Stay { child, born, kin: false, from: back(45), until: Some(back(12)), postcode: &first.0, leaving: None };
    let (first_carers, first_post) = carers_for(db, homes, &first, stay).await?;
    let start = StartCareInput {
        start_date: back(45),
        category_of_need: "N1".into(),
        placement: foster("V2", "U6", &first_post, first_carers),
        previous_permanence: Some("Z1".into()),
        la_perm: None,
        date_perm: None,
    };
    care::start(db, sw, child, &start).await?;
    let version = |c: care::CareView| c.current.map_or(0, |e| e.version);
    let v = version(care::for_child(db, sw, child).await?);
    let ico = ChangeCareInput {
        start_date: back(30),
        placement: foster("C1", "U6", &first_post, first_carers),
        same_carer: true,
        reason_place_change: None,
        decided_by: None,
        version: v,
    };
    care::change(db, sw, child, &ico).await?;
    let v = version(care::for_child(db, sw, child).await?);
    // Family or friends, a teenager to a children's home on the provider register, a younger
    // child to long-term foster carers.
    let kin = round.is_multiple_of(2);
    let teenager = !kin && ff_domain::people::age(born, back(12)).is_some_and(|a| a >= 13);
    let next = placed_at(child, 1);
    let placement = if teenager {
        childrens_home("C1", super::providers::BIRCH_HOUSE, "NM3 8QD")
    } else {
        let stay = Stay { child, born, kin, from: back(12), until: None, postcode: &next.0, leaving: first_carers.household() };
        let (carers, post) = carers_for(db, homes, &next, stay).await?;
        foster("C1", if kin { "U3" } else { "U4" }, &post, carers)
    };
    let moved = ChangeCareInput {
        start_date: back(12),
        placement,
        same_carer: false,
        reason_place_change: Some("CARPL".into()),
        decided_by: Some("Care planning meeting with the reviewing officer".into()),
        version: v,
    };
    care::change(db, sw, child, &moved).await?;
    agree(db, sw, child).await?;
    // In the children's home the court has made a deprivation of liberty order (903 DoLo), still
    // in force.
    if teenager {
        care::dolo::record(db, sw, child, &care::dolo::DoloInput { started_on: back(10), ended_on: None }).await?;
    }
    // The first looked-after review, on time (within 20 working days), chaired by the reviewing
    // officer; how the child took part depends on their age (903 PN0 under 4).
    let under_four = ff_domain::people::age(born, back(20)).is_some_and(|a| a < 4);
    let review = care::CareReviewInput {
        held_on: back(20),
        chair_id: a.iro.actor.user_id,
        participation: if under_four { "PN0" } else { "PN1" }.into(),
    };
    care::record_review(db, &a.iro, child, &review).await?;
    // Visits, health and education on their clocks (T28–T31): a visit within the first week of
    // each placement, the initial health assessment and the first education plan on time. For
    // about half the children the visit after the move has not happened yet, so their page and
    // their social worker's tray show it overdue, as real caseloads do; one in four went missing
    // for a night and was offered a return home interview.
    use care::checks::{self, CareCheckInput, MissingInput, MissingReturnInput};
    let check = |kind: &str, on: NaiveDate, summary: &str| CareCheckInput {
        kind: kind.into(),
        held_on: on,
        child_seen: true,
        child_seen_alone: kind == "visit",
        summary: summary.into(),
    };
    checks::record_check(db, sw, child, &check("visit", back(42), "Settling in with the foster carers; has their own room")).await?;
    checks::record_check(
        db,
        sw,
        child,
        &check("initial_health", back(31), "Initial health assessment by the looked-after children's nurse"),
    )
    .await?;
    if ff_domain::people::age(born, back(28)).is_some_and(|a| a >= 5) {
        checks::record_check(
            db,
            sw,
            child,
            &check("pep", back(28), "Education plan agreed with the virtual school and the designated teacher"),
        )
        .await?;
    }
    // About half the children have had their visit since the move, one in four went missing for
    // a night: chosen by a hash of the id (the demo's ids share their low bytes).
    let hash = child.as_bytes().iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    // A child of school age has a unique pupil number from their school (the 903 asks for it).
    if ff_domain::people::age(born, back(0)).is_some_and(|a| a >= 4) {
        give_upn(db, sw, child).await?;
    }
    if hash.is_multiple_of(2) {
        let seen = if teenager {
            "Seen at the children's home; talked about contact with mum"
        } else if kin {
            "Seen at home with the family carers; talked about contact with mum"
        } else {
            "Seen at the new carers' home; talked about contact with mum"
        };
        checks::record_check(db, sw, child, &check("visit", back(9), seen)).await?;
    }
    if (hash >> 8).is_multiple_of(4) {
        let m = checks::record_missing(db, sw, child, &MissingInput { kind: "M".into(), started_on: back(6) }).await?;
        let back_home = MissingReturnInput { ended_on: back(5), rhi_offered: true, rhi_accepted: Some(true), version: 1 };
        checks::record_return(db, sw, m, &back_home).await?;
    }
    Ok(())
}

/// A demo child in care for over a year: accommodated under section 20, an interim
/// care order, then the full care order with a planned move to long-term foster carers (in every
/// other round of scenarios, `round` odd, to family or friends approved as connected people, U1);
/// reviews at 20 working days, 3 months and 6-monthly; visits six-weekly (three-monthly is allowed
/// only after a long-term placement's first year); the initial health assessment and a yearly
/// review; an education plan each term. Foster carers in Northmoor are the council's own
/// households, named (CR-6).
pub(super) async fn long_care_journey(
    db: &Db,
    a: &Actors,
    homes: &mut Homes,
    round: usize,
    child: Uuid,
    back: &impl Fn(u32) -> NaiveDate,
) -> Result<(), ServiceError> {
    use ff_service::looked_after::checks::{self, CareCheckInput};
    use ff_service::looked_after::{self as care, ChangeCareInput, StartCareInput};
    let sw = &a.social_worker;
    let born = ff_service::people::view(db, sw, child).await?.person.date_of_birth;
    // Some of the young children in care for the year are adopted (LA-11): under 5, born on an
    // even day of the month. They leave their foster carers for the adopters 90 working days ago.
    let adopted =
        ff_domain::people::age(born, back(160)).is_some_and(|a| a < 5) && born.is_some_and(|b| chrono::Datelike::day(&b) % 2 == 0);
    let kin = !round.is_multiple_of(2) && !adopted;
    let (first, long_term) = (placed_at(child, 0), placed_at(child, 2));
    let stay = Stay { child, born, kin: false, from: back(300), until: Some(back(160)), postcode: &first.0, leaving: None };
    let (first_carers, first_post) = carers_for(db, homes, &first, stay).await?;
    let start = StartCareInput {
        start_date: back(300),
        category_of_need: "N1".into(),
        placement: foster("V2", "U6", &first_post, first_carers),
        previous_permanence: Some("Z1".into()),
        la_perm: None,
        date_perm: None,
    };
    care::start(db, sw, child, &start).await?;
    let version = |c: care::CareView| c.current.map_or(0, |e| e.version);
    // A change of legal status alone keeps the child with the same carers.
    let change = |on: u32, p: ff_service::looked_after::PlacementInput, why: Option<&str>, v: i32| ChangeCareInput {
        start_date: back(on),
        placement: p,
        same_carer: why.is_none(),
        reason_place_change: why.map(Into::into),
        decided_by: why.map(|_| "Looked-after review".into()),
        version: v,
    };
    let v = version(care::for_child(db, sw, child).await?);
    care::change(db, sw, child, &change(285, foster("C1", "U6", &first_post, first_carers), None, v)).await?;
    let v = version(care::for_child(db, sw, child).await?);
    let stay = Stay {
        child,
        born,
        kin,
        from: back(160),
        until: adopted.then(|| back(90)),
        postcode: &long_term.0,
        leaving: first_carers.household(),
    };
    let (long_term_carers, long_term_post) = carers_for(db, homes, &long_term, stay).await?;
    let long_term_placement = |ls: &str| foster(ls, if kin { "U1" } else { "U4" }, &long_term_post, long_term_carers);
    care::change(db, sw, child, &change(160, long_term_placement("C2"), Some("CARPL"), v)).await?;
    agree(db, sw, child).await?;
    let code = |on: u32| if ff_domain::people::age(born, back(on)).is_some_and(|a| a < 4) { "PN0" } else { "PN1" };
    for on in [285, 230, 110] {
        let review = care::CareReviewInput { held_on: back(on), chair_id: a.iro.actor.user_id, participation: code(on).into() };
        care::record_review(db, &a.iro, child, &review).await?;
    }
    let check = |kind: &str, on: u32, summary: &str| CareCheckInput {
        kind: kind.into(),
        held_on: back(on),
        child_seen: true,
        child_seen_alone: kind == "visit" && code(on) == "PN1",
        summary: summary.into(),
    };
    for on in [297, 270, 240, 210, 180, 157, 130, 100, 70, 40, 12] {
        checks::record_check(db, sw, child, &check("visit", on, "Seen at the foster home; settled, wants more contact with their brother"))
            .await?;
    }
    checks::record_check(db, sw, child, &check("initial_health", 290, "Initial health assessment: immunisations brought up to date"))
        .await?;
    checks::record_check(db, sw, child, &check("review_health", 45, "Review health assessment with the looked-after children's nurse"))
        .await?;
    if ff_domain::people::age(born, back(295)).is_some_and(|a| a >= 5) {
        for on in [295, 215, 135, 55] {
            checks::record_check(db, sw, child, &check("pep", on, "Education plan reviewed with the designated teacher")).await?;
        }
    }
    if ff_domain::people::age(born, back(0)).is_some_and(|a| a >= 4) {
        give_upn(db, sw, child).await?;
    }
    // Family finding and mentoring: an aunt found again and a mentor, both matched, kept through
    // the move to long-term carers.
    use ff_service::looked_after::connections::{self, ConnectionInput, ConnectionStepInput};
    for (kind, name, offered, matched) in [
        ("family", "Aunt on the father's side, found through family finding", 270, 250),
        ("mentor", "Northmoor Mentoring volunteer", 200, 180),
    ] {
        let input = ConnectionInput { kind: kind.into(), name: name.into(), offered_on: back(offered) };
        let id = connections::offer(db, sw, child, &input).await?;
        connections::step(db, sw, id, false, &ConnectionStepInput { on: back(matched), end_reason: None, version: 1 }).await?;
    }
    // The year's outcomes so far (903 OC2), as the age rules ask for them (LA-8).
    let today = back(0);
    let end = ff_domain::looked_after::outcomes::year_ending(today);
    let start = NaiveDate::from_ymd_opt(chrono::Datelike::year(&end) - 1, 4, 1).unwrap_or(end);
    let (age_start, age_end) = (ff_domain::people::age(born, start), ff_domain::people::age(born, end));
    let sdq = age_start.is_some_and(|a| a >= 4) && age_end.is_some_and(|a| a < 17);
    let outcomes = ff_service::looked_after::outcomes::OutcomesInput {
        as_at: today,
        sdq_score: sdq.then_some(13),
        sdq_reason: None,
        convicted: age_end.is_some_and(|a| a >= 10).then_some(false),
        immunisations: true,
        teeth_check: true,
        substance_misuse: false,
        intervention_received: None,
        intervention_offered: None,
    };
    ff_service::looked_after::outcomes::record(db, sw, child, &outcomes).await?;
    if adopted {
        adoption_journey(db, a, child, long_term_placement("E1"), back).await?;
    }
    Ok(())
}

/// A young demo child adopted (LA-11): the decision that they should be placed for adoption, the
/// placement order (a change of legal status only: `with_carers`, the same foster placement under
/// the order), the match with a couple, the move to them (decided by the adoption panel) and the
/// adoption order, so the 903 has PlacedAdoption and AD1 rows that pass every adoption rule.
async fn adoption_journey(
    db: &Db,
    a: &Actors,
    child: Uuid,
    with_carers: ff_service::looked_after::PlacementInput,
    back: &impl Fn(u32) -> NaiveDate,
) -> Result<(), ServiceError> {
    use ff_service::looked_after::adoption::{self, AdoptionDecisionInput, AdoptionMatchInput};
    use ff_service::looked_after::{self as care, ChangeCareInput, LeaveCareInput};
    let sw = &a.social_worker;
    let id = adoption::decide(db, sw, child, &AdoptionDecisionInput { decided_on: back(150) }).await?;
    let version = |c: care::CareView| c.current.map_or(0, |e| e.version);
    let v = version(care::for_child(db, sw, child).await?);
    // The placement order keeps the child with the same carers (a change of legal status only).
    let order = ChangeCareInput {
        start_date: back(120),
        placement: with_carers,
        same_carer: true,
        reason_place_change: None,
        decided_by: None,
        version: v,
    };
    care::change(db, sw, child, &order).await?;
    let matched = AdoptionMatchInput { matched_on: back(100), adopters_sex: "MF".into(), adopters_legal_status: "L11".into(), version: 1 };
    adoption::match_adopters(db, sw, id, &matched).await?;
    let v = version(care::for_child(db, sw, child).await?);
    let placed = ChangeCareInput {
        start_date: back(90),
        placement: placement("E1", "A6", "NM8 4HW"),
        same_carer: false,
        reason_place_change: Some("CARPL".into()),
        decided_by: Some("Adoption panel, with the agency decision maker".into()),
        version: v,
    };
    care::change(db, sw, child, &placed).await?;
    let v = version(care::for_child(db, sw, child).await?);
    care::leave(db, sw, child, &LeaveCareInput { end_date: back(5), reason: "E11".into(), version: v }).await
}

/// A school-age demo child's unique pupil number: the demo council's number, then nine digits
/// from a hash of the child's id (FNV-1a), with its check letter.
pub(super) async fn give_upn(db: &Db, sw: &Ctx, child: Uuid) -> Result<(), ServiceError> {
    let hash = child.as_bytes().iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    let digits = format!("990{:09}", hash % 1_000_000_000);
    let Some(check) = ff_domain::people::upn_check_letter(&digits) else { return Ok(()) };
    let version = ff_service::people::view(db, sw, child).await?.person.version;
    ff_service::people::set_upn(db, sw, child, &ff_service::people::UpnInput { upn: Some(format!("{check}{digits}")), version }).await
}
