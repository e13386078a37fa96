//! Small command-line front end used by `bench/cin/run.sh`.
//!
//! ```text
//! cin generate CHILDREN SEED YEAR BREACH_RATE OUT.xml
//! cin validate FILE.xml [--rules 2024-25] [--format text|json|csv] [--verdicts OUT.json] [--threads 1]
//! ```
//!
//! `--verdicts` writes the distinct (rule, LAchildID) pairs raised by DfE
//! rules as JSON (`{"children": n, "verdicts": [[rule, id], ...]}`, with
//! `null` for LA-level rules) instead of printing the report.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark tool fails loudly; the lint keeps panics out of the product

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use ff_returns::cin::{self, Format, GenerateOptions, RulesYear, ValidateOptions};

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

fn run(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    match args.first().map(String::as_str) {
        Some("generate") if args.len() == 6 => {
            let opts = GenerateOptions { children: args[1].parse()?, seed: args[2].parse()?, year: args[3].parse()?, breach_rate: args[4].parse()? };
            let t = Instant::now();
            let summary = cin::generate_with(&opts, File::create(&args[5])?)?;
            let total: u64 = summary.breaches.values().sum();
            eprintln!("wrote {} children ({} deliberate breaches) to {} in {:.2?}", summary.children, total, args[5], t.elapsed());
            Ok(())
        }
        Some("parse") if args.len() == 2 => {
            // Reading only (no rules), to separate parsing cost from rule cost.
            let t = Instant::now();
            let file = std::io::BufReader::with_capacity(1 << 16, File::open(&args[1])?);
            let mut children = 0u64;
            let mut issues = 0u64;
            for item in cin::CinParser::new(file) {
                match item {
                    cin::Parsed::Child(_) => children += 1,
                    cin::Parsed::Issue(_) => issues += 1,
                    cin::Parsed::Header(_) => {}
                }
            }
            eprintln!("parsed {children} children ({issues} structural issues) in {:.2?}", t.elapsed());
            Ok(())
        }
        Some("validate") if args.len() >= 2 => {
            let mut opts = ValidateOptions::default();
            let mut format = Format::Text;
            let mut verdicts_out = None;
            let mut single_thread = false;
            let mut rest = args[2..].iter();
            while let Some(flag) = rest.next() {
                let value = rest.next().ok_or_else(|| format!("{flag} needs a value"))?;
                match flag.as_str() {
                    "--rules" => opts.rules = value.parse::<RulesYear>()?,
                    "--format" => format = value.parse()?,
                    "--verdicts" => verdicts_out = Some(value.clone()),
                    "--threads" => single_thread = value == "1",
                    other => return Err(format!("unknown option {other}").into()),
                }
            }
            let t = Instant::now();
            let report = if single_thread {
                cin::validate_reader(std::io::BufReader::with_capacity(1 << 20, File::open(&args[1])?), &opts)
            } else {
                cin::validate_path_with(&args[1], &opts)?
            };
            let elapsed = t.elapsed();
            match verdicts_out {
                Some(path) => {
                    let pairs: Vec<(&str, Option<&str>)> = report.verdicts().into_iter().collect();
                    let mut w = BufWriter::new(File::create(&path)?);
                    serde_json::to_writer(&mut w, &serde_json::json!({ "children": report.children, "seconds": elapsed.as_secs_f64(), "verdicts": pairs }))?;
                    w.flush()?;
                    eprintln!(
                        "validated {} children in {:.2?}: {} errors, {} queries, {} structural",
                        report.children,
                        elapsed,
                        report.errors().count(),
                        report.queries().count(),
                        report.structural().count()
                    );
                }
                None => print!("{}", cin::render(&report, format)),
            }
            Ok(())
        }
        _ => Err("usage: cin generate CHILDREN SEED YEAR BREACH_RATE OUT.xml | cin validate FILE.xml [--rules Y] [--format F] [--verdicts OUT.json]".into()),
    }
}
