//! The demo council's workforce: its region and the region's agency price caps (the
//! figures are invented for the demo: real caps are agreed by each region and loaded by the
//! council), the named social workers with their experience, and agency social workers at each
//! point the agency rules reach: one compliant, one over the cap waiting for the chief
//! executive's sign-off, one over the cap since before the census day waiting for both, one with long notice and a single reference, and one who left a
//! permanent post in the region last month and moves to a permanent post. Everything goes through
//! `ff_service::workforce` as the workforce officer, so the demo obeys W-AG-1..6.
//!
//! The establishment: a dozen funded posts across the council's teams, the named social workers
//! and seven more permanent staff in them (one part-time, two who left this census year and one
//! last year, whose post was filled again), some posts vacant, and sickness absence in both years,
//! so the workforce dashboard's rates are realistic and not zero (W-SYS-2, -3, -6; W-RATE-1..7).
//!
//! The workers' records (W-SYS-1): each has a date of birth and the route they qualified by; an
//! apprentice cohort of four qualified by degree apprenticeship in the last eighteen months (so
//! the dashboard's early-career cohort has first- and second-year workers); two are accredited
//! lead child protection practitioners with the evidence and who checked it (the LCPP account's
//! worker, designated, and an experienced team manager not yet designated); and one
//! registration has lapsed, flagged on their page (W-SYS-17).
//!
//! Sharing with the region (W-OUT-4): the administrator loads the region's (made-up) key and the
//! workforce officer makes one workforce extract for the latest census.

use chrono::{Days, NaiveDate};
use ff_domain::workforce::RateCap;
use ff_domain::workforce::establishment::census_date;
use ff_service::workforce::{
    self as svc, AbsenceInput, AssignmentInput, EditWorkerInput, EmploymentInput, EndEmploymentInput, ExperienceInput, PostInput,
    SignOffInput, WorkerDetails, WorkerInput,
};
use ff_service::{Ctx, ServiceError};
use ff_store::Db;
use uuid::Uuid;

fn council(employer: &str, from: NaiveDate, to: Option<NaiveDate>, left_because: Option<&str>) -> ExperienceInput {
    ExperienceInput {
        employer: employer.into(),
        employer_kind: "local_authority".into(),
        country: "england".into(),
        region: Some("North West".into()),
        children_and_families: true,
        engagement: "direct".into(),
        registered: true,
        from,
        to,
        left_because: left_because.map(Into::into),
        replaces: None,
    }
}

fn agency_period(from: NaiveDate, to: NaiveDate) -> ExperienceInput {
    ExperienceInput { employer: "Locum work through agencies".into(), engagement: "agency".into(), ..council("", from, Some(to), None) }
}

fn assignment(role: &str, agency: &str, team: &str, start: NaiveDate, pay: u32) -> AssignmentInput {
    AssignmentInput {
        agency: agency.into(),
        role_type: role.into(),
        team: team.into(),
        start_date: start,
        planned_end: start.checked_add_months(chrono::Months::new(6)),
        notice_days: 28,
        pay_pence: pay,
        employer_ni_pence: pay / 8,
        holiday_pence: pay * 12 / 100,
        levy_pence: pay / 200,
        fee_pence: 450,
        references_received: 2,
        ..Default::default()
    }
}

/// A made-up date of birth and route for a worker who qualified on `qualified`: 22 to 30 years
/// before it, and one of the usual routes, both from the name so the demo is the same each time.
fn born_and_route(name: &str, qualified: NaiveDate) -> (Option<NaiveDate>, &'static str) {
    let n = name.bytes().map(u32::from).sum::<u32>();
    let born = qualified.checked_sub_months(chrono::Months::new(12 * (22 + n % 9) + n % 11));
    (born, ["degree", "postgraduate", "frontline", "degree", "step_up", "postgraduate"][(n % 6) as usize])
}

