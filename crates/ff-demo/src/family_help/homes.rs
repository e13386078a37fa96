//! Where the demo's children in care live: a child fostered by the council's own carers (903
//! provider PR1, placement U1 to U6) is placed with a named household whose approval fits them
//! (CR-6): approved on or before the day the placement starts (family or friends may instead be
//! approved temporarily as a connected person from that day, CR-4), of the right kind (a
//! connected person for U1–U3, other carers for U4–U6), approved for the child's age every day
//! they live there and with a place free every one of those days (CR-3's terms). The household is
//! chosen by the child's id, going round the households from there and skipping those that do not
//! fit, first in the placement's postcode district, then anywhere. When none fits, a household is
//! recruited and approved for the child, dated before the placement, so a demo of any size has
//! room for every child it places.

use chrono::{Days, NaiveDate};
use ff_domain::carers::TEMPORARY_WEEKS;
use ff_service::carers::CarerInput;
use ff_service::{Ctx, ServiceError};
use ff_store::Db;
use uuid::Uuid;

use super::carers::{Household, household_name};

/// A household children can be placed with, as the demo approved it, and the stays of the
/// children placed with it so far.
pub(super) struct Home {
    pub id: Uuid,
    pub name: String,
    /// Its postcode district ("NM4").
    pub area: String,
    /// A connected person: family or friends of the children placed there (U1–U3).
    pub connected: bool,
    /// The ages it is approved for, from and to (CR-3).
    pub ages: (u32, u32),
    /// How many children may live there at once (CR-3).
    pub places: u32,
    /// A child may be placed there from this day (the approval, or a connected person's
    /// temporary approval, CR-4)...
    pub from: NaiveDate,
    /// ...until this day (the end of a temporary approval), if it ends.
    pub until: Option<NaiveDate>,
    /// Each child's stay: from, and until the day they moved on (none while they live there).
    pub stays: Vec<(NaiveDate, Option<NaiveDate>)>,
}

/// A stay with foster carers a child needs a household for.
pub(super) struct Stay<'a> {
    pub child: Uuid,
    pub born: Option<NaiveDate>,
    /// With family or friends (903 U1–U3, a connected person) rather than other carers (U4–U6).
    pub kin: bool,
    /// The day the placement starts.
    pub from: NaiveDate,
    /// The day the child moves on or leaves care; none while they still live there.
    pub until: Option<NaiveDate>,
    /// The placement's postcode: a household in its district is chosen first.
    pub postcode: &'a str,
    /// The household the child moves on from, never chosen again for the move.
    pub leaving: Option<Uuid>,
}

impl Home {
    /// Whether a child can live here from `from` until `until` (none: still there) with a place
    /// free every day of it, and a place free now: the service counts the children placed with a
    /// household now (CR-6), the stays below the children placed so far.
    fn has_room(&self, from: NaiveDate, until: Option<NaiveDate>) -> bool {
        let there = |day: NaiveDate| self.stays.iter().filter(|(s, e)| *s <= day && e.is_none_or(|e| day < e)).count();
        // The most children there at once during the stay: on its first day or on a day another
        // child arrived.
        let arrivals = self.stays.iter().map(|(s, _)| *s).filter(|s| *s > from && until.is_none_or(|u| *s < u));
        let busiest = arrivals.chain([from]).map(there).max().unwrap_or(0);
        let now = self.stays.iter().filter(|(_, e)| e.is_none()).count();
        let places = usize::try_from(self.places).unwrap_or(0);
        busiest < places && now < places
    }

    /// Whether `stay` fits the household's approval (CR-6), the child aged `ages` on the first
    /// and the `last` day of it. A connected person is family or friends of one child (the
    /// demo's children in care have no brothers or sisters in care with them), so takes no other.
    fn fits(&self, stay: &Stay, ages: (Option<u32>, Option<u32>), last: NaiveDate) -> bool {
        let within = |age: Option<u32>| age.is_none_or(|a| self.ages.0 <= a && a <= self.ages.1);
        self.connected == stay.kin
            && (!self.connected || self.stays.is_empty())
            && Some(self.id) != stay.leaving
            && self.from <= stay.from
            && self.until.is_none_or(|u| last <= u)
            && within(ages.0)
            && within(ages.1)
            && self.has_room(stay.from, stay.until)
    }
}

