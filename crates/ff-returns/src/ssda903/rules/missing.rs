//! Missing-from-care periods, social worker episodes (SW*, from 2023-24)
//! and deprivation of liberty orders (700-710, from 2026-27).

use chrono::NaiveDate;

use super::super::codes;
use super::super::model::{Return, Table, col, parse_date};
use super::*;
use col::{dolo, ep, mis, sw};

const MIS: Table = Table::Missing;
const SW: Table = Table::SwEpisodes;
const DOLO: Table = Table::DoLo;

/// A child's periods of care: runs of episodes each starting the day the
/// previous one ended; `None` end = still looked after.
pub(crate) fn periods_of_care(r: &Return, child: &str) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    let mut out: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    for (_, e) in episodes_of(r, child) {
        let Some(s) = e.d(ep::DECOM) else { continue };
        let end = e.d(ep::DEC);
        match out.last_mut() {
            Some(last) if last.1 == Some(s) => last.1 = end,
            _ => out.push((s, end)),
        }
    }
    out
}

fn containing(periods: &[(NaiveDate, Option<NaiveDate>)], d: NaiveDate) -> Option<(NaiveDate, Option<NaiveDate>)> {
    periods.iter().copied().find(|(s, e)| *s <= d && e.is_none_or(|e| d <= e))
}

/// A spell (missing period or DoLO) that falls outside the child's period of
/// care. A child with no episodes at all is left to rule 1012.
fn outside_care(periods: &[(NaiveDate, Option<NaiveDate>)], start: Option<NaiveDate>, end: Option<NaiveDate>) -> bool {
    let Some(s) = start else { return false };
    if periods.is_empty() {
        return false;
    }
    match containing(periods, s) {
        None => true,
        Some((_, pend)) => match (end, pend) {
            (None, Some(_)) => true,
            (Some(e), Some(pe)) => e > pe,
            _ => false,
        },
    }
}

info!(R1004, "1004", [Missing], "Missing start date is missing or not a valid date");
fn rule_1004(c: &Ctx, o: &mut Out) {
    each(c, MIS, o, |r| r.d(mis::MIS_START).is_none());
}
info!(R1005, "1005", [Missing], "Missing end date is not a valid date");
fn rule_1005(c: &Ctx, o: &mut Out) {
    each(c, MIS, o, |r| r.bad_date(mis::MIS_END));
}
info!(R1006, "1006", [Missing], "Missing type is not M (missing) or A (away without authorisation)");
fn rule_1006(c: &Ctx, o: &mut Out) {
    each(c, MIS, o, |r| r.has(mis::MISSING) && !r.is(mis::MISSING, codes::MISSING));
}
info!(R564, "564", [Missing], "Missing type given without a start date");
fn rule_564(c: &Ctx, o: &mut Out) {
    each(c, MIS, o, |r| r.is(mis::MISSING, codes::MISSING) && r.blank(mis::MIS_START));
}
info!(R565, "565", [Missing], "Missing start date given without a missing type");
fn rule_565(c: &Ctx, o: &mut Out) {
    each(c, MIS, o, |r| r.has(mis::MIS_START) && r.blank(mis::MISSING));
}
info!(R566, "566", [Missing], "Missing end date given without a missing type");
fn rule_566(c: &Ctx, o: &mut Out) {
    each(c, MIS, o, |r| r.has(mis::MIS_END) && r.blank(mis::MISSING));
}
info!(R567, "567", [Missing], "Missing end date is before the start date");
fn rule_567(c: &Ctx, o: &mut Out) {
    each(c, MIS, o, |r| matches!((r.d(mis::MIS_START), r.d(mis::MIS_END)), (Some(s), Some(e)) if e < s));
}
info!(R570, "570", [Missing], "Missing start date is after the end of the collection year");
fn rule_570(c: &Ctx, o: &mut Out) {
    each(c, MIS, o, |r| r.d(mis::MIS_START).is_some_and(|d| d > c.end));
}
info!(R571, "571", [Missing], "Missing end date is outside the collection year");
fn rule_571(c: &Ctx, o: &mut Out) {
    each(c, MIS, o, |r| r.d(mis::MIS_END).is_some_and(|d| d < c.start || d > c.end));
}

