//! Episode rules: code and date validity, placement combinations,
//! sequencing of a child's episodes, durations, and age tests.

use chrono::NaiveDate;

use super::super::codes::{self, ADOPTION_PLACE, FOSTER, TEMP};
use super::super::model::{Table, col};
use super::*;
use col::ep;

const EP: Table = Table::Episodes;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Placement codes valid in `year`.
fn place_codes(year: RulesYear) -> Vec<&'static str> {
    let mut v = codes::PLACE_COMMON.to_vec();
    match year {
        RulesYear::Y2022_23 | RulesYear::Y2023_24 => v.extend(["H5", "P2", "Z1"]),
        RulesYear::Y2024_25 => v.extend(["H5", "P2", "Z1", "K3"]),
        RulesYear::Y2025_26 | RulesYear::Y2026_27 => v.extend(["K3", "Z11", "Z12", "Z13", "Z14"]),
    }
    v
}

/// Placements that take no provider: temporary moves and "other" placements.
fn no_provider(year: RulesYear) -> &'static [&'static str] {
    if year >= RulesYear::Y2025_26 {
        &["T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"]
    } else {
        &["T0", "T1", "T2", "T3", "T4", "Z1"]
    }
}

/// Flags each episode for which `f(child's episodes, position)` holds.
fn each_seq(c: &Ctx, o: &mut Out, f: impl Fn(&[(usize, &Row)], usize) -> bool) {
    for (_, eps) in by_child(c.cur) {
        for i in 0..eps.len() {
            if f(&eps, i) {
                o.flag(EP, eps[i].0);
            }
        }
    }
}

/// Flags each episode (with the child's DOB from the Header) for which `f` holds.
fn each_age(c: &Ctx, o: &mut Out, f: impl Fn(&Row, NaiveDate) -> bool) {
    each_dob(c, EP, o, f);
}

/// Flags each episode and the child's Header row when `f` holds (rules the peer reports in both tables).
fn each_age_both(c: &Ctx, o: &mut Out, f: impl Fn(&Row, NaiveDate) -> bool) {
    for (n, r) in c.cur.rows(EP).iter().enumerate() {
        if let Some(dob) = c.cur.row_dob(EP, n)
            && f(r, dob)
        {
            o.flag(EP, n);
            o.flag_all(Table::Header, c.cur.of(Table::Header, r.child()));
        }
    }
}

// Age-at-exit rules with an exit reason but no end date (rule 148 reports
// the missing date as well), as the peer treats them: 386, 387 and 407 take
// the end of the collection year as the exit date; 389 flags the episode
// (its age cannot be shown to be 16+); 460 does not.

/// End of an episode for duration rules: DEC, or the collection end when open.
fn end_or_year_end(c: &Ctx, e: &Row) -> Option<NaiveDate> {
    if e.has(ep::DEC) { e.d(ep::DEC) } else { Some(c.end) }
}

