//! Year-on-year rules: this year's return against last year's (`--previous`).

use chrono::NaiveDate;

use super::super::model::{Return, Table, col};
use super::*;
use col::{dolo, ep, hdr, mis, oc3, pa};

const HDR: Table = Table::Header;

/// Last year's return (rules here only run when it was given).
fn prev<'a>(c: &Ctx<'a>) -> &'a Return {
    c.prev.unwrap_or(c.cur)
}

/// Flags this year's Header rows for which `f(this, last)` holds (children in both).
fn header_vs_last(c: &Ctx, o: &mut Out, f: impl Fn(&Row, &Row) -> bool) {
    let p = prev(c);
    each(c, HDR, o, |r| p.header(r.child()).is_some_and(|l| f(r, l)));
}

info!(R202, "202", [Header], prev[Header], "Sex differs from last year's return");
fn rule_202(c: &Ctx, o: &mut Out) {
    header_vs_last(c, o, |r, l| r.s(hdr::SEX) != l.s(hdr::SEX));
}
info!(R203, "203", [Header], prev[Header], "Date of birth differs from last year's return");
fn rule_203(c: &Ctx, o: &mut Out) {
    header_vs_last(c, o, |r, l| r.s(hdr::DOB) != l.s(hdr::DOB));
}
info!(R204, "204", [Header], prev[Header], "Ethnicity differs from last year's return");
fn rule_204(c: &Ctx, o: &mut Out) {
    header_vs_last(c, o, |r, l| r.s(hdr::ETHNIC) != l.s(hdr::ETHNIC));
}

/// As [`header_vs_last`], also flagging the child's UASC rows (the UASC rules report both tables).
fn uasc_vs_last(c: &Ctx, o: &mut Out, f: impl Fn(&Row, &Row) -> bool) {
    let p = prev(c);
    for (n, r) in c.cur.rows(HDR).iter().enumerate() {
        if p.header(r.child()).is_some_and(|l| f(r, l)) {
            o.flag(HDR, n);
            o.flag_all(Table::Uasc, c.cur.of(Table::Uasc, r.child()));
        }
    }
}

fn is_uasc(r: &Row) -> bool {
    r.is(hdr::UASC, &["1"])
}
fn duc(ret: &Return, child: &str) -> Option<NaiveDate> {
    ret.of(Table::Uasc, child).iter().find_map(|&n| ret.row(Table::Uasc, n).d(col::uasc::DUC))
}
fn duc_given(ret: &Return, child: &str) -> bool {
    ret.of(Table::Uasc, child).iter().any(|&n| ret.row(Table::Uasc, n).has(col::uasc::DUC))
}

