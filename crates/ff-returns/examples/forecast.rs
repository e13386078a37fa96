//! Command-line front end of the demand forecast, used by `bench/rcc/run.sh`.
//!
//! ```text
//! forecast DATA_DIR [--ref-start D --ref-end D --start D --end D] [--scenario] [--out DIR] [--reruns N]
//! ```
//!
//! Reads every `*.csv` in DATA_DIR (903 episodes, header and UASC tables of one or more councils
//! and years, recognised by their columns) with `ff_returns::ssda903::history::read_into`, then
//! runs the whole forecast: prepare → rates → project → bands by care type → placement proportions
//! → costs. Dates not given take the peer's defaults (`Period::defaults`: the whole history as the
//! reference period, two years ahead from its end).
//!
//! `--scenario` sets the same levers as `bench/rcc/run_peer.py --scenario`, picked the same way
//! from the measured rates (in label order, as the peer's sorted index): the first exit with a
//! positive rate halved, 0.001 added to the first move between two kinds of care at the same age
//! with a positive rate, one and a half times the entries to the first state with entries, and 10%
//! yearly inflation on costs.
//!
//! Prints one JSON line: timings in ms (read, prepare, rates, project, costs, total), the period,
//! children in care at the start and at the end, the first year's cost, and with `--reruns N` the
//! median time of N re-runs of project + bands + costs from the cached rates and proportions, each
//! with a changed lever (the "scenario re-run with cached rates" target). With `--out DIR`, writes
//! `population_projection_long.csv` (date,bin,population,variance, as the peer's) and
//! `forecast_costs_quarterly.csv` (quarter and one column per kind of placement, as the peer's).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark tool fails loudly; the lint keeps panics out of the product

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use ff_domain::forecast::{
    Adjustment, Adjustments, Category, CostItem, CostOptions, CostSummary, Filter, History, Period, Projection, Rates, bands_by_care_type,
    costs, placement_proportions, prepare, project, rates,
};
use ff_returns::ssda903::history::{Defaults, read_into};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Options {
    dir: PathBuf,
    ref_start: Option<NaiveDate>,
    ref_end: Option<NaiveDate>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    scenario: bool,
    out: Option<PathBuf>,
    reruns: usize,
}

fn parse_args(args: &[String]) -> Result<Options, Box<dyn std::error::Error>> {
    let usage = "usage: forecast DATA_DIR [--ref-start D --ref-end D --start D --end D] [--scenario] [--out DIR] [--reruns N]";
    let mut it = args.iter();
    let dir = PathBuf::from(it.next().ok_or(usage)?);
    let mut o = Options { dir, ref_start: None, ref_end: None, start: None, end: None, scenario: false, out: None, reruns: 0 };
    let date = |v: &str| NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|e| format!("{v}: {e}"));
    while let Some(flag) = it.next() {
        if flag == "--scenario" {
            o.scenario = true;
            continue;
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value\n{usage}"))?;
        match flag.as_str() {
            "--ref-start" => o.ref_start = Some(date(value)?),
            "--ref-end" => o.ref_end = Some(date(value)?),
            "--start" => o.start = Some(date(value)?),
            "--end" => o.end = Some(date(value)?),
            "--out" => o.out = Some(PathBuf::from(value)),
            "--reruns" => o.reruns = value.parse()?,
            other => return Err(format!("unknown option {other}\n{usage}").into()),
        }
    }
    Ok(o)
}

