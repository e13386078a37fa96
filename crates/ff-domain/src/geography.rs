//! Where a child in care lives, seen from home: the council the placement is in, whether that is
//! the child's own council's area, and how far it is from home in a straight line. The DfE works
//! the same out from the SSDA903's postcodes (ssda903 fields §2: PL_LA, PL_LOCATION,
//! PL_DISTANCE); we work it out from the national postcode directory (the ONS National
//! Statistics Postcode Directory, decision 0019) so the child's page and the API show it.
//!
//! - The placement's council (PL_LA) is the upper-tier council of the postcode's district: the
//!   county where the district is in a two-tier county, otherwise the district itself (a unitary
//!   council, metropolitan district or London borough); SCO, WAL or NIR for Scotland, Wales and
//!   Northern Ireland ([`upper_tier`]). We keep it as the DfE's 3-digit code.
//! - In or out of area (PL_LOCATION): IN when the placement's council is the child's council
//!   ([`location`]).
//! - The distance (PL_DISTANCE): `sqrt((E_home - E_pl)² + (N_home - N_pl)²) / 1000 / 1.6093`
//!   miles from the OS grid references in metres, to one decimal ([`distance_miles`]). The DfE
//!   asks for 999.9 where it cannot be worked out; screens say "not known" and why instead, and
//!   only what is written for the 903 uses 999.9 ([`PlacementGeography::distance_for_903`]).
//! - Blank, whatever the postcodes: the distance for a child who is or was an unaccompanied
//!   asylum-seeking child (903 rule 406), and everything for a short break, legal status V3 or
//!   V4 (903 rules 398 and 420).
//!
//! Pure: the service looks both postcodes up in the directory at once and passes what it found.

use chrono::NaiveDate;

use crate::looked_after::LegalStatus;

/// The DfE's code for a placement in Scotland, Wales or Northern Ireland (903 PL_LA).
pub const SCOTLAND: &str = "SCO";
pub const WALES: &str = "WAL";
pub const NORTHERN_IRELAND: &str = "NIR";

/// A UK postcode in the usual outward/inward form, normalised to capitals with one space
/// before the inward code ("nm14ab" is "NM1 4AB"). The directory is keyed by the same form, so a
/// postcode typed on a record is found however it was spaced.
pub fn parse_postcode(s: &str) -> Result<String, &'static str> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let ok = (5..=7).contains(&compact.len())
        && compact.chars().all(|c| c.is_ascii_alphanumeric())
        && compact.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && {
            let (outward, inward) = compact.split_at(compact.len() - 3);
            let b = inward.as_bytes();
            // Outward code: 1–2 letters, then a digit, then at most one more letter or digit.
            let letters = outward.chars().take_while(char::is_ascii_alphabetic).count();
            let rest = &outward[letters..];
            (1..=2).contains(&letters)
                && rest.chars().next().is_some_and(|c| c.is_ascii_digit())
                && rest.len() <= 2
                && b[0].is_ascii_digit()
                && b[1].is_ascii_alphabetic()
                && b[2].is_ascii_alphabetic()
        };
    if ok {
        Ok(format!("{} {}", &compact[..compact.len() - 3], &compact[compact.len() - 3..]))
    } else {
        Err("Enter a real postcode, like NM1 4AB")
    }
}

/// The upper-tier council a postcode is in, as the directory's codes say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpperTier {
    /// A council in England, by its ONS code (E06, E08, E09 or E10).
    England(String),
    Scotland,
    Wales,
    NorthernIreland,
}

impl UpperTier {
    /// The DfE's code for a council outside England; `None` for a council in England, whose code
    /// is looked up in the DfE's list of councils.
    pub fn code_outside_england(&self) -> Option<&'static str> {
        match self {
            UpperTier::England(_) => None,
            UpperTier::Scotland => Some(SCOTLAND),
            UpperTier::Wales => Some(WALES),
            UpperTier::NorthernIreland => Some(NORTHERN_IRELAND),
        }
    }
}

