//! The matching benchmark's generator and solver (`bench/matching/run.sh`):
//!
//! ```text
//! ff-matching-bench region|england [--seed N] [--gap G] [--time-limit S] [--lp FILE] [--no-solve]
//! ```
//!
//! Generates the round (synthetic), checks and prunes the pairs, writes the exact model as a
//! CPLEX LP file when `--lp` is given (for highspy to solve the same model), solves it with
//! HiGHS, and prints one JSON line of figures.

use std::time::Instant;

use ff_matching::generate::{Shape, instance};
use ff_matching::{Options, Weights, build, solve_model};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let shape = match args.first().map(String::as_str) {
        Some("region") => Shape::region(),
        Some("england") => Shape::england(),
        _ => {
            eprintln!("usage: ff-matching-bench region|england [--seed N] [--gap G] [--time-limit S] [--lp FILE] [--no-solve]");
            std::process::exit(2);
        }
    };
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let seed = value("--seed").and_then(|s| s.parse().ok()).unwrap_or(2026u64);
    let gap = value("--gap").and_then(|s| s.parse().ok()).unwrap_or(0.0f64);
    let time_limit = value("--time-limit").and_then(|s| s.parse().ok()).unwrap_or(60.0f64);
    let solve = !args.iter().any(|a| a == "--no-solve");

    let (units, homes) = instance(shape, seed);
    let w = Weights::default();
    let started = Instant::now();
    let model = build(&units, &homes, &w, true);
    let model_seconds = started.elapsed().as_secs_f64();
    if let Some(path) = value("--lp") {
        // The warm start beside it, as the columns set to 1, for highspy to start from the same.
        let start: String = model
            .start()
            .iter()
            .enumerate()
            .filter(|(_, v)| **v > 0.5)
            .map(|(i, _)| if i < model.arcs.len() { format!("x{i}\n") } else { format!("y{}\n", i - model.arcs.len()) })
            .collect();
        if let Err(e) = std::fs::write(&path, model.to_lp()).and_then(|()| std::fs::write(format!("{path}.start"), start)) {
            eprintln!("cannot write {path}: {e}");
            std::process::exit(1);
        }
    }
    let children: u32 = units.iter().map(|u| u.places()).sum();
    let mut figures = serde_json::json!({
        "solver": "ff-matching (HiGHS via the highs crate)",
        "seed": seed,
        "children": children,
        "units": units.len(),
        "sibling_groups": units.iter().filter(|u| u.places() > 1).count(),
        "homes": homes.len(),
        "units_with_no_feasible_home": model.no_home.len(),
        "pairs_modelled": model.arcs.len(),
        "rows": model.units.len() + model.homes.len(),
        "model_seconds": model_seconds,
    });
    if solve {
        let options = Options { relative_gap: gap, time_limit_seconds: time_limit, prune: true, warm_start: true, threads: 1 };
        let out = solve_model(&model, &units, &homes, &w, &options);
        let matched: u32 = out.proposals.iter().map(|p| units[p.unit].places()).sum();
        figures["status"] = out.status.clone().into();
        figures["proven_optimal"] = out.proven_optimal.into();
        figures["objective"] = out.objective.into();
        figures["bound"] = out.bound.into();
        figures["gap"] = out.gap.into();
        figures["solve_seconds"] = out.seconds.into();
        figures["total_seconds"] = (model_seconds + out.seconds).into();
        figures["children_matched"] = matched.into();
    }
    println!("{figures}");
}