info!(R141, "141", [Episodes], "Date episode started is not a valid date");
fn rule_141(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.bad_date(ep::DECOM));
}
info!(R142, "142", [Episodes], "A new episode starts before the previous one has ended (an earlier episode has no end date or reason)");
fn rule_142(c: &Ctx, o: &mut Out) {
    each_seq(c, o, |eps, i| i + 1 < eps.len() && (eps[i].1.blank(ep::DEC) || eps[i].1.blank(ep::REC)));
}
info!(R143, "143", [Episodes], "Reason for new episode is not a valid code");
fn rule_143(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.has(ep::RNE) && !r.is(ep::RNE, codes::RNE));
}
info!(R144, "144", [Episodes], "Legal status is not a valid code");
fn rule_144(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.has(ep::LS) && !r.is(ep::LS, codes::LS));
}
info!(R145, "145", [Episodes], "Category of need is not a valid code");
fn rule_145(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.has(ep::CIN) && !r.is(ep::CIN, codes::CIN));
}
info!(R146, "146", [Episodes], "Placement type is not a valid code for the collection year");
fn rule_146(c: &Ctx, o: &mut Out) {
    let ok = place_codes(c.year);
    each(c, EP, o, |r| r.has(ep::PLACE) && !r.is(ep::PLACE, &ok));
}
info!(R147, "147", [Episodes], "Date episode ceased is not a valid date");
fn rule_147(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.bad_date(ep::DEC));
}
info!(R148, "148", [Episodes], "Date episode ceased and reason episode ceased must both be given or both be blank");
fn rule_148(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.has(ep::DEC) != r.has(ep::REC));
}
info!(R149, "149", [Episodes], "Reason episode ceased is not a valid code");
fn rule_149(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.has(ep::REC) && !r.is(ep::REC, codes::REC));
}
info!(R178, "178", [Episodes], "Placement provider is not a valid code, or is given for a placement that takes no provider");
fn rule_178(c: &Ctx, o: &mut Out) {
    // DfE: no provider for any temporary placement (T0-T4) or "other" placement.
    // The peer's 2025-26 version leaves T4 out of that list.
    let none = no_provider(c.year);
    each(c, EP, o, |r| r.has(ep::PLACE_PROVIDER) && (!r.is(ep::PLACE_PROVIDER, codes::PLACE_PROVIDER) || r.is(ep::PLACE, none)));
}
info!(R213, "213", [Episodes], "Placement provider is given for a temporary placement");
fn rule_213(c: &Ctx, o: &mut Out) {
    let none: &[&str] = if c.year >= RulesYear::Y2025_26 { no_provider(c.year) } else { TEMP };
    each(c, EP, o, |r| r.has(ep::PLACE_PROVIDER) && r.is(ep::PLACE, none));
}
info!(R214, "214", [Episodes], "Placement postcode or URN is given for a short-break (V3/V4) episode");
fn rule_214(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| short_break(r) && (r.has(ep::PL_POST) || r.has(ep::URN)));
}
info!(R217, "217", [Episodes], "Placed for adoption with current foster carer (A3/A5) from 1 April 2015 must start with reason S, T or U");
fn rule_217(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| {
        r.is(ep::PLACE, &["A3", "A5"]) && r.d(ep::DECOM).is_some_and(|d| d >= date(2015, 4, 1)) && !r.is(ep::RNE, &["S", "T", "U"])
    });
}
info!(R217T, "217t", [Episodes], "Independent living (P2) is not a valid placement for episodes open after 28 October 2023");
fn rule_217t(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::PLACE, &["P2"]) && (r.blank(ep::DEC) || r.d(ep::DEC).is_some_and(|d| d > date(2023, 10, 28))));
}
info!(R222, "222", [Episodes], "URN is given for a placement type that is not registered with Ofsted");
fn rule_222(c: &Ctx, o: &mut Out) {
    let list: &[&str] = match c.year {
        RulesYear::Y2022_23 => &["H5", "P1", "P2", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"],
        RulesYear::Y2023_24 => &["P1", "P2", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"],
        RulesYear::Y2024_25 => &["P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"],
        _ => &["P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"],
    };
    each(c, EP, o, |r| r.has(ep::URN) && !r.is(ep::URN, &["XXXXXXX"]) && r.is(ep::PLACE, list));
}
info!(R225, "225", [Episodes], "Reason for placement change is missing for a placement change");
fn rule_225(c: &Ctx, o: &mut Out) {
    each_seq(c, o, |eps, i| {
        let (e, next) = (eps[i].1, eps.get(i + 1).map(|x| x.1));
        e.is(ep::REC, &["X1"])
            && e.blank(ep::REASON_PLACE_CHANGE)
            && !e.is(ep::PLACE, TEMP)
            && next.is_some_and(|n| n.is(ep::RNE, &["P", "B", "T", "U"]) && !n.is(ep::PLACE, TEMP))
    });
}
info!(R226, "226", [Episodes], "Reason for placement change is given for a temporary placement or the move into one");
fn rule_226(c: &Ctx, o: &mut Out) {
    // The temporary placement's row is flagged, whether the reason is on it or
    // on the episode before it (the move into it), as the peer reports it.
    each_seq(c, o, |eps, i| {
        let e = eps[i].1;
        e.is(ep::PLACE, TEMP) && (e.has(ep::REASON_PLACE_CHANGE) || (i > 0 && eps[i - 1].1.has(ep::REASON_PLACE_CHANGE)))
    });
}
info!(R233, "233", [Episodes], "Reason for placement change is given on an episode that has not ended");
fn rule_233(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.has(ep::REASON_PLACE_CHANGE) && r.blank(ep::DEC));
}
info!(R234, "234", [Episodes, Header], "Placement change into custody (CUSTOD) for a child under 10");
fn rule_234(c: &Ctx, o: &mut Out) {
    // DfE wording: the reason is recorded on the episode that ends, so the
    // child's age is tested at the start of the next episode. The peer tests
    // the episode carrying the reason against its own start date.
    for (child, eps) in by_child(c.cur) {
        let Some(dob) = c.cur.dob(child) else { continue };
        for w in eps.windows(2) {
            if w[0].1.is(ep::REASON_PLACE_CHANGE, &["CUSTOD"]) && w[1].1.d(ep::DECOM).is_some_and(|d| !aged(dob, 10, d)) {
                o.flag(EP, w[1].0);
                o.flag_all(Table::Header, c.cur.of(Table::Header, child));
            }
        }
    }
}
info!(
    R242,
    "242",
    [Episodes],
    "URN XXXXXXX (provider not inspected by Ofsted) is only for placements for adoption (A3-A6) or fostering (U1-U6)"
);
fn rule_242(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::URN, &["XXXXXXX"]) && !r.is(ep::PLACE, ADOPTION_PLACE) && !r.is(ep::PLACE, FOSTER));
}
info!(R302, "302", [Episodes, Header], "The child's first episode starts before the date of birth");
fn rule_302(c: &Ctx, o: &mut Out) {
    for (child, eps) in by_child(c.cur) {
        if let (Some(dob), Some((n, first))) = (c.cur.dob(child), eps.first())
            && first.d(ep::DECOM).is_some_and(|d| d < dob)
        {
            o.flag(EP, *n);
            o.flag_all(Table::Header, c.cur.of(Table::Header, child));
        }
    }
}
info!(R336, "336", [Episodes], "Placement for adoption with current foster carer (A3/A5) does not follow a foster or adoption placement");
fn rule_336(c: &Ctx, o: &mut Out) {
    // DfE wording: A3/A5 ("with current foster carer"); the peer checks A3/A4.
    each_seq(c, o, |eps, i| {
        i > 0 && eps[i].1.is(ep::PLACE, &["A3", "A5"]) && !eps[i - 1].1.is(ep::PLACE, ADOPTION_PLACE) && !eps[i - 1].1.is(ep::PLACE, FOSTER)
    });
}
info!(R352, "352", [Episodes, Header], "Child started to be looked after on or after their 18th birthday");
fn rule_352(c: &Ctx, o: &mut Out) {
    each_age(c, o, |r, dob| r.is(ep::RNE, &["S"]) && r.d(ep::DECOM).is_some_and(|d| aged(dob, 18, d)));
}
info!(R353, "353", [Episodes], "Episode started before 14 October 1991");
fn rule_353(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.d(ep::DECOM).is_some_and(|d| d < date(1991, 10, 14)));
}
info!(R354, "354", [Episodes], "Episode starts after the end of the collection year");
fn rule_354(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.d(ep::DECOM).is_some_and(|d| d > c.end));
}
info!(R355, "355", [Episodes], "Episode started and ceased on the same day (lasted less than 24 hours)");
fn rule_355(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.has(ep::DEC) && r.s(ep::DECOM) == r.s(ep::DEC));
}
info!(R356, "356", [Episodes], "Date episode ceased is before the date it started");
fn rule_356(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| matches!((r.d(ep::DECOM), r.d(ep::DEC)), (Some(s), Some(e)) if e < s));
}
info!(R357, "357", [Episodes], "The child's first episode starts in the collection year but its reason for new episode is not S");
fn rule_357(c: &Ctx, o: &mut Out) {
    each_seq(c, o, |eps, i| i == 0 && eps[0].1.d(ep::DECOM).is_some_and(|d| d >= c.start) && !eps[0].1.is(ep::RNE, &["S"]));
}
info!(R358, "358", [Episodes, Header], "Remand, PACE or youth rehabilitation order legal status (J1-J3) for a child aged 10 or under");
fn rule_358(c: &Ctx, o: &mut Out) {
    each_age_both(c, o, |r, dob| r.is(ep::LS, &["J1", "J2", "J3"]) && r.d(ep::DECOM).is_some_and(|d| d <= birthday(dob, 10)));
}
info!(
    R359,
    "359",
    [Episodes, Header],
    "Young person aged 18 or over at 31 March is still looked after other than under V2 in a children's home (K2)"
);
fn rule_359(c: &Ctx, o: &mut Out) {
    each_age(c, o, |r, dob| {
        r.blank(ep::DEC) && r.blank(ep::REC) && aged(dob, 18, c.end) && !(r.is(ep::LS, &["V2"]) && r.is(ep::PLACE, &["K2"]))
    });
}