async fn worker(db: &Db, hr: &Ctx, name: &str, swe: &str, user: Option<Uuid>, periods: Vec<ExperienceInput>) -> Result<Uuid, ServiceError> {
    let first = periods.iter().map(|p| p.from).min();
    let (born, route) = first.map_or((None, None), |q| {
        let (b, r) = born_and_route(name, q);
        (b, Some(r.to_owned()))
    });
    let details = WorkerDetails {
        name: name.into(),
        swe_number: Some(swe.into()),
        qualified_on: first,
        date_of_birth: born,
        registration_status: Some("registered".into()),
        registration_from: first,
        qualification_route: route,
        ..Default::default()
    };
    let id = svc::add_worker(db, hr, &WorkerInput { details, user_id: user }).await?;
    for p in &periods {
        svc::add_experience(db, hr, id, p).await?;
    }
    Ok(id)
}

/// The region, its caps, the named social workers and four agency workers.
pub(super) async fn seed_workforce(
    db: &Db,
    admin: &Ctx,
    hr: &Ctx,
    staff: &[(Uuid, String, String, Option<NaiveDate>)],
) -> Result<(), ServiceError> {
    // Seeded once: a second round of scenarios adds no second workforce.
    {
        let mut tx = db.begin().await?;
        let any = ff_store::workforce::workers_page(&mut tx, hr.la(), None, 1).await?;
        tx.commit().await?;
        if !any.is_empty() {
            return Ok(());
        }
    }
    let today = hr.today();
    let back = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    // The region (a council setting the administrator sets), then the region's table of caps, a
    // year ago and from October (invented demo figures), loaded by the workforce officer as the
    // CSV a region publishes, through the Price caps page's service.
    let current = ff_service::settings::current(db, admin).await?;
    let mut s = current.settings.clone();
    s.workforce.region = "North West".into();
    let saved = ff_service::settings::update(db, admin, &s, current.version).await?;
    let from = back(400);
    let october = NaiveDate::from_ymd_opt(chrono::Datelike::year(&back(60)), 10, 1).unwrap_or(from);
    let mut csv = String::from("role_type,from,hourly_pounds\n");
    for (role, pence) in [("SW", 3_700), ("SSW", 4_100), ("AP", 4_500), ("TM", 5_000), ("IRO_CPC", 4_600)] {
        for cap in [
            RateCap { role_type: role.into(), from, hourly_pence: pence },
            RateCap { role_type: role.into(), from: october.min(today), hourly_pence: pence + 100 },
        ] {
            csv.push_str(&format!("{},{},{}.{:02}\n", cap.role_type, cap.from, cap.hourly_pence / 100, cap.hourly_pence % 100));
        }
    }
    svc::load_caps(db, hr, &svc::CapsUpload { csv, version: saved.version }).await?;

    // The council's own registered social workers, linked to their accounts.
    let mut named = vec![];
    for (user, name, swe, qualified) in staff {
        let start = qualified.unwrap_or(back(3_000));
        let id = worker(db, hr, name, swe, Some(*user), vec![council("Northmoor Council", start, None, None)]).await?;
        let role = {
            let mut tx = db.begin().await?;
            let u = ff_store::users::get(&mut tx, hr.la(), *user).await?;
            tx.commit().await?;
            u.map(|u| u.role)
        };
        // The LCPP account's worker is accredited, with the evidence and who checked it.
        if role == Some(ff_domain::roles::Role::Lcpp) {
            let on = back(200).max(start);
            accredit(db, hr, id, on, "Advanced child protection practice programme, assessed portfolio and observed practice").await?;
        }
        named.push((id, start));
    }
    let posts = seed_establishment(db, hr, &named).await?;
    // The posts agency workers cover (W-SYS-4): post 7 and post 9 are left vacant by leavers;
    // post 1 is held by a permanent social worker, so an agency worker there covers no vacancy.
    let post = |i: usize| posts.get(i).copied();

    // Agency social workers.
    let tariq =
        worker(db, hr, "Tariq Mensah", "SW990101", None, vec![council("Ashby Council", back(3_600), Some(back(400)), None)]).await?;
    let covering =
        AssignmentInput { post_id: post(6), ..assignment("SW", "Northern Social Work Ltd", "Family help east", back(90), 2_800) };
    svc::start_assignment(db, hr, tariq, &covering).await?;

    let jo = worker(db, hr, "Jo Whitfield", "SW990102", None, vec![council("Calder Council", back(4_000), Some(back(700)), None)]).await?;
    let over = AssignmentInput {
        over_cap_reason: Some("No permanent applicants for the court team after two recruitment campaigns".into()),
        post_id: post(8),
        ..assignment("SSW", "Pennine Locums", "Court and pre-proceedings team", back(10), 3_900)
    };
    let id = svc::start_assignment(db, hr, jo, &over).await?;
    let sign = SignOffInput { by_role: "dcs".into(), name: "Helen Marsden".into(), signed_on: back(8), version: 1 };
    svc::sign_off(db, hr, id, &sign).await?;

    let lena = worker(
        db,
        hr,
        "Lena Marsh",
        "SW990103",
        None,
        vec![council("Northmoor Council", back(2_200), Some(back(900)), None), agency_period(back(890), back(200))],
    )
    .await?;
    // Extra capacity on a filled post: it covers no vacancy.
    let late = AssignmentInput {
        notice_days: 35,
        references_received: 1,
        post_id: post(0),
        ..assignment("SW", "Pennine Locums", "Assessment team", back(30), 2_800)
    };
    svc::start_assignment(db, hr, lena, &late).await?;

    let omar =
        worker(db, hr, "Omar Farouk", "SW990104", None, vec![council("Ashby Council", back(2_500), Some(back(40)), Some("resigned"))])
            .await?;
    // Not tied to a post, half time.
    let moving = AssignmentInput {
        cooling_off_exception: Some("moving_to_permanent".into()),
        fte: Some(0.5),
        ..assignment("SW", "Northern Social Work Ltd", "Children in care team", back(5), 2_800)
    };
    svc::start_assignment(db, hr, omar, &moving).await?;

    // An advanced practitioner over the cap since a month before the latest census day, still
    // waiting for both sign-offs: the workforce dashboard shows the breach on its default date.
    let since = census_date(today).checked_sub_days(Days::new(30)).unwrap_or(today);
    let priya = worker(db, hr, "Priya Nair", "SW990105", None, vec![council("Calder Council", back(5_000), Some(back(800)), None)]).await?;
    let waiting = AssignmentInput {
        over_cap_reason: Some("Interim cover for the advanced practitioner on long-term leave; no applicants at the cap".into()),
        ..assignment("AP", "Pennine Locums", "Assessment team", since, 4_000)
    };
    svc::start_assignment(db, hr, priya, &waiting).await?;
    share_with_region(db, admin, hr).await
}

