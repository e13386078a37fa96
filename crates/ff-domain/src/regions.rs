//! Regions (regional care co-operatives, RCC-1; decision 0029): a region groups member councils,
//! each taking part either on Families First in this database (sharing pseudonymised extracts,
//! RCC-SHARE-1, RCC-SHARE-4) or by uploading its SSDA903 files. Who belongs when is recorded with
//! the day each member joined and left. The region's sufficiency picture (RCC-2, RCC-SHARE-2) is
//! counted here from rows the service reads out of the members' shared placement snapshots and
//! uploaded 903 episodes: pure, no row and no clock.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::codes::code_enum;
use crate::looked_after::{PlacementProvider, PlacementType};
use crate::sufficiency::{DistanceBand, HomeGroup};

code_enum!(
    /// How a member council takes part in the region.
    Participation {
        FamiliesFirst => ("families_first", "On Families First: shares pseudonymised extracts"),
        Uploads903 => ("uploads_903", "Not on Families First: sends its SSDA903 files"),
    }
);

/// A region's code and name, checked: the code is 2 to 20 letters, digits or hyphens.
pub fn check_region(code: &str, name: &str) -> Result<(String, String), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let code = code.trim().to_uppercase();
    if code.len() < 2 || code.len() > 20 || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        errors.add("code", "Enter the region's code: 2 to 20 letters, numbers or hyphens, like RCC-NW");
    }
    let name = name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        errors.add("name", "Enter the region's name (at most 200 characters)");
    }
    errors.into_result((code, name))
}

/// A member's dates: joined on or before today; left, when given, on or after joining.
pub fn check_membership(joined_on: NaiveDate, left_on: Option<NaiveDate>, today: NaiveDate) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if joined_on > today {
        errors.add("joined_on", "The day the council joined must be today or in the past");
    }
    if let Some(left) = left_on
        && left < joined_on
    {
        errors.add("left_on", "The day the council left must be on or after the day it joined");
    }
    errors.into_result(())
}

/// A member on a day: joined by then and not yet left.
pub fn is_member_on(joined_on: NaiveDate, left_on: Option<NaiveDate>, on: NaiveDate) -> bool {
    joined_on <= on && left_on.is_none_or(|l| l > on)
}

/// One child in care as the region counts them: from a shared placement snapshot row
/// (RCC-SHARE-2) or an uploaded 903 episode open at the end of the return's year.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionChild {
    pub group: HomeGroup,
    pub in_area: Option<bool>,
    pub band: DistanceBand,
    /// Pence a week, when the member shared it (never from 903 files, which hold no cost).
    pub weekly_cost_pence: Option<i64>,
}

/// Pounds as the snapshot writes them ("123.45") in pence; blank is none.
fn pence(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
    let frac = format!("{frac:0<2}");
    let p = whole.parse::<i64>().ok()? * 100 + frac.get(..2)?.parse::<i64>().ok()?;
    Some(if neg { -p } else { p })
}

fn band_of_key(k: &str) -> DistanceBand {
    DistanceBand::ALL.iter().copied().find(|b| b.key() == k.trim()).unwrap_or(DistanceBand::NotKnown)
}

/// One row of a shared placement snapshot (RCC-SHARE-2, by its column names), as the region
/// counts it; none when the placement type cannot be read.
pub fn from_snapshot(row: &HashMap<&str, &str>) -> Option<RegionChild> {
    let get = |c: &str| row.get(c).copied().unwrap_or("").trim();
    let kind = PlacementType::from_code(get("PLACE"))?;
    let provider = PlacementProvider::from_code(get("PLACE_PROVIDER")).unwrap_or(PlacementProvider::PR0);
    Some(RegionChild {
        group: HomeGroup::of(kind, provider),
        in_area: match get("IN_AREA") {
            "in" => Some(true),
            "out" => Some(false),
            _ => None,
        },
        band: band_of_key(get("DISTANCE_BAND")),
        weekly_cost_pence: pence(get("WEEKLY_COST")),
    })
}

/// One episode of an uploaded 903 file (by its column names) that is open at the end of the
/// return's year (no DEC), as the region counts it: PL_LOCATION IN or OUT, PL_DISTANCE in miles.
pub fn from_903_episode(row: &HashMap<&str, &str>) -> Option<RegionChild> {
    let get = |c: &str| row.get(c).copied().unwrap_or("").trim();
    if !get("DEC").is_empty() {
        return None;
    }
    let kind = PlacementType::from_code(get("PLACE"))?;
    let provider = PlacementProvider::from_code(get("PLACE_PROVIDER")).unwrap_or(PlacementProvider::PR0);
    Some(RegionChild {
        group: HomeGroup::of(kind, provider),
        in_area: match get("PL_LOCATION").to_uppercase().as_str() {
            "IN" => Some(true),
            "OUT" => Some(false),
            _ => None,
        },
        band: DistanceBand::of(get("PL_DISTANCE").parse::<f64>().ok()),
        weekly_cost_pence: None,
    })
}

