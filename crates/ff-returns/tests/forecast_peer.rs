//! The forecast agrees with the public regional demand model (Social Finance's
//! `cs-demand-model-regional`, package `ssda903`, at 03e04a0) on the model's own sample input with
//! the same parameters: reference period 1 April 2016 to 31 March 2022, projected from 31 March
//! 2022 to 31 March 2024, default unit costs. The peer's numbers were written by running its
//! package unchanged (`bench/rcc/run_peer.py`); see `testdata/README.md`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use ff_domain::forecast::{
    Adjustment, Adjustments, CostItem, CostOptions, Filter, History, Period, State, bands_by_care_type, costs, placement_proportions,
    prepare, project, rates,
};
use ff_returns::ssda903::history::{Defaults, read_into};
use ff_returns::ssda903::ingest::parse_csv;

fn dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/rcc/peer-sample"))
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
}

fn table(path: &str) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(dir().join(path)).expect("golden file");
    let rows = parse_csv(&text);
    let (head, rest) = rows.split_first().expect("a header");
    rest.iter().filter(|r| r.len() == head.len()).map(|r| head.iter().cloned().zip(r.iter().cloned()).collect()).collect()
}

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("a number: {s}"))
}

fn history() -> History {
    let files: Vec<(String, Vec<u8>)> = ["episodes.csv", "header.csv", "uasc.csv"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(dir().join("input").join(f)).expect("sample")))
        .collect();
    let mut h = History::default();
    let problems = read_into(&mut h, &files, &Defaults::default()).expect("the sample reads");
    assert!(problems.is_empty(), "{problems:?}");
    h
}

fn period() -> Period {
    Period { reference_start: d("2016-04-01"), reference_end: d("2022-03-31"), start: d("2022-03-31"), end: d("2024-03-31") }
}

fn state(label: &str) -> State {
    State::parse(label).unwrap_or_else(|| panic!("a state: {label}"))
}

fn assert_close(ours: f64, peer: f64, tolerance: f64, what: &str) {
    assert!((ours - peer).abs() <= tolerance, "{what}: ours {ours}, peer {peer}");
}

#[test]
fn rates_population_band_and_costs_agree_with_the_peer() {
    let p = prepare(&history());
    assert_eq!((p.data_start, p.data_end), (d("2016-04-01"), d("2022-03-31")));
    assert_eq!(p.pieces.len(), 2110, "the peer's enriched rows");
    let r = rates(&p, &Filter::default(), &period());
    // Every rate the peer measured, and no other.
    let peer_rates = table("peer/raw_transition_rates.csv");
    assert_eq!(r.transitions.len(), peer_rates.len());
    for row in &peer_rates {
        let pair = (state(&row["from"]), state(&row["to"]));
        let ours = *r.transitions.get(&pair).unwrap_or_else(|| panic!("no rate for {pair:?}"));
        assert_close(ours, num(&row["transition_rate"]), 1e-15, &format!("rate {} → {}", row["from"], row["to"]));
    }
    for row in table("peer/model_entry_rates.csv") {
        let ours = r.entries.get(&state(&row["to"])).copied().unwrap_or(0.0);
        assert_close(ours, num(&row["daily_entry_rate"]), 1e-15, &format!("entries to {}", row["to"]));
    }
    for row in table("peer/initial_population.csv") {
        let ours = r.initial.get(&state(&row["bin"])).copied().unwrap_or(0.0);
        assert_close(ours, num(&row["population"]), 0.0, &format!("initial {}", row["bin"]));
    }
    let proj = project(&r, &Adjustments::default(), &period());
    assert_eq!(proj.dates.len(), 731);
    let mut compared = 0;
    for row in table("peer/population_every_30_days.csv") {
        let i = proj.dates.iter().position(|x| *x == d(&row["date"])).expect("a projected day");
        let j = proj.states.iter().position(|s| *s == state(&row["state"])).expect("a state");
        assert_close(proj.population[i][j], num(&row["population"]), 1e-9, &format!("population {} {}", row["date"], row["state"]));
        assert_close(proj.variance[i][j], num(&row["variance"]), 1e-9, &format!("variance {} {}", row["date"], row["state"]));
        compared += 1;
    }
    assert!(compared > 400);
    let last = proj.dates.len() - 1;
    assert_close(proj.in_care(last), 167.875619, 1e-6, "children in care on 31 March 2024");
    // The weekly band by kind of care.
    let bands = bands_by_care_type(&proj);
    let peer_bands = table("peer/weekly_population_by_care_type_ci.csv");
    assert_eq!(bands.len(), peer_bands.len());
    for row in &peer_bands {
        let kind = match row["care_type"].as_str() {
            "Total" => None,
            k => Some(state(&format!("1 to 5 - {k}")).category),
        };
        let ours = bands.iter().find(|b| b.date == d(&row["date"]) && b.care_type == kind).expect("a band");
        assert_close(ours.children, num(&row["pop_size"]), 0.0, "children");
        assert_close(ours.lower, num(&row["lower"]), 1e-9, "lower");
        assert_close(ours.upper, num(&row["upper"]), 1e-9, "upper");
    }
    // Costs.
    let shares = placement_proportions(&p, &Filter::default(), period().reference_start, period().reference_end);
    for row in table("peer/placement_proportions.csv") {
        let item = CostItem::ALL.into_iter().find(|i| i.label() == row["cost_item"]).expect("a cost item");
        assert_close(shares[&item], num(&row["proportion"]), 1e-12, &row["cost_item"]);
    }
    let c = costs(&proj, &shares, &CostOptions::default());
    assert_close(c.first_year, 2_538_130.75, 0.01, "the first year's cost");
    compare_quarters(&c.quarters, "peer/forecast_costs_quarterly.csv");
    // FC-7: holding out 2021-22, the method forecasts from 31 March 2021 on the years before.
    let b = ff_domain::forecast::backtest(&p, &Filter::default(), period().reference_start).expect("five years before the held-out one");
    assert_eq!((b.from, b.to), (d("2021-03-31"), d("2022-03-31")));
    assert_eq!(b.points.len(), 13);
    let (day, _, actual) = *b.points.last().unwrap();
    assert_eq!((day, actual), (d("2022-03-31"), 86.0), "what happened is the data's own count");
    assert!(b.mean_error_percent > 0.0 && b.end_error_percent.is_finite());
}