/// The region's key for workers' registration numbers in the demo: made up, the same for every
/// demo council so their extracts link, and never a real region's key.
const DEMO_REGION_KEY: &str = "6a1e0c53d7b94f28e2a7c1d04b8f63e95d20a7c4f1b83e6d09c5a2f7e4b1d860";

/// The administrator loads the region's key and the workforce officer shares the latest census
/// year's workforce with the region (W-OUT-4, RCC-SHARE-4), so the demo shows a kept extract.
async fn share_with_region(db: &Db, admin: &Ctx, hr: &Ctx) -> Result<(), ServiceError> {
    use ff_service::sharing::workforce::{self as share, RegionKeyInput, WorkforceExtractInput};
    share::load_region_key(db, admin, &RegionKeyInput { key: DEMO_REGION_KEY.into(), version: 1 }).await?;
    let today = hr.today();
    let input = WorkforceExtractInput {
        purpose: "workforce".into(),
        agreement: "DSA-DEMO-WF-01".into(),
        delete_by: today.checked_add_months(chrono::Months::new(12 * 5)).unwrap_or(today),
        year: None,
    };
    share::create_extract(db, hr, &input).await?;
    Ok(())
}

/// Records the worker's accreditation as a lead child protection practitioner on `on`, at the
/// record's current version (an edit: the version before it is kept).
async fn accredit(db: &Db, hr: &Ctx, id: Uuid, on: NaiveDate, evidence: &str) -> Result<(), ServiceError> {
    let w = svc::worker(db, hr, id).await?;
    let details = WorkerDetails {
        lcpp_accredited_on: Some(on),
        lcpp_evidence: Some(evidence.into()),
        lcpp_evidence_held: Some("Workforce development team, accreditation file".into()),
        lcpp_checked_by: Some("Angela Brooks, principal social worker".into()),
        ..details_of(&w)
    };
    svc::edit_worker(db, hr, id, &EditWorkerInput { details, version: w.version }).await?;
    Ok(())
}