/// The council's households children can be placed with, and who has lived where.
pub(super) struct Homes {
    fostering: Ctx,
    homes: Vec<Home>,
    /// The next household name to give (one more than the households made so far).
    next_name: usize,
    /// How many households were recruited because none had room for a child.
    made: usize,
}

/// A number from a record's id (FNV-1a over its bytes, mixed: the demo's ids share their low
/// bytes).
fn hash(id: Uuid) -> u64 {
    crate::rng::mix(id.as_bytes().iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)))
}

impl Homes {
    /// `homes` made by the fostering team's demo account, after `named` households in all.
    pub(super) fn new(fostering: Ctx, homes: Vec<Home>, named: usize) -> Self {
        Self { fostering, homes, next_name: named, made: 0 }
    }

    /// The household's name.
    /// The postcode district the household lives in ("NM4").
    pub(super) fn area_of(&self, id: Uuid) -> Option<&str> {
        self.homes.iter().find(|h| h.id == id).map(|h| h.area.as_str())
    }

    pub(super) fn name(&self, id: Uuid) -> Option<&str> {
        self.homes.iter().find(|h| h.id == id).map(|h| h.name.as_str())
    }

    /// How many households were recruited because none had room for a child.
    pub(super) fn made(&self) -> usize {
        self.made
    }

    /// The household `stay` is with: the first that fits going round from the child's id (in
    /// the placement's district first), or one recruited for it. The stay is recorded, so the
    /// place is taken for its days.
    pub(super) async fn place(&mut self, db: &Db, stay: &Stay<'_>) -> Result<Uuid, ServiceError> {
        let today = self.fostering.today();
        // The last day the child lives there: the day before they move on, or today.
        let last = stay.until.and_then(|u| u.pred_opt()).unwrap_or(today).max(stay.from);
        let ages = (ff_domain::people::age(stay.born, stay.from), ff_domain::people::age(stay.born, last));
        let district = stay.postcode.split_whitespace().next().unwrap_or_default();
        let n = self.homes.len();
        let first = usize::try_from(hash(stay.child) % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0);
        let round = |near: bool| {
            (0..n).map(|k| (first + k) % n).find(|&j| (!near || self.homes[j].area == district) && self.homes[j].fits(stay, ages, last))
        };
        let j = match round(true).or_else(|| round(false)) {
            Some(j) => j,
            None => {
                let home = self.recruit(db, stay, ages, last, district).await?;
                self.homes.push(home);
                n
            }
        };
        self.homes[j].stays.push((stay.from, stay.until));
        Ok(self.homes[j].id)
    }

