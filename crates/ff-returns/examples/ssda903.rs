//! Small command-line front end for the SSDA903 validator (used by benchmarks).
//!
//! ```text
//! ssda903 DIR|FILE.xml [--year 2025-26] [--previous DIR] [--format text|json|csv] [--keep N]
//! ssda903 generate CHILDREN SEED YEAR BREACH_RATE OUTDIR
//! ```
//!
//! `generate` writes a synthetic return (one CSV file per table) with the
//! crate's generator (`ff_returns::ssda903::generate`).
//!
//! Exit status: 0 when the return has no errors, 1 when it has, 2 when it could not be read.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark tool fails loudly; the lint keeps panics out of the product

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use ff_returns::ssda903::{self, Format, RulesYear, ValidateOptions};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(clean) => {
            if clean {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<bool, Box<dyn std::error::Error>> {
    if args.first().map(String::as_str) == Some("generate") {
        let [_, n, seed, year, rate, dir] = args else {
            return Err("usage: ssda903 generate CHILDREN SEED YEAR BREACH_RATE OUTDIR".into());
        };
        let opts = ssda903::GenerateOptions {
            children: n.parse()?,
            seed: seed.parse()?,
            year: year.parse::<RulesYear>()?,
            breach_rate: rate.parse()?,
        };
        let t = Instant::now();
        let summary = ssda903::generate_dir(&opts, std::path::Path::new(dir))?;
        eprintln!(
            "generated {} children in {:.2?}: rows {:?}; breaches {:?}",
            summary.children,
            t.elapsed(),
            summary.rows,
            summary.breaches
        );
        return Ok(true);
    }
    let usage = "usage: ssda903 DIR|FILE.xml [--year 2025-26] [--previous DIR] [--format text|json|csv] [--keep N]";
    let path = args.first().filter(|a| !a.starts_with("--")).ok_or(usage)?;
    let mut opts = ValidateOptions::default();
    let mut format = Format::Text;
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{flag} needs a value\n{usage}"))?;
        match flag.as_str() {
            "--year" | "--rules" => opts.year = value.parse::<RulesYear>()?,
            "--previous" => opts.previous = Some(PathBuf::from(value)),
            "--format" => format = value.parse()?,
            "--keep" => opts.keep_per_rule = Some(value.parse()?),
            other => return Err(format!("unknown option {other}\n{usage}").into()),
        }
    }
    let t = Instant::now();
    let report = ssda903::validate_dir(path, &opts)?;
    let elapsed = t.elapsed();
    print!("{}", ssda903::render(&report, format));
    eprintln!(
        "validated {} children in {:.2?}: {} rules ran, {} skipped, {} rows flagged",
        report.children,
        elapsed,
        report.rules_run.len(),
        report.rules_skipped.len(),
        report.tally.values().sum::<usize>()
    );
    Ok(report.is_clean())
}
