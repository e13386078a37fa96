#!/usr/bin/env bash
# The workforce census at scale (issue 14 item 5; W-OUT-1, W-RATE-1..7). On PostgreSQL: makes a
# fresh database, then two synthetic councils written straight into it by bench/csww/seed.sql:
# one the size of England's whole children's social work workforce at 30 September 2023 (33,119
# FTE in post, 7,174 agency, 7,723 vacant, 337,055 children held: about 47,000 workers with their
# posts, leavers, sickness and allocations) and one the size of the largest councils (3.5% of it,
# about 1,200 FTE). Starts the release server and asks it, as each council's workforce officer,
# for the 2023 census (the JSON summary with the rates, then the XML), timing each request and
# reading the server's peak memory. Checks the XML against the census schema (xmllint) and the
# England council's rates against the DfE's published England figures (the same formulas,
# W-RATE-1..7). Prints a Markdown table and writes it to $SCRATCH/results.md; the figures in
# docs/benchmarks.md come from this command.
#
#   bench/csww/run.sh
#
# Environment (all optional):
#   PG_ADMIN  a PostgreSQL URL with rights to create databases (default postgres://postgres@127.0.0.1:5432/postgres)
#   DB        the benchmark database's name (default ffcsww; dropped and made again each run)
#   RUNS      timed requests per measurement; the median is reported (default 3)
#   PORT      port for the server (default 18433)
#   SCRATCH   scratch directory (default /tmp/ff-csww; never inside the repository)
# Needs: psql, curl, python3, xmllint (Debian: apt-get install postgresql-client libxml2-utils).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib.sh
. "$repo/bench/lib.sh"
admin="${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}"
db="${DB:-ffcsww}"
runs="${RUNS:-3}"
port="${PORT:-18433}"
scratch="${SCRATCH:-/tmp/ff-csww}"
server_url="${admin%/*}/$db"
password="bench-password-$$-workforce"
mkdir -p "$scratch"
need_tools bench/csww psql curl python3 xmllint

(cd "$repo" && cargo build --release -p familiesfirst >&2)
bin="$repo/target/release/familiesfirst"

psql "$admin" -qc "DROP DATABASE IF EXISTS $db" >&2
psql "$admin" -qc "CREATE DATABASE $db" >&2
"$bin" migrate --database-url "$server_url" >&2

# England's counts at 30 September 2023 (workforce-and-partnerships.md A1) in whole full-time
# people; seed.sql adds the fractions (0.9 + 0.2 in post, 0.7 vacant, 0.2 + 0.3 agency, 0.6 left).
england=(13937 19181 7722 5744 1429 5254 337055 27075)
councils=("998 1.0 England-size" "997 0.035 Largest-council size")

seed() { # la scale
  local la="$1" s="$2" n=() v
  for v in "${england[@]}"; do n+=("$(awk -v v="$v" -v s="$s" 'BEGIN { printf "%d", v * s + 0.5 }')"); done
  printf '%s\n' "$password" | "$bin" user add --database-url "$server_url" --la "$la" --username "wf$la" \
    --name "Workforce officer $la" --role workforce_officer >&2
  local t0 t1
  t0=$(date +%s.%N)
  psql "$server_url" -q -v la="$la" -v holders="${n[0]}" -v others="${n[1]}" -v vacant="${n[2]}" -v agency_v="${n[3]}" \
    -v agency_o="${n[4]}" -v leavers="${n[5]}" -v cases="${n[6]}" -v sick="${n[7]}" -f "$repo/bench/csww/seed.sql" >&2
  t1=$(date +%s.%N)
  echo "== council $la seeded in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s" >&2
}
for c in "${councils[@]}"; do
  read -r la s _ <<<"$c"
  seed "$la" "$s"
done
psql "$server_url" -qc "VACUUM (ANALYZE)" >&2

start_server
out="$scratch/results.md"
: >"$out"

# The median of $runs timed GETs of $2 (as the token $1) in milliseconds; the last body in $3.
median_ms() {
  local i times=()
  for i in $(seq 1 "$runs"); do
    times+=("$(curl -fsS -o "$3" -w '%{time_total}' -H "authorization: Bearer $1" "$base$2")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.0f", 1000 * a[int((NR + 1) / 2)] }'
}

echo "| Council | Workers in the file | Census summary (JSON), median ms | Census XML, median ms | XML size | Schema |" | tee -a "$out" >&2
echo "|---|---:|---:|---:|---:|---|" | tee -a "$out" >&2
for c in "${councils[@]}"; do
  read -r la _ name <<<"$c"
  token=$(token_for "wf$la")
  json_ms=$(median_ms "$token" /api/v1/workforce/census/2023 "$scratch/census-$la.json")
  xml_ms=$(median_ms "$token" /api/v1/workforce/census/2023.xml "$scratch/census-$la.xml")
  records=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["records"])' "$scratch/census-$la.json")
  size=$(du -k "$scratch/census-$la.xml" | cut -f1)
  if xmllint --noout --schema "$repo/crates/ff-returns/data/csww/social_work_workforce_2022.xsd" "$scratch/census-$la.xml" 2>"$scratch/xmllint-$la.txt"; then
    valid="valid"
  else
    valid="INVALID (see $scratch/xmllint-$la.txt)"
  fi
  echo "| ${name//-/ } ($la) | $records | $json_ms | $xml_ms | ${size} kB | $valid |" | tee -a "$out" >&2
done
rss=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
echo | tee -a "$out" >&2
echo "Server peak memory (VmHWM) after all requests: $((rss / 1024)) MB." | tee -a "$out" >&2
echo | tee -a "$out" >&2

# The England-size council's rates beside the DfE's published England figures for 2023.
python3 - "$scratch/census-998.json" <<'PY' | tee -a "$out" >&2
import json, sys
published = {"vacancy_rate": 18.9, "agency_rate": 17.8, "turnover_rate": 15.9, "agency_cover": 74.4,
             "agency_on_vacancies": 80.1, "caseload": 16.0, "sickness_rate": 3.2}
lines = {l["key"]: l for l in json.load(open(sys.argv[1]))["rates"]}
print("| Rate | Rule | Families First | DfE England 2023 | Same |")
print("|---|---|---:|---:|---|")
bad = 0
for key, want in published.items():
    l = lines[key]
    got = l["this_year"]
    same = got == want
    bad += not same
    print(f"| {l['label']} | {l['rule']} | {got} | {want} | {'yes' if same else 'NO'} |")
sys.exit(1 if bad else 0)
PY
