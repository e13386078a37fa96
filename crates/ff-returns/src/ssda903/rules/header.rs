//! Header and UASC rules, and the integrity checks (INT*, EPI) that tie
//! every table to the Header.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::super::codes;
use super::super::model::{SourceFormat, Table, col};
use super::*;
use col::hdr;

/// Male in the coding of the year (1 to 2023-24, M from 2024-25).
pub(crate) fn male(c: &Ctx, r: &Row) -> bool {
    r.is(hdr::SEX, if c.year >= RulesYear::Y2024_25 { &["M"] } else { &["1"] })
}

/// Female in the coding of the year (2 to 2023-24, F from 2024-25).
pub(crate) fn female(c: &Ctx, r: &Row) -> bool {
    r.is(hdr::SEX, if c.year >= RulesYear::Y2024_25 { &["F"] } else { &["2"] })
}

/// True when the child has an episode that is not a short break.
fn has_non_short_break(c: &Ctx, child: &str) -> bool {
    episodes_of(c.cur, child).iter().any(|(_, e)| !short_break(e))
}

info!(R101, "101", [Header], "Sex is not a valid code (1 or 2 up to 2023-24; M, F or U from 2024-25)");
fn rule_101(c: &Ctx, o: &mut Out) {
    let ok: &[&str] = if c.year >= RulesYear::Y2024_25 { &["M", "F", "U"] } else { &["1", "2"] };
    each(c, Table::Header, o, |r| !r.is(hdr::SEX, ok));
}

info!(R102, "102", [Header], "Date of birth is missing or not a valid date");
fn rule_102(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| r.d(hdr::DOB).is_none());
}

info!(R103, "103", [Header], "Ethnicity is missing or not a valid code");
fn rule_103(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| !r.is(hdr::ETHNIC, codes::ETHNIC));
}

info!(R104, "104", [Uasc], "Date UASC status ceased is not a valid date or is before the start of the collection year");
fn rule_104(c: &Ctx, o: &mut Out) {
    each(c, Table::Uasc, o, |r| r.bad_date(col::uasc::DUC) || r.d(col::uasc::DUC).is_some_and(|d| d < c.start));
}

info!(R105, "105", [Header], "UASC status must be 0 or 1");
fn rule_105(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| !r.is(hdr::UASC, &["0", "1"]));
}

/// A valid UPN: a letter other than I, O or S, then 12 digits or 11 digits and a letter.
pub(crate) fn valid_upn(u: &str) -> bool {
    let b = u.as_bytes();
    if b.len() != 13 {
        return false;
    }
    let first_ok = b[0].is_ascii_uppercase() && !matches!(b[0], b'I' | b'O' | b'S');
    let mid = b[1..12].iter().all(u8::is_ascii_digit);
    let last_ok = b[12].is_ascii_digit() || b[12].is_ascii_uppercase();
    first_ok && mid && last_ok
}

info!(R168, "168", [Header], "UPN is not a valid 13-character UPN or one of UN1-UN5");
fn rule_168(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| r.s(hdr::UPN).is_some_and(|u| !valid_upn(u) && !codes::UPN_UNKNOWN.contains(&u)));
}

info!(R171, "171", [Header], "Mother's child's date of birth is not a valid date");
fn rule_171(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| r.bad_date(hdr::MC_DOB));
}

info!(R174, "174", [Header], "Mother's child's date of birth is recorded for a male child");
fn rule_174(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| male(c, r) && r.has(hdr::MC_DOB));
}

info!(
    R165,
    "165",
    [Header, Episodes, Oc3],
    "Mother status is invalid: must be 0 or 1, blank for boys, and given for girls looked after in the year (other than short breaks)"
);
fn rule_165(c: &Ctx, o: &mut Out) {
    let is_female = |r: &Row| r.is(hdr::SEX, &["2", "F"]);
    let is_male = |r: &Row| r.is(hdr::SEX, &["1", "M"]);
    let in_year = |child: &str| {
        episodes_of(c.cur, child).iter().any(|(_, e)| {
            !short_break(e) && e.d(col::ep::DECOM).is_some_and(|s| s <= c.end) && e.d(col::ep::DEC).is_none_or(|d| d >= c.start)
        })
    };
    for (n, r) in c.cur.rows(Table::Header).iter().enumerate() {
        let child = r.child();
        let bad_value = r.has(hdr::MOTHER) && !r.is(hdr::MOTHER, &["0", "1"]);
        let male_with = is_male(r) && r.has(hdr::MOTHER);
        let female_without = is_female(r) && r.blank(hdr::MOTHER) && in_year(child);
        let oc3 = c.cur.of(Table::Oc3, child);
        let leaver_with = is_female(r) && r.has(hdr::MOTHER) && !in_year(child) && !oc3.is_empty();
        if bad_value || male_with || female_without || leaver_with {
            // The child's care leaver rows are flagged with the Header row, as the peer does.
            o.flag(Table::Header, n);
            o.flag_all(Table::Oc3, oc3);
        }
    }
}