/// Flags runs of consecutive episodes with legal status `ls` (each starting
/// the day the previous ended) lasting more than `max` days in all.
fn status_runs(c: &Ctx, o: &mut Out, ls: &str, max: i64) {
    for (_, eps) in by_child(c.cur) {
        let mut i = 0;
        while i < eps.len() {
            if !eps[i].1.is(ep::LS, &[ls]) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < eps.len()
                && eps[j + 1].1.is(ep::LS, &[ls])
                && eps[j].1.d(ep::DEC).is_some()
                && eps[j].1.d(ep::DEC) == eps[j + 1].1.d(ep::DECOM)
            {
                j += 1;
            }
            if let (Some(s), Some(e)) = (eps[i].1.d(ep::DECOM), end_or_year_end(c, eps[j].1))
                && days(s, e) > max
            {
                for x in &eps[i..=j] {
                    o.flag(EP, x.0);
                }
            }
            i = j + 1;
        }
    }
}

info!(R361, "361", [Episodes], "Police protection (L1) lasted more than 72 hours");
fn rule_361(c: &Ctx, o: &mut Out) {
    status_runs(c, o, "L1", 3);
}
info!(R362, "362", [Episodes], "Emergency protection order (L2) lasted more than 21 days");
fn rule_362(c: &Ctx, o: &mut Out) {
    status_runs(c, o, "L2", 21);
}
info!(R363, "363", [Episodes], "Child assessment order (L3) lasted more than 7 days");
fn rule_363(c: &Ctx, o: &mut Out) {
    status_runs(c, o, "L3", 7);
}
info!(R364, "364", [Episodes], "Accommodation under PACE (J2) lasted more than 21 days");
fn rule_364(c: &Ctx, o: &mut Out) {
    status_runs(c, o, "J2", 21);
}
info!(R365, "365", [Episodes], "A single short break (V3) lasted more than 17 days");
fn rule_365(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::LS, &["V3"]) && matches!((r.d(ep::DECOM), end_or_year_end(c, r)), (Some(s), Some(e)) if days(s, e) > 17));
}
info!(R366, "366", [Episodes], "A short break (V3) episode must start with reason S");
fn rule_366(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::LS, &["V3"]) && !r.is(ep::RNE, &["S"]));
}
info!(R367, "367", [Episodes], "Short breaks (V3) in the year add up to more than 75 days");
fn rule_367(c: &Ctx, o: &mut Out) {
    // Days of V3 episodes inside the collection year (an open one runs to 31
    // March); the episodes that overlap the year are flagged.
    for (_, eps) in by_child(c.cur) {
        let mut total = 0;
        let mut in_year = Vec::new();
        for (n, e) in eps.iter().filter(|(_, e)| e.is(ep::LS, &["V3"])) {
            let (Some(s), Some(end)) = (e.d(ep::DECOM), end_or_year_end(c, e)) else { continue };
            let (s, end) = (s.max(c.start), end.min(c.end));
            if s <= end {
                total += days(s, end);
                in_year.push(*n);
            }
        }
        if total > 75 {
            o.flag_all(EP, &in_year);
        }
    }
}