info!(R205A, "205A", [Header, Uasc], prev [Header, Uasc], "UASC last year but not this year: the date UASC status ceased must fall in last year");
fn rule_205a(c: &Ctx, o: &mut Out) {
    let p = prev(c);
    let (ps, pe) = (add_years_date(c.start, -1), add_years_date(c.end, -1));
    uasc_vs_last(c, o, |r, l| {
        is_uasc(l) && !is_uasc(r) && (duc_given(c.cur, r.child()) || duc(p, r.child()).is_none_or(|d| d < ps || d > pe))
    });
}
info!(R205B, "205B", [Header, Uasc], prev [Header, Uasc], "UASC in both years but the date UASC status ceased is inconsistent between the years");
fn rule_205b(c: &Ctx, o: &mut Out) {
    let p = prev(c);
    uasc_vs_last(c, o, |r, l| {
        if !(is_uasc(l) && is_uasc(r)) {
            return false;
        }
        let (now, last) = (duc(c.cur, r.child()), duc(p, r.child()));
        let now_ok = now.is_none_or(|d| (c.start..=c.end).contains(&d) || Some(d) == last);
        let last_ok = match (last, l.d(hdr::DOB)) {
            (Some(d), Some(dob)) => d == birthday(dob, 18),
            _ => true,
        };
        !now_ok || !last_ok
    });
}
info!(R205C, "205C", [Header, Uasc], prev [Header, Uasc], "Date UASC status ceased given for a child who was not UASC in either year");
fn rule_205c(c: &Ctx, o: &mut Out) {
    let p = prev(c);
    uasc_vs_last(c, o, |r, l| !is_uasc(l) && !is_uasc(r) && (duc_given(c.cur, r.child()) || duc_given(p, r.child())));
}
info!(R205D, "205D", [Header, Uasc], prev [Header, Uasc], "Child is UASC this year but was not UASC last year");
fn rule_205d(c: &Ctx, o: &mut Out) {
    uasc_vs_last(c, o, |r, l| is_uasc(r) && !is_uasc(l));
}
info!(R207, "207", [Header, Episodes], prev[Header], "Child was a mother last year but mother status now differs");
fn rule_207(c: &Ctx, o: &mut Out) {
    header_vs_last(c, o, |r, l| {
        l.is(hdr::MOTHER, &["1"]) && !c.cur.of(Table::Episodes, r.child()).is_empty() && r.s(hdr::MOTHER) != l.s(hdr::MOTHER)
    });
}
info!(R208, "208", [Header], prev[Header], "UPN differs from last year's in a way that is not allowed");
fn rule_208(c: &Ctx, o: &mut Out) {
    header_vs_last(c, o, |r, l| {
        let (now, last) = (r.s(hdr::UPN), l.s(hdr::UPN));
        if now == last {
            return false;
        }
        let unknown = |u: Option<&str>| u.is_none_or(|u| u.starts_with("UN"));
        let allowed = matches!((last, now), (None | Some("UN1"), Some("UN2" | "UN3" | "UN4" | "UN5")) | (None, Some("UN1")))
            || (unknown(last) && now.is_some_and(super::header::valid_upn));
        !allowed
    });
}
info!(R624, "624", [Header], prev[Header], "Mother's child's date of birth differs from last year's");
fn rule_624(c: &Ctx, o: &mut Out) {
    header_vs_last(c, o, |r, l| l.has(hdr::MC_DOB) && r.s(hdr::MC_DOB) != l.s(hdr::MC_DOB));
}
info!(R626, "626", [Header], prev[Header], "Newly recorded as a mother, but her child was born before the collection year");
fn rule_626(c: &Ctx, o: &mut Out) {
    header_vs_last(c, o, |r, l| r.is(hdr::MOTHER, &["1"]) && l.is(hdr::MOTHER, &["0"]) && r.d(hdr::MC_DOB).is_some_and(|d| d < c.start));
}

fn add_years_date(d: NaiveDate, n: i32) -> NaiveDate {
    super::super::model::add_years(d, n)
}

/// Last year's final episode of the child, when it was still open.
fn last_open<'a>(c: &Ctx<'a>, child: &str) -> Option<&'a Row> {
    episodes_of(prev(c), child).last().map(|(_, e)| *e).filter(|e| e.blank(ep::DEC))
}

/// Flags this year's first episode when last year's final episode was open and `f(first, last)` holds.
pub(crate) fn first_vs_open(c: &Ctx, o: &mut Out, f: impl Fn(&Row, &Row) -> bool) {
    for (child, eps) in by_child(c.cur) {
        if let (Some((n, first)), Some(last)) = (eps.first(), last_open(c, child))
            && f(first, last)
        {
            o.flag(Table::Episodes, *n);
        }
    }
}

