//! Sufficiency: whether the council has the homes its children in care need (RCC-2, RCC-SHARE-2,
//! RCC-SHARE-7, RCC-SHARE-8). On one day: where the children in care live (the kind of home and
//! who provides it), inside or outside the council's area and how far from home, how stable their
//! homes are, the searches for a home still open or ended without one, and the council's own
//! foster places beside them. Pure: the service hands in one [`ChildInCare`] per child and the
//! searches; nothing here reads a row or the clock.

use chrono::{Datelike, NaiveDate};

use crate::home_search::{EndReason, HomeKind};
use crate::looked_after::checks::{placement_moves_in_year, starts_placement};
use crate::looked_after::{PlacementProvider, PlacementType, ReasonNewEpisode};

/// The kinds of home the sufficiency strategy plans for, from the 903 placement type and provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeGroup {
    /// U1–U3: foster care with family or friends (connected carers).
    FamilyAndFriends,
    /// U4–U6 with the council's own carers or another public body's (PR1–PR3).
    CouncilFoster,
    /// U4–U6 through an independent fostering agency (PR4, PR5).
    AgencyFoster,
    /// K2.
    ChildrensHome,
    /// K1.
    SecureHome,
    /// K3: registered supported accommodation for 16 and 17 year olds.
    Supported,
    /// A3–A6.
    Adoption,
    /// P1.
    WithParents,
    /// Everything else: residential schools, health settings, custody, temporary and other types.
    Other,
}

impl HomeGroup {
    pub const ALL: &'static [HomeGroup] = &[
        HomeGroup::FamilyAndFriends,
        HomeGroup::CouncilFoster,
        HomeGroup::AgencyFoster,
        HomeGroup::ChildrensHome,
        HomeGroup::SecureHome,
        HomeGroup::Supported,
        HomeGroup::Adoption,
        HomeGroup::WithParents,
        HomeGroup::Other,
    ];

    pub fn of(kind: PlacementType, provider: PlacementProvider) -> HomeGroup {
        use PlacementType as T;
        match kind {
            T::U1 | T::U2 | T::U3 => HomeGroup::FamilyAndFriends,
            T::U4 | T::U5 | T::U6 => match provider {
                PlacementProvider::PR4 | PlacementProvider::PR5 => HomeGroup::AgencyFoster,
                _ => HomeGroup::CouncilFoster,
            },
            T::K2 => HomeGroup::ChildrensHome,
            T::K1 => HomeGroup::SecureHome,
            T::K3 => HomeGroup::Supported,
            T::A3 | T::A4 | T::A5 | T::A6 => HomeGroup::Adoption,
            T::P1 => HomeGroup::WithParents,
            _ => HomeGroup::Other,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            HomeGroup::FamilyAndFriends => "family_and_friends",
            HomeGroup::CouncilFoster => "council_foster",
            HomeGroup::AgencyFoster => "agency_foster",
            HomeGroup::ChildrensHome => "childrens_home",
            HomeGroup::SecureHome => "secure_home",
            HomeGroup::Supported => "supported",
            HomeGroup::Adoption => "adoption",
            HomeGroup::WithParents => "with_parents",
            HomeGroup::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HomeGroup::FamilyAndFriends => "Foster care with family or friends",
            HomeGroup::CouncilFoster => "Foster care with the council's own carers",
            HomeGroup::AgencyFoster => "Foster care through an agency",
            HomeGroup::ChildrensHome => "Children's homes",
            HomeGroup::SecureHome => "Secure children's homes",
            HomeGroup::Supported => "Supported accommodation (16 and 17)",
            HomeGroup::Adoption => "Placed for adoption",
            HomeGroup::WithParents => "Living with parents",
            HomeGroup::Other => "Other homes (schools, health, custody and others)",
        }
    }
}

/// How far from home, in the bands the sufficiency strategy reports. The DfE publishes the share
/// placed more than 20 miles from home (903 PL_DISTANCE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistanceBand {
    UnderFive,
    FiveToTen,
    TenToTwenty,
    TwentyOrMore,
    NotKnown,
}

impl DistanceBand {
    pub const ALL: &'static [DistanceBand] =
        &[DistanceBand::UnderFive, DistanceBand::FiveToTen, DistanceBand::TenToTwenty, DistanceBand::TwentyOrMore, DistanceBand::NotKnown];