/// ONS codes the directory uses for "none" (no county: E99999999) and for places with no
/// council of ours (the Channel Islands L99999999, the Isle of Man M99999999).
fn is_pseudo(code: &str) -> bool {
    code.is_empty() || code.ends_with("99999999")
}

/// The upper-tier council of a postcode (ssda903 fields §2, PL_LA) from the directory's
/// district (`laua`), county (`cty`, E99999999 when none) and country (`ctry`): the county
/// where the district is in a two-tier county, otherwise the district; Scotland, Wales or
/// Northern Ireland by the country (S92000003, W92000004, N92000002) or, where the file has no
/// country, by the district's first letter. `None` where the directory places the postcode in
/// no council (the Channel Islands, the Isle of Man, a district in a county it does not name).
pub fn upper_tier(district: &str, county: Option<&str>, country: Option<&str>) -> Option<UpperTier> {
    let (district, county) = (district.trim().to_uppercase(), county.map(|c| c.trim().to_uppercase()));
    let country = country.map(|c| c.trim().to_uppercase()).filter(|c| !is_pseudo(c));
    let nation = country.as_deref().map_or_else(|| district.chars().next(), |c| c.chars().next());
    match nation {
        Some('S') => return Some(UpperTier::Scotland),
        Some('W') => return Some(UpperTier::Wales),
        Some('N') => return Some(UpperTier::NorthernIreland),
        Some('E') => {}
        _ => return None,
    }
    if let Some(c) = county.filter(|c| !is_pseudo(c)) {
        return Some(UpperTier::England(c));
    }
    if is_pseudo(&district) || !district.starts_with('E') || district.starts_with("E07") {
        // A shire district (E07) is never upper tier: without its county it has no PL_LA.
        return None;
    }
    Some(UpperTier::England(district))
}

/// One postcode as the directory holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryEntry {
    /// Normalised as [`parse_postcode`] does.
    pub postcode: String,
    /// The OS grid reference in metres (Irish Grid in Northern Ireland); none where the
    /// directory gives none.
    pub easting: Option<i32>,
    pub northing: Option<i32>,
    /// The upper-tier council as the DfE's 3-digit code, or SCO, WAL or NIR; none where the
    /// directory's council is not on the DfE's list (or it names none).
    pub la: Option<String>,
    /// When the postcode stopped being used, as the directory gives it (yyyymm); none while it
    /// is live. An old postcode still has its place: a child's home postcode may be one.
    pub terminated: Option<String>,
}

impl DirectoryEntry {
    fn grid(&self) -> Option<(i32, i32)> {
        Some((self.easting?, self.northing?))
    }

    fn outside_england(&self) -> bool {
        matches!(self.la.as_deref(), Some(SCOTLAND | WALES | NORTHERN_IRELAND))
    }
}

/// What the directory says about a postcode on the child's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// No postcode is recorded.
    NotRecorded,
    /// A postcode is recorded but the directory does not hold it.
    NotInDirectory,
    /// A postcode is recorded, and the directory holds no postcode at all: not loaded yet.
    DirectoryEmpty,
    Found(&'a DirectoryEntry),
}

/// The straight line between two OS grid references in metres, in miles to one decimal, by the
/// DfE's formula (ssda903 fields §2, PL_DISTANCE).
pub fn distance_miles(home: (i32, i32), placement: (i32, i32)) -> f64 {
    let de = f64::from(home.0) - f64::from(placement.0);
    let dn = f64::from(home.1) - f64::from(placement.1);
    let miles = (de * de + dn * dn).sqrt() / 1000.0 / 1.6093;
    (miles * 10.0).round() / 10.0
}

/// Inside or outside the council's own area (903 PL_LOCATION).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    In,
    Out,
}

impl Location {
    /// IN or OUT, as the DfE writes it.
    pub fn code(self) -> &'static str {
        match self {
            Location::In => "IN",
            Location::Out => "OUT",
        }
    }
}

