//! Rules that need reference data: those on the national postcode directory (placement LA, in/out
//! of area, distance; ssda903 fields §2, and last year's values of them) run when the caller gives
//! it ([`super::super::Postcodes`]); those on an episode's URN (1008, 219, 221, 224, 227, 228,
//! 229, and 241 with the directory too) when the caller gives Ofsted's registered providers
//! ([`super::super::Providers`], ssda903 fields §6). Rules that cannot run are listed so that the
//! report says plainly that they were not checked, and why. Rules 218 and 230 (a URN is missing)
//! need no lookup: they run always, the directory only telling a placement outside England.
//!
//! Where the lookup does not know a fact (a provider of a kind with no 903 placement type, an
//! owner whose sector is not stated, premises in no council we can name), the rule that needs it
//! does not judge the episode: the peer validator flags such episodes, which would report the
//! lookup's gaps as the return's mistakes. A URN the lookup does not hold is rule 1008's alone.

use super::super::model::{Table, col};
use super::super::{Postcodes, ProviderEntry, Providers};
use super::episodes::ever_uasc;
use super::previous::first_vs_open;
use super::*;

const EP: Table = Table::Episodes;
use chrono::NaiveDate;
use ff_domain::geography::{DirectoryEntry, distance_miles};

pub(crate) const POSTCODES: &str =
    "derives placement LA, location or distance from postcodes: needs the ONS National Statistics Postcode Directory and LA lookup";

/// What the directory gives for an episode: the home and placement postcodes' entries.
fn found<'a>(p: &'a Postcodes, r: &Row) -> (Option<&'a DirectoryEntry>, Option<&'a DirectoryEntry>) {
    (r.s(col::ep::HOME_POST).and_then(|h| p.get(h)), r.s(col::ep::PL_POST).and_then(|x| p.get(x)))
}

/// Derived PL_LA: the placement postcode's upper-tier council (or SCO, WAL, NIR).
fn pl_la<'a>(p: &'a Postcodes, r: &Row) -> Option<&'a str> {
    found(p, r).1.and_then(|e| e.la.as_deref())
}

/// Derived PL_DISTANCE in miles, when both postcodes have a grid reference.
fn distance(p: &Postcodes, r: &Row) -> Option<f64> {
    let (home, placed) = found(p, r);
    let grid = |e: Option<&DirectoryEntry>| e.and_then(|e| Some((e.easting?, e.northing?)));
    Some(distance_miles(grid(home)?, grid(placed)?))
}

fn rule_164(c: &Ctx, p: &Postcodes, o: &mut Out) {
    each(c, EP, o, |r| !ever_uasc(c, r.child()) && distance(p, r).is_some_and(|d| !(0.0..=999.9).contains(&d)));
}
fn rule_169(c: &Ctx, p: &Postcodes, o: &mut Out) {
    each(c, EP, o, |r| !short_break(r) && pl_la(p, r).is_none());
}
fn rule_179(c: &Ctx, p: &Postcodes, o: &mut Out) {
    // PL_LOCATION is derived from PL_LA, so it is missing exactly when PL_LA is.
    each(c, EP, o, |r| !short_break(r) && pl_la(p, r).is_none());
}
fn rule_392a(c: &Ctx, p: &Postcodes, o: &mut Out) {
    each(c, EP, o, |r| !short_break(r) && !ever_uasc(c, r.child()) && distance(p, r).is_none());
}
fn rule_392c(c: &Ctx, p: &Postcodes, o: &mut Out) {
    each(c, EP, o, |r| {
        let (home, placed) = found(p, r);
        (r.has(col::ep::HOME_POST) && home.is_none()) || (r.has(col::ep::PL_POST) && placed.is_none())
    });
}
fn rule_406(c: &Ctx, p: &Postcodes, o: &mut Out) {
    each(c, EP, o, |r| ever_uasc(c, r.child()) && distance(p, r).is_some());
}
fn rule_411(c: &Ctx, p: &Postcodes, o: &mut Out) {
    // Location and LA come from the same lookup here, so a mismatch means a directory entry
    // without a council; kept as the DfE states it.
    each(c, EP, o, |r| pl_la(p, r).is_some_and(|la| la == p.la) && pl_la(p, r) != Some(p.la.as_str()));
}
fn rule_420(c: &Ctx, p: &Postcodes, o: &mut Out) {
    each(c, EP, o, |r| short_break(r) && pl_la(p, r).is_some());
}
fn rule_454(c: &Ctx, p: &Postcodes, o: &mut Out) {
    each(c, EP, o, |r| distance(p, r).is_some_and(|d| d > 350.0 && (d - 999.9).abs() > f64::EPSILON));
}
/// Derived PL_LOCATION: in the returning council's area or not.
fn in_area(p: &Postcodes, r: &Row) -> Option<bool> {
    pl_la(p, r).map(|la| la == p.la)
}