    pub fn of(miles: Option<f64>) -> DistanceBand {
        match miles {
            None => DistanceBand::NotKnown,
            Some(m) if m < 5.0 => DistanceBand::UnderFive,
            Some(m) if m < 10.0 => DistanceBand::FiveToTen,
            Some(m) if m <= 20.0 => DistanceBand::TenToTwenty,
            Some(_) => DistanceBand::TwentyOrMore,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            DistanceBand::UnderFive => "under_5_miles",
            DistanceBand::FiveToTen => "5_to_10_miles",
            DistanceBand::TenToTwenty => "10_to_20_miles",
            DistanceBand::TwentyOrMore => "over_20_miles",
            DistanceBand::NotKnown => "distance_not_known",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DistanceBand::UnderFive => "Under 5 miles",
            DistanceBand::FiveToTen => "5 to 10 miles",
            DistanceBand::TenToTwenty => "10 to 20 miles",
            DistanceBand::TwentyOrMore => "More than 20 miles",
            DistanceBand::NotKnown => "Not known",
        }
    }
}

/// One child in care on the day, as the service found them.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildInCare {
    pub placement_type: PlacementType,
    pub provider: PlacementProvider,
    /// Inside the council's area (903 PL_LOCATION); none when not known.
    pub in_area: Option<bool>,
    /// Miles from home (903 PL_DISTANCE); none when not known or left blank.
    pub distance_miles: Option<f64>,
    /// Placement moves in the 12 months to the day (the child's page's measure).
    pub moves_in_year: u32,
    /// Under 16, in care for two and a half years or more: whether they have lived in the same
    /// placement for two years or more. None for other children.
    pub long_term_stable: Option<bool>,
    /// The placement's agreed weekly cost, when recorded (PA-1).
    pub weekly_cost: Option<WeeklyCost>,
}

/// A placement's agreed weekly cost in pence, and who pays which part (RCC-SHARE-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WeeklyCost {
    pub total: i64,
    pub social_care: i64,
    pub education: i64,
    pub health: i64,
}

/// What the council pays each week for the placements of the children in care on the day.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Costs {
    /// Children whose placement has an agreed cost, and those whose has none recorded.
    pub with_cost: u32,
    pub without_cost: u32,
    pub weekly: WeeklyCost,
    /// By the kind of home: (group, placements with a cost, average weekly cost in pence).
    pub by_home: Vec<(HomeGroup, u32, i64)>,
}

pub fn costs(children: &[ChildInCare]) -> Costs {
    let costed: Vec<(&ChildInCare, WeeklyCost)> = children.iter().filter_map(|c| c.weekly_cost.map(|w| (c, w))).collect();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let sum = |f: &dyn Fn(&WeeklyCost) -> i64| costed.iter().map(|(_, w)| f(w)).sum::<i64>();
    Costs {
        with_cost: count(costed.len()),
        without_cost: count(children.len() - costed.len()),
        weekly: WeeklyCost {
            total: sum(&|w| w.total),
            social_care: sum(&|w| w.social_care),
            education: sum(&|w| w.education),
            health: sum(&|w| w.health),
        },
        by_home: HomeGroup::ALL
            .iter()
            .map(|g| {
                let in_group: Vec<i64> =
                    costed.iter().filter(|(c, _)| HomeGroup::of(c.placement_type, c.provider) == *g).map(|(_, w)| w.total).collect();
                let n = in_group.len() as i64;
                // To the nearest penny.
                (*g, count(in_group.len()), if n == 0 { 0 } else { (in_group.iter().sum::<i64>() * 2 + n) / (2 * n) })
            })
            .collect(),
    }
}