    /// A household recruited for `stay` when none had room: family or friends approved
    /// temporarily as a connected person from the day the child moves in, when the stay ends
    /// within those 16 weeks (CR-4); otherwise approved after the assessment and panel a month
    /// before the placement (a connected person a fortnight before), for the child's ages (CR-3),
    /// and reviewed every year since (CR-5). Every step is dated in order and never after today
    /// (CR-1): the placement has begun.
    async fn recruit(
        &mut self,
        db: &Db,
        stay: &Stay<'_>,
        ages: (Option<u32>, Option<u32>),
        last: NaiveDate,
        district: &str,
    ) -> Result<Home, ServiceError> {
        let name = household_name(self.next_name);
        self.next_name += 1;
        self.made += 1;
        let weeks = Days::new(TEMPORARY_WEEKS * 7);
        let temporary = stay.kin && last < stay.from + weeks;
        // Family or friends for the child whatever their age; other carers for younger children,
        // teenagers, or both as the child's stay needs.
        let (age_from, age_to) = if stay.kin {
            (0, 17)
        } else {
            (if ages.0.is_some_and(|a| a > 10) { 11 } else { 0 }, if ages.1.is_some_and(|a| a <= 10) { 10 } else { 17 })
        };
        let places = if stay.kin { 1 } else { 2 };
        let approved = stay.from - Days::new(if stay.kin { 14 } else { 30 });
        let enquiry_on = if temporary { stay.from - Days::new(10) } else { approved - Days::new(200) };
        let input = CarerInput {
            name: name.clone(),
            kind: if stay.kin { "connected_person" } else { "mainstream" }.into(),
            postcode_area: Some(district.to_owned()).filter(|d| !d.is_empty() && d.len() <= 4),
            takes_siblings: false,
            takes_teenagers: age_to >= 13,
            takes_uasc: false,
            takes_parent_and_child: false,
            enquiry_on,
        };
        let mut h = Household::enquiry(db, &self.fostering, &input).await?;
        let (from, until) = if temporary {
            h.recruited(&[("initial_visit", 3), ("assessment", 7)], enquiry_on).await?;
            h.temporary(stay.from).await?;
            (stay.from, Some(stay.from + weeks))
        } else {
            h.recruited(&[("initial_visit", 30), ("assessment", 60), ("panel", 180)], enquiry_on).await?;
            h.approve(approved, (age_from, age_to, places)).await?;
            h.reviewed_yearly(approved).await?;
            (approved, None)
        };
        tracing::debug!(household = %h.id, "a household recruited for a child in care");
        Ok(Home {
            id: h.id,
            name,
            area: district.to_owned(),
            connected: stay.kin,
            ages: if temporary { (0, 17) } else { (age_from, age_to) },
            places: if temporary { 1 } else { places },
            from,
            until,
            stays: vec![],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn home(places: u32, stays: Vec<(NaiveDate, Option<NaiveDate>)>) -> Home {
        Home {
            id: Uuid::nil(),
            name: "Grace Whitlow".into(),
            area: "NM3".into(),
            connected: false,
            ages: (0, 10),
            places,
            from: d(2024, 1, 1),
            until: None,
            stays,
        }
    }

    #[test]
    fn a_place_is_free_every_day_of_the_stay_and_now() {
        let h = home(2, vec![(d(2025, 1, 1), Some(d(2025, 6, 1))), (d(2025, 3, 1), Some(d(2025, 9, 1)))]);
        // Full from March to June; a stay that begins the day one child leaves has room.
        assert!(!h.has_room(d(2025, 2, 1), Some(d(2025, 4, 1))));
        assert!(!h.has_room(d(2025, 4, 1), None));
        assert!(h.has_room(d(2025, 6, 1), None));
        assert!(h.has_room(d(2024, 6, 1), Some(d(2025, 1, 1))));
        // A child who has moved on leaves their place; a child living there now takes one now,
        // whenever the stay asked about was.
        assert!(home(1, vec![(d(2024, 1, 1), Some(d(2024, 3, 1)))]).has_room(d(2024, 6, 1), Some(d(2024, 9, 1))));
        let h = home(1, vec![(d(2026, 1, 1), None)]);
        assert!(!h.has_room(d(2024, 6, 1), Some(d(2024, 9, 1))), "the service counts the children placed now");
    }

    #[test]
    fn a_household_fits_a_child_within_its_approval_cr_6() {
        let h = home(2, vec![]);
        let stay = |kin: bool, from: NaiveDate| Stay {
            child: Uuid::nil(),
            born: Some(d(2018, 5, 1)),
            kin,
            from,
            until: None,
            postcode: "NM3 8QD",
            leaving: None,
        };
        let last = d(2026, 11, 23);
        let ages = |from: NaiveDate| (ff_domain::people::age(Some(d(2018, 5, 1)), from), ff_domain::people::age(Some(d(2018, 5, 1)), last));
        assert!(h.fits(&stay(false, d(2025, 1, 1)), ages(d(2025, 1, 1)), last));
        assert!(!h.fits(&stay(true, d(2025, 1, 1)), ages(d(2025, 1, 1)), last), "family or friends only with a connected person");
        assert!(!h.fits(&stay(false, d(2023, 12, 1)), ages(d(2023, 12, 1)), last), "approved after the placement began");
        assert!(!h.fits(&stay(false, d(2025, 1, 1)), (Some(6), Some(11)), last), "too old by the end of the stay");
        let leaving = Stay { leaving: Some(h.id), ..stay(false, d(2025, 1, 1)) };
        assert!(!h.fits(&leaving, ages(d(2025, 1, 1)), last), "never the household the child leaves");
        let temporary = Home { connected: true, until: Some(d(2025, 4, 1)), ..home(1, vec![]) };
        assert!(temporary.fits(&Stay { until: Some(d(2025, 3, 1)), ..stay(true, d(2025, 1, 1)) }, ages(d(2025, 1, 1)), d(2025, 2, 28)));
        assert!(!temporary.fits(&stay(true, d(2025, 1, 1)), ages(d(2025, 1, 1)), last), "beyond the temporary approval");
        let family = Home { connected: true, stays: vec![(d(2024, 2, 1), Some(d(2024, 3, 1)))], ..home(2, vec![]) };
        assert!(!family.fits(&stay(true, d(2025, 1, 1)), ages(d(2025, 1, 1)), last), "family or friends of another child");
    }
}
