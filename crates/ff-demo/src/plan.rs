//! Pure generation of synthetic families: no database, no clock. [`plan_family`] turns a random
//! stream into one family (people, relationships, household, addresses); the storage step in
//! `lib.rs` writes what it returns.
//!
//! The proportions aim at a plausible caseload for an English council, not at statistics: about
//! two in five families have both birth parents at home, a fifth are separated parents, a fifth a
//! mother with a new partner, a few a lone father or grandparents caring under a special
//! guardianship order, and roughly one family in seven has no father or male carer recorded at
//! all (the case the product prompts practitioners about).

use chrono::{DateTime, Days, Months, NaiveDate, Utc};
use ff_domain::nhs::{NhsNumber, SYNTHETIC_NHS_NUMBER_CYCLE, synthetic_nhs_number};
use ff_domain::people::{Connection, Ethnicity, Membership, PersonDetails, PrBasis, RelationshipKind, Sex, is_child, needs_father_prompt};
use uuid::Uuid;

use crate::names::{BUILDINGS, DISTRICTS, Generation, Origin, POSTCODE_LETTERS, STREETS};
use crate::rng::{DemoRng, IdSource};

/// The town every demo address is in.
pub const TOWN: &str = "Northmoor";

/// Hands out NHS numbers from the 999 test range in order, so no two demo people share one.
/// After [`SYNTHETIC_NHS_NUMBER_CYCLE`] numbers the range is used up and people get none (the
/// register's uniqueness rule must hold however many families are generated).
#[derive(Debug, Clone, Default)]
pub struct NhsAllocator {
    next: u32,
}

impl NhsAllocator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn take(&mut self) -> Option<NhsNumber> {
        if self.next >= SYNTHETIC_NHS_NUMBER_CYCLE {
            return None;
        }
        let n = synthetic_nhs_number(self.next);
        self.next += 1;
        Some(n)
    }

    /// How many numbers have been handed out.
    pub fn issued(&self) -> u32 {
        self.next
    }
}

/// Who lives with the children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyShape {
    /// Mother and father at home together.
    TwoParents,
    /// Mother at home; the father is recorded and lives elsewhere (he may visit regularly).
    SeparatedParents,
    /// Mother at home; no father or male carer recorded.
    LoneMother,
    /// Mother and a male partner or step-parent at home; he may be the father of the younger
    /// children; the older children's father may be recorded, living elsewhere.
    MotherAndPartner,
    /// Mother and a female partner at home; the father may be recorded, living elsewhere.
    MotherAndFemalePartner,
    /// Father at home; the mother may be recorded, living elsewhere.
    LoneFather,
    /// Grandparents caring for the children (special guardianship or a child arrangements order).
    Grandparents,
}

const SHAPES: &[(FamilyShape, u32)] = &[
    (FamilyShape::TwoParents, 370),
    (FamilyShape::SeparatedParents, 170),
    (FamilyShape::LoneMother, 125),
    (FamilyShape::MotherAndPartner, 200),
    (FamilyShape::MotherAndFemalePartner, 25),
    (FamilyShape::LoneFather, 50),
    (FamilyShape::Grandparents, 60),
];

/// A person's place in the family, for tests and summaries (the register itself records
/// relationships, not roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyRole {
    Mother,
    Father,
    /// A parent's partner (married, civil partner or not) who is not the children's parent.
    Partner,
    Child,
    Grandparent,
    /// An aunt or uncle.
    OtherRelative,
    Friend,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyPerson {
    pub id: Uuid,
    pub role: FamilyRole,
    pub lives_in_household: bool,
    pub details: PersonDetails,
}

/// "`from` is the `kind` of `to`", as the register stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyRelationship {
    pub id: Uuid,
    pub from: Uuid,
    pub to: Uuid,
    pub kind: RelationshipKind,
    /// Set when `from` holds parental responsibility for `to`.
    pub pr_basis: Option<PrBasis>,
    pub start_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyMembership {
    pub id: Uuid,
    pub person_id: Uuid,
    pub membership: Membership,
    pub start_date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyAddress {
    pub id: Uuid,
    pub person_id: Uuid,
    pub line1: String,
    pub line2: Option<String>,
    pub town: String,
    pub postcode: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
}

/// One synthetic family: everyone in it, how they are related, their household and addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    pub index: usize,
    pub shape: FamilyShape,
    pub household_id: Uuid,
    pub people: Vec<FamilyPerson>,
    pub relationships: Vec<FamilyRelationship>,
    pub memberships: Vec<FamilyMembership>,
    pub addresses: Vec<FamilyAddress>,
}

impl Family {
    pub fn person(&self, id: Uuid) -> Option<&FamilyPerson> {
        self.people.iter().find(|p| p.id == id)
    }

    pub fn children(&self) -> impl Iterator<Item = &FamilyPerson> {
        self.people.iter().filter(|p| p.role == FamilyRole::Child)
    }

    /// Would the child's record prompt practitioners about a father or male carer? Built the way
    /// the people service builds it from the register (relationships where the other person is
    /// the parent-like end, and adults living in the same household).
    pub fn child_needs_father_prompt(&self, child: Uuid, today: NaiveDate) -> bool {
        let Some(c) = self.person(child) else { return false };
        let adult = |p: &FamilyPerson| !is_child(p.details.date_of_birth, p.details.expected_date_of_birth, today);
        let mut connections: Vec<Connection> = vec![];
        for r in self.relationships.iter().filter(|r| r.to == child || r.from == child) {
            let other_id = if r.to == child { r.from } else { r.to };
            if let Some(other) = self.person(other_id) {
                connections.push(Connection {
                    kind: (r.to == child).then_some(r.kind),
                    sex: Some(other.details.sex),
                    lives_in_household: false,
                    is_adult: adult(other),
                });
            }
        }
        let in_household = self.memberships.iter().any(|m| m.person_id == child && m.membership == Membership::LivesIn);
        if in_household {
            for m in self.memberships.iter().filter(|m| m.person_id != child && m.membership == Membership::LivesIn) {
                if let Some(other) = self.person(m.person_id) {
                    connections.push(Connection {
                        kind: None,
                        sex: Some(other.details.sex),
                        lives_in_household: true,
                        is_adult: adult(other),
                    });
                }
            }
        }
        needs_father_prompt(is_child(c.details.date_of_birth, c.details.expected_date_of_birth, today), &connections)
    }
}

