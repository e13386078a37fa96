//! Rules that need reference data: those on the national postcode directory (placement LA, in/out
//! of area, distance; ssda903 fields §2, and last year's values of them) run when the caller gives
//! it ([`super::super::Postcodes`]); Ofsted's lists of registered providers (URN checks) are not
//! held here yet. Rules that cannot run are listed so that the report says plainly that they were
//! not checked, and why.

use super::super::Postcodes;
use super::super::model::{Table, col};
use super::episodes::ever_uasc;
use super::previous::first_vs_open;
use super::*;

const EP: Table = Table::Episodes;
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
const REGISTRATION: &str = "needs the URN of every registered placement, the council's own fostering and adoption services included, which the case record does not hold yet";
const OFSTED: &str =
    "checks the URN against Ofsted's registered provider lists (children's homes and social care providers), which are not loaded";

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
    Rule::reference(&R218, ALL, REGISTRATION),
    Rule::reference(&R230, ONLY_23, REGISTRATION),
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
    Rule::reference(&R1008, ALL, OFSTED),
    Rule::reference(&R219, ALL, OFSTED),
    Rule::reference(&R221, ALL, OFSTED),
    Rule::reference(&R224, ALL, OFSTED),
    Rule::reference(&R227, ALL, OFSTED),
    Rule::reference(&R228, ALL, OFSTED),
    Rule::reference(&R229, ALL, OFSTED),
    Rule::reference(&R241, FROM_25, OFSTED),
];