/// The details a worker's page shows, to edit.
fn details_of(w: &svc::WorkerView) -> WorkerDetails {
    WorkerDetails {
        name: w.name.clone(),
        swe_number: w.swe_number.clone(),
        qualified_on: w.qualified_on,
        date_of_birth: w.date_of_birth,
        registration_status: w.registration_status.clone(),
        registration_from: w.registration_from,
        qualification_route: w.qualification_route.clone(),
        lcpp_accredited_on: w.lcpp_accredited_on,
        lcpp_evidence: w.lcpp_evidence.clone(),
        lcpp_evidence_held: w.lcpp_evidence_held.clone(),
        lcpp_checked_by: w.lcpp_checked_by.clone(),
    }
}

/// Posts across the council's teams, permanent employment in most of them (the named staff in
/// the first ones), leavers this census year and last, and some sickness absence. The first
/// twelve posts, in order.
async fn seed_establishment(db: &Db, hr: &Ctx, named: &[(Uuid, NaiveDate)]) -> Result<Vec<Uuid>, ServiceError> {
    let today = hr.today();
    let back = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let census = census_date(today);
    let last = census.checked_sub_months(chrono::Months::new(12)).unwrap_or(census);
    let before = |d: NaiveDate, days: u64| d.checked_sub_days(Days::new(days)).unwrap_or(d);
    let after = |d: NaiveDate, days: u64| d.checked_add_days(Days::new(days)).unwrap_or(d);
    let teams = {
        let mut tx = db.begin().await?;
        let t = ff_store::users::list_teams(&mut tx, hr.la()).await?;
        tx.commit().await?;
        t
    };
    if teams.is_empty() {
        return Ok(vec![]);
    }
    let opened = back(3_650);
    let mut posts = vec![];
    for i in 0..12 {
        let team = &teams[i % teams.len()];
        let manager = i >= 10;
        let input = PostInput {
            team_id: team.id,
            title: format!("{} {}, {}", if manager { "Team manager" } else { "Social worker" }, i + 1, team.name),
            role_type: if manager {
                "TM"
            } else if i % 3 == 2 {
                "SSW"
            } else {
                "SW"
            }
            .into(),
            funded_fte: 1.0,
            case_holding: !manager,
            from: opened,
            to: None,
        };
        posts.push(svc::add_post(db, hr, &input).await?);
    }
    let employ = async |w: Uuid, post: Uuid, hours: f64, start: NaiveDate| {
        svc::start_episode(db, hr, w, &EmploymentInput { post_id: post, weekly_hours: hours, start_date: start }).await
    };
    for ((w, qualified), post) in named.iter().zip(&posts) {
        employ(*w, *post, 37.0, (*qualified).max(back(1_500))).await?;
    }
    let person = async |name: &str, swe: &str, start: NaiveDate| {
        worker(db, hr, name, swe, None, vec![council("Northmoor Council", before(start, 400), None, None)]).await
    };
    let leave = async |episode: Uuid, on: NaiveDate, reason: &str| {
        svc::end_episode(db, hr, episode, &EndEmploymentInput { end_date: on, reason_leave: reason.into(), version: 1 }).await
    };
    // One part-time, one who left this year, one who retired last year and whose post was
    // filled again, one who left this year for another council, one newer starter and a
    // manager; post 12 (a manager's) and what the leavers left are vacant.
    let priya = person("Priya Shah", "SW880101", back(800)).await?;
    employ(priya, posts[5], 22.5, back(800)).await?;
    let sam = person("Sam Okoro", "SW880102", back(2_000)).await?;
    let e = employ(sam, posts[6], 37.0, back(2_000)).await?;
    leave(e, before(census, 100), "1").await?;
    let ruth = person("Ruth Allen", "SW880103", back(3_000)).await?;
    let e = employ(ruth, posts[7], 37.0, back(3_000)).await?;
    leave(e, before(last, 60), "5").await?;
    let kemi = person("Kemi Ade", "SW880104", after(last, 30)).await?;
    employ(kemi, posts[7], 37.0, after(last, 30)).await?;
    let marek = person("Marek Nowak", "SW880105", back(1_200)).await?;
    let e = employ(marek, posts[8], 37.0, back(1_200)).await?;
    leave(e, before(census, 40), "1").await?;
    let nadia = person("Nadia Karim", "SW880106", back(600)).await?;
    employ(nadia, posts[9], 37.0, back(600)).await?;
    let grace = person("Grace Hall", "SW880107", back(2_500)).await?;
    employ(grace, posts[10], 37.0, back(2_500)).await?;
    // An experienced team manager accredited as an LCPP and not yet designated to the role.
    accredit(db, hr, grace, back(300), "Child protection practice leader accreditation, assessed by the regional partnership").await?;
    // Kemi's registration lapsed last month: roles that need registration are flagged.
    let w = svc::worker(db, hr, kemi).await?;
    let details = WorkerDetails { registration_status: Some("lapsed".into()), registration_from: Some(back(30)), ..details_of(&w) };
    svc::edit_worker(db, hr, kemi, &EditWorkerInput { details, version: w.version }).await?;

    // The apprentice cohort (W-EC-6): four who qualified by degree apprenticeship in the last
    // eighteen months, in new posts of their own.
    let team = &teams[0];
    for (i, (name, swe, days)) in [
        ("Aisha Begum", "SW770101", 60),
        ("Connor Walsh", "SW770102", 75),
        ("Megan Price", "SW770103", 250),
        ("Dev Patel", "SW770104", 420),
    ]
    .into_iter()
    .enumerate()
    {
        let qualified = back(days);
        let (born, _) = born_and_route(name, qualified);
        let details = WorkerDetails {
            name: name.into(),
            swe_number: Some(swe.into()),
            qualified_on: Some(qualified),
            date_of_birth: born,
            registration_status: Some("registered".into()),
            registration_from: Some(qualified),
            qualification_route: Some("apprenticeship".into()),
            ..Default::default()
        };
        let id = svc::add_worker(db, hr, &WorkerInput { details, user_id: None }).await?;
        let input = PostInput {
            team_id: team.id,
            title: format!("Social worker (newly qualified) {}, {}", i + 1, team.name),
            role_type: "SW".into(),
            funded_fte: 1.0,
            case_holding: true,
            from: back(480),
            to: None,
        };
        let post = svc::add_post(db, hr, &input).await?;
        employ(id, post, 37.0, qualified).await?;
    }

    // Sickness in both census years (one long spell each year), and a week's training that is not
    // sickness.
    let first = named.first().map_or(priya, |n| n.0);
    for (w, from, days) in [
        (first, before(census, 200), 4),
        (nadia, before(census, 50), 2),
        (grace, before(census, 120), 41),
        (kemi, before(census, 150), 13),
        (priya, before(last, 100), 6),
        (grace, before(last, 20), 1),
        (sam, before(last, 160), 27),
    ] {
        let input = AbsenceInput { reason: "SIC".into(), from, to: after(from, days), days_lost: None };
        svc::record_absence(db, hr, w, &input).await?;
    }
    let from = before(census, 30);
    svc::record_absence(db, hr, kemi, &AbsenceInput { reason: "TRN".into(), from, to: after(from, 4), days_lost: None }).await?;
    Ok(posts)
}
