//! Foster carers for the demo: about one fostering household for every ten
//! families, at every stage of recruitment and of each kind, some approved with their yearly
//! review overdue, a connected person approved temporarily, and the council's own allowances a
//! little above the national minimum. Everything goes through `ff_service::carers` as the
//! fostering team's demo account, so the demo obeys CR-1 to CR-5.

use chrono::{Days, NaiveDate};
use ff_service::carers::{
    self as svc, CarerEndInput, CarerInput, CarerRatesInput, CarerReviewInput, CarerStageInput, CarerTemporaryInput, CarerTermsInput,
};
use ff_service::{Ctx, ServiceError};
use ff_store::Db;

/// Invented household names (Northmoor does not exist): the first names of one or two carers,
/// then a family name, combined so a large council's households do not repeat.
const FIRST: &[&str] = &[
    "Sam and Alex",
    "Amina and Tom",
    "Grace",
    "Harjit and Simran",
    "Dee and Martin",
    "Ruth",
    "Colin and Jan",
    "Nadia",
    "Mel and Chris",
    "Bernadette",
    "Kofi and Lucy",
    "Wendy",
    "Priti and Dev",
    "Joanne",
    "Ade and Funmi",
    "Carol and Steve",
    "Yusuf and Leyla",
];
const FAMILY: &[&str] = &[
    "Reid",
    "Okafor",
    "Whitlow",
    "Gill",
    "Kershaw",
    "Adeyemi",
    "Pearce",
    "Hussain",
    "Oduya",
    "Quinn",
    "Mensah",
    "Harrop",
    "Brierley",
    "Sutcliffe",
    "Nowak",
    "Ahmed",
    "Farrell",
    "Lindley",
    "Osei",
];

/// The `i`th household's name: first names and family names walk their lists at different
/// strides, so names repeat only after every pairing has been used.
fn household_name(i: usize) -> String {
    let first = FIRST[i % FIRST.len()];
    let family = FAMILY[(i + i / FAMILY.len()) % FAMILY.len()];
    if i < FIRST.len() * FAMILY.len() {
        format!("{first} {family}")
    } else {
        format!("{first} {family} ({})", i / (FIRST.len() * FAMILY.len()) + 1)
    }
}

/// The stages the households cycle through.
#[derive(Debug, Clone, Copy)]
enum Step {
    Enquiry,
    InitialVisit,
    Assessment,
    Panel,
    Approved,
    ReviewOverdue,
    Temporary,
    Withdrawn,
    NotApproved,
    Reviewed,
    Ended,
    ParentAndChild,
}

const STEPS: [Step; 12] = [
    Step::Enquiry,
    Step::InitialVisit,
    Step::Assessment,
    Step::Panel,
    Step::Approved,
    Step::ReviewOverdue,
    Step::Temporary,
    Step::Withdrawn,
    Step::NotApproved,
    Step::Reviewed,
    Step::Ended,
    Step::ParentAndChild,
];

/// How many households a demo of `scenarios` Family Help scenarios has: about one for every ten
/// families (a scenario stands for about six families), at least one at every stage.
pub(super) fn households_for(scenarios: usize) -> usize {
    (scenarios * 6 / 10).max(STEPS.len())
}