info!(
    R209,
    "209",
    [Header],
    "UPN is UN1 (not of school age) but the child was of school age (4 or over on 31 August before the collection year)"
);
fn rule_209(c: &Ctx, o: &mut Out) {
    let aug = NaiveDate::from_ymd_opt(c.year.end_year() - 2, 8, 31).unwrap_or(c.start);
    each(c, Table::Header, o, |r| r.is(hdr::UPN, &["UN1"]) && r.d(hdr::DOB).is_some_and(|dob| aged(dob, 4, aug)));
}

info!(
    R210,
    "210",
    [Header, Episodes],
    "UPN is UN4 (newly looked after, UPN not yet known) but the child had been looked after for more than a week at 31 March"
);
fn rule_210(c: &Ctx, o: &mut Out) {
    // DfE wording: UN4 is only for children who started to be looked after in
    // the last week of the year. The peer inverts the date test.
    let cutoff = c.end - chrono::Duration::days(7);
    each(c, Table::Header, o, |r| {
        if !r.is(hdr::UPN, &["UN4"]) {
            return false;
        }
        let eps = episodes_of(c.cur, r.child());
        !eps.is_empty() && !eps.iter().any(|(_, e)| e.d(col::ep::DECOM).is_some_and(|d| d >= cutoff))
    });
}

info!(R231, "231", [Header], warning, "UASC child aged under 11 at the end of the collection year: please check");
fn rule_231(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| r.is(hdr::UASC, &["1"]) && r.d(hdr::DOB).is_some_and(|dob| !aged(dob, 11, c.end)));
}

info!(R232, "232", [Header], warning, "Sex is recorded as U (unknown): please check");
fn rule_232(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| r.is(hdr::SEX, &["U"]));
}

info!(R301, "301", [Header], "Date of birth is after the end of the collection year");
fn rule_301(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| r.d(hdr::DOB).is_some_and(|d| d > c.end));
}

info!(R303, "303", [Header, Uasc], "Date UASC status ceased is given but the child is not recorded as UASC");
fn rule_303(c: &Ctx, o: &mut Out) {
    for (n, r) in c.cur.rows(Table::Uasc).iter().enumerate() {
        if r.has(col::uasc::DUC) && c.cur.header(r.child()).is_some_and(|h| !h.is(hdr::UASC, &["1"])) {
            o.flag(Table::Uasc, n);
        }
    }
}

info!(R304, "304", [Uasc], "Date UASC status ceased is after the child's 18th birthday");
fn rule_304(c: &Ctx, o: &mut Out) {
    each(c, Table::Uasc, o, |r| match (r.d(col::uasc::DUC), r.d(col::uasc::DOB)) {
        (Some(duc), Some(dob)) => duc > birthday(dob, 18),
        _ => false,
    });
}

info!(R351, "351", [Header], "Child is over 25 at the start of the collection year");
fn rule_351(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| r.d(hdr::DOB).is_some_and(|dob| birthday(dob, 25) < c.start));
}

info!(R393, "393", [Header, Episodes], "Girl looked after (other than short breaks) has no mother status");
fn rule_393(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| female(c, r) && r.blank(hdr::MOTHER) && has_non_short_break(c, r.child()));
}

info!(R442, "442", [Header, Episodes], "UPN is missing for a child looked after other than for short breaks");
fn rule_442(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| r.blank(hdr::UPN) && has_non_short_break(c, r.child()));
}

