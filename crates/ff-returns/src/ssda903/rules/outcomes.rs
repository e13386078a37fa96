//! Outcome and adoption tables: OC2 (12-month outcomes), OC3 (care
//! leavers), AD1 (adoptions), PlacedAdoption, PrevPerm, and Reviews.

use chrono::NaiveDate;

use super::super::codes::{self, ADOPTION_PLACE};
use super::super::model::{Table, col};
use super::*;
use col::{ad1, ep, oc2, oc3, pa, pp, rev};

const OC2: Table = Table::Oc2;
const OC3: Table = Table::Oc3;
const AD1: Table = Table::Ad1;
const PA: Table = Table::PlacedAdoption;
const PP: Table = Table::PrevPerm;

const OC2_FLAGS: [usize; 8] = [
    oc2::CONVICTED,
    oc2::HEALTH_CHECK,
    oc2::IMMUNISATIONS,
    oc2::TEETH_CHECK,
    oc2::HEALTH_ASSESSMENT,
    oc2::SUBSTANCE_MISUSE,
    oc2::INTERVENTION_RECEIVED,
    oc2::INTERVENTION_OFFERED,
];
const OC2_CORE: [usize; 4] = [oc2::IMMUNISATIONS, oc2::TEETH_CHECK, oc2::HEALTH_ASSESSMENT, oc2::SUBSTANCE_MISUSE];
const AD1_FIELDS: [usize; 6] = [ad1::DATE_INT, ad1::DATE_MATCH, ad1::FOSTER_CARE, ad1::NB_ADOPTR, ad1::SEX_ADOPTR, ad1::LS_ADOPTR];
const OC3_FIELDS: [usize; 3] = [oc3::IN_TOUCH, oc3::ACTIV, oc3::ACCOM];

fn any(r: &Row, cols: &[usize]) -> bool {
    cols.iter().any(|&c| r.has(c))
}
fn any_blank(r: &Row, cols: &[usize]) -> bool {
    cols.iter().any(|&c| r.blank(c))
}
/// The row's own DOB (OC2, OC3, AD1… carry one).
fn dob(r: &Row) -> Option<NaiveDate> {
    r.d(col::DOB)
}
fn sdq(r: &Row) -> bool {
    r.has(oc2::SDQ_SCORE) || r.has(oc2::SDQ_REASON)
}
/// OC2 rows of continuously-looked-after children (`cla`) or the others.
fn each_oc2(c: &Ctx, o: &mut Out, cla: Option<bool>, f: impl Fn(&Row) -> bool) {
    each(c, OC2, o, |r| cla.is_none_or(|want| continuously_looked_after(c, r.child()) == want) && f(r));
}
fn ages_between(r: &Row, c: &Ctx, min_at_start: i32, below_at_end: i32) -> bool {
    dob(r).is_some_and(|d| aged(d, min_at_start, c.start) && !aged(d, below_at_end, c.end))
}