/// An episode of placement type in `places` started before the `age`-th birthday.
fn starts_before_age(c: &Ctx, o: &mut Out, places: &[&str], age: i32) {
    // DfE wording tests the start of every such placement; the peer leaves
    // out episodes that have not ended.
    each_age(c, o, |r, dob| r.is(ep::PLACE, places) && r.d(ep::DECOM).is_some_and(|d| !aged(dob, age, d)));
}

info!(R370, "370", [Episodes, Header], "Independent living (P2) placement started before the minimum age (15; 16 from 2023-24)");
fn rule_370(c: &Ctx, o: &mut Out) {
    starts_before_age(c, o, &["P2"], if c.year >= RulesYear::Y2023_24 { 16 } else { 15 });
}
info!(
    R371,
    "371",
    [Episodes, Header],
    "Semi-independent or supported accommodation (H5; K3 from 2024-25) placement started before the minimum age"
);
fn rule_371(c: &Ctx, o: &mut Out) {
    match c.year {
        RulesYear::Y2022_23 => starts_before_age(c, o, &["H5"], 14),
        RulesYear::Y2023_24 => starts_before_age(c, o, &["H5"], 16),
        _ => starts_before_age(c, o, &["K3"], 16),
    }
}
info!(R372, "372", [Episodes, Header], "Young offender institution (R5) placement started before the 10th birthday");
fn rule_372(c: &Ctx, o: &mut Out) {
    starts_before_age(c, o, &["R5"], 10);
}
info!(R373, "373", [Episodes, Header], "Residential school (S1) placement started before the 4th birthday");
fn rule_373(c: &Ctx, o: &mut Out) {
    starts_before_age(c, o, &["S1"], 4);
}
info!(R374, "374", [Episodes, Header], "Residential employment (P3) placement started before the 14th birthday");
fn rule_374(c: &Ctx, o: &mut Out) {
    starts_before_age(c, o, &["P3"], 14);
}

/// A `place` episode lasting more than `max` days (an open one runs to the collection end).
fn longer_than(c: &Ctx, o: &mut Out, place: &str, max: i64) {
    // The peer does not check open episodes; an open temporary placement has
    // lasted at least until the end of the year, so we do.
    each(c, EP, o, |r| {
        r.is(ep::PLACE, &[place]) && matches!((r.d(ep::DECOM), end_or_year_end(c, r)), (Some(s), Some(e)) if days(s, e) > max)
    });
}