/// Counts for one member or the whole region. Every list holds each child in exactly one row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Tally {
    pub children: u32,
    /// (HomeGroup key, label, count) in [`HomeGroup::ALL`] order.
    pub by_home: Vec<(String, String, u32)>,
    /// in, out, not known.
    pub by_area: Vec<(String, String, u32)>,
    /// In [`DistanceBand::ALL`] order.
    pub by_distance: Vec<(String, String, u32)>,
    /// Children whose weekly cost was shared, and its sum in pence.
    pub with_cost: u32,
    pub weekly_cost_pence: i64,
}

pub fn tally(children: &[RegionChild]) -> Tally {
    let n = |f: &dyn Fn(&RegionChild) -> bool| children.iter().filter(|c| f(c)).count() as u32;
    Tally {
        children: children.len() as u32,
        by_home: HomeGroup::ALL.iter().map(|g| (g.key().to_owned(), g.label().to_owned(), n(&|c| c.group == *g))).collect(),
        by_area: vec![
            ("in_area".into(), "Inside the member council's area".into(), n(&|c| c.in_area == Some(true))),
            ("out_of_area".into(), "Outside the member council's area".into(), n(&|c| c.in_area == Some(false))),
            ("area_not_known".into(), "Not known".into(), n(&|c| c.in_area.is_none())),
        ],
        by_distance: DistanceBand::ALL.iter().map(|b| (b.key().to_owned(), b.label().to_owned(), n(&|c| c.band == *b))).collect(),
        with_cost: n(&|c| c.weekly_cost_pence.is_some()),
        weekly_cost_pence: children.iter().filter_map(|c| c.weekly_cost_pence).sum(),
    }
}

/// The region's counts: the members' added together, row by row.
pub fn sum(members: &[&Tally]) -> Tally {
    let mut all = tally(&[]);
    for t in members {
        all.children += t.children;
        all.with_cost += t.with_cost;
        all.weekly_cost_pence += t.weekly_cost_pence;
        for (into, from) in [(&mut all.by_home, &t.by_home), (&mut all.by_area, &t.by_area), (&mut all.by_distance, &t.by_distance)] {
            for (i, (_, _, c)) in from.iter().enumerate() {
                if let Some(row) = into.get_mut(i) {
                    row.2 += c;
                }
            }
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn region_and_membership_are_checked() {
        assert_eq!(check_region(" rcc-nw ", " North West ").unwrap(), ("RCC-NW".into(), "North West".into()));
        let e = check_region("x", "").unwrap_err();
        assert!(e.for_field("code").is_some() && e.for_field("name").is_some());
        assert!(check_membership(d(2026, 1, 1), None, d(2026, 6, 1)).is_ok());
        assert!(check_membership(d(2026, 7, 1), None, d(2026, 6, 1)).unwrap_err().for_field("joined_on").is_some());
        assert!(check_membership(d(2026, 3, 1), Some(d(2026, 2, 1)), d(2026, 6, 1)).unwrap_err().for_field("left_on").is_some());
        assert!(is_member_on(d(2026, 1, 1), Some(d(2026, 6, 1)), d(2026, 5, 31)));
        assert!(!is_member_on(d(2026, 1, 1), Some(d(2026, 6, 1)), d(2026, 6, 1)));
    }

    #[test]
    fn snapshot_rows_and_903_episodes_are_counted_alike() {
        let snap: HashMap<&str, &str> =
            [("PLACE", "U6"), ("PLACE_PROVIDER", "PR4"), ("IN_AREA", "out"), ("DISTANCE_BAND", "over_20_miles"), ("WEEKLY_COST", "912.5")]
                .into();
        let c = from_snapshot(&snap).unwrap();
        assert_eq!(
            c,
            RegionChild {
                group: HomeGroup::AgencyFoster,
                in_area: Some(false),
                band: DistanceBand::TwentyOrMore,
                weekly_cost_pence: Some(91_250)
            }
        );
        let ep: HashMap<&str, &str> =
            [("PLACE", "K2"), ("PLACE_PROVIDER", "PR3"), ("PL_LOCATION", "IN"), ("PL_DISTANCE", "3.2"), ("DEC", "")].into();
        let e = from_903_episode(&ep).unwrap();
        assert_eq!(
            (e.group, e.in_area, e.band, e.weekly_cost_pence),
            (HomeGroup::ChildrensHome, Some(true), DistanceBand::UnderFive, None)
        );
        let ended: HashMap<&str, &str> = [("PLACE", "K2"), ("DEC", "01/02/2026")].into();
        assert!(from_903_episode(&ended).is_none());
        let t = tally(&[c.clone(), e.clone()]);
        assert_eq!(t.children, 2);
        assert_eq!(t.by_home.iter().map(|r| r.2).sum::<u32>(), 2);
        assert_eq!(t.by_area.iter().map(|r| r.2).sum::<u32>(), 2);
        assert_eq!(t.by_distance.iter().map(|r| r.2).sum::<u32>(), 2);
        assert_eq!((t.with_cost, t.weekly_cost_pence), (1, 91_250));
        let both = sum(&[&t, &tally(&[c])]);
        assert_eq!((both.children, both.weekly_cost_pence), (3, 182_500));
        assert_eq!(both.by_home.iter().find(|r| r.0 == "agency_foster").unwrap().2, 2);
    }
}
