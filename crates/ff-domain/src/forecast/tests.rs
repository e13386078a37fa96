use chrono::NaiveDate;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a date")
}

fn ep(child: &str, decom: NaiveDate, rne: &str, place: &str, dec: Option<NaiveDate>, year: i32) -> EpisodeIn {
    EpisodeIn {
        child: child.into(),
        la: "Northmoor".into(),
        decom,
        rne: rne.into(),
        place: place.into(),
        provider: "PR1".into(),
        dec,
        rec: if dec.is_some() { "E4".into() } else { String::new() },
        reason_place_change: String::new(),
        year,
    }
}

fn header(child: &str, dob: NaiveDate, year: i32) -> HeaderIn {
    HeaderIn { child: child.into(), sex: Some(1), dob, ethnic: "WBRI".into(), year }
}

#[test]
fn bands_are_closed_below_and_open_above_and_sort_as_the_peer_sorts() {
    assert_eq!(AgeBand::of(-1.0), Some(AgeBand::UnderOne));
    assert_eq!(AgeBand::of(0.999), Some(AgeBand::UnderOne));
    assert_eq!(AgeBand::of(16.0), Some(AgeBand::SixteenPlus));
    assert_eq!(AgeBand::of(15.9977), Some(AgeBand::TenToSixteen));
    assert_eq!(AgeBand::of(30.0), None);
    assert_eq!(AgeBand::of(-1.01), None);
    let mut states = vec![
        State::new(AgeBand::UnderOne, Category::Fostering),
        State::new(AgeBand::FiveToTen, Category::Other),
        State::new(AgeBand::TenToSixteen, Category::NotInCare),
        State::new(AgeBand::OneToFive, Category::Supported),
        State::new(AgeBand::TenToSixteen, Category::Fostering),
    ];
    states.sort();
    let labels: Vec<String> = states.iter().map(|s| s.label()).collect();
    assert_eq!(
        labels,
        ["1 to 5 - Supported", "10 to 16 - Fostering", "10 to 16 - Not in care", "5 to 10 - Other", "Birth to 1 - Fostering"]
    );
    let all: Vec<State> = (0..25).map(State::from_index).collect();
    for a in &all {
        for b in &all {
            assert_eq!(a.cmp(b), a.label().cmp(&b.label()), "{a} against {b}");
        }
    }
    for s in &states {
        assert_eq!(State::parse(&s.label()), Some(*s));
        assert_eq!(State::from_index(s.index()), *s);
    }
    assert_eq!(Category::of_place("U4"), Category::Fostering);
    assert_eq!(Category::of_place("K2"), Category::Residential);
    assert_eq!(Category::of_place("K3"), Category::Supported);
    assert_eq!(Category::of_place("P1"), Category::Other);
    assert_eq!(CostItem::of("U4", "PR4"), CostItem::FosteringAgency);
    assert_eq!(CostItem::of("U4", "PR0"), CostItem::Other, "the peer prices a foster placement with no provider as Other");
}

#[test]
fn preparation_removes_duplicates_folds_legal_status_changes_and_cuts_at_birthdays() {
    let h = History {
        headers: vec![header("A", d(2008, 6, 10), 2023), header("A", d(2008, 6, 10), 2024), header("B", d(2015, 1, 1), 2024)],
        episodes: vec![
            // A: in care from 2022, the same episode sent in two years' files (open, then closed).
            ep("A", d(2022, 5, 1), "S", "U4", None, 2023),
            ep("A", d(2022, 5, 1), "S", "U4", Some(d(2023, 1, 10)), 2024),
            // A legal status change alone: folded into the episode before, which takes its end.
            ep("A", d(2023, 1, 10), "L", "U4", Some(d(2024, 7, 1)), 2024),
            // Then a children's home, open to the end of the data.
            ep("A", d(2024, 7, 1), "P", "K2", None, 2024),
            // C has no header: left out.
            ep("C", d(2023, 2, 1), "S", "U1", None, 2024),
            ep("B", d(2023, 9, 1), "S", "U1", Some(d(2023, 12, 1)), 2024),
        ],
        uasc: vec![],
        covers: None,
    };
    let p = prepare(&h);
    assert_eq!(p.left_out.no_header, 1);
    assert_eq!(p.left_out.duplicates, 1);
    assert_eq!(p.left_out.legal_status_only, 1);
    // The year before the earliest return year among the episodes kept (the 2023 copy of A's
    // first episode gave way to the 2024 one).
    assert_eq!(p.data_start, d(2023, 4, 1));
    assert_eq!(p.data_end, d(2025, 3, 31), "31 March after the latest date");
    let a: Vec<_> = p.pieces.iter().filter(|x| p.children[x.child as usize] == "A").collect();
    // A's foster episode (2022-05-01 to 2024-07-01) crosses the 16th birthday on 2024-06-10.
    assert_eq!(a.len(), 3);
    assert_eq!(
        (a[0].start, a[0].end, a[0].band, a[0].end_band),
        (d(2022, 5, 1), Some(d(2024, 6, 10)), AgeBand::TenToSixteen, AgeBand::SixteenPlus)
    );
    assert_eq!((a[0].before, a[0].after), (Category::NotInCare, Some(Category::Fostering)));
    assert!(a[1].by_age);
    assert_eq!((a[1].start, a[1].end, a[1].band), (d(2024, 6, 10), Some(d(2024, 7, 1)), AgeBand::SixteenPlus));
    assert_eq!((a[1].before, a[1].after), (Category::Fostering, Some(Category::Residential)));
    assert_eq!((a[2].category, a[2].end, a[2].after), (Category::Residential, None, None));
}