/// Flags spells of a child that overlap, or start while an earlier one is
/// open: taken in order of end date (open ones last), a spell that starts
/// before the previous one ended is flagged.
fn overlaps(c: &Ctx, o: &mut Out, t: Table, start: usize, end: usize) {
    for (_, rows) in c.cur.children(t) {
        let mut v: Vec<(bool, Option<NaiveDate>, NaiveDate, usize)> = rows
            .iter()
            .filter_map(|&n| {
                let r = c.cur.row(t, n);
                r.d(start).map(|s| (r.d(end).is_none(), r.d(end), s, n))
            })
            .collect();
        v.sort();
        for w in v.windows(2) {
            if w[0].1.is_none_or(|e| w[1].2 < e) {
                o.flag(t, w[1].3);
            }
        }
    }
}

info!(R574, "574", [Missing], "Missing periods overlap");
fn rule_574(c: &Ctx, o: &mut Out) {
    overlaps(c, o, MIS, mis::MIS_START, mis::MIS_END);
}
info!(R575, "575", [Episodes, Missing], "Missing period has no end date although the period of care it started in has ended");
fn rule_575(c: &Ctx, o: &mut Out) {
    each(c, MIS, o, |r| {
        r.blank(mis::MIS_END)
            && r.d(mis::MIS_START).is_some_and(|s| containing(&periods_of_care(c.cur, r.child()), s).is_some_and(|(_, e)| e.is_some()))
    });
}
info!(R577, "577", [Episodes, Missing], "Missing period falls outside the child's period of care");
fn rule_577(c: &Ctx, o: &mut Out) {
    each(c, MIS, o, |r| outside_care(&periods_of_care(c.cur, r.child()), r.d(mis::MIS_START), r.d(mis::MIS_END)));
}
info!(R578, "578", [Episodes, Missing], "Missing start date is not within any period of care");
fn rule_578(c: &Ctx, o: &mut Out) {
    each(c, MIS, o, |r| {
        let periods = periods_of_care(c.cur, r.child());
        !periods.is_empty() && r.d(mis::MIS_START).is_some_and(|s| containing(&periods, s).is_none())
    });
}
info!(R580, "580", [Episodes, Missing], "Child still missing at 18 must leave care with reason E8");
fn rule_580(c: &Ctx, o: &mut Out) {
    for (n, r) in c.cur.rows(MIS).iter().enumerate() {
        let (Some(end), Some(dob)) = (r.d(mis::MIS_END), r.d(col::DOB)) else { continue };
        if end != birthday(dob, 18) {
            continue;
        }
        for (en, e) in episodes_of(c.cur, r.child()) {
            if e.d(ep::DEC) == Some(end) && !e.is(ep::REC, &["E8"]) {
                o.flag(MIS, n);
                o.flag(Table::Episodes, en);
            }
        }
    }
}
info!(R581, "581", [Episodes, Missing], "Missing start date is not within any episode");
fn rule_581(c: &Ctx, o: &mut Out) {
    each(c, MIS, o, |r| {
        let eps = episodes_of(c.cur, r.child());
        !eps.is_empty()
            && r.d(mis::MIS_START)
                .is_some_and(|s| !eps.iter().any(|(_, e)| e.d(ep::DECOM).is_some_and(|d| d <= s) && e.d(ep::DEC).is_none_or(|x| s <= x)))
    });
}
info!(R586, "586", [Missing], "Missing start date is on or before the date of birth");
fn rule_586(c: &Ctx, o: &mut Out) {
    each(c, MIS, o, |r| matches!((r.d(mis::MIS_START), r.d(col::DOB)), (Some(s), Some(d)) if s <= d));
}

// --- Social worker episodes