info!(R444, "444", [Header], "The same UPN is recorded for more than one child");
fn rule_444(c: &Ctx, o: &mut Out) {
    let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
    for (n, r) in c.cur.rows(Table::Header).iter().enumerate() {
        if let Some(u) = r.s(hdr::UPN).filter(|u| !codes::UPN_UNKNOWN.contains(u)) {
            seen.entry(u).or_default().push(n);
        }
    }
    for rows in seen.values().filter(|v| v.len() > 1) {
        o.flag_all(Table::Header, rows);
    }
}

info!(R607, "607", [Header, Episodes], "Girl who ceased to be looked after in the year has no mother status");
fn rule_607(c: &Ctx, o: &mut Out) {
    for (n, r) in c.cur.rows(Table::Header).iter().enumerate() {
        if !female(c, r) || r.has(hdr::MOTHER) {
            continue;
        }
        // An exit with no end date is read as at the collection end, as the peer does.
        let ceased: Vec<usize> = episodes_of(c.cur, r.child())
            .iter()
            .filter(|(_, e)| {
                !short_break(e)
                    && (if e.has(col::ep::DEC) { e.d(col::ep::DEC) } else { Some(c.end) }).is_some_and(|d| d >= c.start && d <= c.end)
                    && e.has(col::ep::REC)
                    && !e.is(col::ep::REC, &["X1"])
            })
            .map(|(en, _)| *en)
            .collect();
        if !ceased.is_empty() {
            o.flag(Table::Header, n);
            o.flag_all(Table::Episodes, &ceased);
        }
    }
}

info!(R611, "611", [Header], "Mother is 1 but the date of birth of her first child is missing");
fn rule_611(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| r.is(hdr::MOTHER, &["1"]) && r.blank(hdr::MC_DOB));
}

info!(R612, "612", [Header], "Mother's child's date of birth is recorded for a girl who is not recorded as a mother");
fn rule_612(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| female(c, r) && (r.blank(hdr::MOTHER) || r.is(hdr::MOTHER, &["0"])) && r.has(hdr::MC_DOB));
}

info!(R620, "620", [Header], "Child recorded as a mother is under 11 at the start of the collection year");
fn rule_620(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| r.is(hdr::MOTHER, &["1"]) && r.d(hdr::DOB).is_some_and(|dob| !aged(dob, 11, c.start)));
}

info!(R621, "621", [Header], "Mother's child's date of birth is on or before the mother's own date of birth");
fn rule_621(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| matches!((r.d(hdr::MC_DOB), r.d(hdr::DOB)), (Some(m), Some(d)) if m <= d));
}

info!(
    R625,
    "625",
    [Header, Episodes],
    "Mother's child's date of birth is after the end of the collection year or after the child ceased to be looked after"
);
fn rule_625(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| {
        let Some(m) = r.d(hdr::MC_DOB) else { return false };
        let last_dec = episodes_of(c.cur, r.child()).last().and_then(|(_, e)| e.d(col::ep::DEC));
        m > c.end || last_dec.is_some_and(|d| m > d)
    });
}

info!(R628, "628", [Header, Episodes, Oc3], "Mother status is recorded for a care leaver who was not looked after in the year");
fn rule_628(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| {
        r.has(hdr::MOTHER) && c.cur.of(Table::Episodes, r.child()).is_empty() && !c.cur.of(Table::Oc3, r.child()).is_empty()
    });
}

info!(REPI, "EPI", [Header, Episodes, Oc3], warning, "Child is in the Header but has no episodes and no care leaver (OC3) record");
fn rule_epi(c: &Ctx, o: &mut Out) {
    each(c, Table::Header, o, |r| c.cur.of(Table::Episodes, r.child()).is_empty() && c.cur.of(Table::Oc3, r.child()).is_empty());
}

/// Flags rows of `t` whose CHILD is not in the Header.
fn not_in_header(c: &Ctx, t: Table, o: &mut Out) {
    each(c, t, o, |r| c.cur.header(r.child()).is_none());
}

/// Flags rows of `t` whose DOB differs from the Header's (children in both).
fn dob_differs(c: &Ctx, t: Table, dob_col: usize, o: &mut Out) {
    each(c, t, o, |r| c.cur.header(r.child()).is_some_and(|h| h.s(hdr::DOB) != r.s(dob_col)));
}

/// Flags every row of a child who appears more than once in `t`.
fn duplicated(c: &Ctx, t: Table, o: &mut Out) {
    for (_, rows) in c.cur.children(t) {
        if rows.len() > 1 {
            o.flag_all(t, rows);
        }
    }
}

