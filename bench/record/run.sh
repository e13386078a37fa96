#!/usr/bin/env bash
# The practitioner's record at national scale (issue 12 item 8), on PostgreSQL: the child's page
# and the chronology of a child with 2,000 events, and the assessment form, at 1 and 10
# connections with wrk; then 100 practitioners saving assessment drafts at once
# (`ff-web`'s `draft_writers` example). Uses the national demo database of bench/scale (made
# once with `familiesfirst demo --families $FAMILIES` when missing) and gives one of its children
# a long history (`ff-demo`'s `long_history` example). Prints a Markdown table and writes it to
# $SCRATCH/results.md; the figures in docs/benchmarks.md come from this command.
#
#   bench/record/run.sh
#
# Environment (all optional): PG_ADMIN, DB (default ffbench), FAMILIES (default 100000),
# EVENTS (default 2000), WRITERS (default 100), DURATION (default 20), PORT (default 18433),
# SCRATCH (default /tmp/ff-record; never inside the repository).
# Needs: wrk, psql, curl (Debian: apt-get install wrk postgresql-client).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib.sh
. "$repo/bench/lib.sh"
national_db_settings 18433 /tmp/ff-record
events="${EVENTS:-2000}"
writers="${WRITERS:-100}"
need_tools bench/record wrk psql curl

(cd "$repo" && cargo build --release -p familiesfirst -p ff-demo -p ff-web --example long_history --example draft_writers >&2)
bin="$repo/target/release/familiesfirst"
examples="$repo/target/release/examples"

seed_national_db
child=$("$examples/long_history" "$server_url" "$events")
entries=$(psql "$server_url" -Atc "SELECT COUNT(*) FROM case_notes WHERE child_id = '$child'")
echo "== the long-history child $child has $entries case notes" >&2

start_server

sw_token=$(token_for socialworker)
sw_cookie=$(cookie_for socialworker)
echo "/people/$child/chronology" >"$scratch/chronology.txt"
echo "/api/v1/people/$child/chronology" >"$scratch/chronology-api.txt"
echo "/people/$child" >"$scratch/page.txt"
# Assessments being written (drafts and returned ones): their forms, and one each per writer.
psql "$server_url" -Atc "SELECT '/assessments/' || assessment_id FROM assessment_documents WHERE status IN ('draft', 'returned') LIMIT 1000" >"$scratch/assessments.txt"
psql "$server_url" -Atc "SELECT assessment_id FROM assessment_documents WHERE status IN ('draft', 'returned') ORDER BY assessment_id DESC LIMIT $writers" >"$scratch/writers.txt"

out="$scratch/results.md"
{
  echo "| What | Connections | Requests/s | p50 (ms) | p99 (ms) | Errors | |"
  echo "|---|---:|---:|---:|---:|---:|---|"
} >"$out"
for c in 1 10; do
  for spec in \
    "Chronology page, $entries notes (GET /people/{id}/chronology)|chronology.txt|Cookie: $sw_cookie" \
    "Chronology, JSON (GET /api/v1/people/{id}/chronology)|chronology-api.txt|Authorization: Bearer $sw_token" \
    "Child's page, $entries notes (GET /people/{id})|page.txt|Cookie: $sw_cookie" \
    "Assessment form (GET /assessments/{id})|assessments.txt|Cookie: $sw_cookie"; do
    IFS='|' read -r name file header <<<"$spec"
    measure "$name" "$file" "$header" "$c" ""
  done
done
# As people type: each writer saves at most every two seconds (the page script's rhythm); then as
# fast as the server answers (its capacity).
r=$("$examples/draft_writers" "$base" "$sw_token" "$scratch/writers.txt" "$writers" "$duration" 2000 | sed -n 's/^RESULT //p')
result_line "Draft saves, each writer every 2 s (PUT /api/v1/assessments/{id}/draft)" "$writers" "$r" ""
r=$("$examples/draft_writers" "$base" "$sw_token" "$scratch/writers.txt" "$writers" "$duration" 0 | sed -n 's/^RESULT //p')
result_line "Draft saves, each writer again at once (capacity)" "$writers" "$r" ""
sleep 5
echo >>"$out"
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $people people, $duration s per line." >>"$out"
"$bin" audit verify --database-url "$server_url" | tail -3 >>"$out"
cat "$out"