info!(R157, "157", [Episodes, Oc2], "SDQ reason SDQ1 (under 4 or over 16) given for a child aged 4 to 16");
fn rule_157(c: &Ctx, o: &mut Out) {
    // Aged 4 at the start of the year and under 16 at its end (a 16-year-old may
    // be over 16 by the latest assessment), as the peer tests it.
    each_oc2(c, o, Some(true), |r| ages_between(r, c, 4, 16) && r.blank(oc2::SDQ_SCORE) && r.is(oc2::SDQ_REASON, &["SDQ1"]));
}
info!(R158, "158", [Oc2], "Intervention offered must be blank when an intervention was received");
fn rule_158(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| r.is(oc2::INTERVENTION_RECEIVED, &["1"]) && r.has(oc2::INTERVENTION_OFFERED));
}
info!(R159, "159", [Oc2], "Intervention offered is missing for a substance misuse problem with no intervention received");
fn rule_159(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| {
        r.is(oc2::SUBSTANCE_MISUSE, &["1"]) && r.is(oc2::INTERVENTION_RECEIVED, &["0"]) && r.blank(oc2::INTERVENTION_OFFERED)
    });
}
info!(R180, "180", [Oc2], "SDQ score is not a whole number from 0 to 40");
fn rule_180(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| {
        r.s(oc2::SDQ_SCORE).is_some_and(|s| !s.parse::<f64>().is_ok_and(|v| v.fract() == 0.0 && (0.0..=40.0).contains(&v)))
    });
}
info!(R181, "181", [Oc2], "An OC2 outcome flag is not 0 or 1");
fn rule_181(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| OC2_FLAGS.iter().any(|&f| r.has(f) && !r.is(f, &["0", "1"])));
}
info!(R182, "182", [Oc2], "Immunisations, teeth check, health assessment and substance misuse must be given when other outcomes are");
fn rule_182(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| {
        any_blank(r, &OC2_CORE) && any(r, &[oc2::CONVICTED, oc2::HEALTH_CHECK, oc2::INTERVENTION_RECEIVED, oc2::INTERVENTION_OFFERED])
    });
}
info!(R185, "185", [Episodes, Oc2], "SDQ score given for a child not looked after continuously for 12 months");
fn rule_185(c: &Ctx, o: &mut Out) {
    each_oc2(c, o, Some(false), |r| r.has(oc2::SDQ_SCORE));
}
info!(R186, "186", [Episodes, Oc2], "SDQ score or reason is missing for a child aged 4 to 16 looked after for 12 months");
fn rule_186(c: &Ctx, o: &mut Out) {
    each_oc2(c, o, Some(true), |r| ages_between(r, c, 4, 17) && !sdq(r));
}
info!(R187, "187", [Ad1, Episodes, Oc3], "Adoption or care leaver data given for a child looked after continuously for 12 months");
fn rule_187(c: &Ctx, o: &mut Out) {
    for (t, fields) in [(AD1, &AD1_FIELDS[..]), (OC3, &OC3_FIELDS[..])] {
        each(c, t, o, |r| any(r, fields) && continuously_looked_after(c, r.child()));
    }
}
info!(R188, "188", [Oc2], "SDQ score or reason given for a child under 4");
fn rule_188(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| sdq(r) && dob(r).is_some_and(|d| !aged(d, 4, c.end)));
}
info!(R189, "189", [Oc2], "SDQ score or reason given for a young person over 17");
fn rule_189(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| sdq(r) && dob(r).is_some_and(|d| birthday(d, 17) < c.start));
}
info!(R190, "190", [Episodes, Oc2], "12-month outcomes given for a child not looked after continuously for 12 months");
fn rule_190(c: &Ctx, o: &mut Out) {
    each_oc2(c, o, Some(false), |r| any(r, &OC2_FLAGS));
}
info!(
    R191,
    "191",
    [Episodes, Oc2],
    "Immunisations, teeth check, health assessment or substance misuse missing for a child looked after for 12 months"
);
fn rule_191(c: &Ctx, o: &mut Out) {
    for (child, eps) in by_child(c.cur) {
        if !continuously_looked_after(c, child) {
            continue;
        }
        let rows = c.cur.of(OC2, child);
        if rows.is_empty() {
            if let Some((n, _)) = eps.first() {
                o.flag(Table::Episodes, *n);
            }
        } else {
            o.flag_all(OC2, &rows.iter().copied().filter(|&n| any_blank(c.cur.row(OC2, n), &OC2_CORE)).collect::<Vec<_>>());
        }
    }
}
info!(R192, "192", [Oc2], "Intervention received is missing for a substance misuse problem");
fn rule_192(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| r.is(oc2::SUBSTANCE_MISUSE, &["1"]) && r.blank(oc2::INTERVENTION_RECEIVED));
}
info!(R193, "193", [Oc2], "Intervention recorded although no substance misuse problem was identified");
fn rule_193(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| !r.is(oc2::SUBSTANCE_MISUSE, &["1"]) && (r.has(oc2::INTERVENTION_RECEIVED) || r.has(oc2::INTERVENTION_OFFERED)));
}
info!(R196, "196", [Oc2], "SDQ reason is not a valid code");
fn rule_196(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| r.has(oc2::SDQ_REASON) && !r.is(oc2::SDQ_REASON, codes::SDQ_REASON));
}
info!(R197B, "197B", [Episodes, Oc2], "SDQ score or reason is missing for a child who turned 4 or 17 in the year");
fn rule_197b(c: &Ctx, o: &mut Out) {
    let turns = |d: NaiveDate, n: i32| (c.start..=c.end).contains(&birthday(d, n));
    each_oc2(c, o, Some(true), |r| !sdq(r) && dob(r).is_some_and(|d| turns(d, 4) || turns(d, 17)));
}
info!(R197A, "197a", [Oc2], "Both SDQ score and SDQ reason given (a reason only when there is no score)");
fn rule_197a(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| r.has(oc2::SDQ_SCORE) && r.has(oc2::SDQ_REASON));
}
info!(R198, "198", [Episodes, Oc2], "SDQ reason given for a child not looked after continuously for 12 months");
fn rule_198(c: &Ctx, o: &mut Out) {
    each_oc2(c, o, Some(false), |r| r.has(oc2::SDQ_REASON));
}
info!(R542, "542", [Oc2], "Conviction recorded for a child under 10");
fn rule_542(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| r.has(oc2::CONVICTED) && dob(r).is_some_and(|d| !aged(d, 10, c.end)));
}
info!(R543, "543", [Episodes, Oc2], "Conviction status missing for a child aged 10 or over looked after for 12 months");
fn rule_543(c: &Ctx, o: &mut Out) {
    each_oc2(c, o, Some(true), |r| r.blank(oc2::CONVICTED) && dob(r).is_some_and(|d| aged(d, 10, c.end)));
}
info!(R544, "544", [Oc2], "Convicted, but immunisations, teeth check, health assessment or substance misuse is missing");
fn rule_544(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| r.is(oc2::CONVICTED, &["1"]) && any_blank(r, &OC2_CORE));
}
info!(R545, "545", [Oc2], "Development assessment (health check) missing for a child under 5");
fn rule_545(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| r.blank(oc2::HEALTH_CHECK) && dob(r).is_some_and(|d| !aged(d, 5, c.end)));
}
info!(R546, "546", [Episodes, Oc2], "Development assessment (health check) given for a child aged 5 or over");
fn rule_546(c: &Ctx, o: &mut Out) {
    each_oc2(c, o, Some(true), |r| r.has(oc2::HEALTH_CHECK) && dob(r).is_some_and(|d| aged(d, 5, c.end)));
}
info!(R547, "547", [Oc2], "Health check given, but immunisations, teeth check, health assessment or substance misuse is missing");
fn rule_547(c: &Ctx, o: &mut Out) {
    each(c, OC2, o, |r| r.is(oc2::HEALTH_CHECK, &["1"]) && any_blank(r, &OC2_CORE));
}

// --- OC3 (care leavers)

fn oc3_filled(r: &Row) -> bool {
    any(r, &OC3_FIELDS)
}

