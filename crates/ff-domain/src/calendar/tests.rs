use super::*;
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    ymd(y, m, d)
}

fn default_cal() -> WorkingCalendar {
    WorkingCalendar::england_and_wales_default()
}

// ---- seed table --------------------------------------------------------

#[test]
fn seed_matches_section_11_3_dates() {
    let seed = england_and_wales_bank_holidays_2022_2028();
    let expected: Vec<NaiveDate> = [
        (2022, 1, 3),
        (2022, 4, 15),
        (2022, 4, 18),
        (2022, 5, 2),
        (2022, 6, 2),
        (2022, 6, 3),
        (2022, 8, 29),
        (2022, 9, 19),
        (2022, 12, 26),
        (2022, 12, 27),
        (2023, 1, 2),
        (2023, 4, 7),
        (2023, 4, 10),
        (2023, 5, 1),
        (2023, 5, 8),
        (2023, 5, 29),
        (2023, 8, 28),
        (2023, 12, 25),
        (2023, 12, 26),
        (2024, 1, 1),
        (2024, 3, 29),
        (2024, 4, 1),
        (2024, 5, 6),
        (2024, 5, 27),
        (2024, 8, 26),
        (2024, 12, 25),
        (2024, 12, 26),
        (2025, 1, 1),
        (2025, 4, 18),
        (2025, 4, 21),
        (2025, 5, 5),
        (2025, 5, 26),
        (2025, 8, 25),
        (2025, 12, 25),
        (2025, 12, 26),
        (2026, 1, 1),
        (2026, 4, 3),
        (2026, 4, 6),
        (2026, 5, 4),
        (2026, 5, 25),
        (2026, 8, 31),
        (2026, 12, 25),
        (2026, 12, 28),
        (2027, 1, 1),
        (2027, 3, 26),
        (2027, 3, 29),
        (2027, 5, 3),
        (2027, 5, 31),
        (2027, 8, 30),
        (2027, 12, 27),
        (2027, 12, 28),
        (2028, 1, 3),
        (2028, 4, 14),
        (2028, 4, 17),
        (2028, 5, 1),
        (2028, 5, 29),
        (2028, 8, 28),
        (2028, 12, 25),
        (2028, 12, 26),
    ]
    .iter()
    .map(|&(y, m, d)| date(y, m, d))
    .collect();
    let got: Vec<NaiveDate> = seed.iter().map(|h| h.date).collect();
    assert_eq!(got, expected);
}

#[test]
fn seed_is_sorted_unique_weekdays_with_names() {
    let seed = england_and_wales_bank_holidays_2022_2028();
    assert_eq!(seed.len(), 59);
    for pair in seed.windows(2) {
        assert!(pair[0].date < pair[1].date, "not strictly sorted: {pair:?}");
    }
    for h in &seed {
        assert!(!is_weekend(h.date), "holiday observed at a weekend: {h:?}");
        assert!(!h.name.trim().is_empty());
    }
}

#[test]
fn seed_uses_substitute_names() {
    let seed = england_and_wales_bank_holidays_2022_2028();
    let name_of =
        |d: NaiveDate| seed.iter().find(|h| h.date == d).map(|h| h.name.as_str()).unwrap_or_else(|| panic!("{d} missing from seed"));
    assert_eq!(name_of(date(2026, 12, 28)), "Boxing Day (substitute day)");
    assert_eq!(name_of(date(2027, 12, 27)), "Christmas Day (substitute day)");
    assert_eq!(name_of(date(2027, 12, 28)), "Boxing Day (substitute day)");
    assert_eq!(name_of(date(2028, 1, 3)), "New Year's Day (substitute day)");
    assert_eq!(name_of(date(2022, 12, 26)), "Boxing Day");
    assert_eq!(name_of(date(2022, 12, 27)), "Christmas Day (substitute day)");
    assert_eq!(name_of(date(2022, 6, 3)), "Platinum Jubilee bank holiday");
    assert!(name_of(date(2022, 9, 19)).contains("State Funeral"));
    assert!(name_of(date(2023, 5, 8)).contains("coronation"));
}

#[test]
fn bank_holiday_serde_round_trip() {
    let h = BankHoliday::new(date(2026, 12, 28), BOXING_SUB);
    let json = serde_json::to_string(&h).expect("serialise");
    assert_eq!(json, r#"{"date":"2026-12-28","name":"Boxing Day (substitute day)"}"#);
    let back: BankHoliday = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, h);
}