info!(R502, "502", [Episodes], prev[Episodes], "The first episode does not continue last year's open episode (start dates differ)");
fn rule_502(c: &Ctx, o: &mut Out) {
    first_vs_open(c, o, |f, l| f.s(ep::DECOM) != l.s(ep::DECOM));
}
info!(R503A, "503A", [Episodes], prev[Episodes], "Reason for new episode differs from last year's open episode");
fn rule_503a(c: &Ctx, o: &mut Out) {
    first_vs_open(c, o, |f, l| f.s(ep::RNE) != l.s(ep::RNE));
}
info!(R503B, "503B", [Episodes], prev[Episodes], "Legal status differs from last year's open episode");
fn rule_503b(c: &Ctx, o: &mut Out) {
    first_vs_open(c, o, |f, l| f.s(ep::LS) != l.s(ep::LS));
}
info!(R503C, "503C", [Episodes], prev[Episodes], "Category of need differs from last year's open episode");
fn rule_503c(c: &Ctx, o: &mut Out) {
    first_vs_open(c, o, |f, l| f.s(ep::CIN) != l.s(ep::CIN));
}
info!(R503D, "503D", [Episodes], prev[Episodes], "Placement type differs from last year's open episode");
fn rule_503d(c: &Ctx, o: &mut Out) {
    let year = c.year;
    first_vs_open(c, o, |f, l| {
        let (now, last) = (f.s(ep::PLACE), l.s(ep::PLACE));
        let recoded = match year {
            RulesYear::Y2023_24 | RulesYear::Y2024_25 => last == Some("H5") && now == Some("K3"),
            RulesYear::Y2025_26 => last == Some("Z1") && matches!(now, Some("Z11" | "Z12" | "Z13" | "Z14")),
            _ => false,
        };
        now != last && !recoded
    });
}
info!(R503E, "503E", [Episodes], prev[Episodes], "Placement provider differs from last year's open episode");
fn rule_503e(c: &Ctx, o: &mut Out) {
    first_vs_open(c, o, |f, l| f.s(ep::PLACE_PROVIDER) != l.s(ep::PLACE_PROVIDER));
}
info!(R503F, "503F", [Episodes], prev[Episodes], "URN differs from last year's open episode");
fn rule_503f(c: &Ctx, o: &mut Out) {
    first_vs_open(c, o, |f, l| f.s(ep::URN) != l.s(ep::URN));
}
info!(R562, "562", [Episodes], prev[Episodes], "An episode open at the start of the year is missing from last year's return");
fn rule_562(c: &Ctx, o: &mut Out) {
    for (child, eps) in by_child(c.cur) {
        let Some((n, first)) = eps.iter().find(|(_, e)| e.d(ep::DECOM).is_some_and(|d| d < c.start)) else { continue };
        let last = episodes_of(prev(c), child);
        if let Some((_, l)) = last.last()
            && l.d(ep::DECOM) != first.d(ep::DECOM)
        {
            o.flag(Table::Episodes, *n);
        }
    }
}
info!(
    RNOE,
    "NoE",
    [Episodes],
    prev[Episodes],
    "Episode started before the collection year but the child has no episodes in last year's return"
);
fn rule_noe(c: &Ctx, o: &mut Out) {
    let p = prev(c);
    each(c, Table::Episodes, o, |e| e.d(ep::DECOM).is_some_and(|d| d < c.start) && p.of(Table::Episodes, e.child()).is_empty());
}

const PA: Table = Table::PlacedAdoption;