const APRIL_2023: (i32, u32, u32) = (2023, 4, 1);
fn april_2023() -> NaiveDate {
    NaiveDate::from_ymd_opt(APRIL_2023.0, APRIL_2023.1, APRIL_2023.2).unwrap_or_default()
}

/// A child's social worker episodes in start order (undated first).
fn sw_of<'a>(c: &'a Ctx, child: &str) -> Vec<(usize, &'a Row)> {
    let mut v: Vec<(usize, &Row)> = c.cur.of(SW, child).iter().map(|&n| (n, c.cur.row(SW, n))).collect();
    v.sort_by_key(|(n, r)| (r.d(sw::SW_DECOM), *n));
    v
}

/// Flags social worker episodes for which `f(child's episodes, position)` holds.
fn each_sw(c: &Ctx, o: &mut Out, f: impl Fn(&[(usize, &Row)], usize) -> bool) {
    for (child, _) in c.cur.children(SW) {
        let v = sw_of(c, child);
        for i in 0..v.len() {
            if f(&v, i) {
                o.flag(SW, v[i].0);
            }
        }
    }
}

/// A dd/mm/yyyy date whose parts may be ZZ/ZZZZ (accepted up to 2024-25).
fn zz_date_ok(s: &str) -> bool {
    let p: Vec<&str> = s.split('/').collect();
    p.len() == 3
        && (p[0] == "ZZ" || p[0].parse::<u32>().is_ok_and(|d| (1..=31).contains(&d)))
        && (p[1] == "ZZ" || p[1].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m)))
        && (p[2] == "ZZZZ" || (p[2].len() == 4 && p[2].parse::<u32>().is_ok()))
}

fn bad_sw_date(c: &Ctx, r: &Row, f: usize) -> bool {
    match r.s(f) {
        None => false,
        Some(s) => parse_date(s).is_none() && !(c.year <= RulesYear::Y2024_25 && zz_date_ok(s)),
    }
}

/// Looked after at 31 March: the latest episode is open and not a short break.
fn looked_after_at_end(c: &Ctx, child: &str) -> Option<usize> {
    episodes_of(c.cur, child).last().filter(|(_, e)| e.blank(ep::DEC) && !short_break(e)).map(|(n, _)| *n)
}