fn compare_quarters(ours: &[(String, BTreeMap<CostItem, f64>)], path: &str) {
    let peer = table(path);
    assert_eq!(ours.len(), peer.len());
    for (row, (label, q)) in peer.iter().zip(ours) {
        assert_eq!(&row["quarter"], label);
        for item in CostItem::ALL {
            if let Some(v) = row.get(item.label()) {
                assert_close(q.get(&item).copied().unwrap_or(0.0), num(v), 0.011, &format!("{label} {}", item.label()));
            }
        }
    }
}

#[test]
fn a_scenario_with_levers_and_inflation_agrees_with_the_peer() {
    let p = prepare(&history());
    let r = rates(&p, &Filter::default(), &period());
    // The peer's run: halve the first exit with a rate, add 0.001 to the first move between
    // kinds of care at the same age, one and a half times the entries to the first state
    // children entered; 10% inflation.
    let levers = Adjustments {
        rates: vec![
            ((state("1 to 5 - Fostering"), state("1 to 5 - Not in care")), Adjustment::Multiply(0.5)),
            ((state("1 to 5 - Fostering"), state("1 to 5 - Other")), Adjustment::Add(0.001)),
        ],
        entries: vec![(state("10 to 16 - Fostering"), Adjustment::Multiply(1.5))],
    };
    assert_eq!(levers.check(&r), Ok(()));
    let proj = project(&r, &levers, &period());
    for row in table("peer-scenario/model_transition_rates.csv") {
        let pair = (state(&row["from"]), state(&row["to"]));
        assert_close(proj.rates[&pair], num(&row["transition_rate"]), 1e-15, &format!("{} → {}", row["from"], row["to"]));
    }
    for row in table("peer-scenario/population_every_30_days.csv") {
        let i = proj.dates.iter().position(|x| *x == d(&row["date"])).expect("a projected day");
        let j = proj.states.iter().position(|s| *s == state(&row["state"])).expect("a state");
        assert_close(proj.population[i][j], num(&row["population"]), 1e-9, &format!("population {} {}", row["date"], row["state"]));
    }
    let shares = placement_proportions(&p, &Filter::default(), period().reference_start, period().reference_end);
    let c = costs(&proj, &shares, &CostOptions { weekly: BTreeMap::new(), inflation: Some(0.1) });
    compare_quarters(&c.quarters, "peer-scenario/forecast_costs_quarterly.csv");
}