/// The families for `seed`, in order, each generated from its own stream.
pub fn plan_families(seed: u64, now: DateTime<Utc>, count: usize) -> impl Iterator<Item = Family> {
    let mut nhs = NhsAllocator::new();
    (0..count).map(move |index| {
        let mut rng = DemoRng::for_family(seed, index);
        let mut ids = IdSource::for_family(seed, now, index);
        plan_family(&mut rng, &mut ids, index, now, &mut nhs)
    })
}

/// Generate family number `index` from `rng`, with ids from `ids` and NHS numbers from `nhs`.
/// Dates are relative to `now` (as a date in England); nothing here reads the clock.
pub fn plan_family(rng: &mut DemoRng, ids: &mut IdSource, index: usize, now: DateTime<Utc>, nhs: &mut NhsAllocator) -> Family {
    let today = ff_domain::calendar::london_date(now);
    let household_id = ids.next_id();
    let shape = rng.weighted(SHAPES);
    let mut b = Builder {
        rng,
        ids,
        nhs,
        today,
        family: Family { index, shape, household_id, people: vec![], relationships: vec![], memberships: vec![], addresses: vec![] },
        given_names: vec![],
    };
    b.build();
    b.family
}

#[derive(Debug, Clone, Copy)]
struct Side {
    ethnicity: Ethnicity,
    origin: Origin,
}

/// Ethnicity codes of the children and the origins of the parents' names.
#[derive(Debug, Clone, Copy)]
struct Heritage {
    child: Ethnicity,
    mother: Side,
    father: Side,
}

/// Roughly the mix of children's ethnicity in England (school census), which the children in
/// need population broadly follows, in parts per thousand.
const HERITAGE: &[(Ethnicity, u32)] = &[
    (Ethnicity::Wbri, 640),
    (Ethnicity::Wiri, 4),
    (Ethnicity::Wirt, 4),
    (Ethnicity::Wrom, 6),
    (Ethnicity::Woth, 65),
    (Ethnicity::Mwbc, 22),
    (Ethnicity::Mwba, 10),
    (Ethnicity::Mwas, 14),
    (Ethnicity::Moth, 25),
    (Ethnicity::Aind, 25),
    (Ethnicity::Apkn, 40),
    (Ethnicity::Aban, 15),
    (Ethnicity::Aoth, 15),
    (Ethnicity::Bcrb, 15),
    (Ethnicity::Bafr, 50),
    (Ethnicity::Both, 8),
    (Ethnicity::Chne, 4),
    (Ethnicity::Ooth, 25),
    (Ethnicity::Nobt, 9),
    (Ethnicity::Refu, 4),
];

fn side(ethnicity: Ethnicity, origin: Origin) -> Side {
    Side { ethnicity, origin }
}

fn heritage(rng: &mut DemoRng) -> Heritage {
    use Ethnicity as E;
    let british = side(E::Wbri, Origin::British);
    let same = |s: Side| Heritage { child: s.ethnicity, mother: s, father: s };
    let code = rng.weighted(HERITAGE);
    let mixed = |rng: &mut DemoRng, white: Side, other: Side| {
        if rng.chance(0.7) {
            Heritage { child: code, mother: white, father: other }
        } else {
            Heritage { child: code, mother: other, father: white }
        }
    };
    match code {
        E::Wbri => same(british),
        E::Wiri => Heritage {
            child: code,
            mother: side(E::Wiri, Origin::Irish),
            father: if rng.chance(0.5) { side(E::Wiri, Origin::Irish) } else { british },
        },
        E::Wirt => same(side(E::Wirt, Origin::Traveller)),
        E::Wrom => same(side(E::Wrom, Origin::Roma)),
        E::Woth => same(side(E::Woth, Origin::European)),
        E::Mwbc => mixed(rng, british, side(E::Bcrb, Origin::Caribbean)),
        E::Mwba => mixed(rng, british, side(E::Bafr, Origin::African)),
        E::Mwas => {
            let asian = *rng.pick(&[
                side(E::Apkn, Origin::Pakistani),
                side(E::Aind, Origin::Indian),
                side(E::Aban, Origin::Bangladeshi),
                side(E::Aoth, Origin::OtherAsian),
            ]);
            mixed(rng, british, asian)
        }
        E::Moth => {
            let white = if rng.chance(0.7) { british } else { side(E::Woth, Origin::European) };
            let other = *rng.pick(&[
                side(E::Ooth, Origin::MiddleEastern),
                side(E::Both, Origin::Caribbean),
                side(E::Aoth, Origin::OtherAsian),
                side(E::Bafr, Origin::African),
            ]);
            mixed(rng, white, other)
        }
        E::Aind => same(side(E::Aind, Origin::Indian)),
        E::Apkn => same(side(E::Apkn, Origin::Pakistani)),
        E::Aban => same(side(E::Aban, Origin::Bangladeshi)),
        E::Aoth => same(side(E::Aoth, Origin::OtherAsian)),
        E::Bcrb => same(side(E::Bcrb, Origin::Caribbean)),
        E::Bafr => same(side(E::Bafr, Origin::African)),
        E::Both => same(side(E::Both, if rng.chance(0.5) { Origin::African } else { Origin::Caribbean })),
        E::Chne => same(side(E::Chne, Origin::Chinese)),
        E::Ooth => same(side(E::Ooth, Origin::MiddleEastern)),
        // Not obtained or refused: the adults' ethnicity is unknown too.
        _ => {
            let origin =
                if rng.chance(0.7) { Origin::British } else { *rng.pick(&[Origin::European, Origin::African, Origin::MiddleEastern]) };
            same(side(code, origin))
        }
    }
}

/// A child's date: born, or expected.
#[derive(Debug, Clone, Copy)]
enum Birth {
    Born(NaiveDate),
    Expected(NaiveDate),
}