info!(R131, "131", [Oc3], "Care leaver in touch code is missing or not valid");
fn rule_131(c: &Ctx, o: &mut Out) {
    each(c, OC3, o, |r| !r.is(oc3::IN_TOUCH, codes::IN_TOUCH));
}
info!(R132, "132", [Oc3], "Care leaver activity code is missing or not valid");
fn rule_132(c: &Ctx, o: &mut Out) {
    each(c, OC3, o, |r| !r.is(oc3::ACTIV, codes::ACTIV));
}
info!(R133, "133", [Oc3], "Care leaver accommodation code is missing or not valid");
fn rule_133(c: &Ctx, o: &mut Out) {
    each(c, OC3, o, |r| !r.is(oc3::ACCOM, codes::ACCOM));
}
info!(R134, "134", [Ad1, Oc3], "Child has both care leaver and adoption data");
fn rule_134(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| any(r, &AD1_FIELDS) && c.cur.of(OC3, r.child()).iter().any(|&n| oc3_filled(c.cur.row(OC3, n))));
}
info!(R153, "153", [Oc3], "In touch, activity and accommodation must all be given or all be blank");
fn rule_153(c: &Ctx, o: &mut Out) {
    each(c, OC3, o, |r| oc3_filled(r) && any_blank(r, &OC3_FIELDS));
}
info!(R215, "215", [Oc2, Oc3], "Child has both care leaver data and 12-month outcomes");
fn rule_215(c: &Ctx, o: &mut Out) {
    for (child, rows) in c.cur.children(OC3) {
        let leaver: Vec<usize> = rows.iter().copied().filter(|&n| oc3_filled(c.cur.row(OC3, n))).collect();
        let outcomes: Vec<usize> = c.cur.of(OC2, child).iter().copied().filter(|&n| any(c.cur.row(OC2, n), &OC2_FLAGS)).collect();
        if !leaver.is_empty() && !outcomes.is_empty() {
            o.flag_all(OC3, &leaver);
            o.flag_all(OC2, &outcomes);
        }
    }
}
info!(R344, "344", [Oc3], "Activity and accommodation must be 0 for a care leaver who has died or returned home");
fn rule_344(c: &Ctx, o: &mut Out) {
    each(c, OC3, o, |r| r.is(oc3::IN_TOUCH, &["DIED", "RHOM"]) && (!r.is(oc3::ACTIV, &["0"]) || !r.is(oc3::ACCOM, &["0"])));
}
info!(R345, "345", [Oc3], "Activity and accommodation cannot be 0 for a care leaver the LA is in touch with");
fn rule_345(c: &Ctx, o: &mut Out) {
    each(c, OC3, o, |r| r.is(oc3::IN_TOUCH, &["YES"]) && (r.is(oc3::ACTIV, &["0"]) || r.is(oc3::ACCOM, &["0"])));
}
info!(R347, "347", [Oc3], "Care leaver under 18 cannot be in a foyer (accommodation T1/T2)");
fn rule_347(c: &Ctx, o: &mut Out) {
    // DfE wording: any foyer code (T1, T2). The peer compares with "T" alone, which never matches.
    each(c, OC3, o, |r| r.is(oc3::ACCOM, &["T1", "T2"]) && dob(r).is_some_and(|d| !aged(d, 18, c.start)));
}
info!(R391, "391", [Oc3], "Care leaver data given for a young person under 17");
fn rule_391(c: &Ctx, o: &mut Out) {
    each(c, OC3, o, |r| oc3_filled(r) && dob(r).is_some_and(|d| !aged(d, 17, c.end)));
}
info!(R1000, "1000", [Episodes, Oc3], "Care leaver data given for a child who died while looked after");
fn rule_1000(c: &Ctx, o: &mut Out) {
    let died = |ret: &super::super::model::Return, child: &str| episodes_of(ret, child).iter().any(|(_, e)| e.is(ep::REC, &["E2"]));
    each(c, OC3, o, |r| oc3_filled(r) && (died(c.cur, r.child()) || c.prev.is_some_and(|p| died(p, r.child()))));
}

/// The most recent birthday on or before the collection end.
fn last_birthday(d: NaiveDate, end: NaiveDate) -> NaiveDate {
    let age = super::super::model::age_on(d, end);
    birthday(d, age)
}

info!(R1007, "1007", [Episodes, Oc3], "Care leaver data given for a 17 or 18 year old who was still looked after on their last birthday");
fn rule_1007(c: &Ctx, o: &mut Out) {
    each(c, OC3, o, |r| {
        let Some(d) = dob(r) else { return false };
        let age = super::super::model::age_on(d, c.end);
        let bday = last_birthday(d, c.end);
        oc3_filled(r)
            && (17..=18).contains(&age)
            && episodes_of(c.cur, r.child())
                .iter()
                .any(|(_, e)| e.d(ep::DECOM).is_some_and(|s| s <= bday) && e.d(ep::DEC).is_none_or(|x| x > bday))
    });
}
info!(R1011, "1011", [Episodes, Oc3], "Care leaver data given for a child whose care was taken over by another LA (E3)");
fn rule_1011(c: &Ctx, o: &mut Out) {
    each(c, OC3, o, |r| oc3_filled(r) && episodes_of(c.cur, r.child()).last().is_some_and(|(_, e)| e.is(ep::REC, &["E3"])));
}
info!(R1014, "1014", [Episodes, Oc3, Uasc], "UASC care leaver data given for a young person with no episode in the year");
fn rule_1014(c: &Ctx, o: &mut Out) {
    for (child, rows) in c.cur.children(OC3) {
        let filled: Vec<usize> = rows.iter().copied().filter(|&n| oc3_filled(c.cur.row(OC3, n))).collect();
        let uasc = c.cur.of(Table::Uasc, child);
        let in_year = episodes_of(c.cur, child)
            .iter()
            .any(|(_, e)| e.d(ep::DECOM).is_some_and(|s| s <= c.end) && e.d(ep::DEC).is_none_or(|d| d >= c.start));
        if !filled.is_empty() && !uasc.is_empty() && !in_year {
            o.flag_all(OC3, &filled);
            o.flag_all(Table::Uasc, uasc);
        }
    }
}
info!(
    R1016,
    "1016",
    [Episodes, Oc3],
    "Care leaver data given for a young person who left care after their 17th (or 18th) birthday: report at the next birthday"
);
fn rule_1016(c: &Ctx, o: &mut Out) {
    each(c, OC3, o, |r| {
        let Some(d) = dob(r) else { return false };
        let age = super::super::model::age_on(d, c.end);
        if !oc3_filled(r) || !(17..=18).contains(&age) {
            return false;
        }
        let b = birthday(d, age);
        episodes_of(c.cur, r.child()).iter().any(|(_, e)| e.d(ep::DEC).is_some_and(|x| x >= b))
    });
}
info!(R3001, "3001", [Header, Oc3], "Accommodation with former foster carers (Z1/Z2) for a young person turning 17 in the year");
fn rule_3001(c: &Ctx, o: &mut Out) {
    each(c, OC3, o, |r| {
        r.is(oc3::ACCOM, &["Z1", "Z2"]) && c.cur.dob(r.child()).is_some_and(|d| (c.start..=c.end).contains(&birthday(d, 17)))
    });
}

// --- AD1 (adoptions)

fn bad_code(r: &Row, f: usize, ok: &[&str]) -> bool {
    r.has(f) && !r.is(f, ok)
}