/// Reads one CSV file into the history a few megabytes at a time (each piece with the file's
/// header line), so a national extract is never held as text and as rows at once. A piece is cut
/// only at a line end outside quotes. Returns the rows that could not be read.
fn read_file(path: &Path, into: &mut History) -> Result<usize, Box<dyn std::error::Error>> {
    const PIECE: usize = 8 << 20;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut reader = BufReader::with_capacity(1 << 20, File::open(path)?);
    let mut header = Vec::new();
    reader.read_until(b'\n', &mut header)?;
    if !header.ends_with(b"\n") {
        header.push(b'\n');
    }
    let mut problems = 0;
    let mut buf = header.clone();
    let mut quotes = 0usize;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n > 0 {
            quotes += line.iter().filter(|b| **b == b'"').count();
            buf.extend_from_slice(&line);
        }
        let full = buf.len() >= PIECE && quotes.is_multiple_of(2);
        if (n == 0 || full) && buf.len() > header.len() {
            let files = [(name.clone(), std::mem::replace(&mut buf, header.clone()))];
            problems += read_into(into, &files, &Defaults::default())?.len();
            quotes = 0;
        }
        if n == 0 {
            break;
        }
    }
    Ok(problems)
}

fn in_care(states: &[ff_domain::forecast::State], row: &[f64]) -> f64 {
    states.iter().zip(row).filter(|(s, _)| s.category != Category::NotInCare).map(|(_, v)| v).sum()
}

