//! The demo's postcode directory: every postcode of the invented NM area with a made-up grid
//! reference and council, written straight into the directory (`ff_store::postcodes`) as a
//! commissioner's load would leave it, so children's pages show how far each placement is from
//! home (decision 0019). Nothing here comes from the ONS directory.
//!
//! The NM area crosses the council's boundary, as real postcode areas do: districts NM1 to NM9
//! are Northmoor (where every family lives), NM10 to NM15 are in the real councils around a
//! Pennine town (Rochdale, Calderdale, Lancashire, Bradford, Leeds, North Yorkshire) at 7 to 35
//! miles, and NM20 and NM21 are far away (Cumbria, about 70 miles, and Suffolk, about 165): the
//! few children placed a long way from home. Every postcode of every district is listed (4,000
//! a district), whatever the number of families, so the directory is the same size at any volume
//! and is written in bulk in a second or so.

use chrono::{DateTime, Utc};
use ff_domain::geography::DirectoryEntry;
use ff_store::postcodes::{PostcodeLoadRow, PostcodeRow};
use ff_store::{StoreError, Tx};
use uuid::Uuid;

use crate::DEMO_LA;
use crate::names::POSTCODE_LETTERS;

/// Northmoor's centre on the OS grid, in metres.
const CENTRE: (i32, i32) = (387_000, 425_000);

/// Each district of the NM area: its number, its council (the DfE's code) and its centre's
/// offset from Northmoor's centre in metres (east, north).
const DISTRICTS: &[(u8, &str, i32, i32)] = &[
    (1, DEMO_LA, 0, 0),
    (2, DEMO_LA, 3_000, 1_000),
    (3, DEMO_LA, -3_000, 1_000),
    (4, DEMO_LA, 0, 3_500),
    (5, DEMO_LA, 0, -3_000),
    (6, DEMO_LA, 3_000, -3_000),
    (7, DEMO_LA, -3_000, -3_000),
    (8, DEMO_LA, 3_500, 3_500),
    (9, DEMO_LA, -3_500, 3_500),
    // The councils around Northmoor.
    (10, "354", -2_000, -12_000), // Rochdale
    (11, "381", 13_000, 2_000),   // Calderdale
    (12, "888", -14_000, 5_000),  // Lancashire
    (13, "380", 22_000, 15_000),  // Bradford
    (14, "383", 38_000, 6_000),   // Leeds
    (15, "815", 30_000, 45_000),  // North Yorkshire
    // Far away.
    (20, "909", -40_000, 105_000),  // Cumbria
    (21, "935", 210_000, -160_000), // Suffolk
];

/// The directory's entry for an NM postcode: the district's centre, moved up to about a
/// kilometre by the sector and the two letters, so neighbouring postcodes are near each other.
fn entry(district: u8, la: &str, (east, north): (i32, i32), sector: u8, a: usize, b: usize) -> DirectoryEntry {
    let letter = |i: usize| char::from(POSTCODE_LETTERS.get(i).copied().unwrap_or(b'A'));
    let (s, a32, b32) = (i32::from(sector), i32::try_from(a).unwrap_or(0), i32::try_from(b).unwrap_or(0));
    DirectoryEntry {
        postcode: format!("NM{district} {sector}{}{}", letter(a), letter(b)),
        easting: Some(CENTRE.0 + east + (s % 5) * 300 - 600 + a32 * 20 - 190),
        northing: Some(CENTRE.1 + north + (s / 5) * 500 - 250 + b32 * 20 - 190),
        la: Some(la.to_owned()),
        terminated: None,
    }
}

/// Every postcode of one district.
fn district_entries(&(district, la, east, north): &(u8, &str, i32, i32)) -> Vec<DirectoryEntry> {
    let n = POSTCODE_LETTERS.len();
    let mut out = Vec::with_capacity(10 * n * n);
    for sector in 0..10u8 {
        for a in 0..n {
            for b in 0..n {
                out.push(entry(district, la, (east, north), sector, a, b));
            }
        }
    }
    out
}

/// Writes the demo directory and the load that stands for it (one of the council's loads,
/// made by `loaded_by`, the commissioner), district by district. Returns the postcodes written.
pub(crate) async fn seed_directory(tx: &mut Tx, load_id: Uuid, loaded_by: Uuid, now: DateTime<Utc>) -> Result<usize, StoreError> {
    let mut written = 0;
    for d in DISTRICTS {
        let rows: Vec<PostcodeRow> = district_entries(d).into_iter().map(|e| PostcodeRow::new(e, load_id)).collect();
        ff_store::postcodes::upsert(tx, &rows).await?;
        written += rows.len();
    }
    let n = i32::try_from(written).unwrap_or(i32::MAX);
    let load = PostcodeLoadRow {
        id: load_id,
        file_name: "synthetic directory for the Northmoor demo".into(),
        // There is no file: the demo writes its rows straight in.
        checksum: "none (synthetic, written by the demo)".into(),
        rows_read: n,
        added: n,
        changed: 0,
        unchanged: 0,
        unreadable: 0,
        problems: String::new(),
        loaded_at: now,
        loaded_by,
    };
    ff_store::postcodes::insert_load(tx, DEMO_LA, &load).await?;
    Ok(written)
}

