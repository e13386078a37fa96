//! Foster carers for the demo: about one fostering household for every ten
//! families, at every stage of recruitment and of each kind, most approved (several for years,
//! reviewed every year), some with their yearly review overdue, a connected person approved
//! temporarily, and the council's own allowances a little above the national minimum. Everything
//! goes through `ff_service::carers` as the fostering team's demo account, so the demo obeys
//! CR-1 to CR-5. The households children can be placed with are handed to [`super::homes`],
//! which places the demo's children in care with them (CR-6).

use chrono::{Days, NaiveDate};
use ff_service::carers::{
    self as svc, CarerEndInput, CarerInput, CarerRatesInput, CarerReviewInput, CarerStageInput, CarerTemporaryInput, CarerTermsInput,
};
use ff_service::{Ctx, ServiceError};
use ff_store::Db;
use uuid::Uuid;

use super::homes::{Home, Homes};

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
pub(super) fn household_name(i: usize) -> String {
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
    /// Approved years ago and reviewed every year since (CR-5): most of the children in care
    /// live with households like these.
    LongStanding,
}

const STEPS: [Step; 16] = [
    Step::Enquiry,
    Step::InitialVisit,
    Step::Assessment,
    Step::Panel,
    Step::Approved,
    Step::ReviewOverdue,
    Step::Temporary,
    Step::LongStanding,
    Step::Withdrawn,
    Step::NotApproved,
    Step::Reviewed,
    Step::LongStanding,
    Step::Ended,
    Step::ParentAndChild,
    Step::LongStanding,
    Step::LongStanding,
];

/// The terms (ages from and to, places) the long-standing households are approved on in turn
/// (CR-3): younger children, teenagers, any age, and school age on.
const LONG_STANDING_TERMS: [(u32, u32, u32); 4] = [(0, 10, 2), (11, 17, 2), (0, 17, 3), (5, 17, 2)];

/// How many households a demo of `scenarios` Family Help scenarios has: about one for every ten
/// families (a scenario stands for about six families), at least one at every stage.
pub(super) fn households_for(scenarios: usize) -> usize {
    (scenarios * 6 / 10).max(STEPS.len())
}

/// One household being recorded through `ff_service::carers`, at the version it has reached.
pub(super) struct Household<'a> {
    db: &'a Db,
    fostering: &'a Ctx,
    pub(super) id: Uuid,
    version: i32,
}

impl<'a> Household<'a> {
    /// The first enquiry.
    pub(super) async fn enquiry(db: &'a Db, fostering: &'a Ctx, input: &CarerInput) -> Result<Self, ServiceError> {
        let id = svc::create(db, fostering, input).await?;
        Ok(Self { db, fostering, id, version: 1 })
    }

    /// The next stage of recruitment, or withdrawn or not approved with a reason (CR-1).
    async fn stage(&mut self, stage: &str, on: NaiveDate, reason: Option<&str>) -> Result<(), ServiceError> {
        let input = CarerStageInput { stage: stage.into(), on, reason: reason.map(str::to_owned), version: self.version };
        svc::stage(self.db, self.fostering, self.id, &input).await?;
        self.version += 1;
        Ok(())
    }

    /// The stages of recruitment it reached, each so many days after the enquiry on `enquiry_on`
    /// (so dated in order, CR-1).
    pub(super) async fn recruited(&mut self, stages: &[(&str, u64)], enquiry_on: NaiveDate) -> Result<(), ServiceError> {
        for (stage, after) in stages {
            self.stage(stage, enquiry_on + Days::new(*after), None).await?;
        }
        Ok(())
    }

    /// Approved after the panel on terms: ages from and to, and places (CR-1, CR-3).
    pub(super) async fn approve(&mut self, on: NaiveDate, (age_from, age_to, places): (u32, u32, u32)) -> Result<(), ServiceError> {
        let terms =
            CarerTermsInput { on, age_from, age_to, places, siblings_together: places > 1, exemption_reason: None, version: self.version };
        svc::approve(self.db, self.fostering, self.id, &terms).await?;
        self.version += 1;
        Ok(())
    }

    /// New terms from `on` (CR-3).
    async fn change_terms(&mut self, on: NaiveDate, (age_from, age_to, places): (u32, u32, u32)) -> Result<(), ServiceError> {
        let terms =
            CarerTermsInput { on, age_from, age_to, places, siblings_together: places > 1, exemption_reason: None, version: self.version };
        svc::change_terms(self.db, self.fostering, self.id, &terms).await?;
        self.version += 1;
        Ok(())
    }

    /// The yearly review of approval on `on` (CR-5).
    async fn review(&mut self, on: NaiveDate) -> Result<(), ServiceError> {
        svc::review(self.db, self.fostering, self.id, &CarerReviewInput { on, version: self.version }).await?;
        self.version += 1;
        Ok(())
    }

    /// Every yearly review since approval on `approved`, each a fortnight before it fell due
    /// (CR-5), so the next is not yet due.
    pub(super) async fn reviewed_yearly(&mut self, approved: NaiveDate) -> Result<(), ServiceError> {
        let today = self.fostering.today();
        let mut last = None;
        loop {
            let on = ff_domain::carers::review_due(approved, last) - Days::new(14);
            if on > today {
                return Ok(());
            }
            self.review(on).await?;
            last = Some(on);
        }
    }