info!(R112, "112", [Ad1], "Date of decision that the child should be placed for adoption is not a valid date");
fn rule_112(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| r.bad_date(ad1::DATE_INT));
}
info!(R113, "113", [Ad1], "Date matched with prospective adopters is not a valid date");
fn rule_113(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| r.bad_date(ad1::DATE_MATCH));
}
info!(R114, "114", [Ad1], "Adopted by former foster carers must be 0 or 1");
fn rule_114(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| bad_code(r, ad1::FOSTER_CARE, &["0", "1"]));
}
info!(R151, "151", [Ad1], "Adoption details must all be given or all be blank");
fn rule_151(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| any(r, &AD1_FIELDS) && any_blank(r, &AD1_FIELDS));
}
info!(R175, "175", [Ad1], "Number of adopters must be 1 or 2");
fn rule_175(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| bad_code(r, ad1::NB_ADOPTR, &["1", "2"]));
}
info!(R176, "176", [Ad1], "Sex of adopters is not a valid code");
fn rule_176(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| bad_code(r, ad1::SEX_ADOPTR, codes::SEX_ADOPTR));
}
info!(R177, "177", [Ad1], "Legal status of adopters is not a valid code");
fn rule_177(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| bad_code(r, ad1::LS_ADOPTR, codes::LS_ADOPTR));
}
info!(R511, "511", [Ad1], "Two adopters recorded with a single-adopter sex code (M1/F1)");
fn rule_511(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| r.is(ad1::NB_ADOPTR, &["2"]) && r.is(ad1::SEX_ADOPTR, &["M1", "F1"]));
}
info!(R514, "514", [Ad1], "Single adopter (L0) must have sex code M1 or F1");
fn rule_514(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| r.is(ad1::LS_ADOPTR, &["L0"]) && !r.is(ad1::SEX_ADOPTR, &["M1", "F1"]));
}
info!(R517, "517", [Ad1], "Unmarried different-sex couple (L3) must have sex code MF");
fn rule_517(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| r.is(ad1::LS_ADOPTR, &["L3"]) && !r.is(ad1::SEX_ADOPTR, &["MF"]));
}
info!(R518, "518", [Ad1], "Same-sex couple not married or in a civil partnership (L4) must have sex code MM or FF");
fn rule_518(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| r.is(ad1::LS_ADOPTR, &["L4"]) && !r.is(ad1::SEX_ADOPTR, &["MM", "FF"]));
}
info!(R519, "519", [Ad1], "Civil partners (L2) must have a couple sex code (MM, FF or MF)");
fn rule_519(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| r.is(ad1::LS_ADOPTR, &["L2"]) && !r.is(ad1::SEX_ADOPTR, &["MM", "FF", "MF"]));
}
info!(R520, "520", [Ad1], "Different-sex married couple (L11) must have sex code MF");
fn rule_520(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| r.is(ad1::LS_ADOPTR, &["L11"]) && !r.is(ad1::SEX_ADOPTR, &["MF"]));
}
info!(R524, "524", [Ad1], "Same-sex married couple (L12) must have sex code MM or FF");
fn rule_524(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| r.is(ad1::LS_ADOPTR, &["L12"]) && !r.is(ad1::SEX_ADOPTR, &["MM", "FF"]));
}
info!(R333, "333", [Ad1], "Date matched is given without a date of decision to place, or is before it");
fn rule_333(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| {
        r.has(ad1::DATE_MATCH)
            && (r.blank(ad1::DATE_INT) || matches!((r.d(ad1::DATE_INT), r.d(ad1::DATE_MATCH)), (Some(i), Some(m)) if i > m))
    });
}
info!(R331, "331", [Ad1, Episodes], "Adoption placement started before the child was matched with the adopters");
fn rule_331(c: &Ctx, o: &mut Out) {
    for (n, r) in c.cur.rows(AD1).iter().enumerate() {
        let Some(m) = r.d(ad1::DATE_MATCH) else { continue };
        for (en, e) in episodes_of(c.cur, r.child()) {
            if e.is(ep::REC, &["E11", "E12"]) && e.d(ep::DECOM).is_some_and(|d| d < m) {
                o.flag(AD1, n);
                o.flag(Table::Episodes, en);
            }
        }
    }
}
info!(R334, "334", [Ad1, Episodes], "Date of decision to place for adoption is before the start of the latest period of care");
fn rule_334(c: &Ctx, o: &mut Out) {
    for (n, r) in c.cur.rows(AD1).iter().enumerate() {
        let Some(int) = r.d(ad1::DATE_INT) else { continue };
        let eps = episodes_of(c.cur, r.child());
        if let Some((en, e)) = eps.iter().rev().find(|(_, e)| e.is(ep::RNE, &["S"]))
            && e.d(ep::DECOM).is_some_and(|d| int < d)
        {
            o.flag(AD1, n);
            o.flag(Table::Episodes, *en);
        }
    }
}
info!(R335, "335", [Ad1, Episodes], "Adopted by former foster carers is inconsistent with the adoption placement type");
fn rule_335(c: &Ctx, o: &mut Out) {
    for (n, r) in c.cur.rows(AD1).iter().enumerate() {
        for (en, e) in episodes_of(c.cur, r.child()) {
            if !e.is(ep::REC, &["E1", "E11", "E12"]) {
                continue;
            }
            let bad = (e.is(ep::PLACE, &["A2", "A3", "A5"]) && r.is(ad1::FOSTER_CARE, &["0"]))
                || (e.is(ep::PLACE, &["A1", "A4", "A6"]) && r.is(ad1::FOSTER_CARE, &["1"]));
            if bad {
                o.flag(AD1, n);
                o.flag(Table::Episodes, en);
            }
        }
    }
}
info!(R521, "521", [Ad1, Episodes], "Date of decision to place for adoption is after the start of the adoption placement");
fn rule_521(c: &Ctx, o: &mut Out) {
    for (n, r) in c.cur.rows(AD1).iter().enumerate() {
        let Some(int) = r.d(ad1::DATE_INT) else { continue };
        for (en, e) in episodes_of(c.cur, r.child()) {
            if e.is(ep::PLACE, ADOPTION_PLACE) && e.d(ep::DECOM).is_some_and(|d| int > d) {
                o.flag(AD1, n);
                o.flag(Table::Episodes, en);
            }
        }
    }
}
info!(R523, "523", [Ad1, PlacedAdoption], "Date of decision to place for adoption differs between AD1 and PlacedAdoption");
fn rule_523(c: &Ctx, o: &mut Out) {
    for (n, r) in c.cur.rows(AD1).iter().enumerate() {
        let Some(int) = r.d(ad1::DATE_INT) else { continue };
        for &pn in c.cur.of(PA, r.child()) {
            if c.cur.row(PA, pn).d(pa::DATE_PLACED).is_some_and(|d| d != int) {
                o.flag(AD1, n);
                o.flag(PA, pn);
            }
        }
    }
}
info!(R525, "525", [Ad1, PlacedAdoption], "Adoption details given although the decision to place for adoption was reversed");
fn rule_525(c: &Ctx, o: &mut Out) {
    for (n, r) in c.cur.rows(AD1).iter().enumerate() {
        if !any(r, &AD1_FIELDS) {
            continue;
        }
        let ceased: Vec<usize> =
            c.cur.of(PA, r.child()).iter().copied().filter(|&pn| c.cur.row(PA, pn).has(pa::DATE_PLACED_CEASED)).collect();
        if !ceased.is_empty() {
            o.flag(AD1, n);
            o.flag_all(PA, &ceased);
        }
    }
}
info!(R582, "582", [Ad1, Episodes], "Adoption date equals the date matched with the adopters");
fn rule_582(c: &Ctx, o: &mut Out) {
    for (n, r) in c.cur.rows(AD1).iter().enumerate() {
        let Some(m) = r.d(ad1::DATE_MATCH) else { continue };
        for (en, e) in episodes_of(c.cur, r.child()) {
            if e.is(ep::REC, &["E11", "E12"]) && e.d(ep::DEC) == Some(m) {
                o.flag(AD1, n);
                o.flag(Table::Episodes, en);
            }
        }
    }
}