// ---- regular rules -----------------------------------------------------

#[test]
fn regular_rules_reproduce_seed_for_2024_to_2028() {
    let seed = england_and_wales_bank_holidays_2022_2028();
    for year in 2024..=2028 {
        let from_seed: Vec<BankHoliday> = seed.iter().filter(|h| h.date.year() == year).cloned().collect();
        assert_eq!(computed_regular_bank_holidays(year), from_seed, "year {year}");
    }
}

#[test]
fn regular_rules_differ_from_2022_and_2023_only_by_one_offs() {
    let seed = england_and_wales_bank_holidays_2022_2028();
    let year_of = |y: i32| -> BTreeSet<NaiveDate> { seed.iter().filter(|h| h.date.year() == y).map(|h| h.date).collect() };
    let rules_of = |y: i32| -> BTreeSet<NaiveDate> { computed_regular_bank_holidays(y).into_iter().map(|h| h.date).collect() };

    // 2022: spring moved from Mon 30 May to Thu 2 June; Jubilee 3 June
    // and the state funeral 19 Sept were added.
    let s22 = year_of(2022);
    let r22 = rules_of(2022);
    assert_eq!(r22.difference(&s22).copied().collect::<Vec<_>>(), vec![date(2022, 5, 30)]);
    assert_eq!(s22.difference(&r22).copied().collect::<Vec<_>>(), vec![date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19)]);

    // 2023: coronation added on 8 May.
    let s23 = year_of(2023);
    let r23 = rules_of(2023);
    assert!(r23.is_subset(&s23));
    assert_eq!(s23.difference(&r23).copied().collect::<Vec<_>>(), vec![date(2023, 5, 8)]);
}

#[test]
fn christmas_substitute_rules_for_each_weekday_case() {
    // 2021: 25 Dec Saturday -> Mon 27 Christmas (sub), Tue 28 Boxing (sub).
    let y21 = computed_regular_bank_holidays(2021);
    assert!(y21.contains(&BankHoliday::new(date(2021, 12, 27), CHRISTMAS_SUB)));
    assert!(y21.contains(&BankHoliday::new(date(2021, 12, 28), BOXING_SUB)));
    // 2022: 25 Dec Sunday -> Mon 26 Boxing, Tue 27 Christmas (sub).
    let y22 = computed_regular_bank_holidays(2022);
    assert!(y22.contains(&BankHoliday::new(date(2022, 12, 26), BOXING)));
    assert!(y22.contains(&BankHoliday::new(date(2022, 12, 27), CHRISTMAS_SUB)));
    // 2026: 25 Dec Friday -> Boxing (sub) Mon 28.
    let y26 = computed_regular_bank_holidays(2026);
    assert!(y26.contains(&BankHoliday::new(date(2026, 12, 25), CHRISTMAS)));
    assert!(y26.contains(&BankHoliday::new(date(2026, 12, 28), BOXING_SUB)));
    // 2021 also: 1 Jan 2022 Saturday -> Mon 3 Jan substitute (next year).
    let y2022 = computed_regular_bank_holidays(2022);
    assert_eq!(y2022[0], BankHoliday::new(date(2022, 1, 3), NEW_YEAR_SUB));
    // 1 Jan 2023 Sunday -> Mon 2 Jan.
    let y2023 = computed_regular_bank_holidays(2023);
    assert_eq!(y2023[0], BankHoliday::new(date(2023, 1, 2), NEW_YEAR_SUB));
}

#[test]
fn easter_sunday_known_dates() {
    let known = [
        (1818, 3, 22), // earliest possible
        (1943, 4, 25), // latest possible
        (2000, 4, 23),
        (2008, 3, 23),
        (2011, 4, 24),
        (2013, 3, 31),
        (2016, 3, 27),
        (2019, 4, 21),
        (2020, 4, 12),
        (2021, 4, 4),
        (2022, 4, 17),
        (2023, 4, 9),
        (2024, 3, 31),
        (2025, 4, 20),
        (2026, 4, 5),
        (2027, 3, 28),
        (2028, 4, 16),
        (2038, 4, 25),
        (2285, 3, 22),
    ];
    for (y, m, d) in known {
        assert_eq!(easter_sunday(y), date(y, m, d), "Easter {y}");
    }
}