info!(R375, "375", [Episodes], "Temporary hospital placement (T1) lasted more than 42 days");
fn rule_375(c: &Ctx, o: &mut Out) {
    longer_than(c, o, "T1", 42);
}
info!(R376, "376", [Episodes], "Temporary placement while the foster carer is on holiday (T3) lasted more than 21 days");
fn rule_376(c: &Ctx, o: &mut Out) {
    longer_than(c, o, "T3", 21);
}
info!(R377, "377", [Episodes], "More than two temporary placements while the foster carer is on holiday (T3) in the year");
fn rule_377(c: &Ctx, o: &mut Out) {
    // DfE wording: within 12 months. We count T3 episodes overlapping the
    // collection year; the peer counts them across the whole file.
    for (_, eps) in by_child(c.cur) {
        let t3: Vec<usize> = eps
            .iter()
            .filter(|(_, e)| {
                e.is(ep::PLACE, &["T3"]) && e.d(ep::DECOM).is_some_and(|s| s <= c.end) && e.d(ep::DEC).is_none_or(|d| d >= c.start)
            })
            .map(|(n, _)| *n)
            .collect();
        if t3.len() > 2 {
            o.flag_all(EP, &t3);
        }
    }
}
info!(R378, "378", [Episodes], "Placed with parents (P1) is not allowed with a single period of accommodation (V2)");
fn rule_378(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::PLACE, &["P1"]) && r.is(ep::LS, &["V2"]));
}
info!(R379, "379", [Episodes], "Temporary move of 7 days or less (T4) lasted more than 7 days");
fn rule_379(c: &Ctx, o: &mut Out) {
    longer_than(c, o, "T4", 7);
}
info!(R380, "380", [Episodes], "A temporary placement (T0-T4) cannot start a period of care: reason for new episode must be P or B");
fn rule_380(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::PLACE, TEMP) && !r.is(ep::RNE, &["P", "B"]));
}
info!(R381, "381", [Episodes], "A temporary placement (T0-T4) cannot end a period of care: reason episode ceased must be X1");
fn rule_381(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::PLACE, TEMP) && r.has(ep::REC) && !r.is(ep::REC, &["X1"]));
}
info!(R382, "382", [Episodes], "A temporary placement (T0-T4) cannot be made during short breaks (V3/V4)");
fn rule_382(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::PLACE, TEMP) && short_break(r));
}
info!(
    R383,
    "383",
    [Episodes],
    "After a temporary placement the child must return to the previous placement (reason P, same placement type)"
);
fn rule_383(c: &Ctx, o: &mut Out) {
    let same_post = c.year >= RulesYear::Y2025_26;
    each_seq(c, o, |eps, i| {
        // The episode after the temporary one is flagged.
        if i < 2 || !eps[i - 1].1.is(ep::PLACE, TEMP) {
            return false;
        }
        let (before, after) = (eps[i - 2].1, eps[i].1);
        !after.is(ep::RNE, &["P"])
            || after.s(ep::PLACE) != before.s(ep::PLACE)
            || (same_post && after.s(ep::PL_POST) != before.s(ep::PL_POST))
    });
}
info!(R384, "384", [Episodes], "Long-term fostering (U1/U4) is not a valid placement for short breaks (V3/V4)");
fn rule_384(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| short_break(r) && r.is(ep::PLACE, &["U1", "U4"]));
}
info!(R385, "385", [Episodes], "Date episode ceased is after the end of the collection year");
fn rule_385(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.d(ep::DEC).is_some_and(|d| d > c.end));
}
info!(R386, "386", [Episodes, Header], "Adopted (E11/E12) on or after the 18th birthday");
fn rule_386(c: &Ctx, o: &mut Out) {
    each_age(c, o, |r, dob| r.is(ep::REC, &["E11", "E12"]) && end_or_year_end(c, r).is_some_and(|d| aged(dob, 18, d)));
}
info!(R387, "387", [Episodes, Header], "Moved to independent living (E5/E6) before the 14th birthday");
fn rule_387(c: &Ctx, o: &mut Out) {
    each_age(c, o, |r, dob| r.is(ep::REC, &["E5", "E6"]) && end_or_year_end(c, r).is_some_and(|d| !aged(dob, 14, d)));
}
info!(
    R388,
    "388",
    [Episodes],
    "Reason episode ceased X1 is inconsistent with the next episode (X1 only when a new episode starts the same day, and then always)"
);
fn rule_388(c: &Ctx, o: &mut Out) {
    each_seq(c, o, |eps, i| {
        let e = eps[i].1;
        match eps.get(i + 1) {
            Some((_, next)) => {
                let continues = e.d(ep::DEC).is_some() && e.d(ep::DEC) == next.d(ep::DECOM);
                (e.is(ep::REC, &["X1"]) && !continues) || (continues && !e.is(ep::REC, &["X1"]))
            }
            None => e.is(ep::REC, &["X1"]),
        }
    });
}
info!(R389, "389", [Episodes, Header], "Transferred to adult social care (E7) before the 16th birthday");
fn rule_389(c: &Ctx, o: &mut Out) {
    each_age(c, o, |r, dob| r.is(ep::REC, &["E7"]) && r.d(ep::DEC).is_none_or(|d| !aged(dob, 16, d)));
}
info!(R390, "390", [Episodes], "Adopted (E11/E12) from a placement that is not a placement for adoption (A3-A6)");
fn rule_390(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::REC, &["E11", "E12"]) && !r.is(ep::PLACE, ADOPTION_PLACE));
}

/// Children who are or were UASC (this year's UASC flag or table, or last year's).
pub(crate) fn ever_uasc(c: &Ctx, child: &str) -> bool {
    let in_ret = |r: &super::super::model::Return| {
        r.header(child).is_some_and(|h| h.is(col::hdr::UASC, &["1"])) || !r.of(Table::Uasc, child).is_empty()
    };
    in_ret(c.cur) || c.prev.is_some_and(in_ret)
}