/// The distance moved by 0.2 miles or more, or was blank and now is not (rules 453, 503G).
fn distance_changed(p: &Postcodes, first: &Row, last: &Row) -> bool {
    match (distance(p, first), distance(p, last)) {
        (Some(now), Some(then)) => (now - then).abs() >= 0.2 - 1e-9,
        (Some(_), None) => true,
        _ => false,
    }
}

fn rule_452(c: &Ctx, p: &Postcodes, o: &mut Out) {
    first_vs_open(c, o, |f, l| f.s(col::ep::RNE) == l.s(col::ep::RNE) && pl_la(p, f) != pl_la(p, l));
}
fn rule_453(c: &Ctx, p: &Postcodes, o: &mut Out) {
    first_vs_open(c, o, |f, l| f.s(col::ep::RNE) == l.s(col::ep::RNE) && distance_changed(p, f, l));
}
fn rule_503g(c: &Ctx, p: &Postcodes, o: &mut Out) {
    first_vs_open(c, o, |f, l| distance_changed(p, f, l));
}
fn rule_503h(c: &Ctx, p: &Postcodes, o: &mut Out) {
    first_vs_open(c, o, |f, l| pl_la(p, f) != pl_la(p, l));
}
fn rule_503j(c: &Ctx, p: &Postcodes, o: &mut Out) {
    first_vs_open(c, o, |f, l| in_area(p, f) != in_area(p, l));
}

/// The placement council codes outside England.
const OUTSIDE_ENGLAND: [&str; 5] = ["SCO", "WAL", "NIR", "CON", "NUK"];

fn rule_243(c: &Ctx, p: &Postcodes, o: &mut Out) {
    each(c, EP, o, |r| {
        r.has(col::ep::URN) && !r.is(col::ep::URN, &["XXXXXXX"]) && pl_la(p, r).is_some_and(|la| OUTSIDE_ENGLAND.contains(&la))
    });
}

fn rule_1015(c: &Ctx, p: &Postcodes, o: &mut Out) {
    let mut skipped: Vec<&str> = vec!["A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"];
    if c.year >= RulesYear::Y2025_26 {
        skipped.push("K3");
    }
    each(c, EP, o, |r| {
        r.is(col::ep::PLACE_PROVIDER, &["PR1"])
            && !short_break(r)
            && !r.is(col::ep::PLACE, &skipped)
            && pl_la(p, r).is_some_and(|la| la != p.la)
    });
}
pub(crate) const OFSTED: &str = "checks the URN against Ofsted's lists of registered providers: needs the provider register loaded \
     (or Ofsted's list as CSV with --providers) and the returning council's code";

/// The URN an episode names, unless it is XXXXXXX (a provider Ofsted does not register: a
/// regional adoption agency, a setting inspected by another inspectorate).
fn urn(r: &Row) -> Option<&str> {
    r.s(col::ep::URN).filter(|u| *u != "XXXXXXX")
}

/// The registered provider an episode's URN names, when the lookup holds it.
fn provider<'a>(p: &'a Providers, r: &Row) -> Option<&'a ProviderEntry> {
    urn(r).and_then(|u| p.get(u))
}

/// A postcode compared as the DfE compares them: capitals, no spaces.
fn compact(postcode: &str) -> String {
    postcode.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()
}

/// Placed outside England, as the derived PL_LA says (CON, NIR, SCO, WAL, NUK). Without the
/// directory, or for a postcode it does not hold, PL_LA cannot be derived and the placement
/// counts as in England, as the DfE's wording of rules 218 and 230 reads for a blank PL_LA.
fn outside_england(c: &Ctx, r: &Row) -> bool {
    c.postcodes.and_then(|p| pl_la(p, r)).is_some_and(|la| OUTSIDE_ENGLAND.contains(&la))
}