    /// A connected person approved temporarily from `on` for the usual 16 weeks (CR-4).
    pub(super) async fn temporary(&mut self, on: NaiveDate) -> Result<(), ServiceError> {
        svc::temporary(self.db, self.fostering, self.id, &CarerTemporaryInput { on, until: None, version: self.version }).await?;
        self.version += 1;
        Ok(())
    }

    /// The approval ends (CR-1).
    async fn end(&mut self, on: NaiveDate, reason: &str, details: &str) -> Result<(), ServiceError> {
        let end = CarerEndInput { on, reason: reason.into(), details: Some(details.into()), version: self.version };
        svc::end(self.db, self.fostering, self.id, &end).await?;
        self.version += 1;
        Ok(())
    }
}

/// Seed `n` households as the fostering team's demo account. Returns the households children can
/// be placed with: the approved ones (but the parent-and-child household, whose places are for a
/// parent with their baby, and the one whose approval has ended) and the connected person
/// approved temporarily.
pub(super) async fn seed_carers(db: &Db, fostering: &Ctx, n: usize) -> Result<Homes, ServiceError> {
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
    let mut homes = vec![];
    let mut long_standing = 0;
    for i in 0..n {
        let step = STEPS[i % STEPS.len()];
        let connected = matches!(step, Step::Temporary) || (i % 4 == 1 && !matches!(step, Step::ParentAndChild));
        let kind = match step {
            Step::ParentAndChild => "parent_and_child",
            _ if connected => "connected_person",
            _ => "mainstream",
        };
        // The terms of approval (CR-3): a connected person's for any age of the children they
        // are family or friends of; the others' for younger children or teenagers.
        let terms = match step {
            Step::ParentAndChild => (0, 2, 1),
            Step::LongStanding => LONG_STANDING_TERMS[long_standing % LONG_STANDING_TERMS.len()],
            _ if connected => (0, 17, 2),
            _ if i % 2 == 0 => (0, 10, 2),
            _ => (11, 17, 2),
        };
        let name = household_name(i);
        // Approved households started long ago (the long-standing ones were approved between two
        // and a half and four and a half years ago); those still being recruited more recently.
        let start = match step {
            Step::Enquiry | Step::InitialVisit | Step::Assessment | Step::Panel | Step::Temporary => 40 + 20 * (i % 3) as u64,
            Step::Withdrawn | Step::NotApproved => 200,
            Step::ReviewOverdue => 700,
            Step::LongStanding => 1_100 + 150 * (long_standing % 6) as u64,
            _ => 560,
        };
        let approved_terms = !matches!(
            step,
            Step::Enquiry | Step::InitialVisit | Step::Assessment | Step::Panel | Step::Temporary | Step::Withdrawn | Step::NotApproved
        );
        let input = CarerInput {
            name: name.clone(),
            kind: kind.into(),
            postcode_area: Some(format!("NM{}", 1 + i % 9)),
            takes_siblings: i % 3 == 0,
            takes_teenagers: if approved_terms { terms.1 >= 13 } else { i % 2 == 0 },
            takes_uasc: i % 5 == 0,
            takes_parent_and_child: matches!(step, Step::ParentAndChild),
            enquiry_on: ago(start),
        };
        let mut h = Household::enquiry(db, fostering, &input).await?;
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
        h.recruited(reached, ago(start)).await?;
        // Where the household is, and the ages and places it is approved for, for placing
        // children with it (CR-6).
        let id = h.id;
        let home = |from: NaiveDate, until: Option<NaiveDate>, (age_from, age_to, places): (u32, u32, u32)| Home {
            id,
            name: name.clone(),
            area: input.postcode_area.clone().unwrap_or_default(),
            connected,
            ages: (age_from, age_to),
            places,
            from,
            until,
            stays: vec![],
        };
        match step {
            Step::Withdrawn => h.stage("withdrawn", ago(start - 50), Some("Decided the time was not right for their family")).await?,
            Step::NotApproved => {
                h.stage("not_approved", ago(start - 170), Some("The panel's recommendation, accepted by the agency decision maker")).await?
            }
            Step::Temporary => {
                // CR-4: 16 weeks from the day, for one child of the family.
                let on = ago(start - 30);
                h.temporary(on).await?;
                homes.push(home(on, Some(on + Days::new(ff_domain::carers::TEMPORARY_WEEKS * 7)), (0, 17, 1)));
            }
            Step::Approved | Step::ReviewOverdue | Step::Reviewed | Step::Ended | Step::ParentAndChild | Step::LongStanding => {
                // Approved about 11 months ago, or over a year ago with the review overdue, or
                // years ago.
                let approved = match step {
                    Step::ReviewOverdue => ago(420),
                    Step::Approved | Step::ParentAndChild => ago(330),
                    _ => ago(start - 190),
                };
                h.approve(approved, terms).await?;
                if matches!(step, Step::LongStanding) {
                    h.reviewed_yearly(approved).await?;
                    long_standing += 1;
                }
                if matches!(step, Step::Reviewed | Step::Ended) {
                    h.review(approved + Days::new(360)).await?;
                    h.change_terms(approved + Days::new(361), (terms.0, terms.1, 3)).await?;
                }
                match step {
                    Step::Ended => h.end(ago(5), "resigned", "Retiring after many years of fostering").await?,
                    Step::ParentAndChild => {}
                    // A household whose places grew is counted at the places it had all along.
                    _ => homes.push(home(approved, None, terms)),
                }
            }
            _ => {}
        }
    }
    Ok(Homes::new(fostering.clone(), homes, n))
}