/// The child's facts from their episodes up to `on` (oldest first; each `(start, reason, end)`):
/// the moves in the year and, for a child under 16 on the day, the DfE's long-term stability
/// measure (in care 2½ years or more, of whom those in the same placement 2 years or more). A
/// change of legal status alone is not a new placement.
pub fn stability(episodes: &[(NaiveDate, ReasonNewEpisode)], born: Option<NaiveDate>, on: NaiveDate) -> (u32, Option<bool>) {
    let up_to: Vec<(NaiveDate, ReasonNewEpisode)> = episodes.iter().copied().filter(|(start, _)| *start <= on).collect();
    let moves = placement_moves_in_year(&up_to, on);
    let under_16 = crate::people::age(born, on).is_some_and(|a| a < 16);
    let care_began = up_to.iter().rfind(|(_, r)| *r == ReasonNewEpisode::S).map(|(s, _)| *s);
    let placement_began = up_to.iter().rfind(|(_, r)| starts_placement(*r)).map(|(s, _)| *s);
    let long_term = match (under_16, care_began, placement_began) {
        (true, Some(began), Some(placed)) if months_between(began, on) >= 30 => Some(months_between(placed, on) >= 24),
        _ => None,
    };
    (moves, long_term)
}

/// Whole calendar months from `from` to `to` (a month counts once its day is reached).
fn months_between(from: NaiveDate, to: NaiveDate) -> i32 {
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() { months - 1 } else { months }
}

/// A search for a home, as far as the sufficiency picture needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchFacts {
    pub home_kind: HomeKind,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    /// Placed: ended with an accepted offer.
    pub placed: bool,
    pub end_reason: Option<EndReason>,
    pub providers_approached: u32,
}

/// A count with its key and label, in the order it is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    pub key: &'static str,
    pub label: &'static str,
    pub count: u32,
}

/// The searches for a home: open on the day, and those that ended in the 12 months to it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Searches {
    pub open: u32,
    /// Days the open searches have waited, on average and at the longest.
    pub open_average_days: f64,
    pub open_longest_days: i64,
    /// Open searches by the kind of home sought.
    pub open_by_kind: Vec<Counted>,
    pub ended_in_year: u32,
    pub placed_in_year: u32,
    /// Ended without a home: no provider could offer one (RCC-SHARE-7, the demand signal).
    pub failed_in_year: u32,
    /// Ended for other reasons (stayed put, went home, the plan changed).
    pub withdrawn_in_year: u32,
    /// Average providers approached by the searches that ended in the year.
    pub providers_per_search: f64,
    /// Average days from start to the end, for searches placed in the year.
    pub days_to_place: f64,
}

/// Counts the searches as on `on`: open ones started by the day, ended ones in the 12 months to it.
pub fn searches(all: &[SearchFacts], on: NaiveDate) -> Searches {
    let year_ago = on - chrono::Days::new(365);
    let open: Vec<&SearchFacts> = all.iter().filter(|s| s.started_on <= on && s.ended_on.is_none_or(|e| e > on)).collect();
    let ended: Vec<&SearchFacts> = all.iter().filter(|s| s.ended_on.is_some_and(|e| e > year_ago && e <= on)).collect();
    let waits: Vec<i64> = open.iter().map(|s| (on - s.started_on).num_days()).collect();
    let placed: Vec<&&SearchFacts> = ended.iter().filter(|s| s.placed).collect();
    let failed = ended.iter().filter(|s| !s.placed && s.end_reason == Some(EndReason::NoHomeFound)).count();
    let mean = |xs: &[i64]| if xs.is_empty() { 0.0 } else { xs.iter().sum::<i64>() as f64 / xs.len() as f64 };
    let days_to_place: Vec<i64> = placed.iter().filter_map(|s| s.ended_on.map(|e| (e - s.started_on).num_days())).collect();
    let approached: Vec<i64> = ended.iter().map(|s| i64::from(s.providers_approached)).collect();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Searches {
        open: count(open.len()),
        open_average_days: mean(&waits),
        open_longest_days: waits.iter().copied().max().unwrap_or(0),
        open_by_kind: HomeKind::ALL
            .iter()
            .map(|k| Counted { key: k.code(), label: k.label(), count: count(open.iter().filter(|s| s.home_kind == *k).count()) })
            .collect(),
        ended_in_year: count(ended.len()),
        placed_in_year: count(placed.len()),
        failed_in_year: count(failed),
        withdrawn_in_year: count(ended.len() - placed.len() - failed),
        providers_per_search: mean(&approached),
        days_to_place: mean(&days_to_place),
    }
}