info!(RINT01, "INT01", [Ad1, Header], "Child in AD1 is not in the Header");
fn rule_int01(c: &Ctx, o: &mut Out) {
    not_in_header(c, Table::Ad1, o);
}
info!(RINT02, "INT02", [PlacedAdoption, Header], "Child in PlacedAdoption is not in the Header");
fn rule_int02(c: &Ctx, o: &mut Out) {
    not_in_header(c, Table::PlacedAdoption, o);
}
info!(RINT03, "INT03", [Episodes, Header], "Child in Episodes is not in the Header");
fn rule_int03(c: &Ctx, o: &mut Out) {
    not_in_header(c, Table::Episodes, o);
}
info!(RINT04, "INT04", [Missing, Header], "Child in Missing is not in the Header");
fn rule_int04(c: &Ctx, o: &mut Out) {
    not_in_header(c, Table::Missing, o);
}
info!(RINT05, "INT05", [Oc2, Header], "Child in OC2 is not in the Header");
fn rule_int05(c: &Ctx, o: &mut Out) {
    not_in_header(c, Table::Oc2, o);
}
info!(RINT06, "INT06", [Oc3, Header], "Child in OC3 is not in the Header");
fn rule_int06(c: &Ctx, o: &mut Out) {
    not_in_header(c, Table::Oc3, o);
}
info!(RINT07, "INT07", [PrevPerm, Header], "Child in PrevPerm is not in the Header");
fn rule_int07(c: &Ctx, o: &mut Out) {
    not_in_header(c, Table::PrevPerm, o);
}
info!(RINT08, "INT08", [Reviews, Header], "Child in Reviews is not in the Header");
fn rule_int08(c: &Ctx, o: &mut Out) {
    not_in_header(c, Table::Reviews, o);
}
info!(RINT09, "INT09", [Uasc, Header], "Child in UASC is not in the Header");
fn rule_int09(c: &Ctx, o: &mut Out) {
    not_in_header(c, Table::Uasc, o);
}
info!(RINT11, "INT11", [Ad1, Header], "Date of birth in AD1 differs from the Header");
fn rule_int11(c: &Ctx, o: &mut Out) {
    dob_differs(c, Table::Ad1, col::DOB, o);
}
info!(RINT12, "INT12", [PlacedAdoption, Header], "Date of birth in PlacedAdoption differs from the Header");
fn rule_int12(c: &Ctx, o: &mut Out) {
    dob_differs(c, Table::PlacedAdoption, col::DOB, o);
}
info!(RINT13, "INT13", [Missing, Header], "Date of birth in Missing differs from the Header");
fn rule_int13(c: &Ctx, o: &mut Out) {
    dob_differs(c, Table::Missing, col::DOB, o);
}
info!(RINT14, "INT14", [Oc2, Header], "Date of birth in OC2 differs from the Header");
fn rule_int14(c: &Ctx, o: &mut Out) {
    dob_differs(c, Table::Oc2, col::DOB, o);
}
info!(RINT15, "INT15", [Oc3, Header], "Date of birth in OC3 differs from the Header");
fn rule_int15(c: &Ctx, o: &mut Out) {
    dob_differs(c, Table::Oc3, col::DOB, o);
}
info!(RINT16, "INT16", [PrevPerm, Header], "Date of birth in PrevPerm differs from the Header");
fn rule_int16(c: &Ctx, o: &mut Out) {
    dob_differs(c, Table::PrevPerm, col::DOB, o);
}
info!(RINT17, "INT17", [Reviews, Header], "Date of birth in Reviews differs from the Header");
fn rule_int17(c: &Ctx, o: &mut Out) {
    dob_differs(c, Table::Reviews, col::DOB, o);
}
info!(RINT18, "INT18", [Uasc, Header], "Date of birth in UASC differs from the Header");
fn rule_int18(c: &Ctx, o: &mut Out) {
    dob_differs(c, Table::Uasc, col::uasc::DOB, o);
}
info!(RINT21, "INT21", [Uasc, Header], "Sex in UASC differs from the Header");
fn rule_int21(c: &Ctx, o: &mut Out) {
    each(c, Table::Uasc, o, |r| c.cur.header(r.child()).is_some_and(|h| h.s(hdr::SEX) != r.s(col::uasc::SEX)));
}
info!(RINT31, "INT31", [Ad1], "Child appears more than once in AD1");
fn rule_int31(c: &Ctx, o: &mut Out) {
    duplicated(c, Table::Ad1, o);
}
info!(RINT32, "INT32", [Header], "Child appears more than once in the Header");
fn rule_int32(c: &Ctx, o: &mut Out) {
    duplicated(c, Table::Header, o);
}
info!(RINT33, "INT33", [Oc2], "Child appears more than once in OC2");
fn rule_int33(c: &Ctx, o: &mut Out) {
    duplicated(c, Table::Oc2, o);
}
info!(RINT34, "INT34", [Oc3], "Child appears more than once in OC3");
fn rule_int34(c: &Ctx, o: &mut Out) {
    duplicated(c, Table::Oc3, o);
}
info!(RINT35, "INT35", [PrevPerm], "Child appears more than once in PrevPerm");
fn rule_int35(c: &Ctx, o: &mut Out) {
    duplicated(c, Table::PrevPerm, o);
}
info!(RINT36, "INT36", [Uasc], "Child appears more than once in UASC");
fn rule_int36(c: &Ctx, o: &mut Out) {
    duplicated(c, Table::Uasc, o);
}