fn adopted_in_year(c: &Ctx, child: &str) -> bool {
    episodes_of(c.cur, child)
        .iter()
        .any(|(_, e)| e.is(ep::REC, &["E11", "E12"]) && end_or_year_end(c, e).is_some_and(|d| d >= c.start && d <= c.end))
}

/// DEC, or the collection end when blank (an adoption with no end date is read as in the year, as the peer reads it).
fn end_or_year_end(c: &Ctx, e: &Row) -> Option<NaiveDate> {
    if e.has(ep::DEC) { e.d(ep::DEC) } else { Some(c.end) }
}

info!(R601, "601", [Ad1, Episodes], "Adoption details are incomplete for a child adopted in the year");
fn rule_601(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| any_blank(r, &AD1_FIELDS) && adopted_in_year(c, r.child()));
}
info!(R602, "602", [Ad1, Episodes], "Adoption details given for a child not adopted in the year");
fn rule_602(c: &Ctx, o: &mut Out) {
    each(c, AD1, o, |r| any(r, &AD1_FIELDS) && !adopted_in_year(c, r.child()));
}

// --- PlacedAdoption

info!(R115, "115", [PlacedAdoption], "Date of decision that the child should be placed for adoption is not a valid date");
fn rule_115(c: &Ctx, o: &mut Out) {
    each(c, PA, o, |r| r.bad_date(pa::DATE_PLACED));
}
info!(R116, "116", [PlacedAdoption], "Date of decision that the child should no longer be placed for adoption is not a valid date");
fn rule_116(c: &Ctx, o: &mut Out) {
    each(c, PA, o, |r| r.bad_date(pa::DATE_PLACED_CEASED));
}
info!(
    R117,
    "117",
    [Episodes, PlacedAdoption],
    "Adoption decision date is after the end of the collection year or after the child left care"
);
fn rule_117(c: &Ctx, o: &mut Out) {
    for (n, r) in c.cur.rows(PA).iter().enumerate() {
        let eps = episodes_of(c.cur, r.child());
        let left = eps.iter().rev().find(|(_, e)| e.has(ep::REC) && !e.is(ep::REC, &["X1"]));
        let late = |f: usize| r.d(f).is_some_and(|d| d > c.end || left.is_some_and(|(_, e)| e.d(ep::DEC).is_some_and(|x| d > x)));
        if late(pa::DATE_PLACED) || late(pa::DATE_PLACED_CEASED) {
            o.flag(PA, n);
            if let Some((en, _)) = left {
                o.flag(Table::Episodes, *en);
            }
        }
    }
}
info!(
    R118,
    "118",
    [Episodes, PlacedAdoption],
    "Date the adoption decision was reversed is before the collection year or before the child's first episode"
);
fn rule_118(c: &Ctx, o: &mut Out) {
    for (n, r) in c.cur.rows(PA).iter().enumerate() {
        let Some(ceased) = r.d(pa::DATE_PLACED_CEASED) else { continue };
        // Only children with an episode other than a short break are checked (as the peer does).
        let Some((en, e)) = episodes_of(c.cur, r.child()).into_iter().find(|(_, e)| !short_break(e)) else { continue };
        if ceased < c.start || e.d(ep::DECOM).is_some_and(|d| ceased < d) {
            o.flag(PA, n);
            o.flag(Table::Episodes, en);
        }
    }
}
info!(R119, "119", [PlacedAdoption], "Date and reason the adoption decision was reversed must both be given or both be blank");
fn rule_119(c: &Ctx, o: &mut Out) {
    each(c, PA, o, |r| r.has(pa::DATE_PLACED_CEASED) != r.has(pa::REASON_PLACED_CEASED));
}
info!(R120, "120", [PlacedAdoption], "Reason the adoption decision was reversed is not a valid code");
fn rule_120(c: &Ctx, o: &mut Out) {
    each(c, PA, o, |r| bad_code(r, pa::REASON_PLACED_CEASED, codes::REASON_PLACED_CEASED));
}
info!(R184, "184", [Header, PlacedAdoption], "Date of decision to place for adoption is before the child's date of birth");
fn rule_184(c: &Ctx, o: &mut Out) {
    each(c, PA, o, |r| matches!((r.d(pa::DATE_PLACED), c.cur.dob(r.child())), (Some(p), Some(d)) if p < d));
}
info!(R522, "522", [PlacedAdoption], "Date the adoption decision was reversed is before the date of the decision");
fn rule_522(c: &Ctx, o: &mut Out) {
    each(c, PA, o, |r| matches!((r.d(pa::DATE_PLACED), r.d(pa::DATE_PLACED_CEASED)), (Some(p), Some(x)) if x < p));
}
info!(R563, "563", [PlacedAdoption], "Adoption decision reversal recorded without the date of the decision");
fn rule_563(c: &Ctx, o: &mut Out) {
    each(c, PA, o, |r| r.has(pa::REASON_PLACED_CEASED) && r.has(pa::DATE_PLACED_CEASED) && r.blank(pa::DATE_PLACED));
}

/// PlacedAdoption rows of a child with a DATE_PLACED.
fn decisions(c: &Ctx, child: &str) -> Vec<usize> {
    c.cur.of(PA, child).iter().copied().filter(|&n| c.cur.row(PA, n).has(pa::DATE_PLACED)).collect()
}