/// The peer's example levers (`run_peer.py --scenario`), picked the same way from our rates.
fn scenario_levers(r: &Rates, exit_factor: f64) -> Adjustments {
    let positive: Vec<_> = r.transitions.iter().filter(|(_, v)| **v > 0.0).map(|(k, _)| *k).collect();
    let exit = positive.iter().find(|(_, to)| to.category == Category::NotInCare).copied();
    let moved = positive.iter().find(|(from, to)| to.category != Category::NotInCare && from != to && from.band == to.band).copied();
    let entry = r.entries.iter().find(|(_, v)| **v > 0.0).map(|(s, _)| *s);
    let mut levers = Adjustments::default();
    if let Some(k) = exit {
        levers.rates.push((k, Adjustment::Multiply(exit_factor)));
    }
    if let Some(k) = moved {
        levers.rates.push((k, Adjustment::Add(0.001)));
    }
    if let Some(s) = entry {
        levers.entries.push((s, Adjustment::Multiply(1.5)));
    }
    levers
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn run(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let o = parse_args(args)?;
    let t0 = Instant::now();

    // Read.
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&o.dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("no *.csv files in {}", o.dir.display()).into());
    }
    let mut history = History::default();
    let mut problems = 0;
    for p in &paths {
        problems += read_file(p, &mut history)?;
    }
    let read_ms = ms(t0);
    let (episode_rows, header_rows, uasc_rows) = (history.episodes.len(), history.headers.len(), history.uasc.len());

    // Prepare (the history is not needed afterwards).
    let t = Instant::now();
    let prepared = prepare(&history);
    drop(history);
    let prepare_ms = ms(t);
    let defaults = Period::defaults(prepared.data_start, prepared.data_end);
    let period = Period {
        reference_start: o.ref_start.unwrap_or(defaults.reference_start),
        reference_end: o.ref_end.unwrap_or(defaults.reference_end),
        start: o.start.unwrap_or(defaults.start),
        end: o.end.unwrap_or(defaults.end),
    };
    if let Err(errors) = period.check(prepared.data_start, prepared.data_end) {
        eprintln!("warning: the period does not pass FC-1: {errors:?}");
    }

    // Rates.
    let t = Instant::now();
    let filter = Filter::default();
    let r = rates(&prepared, &filter, &period);
    let rates_ms = ms(t);

    // Project (with the weekly bands by kind of care the chart shows).
    let levers = if o.scenario { scenario_levers(&r, 0.5) } else { Adjustments::default() };
    let options = CostOptions { weekly: BTreeMap::new(), inflation: o.scenario.then_some(0.1) };
    let t = Instant::now();
    let proj = project(&r, &levers, &period);
    let bands = bands_by_care_type(&proj);
    let project_ms = ms(t);

    // Costs (the shares of each kind of placement, then the prices).
    let t = Instant::now();
    let shares = placement_proportions(&prepared, &filter, period.reference_start, period.reference_end);
    let c = costs(&proj, &shares, &options);
    let costs_ms = ms(t);
    let total_ms = ms(t0);

    // Re-runs from the cached rates and shares, the exit lever changed each time.
    let mut reruns: Vec<f64> = Vec::with_capacity(o.reruns);
    let mut checksum = 0.0;
    for i in 0..o.reruns {
        let factor = 0.5 + 0.01 * (i as f64 + 1.0);
        let l = scenario_levers(&r, factor);
        let t = Instant::now();
        let p = project(&r, &l, &period);
        let b = bands_by_care_type(&p);
        let cc = costs(&p, &shares, &options);
        reruns.push(ms(t));
        checksum += cc.first_year + b.len() as f64;
    }
    reruns.sort_by(f64::total_cmp);
    let rerun_median = if reruns.is_empty() {
        None
    } else if reruns.len() % 2 == 1 {
        Some(reruns[reruns.len() / 2])
    } else {
        Some((reruns[reruns.len() / 2 - 1] + reruns[reruns.len() / 2]) / 2.0)
    };

    if let Some(dir) = &o.out {
        std::fs::create_dir_all(dir)?;
        write_population(&dir.join("population_projection_long.csv"), &proj)?;
        write_quarters(&dir.join("forecast_costs_quarterly.csv"), &c)?;
    }

    let start_in_care: f64 = r.initial.iter().filter(|(s, _)| s.category != Category::NotInCare).map(|(_, v)| v).sum();
    let end_in_care = proj.population.last().map(|row| in_care(&proj.states, row));
    let lever_text: Vec<String> = levers
        .rates
        .iter()
        .map(|((f, t), a)| format!("{f} -> {t}: {a:?}"))
        .chain(levers.entries.iter().map(|(s, a)| format!("entries to {s}: {a:?}")))
        .collect();
    let line = serde_json::json!({
        "files": paths.len(),
        "episode_rows": episode_rows,
        "header_rows": header_rows,
        "uasc_rows": uasc_rows,
        "problems": problems,
        "pieces": prepared.pieces.len(),
        "left_out": {
            "no_header": prepared.left_out.no_header,
            "duplicates": prepared.left_out.duplicates,
            "legal_status_only": prepared.left_out.legal_status_only,
            "out_of_range": prepared.left_out.out_of_range,
        },
        "unexplained_moves": r.unexplained_moves,
        "data_start": prepared.data_start.to_string(),
        "data_end": prepared.data_end.to_string(),
        "reference_start": period.reference_start.to_string(),
        "reference_end": period.reference_end.to_string(),
        "start": period.start.to_string(),
        "end": period.end.to_string(),
        "scenario": o.scenario,
        "levers": lever_text,
        "children_in_care_start": start_in_care,
        "children_in_care_end": end_in_care,
        "weekly_bands": bands.len(),
        "first_year_cost": c.first_year,
        "ms": {
            "read": read_ms,
            "prepare": prepare_ms,
            "rates": rates_ms,
            "project": project_ms,
            "costs": costs_ms,
            "total": total_ms,
        },
        "reruns": o.reruns,
        "rerun_median_ms": rerun_median,
        "rerun_max_ms": reruns.last(),
        "rerun_checksum": checksum,
    });
    println!("{line}");
    Ok(())
}

fn write_population(path: &Path, p: &Projection) -> std::io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    writeln!(w, "date,bin,population,variance")?;
    for (i, date) in p.dates.iter().enumerate() {
        for (j, s) in p.states.iter().enumerate() {
            writeln!(w, "{date},{s},{:?},{:?}", p.population[i][j], p.variance[i][j])?;
        }
    }
    w.flush()
}

fn write_quarters(path: &Path, c: &CostSummary) -> std::io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    let items: Vec<CostItem> = CostItem::ALL.into_iter().filter(|i| c.proportions.contains_key(i)).collect();
    write!(w, "quarter")?;
    for i in &items {
        write!(w, ",{}", i.label())?;
    }
    writeln!(w)?;
    for (label, q) in &c.quarters {
        write!(w, "{label}")?;
        for i in &items {
            write!(w, ",{:?}", q.get(i).copied().unwrap_or(0.0))?;
        }
        writeln!(w)?;
    }
    w.flush()
}