info!(
    RSW01,
    "SW01STG1",
    [Episodes, SwEpisodes],
    "Child looked after at 31 March has no social worker episode, or its worker, start or reason is missing"
);
fn rule_sw01(c: &Ctx, o: &mut Out) {
    for (child, _) in c.cur.children(Table::Episodes) {
        let Some(en) = looked_after_at_end(c, child) else { continue };
        let v = sw_of(c, child);
        if v.is_empty() {
            o.flag(Table::Episodes, en);
        }
        for (n, r) in v {
            if r.blank(sw::SW_ID) || r.blank(sw::SW_DECOM) || r.blank(sw::SW_REASON) {
                o.flag(SW, n);
            }
        }
    }
}
info!(RSW01A, "SW01aSTG1", [SwEpisodes], "Social worker episode has no start date, or one starting before 1 April 2023 has no worker id");
fn rule_sw01a(c: &Ctx, o: &mut Out) {
    each(c, SW, o, |r| r.blank(sw::SW_DECOM) || (r.d(sw::SW_DECOM).is_some_and(|d| d < april_2023()) && r.blank(sw::SW_ID)));
}
info!(
    RSW01B,
    "SW01bSTG1",
    [SwEpisodes],
    "Social worker episode has no start date, or one starting on or after 1 April 2023 has no worker id or reason"
);
fn rule_sw01b(c: &Ctx, o: &mut Out) {
    each(c, SW, o, |r| {
        r.blank(sw::SW_DECOM) || (r.d(sw::SW_DECOM).is_some_and(|d| d >= april_2023()) && (r.blank(sw::SW_ID) || r.blank(sw::SW_REASON)))
    });
}
info!(RSW02, "SW02STG1", [SwEpisodes], "Social worker id must be a Social Work England registration number (SW…) or start with XX");
fn rule_sw02(c: &Ctx, o: &mut Out) {
    let min4 = c.year >= RulesYear::Y2025_26;
    each(c, SW, o, |r| r.s(sw::SW_ID).is_some_and(|id| !(id.starts_with("SW") || id.starts_with("XX")) || (min4 && id.len() < 4)));
}
info!(RSW03, "SW03STG1", [SwEpisodes], "Social worker episode has no worker id, start date or reason");
fn rule_sw03(c: &Ctx, o: &mut Out) {
    each(c, SW, o, |r| r.blank(sw::SW_ID) || r.blank(sw::SW_DECOM) || r.blank(sw::SW_REASON));
}
info!(RSW04, "SW04STG1", [SwEpisodes], "Social worker episode start date is not a valid date");
fn rule_sw04(c: &Ctx, o: &mut Out) {
    each(c, SW, o, |r| bad_sw_date(c, r, sw::SW_DECOM));
}
info!(RSW05, "SW05STG1", [SwEpisodes], "Social worker episode end date is not a valid date");
fn rule_sw05(c: &Ctx, o: &mut Out) {
    each(c, SW, o, |r| bad_sw_date(c, r, sw::SW_DEC));
}
info!(RSW06, "SW06STG2", [SwEpisodes], "Social worker episode starts after the end of the collection year");
fn rule_sw06(c: &Ctx, o: &mut Out) {
    each(c, SW, o, |r| r.d(sw::SW_DECOM).is_some_and(|d| d > c.end));
}
info!(RSW07, "SW07STG2", [SwEpisodes], "Social worker episode end date is outside the reporting period");
fn rule_sw07(c: &Ctx, o: &mut Out) {
    let from = if c.year >= RulesYear::Y2024_25 { super::super::model::add_years(c.start, -1) } else { c.start };
    each(c, SW, o, |r| r.d(sw::SW_DEC).is_some_and(|d| d < from || d > c.end));
}
info!(RSW08, "SW08STG2", [SwEpisodes], "Only the latest social worker episode may be open (an earlier one has no end date)");
fn rule_sw08(c: &Ctx, o: &mut Out) {
    each_sw(c, o, |v, i| i + 1 < v.len() && v[i].1.blank(sw::SW_DEC));
}
info!(RSW09, "SW09STG2", [SwEpisodes], "Social worker episode lasted less than 24 hours");
fn rule_sw09(c: &Ctx, o: &mut Out) {
    // DfE wording: under 24 hours, i.e. ending the day it started. The peer's
    // 2025-26 version flags anything under 3 days.
    each(c, SW, o, |r| r.d(sw::SW_DECOM).is_some() && r.d(sw::SW_DECOM) == r.d(sw::SW_DEC));
}
fn gap_days(v: &[(usize, &Row)], i: usize) -> Option<i64> {
    let prev_end = v[i - 1].1.d(sw::SW_DEC)?;
    Some(days(prev_end, v[i].1.d(sw::SW_DECOM)?))
}
info!(RSW10, "SW10STG2", [SwEpisodes], "Next social worker episode does not start within 7 days of the previous one ending");
fn rule_sw10(c: &Ctx, o: &mut Out) {
    let skip_fconta = c.year >= RulesYear::Y2024_25;
    each_sw(c, o, |v, i| i > 0 && !(skip_fconta && v[i].1.is(sw::SW_REASON, &["FCONTA"])) && gap_days(v, i).is_some_and(|g| g.abs() > 7));
}
info!(
    RSW10A,
    "SW10aSTG2",
    [SwEpisodes],
    "Next social worker episode (not a first contact) starts more than 7 days before or after the previous one ended"
);
fn rule_sw10a(c: &Ctx, o: &mut Out) {
    each_sw(c, o, |v, i| i > 0 && !v[i].1.is(sw::SW_REASON, &["FCONTA"]) && gap_days(v, i).is_some_and(|g| g.abs() > 7));
}
info!(RSW10B, "SW10bSTG2", [SwEpisodes], "Social worker episode for a first contact (FCONTA) starts on or before the previous one ended");
fn rule_sw10b(c: &Ctx, o: &mut Out) {
    each_sw(c, o, |v, i| i > 0 && v[i].1.is(sw::SW_REASON, &["FCONTA"]) && gap_days(v, i).is_some_and(|g| g <= 0));
}
info!(
    RSW11A,
    "SW11aSTG2",
    [SwEpisodes],
    "Social worker episode ended before the last 5 days of the year with no next episode within 5 days"
);
fn rule_sw11a(c: &Ctx, o: &mut Out) {
    let cutoff = c.end - chrono::Duration::days(5);
    each_sw(c, o, |v, i| {
        v[i].1.d(sw::SW_DEC).is_some_and(|end| {
            end >= c.start
                && end <= cutoff
                && !v.iter().any(|(_, n)| n.d(sw::SW_DECOM).is_some_and(|s| (days(end, s)).abs() <= 5) && !std::ptr::eq(*n, v[i].1))
        })
    });
}
info!(RSW11B, "SW11bSTG2", [SwEpisodes], "Social worker episode ended in the last 5 days of the year with no next episode");
fn rule_sw11b(c: &Ctx, o: &mut Out) {
    let cutoff = c.end - chrono::Duration::days(5);
    each_sw(c, o, |v, i| v[i].1.d(sw::SW_DEC).is_some_and(|end| end > cutoff && end <= c.end) && i + 1 == v.len());
}
info!(RSW12, "SW12STG2", [Episodes, SwEpisodes], "Start or end of a period of care has no social worker episode covering it");
fn rule_sw12(c: &Ctx, o: &mut Out) {
    let window = if c.year >= RulesYear::Y2024_25 { Some(super::super::model::add_years(c.start, -1)) } else { None };
    for (child, eps) in by_child(c.cur) {
        let v = sw_of(c, child);
        let covered =
            |d: NaiveDate| v.iter().any(|(_, r)| r.d(sw::SW_DECOM).is_some_and(|s| s <= d) && r.d(sw::SW_DEC).is_none_or(|e| e >= d));
        for (n, e) in &eps {
            if short_break(e) || window.is_some_and(|w| e.d(ep::DEC).is_some_and(|d| d < w)) {
                continue;
            }
            let start_uncovered = e.is(ep::RNE, &["S"]) && e.d(ep::DECOM).is_some_and(|d| !covered(d));
            // An exit with no end date is read as at the collection end (as the peer does).
            let exit_date = if e.has(ep::DEC) { e.d(ep::DEC) } else { Some(c.end) };
            let exit_uncovered = e.has(ep::REC) && !e.is(ep::REC, &["X1"]) && exit_date.is_some_and(|d| !covered(d));
            if start_uncovered || exit_uncovered {
                o.flag(Table::Episodes, *n);
            }
        }
    }
}
info!(RSW13, "SW13STG1", [SwEpisodes], "Reason for social worker change is missing or not a valid code");
fn rule_sw13(c: &Ctx, o: &mut Out) {
    let blank_counts = |r: &Row| c.year == RulesYear::Y2023_24 || r.d(sw::SW_DECOM).is_some_and(|d| d >= april_2023());
    each(c, SW, o, |r| match r.s(sw::SW_REASON) {
        Some(v) => !codes::SW_REASON.contains(&v),
        None => blank_counts(r),
    });
}
info!(RSW14, "SW14STG2", [SwEpisodes], "An earlier social worker episode has no end date");
fn rule_sw14(c: &Ctx, o: &mut Out) {
    each_sw(c, o, |v, i| i + 1 < v.len() && v[i].1.blank(sw::SW_DEC));
}
info!(RSW17, "SW17STG2", [SwEpisodes], "The latest social worker episode has ended: a social worker must be allocated at 31 March");
/// Only for a child looked after at 31 March, as the rule's own words say (a social worker must
/// be allocated at 31 March): a young person who left care in the year has their social worker's
/// episode ended, and rule SW12STG2 asks for it to cover the exit. The peer flags every child.
fn rule_sw17(c: &Ctx, o: &mut Out) {
    for (child, _) in c.cur.children(SW) {
        if looked_after_at_end(c, child).is_none() {
            continue;
        }
        let v = sw_of(c, child);
        if let Some((n, last)) = v.last()
            && last.has(sw::SW_DEC)
        {
            o.flag(SW, *n);
        }
    }
}
info!(RSW18, "SW18STG2", [SwEpisodes], "Social worker episode end date is not after its start date");
fn rule_sw18(c: &Ctx, o: &mut Out) {
    each(c, SW, o, |r| matches!((r.d(sw::SW_DECOM), r.d(sw::SW_DEC)), (Some(s), Some(e)) if e <= s));
}
info!(RSW19, "SW19STG2", [SwEpisodes], "Two social worker episodes for the child start on the same date");
fn rule_sw19(c: &Ctx, o: &mut Out) {
    each_sw(c, o, |v, i| {
        let d = v[i].1.d(sw::SW_DECOM);
        d.is_some() && v.iter().enumerate().any(|(j, (_, r))| j != i && r.d(sw::SW_DECOM) == d)
    });
}