impl Birth {
    fn date(self) -> NaiveDate {
        match self {
            Birth::Born(d) | Birth::Expected(d) => d,
        }
    }
}

fn years_ago(d: NaiveDate, years: i64) -> NaiveDate {
    d.checked_sub_months(Months::new(12 * years.clamp(0, 200) as u32)).unwrap_or(d)
}

fn days_before(d: NaiveDate, days: i64) -> NaiveDate {
    d.checked_sub_days(Days::new(days.max(0) as u64)).unwrap_or(d)
}

fn days_after(d: NaiveDate, days: i64) -> NaiveDate {
    d.checked_add_days(Days::new(days.max(0) as u64)).unwrap_or(d)
}

fn years_later(d: NaiveDate, years: i64) -> NaiveDate {
    d.checked_add_months(Months::new(12 * years.clamp(0, 200) as u32)).unwrap_or(d)
}

fn full_years(from: NaiveDate, to: NaiveDate) -> i64 {
    i64::from(to.years_since(from).unwrap_or(0))
}

struct Builder<'a> {
    rng: &'a mut DemoRng,
    ids: &'a mut IdSource,
    nhs: &'a mut NhsAllocator,
    today: NaiveDate,
    family: Family,
    /// First names already given in this family.
    given_names: Vec<String>,
}

/// Everything about one person before it becomes a record.
struct NewPerson {
    role: FamilyRole,
    lives_in: bool,
    given: String,
    family: String,
    other_names: Option<String>,
    birth: Birth,
    sex: Sex,
    ethnicity: Option<Ethnicity>,
}