// ---- working days ------------------------------------------------------

#[test]
fn weekends_and_holidays_are_not_working_days() {
    let cal = default_cal();
    assert!(!cal.is_working_day(date(2025, 12, 20))); // Sat
    assert!(!cal.is_working_day(date(2025, 12, 21))); // Sun
    assert!(!cal.is_working_day(date(2025, 12, 25)));
    assert!(!cal.is_working_day(date(2025, 12, 26)));
    assert!(!cal.is_working_day(date(2026, 1, 1)));
    assert!(!cal.is_working_day(date(2026, 12, 28))); // Boxing Day substitute
    assert!(cal.is_working_day(date(2025, 12, 17)));
}

#[test]
fn christmas_eve_and_new_years_eve_are_working_days() {
    let cal = default_cal();
    for y in [2024, 2025] {
        // 24/31 Dec fall on weekdays in both years.
        assert!(cal.is_working_day(date(y, 12, 24)), "24 Dec {y}");
        assert!(cal.is_working_day(date(y, 12, 31)), "31 Dec {y}");
    }
    assert!(cal.is_working_day(date(2026, 12, 24))); // Thu
    assert!(cal.is_working_day(date(2026, 12, 31))); // Thu
}

#[test]
fn worked_example_icpc_t9_day_zero() {
    // §11.3: strategy discussion Wed 17 Dec 2025, ICPC within 15 WD.
    let cal = default_cal();
    let sd = date(2025, 12, 17);
    assert_eq!(sd.weekday(), Weekday::Wed);
    let due = cal.add_working_days(sd, 15, DayCounting::EventIsDayZero);
    assert_eq!(due, date(2026, 1, 12));
    assert_eq!(due.weekday(), Weekday::Mon);
    assert_eq!(cal.working_days_between(sd, due), 15);
}

#[test]
fn worked_example_icpc_t9_day_one() {
    let cal = default_cal();
    let due = cal.add_working_days(date(2025, 12, 17), 15, DayCounting::EventIsDayOne);
    assert_eq!(due, date(2026, 1, 9));
    assert_eq!(due.weekday(), Weekday::Fri);
}

#[test]
fn worked_example_lists_the_fifteen_days() {
    let cal = default_cal();
    let sd = date(2025, 12, 17);
    let days: Vec<NaiveDate> = (1..=15).map(|n| cal.add_working_days(sd, n, DayCounting::EventIsDayZero)).collect();
    let expected: Vec<NaiveDate> = [
        (2025, 12, 18),
        (2025, 12, 19),
        (2025, 12, 22),
        (2025, 12, 23),
        (2025, 12, 24),
        (2025, 12, 29),
        (2025, 12, 30),
        (2025, 12, 31),
        (2026, 1, 2),
        (2026, 1, 5),
        (2026, 1, 6),
        (2026, 1, 7),
        (2026, 1, 8),
        (2026, 1, 9),
        (2026, 1, 12),
    ]
    .iter()
    .map(|&(y, m, d)| date(y, m, d))
    .collect();
    assert_eq!(days, expected);
}

#[test]
fn assessment_t3_over_christmas_2026() {
    // Referral Mon 30 Nov 2026; assessment due within 45 WD (T3).
    // Counting by hand (day 0 = 30 Nov):
    //   Dec 2026: 1-4 (4), 7-11 (9), 14-18 (14), 21-24 (18),
    //             [Fri 25 Christmas, Mon 28 Boxing substitute],
    //             29-31 (21)
    //   Jan 2027: [Fri 1 New Year], 4-8 (26), 11-15 (31),
    //             18-22 (36), 25-29 (41), Feb 1-4 (45)
    // => due Thu 4 Feb 2027. Without the three holidays it would be
    // Mon 1 Feb 2027 (45 weekdays).
    let cal = default_cal();
    let referral = date(2026, 11, 30);
    let due = cal.add_working_days(referral, 45, DayCounting::EventIsDayZero);
    assert_eq!(due, date(2027, 2, 4));
    assert_eq!(due.weekday(), Weekday::Thu);
    let no_holidays = WorkingCalendar::new([]);
    assert_eq!(no_holidays.add_working_days(referral, 45, DayCounting::EventIsDayZero), date(2027, 2, 1));
    // Day-one counting: one working day earlier, Wed 3 Feb 2027.
    assert_eq!(cal.add_working_days(referral, 45, DayCounting::EventIsDayOne), date(2027, 2, 3));
    assert_eq!(cal.working_days_between(referral, due), 45);
}