/// IN when the placement's council (PL_LA) is the child's council, else OUT (ssda903 fields §2).
pub fn location(placement_la: &str, council: &str) -> Location {
    if placement_la.trim() == council.trim() { Location::In } else { Location::Out }
}

/// Why the distance, or whether the placement is in the council's area, is not known: plain
/// words that follow "Not known: " on screens.
pub mod why {
    pub const HOME_NOT_RECORDED: &str = "no home address was recorded before the child came into care";
    pub const HOME_NOT_IN_DIRECTORY: &str = "the home postcode is not in the postcode directory";
    pub const HOME_OUTSIDE_ENGLAND: &str = "the home postcode is outside England";
    pub const HOME_NO_GRID: &str = "the postcode directory gives no grid reference for the home postcode";
    pub const PLACEMENT_NOT_RECORDED: &str = "no placement postcode is recorded";
    pub const DIRECTORY_NOT_LOADED: &str = "the postcode directory has not been loaded yet";
    pub const PLACEMENT_NOT_IN_DIRECTORY: &str = "the placement postcode is not in the postcode directory";
    pub const PLACEMENT_NO_GRID: &str = "the postcode directory gives no grid reference for the placement postcode";
    /// Northern Ireland's grid references are on the Irish Grid, not comparable with Great
    /// Britain's.
    pub const PLACEMENT_OTHER_GRID: &str = "the placement is in Northern Ireland, whose grid references are on another grid";
    pub const COUNCIL_NOT_LISTED: &str = "the placement postcode's council is not on the DfE's list of councils";
    /// 903 rule 406.
    pub const ASYLUM_SEEKING: &str = "not worked out for a child who is or was an unaccompanied asylum-seeking child";
    /// 903 rules 398 and 420.
    pub const SHORT_BREAKS: &str = "not worked out for short breaks";
}

/// The placement's geography as the DfE derives it, or why part of it is not known.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementGeography {
    /// The placement's council (PL_LA): the DfE's 3-digit code, or SCO, WAL or NIR.
    pub pl_la: Option<String>,
    /// In or out of the council's area (PL_LOCATION).
    pub location: Option<Location>,
    /// Miles from home to one decimal (PL_DISTANCE).
    pub distance_miles: Option<f64>,
    /// Why the distance is not known or left blank (one of [`why`]).
    pub why_unknown: Option<&'static str>,
    /// Why the placement's council, and so in or out of area, is not known or left blank.
    pub why_area_unknown: Option<&'static str>,
}

impl PlacementGeography {
    /// Left blank whatever the postcodes (903 rules 398 and 406).
    pub fn blank(&self) -> bool {
        matches!(self.why_unknown, Some(why::ASYLUM_SEEKING | why::SHORT_BREAKS))
    }

    /// PL_DISTANCE as the DfE asks for it: 999.9 where it cannot be worked out, none where it
    /// must be blank (903 rules 398 and 406).
    pub fn distance_for_903(&self) -> Option<f64> {
        if self.blank() { None } else { Some(self.distance_miles.unwrap_or(999.9)) }
    }