/// The council's children in care on the day, grouped.
#[derive(Debug, Clone, PartialEq)]
pub struct Homes {
    pub children: u32,
    pub by_home: Vec<Counted>,
    pub by_provider: Vec<Counted>,
    /// Inside, outside, not known.
    pub by_area: Vec<Counted>,
    pub by_distance: Vec<Counted>,
    /// Children with at least `moves_warning` placement moves in the 12 months.
    pub many_moves: u32,
    /// Under 16 and in care 2½ years or more.
    pub long_term_children: u32,
    /// Of those, in the same placement 2 years or more.
    pub long_term_stable: u32,
}

pub fn homes(children: &[ChildInCare], moves_warning: u32) -> Homes {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let area = |want: Option<bool>| count(children.iter().filter(|c| c.in_area == want).count());
    Homes {
        children: count(children.len()),
        by_home: HomeGroup::ALL
            .iter()
            .map(|g| Counted {
                key: g.key(),
                label: g.label(),
                count: count(children.iter().filter(|c| HomeGroup::of(c.placement_type, c.provider) == *g).count()),
            })
            .collect(),
        by_provider: PlacementProvider::ALL
            .iter()
            .map(|p| Counted { key: p.code(), label: p.label(), count: count(children.iter().filter(|c| c.provider == *p).count()) })
            .collect(),
        by_area: vec![
            Counted { key: "inside", label: "Inside the council's area", count: area(Some(true)) },
            Counted { key: "outside", label: "Outside the council's area", count: area(Some(false)) },
            Counted { key: "area_not_known", label: "Not known", count: area(None) },
        ],
        by_distance: DistanceBand::ALL
            .iter()
            .map(|b| Counted {
                key: b.key(),
                label: b.label(),
                count: count(children.iter().filter(|c| DistanceBand::of(c.distance_miles) == *b).count()),
            })
            .collect(),
        many_moves: count(children.iter().filter(|c| c.moves_in_year >= moves_warning).count()),
        long_term_children: count(children.iter().filter(|c| c.long_term_stable.is_some()).count()),
        long_term_stable: count(children.iter().filter(|c| c.long_term_stable == Some(true)).count()),
    }
}

/// An approved fostering household now: its places and what it takes (RCC-SHARE-8).
#[derive(Debug, Clone, PartialEq)]
pub struct Household {
    pub places: u32,
    pub placed: u32,
    pub takes_siblings: bool,
    pub takes_teenagers: bool,
    pub takes_uasc: bool,
    pub takes_parent_and_child: bool,
}

/// The council's own foster places beside the demand: places approved, taken and free, and the
/// free places in households that take brothers and sisters, teenagers, unaccompanied children,
/// or a parent with their child.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Supply {
    pub households: u32,
    pub places: u32,
    pub taken: u32,
    pub free: u32,
    /// Households with two or more free places that take brothers and sisters together.
    pub households_for_siblings: u32,
    pub free_for_teenagers: u32,
    pub free_for_uasc: u32,
    pub free_for_parent_and_child: u32,
}

