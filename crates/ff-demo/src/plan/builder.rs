//! The builder behind [`super::plan_family`]: who is in the family, their names, heritage and dates of
//! birth, how they are related, and where each of them lives.

use chrono::{Days, Months};
use ff_domain::people::{Ethnicity, Sex};

use super::*;
use crate::names::{BUILDINGS, DISTRICTS, Generation, Origin, POSTCODE_LETTERS, STREETS};

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

pub(super) struct Builder<'a> {
    pub(super) rng: &'a mut DemoRng,
    pub(super) ids: &'a mut IdSource,
    pub(super) nhs: &'a mut NhsAllocator,
    pub(super) today: NaiveDate,
    pub(super) family: Family,
    /// First names already given in this family.
    pub(super) given_names: Vec<String>,
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

impl NewPerson {
    /// An adult born on `dob`, known by no other names, living away from the household (set
    /// `lives_in` for one at home).
    fn adult(role: FamilyRole, given: String, family: String, dob: NaiveDate, sex: Sex, ethnicity: Option<Ethnicity>) -> NewPerson {
        NewPerson { role, lives_in: false, given, family, other_names: None, birth: Birth::Born(dob), sex, ethnicity }
    }
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

    /// A person living at a new address of their own, since a day picked `days` (a range) before
    /// today, and not before `not_before` when given.
    fn live_elsewhere(&mut self, id: Uuid, days: (i64, i64), not_before: Option<NaiveDate>) {
        let address = self.new_address();
        let since = days_before(self.today, self.range(days.0, days.1));
        self.live_at(id, &address, not_before.map_or(since, |d| since.max(d)), None);
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

    pub(super) fn build(&mut self) {
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
                lives_in: true,
                ..NewPerson::adult(
                    if partner_fathers_from.is_some() { FamilyRole::Father } else { FamilyRole::Partner },
                    given,
                    partner_surname,
                    dob,
                    partner_sex,
                    ethnicity,
                )
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
                lives_in: true,
                ..NewPerson::adult(FamilyRole::Grandparent, gm_given, mother_birth_surname.clone(), gm_dob, Sex::Female, ethnicity)
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
                    lives_in: true,
                    ..NewPerson::adult(FamilyRole::Grandparent, gf_given, mother_birth_surname.clone(), gf_dob, Sex::Male, ethnicity)
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
            self.live_elsewhere(id, (90, 8 * 365), None);
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
            let id = self.add_person(NewPerson::adult(FamilyRole::Grandparent, given, family, dob, sex, ethnicity));
            for (child, birth) in children.clone() {
                self.relate(id, child, RelationshipKind::Grandparent, None, born(birth));
            }
            self.live_elsewhere(id, (365, 25 * 365), Some(years_later(dob, 20)));
        }
        if self.chance(0.1) {
            let sex = if self.chance(0.6) { Sex::Female } else { Sex::Male };
            let dob = self.peer_dob(mother_dob, 6, 6);
            let given = self.given_name(h.mother.origin, sex, Generation::Parent);
            let family = if self.chance(0.6) { mother_birth_surname.clone() } else { self.family_name(h.mother.origin) };
            let ethnicity = self.adult_ethnicity(h.mother);
            let id = self.add_person(NewPerson::adult(FamilyRole::OtherRelative, given, family, dob, sex, ethnicity));
            for (child, _) in children.clone() {
                self.relate(id, child, RelationshipKind::OtherRelative, None, None);
            }
            self.live_elsewhere(id, (90, 10 * 365), Some(years_later(dob, 18)));
        }
        if let Some(carer) = main_carer.filter(|_| self.chance(0.1)) {
            let carer_dob = self.family.person(carer).and_then(|p| p.details.date_of_birth).unwrap_or(mother_dob);
            let sex = if self.chance(0.7) { Sex::Female } else { Sex::Male };
            let origin = if self.chance(0.6) { h.mother.origin } else { Origin::British };
            let dob = self.peer_dob(carer_dob, 10, 10);
            let given = self.given_name(origin, sex, Generation::Parent);
            let family = self.family_name(origin);
            let id = self.add_person(NewPerson::adult(FamilyRole::Friend, given, family, dob, sex, None));
            self.relate(id, carer, RelationshipKind::Friend, None, None);
            self.live_elsewhere(id, (90, 10 * 365), Some(years_later(dob, 18)));
        }
    }
}