    /// The geography in a sentence for the child's page: "12.3 miles, outside the council's area
    /// (placed in Cumbria)"; "Not known: the home postcode is not in the postcode directory".
    /// `placed_in` names the placement's council, when it has a name.
    pub fn words(&self, placed_in: Option<&str>) -> String {
        // After the distance ("12.3 miles, outside the council's area (placed in Cumbria)"), or
        // as a sentence of its own after why the distance is not known.
        let (after_distance, sentence) = match (self.location, placed_in) {
            (Some(Location::In), _) => ("inside the council's area".to_owned(), "Placed inside the council's area".to_owned()),
            (Some(Location::Out), Some(name)) => {
                (format!("outside the council's area (placed in {name})"), format!("Placed in {name}, outside the council's area"))
            }
            (Some(Location::Out), None) => ("outside the council's area".to_owned(), "Placed outside the council's area".to_owned()),
            (None, _) => (String::new(), String::new()),
        };
        let why_distance = self.why_unknown.unwrap_or(why::PLACEMENT_NOT_IN_DIRECTORY);
        let lead = if self.blank() { capitalised(why_distance) } else { format!("Not known: {why_distance}") };
        match (self.distance_miles, self.location) {
            (Some(d), Some(_)) => format!("{d:.1} miles, {after_distance}"),
            (Some(d), None) => match self.why_area_unknown {
                Some(w) => format!("{d:.1} miles; whether that is inside the council's area is not known: {w}"),
                None => format!("{d:.1} miles"),
            },
            (None, Some(_)) => format!("{lead}. {sentence}"),
            (None, None) => lead,
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The placement's council, in or out of area, and the distance from home (ssda903 fields §2),
/// from what the directory holds for the home and placement postcodes, the child's council (its
/// DfE code), whether the child is or was an unaccompanied asylum seeker, and the legal status.
pub fn placement_geography(
    home: Lookup<'_>,
    placement: Lookup<'_>,
    council: &str,
    asylum_seeking: bool,
    legal_status: LegalStatus,
) -> PlacementGeography {
    // 903 rules 398 and 420: a short break has no postcodes, so no PL_LA and no distance.
    if matches!(legal_status, LegalStatus::V3 | LegalStatus::V4) {
        return PlacementGeography {
            pl_la: None,
            location: None,
            distance_miles: None,
            why_unknown: Some(why::SHORT_BREAKS),
            why_area_unknown: Some(why::SHORT_BREAKS),
        };
    }
    let (pl_la, why_area_unknown) = match placement {
        Lookup::NotRecorded => (None, Some(why::PLACEMENT_NOT_RECORDED)),
        Lookup::NotInDirectory => (None, Some(why::PLACEMENT_NOT_IN_DIRECTORY)),
        Lookup::DirectoryEmpty => (None, Some(why::DIRECTORY_NOT_LOADED)),
        Lookup::Found(e) => match &e.la {
            Some(la) => (Some(la.clone()), None),
            None => (None, Some(why::COUNCIL_NOT_LISTED)),
        },
    };
    let location = pl_la.as_deref().map(|la| location(la, council));
    let distance = if asylum_seeking {
        // 903 rule 406: never for a child who is or was an unaccompanied asylum seeker.
        Err(why::ASYLUM_SEEKING)
    } else {
        distance_between(home, placement)
    };
    let (distance_miles, why_unknown) = match distance {
        Ok(d) => (Some(d), None),
        Err(w) => (None, Some(w)),
    };
    PlacementGeography { pl_la, location, distance_miles, why_unknown, why_area_unknown }
}

/// The distance, or why it cannot be worked out: the DfE's 999.9 cases (the home postcode
/// unknown or outside England, the placement postcode unknown) and a postcode without a grid
/// reference.
fn distance_between(home: Lookup<'_>, placement: Lookup<'_>) -> Result<f64, &'static str> {
    let home = match home {
        Lookup::NotRecorded => return Err(why::HOME_NOT_RECORDED),
        Lookup::NotInDirectory => return Err(why::HOME_NOT_IN_DIRECTORY),
        Lookup::DirectoryEmpty => return Err(why::DIRECTORY_NOT_LOADED),
        Lookup::Found(e) if e.outside_england() => return Err(why::HOME_OUTSIDE_ENGLAND),
        Lookup::Found(e) => e.grid().ok_or(why::HOME_NO_GRID)?,
    };
    let placement = match placement {
        Lookup::NotRecorded => return Err(why::PLACEMENT_NOT_RECORDED),
        Lookup::NotInDirectory => return Err(why::PLACEMENT_NOT_IN_DIRECTORY),
        Lookup::DirectoryEmpty => return Err(why::DIRECTORY_NOT_LOADED),
        Lookup::Found(e) if e.la.as_deref() == Some(NORTHERN_IRELAND) => return Err(why::PLACEMENT_OTHER_GRID),
        Lookup::Found(e) => e.grid().ok_or(why::PLACEMENT_NO_GRID)?,
    };
    Ok(distance_miles(home, placement))
}

/// The child's home postcode for a placement (903 HOME_POST): the address the child lived at
/// when the period of care began (the latest one starting on or before that day), passing over
/// an address at the placement itself. `addresses` are (postcode, the day the child moved in).
pub fn home_postcode<'a>(
    addresses: impl IntoIterator<Item = (&'a str, NaiveDate)>,
    care_began: NaiveDate,
    placement: &str,
) -> Option<&'a str> {
    addresses.into_iter().filter(|(p, from)| *from <= care_began && *p != placement).max_by_key(|(_, from)| *from).map(|(p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(postcode: &str, e: i32, n: i32, la: Option<&str>) -> DirectoryEntry {
        DirectoryEntry { postcode: postcode.into(), easting: Some(e), northing: Some(n), la: la.map(Into::into), terminated: None }
    }

    #[test]
    fn postcodes_are_normalised_with_one_space_before_the_inward_code() {
        assert_eq!(parse_postcode("nm14ab"), Ok("NM1 4AB".into()));
        assert_eq!(parse_postcode(" SW1A  1AA "), Ok("SW1A 1AA".into()));
        assert_eq!(parse_postcode("m11ae"), Ok("M1 1AE".into()));
        assert_eq!(parse_postcode("CA3 8QJ"), Ok("CA3 8QJ".into()));
        assert!(parse_postcode("12345").is_err());
        assert!(parse_postcode("NM1 AB").is_err());
        assert!(parse_postcode("NMX 1AB").is_err());
        assert!(parse_postcode("").is_err());
    }

    /// ssda903 fields §2: PL_LA is the county in a two-tier county, else the district; SCO, WAL
    /// and NIR by country.
    #[test]
    fn the_upper_tier_council_is_the_county_where_there_is_one() {
        let england = |c: &str| Some(UpperTier::England(c.into()));
        // Carlisle (a district of Cumbria before 2023): the county.
        assert_eq!(upper_tier("E07000028", Some("E10000006"), Some("E92000001")), england("E10000006"));
        // Manchester (metropolitan district), Camden (London borough), Leeds: the district; the
        // directory's "no county" is E99999999.
        assert_eq!(upper_tier("E08000003", Some("E99999999"), Some("E92000001")), england("E08000003"));
        assert_eq!(upper_tier("e09000007", Some(""), None), england("E09000007"));
        assert_eq!(upper_tier("E06000063", None, Some("E92000001")), england("E06000063"));
        // A shire district without its county has no upper tier.
        assert_eq!(upper_tier("E07000028", Some("E99999999"), Some("E92000001")), None);
        // Scotland, Wales and Northern Ireland by country, or by the district where there is no country.
        assert_eq!(upper_tier("S12000036", Some("S99999999"), Some("S92000003")), Some(UpperTier::Scotland));
        assert_eq!(upper_tier("W06000015", None, Some("W92000004")), Some(UpperTier::Wales));
        assert_eq!(upper_tier("N09000003", None, Some("N92000002")), Some(UpperTier::NorthernIreland));
        assert_eq!(upper_tier("W06000015", None, None), Some(UpperTier::Wales));
        assert_eq!(UpperTier::Wales.code_outside_england(), Some("WAL"));
        // The Channel Islands and the Isle of Man: no council of the 903's.
        assert_eq!(upper_tier("L99999999", Some("L99999999"), Some("L93000001")), None);
        assert_eq!(upper_tier("M99999999", None, Some("M83000003")), None);
    }

    /// ssda903 fields §2: sqrt((E_home-E_pl)^2 + (N_home-N_pl)^2) / 1000 / 1.6093, one decimal.
    #[test]
    fn the_distance_is_the_dfes_straight_line_in_miles_to_one_decimal() {
        // 3 km east and 4 km north: 5 km, 5 / 1.6093 = 3.1069 miles.
        assert_eq!(distance_miles((390_000, 430_000), (393_000, 434_000)), 3.1);
        // 10 km each way: 14.1421 km = 8.7877 miles.
        assert_eq!(distance_miles((390_000, 430_000), (400_000, 440_000)), 8.8);
        // Either way round, and the same place is nought.
        assert_eq!(distance_miles((400_000, 440_000), (390_000, 430_000)), 8.8);
        assert_eq!(distance_miles((390_000, 430_000), (390_000, 430_000)), 0.0);
        // 60 km north and 80 km west: 100 km = 62.1388 miles.
        assert_eq!(distance_miles((390_000, 430_000), (310_000, 490_000)), 62.1);
        // Exactly a mile as the formula has it (1,609.3 m).
        assert_eq!(distance_miles((0, 0), (0, 1_609)), 1.0);
    }

    #[test]
    fn in_area_when_the_placement_council_is_the_childs() {
        assert_eq!(location("990", "990"), Location::In);
        assert_eq!(location("909", "990"), Location::Out);
        assert_eq!(location("SCO", "990"), Location::Out);
        assert_eq!((Location::In.code(), Location::Out.code()), ("IN", "OUT"));
    }

    #[test]
    fn a_placement_out_of_area_has_its_council_and_distance() {
        let home = entry("NM1 4AB", 390_000, 430_000, Some("990"));
        let placed = entry("NM20 1AB", 341_000, 541_000, Some("909"));
        let g = placement_geography(Lookup::Found(&home), Lookup::Found(&placed), "990", false, LegalStatus::C2);
        // 49 km west, 111 km north: 121.3 km = 75.4 miles.
        assert_eq!(g.pl_la.as_deref(), Some("909"));
        assert_eq!(g.location, Some(Location::Out));
        assert_eq!(g.distance_miles, Some(75.4));
        assert_eq!((g.why_unknown, g.why_area_unknown), (None, None));
        assert_eq!(g.distance_for_903(), Some(75.4));
        assert_eq!(g.words(Some("Cumbria")), "75.4 miles, outside the council's area (placed in Cumbria)");
        let near = entry("NM2 5RT", 393_000, 434_000, Some("990"));
        let g = placement_geography(Lookup::Found(&home), Lookup::Found(&near), "990", false, LegalStatus::V2);
        assert_eq!(g.words(None), "3.1 miles, inside the council's area");
    }

    /// The DfE's 999.9 cases: home unknown or outside England, placement unknown.
    #[test]
    fn what_cannot_be_worked_out_says_why() {
        let placed = entry("NM2 5RT", 393_000, 434_000, Some("990"));
        let g = placement_geography(Lookup::NotInDirectory, Lookup::Found(&placed), "990", false, LegalStatus::C1);
        assert_eq!((g.distance_miles, g.why_unknown), (None, Some(why::HOME_NOT_IN_DIRECTORY)));
        assert_eq!(g.location, Some(Location::In), "the placement's area is known all the same");
        assert_eq!(g.distance_for_903(), Some(999.9));
        assert_eq!(g.words(None), "Not known: the home postcode is not in the postcode directory. Placed inside the council's area");
        let g = placement_geography(Lookup::NotRecorded, Lookup::Found(&placed), "990", false, LegalStatus::C1);
        assert_eq!(g.why_unknown, Some(why::HOME_NOT_RECORDED));
        let cardiff = entry("CF10 1AA", 318_000, 176_000, Some("WAL"));
        let g = placement_geography(Lookup::Found(&cardiff), Lookup::Found(&placed), "990", false, LegalStatus::C1);
        assert_eq!((g.distance_miles, g.why_unknown), (None, Some(why::HOME_OUTSIDE_ENGLAND)));
        let home = entry("NM1 4AB", 390_000, 430_000, Some("990"));
        let g = placement_geography(Lookup::Found(&home), Lookup::NotInDirectory, "990", false, LegalStatus::C1);
        assert_eq!((g.pl_la.as_deref(), g.location, g.distance_miles), (None, None, None));
        assert_eq!(g.distance_for_903(), Some(999.9));
        assert_eq!(g.words(None), "Not known: the placement postcode is not in the postcode directory");
        // Before the directory is loaded at all, that is the reason.
        let g = placement_geography(Lookup::DirectoryEmpty, Lookup::DirectoryEmpty, "990", false, LegalStatus::C1);
        assert_eq!((g.why_unknown, g.why_area_unknown), (Some(why::DIRECTORY_NOT_LOADED), Some(why::DIRECTORY_NOT_LOADED)));
        assert_eq!(g.words(None), "Not known: the postcode directory has not been loaded yet");
        // No grid reference in the directory; a council the DfE's list does not have.
        let gridless = DirectoryEntry { easting: None, northing: None, ..placed.clone() };
        let g = placement_geography(Lookup::Found(&home), Lookup::Found(&gridless), "990", false, LegalStatus::C1);
        assert_eq!((g.why_unknown, g.location), (Some(why::PLACEMENT_NO_GRID), Some(Location::In)));
        let unlisted = DirectoryEntry { la: None, ..placed.clone() };
        let g = placement_geography(Lookup::Found(&home), Lookup::Found(&unlisted), "990", false, LegalStatus::C1);
        assert_eq!((g.distance_miles, g.location, g.why_area_unknown), (Some(3.1), None, Some(why::COUNCIL_NOT_LISTED)));
        assert!(g.words(None).starts_with("3.1 miles; whether that is inside the council's area is not known"), "{}", g.words(None));
        // Northern Ireland's grid is not Great Britain's.
        let belfast = entry("BT1 1AA", 334_000, 374_000, Some("NIR"));
        let g = placement_geography(Lookup::Found(&home), Lookup::Found(&belfast), "990", false, LegalStatus::C1);
        assert_eq!((g.distance_miles, g.location, g.why_unknown), (None, Some(Location::Out), Some(why::PLACEMENT_OTHER_GRID)));
    }

    /// 903 rule 406 (UASC) and rules 398 and 420 (short breaks): left blank.
    #[test]
    fn no_distance_for_asylum_seeking_children_or_short_breaks() {
        let home = entry("NM1 4AB", 390_000, 430_000, Some("990"));
        let placed = entry("NM20 1AB", 341_000, 541_000, Some("909"));
        let g = placement_geography(Lookup::Found(&home), Lookup::Found(&placed), "990", true, LegalStatus::C2);
        assert_eq!((g.distance_miles, g.why_unknown), (None, Some(why::ASYLUM_SEEKING)));
        assert_eq!((g.pl_la.as_deref(), g.location), (Some("909"), Some(Location::Out)), "406 leaves the council in");
        assert!(g.blank());
        assert_eq!(g.distance_for_903(), None);
        assert_eq!(
            g.words(Some("Cumbria")),
            "Not worked out for a child who is or was an unaccompanied asylum-seeking child. Placed in Cumbria, outside the council's area"
        );
        for ls in [LegalStatus::V3, LegalStatus::V4] {
            let g = placement_geography(Lookup::Found(&home), Lookup::Found(&placed), "990", false, ls);
            assert_eq!((g.pl_la.as_deref(), g.location, g.distance_miles), (None, None, None));
            assert_eq!(g.distance_for_903(), None);
            assert_eq!(g.words(Some("Cumbria")), "Not worked out for short breaks");
        }
    }

    /// HOME_POST: where the child lived when care began, not an address at the placement.
    #[test]
    fn home_is_the_address_when_care_began() {
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
        let addresses = [("NM1 4AB", d(1, 5)), ("NM2 7QA", d(6, 1)), ("NM5 3HJ", d(9, 2)), ("NM4 8DS", d(11, 1))];
        // Care began 1 September: the June address (the foster carers' from 2 September is later).
        assert_eq!(home_postcode(addresses, d(9, 1), "NM5 3HJ"), Some("NM2 7QA"));
        // An address at the placement itself is passed over.
        assert_eq!(home_postcode(addresses, d(9, 10), "NM5 3HJ"), Some("NM2 7QA"));
        assert_eq!(home_postcode(addresses, d(1, 1), "NM5 3HJ"), None);
    }
}