info!(R551, "551", [Episodes, PlacedAdoption], "Child placed for adoption (A3-A6) has no decision that they should be placed for adoption");
fn rule_551(c: &Ctx, o: &mut Out) {
    each(c, Table::Episodes, o, |e| e.is(ep::PLACE, ADOPTION_PLACE) && decisions(c, e.child()).is_empty());
}
info!(R552, "552", [Episodes, PlacedAdoption], "Decision to place for adoption is after the adoption placement started");
fn rule_552(c: &Ctx, o: &mut Out) {
    for (child, eps) in by_child(c.cur) {
        let Some((en, first)) = eps.iter().find(|(_, e)| e.is(ep::PLACE, ADOPTION_PLACE)) else { continue };
        let rows = decisions(c, child);
        let latest = rows.iter().filter_map(|&n| c.cur.row(PA, n).d(pa::DATE_PLACED).map(|d| (d, n))).max();
        if let (Some((d, pn)), Some(start)) = (latest, first.d(ep::DECOM))
            && d > start
        {
            o.flag(PA, pn);
            o.flag(Table::Episodes, *en);
        }
    }
}
info!(
    R553,
    "553",
    [Episodes, PlacedAdoption],
    "Placement order (E1) but no decision to place for adoption, or the decision is recorded as reversed while the order continues"
);
fn rule_553(c: &Ctx, o: &mut Out) {
    for (n, e) in c.cur.rows(Table::Episodes).iter().enumerate() {
        if !e.is(ep::LS, &["E1"]) {
            continue;
        }
        let rows = c.cur.of(PA, e.child());
        let reversed = e.blank(ep::DEC)
            && rows.iter().any(|&pn| {
                let r = c.cur.row(PA, pn);
                r.has(pa::DATE_PLACED_CEASED) || r.has(pa::REASON_PLACED_CEASED)
            });
        if rows.is_empty() || reversed {
            o.flag(Table::Episodes, n);
        }
    }
}
info!(R554, "554", [Episodes, PlacedAdoption], "Decision to place for adoption is after the placement order (E1) started");
fn rule_554(c: &Ctx, o: &mut Out) {
    first_ls_after(c, o, "E1");
}
/// Flags decisions dated after the child's first episode with legal status `ls`.
fn first_ls_after(c: &Ctx, o: &mut Out, ls: &str) {
    for (child, eps) in by_child(c.cur) {
        let Some((en, first)) = eps.iter().find(|(_, e)| e.is(ep::LS, &[ls])) else { continue };
        let Some(start) = first.d(ep::DECOM) else { continue };
        for &pn in c.cur.of(PA, child) {
            if c.cur.row(PA, pn).d(pa::DATE_PLACED).is_some_and(|d| d > start) {
                o.flag(PA, pn);
                o.flag(Table::Episodes, *en);
            }
        }
    }
}
info!(R555, "555", [Episodes, PlacedAdoption], "Freeing order (D1) but no decision to place for adoption");
fn rule_555(c: &Ctx, o: &mut Out) {
    each(c, Table::Episodes, o, |e| e.is(ep::LS, &["D1"]) && c.cur.of(PA, e.child()).is_empty());
}
info!(R556, "556", [Episodes, PlacedAdoption], "Decision to place for adoption is after a freeing order (D1) started");
fn rule_556(c: &Ctx, o: &mut Out) {
    first_ls_after(c, o, "D1");
}
info!(
    R557,
    "557",
    [Episodes, PlacedAdoption],
    "Child placed for adoption left care other than by adoption, but the decision to place is not recorded as reversed"
);
fn rule_557(c: &Ctx, o: &mut Out) {
    // The episode that ends is flagged: placed for adoption (A3-A6) or under a
    // placement order (E1; also a freeing order D1 until 2023-24) and leaving
    // care other than by adoption.
    let statuses: &[&str] = if c.year >= RulesYear::Y2024_25 { &["E1"] } else { &["D1", "E1"] };
    for (n, e) in c.cur.rows(Table::Episodes).iter().enumerate() {
        let placed = e.is(ep::PLACE, ADOPTION_PLACE) || e.is(ep::LS, statuses);
        let left = e.has(ep::REC) && !e.is(ep::REC, &["E11", "E12", "X1"]);
        if !placed || !left {
            continue;
        }
        let recorded = c.cur.of(PA, e.child()).iter().any(|&pn| {
            let r = c.cur.row(PA, pn);
            r.has(pa::DATE_PLACED_CEASED) && r.has(pa::REASON_PLACED_CEASED)
        });
        if !recorded {
            o.flag(Table::Episodes, n);
        }
    }
}
info!(
    R558,
    "558",
    [Episodes, PlacedAdoption],
    "Adopted child has more than one reversed decision to place for adoption and none still in force"
);
fn rule_558(c: &Ctx, o: &mut Out) {
    for (child, eps) in by_child(c.cur) {
        let adopted: Vec<usize> = eps.iter().filter(|(_, e)| e.is(ep::REC, &["E11", "E12"])).map(|(n, _)| *n).collect();
        let rows = c.cur.of(PA, child);
        let ceased = rows.iter().filter(|&&pn| c.cur.row(PA, pn).has(pa::DATE_PLACED_CEASED)).count();
        if !adopted.is_empty() && ceased > 1 && ceased == rows.len() {
            o.flag_all(Table::Episodes, &adopted);
        }
    }
}
info!(R579, "579", [PlacedAdoption], "Decisions to place for adoption overlap");
fn rule_579(c: &Ctx, o: &mut Out) {
    for (_, rows) in c.cur.children(PA) {
        let mut v: Vec<(NaiveDate, usize)> = rows.iter().filter_map(|&n| c.cur.row(PA, n).d(pa::DATE_PLACED).map(|d| (d, n))).collect();
        v.sort();
        for w in v.windows(2) {
            let prev = c.cur.row(PA, w[0].1);
            if prev.d(pa::DATE_PLACED_CEASED).is_none_or(|x| w[1].0 < x) {
                o.flag(PA, w[1].1);
            }
        }
    }
}
info!(R583, "583", [PlacedAdoption], "An earlier decision to place for adoption was not reversed before a later one");
fn rule_583(c: &Ctx, o: &mut Out) {
    for (_, rows) in c.cur.children(PA) {
        let mut v: Vec<(NaiveDate, usize)> = rows.iter().filter_map(|&n| c.cur.row(PA, n).d(pa::DATE_PLACED).map(|d| (d, n))).collect();
        v.sort();
        if v.len() > 1 {
            for (_, n) in &v[..v.len() - 1] {
                if c.cur.row(PA, *n).blank(pa::DATE_PLACED_CEASED) {
                    o.flag(PA, *n);
                }
            }
        }
    }
}
info!(R1003, "1003", [Episodes, PlacedAdoption], "Decision to place for adoption is before the child started to be looked after");
fn rule_1003(c: &Ctx, o: &mut Out) {
    for (n, r) in c.cur.rows(PA).iter().enumerate() {
        let Some(p) = r.d(pa::DATE_PLACED) else { continue };
        if let Some((en, e)) = episodes_of(c.cur, r.child()).into_iter().find(|(_, e)| e.is(ep::RNE, &["S"]))
            && e.d(ep::DECOM).is_some_and(|d| p < d)
        {
            o.flag(PA, n);
            o.flag(Table::Episodes, en);
        }
    }
}

