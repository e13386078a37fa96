#!/usr/bin/env bash
# Demand-forecast benchmark: our forecast (ff_domain::forecast, driven by
# crates/ff-returns/examples/forecast.rs) against the public regional demand model it follows,
# Social Finance's cs-demand-model-regional (package ssda903 at 03e04a0, pandas), on the same
# multi-council SSDA903 CSV files: the peer's own sample, a generated 10-council region (about
# 9,000 children in care) and a generated England-size history (about 86,000 children in care,
# five years). Both run under GNU time (wall time, peak RSS); their projections and quarterly
# costs are compared (bench/rcc/compare.py); ours also re-runs a scenario from cached rates.
# Writes the demand-forecast section of docs/benchmarks.md (between the "rcc-bench" markers,
# appended when absent; the rest of the file is kept as it is).
#
#   bench/rcc/run.sh
#
# Environment (all optional):
#   SCRATCH         scratch directory for inputs, venv, peer and results (default /tmp/ff-rcc-bench; never inside the repo)
#   INPUTS          inputs to run (default "sample region10 england")
#   PEER_INPUTS     inputs the peer runs on (default: all of INPUTS)
#   SCENARIO_INPUTS inputs on which the scenario (levers and inflation) is also compared with the peer (default "sample region10")
#   PEER_TIMEOUT    seconds before a peer run is abandoned (default 1800)
#   PEER_DIR        a directory holding the peer's ssda903 package (default: fetched into $SCRATCH/peer)
#   PEER_REPO       where to clone the peer from (default https://github.com/SocialFinanceDigitalLabs/cs-demand-model-regional)
#   PEER_PYTHON     a python with pandas etc. to run the peer with (default: a venv made in $SCRATCH/venv)
#   RUNS            runs of ours per input, best reported (default 3)
#   RERUNS          scenario re-runs from cached rates (default 20)
#   SEED, YEARS, LAST_YEAR                  generator settings (default 16, 5, 2025)
#   REGION_COUNCILS, REGION_CIC             the region (default 10 councils, 9000 children in care)
#   ENGLAND_COUNCILS, ENGLAND_CIC           England (default 152 councils, 86000 children in care)
#   CARGO_TARGET_DIR                        where cargo builds (default the repository's target/)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scratch="${SCRATCH:-/tmp/ff-rcc-bench}"
inputs="${INPUTS:-sample region10 england}"
peer_inputs="${PEER_INPUTS:-$inputs}"
scenario_inputs="${SCENARIO_INPUTS:-sample region10}"
peer_timeout="${PEER_TIMEOUT:-1800}"
peer_commit=03e04a06324a01a4f291ed6182599be4b16a1d5c
peer_repo="${PEER_REPO:-https://github.com/SocialFinanceDigitalLabs/cs-demand-model-regional}"
runs="${RUNS:-3}"
reruns="${RERUNS:-20}"
seed="${SEED:-16}"
years="${YEARS:-5}"
last_year="${LAST_YEAR:-2025}"
region_councils="${REGION_COUNCILS:-10}"
region_cic="${REGION_CIC:-9000}"
england_councils="${ENGLAND_COUNCILS:-152}"
england_cic="${ENGLAND_CIC:-86000}"
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
command_line="$0${*:+ $*}"
env_line=""
for v in SCRATCH INPUTS PEER_INPUTS SCENARIO_INPUTS PEER_TIMEOUT PEER_DIR PEER_REPO PEER_PYTHON RUNS RERUNS SEED YEARS LAST_YEAR \
  REGION_COUNCILS REGION_CIC ENGLAND_COUNCILS ENGLAND_CIC CARGO_TARGET_DIR; do
  [ -n "${!v:-}" ] && env_line+="$v=${!v} "
done