/// Seed `n` households as the fostering team's demo account. Returns how many were made.
pub(super) async fn seed_carers(db: &Db, fostering: &Ctx, n: usize) -> Result<usize, ServiceError> {
    let today = fostering.today();
    let ago = |days: u64| today - Days::new(days);
    // The council pays a little more than the national minimum from this financial year.
    let a = svc::allowances(db, fostering).await?;
    let rates = CarerRatesInput {
        national_minimum: false,
        from: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap_or(today).min(today),
        age_0_2_pence: 18_200,
        age_3_4_pence: 18_800,
        age_5_10_pence: 20_700,
        age_11_15_pence: 23_500,
        age_16_17_pence: 27_500,
        version: a.version,
    };
    svc::set_council_rates(db, fostering, &rates).await?;
    for i in 0..n {
        let step = STEPS[i % STEPS.len()];
        let connected = matches!(step, Step::Temporary) || (i % 4 == 1 && !matches!(step, Step::ParentAndChild));
        let kind = match step {
            Step::ParentAndChild => "parent_and_child",
            _ if connected => "connected_person",
            _ => "mainstream",
        };
        let name = household_name(i);
        // Approved households started long ago; those still being recruited more recently.
        let start = match step {
            Step::Enquiry | Step::InitialVisit | Step::Assessment | Step::Panel | Step::Temporary => 40 + 20 * (i % 3) as u64,
            Step::Withdrawn | Step::NotApproved => 200,
            Step::ReviewOverdue => 700,
            _ => 560,
        };
        let input = CarerInput {
            name,
            kind: kind.into(),
            postcode_area: Some(format!("NM{}", 1 + i % 9)),
            takes_siblings: i % 3 == 0,
            takes_teenagers: i % 2 == 0,
            takes_uasc: i % 5 == 0,
            takes_parent_and_child: matches!(step, Step::ParentAndChild),
            enquiry_on: ago(start),
        };
        let id = svc::create(db, fostering, &input).await?;
        let mut version = 1;
        let go = async |stage: &str, on: NaiveDate, reason: Option<&str>, version: &mut i32| -> Result<(), ServiceError> {
            let input = CarerStageInput { stage: stage.into(), on, reason: reason.map(str::to_owned), version: *version };
            svc::stage(db, fostering, id, &input).await?;
            *version += 1;
            Ok(())
        };
        // The recruitment stages each household reached, each so many days after its enquiry.
        let reached: &[(&str, u64)] = match step {
            Step::Enquiry => &[],
            Step::InitialVisit => &[("initial_visit", 20)],
            Step::Assessment | Step::Temporary => &[("initial_visit", 15), ("assessment", 25)],
            Step::Panel => &[("initial_visit", 10), ("assessment", 20), ("panel", 35)],
            Step::Withdrawn => &[("initial_visit", 30)],
            Step::NotApproved => &[("initial_visit", 30), ("assessment", 60), ("panel", 160)],
            _ => &[("initial_visit", 30), ("assessment", 60), ("panel", 180)],
        };
        for (stage, after) in reached {
            go(stage, ago(start - after), None, &mut version).await?;
        }
        match step {
            Step::Withdrawn => {
                go("withdrawn", ago(start - 50), Some("Decided the time was not right for their family"), &mut version).await?
            }
            Step::NotApproved => {
                go(
                    "not_approved",
                    ago(start - 170),
                    Some("The panel's recommendation, accepted by the agency decision maker"),
                    &mut version,
                )
                .await?
            }
            Step::Temporary => {
                let input = CarerTemporaryInput { on: ago(start - 30), until: None, version };
                svc::temporary(db, fostering, id, &input).await?;
            }
            Step::Approved | Step::ReviewOverdue | Step::Reviewed | Step::Ended | Step::ParentAndChild => {
                // Approved about 11 months ago, or over a year ago with the review overdue.
                let approved = match step {
                    Step::ReviewOverdue => ago(420),
                    Step::Approved | Step::ParentAndChild => ago(330),
                    _ => ago(start - 190),
                };
                let (age_from, age_to, places) = match step {
                    Step::ParentAndChild => (0, 2, 1),
                    _ if i % 2 == 0 => (0, 10, 2),
                    _ => (11, 17, 2),
                };
                let terms = CarerTermsInput {
                    on: approved,
                    age_from,
                    age_to,
                    places,
                    siblings_together: places > 1,
                    exemption_reason: None,
                    version,
                };
                svc::approve(db, fostering, id, &terms).await?;
                version += 1;
                if matches!(step, Step::Reviewed | Step::Ended) {
                    let review = CarerReviewInput { on: approved + Days::new(360), version };
                    svc::review(db, fostering, id, &review).await?;
                    version += 1;
                    let more = CarerTermsInput { on: approved + Days::new(361), places: 3, ..terms };
                    svc::change_terms(db, fostering, id, &CarerTermsInput { version, ..more }).await?;
                    version += 1;
                }
                if matches!(step, Step::Ended) {
                    let end = CarerEndInput {
                        on: ago(5),
                        reason: "resigned".into(),
                        details: Some("Retiring after many years of fostering".into()),
                        version,
                    };
                    svc::end(db, fostering, id, &end).await?;
                }
            }
            _ => {}
        }
    }
    Ok(n)
}