// --- PrevPerm

info!(R630, "630", [Episodes, PrevPerm], "Previous permanence details missing for a child who started to be looked after in the year");
fn rule_630(c: &Ctx, o: &mut Out) {
    for (child, eps) in by_child(c.cur) {
        let started: Vec<usize> =
            eps.iter().filter(|(_, e)| e.is(ep::RNE, &["S"]) && e.d(ep::DECOM).is_some_and(|d| d >= c.start)).map(|(n, _)| *n).collect();
        if started.is_empty() {
            continue;
        }
        let rows = c.cur.of(PP, child);
        let ok = rows.iter().any(|&n| {
            let r = c.cur.row(PP, n);
            r.has(pp::PREV_PERM) && (r.is(pp::PREV_PERM, &["Z1"]) || (r.has(pp::LA_PERM) && r.has(pp::DATE_PERM)))
        });
        if !ok {
            o.flag_all(Table::Episodes, &started);
            o.flag_all(PP, rows);
        }
    }
}
info!(R631, "631", [PrevPerm], "Previous permanence is not a valid code");
fn rule_631(c: &Ctx, o: &mut Out) {
    each(c, PP, o, |r| bad_code(r, pp::PREV_PERM, codes::PREV_PERM));
}

/// DATE_PERM: dd/mm/yyyy where unknown parts may be ZZ (day, month) or ZZZZ (year).
/// Returns the earliest date it can stand for, or `None` when not valid.
fn perm_date(s: &str) -> Option<Option<NaiveDate>> {
    let parts: Vec<&str> = s.split('/').collect();
    if parts.len() != 3 || parts[0].len() != 2 || parts[1].len() != 2 || parts[2].len() != 4 {
        return None;
    }
    let num = |p: &str, unknown: &str| if p == unknown { Some(None) } else { p.parse::<u32>().ok().map(Some) };
    let (d, m, y) = (num(parts[0], "ZZ")?, num(parts[1], "ZZ")?, num(parts[2], "ZZZZ")?);
    match y {
        None => Some(None),
        Some(y) => {
            let y = i32::try_from(y).ok()?;
            let date = NaiveDate::from_ymd_opt(y, m.unwrap_or(1), d.unwrap_or(1))?;
            Some(Some(date))
        }
    }
}

info!(R632, "632", [Episodes, PrevPerm], "Date of previous permanence order is not valid or is not before the child's first episode");
fn rule_632(c: &Ctx, o: &mut Out) {
    for (n, r) in c.cur.rows(PP).iter().enumerate() {
        let Some(s) = r.s(pp::DATE_PERM) else { continue };
        let bad = match perm_date(s) {
            None => true,
            Some(None) => false,
            Some(Some(d)) => episodes_of(c.cur, r.child()).first().and_then(|(_, e)| e.d(ep::DECOM)).is_some_and(|first| d >= first),
        };
        if bad {
            o.flag(PP, n);
        }
    }
}
info!(R633, "633", [PrevPerm], "LA of previous permanence is not a valid LA code");
fn rule_633(c: &Ctx, o: &mut Out) {
    let la = codes::la_perm_codes();
    each(c, PP, o, |r| r.s(pp::LA_PERM).is_some_and(|v| !la.contains(v)));
}
info!(
    R634,
    "634",
    [Episodes, PrevPerm],
    "Previous permanence details given for a child who has not started to be looked after since 1 April 2016"
);
fn rule_634(c: &Ctx, o: &mut Out) {
    // DfE wording: since 1 April 2016. The peer tests against the collection
    // start, so it flags most children looked after for over a year.
    let since = NaiveDate::from_ymd_opt(2016, 4, 1).unwrap_or(c.start);
    for (child, rows) in c.cur.children(PP) {
        let filled: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&n| {
                let r = c.cur.row(PP, n);
                r.has(pp::PREV_PERM) || r.has(pp::LA_PERM) || r.has(pp::DATE_PERM)
            })
            .collect();
        let eps = episodes_of(c.cur, child);
        let started = eps.iter().any(|(_, e)| e.is(ep::RNE, &["S"]) && e.d(ep::DECOM).is_some_and(|d| d >= since));
        if !filled.is_empty() && !started {
            o.flag_all(PP, &filled);
            for (n, _) in &eps {
                o.flag(Table::Episodes, *n);
            }
        }
    }
}
info!(R635, "635", [PrevPerm], "LA or date of previous permanence given although there was no previous permanence option (Z1)");
fn rule_635(c: &Ctx, o: &mut Out) {
    // DfE wording: PREV_PERM is Z1. The peer tests PREV_PERM blank.
    each(c, PP, o, |r| r.is(pp::PREV_PERM, &["Z1"]) && (r.has(pp::LA_PERM) || r.has(pp::DATE_PERM)));
}

// --- Reviews