info!(
    R559,
    "559",
    [PlacedAdoption],
    prev[PlacedAdoption],
    "Decision to place for adoption made before the year is missing from last year's return"
);
fn rule_559(c: &Ctx, o: &mut Out) {
    let p = prev(c);
    each(c, PA, o, |r| {
        r.d(pa::DATE_PLACED).is_some_and(|d| d < c.start) && !p.of(PA, r.child()).iter().any(|&n| p.row(PA, n).has(pa::DATE_PLACED))
    });
}
info!(
    R560,
    "560",
    [PlacedAdoption],
    prev[PlacedAdoption],
    "Date of decision to place for adoption differs from last year's decision still in force"
);
fn rule_560(c: &Ctx, o: &mut Out) {
    let p = prev(c);
    each(c, PA, o, |r| {
        p.of(PA, r.child()).iter().any(|&n| {
            let l = p.row(PA, n);
            l.has(pa::DATE_PLACED) && l.blank(pa::DATE_PLACED_CEASED) && l.s(pa::DATE_PLACED) != r.s(pa::DATE_PLACED)
        })
    });
}
info!(R561, "561", [PlacedAdoption], prev[PlacedAdoption], "Decision to place for adoption repeats last year's, which was reversed");
fn rule_561(c: &Ctx, o: &mut Out) {
    let p = prev(c);
    each(c, PA, o, |r| {
        r.has(pa::DATE_PLACED)
            && p.of(PA, r.child()).iter().any(|&n| {
                let l = p.row(PA, n);
                l.s(pa::DATE_PLACED) == r.s(pa::DATE_PLACED) && (l.has(pa::DATE_PLACED_CEASED) || l.has(pa::REASON_PLACED_CEASED))
            })
    });
}
info!(R584, "584", [PlacedAdoption], prev[PlacedAdoption], "Last year's decision was reversed, so a new decision must be dated after it");
fn rule_584(c: &Ctx, o: &mut Out) {
    // Compared as dates (the peer compares dd/mm/yyyy text).
    let p = prev(c);
    each(c, PA, o, |r| {
        p.of(PA, r.child()).iter().any(|&n| {
            let l = p.row(PA, n);
            (l.has(pa::DATE_PLACED_CEASED) || l.has(pa::REASON_PLACED_CEASED))
                && match (r.d(pa::DATE_PLACED), l.d(pa::DATE_PLACED)) {
                    (None, _) => true,
                    (Some(now), Some(last)) => now <= last,
                    (Some(_), None) => false,
                }
        })
    });
}
info!(R576, "576", [Missing], prev[Missing], "Last year's open missing period does not continue into this year");
fn rule_576(c: &Ctx, o: &mut Out) {
    let p = prev(c);
    for (child, rows) in c.cur.children(Table::Missing) {
        let open_last: Vec<NaiveDate> = p
            .of(Table::Missing, child)
            .iter()
            .map(|&n| p.row(Table::Missing, n))
            .filter(|l| l.blank(mis::MIS_END))
            .filter_map(|l| l.d(mis::MIS_START))
            .collect();
        let earliest = rows.iter().filter_map(|&n| c.cur.row(Table::Missing, n).d(mis::MIS_START).map(|d| (d, n))).min();
        if let (Some(&last), Some((d, n))) = (open_last.first(), earliest)
            && d != last
        {
            o.flag(Table::Missing, n);
        }
    }
}
info!(R348, "348", [Oc3], prev[Oc3], "Care leaver recorded as died last year must be recorded as died this year");
fn rule_348(c: &Ctx, o: &mut Out) {
    let p = prev(c);
    each(c, Table::Oc3, o, |r| {
        !r.is(oc3::IN_TOUCH, &["DIED"]) && p.of(Table::Oc3, r.child()).iter().any(|&n| p.row(Table::Oc3, n).is(oc3::IN_TOUCH, &["DIED"]))
    });
}
info!(R706, "706", [DoLo, Header], prev[DoLo], "A DoLO open at the end of last year is missing from this year's return");
fn rule_706(c: &Ctx, o: &mut Out) {
    let p = prev(c);
    for (child, rows) in p.children(Table::DoLo) {
        for &n in rows {
            let l = p.row(Table::DoLo, n);
            if l.blank(dolo::DOLO_END)
                && !c.cur.of(Table::DoLo, child).iter().any(|&m| c.cur.row(Table::DoLo, m).s(dolo::DOLO_START) == l.s(dolo::DOLO_START))
            {
                o.flag_all(HDR, c.cur.of(HDR, child));
            }
        }
    }
}

fn oc3_filled(r: &Row) -> bool {
    r.has(oc3::IN_TOUCH) || r.has(oc3::ACTIV) || r.has(oc3::ACCOM)
}