// --- Deprivation of liberty orders

info!(R700, "700", [DoLo], "DoLO start date is missing or not a valid date");
fn rule_700(c: &Ctx, o: &mut Out) {
    each(c, DOLO, o, |r| r.d(dolo::DOLO_START).is_none());
}
info!(R701, "701", [DoLo], "DoLO end date is not a valid date");
fn rule_701(c: &Ctx, o: &mut Out) {
    each(c, DOLO, o, |r| r.bad_date(dolo::DOLO_END));
}
info!(R702, "702", [DoLo], "DoLO end date is before its start date");
fn rule_702(c: &Ctx, o: &mut Out) {
    // The peer also flags an order ending on the day it started; the DfE wording is "before".
    each(c, DOLO, o, |r| matches!((r.d(dolo::DOLO_START), r.d(dolo::DOLO_END)), (Some(s), Some(e)) if e < s));
}
info!(R703, "703", [DoLo], "DoLO start date is after the end of the collection year");
fn rule_703(c: &Ctx, o: &mut Out) {
    each(c, DOLO, o, |r| r.d(dolo::DOLO_START).is_some_and(|d| d > c.end));
}
info!(R704, "704", [DoLo], "DoLO end date is outside the collection year");
fn rule_704(c: &Ctx, o: &mut Out) {
    each(c, DOLO, o, |r| r.d(dolo::DOLO_END).is_some_and(|d| d < c.start || d > c.end));
}
info!(R705, "705", [DoLo], "DoLOs overlap, or one starts while the previous one is still in force");
fn rule_705(c: &Ctx, o: &mut Out) {
    overlaps(c, o, DOLO, dolo::DOLO_START, dolo::DOLO_END);
}
info!(R707, "707", [DoLo, Episodes], "DoLO falls outside the child's period of care");
fn rule_707(c: &Ctx, o: &mut Out) {
    each(c, DOLO, o, |r| outside_care(&periods_of_care(c.cur, r.child()), r.d(dolo::DOLO_START), r.d(dolo::DOLO_END)));
}
info!(R708, "708", [DoLo], "DoLO starts on or before the date of birth");
fn rule_708(c: &Ctx, o: &mut Out) {
    each(c, DOLO, o, |r| matches!((r.d(dolo::DOLO_START), r.d(col::DOB)), (Some(s), Some(d)) if s <= d));
}
/// Flags episodes overlapping one of the child's DoLOs whose placement fails `bad`.
fn placements_under_dolo(c: &Ctx, o: &mut Out, bad: impl Fn(&Row) -> bool) {
    for (n, e) in c.cur.rows(Table::Episodes).iter().enumerate() {
        let Some(s) = e.d(ep::DECOM) else { continue };
        let overlapping = c.cur.of(DOLO, e.child()).iter().any(|&dn| {
            let d = c.cur.row(DOLO, dn);
            d.d(dolo::DOLO_START).is_some_and(|ds| e.d(ep::DEC).is_none_or(|x| ds <= x) && d.d(dolo::DOLO_END).is_none_or(|de| s <= de))
        });
        if overlapping && bad(e) {
            o.flag(Table::Episodes, n);
        }
    }
}
info!(R709, "709", [DoLo, Episodes], "Placement during a DoLO must be a children's home (K2) or Z12/Z13");
fn rule_709(c: &Ctx, o: &mut Out) {
    placements_under_dolo(c, o, |e| !e.is(ep::PLACE, &["K2", "Z12", "Z13"]));
}
info!(R710, "710", [DoLo, Episodes], "Placement during a DoLO cannot be K1, P1, R5 or K3");
fn rule_710(c: &Ctx, o: &mut Out) {
    placements_under_dolo(c, o, |e| e.is(ep::PLACE, &["K1", "P1", "R5", "K3"]));
}