/// 903 rule 218: the placement types that need no URN, by year.
fn no_urn_needed(year: RulesYear) -> &'static [&'static str] {
    match year {
        RulesYear::Y2022_23 | RulesYear::Y2023_24 => &["H5", "P1", "P2", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"],
        RulesYear::Y2024_25 => &["P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"],
        RulesYear::Y2025_26 | RulesYear::Y2026_27 => {
            &["P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"]
        }
    }
}

/// 903 rule 218: a URN is missing on an episode open on or after the collection start, placed
/// in England, whose placement type is not one that needs none. A short break (V3/V4) is not
/// asked for one: rule 214 forbids a URN on a short break, and its PL_LA is blank (398, 420).
fn rule_218(c: &Ctx, o: &mut Out) {
    let exempt = no_urn_needed(c.year);
    each(c, EP, o, |r| {
        let open_in_year = match r.d(col::ep::DEC) {
            Some(dec) => dec >= c.start,
            None => r.blank(col::ep::DEC),
        };
        !r.has(col::ep::URN) && open_in_year && !r.is(col::ep::PLACE, exempt) && !short_break(r) && !outside_england(c, r)
    });
}

/// 903 rule 230 (2023-24): semi-independent living (H5) open on or after 29 October 2023 in
/// England needs a URN, and XXXXXXX is not one. A short break is left to rule 214, as in 218.
fn rule_230(c: &Ctx, o: &mut Out) {
    let from = NaiveDate::from_ymd_opt(2023, 10, 29).unwrap_or(c.start);
    each(c, EP, o, |r| {
        let open_then = match r.d(col::ep::DEC) {
            Some(dec) => dec >= from,
            None => r.blank(col::ep::DEC),
        };
        r.is(col::ep::PLACE, &["H5"]) && open_then && urn(r).is_none() && !short_break(r) && !outside_england(c, r)
    });
}

/// 903 rule 1008: the URN is not one of Ofsted's registered providers.
fn rule_1008(c: &Ctx, p: &Providers, o: &mut Out) {
    each(c, EP, o, |r| urn(r).is_some_and(|u| p.get(u).is_none()));
}

/// 903 rule 219: the placement type is not one the provider takes (a blank one included).
fn rule_219(c: &Ctx, p: &Providers, o: &mut Out) {
    each(c, EP, o, |r| {
        provider(p, r).is_some_and(|e| {
            !e.placement_codes.is_empty() && !r.s(col::ep::PLACE).is_some_and(|pl| e.placement_codes.iter().any(|x| x == pl))
        })
    });
}

/// 903 rule 221: the placement postcode is not the provider's, for the placement types whose
/// setting is the provider's own (by year), not a short break.
fn rule_221(c: &Ctx, p: &Providers, o: &mut Out) {
    let places: &[&str] = match c.year {
        RulesYear::Y2022_23 => &["K1", "K2", "R3", "S1"],
        RulesYear::Y2023_24 => &["H5", "K1", "K2", "R3", "S1"],
        _ => &["K1", "K2", "K3", "R3", "S1"],
    };
    each(c, EP, o, |r| {
        let (Some(placed), Some(e)) = (r.s(col::ep::PL_POST), provider(p, r)) else { return false };
        r.is(col::ep::PLACE, places) && !short_break(r) && e.postcode.as_deref().is_some_and(|at| compact(at) != compact(placed))
    });
}

/// 903 rule 224: the placement provider code is not one the provider is reported as (a blank
/// one included).
fn rule_224(c: &Ctx, p: &Providers, o: &mut Out) {
    each(c, EP, o, |r| {
        provider(p, r).is_some_and(|e| {
            !e.provider_codes.is_empty() && !r.s(col::ep::PLACE_PROVIDER).is_some_and(|pr| e.provider_codes.iter().any(|x| x == pr))
        })
    });
}

/// 903 rule 227: the placement began on or after the day the provider's registration ended.
fn rule_227(c: &Ctx, p: &Providers, o: &mut Out) {
    each(c, EP, o, |r| {
        let ended = provider(p, r).and_then(|e| e.registration_ended_on);
        matches!((ended, r.d(col::ep::DECOM)), (Some(end), Some(start)) if start >= end)
    });
}

/// 903 rule 228: the placement ended after the provider's registration ended, or is still open
/// at the end of the year after it ended.
fn rule_228(c: &Ctx, p: &Providers, o: &mut Out) {
    each(c, EP, o, |r| {
        let Some(end) = provider(p, r).and_then(|e| e.registration_ended_on) else { return false };
        match r.d(col::ep::DEC) {
            Some(dec) => dec > end,
            None => r.blank(col::ep::DEC) && c.end > end,
        }
    });
}

/// 903 rule 229: own provision (PR1) at a provider whose premises are not in the returning
/// council, or another council's provision (PR2) at one whose premises are; from 2025-26 not for
/// supported accommodation and the placement types that take no URN.
fn rule_229(c: &Ctx, p: &Providers, o: &mut Out) {
    let exempt: &[&str] = if c.year >= RulesYear::Y2025_26 {
        &["K3", "P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"]
    } else {
        &[]
    };
    each(c, EP, o, |r| {
        let Some(e) = provider(p, r).filter(|e| !e.councils.is_empty()) else { return false };
        let ours = e.councils.contains(&p.la);
        !r.is(col::ep::PLACE, exempt)
            && ((r.is(col::ep::PLACE_PROVIDER, &["PR1"]) && !ours) || (r.is(col::ep::PLACE_PROVIDER, &["PR2"]) && ours))
    });
}

/// 903 rule 241 (from 2025-26), as the DfE words it: supported accommodation (K3) placed in a
/// council (the derived PL_LA) where the provider has no premises. The peer validator compares
/// PL_LA with the returning council instead, which flags every K3 placement out of the area.
fn rule_241(c: &Ctx, p: &Providers, d: &Postcodes, o: &mut Out) {
    each(c, EP, o, |r| {
        let (Some(e), Some(placed_in)) = (provider(p, r), pl_la(d, r)) else { return false };
        r.is(col::ep::PLACE, &["K3"]) && !e.councils.is_empty() && !e.councils.iter().any(|la| la == placed_in)
    });
}

info!(R164, "164", [Episodes], "Distance between home and placement is out of range (0 to 999.9 miles)");
info!(R169, "169", [Episodes], "Placement LA cannot be derived: the placement postcode is missing or not a real postcode");
info!(R179, "179", [Episodes], "Placement location (in or out of the LA) cannot be derived from the placement postcode");
info!(R392A, "392a", [Episodes], "Distance between home and placement cannot be derived (postcode missing or not real)");
info!(R392C, "392c", [Episodes], "Home or placement postcode is not a real postcode");
info!(
    R406,
    "406",
    [Episodes],
    "Distance between home and placement is derivable for a child who is or was UASC (postcodes should be blank)"
);
info!(R411, "411", [Episodes], "Placement location is IN but the placement LA is not the returning LA");
info!(R420, "420", [Episodes], "Placement LA is derivable for a short-break (V3/V4) episode");
info!(
    R452,
    "452",
    [Episodes],
    prev[Episodes],
    "Placement LA of the first episode differs from last year's open episode although the placement continues"
);
info!(
    R453,
    "453",
    [Episodes],
    prev[Episodes],
    "Placement distance of the first episode differs from last year's open episode although the placement continues"
);
info!(R503G, "503G", [Episodes], prev[Episodes], "Placement distance differs from last year's open episode");
info!(R503H, "503H", [Episodes], prev[Episodes], "Placement LA differs from last year's open episode");
info!(R503J, "503J", [Episodes], prev[Episodes], "Placement location (in/out of LA) differs from last year's open episode");
info!(R1015, "1015", [Episodes], "Own provision (PR1) but the placement is outside the returning LA");
info!(R218, "218", [Episodes], "URN is missing for a placement in England that must be registered with Ofsted");
info!(R230, "230", [Episodes], "Semi-independent (H5) placement open on or after 29 October 2023 in England has no URN");
info!(R241, "241", [Episodes], "Supported accommodation (K3) is in an LA where the provider has no registered premises");
info!(R243, "243", [Episodes], "URN is given for a placement outside England");
info!(R454, "454", [Episodes], warning, "Placement is more than 350 miles from home: please check");
info!(R1008, "1008", [Episodes], "URN is not a registered Ofsted provider");
info!(R219, "219", [Episodes], "Placement type is not one the provider (URN) is registered for");
info!(R221, "221", [Episodes], "Placement postcode differs from the registered postcode of the provider (URN)");
info!(R224, "224", [Episodes], "Placement provider code is not one the provider (URN) is registered as");
info!(R227, "227", [Episodes], "Placement started after the provider's (URN) registration ended");
info!(R228, "228", [Episodes], "Provider's (URN) registration ended before the placement ended");
info!(R229, "229", [Episodes], "Placement provider (own LA or other LA) does not match the provider's (URN) location");

pub(crate) const RULES: &[Rule] = &[
    Rule::postcodes(&R164, ALL, rule_164),
    Rule::postcodes(&R169, ALL, rule_169),
    Rule::postcodes(&R179, ALL, rule_179),
    Rule::new(&R218, ALL, rule_218),
    Rule::new(&R230, ONLY_23, rule_230),
    Rule::postcodes(&R243, FROM_25, rule_243),
    Rule::postcodes(&R392A, ALL, rule_392a),
    Rule::postcodes(&R392C, ALL, rule_392c),
    Rule::postcodes(&R406, ALL, rule_406),
    Rule::postcodes(&R411, ALL, rule_411),
    Rule::postcodes(&R420, ALL, rule_420),
    Rule::postcodes(&R452, ALL, rule_452),
    Rule::postcodes(&R453, ALL, rule_453),
    Rule::postcodes(&R454, FROM_25, rule_454),
    Rule::postcodes(&R503G, ALL, rule_503g),
    Rule::postcodes(&R503H, ALL, rule_503h),
    Rule::postcodes(&R503J, ALL, rule_503j),
    Rule::postcodes(&R1015, ALL, rule_1015),
    Rule::providers(&R1008, ALL, rule_1008),
    Rule::providers(&R219, ALL, rule_219),
    Rule::providers(&R221, ALL, rule_221),
    Rule::providers(&R224, ALL, rule_224),
    Rule::providers(&R227, ALL, rule_227),
    Rule::providers(&R228, ALL, rule_228),
    Rule::providers(&R229, ALL, rule_229),
    Rule::providers_and_postcodes(&R241, FROM_25, rule_241),
];