#[test]
fn boxing_day_substitute_2026_is_skipped() {
    let cal = default_cal();
    // Thu 24 Dec 2026 + 1 WD: skip Fri 25, weekend, Mon 28 -> Tue 29.
    assert_eq!(cal.add_working_days(date(2026, 12, 24), 1, DayCounting::EventIsDayZero), date(2026, 12, 29));
}

#[test]
fn weekend_event_dates() {
    let cal = default_cal();
    // Referral on Sat 10 Jan 2026: day 0 is the Saturday; 1 WD => Mon 12.
    let sat = date(2026, 1, 10);
    assert_eq!(cal.add_working_days(sat, 1, DayCounting::EventIsDayZero), date(2026, 1, 12));
    // Day one on a weekend: day 1 is Mon 12, so same answer.
    assert_eq!(cal.add_working_days(sat, 1, DayCounting::EventIsDayOne), date(2026, 1, 12));
    // Sunday 11 Jan + 5 WD => Fri 16 Jan under both rules.
    let sun = date(2026, 1, 11);
    assert_eq!(cal.add_working_days(sun, 5, DayCounting::EventIsDayZero), date(2026, 1, 16));
    assert_eq!(cal.add_working_days(sun, 5, DayCounting::EventIsDayOne), date(2026, 1, 16));
    // Event on a bank holiday (Christmas Day 2025, Thursday): day 0 is the
    // holiday; 1 WD => Mon 29 Dec (Fri 26 is Boxing Day).
    assert_eq!(cal.add_working_days(date(2025, 12, 25), 1, DayCounting::EventIsDayZero), date(2025, 12, 29));
    assert_eq!(cal.add_working_days(date(2025, 12, 25), 1, DayCounting::EventIsDayOne), date(2025, 12, 29));
}

#[test]
fn zero_days_returns_event_date() {
    let cal = default_cal();
    for d in [date(2025, 12, 17), date(2025, 12, 20), date(2025, 12, 25)] {
        assert_eq!(cal.add_working_days(d, 0, DayCounting::EventIsDayZero), d);
        assert_eq!(cal.add_working_days(d, 0, DayCounting::EventIsDayOne), d);
    }
}

#[test]
fn day_one_with_one_day_on_a_working_day_is_the_event() {
    let cal = default_cal();
    let wed = date(2025, 12, 17);
    assert_eq!(cal.add_working_days(wed, 1, DayCounting::EventIsDayOne), wed);
}

#[test]
fn working_days_between_basic_cases() {
    let cal = default_cal();
    let fri = date(2026, 1, 9);
    let mon = date(2026, 1, 12);
    assert_eq!(cal.working_days_between(fri, fri), 0);
    assert_eq!(cal.working_days_between(fri, mon), 1);
    assert_eq!(cal.working_days_between(mon, fri), -1);
    // Sat -> Sun contains no working day.
    assert_eq!(cal.working_days_between(date(2026, 1, 10), date(2026, 1, 11)), 0);
    // 24 Dec 2025 -> 2 Jan 2026: 29, 30, 31 Dec and 2 Jan.
    assert_eq!(cal.working_days_between(date(2025, 12, 24), date(2026, 1, 2)), 4);
}

#[test]
fn next_working_day_on_or_after_cases() {
    let cal = default_cal();
    assert_eq!(cal.next_working_day_on_or_after(date(2025, 12, 17)), date(2025, 12, 17));
    // Thu 25 Dec 2025 -> Mon 29 Dec.
    assert_eq!(cal.next_working_day_on_or_after(date(2025, 12, 25)), date(2025, 12, 29));
    // Sat 26 Dec 2026 -> Tue 29 Dec (Mon 28 is the Boxing Day substitute).
    assert_eq!(cal.next_working_day_on_or_after(date(2026, 12, 26)), date(2026, 12, 29));
}

#[test]
fn weekend_holidays_given_to_new_are_harmless() {
    let a = WorkingCalendar::new([date(2026, 12, 26), date(2026, 12, 28)]);
    let b = WorkingCalendar::new([date(2026, 12, 28)]);
    assert_eq!(a, b);
}