pub(crate) const RULES: &[Rule] = &[
    Rule::new(&R1004, ALL, rule_1004),
    Rule::new(&R1005, ALL, rule_1005),
    Rule::new(&R1006, ALL, rule_1006),
    Rule::new(&R564, ALL, rule_564),
    Rule::new(&R565, ALL, rule_565),
    Rule::new(&R566, ALL, rule_566),
    Rule::new(&R567, ALL, rule_567),
    Rule::new(&R570, ALL, rule_570),
    Rule::new(&R571, ALL, rule_571),
    Rule::new(&R574, ALL, rule_574),
    Rule::new(&R575, ALL, rule_575),
    Rule::new(&R577, ALL, rule_577),
    Rule::new(&R578, ALL, rule_578),
    Rule::new(&R580, ALL, rule_580),
    Rule::new(&R581, ALL, rule_581),
    Rule::new(&R586, ALL, rule_586),
    Rule::new(&RSW01, ONLY_23, rule_sw01),
    Rule::new(&RSW01A, ONLY_24, rule_sw01a),
    Rule::new(&RSW01B, ONLY_24, rule_sw01b),
    Rule::new(&RSW02, FROM_23, rule_sw02),
    Rule::new(&RSW03, ONLY_23, rule_sw03),
    Rule::new(&RSW04, FROM_23, rule_sw04),
    Rule::new(&RSW05, FROM_23, rule_sw05),
    Rule::new(&RSW06, FROM_23, rule_sw06),
    Rule::new(&RSW07, FROM_23, rule_sw07),
    Rule::new(&RSW08, FROM_23, rule_sw08),
    Rule::new(&RSW09, FROM_23, rule_sw09),
    Rule::new(&RSW10, FROM_23, rule_sw10),
    Rule::new(&RSW10A, FROM_25, rule_sw10a),
    Rule::new(&RSW10B, FROM_25, rule_sw10b),
    Rule::new(&RSW11A, ONLY_23, rule_sw11a),
    Rule::new(&RSW11B, FROM_23, rule_sw11b),
    Rule::new(&RSW12, FROM_23, rule_sw12),
    Rule::new(&RSW13, FROM_23, rule_sw13),
    Rule::new(&RSW14, ONLY_23, rule_sw14),
    Rule::new(&RSW17, FROM_25, rule_sw17),
    Rule::new(&RSW18, FROM_25, rule_sw18),
    Rule::new(&RSW19, FROM_25, rule_sw19),
    Rule::new(&R700, FROM_26, rule_700),
    Rule::new(&R701, FROM_26, rule_701),
    Rule::new(&R702, FROM_26, rule_702),
    Rule::new(&R703, FROM_26, rule_703),
    Rule::new(&R704, FROM_26, rule_704),
    Rule::new(&R705, FROM_26, rule_705),
    Rule::new(&R707, FROM_26, rule_707),
    Rule::new(&R708, FROM_26, rule_708),
    Rule::new(&R709, FROM_26, rule_709),
    Rule::new(&R710, FROM_26, rule_710),
];