impl Builder<'_> {
    fn chance(&mut self, p: f64) -> bool {
        self.rng.chance(p)
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.range(lo, hi)
    }

    fn given_name(&mut self, origin: Origin, sex: Sex, generation: Generation) -> String {
        let origin = if generation == Generation::Child && origin.mixes_british_given_names() && self.chance(0.4) {
            Origin::British
        } else {
            origin
        };
        let pool = origin.pool(generation);
        let list = match sex {
            Sex::Female => pool.female,
            Sex::Male => pool.male,
            Sex::Unknown => {
                if self.chance(0.5) {
                    pool.female
                } else {
                    pool.male
                }
            }
        };
        // Nobody in one family shares a first name (two "Amina Karim"s on one page confuse a reader).
        // The next name in the list on a clash, so the random stream (and every family after
        // this one) is the same as without the check.
        let first = *self.rng.pick(list);
        let start = list.iter().position(|n| *n == first).unwrap_or(0);
        let given = (0..list.len())
            .map(|k| list[(start + k) % list.len()])
            .find(|n| !self.given_names.iter().any(|g| g == n))
            .unwrap_or(first)
            .to_owned();
        self.given_names.push(given.clone());
        given
    }

    fn family_name(&mut self, origin: Origin) -> String {
        (*self.rng.pick(origin.pool(Generation::Parent).family)).to_owned()
    }

    /// Adults' ethnicity is recorded for most, not all.
    fn adult_ethnicity(&mut self, s: Side) -> Option<Ethnicity> {
        self.chance(0.85).then_some(s.ethnicity)
    }

    /// The latest date of birth that makes someone an adult today.
    fn adult_by(&self) -> NaiveDate {
        days_before(years_ago(self.today, 18), 1)
    }

    /// A birth date for a parent of children born (or due) between `first` and `last`: 18 or
    /// over at the first birth, at most `max_age` at the last, and an adult today.
    fn parent_dob(&mut self, first: NaiveDate, last: NaiveDate, preferred: (i64, i64), max_age: i64) -> NaiveDate {
        let hi = max_age - full_years(first, last) - 1;
        let (lo, hi) = (18, hi.max(18));
        let age = self.range(preferred.0.clamp(lo, hi), preferred.1.clamp(lo, hi));
        let extra_days = self.range(0, 300);
        days_before(years_ago(first, age), extra_days).min(self.adult_by())
    }

    /// Someone of about the same age as `dob`, `older` years older at most and `younger` years
    /// younger at most, and an adult today.
    fn peer_dob(&mut self, dob: NaiveDate, younger: i64, older: i64) -> NaiveDate {
        let shift = self.range(-younger * 365, older * 365);
        let d = if shift >= 0 { days_before(dob, shift) } else { days_after(dob, -shift) };
        d.min(self.adult_by())
    }

    fn add_person(&mut self, p: NewPerson) -> Uuid {
        let id = self.ids.next_id();
        let (date_of_birth, expected_date_of_birth) = match p.birth {
            Birth::Born(d) => (Some(d), None),
            Birth::Expected(d) => (None, Some(d)),
        };
        let wants_nhs = match (p.role, p.birth) {
            (_, Birth::Expected(_)) => false,
            (FamilyRole::Child, _) => self.chance(0.9),
            _ => self.chance(0.7),
        };
        let nhs_number = if wants_nhs { self.nhs.take() } else { None };
        let nhs_number_verified = nhs_number.is_some() && self.chance(0.85);
        self.family.people.push(FamilyPerson {
            id,
            role: p.role,
            lives_in_household: p.lives_in,
            details: PersonDetails {
                given_name: p.given,
                family_name: p.family,
                other_names: p.other_names,
                date_of_birth,
                expected_date_of_birth,
                sex: p.sex,
                ethnicity: p.ethnicity,
                nhs_number,
                nhs_number_verified,
            },
        });
        id
    }

    fn relate(&mut self, from: Uuid, to: Uuid, kind: RelationshipKind, pr_basis: Option<PrBasis>, start_date: Option<NaiveDate>) {
        let id = self.ids.next_id();
        self.family.relationships.push(FamilyRelationship { id, from, to, kind, pr_basis, start_date });
    }

    fn join(&mut self, person_id: Uuid, membership: Membership, start_date: NaiveDate) {
        let id = self.ids.next_id();
        self.family.memberships.push(FamilyMembership { id, person_id, membership, start_date: start_date.min(self.today) });
    }

    /// A Northmoor address: line 1, line 2 and postcode.
    fn new_address(&mut self) -> (String, Option<String>, String) {
        let street = *self.rng.pick(STREETS);
        let (line1, line2) = if self.chance(0.25) {
            let flat = self.range(1, 48);
            (format!("Flat {flat}, {}", self.rng.pick(BUILDINGS)), Some(street.to_owned()))
        } else {
            let number = self.range(1, 180);
            let district = self.chance(0.3).then(|| (*self.rng.pick(DISTRICTS)).to_owned());
            (format!("{number} {street}"), district)
        };
        let district = self.range(1, 9);
        let sector = self.range(0, 9);
        let a = char::from(*self.rng.pick(POSTCODE_LETTERS));
        let b = char::from(*self.rng.pick(POSTCODE_LETTERS));
        (line1, line2, format!("NM{district} {sector}{a}{b}"))
    }

    fn live_at(&mut self, person_id: Uuid, address: &(String, Option<String>, String), start_date: NaiveDate, end_date: Option<NaiveDate>) {
        let id = self.ids.next_id();
        self.family.addresses.push(FamilyAddress {
            id,
            person_id,
            line1: address.0.clone(),
            line2: address.1.clone(),
            town: TOWN.to_owned(),
            postcode: address.2.clone(),
            start_date: start_date.min(self.today),
            end_date,
        });
    }

    /// Dates of birth (or the expected date) of the children, oldest first.
    fn births(&mut self) -> Vec<Birth> {
        let wanted = self.rng.weighted(&[(1usize, 35), (2, 35), (3, 20), (4, 10)]);
        // About one family in 22 is expecting a baby (pre-birth work): about 2% of children.
        let unborn = self.chance(0.045);
        let born_wanted = if unborn { wanted - 1 } else { wanted };
        let mut out: Vec<Birth> = vec![];
        if born_wanted > 0 {
            // Older children are a larger share of children in need than infants.
            let mut ages: Vec<(i64, u32)> = vec![(0, 4)];
            ages.extend((1..=4).map(|a| (a, 4)));
            ages.extend((5..=9).map(|a| (a, 5)));
            ages.extend((10..=15).map(|a| (a, 6)));
            ages.extend([(16, 5), (17, 5)]);
            let age = self.rng.weighted(&ages);
            let extra = self.range(1, 364);
            let mut dob = days_before(years_ago(self.today, age), extra);
            out.push(Birth::Born(dob));
            while out.len() < born_wanted {
                let gap = if self.chance(0.015) { 0 } else { 300 + self.range(0, 700) + self.range(0, 700) + self.range(0, 400) };
                dob = days_after(dob, gap);
                if dob >= self.today {
                    break;
                }
                out.push(Birth::Born(dob));
            }
        }
        if unborn {
            let due = days_after(self.today, self.range(30, 180));
            if out.last().is_none_or(|b| (due - b.date()).num_days() >= 300) {
                out.push(Birth::Expected(due));
            }
        }
        if out.is_empty() {
            // Only possible when the expected baby could not follow an older sibling so soon.
            out.push(Birth::Expected(days_after(self.today, self.range(30, 180))));
        }
        out
    }

    fn child_sex(&mut self, birth: Birth) -> Sex {
        let unknown = match birth {
            Birth::Expected(_) => 0.65,
            Birth::Born(_) => 0.003,
        };
        if self.chance(unknown) {
            Sex::Unknown
        } else if self.chance(0.5) {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    fn build(&mut self) {
        let shape = self.family.shape;
        let h = heritage(self.rng);
        let births = self.births();
        let first = births[0].date();
        let last = births[births.len() - 1].date();

        // The mother, whether or not she is recorded (her age anchors the rest of the family).
        let mother_dob = self.parent_dob(first, last, (19, 33), 44);
        let mother_age_first = full_years(mother_dob, first);
        let mother_given = self.given_name(h.mother.origin, Sex::Female, Generation::Parent);
        let mother_birth_surname = self.family_name(h.mother.origin);
        let mut mother_surname = mother_birth_surname.clone();
        let mut mother_other_names = None;

        // Where the children's father comes into it, which children he is the father of.
        let mut partner_fathers_from: Option<usize> = None;
        if shape == FamilyShape::MotherAndPartner && births.len() >= 2 && self.chance(0.5) {
            let k = self.range(1, births.len() as i64 - 1) as usize;
            // Twins share a father.
            if births[k - 1].date() != births[k].date() {
                partner_fathers_from = Some(k);
            }
        }

        let father_recorded = match shape {
            FamilyShape::TwoParents | FamilyShape::SeparatedParents | FamilyShape::LoneFather => true,
            FamilyShape::LoneMother => false,
            FamilyShape::MotherAndPartner => self.chance(0.4),
            FamilyShape::MotherAndFemalePartner => self.chance(0.3),
            FamilyShape::Grandparents => self.chance(0.4),
        };
        let father_children = partner_fathers_from.unwrap_or(births.len());
        let father_first = births[0].date();
        let father_last = births[father_children - 1].date();
        let father_dob = self.parent_dob(father_first, father_last, (mother_age_first - 2, mother_age_first + 8), 45);
        let father_given = self.given_name(h.father.origin, Sex::Male, Generation::Parent);
        let father_surname = self.family_name(h.father.origin);
        let parents_married = match shape {
            FamilyShape::TwoParents => self.chance(0.45),
            FamilyShape::SeparatedParents => self.chance(0.15),
            FamilyShape::LoneFather => self.chance(0.3),
            _ => self.chance(0.05),
        };
        if parents_married && father_recorded && self.chance(if h.mother.origin == Origin::British { 0.75 } else { 0.45 }) {
            mother_other_names = Some(format!("{mother_given} {mother_birth_surname}"));
            mother_surname = father_surname.clone();
        }

        // A partner of the mother who is not (or not only) the children's father.
        let partner = match shape {
            FamilyShape::MotherAndPartner => Some(Sex::Male),
            FamilyShape::MotherAndFemalePartner => Some(Sex::Female),
            _ => None,
        };
        let partner_married = self.chance(0.4);
        let partner_side = if self.chance(0.7) { h.father } else { side(Ethnicity::Wbri, Origin::British) };
        let partner_side = if partner == Some(Sex::Female) { h.mother } else { partner_side };
        let partner_surname = self.family_name(partner_side.origin);
        if partner.is_some() && partner_married && self.chance(0.5) {
            mother_other_names = Some(format!("{mother_given} {mother_birth_surname}"));
            mother_surname = partner_surname.clone();
        }

        // The children's surnames.
        let father_name_for_children = match shape {
            FamilyShape::TwoParents => parents_married || self.chance(0.6),
            FamilyShape::SeparatedParents => self.chance(0.5),
            FamilyShape::LoneFather => self.chance(0.7),
            FamilyShape::MotherAndPartner | FamilyShape::MotherAndFemalePartner => self.chance(0.4),
            _ => false,
        };
        let double_barrelled = h.mother.origin == Origin::British && father_recorded && self.chance(0.03);
        let older_surname = if double_barrelled {
            format!("{mother_birth_surname}-{father_surname}")
        } else if father_name_for_children {
            father_surname.clone()
        } else {
            mother_surname.clone()
        };
        let younger_surname =
            if partner_fathers_from.is_some() && self.chance(0.7) { partner_surname.clone() } else { older_surname.clone() };

        // The children.
        let mut children: Vec<(Uuid, Birth)> = vec![];
        let mut used_names: Vec<String> = vec![];
        for (i, birth) in births.iter().copied().enumerate() {
            let sex = self.child_sex(birth);
            let origin = if self.chance(0.5) { h.mother.origin } else { h.father.origin };
            let mut given = String::new();
            if let Birth::Born(_) = birth {
                for _ in 0..6 {
                    given = self.given_name(origin, sex, Generation::Child);
                    if !used_names.contains(&given) {
                        break;
                    }
                }
                used_names.push(given.clone());
            }
            let family = if partner_fathers_from.is_some_and(|k| i >= k) { younger_surname.clone() } else { older_surname.clone() };
            let ethnicity = Some(if self.chance(0.01) { Ethnicity::Nobt } else { h.child });
            let id = self.add_person(NewPerson {
                role: FamilyRole::Child,
                lives_in: true,
                given,
                family,
                other_names: None,
                birth,
                sex,
                ethnicity,
            });
            children.push((id, birth));
        }
        let born = |b: Birth| match b {
            Birth::Born(d) => Some(d),
            Birth::Expected(_) => None,
        };

        // Siblings (one row per pair, from the older to the younger).
        for i in 0..children.len() {
            for j in i + 1..children.len() {
                self.relate(children[i].0, children[j].0, RelationshipKind::Sibling, None, born(children[j].1));
            }
        }

        // When the household formed, and whether the family moved into it recently.
        let moved_recently = self.chance(0.25);
        let mut household_start =
            if moved_recently { days_before(self.today, self.range(30, 730)) } else { days_before(self.today, self.range(365, 12 * 365)) };
        let carer_dob = if shape == FamilyShape::LoneFather { father_dob } else { mother_dob };
        household_start = household_start.max(years_later(carer_dob, 18));
        household_start = household_start.min(self.today);
        let home = self.new_address();
        let previous_home = self.new_address();
        let mut residents: Vec<(Uuid, NaiveDate)> = vec![];
        for (id, birth) in &children {
            let start = match birth {
                Birth::Born(d) => (*d).max(household_start),
                // An expected baby is recorded with the household from the day of the record.
                Birth::Expected(_) => self.today,
            };
            residents.push((*id, start));
        }

        // The mother.
        let mother_recorded = match shape {
            FamilyShape::LoneFather => self.chance(0.6),
            FamilyShape::Grandparents => self.chance(0.75),
            _ => true,
        };
        let mother_at_home = !matches!(shape, FamilyShape::LoneFather | FamilyShape::Grandparents);
        let mother_id = if mother_recorded {
            let ethnicity = self.adult_ethnicity(h.mother);
            let id = self.add_person(NewPerson {
                role: FamilyRole::Mother,
                lives_in: mother_at_home,
                given: mother_given.clone(),
                family: mother_surname.clone(),
                other_names: mother_other_names,
                birth: Birth::Born(mother_dob),
                sex: Sex::Female,
                ethnicity,
            });
            for (child, birth) in &children {
                self.relate(id, *child, RelationshipKind::Mother, Some(PrBasis::BirthMother), born(*birth));
            }
            if mother_at_home {
                residents.push((id, household_start));
            }
            Some(id)
        } else {
            None
        };

        // The father.
        let father_at_home = matches!(shape, FamilyShape::TwoParents | FamilyShape::LoneFather);
        let father_id = if father_recorded {
            let ethnicity = self.adult_ethnicity(h.father);
            let id = self.add_person(NewPerson {
                role: FamilyRole::Father,
                lives_in: father_at_home,
                given: father_given,
                family: father_surname.clone(),
                other_names: None,
                birth: Birth::Born(father_dob),
                sex: Sex::Male,
                ethnicity,
            });
            let basis = if parents_married {
                Some(PrBasis::MarriedOrCivilPartner)
            } else {
                let on_certificate = match shape {
                    FamilyShape::TwoParents => 0.92,
                    FamilyShape::LoneFather => 0.9,
                    FamilyShape::SeparatedParents => 0.8,
                    _ => 0.7,
                };
                self.chance(on_certificate).then_some(PrBasis::NamedOnBirthCertificate)
            };
            for (child, birth) in children.iter().take(father_children) {
                self.relate(id, *child, RelationshipKind::Father, basis, born(*birth));
            }
            if father_at_home {
                residents.push((id, household_start));
            }
            Some(id)
        } else {
            None
        };

        // The mother's partner.
        if let Some(partner_sex) = partner {
            let dob = match partner_fathers_from {
                Some(k) => {
                    let mother_age = full_years(mother_dob, births[k].date());
                    self.parent_dob(births[k].date(), last, (mother_age - 3, mother_age + 8), 45)
                }
                None => self.peer_dob(mother_dob, 4, 8),
            };
            let given = self.given_name(partner_side.origin, partner_sex, Generation::Parent);
            let ethnicity = self.adult_ethnicity(partner_side);
            let id = self.add_person(NewPerson {
                role: if partner_fathers_from.is_some() { FamilyRole::Father } else { FamilyRole::Partner },
                lives_in: true,
                given,
                family: partner_surname,
                other_names: None,
                birth: Birth::Born(dob),
                sex: partner_sex,
                ethnicity,
            });
            let mut start = days_after(household_start, self.range(0, (self.today - household_start).num_days()));
            if let Some(k) = partner_fathers_from {
                start = start.min(births[k].date());
            }
            let start = start.max(household_start).max(years_later(dob, 18)).min(self.today);
            residents.push((id, start));
            let step_pr = partner_married && self.chance(0.25);
            for (i, (child, birth)) in children.clone().into_iter().enumerate() {
                if partner_fathers_from.is_some_and(|k| i >= k) {
                    let basis = if partner_married { PrBasis::MarriedOrCivilPartner } else { PrBasis::NamedOnBirthCertificate };
                    self.relate(id, child, RelationshipKind::Father, Some(basis), born(birth));
                } else if partner_married {
                    let basis = step_pr.then_some(PrBasis::Agreement);
                    self.relate(id, child, RelationshipKind::StepParent, basis, born(birth).map(|d| d.max(start)));
                } else {
                    self.relate(id, child, RelationshipKind::PartnerOfParent, None, born(birth).map(|d| d.max(start)));
                }
            }
        }

        // Grandparents caring for the children.
        let mut main_carer = mother_id.filter(|_| mother_at_home).or(father_id.filter(|_| father_at_home));
        let mut kinship_grandparents = false;
        if shape == FamilyShape::Grandparents {
            kinship_grandparents = true;
            let gm_dob = self.parent_dob(mother_dob, mother_dob, (19, 34), 44);
            let gm_given = self.given_name(h.mother.origin, Sex::Female, Generation::Grandparent);
            let ethnicity = self.adult_ethnicity(h.mother);
            let gm = self.add_person(NewPerson {
                role: FamilyRole::Grandparent,
                lives_in: true,
                given: gm_given,
                family: mother_birth_surname.clone(),
                other_names: None,
                birth: Birth::Born(gm_dob),
                sex: Sex::Female,
                ethnicity,
            });
            main_carer = Some(gm);
            let order = if self.chance(0.7) { PrBasis::SpecialGuardianship } else { PrBasis::CourtOrder };
            let grandparents_home_since = days_before(self.today, self.range(5 * 365, 30 * 365)).max(years_later(gm_dob, 20));
            let children_since = days_before(self.today, self.range(60, 5 * 365));
            residents.retain(|(id, _)| !children.iter().any(|(c, _)| c == id));
            for (child, birth) in &children {
                let start = match birth {
                    Birth::Born(d) => (*d).max(children_since),
                    Birth::Expected(_) => self.today,
                };
                residents.push((*child, start));
            }
            residents.push((gm, grandparents_home_since));
            for (child, birth) in children.clone() {
                self.relate(gm, child, RelationshipKind::Grandparent, Some(order), born(birth));
            }
            if let Some(m) = mother_id {
                self.relate(gm, m, RelationshipKind::Mother, None, Some(mother_dob));
            }
            if self.chance(0.5) {
                let gf_dob = self.peer_dob(gm_dob, 0, 6);
                let gf_given = self.given_name(h.mother.origin, Sex::Male, Generation::Grandparent);
                let ethnicity = self.adult_ethnicity(h.mother);
                let gf = self.add_person(NewPerson {
                    role: FamilyRole::Grandparent,
                    lives_in: true,
                    given: gf_given,
                    family: mother_birth_surname.clone(),
                    other_names: None,
                    birth: Birth::Born(gf_dob),
                    sex: Sex::Male,
                    ethnicity,
                });
                residents.push((gf, grandparents_home_since));
                let joint = self.chance(0.6).then_some(order);
                for (child, birth) in children.clone() {
                    self.relate(gf, child, RelationshipKind::Grandparent, joint, born(birth));
                }
            }
            household_start = grandparents_home_since;
        }

        // Households and addresses of everyone at home.
        for (id, start) in residents.clone() {
            self.join(id, Membership::LivesIn, start);
            self.live_at(id, &home, start, None);
        }
        if moved_recently && !kinship_grandparents {
            let end = days_before(household_start, 1);
            let people = self.family.people.clone();
            for (id, start) in residents.iter().filter(|(_, s)| *s == household_start) {
                let dob = people.iter().find(|p| p.id == *id).and_then(|p| p.details.date_of_birth);
                let Some(dob) = dob else { continue };
                let from = days_before(*start, self.range(365, 6 * 365)).max(dob);
                if from <= end {
                    self.live_at(*id, &previous_home, from, Some(end));
                }
            }
        }

        // Parents living elsewhere: their own address, and some visit regularly.
        let youngest_born = children.iter().rev().find_map(|(_, b)| born(*b)).unwrap_or(self.today);
        let away: Vec<(Uuid, f64)> = [(mother_id.filter(|_| !mother_at_home), 0.35), (father_id.filter(|_| !father_at_home), 0.45)]
            .into_iter()
            .filter_map(|(id, p)| id.map(|id| (id, p)))
            .collect();
        for (id, visit_chance) in away {
            let address = self.new_address();
            let since = days_before(self.today, self.range(90, 8 * 365));
            self.live_at(id, &address, since, None);
            if self.chance(visit_chance) {
                let start = days_before(self.today, self.range(30, 4 * 365)).max(youngest_born);
                self.join(id, Membership::RegularlyVisits, start);
            }
        }

        // The wider family network, living elsewhere.
        if !kinship_grandparents && self.chance(0.3) {
            let grandmother = self.chance(0.75);
            let dob = self.parent_dob(mother_dob, mother_dob, (19, 34), 44);
            let sex = if grandmother { Sex::Female } else { Sex::Male };
            let given = self.given_name(h.mother.origin, sex, Generation::Grandparent);
            let family = if self.chance(0.8) { mother_birth_surname.clone() } else { self.family_name(h.mother.origin) };
            let ethnicity = self.adult_ethnicity(h.mother);
            let id = self.add_person(NewPerson {
                role: FamilyRole::Grandparent,
                lives_in: false,
                given,
                family,
                other_names: None,
                birth: Birth::Born(dob),
                sex,
                ethnicity,
            });
            for (child, birth) in children.clone() {
                self.relate(id, child, RelationshipKind::Grandparent, None, born(birth));
            }
            let address = self.new_address();
            let since = days_before(self.today, self.range(365, 25 * 365)).max(years_later(dob, 20));
            self.live_at(id, &address, since, None);
        }
        if self.chance(0.1) {
            let sex = if self.chance(0.6) { Sex::Female } else { Sex::Male };
            let dob = self.peer_dob(mother_dob, 6, 6);
            let given = self.given_name(h.mother.origin, sex, Generation::Parent);
            let family = if self.chance(0.6) { mother_birth_surname.clone() } else { self.family_name(h.mother.origin) };
            let ethnicity = self.adult_ethnicity(h.mother);
            let id = self.add_person(NewPerson {
                role: FamilyRole::OtherRelative,
                lives_in: false,
                given,
                family,
                other_names: None,
                birth: Birth::Born(dob),
                sex,
                ethnicity,
            });
            for (child, _) in children.clone() {
                self.relate(id, child, RelationshipKind::OtherRelative, None, None);
            }
            let address = self.new_address();
            let since = days_before(self.today, self.range(90, 10 * 365)).max(years_later(dob, 18));
            self.live_at(id, &address, since, None);
        }
        if let Some(carer) = main_carer.filter(|_| self.chance(0.1)) {
            let carer_dob = self.family.person(carer).and_then(|p| p.details.date_of_birth).unwrap_or(mother_dob);
            let sex = if self.chance(0.7) { Sex::Female } else { Sex::Male };
            let origin = if self.chance(0.6) { h.mother.origin } else { Origin::British };
            let dob = self.peer_dob(carer_dob, 10, 10);
            let given = self.given_name(origin, sex, Generation::Parent);
            let family = self.family_name(origin);
            let id = self.add_person(NewPerson {
                role: FamilyRole::Friend,
                lives_in: false,
                given,
                family,
                other_names: None,
                birth: Birth::Born(dob),
                sex,
                ethnicity: None,
            });
            self.relate(id, carer, RelationshipKind::Friend, None, None);
            let address = self.new_address();
            let since = days_before(self.today, self.range(90, 10 * 365)).max(years_later(dob, 18));
            self.live_at(id, &address, since, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 4, 20, 10, 30, 0).unwrap()
    }

    fn today() -> NaiveDate {
        ff_domain::calendar::london_date(now())
    }

    #[test]
    fn same_seed_same_families() {
        let a: Vec<Family> = plan_families(42, now(), 200).collect();
        let b: Vec<Family> = plan_families(42, now(), 200).collect();
        assert_eq!(a, b);
        let c: Vec<Family> = plan_families(43, now(), 200).collect();
        let names = |fs: &[Family]| fs.iter().flat_map(|f| f.people.iter().map(|p| p.details.full_name())).collect::<Vec<_>>();
        assert_ne!(names(&a), names(&c));
    }

    #[test]
    fn a_family_does_not_depend_on_the_ones_before() {
        let all: Vec<Family> = plan_families(9, now(), 20).collect();
        let mut rng = DemoRng::for_family(9, 17);
        let mut ids = IdSource::for_family(9, now(), 17);
        let alone = plan_family(&mut rng, &mut ids, 17, now(), &mut NhsAllocator::new());
        let strip = |f: &Family| f.people.iter().map(|p| (p.id, p.details.full_name(), p.details.date_of_birth)).collect::<Vec<_>>();
        assert_eq!(strip(&all[17]), strip(&alone));
    }

    /// Nobody in one family shares another member's first name (born people; an unborn baby has
    /// none yet).
    #[test]
    fn no_two_people_in_a_family_share_a_first_name() {
        for f in plan_families(2026, now(), 2_000) {
            let mut seen = std::collections::HashSet::new();
            for p in f.people.iter().filter(|p| !p.details.given_name.is_empty()) {
                assert!(seen.insert(p.details.given_name.clone()), "two {} in one family", p.details.full_name());
            }
        }
    }

    /// The invariants every family must satisfy, checked on many families.
    #[test]
    fn families_are_consistent() {
        let today = today();
        let mut nhs_seen = std::collections::HashSet::new();
        let mut ids_seen = std::collections::HashSet::new();
        for f in plan_families(2026, now(), 3_000) {
            assert!(f.children().count() >= 1);
            for p in &f.people {
                assert!(ids_seen.insert(p.id));
                let d = &p.details;
                assert!(!d.family_name.is_empty());
                if let Some(n) = &d.nhs_number {
                    assert!(n.is_test_range());
                    assert!(nhs_seen.insert(n.clone()), "NHS number reused");
                } else {
                    assert!(!d.nhs_number_verified);
                }
                match (d.date_of_birth, d.expected_date_of_birth) {
                    (Some(dob), None) => {
                        assert!(dob < today);
                        assert!(!d.given_name.is_empty());
                    }
                    (None, Some(due)) => {
                        assert_eq!(p.role, FamilyRole::Child);
                        assert!(due > today && due <= today + Days::new(183));
                        assert!(d.given_name.is_empty() && d.nhs_number.is_none());
                    }
                    other => panic!("bad dates {other:?}"),
                }
                let child = is_child(d.date_of_birth, d.expected_date_of_birth, today);
                assert_eq!(child, p.role == FamilyRole::Child, "{:?} {:?}", p.role, d.date_of_birth);
                // The details pass the same validation as a person typed in.
                let draft = ff_domain::people::PersonDraft {
                    given_name: Some(d.given_name.clone()),
                    family_name: Some(d.family_name.clone()),
                    other_names: d.other_names.clone(),
                    date_of_birth: d.date_of_birth.map(Ok),
                    expected_date_of_birth: d.expected_date_of_birth.map(Ok),
                    sex: Some(d.sex.code().to_owned()),
                    ethnicity: d.ethnicity.map(|e| e.code().to_owned()),
                    nhs_number: d.nhs_number.as_ref().map(|n| n.as_str().to_owned()),
                    nhs_number_verified: d.nhs_number_verified,
                };
                assert_eq!(draft.validate(today).as_ref(), Ok(d));
            }
            for r in &f.relationships {
                let from = f.person(r.from).expect("from");
                let to = f.person(r.to).expect("to");
                assert_ne!(r.from, r.to);
                let to_date = to.details.date_of_birth.or(to.details.expected_date_of_birth).unwrap();
                let from_dob = from.details.date_of_birth.expect("relatives are born");
                match r.kind {
                    RelationshipKind::Mother | RelationshipKind::Father => {
                        let female = r.kind == RelationshipKind::Mother;
                        assert_eq!(from.details.sex, if female { Sex::Female } else { Sex::Male });
                        let age = to_date.years_since(from_dob).unwrap_or(0);
                        assert!((18..=45).contains(&age), "parent aged {age} at the birth");
                        if to.role == FamilyRole::Child {
                            let basis = r.pr_basis;
                            if female {
                                assert_eq!(basis, Some(PrBasis::BirthMother));
                            }
                        }
                    }
                    RelationshipKind::Grandparent => assert!(to_date.years_since(from_dob).unwrap_or(0) >= 36),
                    RelationshipKind::Sibling => assert!(from.details.date_of_birth.unwrap() <= to_date),
                    RelationshipKind::StepParent | RelationshipKind::PartnerOfParent => {
                        assert!(from.lives_in_household);
                        assert!(today.years_since(from_dob).unwrap() >= 18);
                    }
                    _ => {}
                }
                assert!(r.start_date.is_none_or(|d| d <= today));
                if r.pr_basis.is_some() {
                    assert!(matches!(
                        r.kind,
                        RelationshipKind::Mother | RelationshipKind::Father | RelationshipKind::StepParent | RelationshipKind::Grandparent
                    ));
                }
            }
            for c in f.children() {
                let homes: Vec<_> = f.memberships.iter().filter(|m| m.person_id == c.id && m.membership == Membership::LivesIn).collect();
                assert_eq!(homes.len(), 1, "every child lives in the household");
                assert!(c.details.date_of_birth.is_none_or(|d| homes[0].start_date >= d));
            }
            for m in &f.memberships {
                assert!(m.start_date <= today);
            }
            for p in f.people.iter().filter(|p| p.lives_in_household) {
                let current: Vec<_> = f.addresses.iter().filter(|a| a.person_id == p.id && a.end_date.is_none()).collect();
                assert_eq!(current.len(), 1);
                assert!(f.memberships.iter().any(|m| m.person_id == p.id && m.membership == Membership::LivesIn));
            }
            for a in &f.addresses {
                assert_eq!(a.town, TOWN);
                assert!(a.postcode.starts_with("NM"));
                assert!(a.end_date.is_none_or(|e| e >= a.start_date && e < today));
                assert!(a.start_date <= today);
                let p = f.person(a.person_id).unwrap();
                if let Some(dob) = p.details.date_of_birth {
                    assert!(a.start_date >= dob);
                }
            }
        }
    }

    #[test]
    fn the_mix_is_plausible() {
        let today = today();
        let families: Vec<Family> = plan_families(2026, now(), 10_000).collect();
        let n = families.len() as f64;
        let share = |count: usize| count as f64 / n;
        let no_male = families.iter().filter(|f| f.children().all(|c| f.child_needs_father_prompt(c.id, today))).count();
        let father_at_home =
            families.iter().filter(|f| f.people.iter().any(|p| p.role == FamilyRole::Father && p.lives_in_household)).count();
        let father_visits = families
            .iter()
            .filter(|f| {
                f.memberships.iter().any(|m| {
                    m.membership == Membership::RegularlyVisits && f.person(m.person_id).is_some_and(|p| p.role == FamilyRole::Father)
                })
            })
            .count();
        assert!((0.12..0.20).contains(&share(no_male)), "no father or male carer: {}", share(no_male));
        assert!((0.45..0.60).contains(&share(father_at_home + father_visits)), "father present: {}", share(father_at_home + father_visits));

        let children: Vec<&FamilyPerson> = families.iter().flat_map(|f| f.children()).collect();
        let c = children.len() as f64;
        let unborn = children.iter().filter(|p| p.details.expected_date_of_birth.is_some()).count() as f64 / c;
        let babies =
            children.iter().filter(|p| p.details.date_of_birth.is_some_and(|d| today.years_since(d) == Some(0))).count() as f64 / c;
        let wbri = children.iter().filter(|p| p.details.ethnicity == Some(Ethnicity::Wbri)).count() as f64 / c;
        let born: Vec<_> = children.iter().filter(|p| p.details.date_of_birth.is_some()).collect();
        let with_nhs = born.iter().filter(|p| p.details.nhs_number.is_some()).count() as f64 / born.len() as f64;
        assert!((0.01..0.035).contains(&unborn), "unborn {unborn}");
        assert!((0.02..0.12).contains(&babies), "under one {babies}");
        assert!((0.55..0.72).contains(&wbri), "WBRI {wbri}");
        assert!((0.87..0.93).contains(&with_nhs), "children with NHS numbers {with_nhs}");
        let adults: Vec<&FamilyPerson> = families.iter().flat_map(|f| f.people.iter()).filter(|p| p.role != FamilyRole::Child).collect();
        let adult_nhs = adults.iter().filter(|p| p.details.nhs_number.is_some()).count() as f64 / adults.len() as f64;
        assert!((0.66..0.74).contains(&adult_nhs), "adults with NHS numbers {adult_nhs}");
        let with_previous = families
            .iter()
            .flat_map(|f| f.people.iter().map(move |p| (f, p)))
            .filter(|(f, p)| f.addresses.iter().any(|a| a.person_id == p.id && a.end_date.is_some()))
            .count();
        let people = families.iter().map(|f| f.people.len()).sum::<usize>();
        let prev = with_previous as f64 / people as f64;
        assert!((0.08..0.25).contains(&prev), "previous address {prev}");
    }
}
