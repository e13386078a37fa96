#!/usr/bin/env bash
# Matching benchmark (issue 16 item 7): a region's weekly round (300 children in sibling groups,
# 5,000 vacancies) and an England-sized one (5,000 children, 20,000 vacancies), generated
# (synthetic, seeded), solved by ff-matching (HiGHS through its Rust bindings, release build),
# and the very same model, written as an LP file, solved by the Python HiGHS package (highspy) in
# a scratch venv. Times, objectives, gaps and peak memory (GNU time) go into the section of
# docs/benchmarks.md between the "matching-bench" markers.
#
#   bench/matching/run.sh
#
# Environment:
#   SCRATCH      scratch directory for the LP files, venv and results (default /tmp/ff-matching-bench; never inside the repo)
#   SEED         the instances' seed (default 2026)
#   BIG_GAP      the relative gap for the England-sized round (default 0.005, the target's 0.5 %)
#   NO_WRITE=1   print the figures, do not touch docs/benchmarks.md
#   BENCH_BIN    an ff-matching-bench binary already built in release mode (skips the build)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scratch="${SCRATCH:-/tmp/ff-matching-bench}"
seed="${SEED:-2026}"
big_gap="${BIG_GAP:-0.005}"
res="$scratch/results"
mkdir -p "$res"
rm -f "$res/timings.tsv" "$res"/*.json
# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"
need_gnu_time

bin="${BENCH_BIN:-}"
if [ -z "$bin" ]; then
  echo "== building ff-matching (release)" >&2
  (cd "$repo" && cargo build --release -q -p ff-matching --bin ff-matching-bench)
  bin="${CARGO_TARGET_DIR:-$repo/target}/release/ff-matching-bench"
fi

echo "== highspy venv" >&2
venv="$scratch/venv"
peer_venv "$venv" "highspy" "highspy"
highspy_version=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("highspy"))')

for round in region england; do
  if [ "$round" = region ]; then gap=0; limit=60; else gap="$big_gap"; limit=60; fi
  echo "== $round: writing the model" >&2
  "$bin" "$round" --seed "$seed" --lp "$scratch/$round.lp" --no-solve >"$res/${round}_model.json"
  echo "== $round: ours" >&2
  timed "ours_$round" "$bin" "$round" --seed "$seed" --gap "$gap" --time-limit "$limit" >"$res/ours_$round.json"
  cat "$res/ours_$round.json" >&2
  echo "== $round: highspy on the same LP file" >&2
  timed "highspy_$round" "$venv/bin/python" "$repo/bench/matching/solve_highspy.py" "$scratch/$round.lp" "$gap" "$limit" >"$res/highspy_$round.json"
  cat "$res/highspy_$round.json" >&2
done

load=$(cut -d' ' -f1-3 /proc/loadavg)
[ "${NO_WRITE:-}" = 1 ] && exit 0

PYTHONPATH="$repo/bench" python3 - "$res" "$repo/docs/benchmarks.md" "$seed" "$big_gap" "$highspy_version" "$load" <<'PY'
import json, os, sys

from report_lib import machine_table, mb, secs, timings, write_section

res, out, seed, big_gap, hv, load = sys.argv[1:7]
START = "<!-- matching-bench:start -->"
END = "<!-- matching-bench:end -->"
t = timings(res)
j = lambda n: json.loads(open(os.path.join(res, n)).read().strip().splitlines()[-1])
lines = [START, "<!-- written by bench/matching/run.sh; edit that script, not this text -->", "",
         "## Optimal matching of children to homes (issue 16 items 4 and 7)", "",
         "Command: `bench/matching/run.sh` (one command: builds ff-matching in release mode, generates "
         f"both rounds from seed {seed}, writes each model as an LP file, solves it with ff-matching "
         f"(HiGHS through the `highs` crate) and the same file with the Python HiGHS package, highspy {hv}, "
         "in a scratch venv; single-threaded both). Wall time and peak memory by GNU time, for the whole "
         "process (ours includes generating the round, checking every pair and pruning; highspy's includes "
         "reading the LP file). Both start from the same warm start (ff-matching's greedy assignment, "
         "written beside the LP file). The objective is in points (a pound a week, or a weighted mile "
         "or specialism), with a penalty for each child left unmatched; the gap is HiGHS's relative gap "
         f"on that whole objective. Siblings are never split: each sibling group is one unit. Load "
         f"average at the end of the run: {load} (the machine was shared).", ""]
targets = {"region": "proven optimal in under 1 s", "england": f"within {float(big_gap) * 100:.1f} % of optimal in under 30 s"}
names = {"region": "Region: 300 children × 5,000 vacancies", "england": "England: 5,000 children × 20,000 vacancies"}
for r in ("region", "england"):
    m, o, p = j(f"{r}_model.json"), j(f"ours_{r}.json"), j(f"highspy_{r}.json")
    to, tp = t.get(f"ours_{r}"), t.get(f"highspy_{r}")
    lines += [f"### {names[r]}", "",
              f"{m['children']} children in {m['units']} units ({m['sibling_groups']} sibling groups kept together), "
              f"{m['homes']} homes; {m['units_with_no_feasible_home']} units with no feasible home at all; "
              f"{m['pairs_modelled']} pairs after safe pruning; {m['rows']} rows. Target: {targets[r]}.", "",
              "| | status | objective | gap | solver time | wall (process) | peak memory |",
              "|---|---|---|---|---|---|---|",
              f"| ff-matching (Rust, HiGHS) | {o['status']} | {o['objective']:.0f} | {o['gap'] * 100:.3f} % | "
              f"{secs(o['solve_seconds'])} (+ {secs(o['model_seconds'])} model) | {secs(to and to['wall'])} | {mb(to and to['rss'])} |",
              f"| highspy (same LP file) | {p['status']} | {p['objective']:.0f} | {p['gap'] * 100:.3f} % | "
              f"{secs(p['solve_seconds'])} (+ {secs(p['read_seconds'])} read) | {secs(tp and tp['wall'])} | {mb(tp and tp['rss'])} |",
              "", f"Children matched by ff-matching: {o['children_matched']} of {m['children']}.", ""]
lines += machine_table("highspy " + hv, "highspy") + ["", END]
write_section(out, START, END, "\n".join(lines) + "\n")
print("\n".join(lines))
PY