mkdir -p "$scratch"
scratch="$(cd "$scratch" && pwd)"
case "$scratch/" in
  "$repo"/*) echo "SCRATCH must be outside the repository" >&2; exit 1 ;;
esac
res="$scratch/results"
rm -rf "$res"
mkdir -p "$res" "$scratch/inputs"
# shellcheck source=../lib.sh
. "$repo/bench/lib.sh"

need_gnu_time

echo "== building the forecast example (release)" >&2
(cd "$repo" && CARGO_TARGET_DIR="$target_dir" cargo build --release -p ff-returns --example forecast)
ours="$target_dir/release/examples/forecast"

echo "== peer package (ssda903 at ${peer_commit:0:7})" >&2
if [ -n "${PEER_DIR:-}" ]; then
  peer_dir="$PEER_DIR"
else
  peer_dir="$scratch/peer"
  if [ ! -f "$peer_dir/ssda903/__init__.py" ]; then
    rm -rf "$scratch/peer-repo" "$peer_dir"
    git clone -q --filter=blob:none --no-checkout "$peer_repo" "$scratch/peer-repo"
    mkdir -p "$peer_dir"
    git -C "$scratch/peer-repo" archive "$peer_commit" ssda903 | tar -x -C "$peer_dir"
  fi
fi
[ -f "$peer_dir/ssda903/__init__.py" ] || { echo "no ssda903 package in $peer_dir" >&2; exit 1; }

echo "== peer venv" >&2
if [ -n "${PEER_PYTHON:-}" ]; then
  py="$PEER_PYTHON"
else
  venv="$scratch/venv"
  py="$venv/bin/python"
  peer_venv "$venv" "pandas, numpy, dateutil" "pandas==3.0.1" "numpy==2.4.3" "python-dateutil==2.9.0.post0"
fi
"$py" -c 'import platform, pandas, numpy, dateutil; print(f"Python {platform.python_version()}, pandas {pandas.__version__}, numpy {numpy.__version__}, python-dateutil {dateutil.__version__}")' \
  > "$res/peer_versions.txt"
cat "$res/peer_versions.txt" >&2

# The input directory for a name, generated when needed (kept between runs when the settings match).
input_dir() {
  local name="$1" councils cic dir
  case "$name" in
    sample) echo "$repo/testdata/rcc/peer-sample/input"; return ;;
    region10) councils="$region_councils"; cic="$region_cic" ;;
    england) councils="$england_councils"; cic="$england_cic" ;;
    *) echo "unknown input $name" >&2; exit 1 ;;
  esac
  dir="$scratch/inputs/$name"
  local stamp="councils=$councils cic=$cic years=$years last_year=$last_year seed=$seed $(sha1sum "$repo/bench/rcc/generate_region.py" | cut -c1-12)"
  if [ ! -f "$dir/stamp" ] || [ "$(cat "$dir/stamp")" != "$stamp" ]; then
    echo "   generating $name ($councils councils, about $cic children in care, $years years)" >&2
    rm -rf "$dir"
    python3 "$repo/bench/rcc/generate_region.py" "$dir" --councils "$councils" --children-in-care "$cic" \
      --years "$years" --last-year "$last_year" --seed "$seed" > "$scratch/inputs/$name.generate.json"
    echo "$stamp" > "$dir/stamp"
  fi
  cp "$scratch/inputs/$name.generate.json" "$res/generate_$name.json"
  echo "$dir"
}

field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

: > "$res/timings.tsv"
for name in $inputs; do
  echo "== $name" >&2
  dir="$(input_dir "$name")"
  du -sb --exclude=stamp "$dir" | awk '{print $1}' > "$res/size_$name.txt"
  for run in $(seq 1 "$runs"); do
    timed "ours_${name}_run$run" bash -c '"$1" "$2" --out "$3" > "$4"' _ "$ours" "$dir" "$res/ours_$name" "$res/ours_${name}_run$run.json"
  done
  cp "$res/ours_${name}_run1.json" "$res/ours_$name.json"
  rs=$(field "$res/ours_$name.json" reference_start)
  re=$(field "$res/ours_$name.json" reference_end)
  ps=$(field "$res/ours_$name.json" start)
  pe=$(field "$res/ours_$name.json" end)
  echo "   period: reference $rs to $re, projection $ps to $pe" >&2
  # The scenario re-run from cached rates (and the scenario's own outputs).
  "$ours" "$dir" --scenario --reruns "$reruns" --out "$res/ours_${name}_scenario" > "$res/rerun_$name.json"
  echo "   scenario re-run from cached rates: median $(field "$res/rerun_$name.json" rerun_median_ms) ms over $reruns" >&2
  if [[ " $peer_inputs " == *" $name "* ]]; then
    # exec, so that the timeout's signal reaches python itself.
    timed "peer_$name" timeout "$peer_timeout" bash -c 'log="$1"; shift; exec "$@" > "$log" 2>&1' _ "$res/peer_$name.log" \
      env PEER_DIR="$peer_dir" "$py" -W ignore "$repo/bench/rcc/run_peer.py" "$dir" "$res/peer_$name" "$rs" "$re" "$ps" "$pe"
    if [ -s "$res/peer_$name/forecast_costs_quarterly.csv" ]; then
      python3 "$repo/bench/rcc/compare.py" "$res/ours_$name" "$res/peer_$name" "$res/compare_$name.json" | tee "$res/compare_$name.txt" >&2
    fi
    if [[ " $scenario_inputs " == *" $name "* ]]; then
      timeout "$peer_timeout" env PEER_DIR="$peer_dir" "$py" -W ignore "$repo/bench/rcc/run_peer.py" \
        "$dir" "$res/peer_${name}_scenario" "$rs" "$re" "$ps" "$pe" --scenario > "$res/peer_${name}_scenario.log" 2>&1 || true
      if [ -s "$res/peer_${name}_scenario/forecast_costs_quarterly.csv" ]; then
        echo "   scenario:" >&2
        python3 "$repo/bench/rcc/compare.py" "$res/ours_${name}_scenario" "$res/peer_${name}_scenario" \
          "$res/compare_${name}_scenario.json" | tee "$res/compare_${name}_scenario.txt" >&2
      fi
    fi
  fi
  # The big inputs are kept for the next run, the peer's bulky outputs are not.
  rm -f "$res/peer_$name/enriched_view.csv" "$res/peer_${name}_scenario/enriched_view.csv"
done
uptime > "$res/load.txt"

PYTHONPATH="$repo/bench" python3 - "$res" "$repo/docs/benchmarks.md" "$inputs" "$runs" "$reruns" "$peer_timeout" "$seed" "$years" "$last_year" \
  "$region_councils" "$region_cic" "$england_councils" "$england_cic" "$env_line$command_line" <<'PY'
import datetime, json, os, sys

from report_lib import machine_table, mb, secs, timings, write_section

(res, out, inputs, runs, reruns, peer_timeout, seed, years, last_year, region_councils, region_cic,
 england_councils, england_cic, command) = sys.argv[1:15]
inputs = inputs.split()
START = "<!-- rcc-bench:start -->"
END = "<!-- rcc-bench:end -->"


def load(name):
    p = os.path.join(res, name)
    return json.load(open(p)) if os.path.exists(p) and os.path.getsize(p) > 0 else None


t = timings(res)


def ours(name):
    rs = [(k, t[k]) for k in t if k.startswith(f"ours_{name}_run")]
    if not rs:
        return None
    label, best = min(rs, key=lambda r: r[1]["wall"])
    return {**best, "label": label, "rss": max(r["rss"] for _, r in rs), "slowest": max(r["wall"] for _, r in rs)}


def peer_phases(name):
    p = os.path.join(res, f"peer_{name}.log")
    if not os.path.exists(p):
        return None
    for line in open(p):
        if line.startswith("timings:"):
            parts = dict(x.strip().rsplit(" ", 1) for x in line.split(":", 1)[1].split(","))
            return {k: float(v.rstrip("s")) for k, v in parts.items()}
    return None


titles = {
    "sample": "peer's sample (2 councils)",
    "region10": f"generated region, {int(region_councils)} councils",
    "england": f"generated England, {int(england_councils)} councils",
}
L = []
w = L.append
w(START)
w("<!-- written by bench/rcc/run.sh; edit that script, not this text -->")
w("## Demand forecast: ff-domain::forecast against cs-demand-model-regional")
w("")
w(f"Generated by `bench/rcc/run.sh` on {datetime.date.today().isoformat()}. To reproduce, from the "
  "repository root:")
w("")
w("```")
w(command)
w("```")
w("")
w("It builds `crates/ff-returns/examples/forecast.rs` in release mode and runs it and the peer, Social Finance's "
  "`cs-demand-model-regional` (package `ssda903` at commit 03e04a0, MIT, run unchanged by `bench/rcc/run_peer.py` "
  f"with {open(os.path.join(res, 'peer_versions.txt')).read().strip()}), on the same folder of SSDA903 CSV files "
  "(episodes, header, UASC; LA and YEAR columns), each under `/usr/bin/time -v` (wall time and peak resident memory "
  "of the whole process: start-up, reading and writing included). Both use the same dates: the whole history as the "
  "reference period and two years ahead from its end (the peer's defaults, `Period::defaults`). The inputs are the "
  "peer's own sample (`testdata/rcc/peer-sample/input`) and histories written by `bench/rcc/generate_region.py` "
  f"(seed {seed}, {years} return years to 31 March {last_year}, every open episode resent in each later year as "
  f"councils do): a region of {int(region_councils)} councils with about {int(region_cic):,} children in care, and "
  f"England, {int(england_councils)} councils with about {int(england_cic):,}. Inputs, venv and raw results stay in "
  "`$SCRATCH` (default `/tmp/ff-rcc-bench`), never in the repository.")
w("")
w("Ours reads every CSV file with `ff_returns::ssda903::history::read_into` (fed 8 MB of lines at a time, each with "
  "the file's header line, so the text and its rows are never all held at once), then runs `prepare` → `rates` → "
  "`project` → `bands_by_care_type` → `placement_proportions` → `costs` and writes the projection and quarterly "
  "costs. The peer's run also writes its intermediate tables (enriched episodes, stock, rates, daily costs), which "
  "is part of its wall time; its own phase timings are given below.")
w("")
L += machine_table(open(os.path.join(res, "peer_versions.txt")).read().strip(), "Python (peer)")
load_avg = open(os.path.join(res, "load.txt")).read().strip().split("load average:")[-1].strip()
w("")
w(f"`uptime` load average at the end of the run: `{load_avg}` (other work on the same cores makes the timings "
  f"indicative). Ours ran {runs} times per input: the table gives the fastest wall time (the slowest in brackets) "
  "and the highest peak memory; the peer ran once.")
w("")
w("### Speed, memory and agreement")
w("")
w("| input | children in care at start | episode rows | ours wall (slowest) | ours peak RSS | peer wall | peer peak RSS "
  "| speed-up (wall) | max population difference | scenario re-run (median) |")
w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
results = {}
for name in inputs:
    o, rr = ours(name), load(f"rerun_{name}.json")
    oj = load(f"{o['label']}.json") if o else None
    if not o or not oj:
        continue
    p = t.get(f"peer_{name}")
    c = load(f"compare_{name}.json")
    if p and p["code"] == 124:
        pw, pr, sp = f"timed out ({peer_timeout} s)", "—", "—"
    elif p and p["code"] == 0:
        pw, pr, sp = secs(p["wall"]), mb(p["rss"]), f"{p['wall'] / o['wall']:.1f}×"
    elif p:
        pw, pr, sp = f"failed (exit {p['code']})", mb(p["rss"]), "—"
    else:
        pw, pr, sp = "not run", "—", "—"
    diff = f"{c['max_abs_population_difference']:.1e}" if c else "—"
    rerun = f"{rr['rerun_median_ms']:.1f} ms" if rr and rr.get("rerun_median_ms") is not None else "—"
    results[name] = (o, oj, p, c, rr)
    w(f"| {titles.get(name, name)} | {oj['children_in_care_start']:,.0f} | {oj['episode_rows']:,} | {secs(o['wall'])} "
      f"({secs(o['slowest'])}) | {mb(o['rss'])} | {pw} | {pr} | {sp} | {diff} | {rerun} |")
w("")
w("\"Children in care at start\" is the population the projection starts from (the last day of the data); "
  "\"episode rows\" counts rows of the episodes files, duplicates across years included. The population difference "
  "is the largest absolute difference between the two projections over every projected day and every state "
  "(age band × placement category, and the cumulative \"Not in care\" states); the scenario re-run is project + "
  f"weekly bands + costs from the cached rates and placement shares with one lever changed, median of {reruns}.")
w("")
w("Targets:")
w("")
if "england" in results:
    o, oj, p, c, rr = results["england"]
    if p and p["code"] == 0:
        ratio = p["wall"] / o["wall"]
        w(f"* at least 10× faster than the peer at England size: **{ratio:.1f}×** ({'met' if ratio >= 10 else 'NOT met'});")
    elif p and p["code"] == 124:
        w(f"* at least 10× faster than the peer at England size: the peer did not finish within {peer_timeout} s "
          f"(ours {secs(o['wall'])}), so at least {float(peer_timeout) / o['wall']:.0f}×;")
    w(f"* under 1 GB at England size: **{mb(o['rss'])}** ({'met' if o['rss'] < 1024 * 1024 else 'NOT met'});")
worst = max((r[4]["rerun_median_ms"] for r in results.values() if r[4] and r[4].get("rerun_median_ms") is not None), default=None)
if worst is not None:
    w(f"* a scenario re-run from cached rates under 50 ms: **{worst:.1f} ms** at most ({'met' if worst < 50 else 'NOT met'}).")
w("")
w("Time by step, ours (ms, from inside the fastest run's process, as its JSON line reports) and the peer's (s, "
  "its own `timings:` line):")
w("")
w("| input | read | prepare | rates | project + bands | proportions + costs | ours total | peer load + prepare | "
  "peer stats + predict | peer outputs + costs | peer total |")
w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, (o, oj, p, c, rr) in results.items():
    m = oj["ms"]
    ph = peer_phases(name) or {}
    g = lambda k: f"{ph[k]:.2f}" if k in ph else "—"
    w(f"| {titles.get(name, name)} | {m['read']:.0f} | {m['prepare']:.0f} | {m['rates']:.0f} | {m['project']:.1f} | "
      f"{m['costs']:.1f} | {m['total']:.0f} | {g('load+prepare')} | {g('stats+predict')} | {g('outputs+costs')} | "
      f"{g('total')} |")
w("")
w("### The two projections compared")
w("")
w("| input | states × days | max population difference (relative) | max variance difference | children in care at end, "
  "ours | peer | max quarterly cost difference (item / quarter) |")
w("|---|---:|---:|---:|---:|---:|---:|")
rows = [(n, titles.get(n, n), load(f"compare_{n}.json")) for n in inputs]
rows += [(n, titles.get(n, n) + ", scenario", load(f"compare_{n}_scenario.json")) for n in inputs]
for name, title, c in rows:
    if not c:
        continue
    w(f"| {title} | {c['states']} × {c['dates']} | {c['max_abs_population_difference']:.1e} "
      f"({c['max_relative_population_difference']:.1e}) | {c['max_abs_variance_difference']:.1e} | "
      f"{c['children_in_care_end_ours']:,.6f} | {c['children_in_care_end_peer']:,.6f} | "
      f"£{c['max_abs_quarter_item_cost_difference']:,.2f} / £{c['max_abs_quarter_total_cost_difference']:,.2f} |")
w("")
w("The scenario is `run_peer.py --scenario`'s: the first exit with a positive rate halved, 0.001 added to the first "
  "move between kinds of care at the same age with a positive rate, the entries to the first state with entries "
  "× 1.5, and 10% yearly inflation on costs; `forecast --scenario` picks the same levers from our rates.")
for name, (o, oj, p, c, rr) in results.items():
    g = load(f"generate_{name}.json")
    if g:
        w("")
        title = titles.get(name, name)
        w(f"{title[:1].upper()}{title[1:]}: {g['children']:,} children, {g['episodes_distinct']:,} distinct episodes in "
          f"{g['episode_rows']:,} rows, {g['entries_in_history']:,} entries into care in the history, "
          f"{g['in_care_at_start']:,} in care on {g['data_start']} and {g['in_care_at_end']:,} at the end of {g['data_end']}; "
          f"ours left out {oj['left_out']['duplicates']:,} duplicates and folded {oj['left_out']['legal_status_only']:,} "
          f"changes of legal status alone, giving {oj['pieces']:,} pieces.")
w("")
w(END)
section = "\n".join(L) + "\n"

write_section(out, START, END, section)
PY
echo "wrote the demand-forecast section of $repo/docs/benchmarks.md" >&2