#[test]
fn day_counting_serde_and_default() {
    assert_eq!(DayCounting::default(), DayCounting::EventIsDayZero);
    assert_eq!(serde_json::to_string(&DayCounting::EventIsDayZero).expect("serialise"), r#""event_is_day_zero""#);
    assert_eq!(serde_json::from_str::<DayCounting>(r#""event_is_day_one""#).expect("deserialise"), DayCounting::EventIsDayOne);
}

// ---- calendar months ---------------------------------------------------

#[test]
fn calendar_months_clamp_to_month_end() {
    assert_eq!(add_calendar_months(date(2026, 1, 31), 1), date(2026, 2, 28));
    assert_eq!(add_calendar_months(date(2028, 1, 31), 1), date(2028, 2, 29));
    assert_eq!(add_calendar_months(date(2025, 11, 30), 3), date(2026, 2, 28));
    assert_eq!(add_calendar_months(date(2025, 8, 31), 6), date(2026, 2, 28));
    assert_eq!(add_calendar_months(date(2026, 1, 12), 3), date(2026, 4, 12));
    assert_eq!(add_calendar_months(date(2026, 1, 12), 0), date(2026, 1, 12));
    assert_eq!(add_calendar_months(date(2025, 10, 15), 6), date(2026, 4, 15));
}

// ---- properties --------------------------------------------------------

/// Dates between 2021-06-01 and 2029-06-01, so that results land inside
/// or near the seeded holiday range.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..2922).prop_map(|offset| date(2021, 6, 1) + Days::new(offset))
}

fn any_counting() -> impl Strategy<Value = DayCounting> {
    prop_oneof![Just(DayCounting::EventIsDayZero), Just(DayCounting::EventIsDayOne)]
}

/// Day-by-day reference implementation used to cross-check the fast path.
fn slow_nth_after(cal: &WorkingCalendar, d: NaiveDate, n: u32) -> NaiveDate {
    let mut cur = d;
    let mut left = n;
    while left > 0 {
        cur = cur.succ_opt().expect("in range");
        if cal.is_working_day(cur) {
            left -= 1;
        }
    }
    cur
}

proptest! {
    #[test]
    fn prop_result_is_a_working_day(d in any_date(), n in 1u32..400, c in any_counting()) {
        let cal = default_cal();
        let due = cal.add_working_days(d, n, c);
        prop_assert!(cal.is_working_day(due));
        prop_assert!(due >= d);
    }

    #[test]
    fn prop_monotonic_in_n(d in any_date(), n in 0u32..400, c in any_counting()) {
        let cal = default_cal();
        let a = cal.add_working_days(d, n, c);
        let b = cal.add_working_days(d, n + 1, c);
        prop_assert!(b > a || (n == 0 && c == DayCounting::EventIsDayOne && a == b));
        prop_assert!(b >= a);
    }

    #[test]
    fn prop_between_inverts_day_zero_addition(d in any_date(), n in 0u32..400) {
        let cal = default_cal();
        let due = cal.add_working_days(d, n, DayCounting::EventIsDayZero);
        prop_assert_eq!(cal.working_days_between(d, due), i64::from(n));
        prop_assert_eq!(cal.working_days_between(due, d), -i64::from(n));
    }

    #[test]
    fn prop_fast_addition_matches_day_by_day(d in any_date(), n in 0u32..120) {
        let cal = default_cal();
        prop_assert_eq!(
            cal.add_working_days(d, n, DayCounting::EventIsDayZero),
            slow_nth_after(&cal, d, n)
        );
    }

    #[test]
    fn prop_between_matches_day_by_day(a in any_date(), b in any_date()) {
        let cal = default_cal();
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let mut count = 0i64;
        let mut cur = lo;
        while cur < hi {
            cur = cur.succ_opt().expect("in range");
            if cal.is_working_day(cur) {
                count += 1;
            }
        }
        let expected = if a <= b { count } else { -count };
        prop_assert_eq!(cal.working_days_between(a, b), expected);
    }

    #[test]
    fn prop_day_one_is_at_most_day_zero(d in any_date(), n in 1u32..400) {
        let cal = default_cal();
        let zero = cal.add_working_days(d, n, DayCounting::EventIsDayZero);
        let one = cal.add_working_days(d, n, DayCounting::EventIsDayOne);
        if cal.is_working_day(d) {
            prop_assert_eq!(cal.working_days_between(one, zero), 1);
        } else {
            prop_assert_eq!(one, zero);
        }
    }

    #[test]
    fn prop_next_working_day_on_or_after(d in any_date()) {
        let cal = default_cal();
        let next = cal.next_working_day_on_or_after(d);
        prop_assert!(cal.is_working_day(next));
        prop_assert!(next >= d);
        prop_assert_eq!(cal.working_days_between(d, next), i64::from(next != d));
    }

    #[test]
    fn prop_add_calendar_months_never_panics_and_clamps(
        year in 1900i32..=2100,
        month in 1u32..=12,
        day in 1u32..=31,
        months in 0u32..=1200,
    ) {
        prop_assume!(NaiveDate::from_ymd_opt(year, month, day).is_some());
        let d = date(year, month, day);
        let r = add_calendar_months(d, months);
        prop_assert!(r.day() <= d.day());
        prop_assert!(r >= d);
        let month_diff = (r.year() - d.year()) * 12 + r.month() as i32 - d.month() as i32;
        prop_assert_eq!(month_diff, months as i32);
    }

    #[test]
    fn prop_easter_is_a_sunday_in_range(year in 1583i32..=4099) {
        let e = easter_sunday(year);
        prop_assert_eq!(e.weekday(), Weekday::Sun);
        prop_assert!(e >= date(year, 3, 22) && e <= date(year, 4, 25));
    }

    #[test]
    fn prop_regular_holidays_are_eight_weekdays(year in 1900i32..=2200) {
        let hols = computed_regular_bank_holidays(year);
        prop_assert_eq!(hols.len(), 8);
        for h in &hols {
            prop_assert!(!is_weekend(h.date));
            prop_assert_eq!(h.date.year(), year);
        }
        for pair in hols.windows(2) {
            prop_assert!(pair[0].date < pair[1].date);
        }
    }
}

mod london {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn bst_evening_is_next_day_in_england() {
        // 23:30 UTC on 30 June 2026 is 00:30 BST on 1 July.
        let t = chrono::Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap();
        assert_eq!(london_date(t), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
        // In winter London is on GMT.
        let w = chrono::Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(london_date(w), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        // The clocks go forward at 01:00 UTC on Sun 29 March 2026.
        let before = chrono::Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap();
        assert_eq!(london_date(before), NaiveDate::from_ymd_opt(2026, 3, 29).unwrap());
    }
}

mod london_clock {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;

    #[test]
    fn wall_clock_times_in_england_become_instants() {
        let at = |y, m, d, h, mi| NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, mi, 0).unwrap();
        assert_eq!(london_to_utc(at(2026, 7, 1, 9, 30)), Utc.with_ymd_and_hms(2026, 7, 1, 8, 30, 0).unwrap(), "BST");
        assert_eq!(london_to_utc(at(2026, 12, 1, 9, 30)), Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap(), "GMT");
        assert_eq!(
            london_to_utc(at(2026, 7, 1, 0, 30)),
            Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap(),
            "just after midnight in summer"
        );
        assert_eq!(parse_time_of_day("9:30"), chrono::NaiveTime::from_hms_opt(9, 30, 0));
        assert_eq!(parse_time_of_day("14.05"), chrono::NaiveTime::from_hms_opt(14, 5, 0));
        assert_eq!(parse_time_of_day("25:00"), None);
        assert_eq!(parse_time_of_day("noon"), None);
    }

    #[test]
    fn times_are_read_as_practitioners_type_them() {
        let tt = |s: &str| parse_time_of_day(s).unwrap();
        assert_eq!(tt("14:05"), chrono::NaiveTime::from_hms_opt(14, 5, 0).unwrap());
        assert_eq!(tt("9.30"), chrono::NaiveTime::from_hms_opt(9, 30, 0).unwrap());
        assert_eq!(tt("2.15pm"), chrono::NaiveTime::from_hms_opt(14, 15, 0).unwrap());
        assert_eq!(tt("12am"), chrono::NaiveTime::from_hms_opt(0, 0, 0).unwrap());
        assert_eq!(tt("12pm"), chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap());
        assert!(parse_time_of_day("25:00").is_none());
        assert!(parse_time_of_day("13pm").is_none());
        assert!(parse_time_of_day("half past").is_none());
    }
}