#[test]
fn rates_are_the_mean_of_daily_ratios_and_the_projection_keeps_every_child() {
    // Ten children in foster care all the reference period; one leaves care on one day.
    let mut h = History::default();
    for i in 0..10 {
        let c = format!("C{i}");
        h.headers.push(header(&c, d(2012, 1, 1), 2024));
        let end = (i == 0).then(|| d(2024, 1, 15));
        h.episodes.push(ep(&c, d(2023, 1, 1), "S", "U4", end, 2024));
    }
    let p = prepare(&h);
    let period = Period::defaults(p.data_start, p.data_end);
    assert_eq!(period.check(p.data_start, p.data_end), Ok(()));
    let r = rates(&p, &Filter::default(), &period);
    let fost = State::new(AgeBand::TenToSixteen, Category::Fostering);
    let out = State::new(AgeBand::TenToSixteen, Category::NotInCare);
    // One move out of a stock of 10 on one day, averaged over the days foster care held
    // children the day before, counted (as the peer counts them) from the first day anyone moved
    // to the end of the data: 2024-01-15 to 2024-03-31.
    let days = (d(2024, 3, 31) - d(2024, 1, 15)).num_days() as f64 + 1.0;
    assert!((r.transitions[&(fost, out)] - 0.1 / days).abs() < 1e-15);
    assert_eq!(r.initial[&fost], 9.0);
    assert_eq!(r.entries.values().sum::<f64>(), 0.0, "all started before the reference period");
    let proj = project(&r, &Adjustments::default(), &period);
    let last = proj.population.len() - 1;
    let total: f64 = proj.population[last].iter().sum();
    assert!((total - 9.0).abs() < 1e-9, "children in care and those who left add up to the start");
    let rate = 0.1 / days;
    let expected = 9.0 * (1.0 - rate).powi(proj.dates.len() as i32);
    assert!((proj.in_care(last) - expected).abs() < 1e-9, "each day a share leaves: {}", proj.in_care(last));
    // Halving the exit rate keeps more children in care.
    let levers = Adjustments { rates: vec![((fost, out), Adjustment::Multiply(0.5))], entries: vec![] };
    assert_eq!(levers.check(&r), Ok(()));
    let fewer = project(&r, &levers, &period);
    assert!(fewer.in_care(last) > proj.in_care(last));
    // A factor on a rate that is zero is refused (FC-5).
    let zero = State::new(AgeBand::TenToSixteen, Category::Other);
    let bad = Adjustments { rates: vec![((fost, zero), Adjustment::Multiply(2.0))], entries: vec![] };
    assert!(bad.check(&r).is_err());
    // Nor is a move to the same state, or to a younger band; each error names its lever.
    let young = State::new(AgeBand::FiveToTen, Category::Fostering);
    let bad = Adjustments {
        rates: vec![((fost, out), Adjustment::Multiply(0.9)), ((fost, fost), Adjustment::Add(0.1)), ((fost, young), Adjustment::Add(0.1))],
        entries: vec![(fost, Adjustment::Multiply(2.0))],
    };
    let levers: Vec<Lever> = bad.check(&r).expect_err("refused").iter().map(|e| e.lever).collect();
    assert_eq!(levers, [Lever::Rate(1), Lever::Rate(2), Lever::Entry(0)], "no child entered, so nothing to multiply");
}

#[test]
fn a_period_outside_the_data_or_longer_than_four_years_is_refused() {
    let (s, e) = (d(2020, 4, 1), d(2024, 3, 31));
    let bad = Period { reference_start: d(2019, 4, 1), reference_end: e, start: e, end: d(2029, 1, 1) };
    let errors = bad.check(s, e).expect_err("refused");
    let fields: Vec<&str> = errors.iter().map(|x| x.field).collect();
    assert_eq!(fields, ["reference_start", "end"]);
}