info!(R166, "166", [Reviews], "Review date is missing or not a valid date");
fn rule_166(c: &Ctx, o: &mut Out) {
    each(c, Table::Reviews, o, |r| r.d(rev::REVIEW).is_none());
}
info!(R167, "167", [Reviews], "Participation code is not valid, or is given without a review date");
fn rule_167(c: &Ctx, o: &mut Out) {
    each(c, Table::Reviews, o, |r| {
        (r.has(rev::REVIEW) && !r.is(rev::REVIEW_CODE, codes::REVIEW_CODE)) || (r.blank(rev::REVIEW) && r.has(rev::REVIEW_CODE))
    });
}
info!(R440, "440", [Reviews], "Participation code PN0 (child under 4) for a child aged 4 or over at the review");
fn rule_440(c: &Ctx, o: &mut Out) {
    each(c, Table::Reviews, o, |r| {
        r.is(rev::REVIEW_CODE, &["PN0"]) && matches!((r.d(col::DOB), r.d(rev::REVIEW)), (Some(d), Some(x)) if aged(d, 4, x))
    });
}
info!(R441, "441", [Reviews], "Participation code PN1-PN7 for a child under 4 at the review");
fn rule_441(c: &Ctx, o: &mut Out) {
    each(c, Table::Reviews, o, |r| {
        r.is(rev::REVIEW_CODE, &["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"])
            && matches!((r.d(col::DOB), r.d(rev::REVIEW)), (Some(d), Some(x)) if !aged(d, 4, x))
    });
}
info!(R1012, "1012", [Episodes], "Child has records in other tables but no episodes");
fn rule_1012(c: &Ctx, o: &mut Out) {
    for t in [PA, Table::Missing, Table::Reviews, AD1, PP, OC2] {
        each(c, t, o, |r| c.cur.of(Table::Episodes, r.child()).is_empty());
    }
}

pub(crate) const RULES: &[Rule] = &[
    Rule::new(&R112, ALL, rule_112),
    Rule::new(&R113, ALL, rule_113),
    Rule::new(&R114, ALL, rule_114),
    Rule::new(&R115, ALL, rule_115),
    Rule::new(&R116, ALL, rule_116),
    Rule::new(&R117, ALL, rule_117),
    Rule::new(&R118, ALL, rule_118),
    Rule::new(&R119, ALL, rule_119),
    Rule::new(&R120, ALL, rule_120),
    Rule::new(&R131, ALL, rule_131),
    Rule::new(&R132, ALL, rule_132),
    Rule::new(&R133, ALL, rule_133),
    Rule::new(&R134, ALL, rule_134),
    Rule::new(&R151, ALL, rule_151),
    Rule::new(&R153, ALL, rule_153),
    Rule::new(&R157, ALL, rule_157),
    Rule::new(&R158, ALL, rule_158),
    Rule::new(&R159, ALL, rule_159),
    Rule::new(&R166, ALL, rule_166),
    Rule::new(&R167, ALL, rule_167),
    Rule::new(&R175, ALL, rule_175),
    Rule::new(&R176, ALL, rule_176),
    Rule::new(&R177, ALL, rule_177),
    Rule::new(&R180, ALL, rule_180),
    Rule::new(&R181, ALL, rule_181),
    Rule::new(&R182, ALL, rule_182),
    Rule::new(&R184, ALL, rule_184),
    Rule::new(&R185, ALL, rule_185),
    Rule::new(&R186, ALL, rule_186),
    Rule::new(&R187, ALL, rule_187),
    Rule::new(&R188, ALL, rule_188),
    Rule::new(&R189, ALL, rule_189),
    Rule::new(&R190, ALL, rule_190),
    Rule::new(&R191, ALL, rule_191),
    Rule::new(&R192, ALL, rule_192),
    Rule::new(&R193, ALL, rule_193),
    Rule::new(&R196, ALL, rule_196),
    Rule::new(&R197A, ALL, rule_197a),
    Rule::new(&R197B, ALL, rule_197b),
    Rule::new(&R198, ALL, rule_198),
    Rule::new(&R215, ALL, rule_215),
    Rule::new(&R331, ALL, rule_331),
    Rule::new(&R333, ALL, rule_333),
    Rule::new(&R334, ALL, rule_334),
    Rule::new(&R335, ALL, rule_335),
    Rule::new(&R344, ALL, rule_344),
    Rule::new(&R345, ALL, rule_345),
    Rule::new(&R347, FROM_23, rule_347),
    Rule::new(&R391, ALL, rule_391),
    Rule::new(&R440, ALL, rule_440),
    Rule::new(&R441, ALL, rule_441),
    Rule::new(&R511, ALL, rule_511),
    Rule::new(&R514, ALL, rule_514),
    Rule::new(&R517, ALL, rule_517),
    Rule::new(&R518, ALL, rule_518),
    Rule::new(&R519, ALL, rule_519),
    Rule::new(&R520, ALL, rule_520),
    Rule::new(&R521, ALL, rule_521),
    Rule::new(&R522, ALL, rule_522),
    Rule::new(&R523, ALL, rule_523),
    Rule::new(&R524, ALL, rule_524),
    Rule::new(&R525, ALL, rule_525),
    Rule::new(&R542, ALL, rule_542),
    Rule::new(&R543, ALL, rule_543),
    Rule::new(&R544, ALL, rule_544),
    Rule::new(&R545, ALL, rule_545),
    Rule::new(&R546, ALL, rule_546),
    Rule::new(&R547, ALL, rule_547),
    Rule::new(&R551, ALL, rule_551),
    Rule::new(&R552, ALL, rule_552),
    Rule::new(&R553, ALL, rule_553),
    Rule::new(&R554, ALL, rule_554),
    Rule::new(&R555, TO_23, rule_555),
    Rule::new(&R556, TO_23, rule_556),
    Rule::new(&R557, ALL, rule_557),
    Rule::new(&R558, ALL, rule_558),
    Rule::new(&R563, ALL, rule_563),
    Rule::new(&R579, ALL, rule_579),
    Rule::new(&R582, ALL, rule_582),
    Rule::new(&R583, ALL, rule_583),
    Rule::new(&R601, ALL, rule_601),
    Rule::new(&R602, ALL, rule_602),
    Rule::new(&R630, ALL, rule_630),
    Rule::new(&R631, ALL, rule_631),
    Rule::new(&R632, ALL, rule_632),
    Rule::new(&R633, ALL, rule_633),
    Rule::new(&R634, ALL, rule_634),
    Rule::new(&R635, ALL, rule_635),
    Rule::new(&R1000, ALL, rule_1000),
    Rule::new(&R1003, ALL, rule_1003),
    Rule::new(&R1007, ALL, rule_1007),
    Rule::new(&R1011, ALL, rule_1011),
    Rule::new(&R1012, ALL, rule_1012),
    Rule::new(&R1014, ALL, rule_1014),
    Rule::new(&R1016, FROM_23, rule_1016),
    Rule::new(&R3001, ALL, rule_3001),
];