info!(R392B, "392b", [Episodes], "Home or placement postcode is missing (other than for short breaks or UASC)");
fn rule_392b(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| !short_break(r) && (r.blank(ep::HOME_POST) || r.blank(ep::PL_POST)) && !ever_uasc(c, r.child()));
}
info!(R392D, "392d", [Episodes], "Home and placement postcodes are the same for a placement other than with parents (P1)");
fn rule_392d(c: &Ctx, o: &mut Out) {
    let norm = |s: &str| s.replace(' ', "");
    each(c, EP, o, |r| {
        !r.is(ep::PLACE, &["P1"]) && matches!((r.s(ep::HOME_POST), r.s(ep::PL_POST)), (Some(h), Some(p)) if norm(h) == norm(p))
    });
}
info!(R398, "398", [Episodes], "Home or placement postcode is given for a short-break (V3/V4) episode");
fn rule_398(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| short_break(r) && (r.has(ep::HOME_POST) || r.has(ep::PL_POST)));
}
info!(R399, "399", [Episodes, Header, Reviews], "Child looked after only for short breaks has mother status or reviews recorded");
fn rule_399(c: &Ctx, o: &mut Out) {
    for (child, eps) in by_child(c.cur) {
        if eps.iter().all(|(_, e)| short_break(e)) {
            let hdr_rows = c.cur.of(Table::Header, child);
            let mother = hdr_rows.iter().any(|&n| c.cur.row(Table::Header, n).has(col::hdr::MOTHER));
            let reviews = c.cur.of(Table::Reviews, child);
            let review_filled = reviews.iter().any(|&n| {
                let r = c.cur.row(Table::Reviews, n);
                r.has(col::rev::REVIEW) || r.has(col::rev::REVIEW_CODE)
            });
            if mother || review_filled {
                o.flag_all(Table::Header, hdr_rows);
                o.flag_all(Table::Reviews, reviews);
                for (n, _) in &eps {
                    o.flag(EP, *n);
                }
            }
        }
    }
}
info!(R407, "407", [Episodes, Header], "Special guardianship order (E45-E48) after the 18th birthday");
fn rule_407(c: &Ctx, o: &mut Out) {
    each_age_both(c, o, |r, dob| {
        r.is(ep::REC, &["E45", "E46", "E47", "E48"]) && end_or_year_end(c, r).is_some_and(|d| d > birthday(dob, 18))
    });
}
info!(R408, "408", [Episodes], "Placed for adoption under a placement order (A5/A6) but legal status is not E1");
fn rule_408(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::PLACE, &["A5", "A6"]) && !r.is(ep::LS, &["E1"]));
}
info!(R426, "426", [Episodes], "Child has both V3 and V4 short-break episodes in the year");
fn rule_426(c: &Ctx, o: &mut Out) {
    for (_, eps) in by_child(c.cur) {
        let has = |ls: &str| eps.iter().any(|(_, e)| e.is(ep::LS, &[ls]));
        if has("V3") && has("V4") {
            for (n, e) in &eps {
                if short_break(e) {
                    o.flag(EP, *n);
                }
            }
        }
    }
}
info!(R431, "431", [Episodes], "A new period of care (reason S) starts on or before the day the previous episode ended");
fn rule_431(c: &Ctx, o: &mut Out) {
    each_seq(c, o, |eps, i| {
        i > 0 && eps[i].1.is(ep::RNE, &["S"]) && matches!((eps[i].1.d(ep::DECOM), eps[i - 1].1.d(ep::DEC)), (Some(s), Some(p)) if s <= p)
    });
}
info!(R432, "432", [Episodes], "The previous episode ended the period of care but this episode's reason for new episode is not S");
fn rule_432(c: &Ctx, o: &mut Out) {
    each_seq(c, o, |eps, i| {
        i > 0 && eps[i - 1].1.s(ep::REC).is_some_and(|r| r.starts_with('E')) && eps[i].1.has(ep::RNE) && !eps[i].1.is(ep::RNE, &["S"])
    });
}
info!(
    R433,
    "433",
    [Episodes],
    "Episode continues a period of care (reason P, L, T, U or B) but does not start the day the previous one ended"
);
fn rule_433(c: &Ctx, o: &mut Out) {
    each_seq(c, o, |eps, i| {
        i > 0 && eps[i].1.is(ep::RNE, &["P", "L", "T", "U", "B"]) && {
            let (s, p) = (eps[i].1.d(ep::DECOM), eps[i - 1].1.d(ep::DEC));
            s.is_none() || p.is_none() || s != p
        }
    });
}

/// Whether the legal status, and any placement field, changed from the previous episode.
fn changes(prev: &Row, e: &Row) -> (bool, bool) {
    let ls = prev.s(ep::LS) != e.s(ep::LS);
    let place = [ep::PLACE, ep::PL_POST, ep::URN, ep::PLACE_PROVIDER].iter().any(|&f| prev.s(f) != e.s(f));
    (ls, place)
}