/// Where a demo child is placed: a postcode of the NM area chosen by `hash` (from the child's
/// id and the move). A child's first placement is usually near home; a later one is in
/// Northmoor about three times in five, in a neighbouring council at 7 to 25 miles about one time
/// in four, and otherwise further: about 35 miles, 70 (Cumbria) or 165 (Suffolk). Returns the
/// postcode and whether it is outside Northmoor.
pub(crate) fn placement_postcode(hash: u64, first: bool) -> (String, bool) {
    let band = hash % 100;
    let districts: &[u8] = match (first, band) {
        (true, 0..85) | (false, 0..60) => &[1, 2, 3, 4, 5, 6, 7, 8, 9],
        (true, _) | (false, 60..78) => &[10, 11, 12],
        (false, 78..88) => &[13, 14],
        (false, 88..94) => &[15],
        (false, 94..98) => &[20],
        (false, _) => &[21],
    };
    let mut h = hash / 100;
    let mut pick = |n: usize| {
        let i = usize::try_from(h % n.max(1) as u64).unwrap_or(0);
        h /= n.max(1) as u64;
        i
    };
    let district = districts[pick(districts.len())];
    let n = POSTCODE_LETTERS.len();
    let (sector, a, b) = (pick(10), pick(n), pick(n));
    let letter = |i: usize| char::from(POSTCODE_LETTERS[i]);
    (format!("NM{district} {sector}{}{}", letter(a), letter(b)), district >= 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ff_domain::geography::{Lookup, distance_miles, placement_geography};
    use ff_domain::looked_after::LegalStatus;

    fn directory() -> std::collections::HashMap<String, DirectoryEntry> {
        DISTRICTS.iter().flat_map(district_entries).map(|e| (e.postcode.clone(), e)).collect()
    }

    #[test]
    fn every_nm_postcode_is_in_the_directory_once_with_a_grid_reference_in_england() {
        let all: Vec<DirectoryEntry> = DISTRICTS.iter().flat_map(district_entries).collect();
        assert_eq!(all.len(), DISTRICTS.len() * 4_000);
        let mut codes: Vec<&str> = all.iter().map(|e| e.postcode.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "no postcode twice");
        for e in &all {
            assert_eq!(ff_domain::geography::parse_postcode(&e.postcode).as_deref(), Ok(e.postcode.as_str()));
            let (east, north) = (e.easting.unwrap_or(0), e.northing.unwrap_or(0));
            assert!((100_000..700_000).contains(&east) && (100_000..700_000).contains(&north), "{}: {east}, {north}", e.postcode);
        }
        // The placements the demo's journeys name are there.
        let dir = directory();
        for p in ["NM2 5RT", "NM3 8QD", "NM4 2LP", "NM6 1BX", "NM8 4HW", "NM5 3HJ", "NM2 7QA"] {
            assert_eq!(dir[p].la.as_deref(), Some(DEMO_LA), "{p}");
        }
    }

    #[test]
    fn placements_are_mostly_near_home_with_a_tail_far_away() {
        let dir = directory();
        let home = &dir["NM1 4AB"];
        let (mut near, mut far, mut out) = (0, 0, 0);
        for i in 0..10_000u64 {
            let hash = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let (postcode, outside) = placement_postcode(hash, false);
            let placed = &dir[&postcode];
            let g = placement_geography(Lookup::Found(home), Lookup::Found(placed), DEMO_LA, false, LegalStatus::C2);
            let d = g.distance_miles.expect("both postcodes are in the directory");
            assert_eq!(outside, g.pl_la.as_deref() != Some(DEMO_LA), "{postcode}");
            near += usize::from(d < 20.0);
            far += usize::from(d > 50.0);
            out += usize::from(outside);
        }
        assert!(near > 7_000, "most under 20 miles: {near}");
        assert!((300..1_000).contains(&far), "a tail beyond 50 miles: {far}");
        assert!((3_000..5_000).contains(&out), "about two in five out of area: {out}");
        // A first placement is out of area less often.
        let first_out = (0..10_000u64).filter(|i| placement_postcode(i.wrapping_mul(0x9E37_79B9_7F4A_7C15), true).1).count();
        assert!(first_out < 2_500, "{first_out}");
        // Cumbria is about 70 miles from Northmoor's centre.
        let cumbria = &dir["NM20 5AA"];
        let d = distance_miles(
            (home.easting.unwrap_or(0), home.northing.unwrap_or(0)),
            (cumbria.easting.unwrap_or(0), cumbria.northing.unwrap_or(0)),
        );
        assert!((60.0..80.0).contains(&d), "{d}");
    }
}
