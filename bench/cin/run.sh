#!/usr/bin/env bash
# CIN census validator benchmark: ff-returns (Rust) against the public peer
# validator csc-validator-be-cin 0.1.13 (Python), on synthetic census files of
# 1k, 10k, 100k and 640k children. Writes docs/benchmarks.md.
#
#   bench/cin/run.sh
#
# Environment (all optional):
#   SCRATCH     scratch directory for files, venv and results (default /tmp/ff-cin-bench; never inside the repo)
#   SIZES       child counts to generate and validate (default "1000 10000 100000 640000")
#   PEER_SIZES  sizes the peer is run on (default "1000 10000"; its ingest is quadratic, see the doc)
#   PEER_TIMEOUT seconds before a peer run is abandoned (default 1200)
#   SEED, BREACH_RATE  generator settings (default 2025 and 0.01)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scratch="${SCRATCH:-/tmp/ff-cin-bench}"
sizes="${SIZES:-1000 10000 100000 640000}"
peer_sizes="${PEER_SIZES:-1000 10000}"
peer_timeout="${PEER_TIMEOUT:-1200}"
seed="${SEED:-2025}"
breach_rate="${BREACH_RATE:-0.01}"
res="$scratch/results"
mkdir -p "$scratch/files" "$res"
# shellcheck source=../lib.sh
. "$repo/bench/lib.sh"

need_gnu_time

build_returns_example cin
cin="$repo/target/release/examples/cin"

echo "== peer venv" >&2
venv="$scratch/venv"
peer_venv "$venv" cin_validator "csc-validator-be-cin==0.1.13" "numpy<2"
peer_versions "$venv" csc-validator-be-cin peer > "$res/peer_versions.txt"

: > "$scratch/results/timings.tsv"
for n in $sizes; do
  f="$scratch/files/cin_${n}.xml"
  echo "== $n children" >&2
  "$cin" generate "$n" "$seed" 2025 "$breach_rate" "$f"
  ls -l "$f" | awk '{print $5}' > "$scratch/results/size_${n}.txt"
  # Ours is cheap to repeat: three runs, the report shows the best and the slowest.
  for run in 1 2 3; do
    timed "ours_${n}_run$run" "$cin" validate "$f" --verdicts "$scratch/results/ours_$n.json"
  done
  if [[ " $peer_sizes " == *" $n "* ]]; then
    (cd "$scratch" && timed "peer_$n" timeout "$peer_timeout" "$venv/bin/python" -W ignore "$repo/bench/cin/peer_driver.py" "$f" "$scratch/results/peer_$n.json")
    if [ -s "$scratch/results/peer_$n.json" ]; then
      python3 "$repo/bench/cin/compare.py" "$scratch/results/ours_$n.json" "$scratch/results/peer_$n.json" "$scratch/results/compare_$n.json" \
        > "$scratch/results/compare_$n.txt"
      tail -2 "$scratch/results/compare_$n.txt" >&2
    fi
  fi
done

# A small file with many more breaches (20% of children), for the verdict comparison only.
f="$scratch/files/cin_1000_breaches.xml"
"$cin" generate 1000 "$seed" 2025 0.2 "$f"
"$cin" validate "$f" --verdicts "$scratch/results/ours_breaches.json" 2>/dev/null
(cd "$scratch" && "$venv/bin/python" -W ignore "$repo/bench/cin/peer_driver.py" "$f" "$scratch/results/peer_breaches.json" 2>/dev/null)
python3 "$repo/bench/cin/compare.py" "$scratch/results/ours_breaches.json" "$scratch/results/peer_breaches.json" "$scratch/results/compare_breaches.json" \
  > "$scratch/results/compare_breaches.txt"

# The two public sample files too (verdict comparison only).
for s in CIN_Census_2024 fake_CIN_data; do
  sf="$repo/testdata/cin/samples/$s.xml"
  [ -f "$sf" ] || continue
  "$cin" validate "$sf" --verdicts "$scratch/results/ours_$s.json" 2>/dev/null
  (cd "$scratch" && "$venv/bin/python" -W ignore "$repo/bench/cin/peer_driver.py" "$sf" "$scratch/results/peer_$s.json" 2>/dev/null)
  python3 "$repo/bench/cin/compare.py" "$scratch/results/ours_$s.json" "$scratch/results/peer_$s.json" "$scratch/results/compare_$s.json" \
    > "$scratch/results/compare_$s.txt"
done

uptime > "$scratch/results/load.txt"
python3 "$repo/bench/cin/report.py" "$scratch/results" "$repo/docs/benchmarks.md" "$sizes" "$peer_sizes" "$seed" "$breach_rate"
echo "wrote $repo/docs/benchmarks.md" >&2