pub fn supply(households: &[Household]) -> Supply {
    let free = |h: &Household| h.places.saturating_sub(h.placed);
    let sum = |want: &dyn Fn(&Household) -> bool| households.iter().filter(|h| want(h)).map(free).sum::<u32>();
    Supply {
        households: u32::try_from(households.len()).unwrap_or(u32::MAX),
        places: households.iter().map(|h| h.places).sum(),
        // A household over its places (an exemption, CR-3) fills them all and no more.
        taken: households.iter().map(|h| h.placed.min(h.places)).sum(),
        free: sum(&|_| true),
        households_for_siblings: u32::try_from(households.iter().filter(|h| h.takes_siblings && free(h) >= 2).count()).unwrap_or(u32::MAX),
        free_for_teenagers: sum(&|h| h.takes_teenagers),
        free_for_uasc: sum(&|h| h.takes_uasc),
        free_for_parent_and_child: sum(&|h| h.takes_parent_and_child),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlacementProvider as Pr;
    use PlacementType as T;
    use ReasonNewEpisode as R;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn child(kind: T, provider: Pr, in_area: Option<bool>, miles: Option<f64>) -> ChildInCare {
        ChildInCare {
            placement_type: kind,
            provider,
            in_area,
            distance_miles: miles,
            moves_in_year: 0,
            long_term_stable: None,
            weekly_cost: None,
        }
    }

    #[test]
    fn free_places_are_places_less_children_never_below_none() {
        let h = |places, placed, siblings, teens| Household {
            places,
            placed,
            takes_siblings: siblings,
            takes_teenagers: teens,
            takes_uasc: false,
            takes_parent_and_child: false,
        };
        let s = supply(&[h(3, 1, true, false), h(2, 2, true, true), h(1, 2, false, true), h(2, 0, false, true)]);
        assert_eq!((s.households, s.places, s.taken, s.free), (4, 8, 4, 4));
        assert_eq!(s.households_for_siblings, 1);
        assert_eq!(s.free_for_teenagers, 2);
        assert_eq!(s.free_for_uasc, 0);
    }

    #[test]
    fn weekly_costs_add_up_and_average_by_kind_of_home() {
        let cost = |total, education| Some(WeeklyCost { total, social_care: total - education, education, health: 0 });
        let kids = vec![
            ChildInCare { weekly_cost: cost(520_000, 60_000), ..child(T::K2, Pr::PR4, None, None) },
            ChildInCare { weekly_cost: cost(480_000, 0), ..child(T::K2, Pr::PR4, None, None) },
            ChildInCare { weekly_cost: cost(40_000, 0), ..child(T::U4, Pr::PR1, None, None) },
            child(T::U4, Pr::PR1, None, None),
        ];
        let c = costs(&kids);
        assert_eq!((c.with_cost, c.without_cost), (3, 1));
        assert_eq!(c.weekly, WeeklyCost { total: 1_040_000, social_care: 980_000, education: 60_000, health: 0 });
        let home = c.by_home.iter().find(|(g, ..)| *g == HomeGroup::ChildrensHome).unwrap();
        assert_eq!((home.1, home.2), (2, 500_000));
        let foster = c.by_home.iter().find(|(g, ..)| *g == HomeGroup::CouncilFoster).unwrap();
        assert_eq!((foster.1, foster.2), (1, 40_000), "only placements with a cost are averaged");
    }

    #[test]
    fn foster_care_is_split_by_who_provides_it() {
        assert_eq!(HomeGroup::of(T::U4, Pr::PR1), HomeGroup::CouncilFoster);
        assert_eq!(HomeGroup::of(T::U6, Pr::PR4), HomeGroup::AgencyFoster);
        assert_eq!(HomeGroup::of(T::U5, Pr::PR5), HomeGroup::AgencyFoster);
        assert_eq!(HomeGroup::of(T::U2, Pr::PR4), HomeGroup::FamilyAndFriends);
        assert_eq!(HomeGroup::of(T::K2, Pr::PR4), HomeGroup::ChildrensHome);
        assert_eq!(HomeGroup::of(T::K3, Pr::PR4), HomeGroup::Supported);
        assert_eq!(HomeGroup::of(T::A4, Pr::PR1), HomeGroup::Adoption);
        assert_eq!(HomeGroup::of(T::S1, Pr::PR4), HomeGroup::Other);
    }

    #[test]
    fn twenty_miles_is_the_last_mile_inside_the_band_and_nothing_is_lost() {
        assert_eq!(DistanceBand::of(Some(4.9)), DistanceBand::UnderFive);
        assert_eq!(DistanceBand::of(Some(5.0)), DistanceBand::FiveToTen);
        assert_eq!(DistanceBand::of(Some(20.0)), DistanceBand::TenToTwenty);
        assert_eq!(DistanceBand::of(Some(20.1)), DistanceBand::TwentyOrMore);
        assert_eq!(DistanceBand::of(None), DistanceBand::NotKnown);
        let kids = vec![
            child(T::U4, Pr::PR1, Some(true), Some(2.0)),
            child(T::U4, Pr::PR4, Some(false), Some(25.0)),
            child(T::K2, Pr::PR4, Some(false), Some(42.5)),
            child(T::K2, Pr::PR1, None, None),
        ];
        let h = homes(&kids, 3);
        assert_eq!(h.children, 4);
        for list in [&h.by_home, &h.by_provider, &h.by_area, &h.by_distance] {
            assert_eq!(list.iter().map(|c| c.count).sum::<u32>(), 4, "every child in exactly one row");
        }
        let n = |list: &[Counted], key: &str| list.iter().find(|c| c.key == key).unwrap().count;
        assert_eq!(n(&h.by_home, "childrens_home"), 2);
        assert_eq!(n(&h.by_home, "agency_foster"), 1);
        assert_eq!(n(&h.by_area, "outside"), 2);
        assert_eq!(n(&h.by_area, "area_not_known"), 1);
        assert_eq!(n(&h.by_distance, "over_20_miles"), 2);
        assert_eq!(n(&h.by_provider, "PR4"), 2);
    }

    #[test]
    fn long_term_stability_counts_children_under_16_in_care_two_and_a_half_years() {
        let on = d(2026, 11, 23);
        // In care since May 2024 (2½ years on 1 May... 30 months reached on 1 Nov 2026), placed
        // since Nov 2024: 24 months exactly, so stable; a legal status change does not move them.
        let eps = [(d(2024, 5, 1), R::S), (d(2024, 11, 23), R::P), (d(2025, 6, 1), R::L)];
        assert_eq!(stability(&eps, Some(d(2014, 1, 1)), on), (0, Some(true)));
        // Moved a day too late to reach two years.
        let eps = [(d(2024, 5, 1), R::S), (d(2024, 11, 24), R::P)];
        assert_eq!(stability(&eps, Some(d(2014, 1, 1)), on).1, Some(false));
        // Not yet 2½ years in care.
        let eps = [(d(2024, 5, 24), R::S)];
        assert_eq!(stability(&eps, Some(d(2014, 1, 1)), on).1, None);
        // 16 on the day: outside the measure.
        let eps = [(d(2020, 1, 1), R::S)];
        assert_eq!(stability(&eps, Some(d(2010, 11, 23)), on).1, None);
        // A new period of care starts the clock again.
        let eps = [(d(2020, 1, 1), R::S), (d(2026, 1, 1), R::S)];
        assert_eq!(stability(&eps, Some(d(2014, 1, 1)), on).1, None);
    }

    #[test]
    fn moves_in_the_year_count_new_placements_not_legal_changes() {
        let on = d(2026, 11, 23);
        let eps = [(d(2025, 1, 1), R::S), (d(2026, 1, 1), R::P), (d(2026, 3, 1), R::L), (d(2026, 6, 1), R::T), (d(2026, 12, 1), R::P)];
        // The December move is after the day and not counted.
        assert_eq!(stability(&eps, None, on).0, 2);
    }

    #[test]
    fn searches_open_on_the_day_and_ended_in_the_year() {
        let on = d(2026, 11, 23);
        let s = |started: NaiveDate, ended: Option<NaiveDate>, placed: bool, why: Option<EndReason>, approached: u32| SearchFacts {
            home_kind: HomeKind::Residential,
            started_on: started,
            ended_on: ended,
            placed,
            end_reason: why,
            providers_approached: approached,
        };
        let all = vec![
            s(d(2026, 11, 13), None, false, None, 3),
            s(d(2026, 10, 24), None, false, None, 8),
            s(d(2026, 9, 1), Some(d(2026, 9, 11)), true, None, 4),
            s(d(2026, 5, 1), Some(d(2026, 7, 1)), false, Some(EndReason::NoHomeFound), 12),
            s(d(2026, 6, 1), Some(d(2026, 6, 5)), false, Some(EndReason::WentHome), 2),
            // Ended more than a year ago: not counted.
            s(d(2025, 1, 1), Some(d(2025, 2, 1)), true, None, 1),
            // Started after the day: not open on it.
            s(d(2026, 11, 30), None, false, None, 0),
        ];
        let r = searches(&all, on);
        assert_eq!(r.open, 2);
        assert_eq!(r.open_longest_days, 30);
        assert!((r.open_average_days - 20.0).abs() < 1e-9);
        assert_eq!(r.open_by_kind.iter().find(|c| c.key == "residential").unwrap().count, 2);
        assert_eq!((r.ended_in_year, r.placed_in_year, r.failed_in_year, r.withdrawn_in_year), (3, 1, 1, 1));
        assert!((r.providers_per_search - 6.0).abs() < 1e-9);
        assert!((r.days_to_place - 10.0).abs() < 1e-9);
    }
}