info!(
    R1001,
    "1001",
    [Episodes, Header, Oc3],
    prev[Episodes],
    "Care leaver does not qualify: not looked after for 13 weeks since age 14 including a day after age 16, or adopted"
);
fn rule_1001(c: &Ctx, o: &mut Out) {
    let p = prev(c);
    for (n, r) in c.cur.rows(Table::Oc3).iter().enumerate() {
        let Some(dob) = c.cur.dob(r.child()) else { continue };
        if !oc3_filled(r) || aged(dob, 20, c.end) {
            continue;
        }
        // This year's episodes, plus last year's not repeated this year.
        let mut eps: Vec<&Row> = episodes_of(c.cur, r.child()).into_iter().map(|(_, e)| e).collect();
        for (_, e) in episodes_of(p, r.child()) {
            if !eps.iter().any(|x| x.s(ep::DECOM) == e.s(ep::DECOM)) {
                eps.push(e);
            }
        }
        eps.sort_by_key(|e| e.d(ep::DECOM));
        let (b14, b16) = (birthday(dob, 14), birthday(dob, 16));
        let mut since14 = 0;
        let mut after16 = false;
        for e in eps.iter().filter(|e| !short_break(e)) {
            let (Some(s), Some(end)) = (e.d(ep::DECOM), e.d(ep::DEC).or(Some(c.end))) else { continue };
            since14 += days(s.max(b14), end).max(0);
            after16 |= end > b16;
        }
        let adopted = eps.last().is_some_and(|e| e.is(ep::REC, &["E11", "E12"]));
        if since14 < 91 || !after16 || adopted {
            o.flag(Table::Oc3, n);
        }
    }
}
info!(R1002, "1002", [Episodes, Oc3], prev[Episodes], "Care leaver has no episodes this year or last year");
fn rule_1002(c: &Ctx, o: &mut Out) {
    let p = prev(c);
    each(c, Table::Oc3, o, |r| c.cur.of(Table::Episodes, r.child()).is_empty() && p.of(Table::Episodes, r.child()).is_empty());
}
info!(R1010, "1010", [Episodes, Oc3], prev[Episodes], "Care leaver has no episodes this year although last year's episode was still open");
fn rule_1010(c: &Ctx, o: &mut Out) {
    each(c, Table::Oc3, o, |r| c.cur.of(Table::Episodes, r.child()).is_empty() && last_open(c, r.child()).is_some());
}

pub(crate) const RULES: &[Rule] = &[
    Rule::new(&R202, ALL, rule_202),
    Rule::new(&R203, ALL, rule_203),
    Rule::new(&R204, ALL, rule_204),
    Rule::new(&R205A, ALL, rule_205a),
    Rule::new(&R205B, ALL, rule_205b),
    Rule::new(&R205C, ALL, rule_205c),
    Rule::new(&R205D, ALL, rule_205d),
    Rule::new(&R207, ALL, rule_207),
    Rule::new(&R208, ALL, rule_208),
    Rule::new(&R348, FROM_25, rule_348),
    Rule::new(&R502, ALL, rule_502),
    Rule::new(&R503A, ALL, rule_503a),
    Rule::new(&R503B, ALL, rule_503b),
    Rule::new(&R503C, ALL, rule_503c),
    Rule::new(&R503D, ALL, rule_503d),
    Rule::new(&R503E, ALL, rule_503e),
    Rule::new(&R503F, ALL, rule_503f),
    Rule::new(&R559, ALL, rule_559),
    Rule::new(&R560, ALL, rule_560),
    Rule::new(&R561, ALL, rule_561),
    Rule::new(&R562, ALL, rule_562),
    Rule::new(&R576, ALL, rule_576),
    Rule::new(&R584, ALL, rule_584),
    Rule::new(&R624, ALL, rule_624),
    Rule::new(&R626, ALL, rule_626),
    Rule::new(&R706, FROM_26, rule_706),
    Rule::new(&R1001, ALL, rule_1001),
    Rule::new(&R1002, ALL, rule_1002),
    Rule::new(&R1010, ALL, rule_1010),
    Rule::new(&RNOE, ALL, rule_noe),
];
