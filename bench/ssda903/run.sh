#!/usr/bin/env bash
# SSDA903 (children looked after) validator benchmark: ff-returns (Rust) against
# the public peer validator csc-validator-be-903 0.1.17 (Python, module
# lac_validator), on synthetic returns of about 1x, 10x and 40x the size of
# the peer's own fake data (2,675 children), and on that fake data itself.
# Writes the SSDA903 section of docs/benchmarks.md (between the
# "ssda903-bench" markers; the rest of the file is kept as it is).
#
#   bench/ssda903/run.sh
#
# Environment (all optional):
#   SCRATCH      scratch directory for returns, venv and results (default /tmp/ff-903-bench; never inside the repo)
#   SIZES        child counts to generate and validate (default "2700 27000 108000")
#   PEER_SIZES   sizes the peer is run on (default "2700 27000 108000"; it finishes all three well within the timeout)
#   PEER_TIMEOUT seconds before a peer run is abandoned (default 1200)
#   SEED, BREACH_RATE, YEAR  generator settings (default 903, 0.01 and 2025-26)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scratch="${SCRATCH:-/tmp/ff-903-bench}"
sizes="${SIZES:-2700 27000 108000}"
peer_sizes="${PEER_SIZES:-2700 27000 108000}"
peer_timeout="${PEER_TIMEOUT:-1200}"
seed="${SEED:-903}"
breach_rate="${BREACH_RATE:-0.01}"
year="${YEAR:-2025-26}"
end_year="20${year: -2}"
res="$scratch/results"
mkdir -p "$scratch/returns" "$res"
# shellcheck source=../lib.sh
. "$repo/bench/lib.sh"

need_gnu_time

build_returns_example ssda903
ours="$repo/target/release/examples/ssda903"

echo "== peer venv" >&2
venv="$scratch/venv"
peer_venv "$venv" lac_validator "csc-validator-be-903==0.1.17"
peer_versions "$venv" csc-validator-be-903 csc-validator-be-903 > "$res/peer_versions.txt"

# Ours three times (best and slowest reported), the peer once, then the comparison.
bench_one() {
  local name="$1" dir="$2" run_peer="$3"
  du -sb "$dir" | awk '{print $1}' > "$res/size_$name.txt"
  for run in 1 2 3; do
    # Exit status 1 means "the return has errors", which is expected.
    timed "ours_${name}_run$run" bash -c '"$1" "$2" --year "$3" --format json > "$4"; c=$?; [ $c -le 1 ]' _ \
      "$ours" "$dir" "$year" "$res/ours_$name.json"
  done
  if [ "$run_peer" = yes ]; then
    timed "peer_$name" timeout "$peer_timeout" "$venv/bin/python" -W ignore "$repo/bench/ssda903/peer_driver.py" \
      "$dir" "$res/peer_$name.json" "$end_year"
  fi
  if [ -s "$res/peer_$name.json" ]; then
    python3 "$repo/bench/ssda903/compare.py" "$res/ours_$name.json" "$res/peer_$name.json" \
      "$repo/crates/ff-returns/tests/ssda903_parity.rs" "$dir" "$res/compare_$name.json" > "$res/compare_$name.txt"
    tail -1 "$res/compare_$name.txt" >&2
  fi
}

: > "$res/timings.tsv"
for n in $sizes; do
  dir="$scratch/returns/903_$n"
  echo "== $n children" >&2
  rm -rf "$dir"
  "$ours" generate "$n" "$seed" "$year" "$breach_rate" "$dir" 2> "$res/generate_$n.txt"
  peer=no; [[ " $peer_sizes " == *" $n "* ]] && peer=yes
  bench_one "$n" "$dir" "$peer"
done

# The peer's own fake data (2,675 children, deliberately dirty), as shipped in the repository.
echo "== the peer's fake data" >&2
bench_one fake "$repo/crates/ff-returns/tests/data/ssda903/fake" yes

# A small return with many more breaches (20% of children), for the verdict comparison only.
echo "== 2700 children, 20% with a breach" >&2
dir="$scratch/returns/903_breaches"
rm -rf "$dir"
"$ours" generate 2700 "$seed" "$year" 0.2 "$dir" 2> "$res/generate_breaches.txt"
"$ours" "$dir" --year "$year" --format json > "$res/ours_breaches.json" 2>/dev/null || true
"$venv/bin/python" -W ignore "$repo/bench/ssda903/peer_driver.py" "$dir" "$res/peer_breaches.json" "$end_year" 2>/dev/null
python3 "$repo/bench/ssda903/compare.py" "$res/ours_breaches.json" "$res/peer_breaches.json" \
  "$repo/crates/ff-returns/tests/ssda903_parity.rs" "$dir" "$res/compare_breaches.json" > "$res/compare_breaches.txt"

uptime > "$res/load.txt"
python3 "$repo/bench/ssda903/report.py" "$res" "$repo/docs/benchmarks.md" "$sizes" "$peer_sizes" "$seed" "$breach_rate" "$year"
echo "wrote the SSDA903 section of $repo/docs/benchmarks.md" >&2
