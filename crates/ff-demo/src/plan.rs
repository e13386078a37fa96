//! Pure generation of synthetic families: no database, no clock. [`plan_family`] turns a random
//! stream into one family (people, relationships, household, addresses); the storage step in
//! `lib.rs` writes what it returns.
//!
//! The proportions aim at a plausible caseload for an English council, not at statistics: about
//! two in five families have both birth parents at home, a fifth are separated parents, a fifth a
//! mother with a new partner, a few a lone father or grandparents caring under a special
//! guardianship order, and roughly one family in seven has no father or male carer recorded at
//! all (the case the product prompts practitioners about).

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::nhs::{NhsNumber, SYNTHETIC_NHS_NUMBER_CYCLE, synthetic_nhs_number};
use ff_domain::people::{Connection, Membership, PersonDetails, PrBasis, RelationshipKind, is_child, needs_father_prompt};
use uuid::Uuid;

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

mod builder;

use builder::Builder;

#[cfg(test)]
mod tests {
    use chrono::Days;
    use ff_domain::people::{Ethnicity, Sex};

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