#[allow(dead_code)]
fn is_xml(c: &Ctx) -> bool {
    c.cur.format == SourceFormat::Xml
}

pub(crate) const RULES: &[Rule] = &[
    Rule::new(&R101, ALL, rule_101),
    Rule::new(&R102, ALL, rule_102),
    Rule::new(&R103, ALL, rule_103),
    Rule::new(&R104, ALL, rule_104),
    Rule::xml_only(&R105, ALL, rule_105),
    Rule::new(&R165, ALL, rule_165),
    Rule::new(&R168, ALL, rule_168),
    Rule::new(&R171, ALL, rule_171),
    Rule::new(&R174, ALL, rule_174),
    Rule::new(&R209, ALL, rule_209),
    Rule::new(&R210, ALL, rule_210),
    Rule::new(&R231, FROM_24, rule_231),
    Rule::new(&R232, FROM_24, rule_232),
    Rule::new(&R301, ALL, rule_301),
    Rule::new(&R303, ALL, rule_303),
    Rule::new(&R304, ALL, rule_304),
    Rule::new(&R351, ALL, rule_351),
    Rule::new(&R393, ALL, rule_393),
    Rule::new(&R442, ALL, rule_442),
    Rule::new(&R444, FROM_25, rule_444),
    Rule::new(&R607, ALL, rule_607),
    Rule::new(&R611, ALL, rule_611),
    Rule::new(&R612, ALL, rule_612),
    Rule::new(&R620, ALL, rule_620),
    Rule::new(&R621, ALL, rule_621),
    Rule::new(&R625, ALL, rule_625),
    Rule::new(&R628, ALL, rule_628),
    Rule::new(&REPI, ALL, rule_epi),
    Rule::new(&RINT01, ALL, rule_int01),
    Rule::new(&RINT02, ALL, rule_int02),
    Rule::new(&RINT03, ALL, rule_int03),
    Rule::new(&RINT04, ALL, rule_int04),
    Rule::new(&RINT05, ALL, rule_int05),
    Rule::new(&RINT06, ALL, rule_int06),
    Rule::new(&RINT07, ALL, rule_int07),
    Rule::new(&RINT08, ALL, rule_int08),
    Rule::new(&RINT09, ALL, rule_int09),
    Rule::new(&RINT11, ALL, rule_int11),
    Rule::new(&RINT12, ALL, rule_int12),
    Rule::new(&RINT13, ALL, rule_int13),
    Rule::new(&RINT14, ALL, rule_int14),
    Rule::new(&RINT15, ALL, rule_int15),
    Rule::new(&RINT16, ALL, rule_int16),
    Rule::new(&RINT17, ALL, rule_int17),
    Rule::new(&RINT18, ALL, rule_int18),
    Rule::new(&RINT21, ALL, rule_int21),
    Rule::new(&RINT31, ALL, rule_int31),
    Rule::new(&RINT32, ALL, rule_int32),
    Rule::new(&RINT33, ALL, rule_int33),
    Rule::new(&RINT34, ALL, rule_int34),
    Rule::new(&RINT35, ALL, rule_int35),
    Rule::new(&RINT36, ALL, rule_int36),
];