info!(
    R434,
    "434",
    [Episodes],
    "Reason for new episode is L (legal status change only) but the legal status did not change or the placement did"
);
fn rule_434(c: &Ctx, o: &mut Out) {
    each_seq(c, o, |eps, i| {
        i > 0 && eps[i].1.is(ep::RNE, &["L"]) && {
            let (ls, place) = changes(eps[i - 1].1, eps[i].1);
            !ls || place
        }
    });
}
info!(
    R435,
    "435",
    [Episodes],
    "Reason for new episode is P or T (placement change only) but the legal status changed or the placement did not"
);
fn rule_435(c: &Ctx, o: &mut Out) {
    each_seq(c, o, |eps, i| {
        i > 0 && eps[i].1.is(ep::RNE, &["P", "T"]) && {
            let (ls, place) = changes(eps[i - 1].1, eps[i].1);
            ls || !place
        }
    });
}
info!(R436, "436", [Episodes], "Reason for new episode is B or U (legal status and placement change) but one of them did not change");
fn rule_436(c: &Ctx, o: &mut Out) {
    each_seq(c, o, |eps, i| {
        i > 0 && eps[i].1.is(ep::RNE, &["B", "U"]) && {
            let (ls, place) = changes(eps[i - 1].1, eps[i].1);
            !ls || !place
        }
    });
}
info!(R437, "437", [Episodes], "Episode ended because the child died (E2) or was assessed as 18 or over (E15), but later episodes follow");
fn rule_437(c: &Ctx, o: &mut Out) {
    each_seq(c, o, |eps, i| i + 1 < eps.len() && eps[i].1.is(ep::REC, &["E2", "E15"]));
}
info!(R445, "445", [Episodes], "Freeing order (D1) on an episode starting after 31 December 2005");
fn rule_445(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::LS, &["D1"]) && r.d(ep::DECOM).is_some_and(|d| d > date(2005, 12, 31)));
}
info!(R446, "446", [Episodes], "Placement order (E1) on an episode starting before 1 December 2005");
fn rule_446(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::LS, &["E1"]) && r.d(ep::DECOM).is_some_and(|d| d < date(2005, 12, 1)));
}
info!(R451, "451", [Episodes], "Open episode under a freeing order (D1): freeing orders ended on 30 December 2005");
fn rule_451(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::LS, &["D1"]) && r.blank(ep::DEC) && r.blank(ep::REC));
}
info!(R460, "460", [Episodes, Header], "Stayed with carers after 18 (E17) but the episode ended before the 18th birthday");
fn rule_460(c: &Ctx, o: &mut Out) {
    each_age(c, o, |r, dob| r.is(ep::REC, &["E17"]) && r.d(ep::DEC).is_some_and(|d| !aged(dob, 18, d)));
}
info!(R501, "501", [Episodes], "Episode starts before the previous episode ended (episodes overlap)");
fn rule_501(c: &Ctx, o: &mut Out) {
    each_seq(c, o, |eps, i| i > 0 && matches!((eps[i].1.d(ep::DECOM), eps[i - 1].1.d(ep::DEC)), (Some(s), Some(p)) if s < p));
}
info!(R504, "504", [Episodes], "Category of need changes within a period of care");
fn rule_504(c: &Ctx, o: &mut Out) {
    each_seq(c, o, |eps, i| {
        i > 0 && {
            let (p, e) = (eps[i - 1].1, eps[i].1);
            p.is(ep::REC, &["X1"]) && p.d(ep::DEC).is_some() && p.d(ep::DEC) == e.d(ep::DECOM) && p.s(ep::CIN) != e.s(ep::CIN)
        }
    });
}
info!(
    R516,
    "516",
    [Episodes],
    "Special guardianship order to former foster carers (E45/E46) from a placement that is not fostering (U1-U6)"
);
fn rule_516(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::REC, &["E45", "E46"]) && !r.is(ep::PLACE, FOSTER));
}
info!(R526, "526", [Episodes], "Placement provider is missing");
fn rule_526(c: &Ctx, o: &mut Out) {
    let none = no_provider(c.year);
    each(c, EP, o, |r| r.has(ep::PLACE) && r.blank(ep::PLACE_PROVIDER) && !r.is(ep::PLACE, none));
}
info!(
    R527,
    "527",
    [Episodes],
    "Own LA provision (PR1) is not valid for placements with parents (P1), in NHS/health (R2) or young offender institutions (R5)"
);
fn rule_527(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::PLACE_PROVIDER, &["PR1"]) && r.is(ep::PLACE, &["P1", "R2", "R5"]));
}
info!(
    R528,
    "528",
    [Episodes],
    "Other LA provision (PR2) is not valid for placements with parents (P1), in NHS/health (R2) or young offender institutions (R5)"
);
fn rule_528(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::PLACE_PROVIDER, &["PR2"]) && r.is(ep::PLACE, &["P1", "R2", "R5"]));
}
info!(R529, "529", [Episodes], "Other public provision (PR3) is not valid for adoption, children's home, parent or foster placements");
fn rule_529(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| {
        r.is(ep::PLACE_PROVIDER, &["PR3"])
            && (r.is(ep::PLACE, ADOPTION_PLACE) || r.is(ep::PLACE, FOSTER) || r.is(ep::PLACE, &["K1", "K2", "P1"]))
    });
}
info!(R530, "530", [Episodes], "Private provision (PR4) is not valid for placements with parents (P1)");
fn rule_530(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::PLACE_PROVIDER, &["PR4"]) && r.is(ep::PLACE, &["P1"]));
}
info!(R531, "531", [Episodes], "Voluntary provision (PR5) is not valid for placements with parents (P1)");
fn rule_531(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::PLACE_PROVIDER, &["PR5"]) && r.is(ep::PLACE, &["P1"]));
}
info!(R550, "550", [Episodes], "Provider PR0 (parents) is only valid for placements with parents (P1)");
fn rule_550(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.is(ep::PLACE_PROVIDER, &["PR0"]) && !r.is(ep::PLACE, &["P1"]));
}
info!(R1009, "1009", [Episodes], "Reason for placement change is not a valid code");
fn rule_1009(c: &Ctx, o: &mut Out) {
    each(c, EP, o, |r| r.has(ep::REASON_PLACE_CHANGE) && !r.is(ep::REASON_PLACE_CHANGE, codes::REASON_PLACE_CHANGE));
}
info!(R199, "199", [Episodes], "Child was previously adopted from care (an episode follows an adoption) and must have a new child id");
fn rule_199(c: &Ctx, o: &mut Out) {
    // Episodes after an adoption exit this year, or starting on or after the
    // date of an adoption exit in last year's return.
    for (child, eps) in by_child(c.cur) {
        let adopted_last_year: Option<NaiveDate> = c.prev.and_then(|p| {
            episodes_of(p, child).iter().filter(|(_, e)| e.is(ep::REC, &["E11", "E12"])).filter_map(|(_, e)| e.d(ep::DEC)).min()
        });
        let first_adoption = eps.iter().position(|(_, e)| e.is(ep::REC, &["E11", "E12"]));
        for (i, (n, e)) in eps.iter().enumerate() {
            let after_last_year = adopted_last_year.is_some_and(|a| e.d(ep::DECOM).is_some_and(|d| d >= a));
            if after_last_year || first_adoption.is_some_and(|a| i > a) {
                o.flag(EP, *n);
            }
        }
    }
}

pub(crate) const RULES: &[Rule] = &[
    Rule::new(&R141, ALL, rule_141),
    Rule::new(&R142, ALL, rule_142),
    Rule::new(&R143, ALL, rule_143),
    Rule::new(&R144, ALL, rule_144),
    Rule::new(&R145, ALL, rule_145),
    Rule::new(&R146, ALL, rule_146),
    Rule::new(&R147, ALL, rule_147),
    Rule::new(&R148, ALL, rule_148),
    Rule::new(&R149, ALL, rule_149),
    Rule::new(&R178, ALL, rule_178),
    Rule::new(&R199, ALL, rule_199),
    Rule::new(&R213, ALL, rule_213),
    Rule::new(&R214, ALL, rule_214),
    Rule::new(&R217, ALL, rule_217),
    Rule::new(&R217T, ONLY_23, rule_217t),
    Rule::new(&R222, ALL, rule_222),
    Rule::new(&R225, ALL, rule_225),
    Rule::new(&R226, ALL, rule_226),
    Rule::new(&R233, FROM_25, rule_233),
    Rule::new(&R234, FROM_25, rule_234),
    Rule::new(&R242, FROM_25, rule_242),
    Rule::new(&R302, ALL, rule_302),
    Rule::new(&R336, ALL, rule_336),
    Rule::new(&R352, ALL, rule_352),
    Rule::new(&R353, ALL, rule_353),
    Rule::new(&R354, ALL, rule_354),
    Rule::new(&R355, ALL, rule_355),
    Rule::new(&R356, ALL, rule_356),
    Rule::new(&R357, ALL, rule_357),
    Rule::new(&R358, ALL, rule_358),
    Rule::new(&R359, ALL, rule_359),
    Rule::new(&R361, ALL, rule_361),
    Rule::new(&R362, ALL, rule_362),
    Rule::new(&R363, ALL, rule_363),
    Rule::new(&R364, ALL, rule_364),
    Rule::new(&R365, ALL, rule_365),
    Rule::new(&R366, ALL, rule_366),
    Rule::new(&R367, ALL, rule_367),
    Rule::new(&R370, TO_23, rule_370),
    Rule::new(&R371, ALL, rule_371),
    Rule::new(&R372, ALL, rule_372),
    Rule::new(&R373, ALL, rule_373),
    Rule::new(&R374, ALL, rule_374),
    Rule::new(&R375, ALL, rule_375),
    Rule::new(&R376, ALL, rule_376),
    Rule::new(&R377, ALL, rule_377),
    Rule::new(&R378, ALL, rule_378),
    Rule::new(&R379, ALL, rule_379),
    Rule::new(&R380, ALL, rule_380),
    Rule::new(&R381, ALL, rule_381),
    Rule::new(&R382, ALL, rule_382),
    Rule::new(&R383, ALL, rule_383),
    Rule::new(&R384, ALL, rule_384),
    Rule::new(&R385, ALL, rule_385),
    Rule::new(&R386, ALL, rule_386),
    Rule::new(&R387, ALL, rule_387),
    Rule::new(&R388, ALL, rule_388),
    Rule::new(&R389, ALL, rule_389),
    Rule::new(&R390, ALL, rule_390),
    Rule::new(&R392B, ALL, rule_392b),
    Rule::new(&R392D, ALL, rule_392d),
    Rule::new(&R398, ALL, rule_398),
    Rule::new(&R399, ALL, rule_399),
    Rule::new(&R407, ALL, rule_407),
    Rule::new(&R408, ALL, rule_408),
    Rule::new(&R426, ALL, rule_426),
    Rule::new(&R431, ALL, rule_431),
    Rule::new(&R432, ALL, rule_432),
    Rule::new(&R433, ALL, rule_433),
    Rule::new(&R434, ALL, rule_434),
    Rule::new(&R435, ALL, rule_435),
    Rule::new(&R436, ALL, rule_436),
    Rule::new(&R437, ALL, rule_437),
    Rule::new(&R445, TO_23, rule_445),
    Rule::new(&R446, ALL, rule_446),
    Rule::new(&R451, TO_23, rule_451),
    Rule::new(&R460, ALL, rule_460),
    Rule::new(&R501, ALL, rule_501),
    Rule::new(&R504, ALL, rule_504),
    Rule::new(&R516, ALL, rule_516),
    Rule::new(&R526, ALL, rule_526),
    Rule::new(&R527, ALL, rule_527),
    Rule::new(&R528, ALL, rule_528),
    Rule::new(&R529, ALL, rule_529),
    Rule::new(&R530, ALL, rule_530),
    Rule::new(&R531, ALL, rule_531),
    Rule::new(&R550, ALL, rule_550),
    Rule::new(&R1009, ALL, rule_1009),
];
