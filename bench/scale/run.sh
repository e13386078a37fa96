#!/usr/bin/env bash
# A council's Monday morning at national scale (issue 11 item 4). On PostgreSQL: builds the
# national demo database once (`familiesfirst demo --families $FAMILIES`, about 430,000 people at
# 100,000 families), starts the release server on it, then drives, at 10 and 100 connections with
# wrk, the API record, the child's page, search, the work trays of an LCPP and of a family help
# practitioner and the performance dashboard, beside `pgbench -S` on the same machine as the
# physical limit. Prints a Markdown table (throughput, p50, p99, ratio to pgbench) and writes it
# to $SCRATCH/results.md; the figures in docs/benchmarks.md come from this command.
#
#   bench/scale/run.sh
#
# Environment (all optional):
#   PG_ADMIN   a PostgreSQL URL with rights to create databases (default postgres://postgres@127.0.0.1:5432/postgres)
#   DB         the benchmark database's name (default ffbench; created and seeded when missing)
#   FAMILIES   demo size when seeding (default 100000)
#   DURATION   seconds per measurement (default 20)
#   PORT       port for the server (default 18432)
#   SCRATCH    scratch directory (default /tmp/ff-scale; never inside the repository)
# Needs: wrk, pgbench, psql, curl (Debian: apt-get install wrk postgresql-client).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib.sh
. "$repo/bench/lib.sh"
national_db_settings 18432 /tmp/ff-scale
need_tools bench/scale wrk pgbench psql curl

(cd "$repo" && cargo build --release -p familiesfirst >&2)
bin="$repo/target/release/familiesfirst"

seed_national_db

# pgbench -S beside it, on its own database, as the physical limit of this machine.
pgdb="${db}_pgbench"
if ! psql "$admin" -Atc "SELECT 1 FROM pg_database WHERE datname = '$pgdb'" | grep -q 1; then
  psql "$admin" -qc "CREATE DATABASE $pgdb" >&2
  pgbench -i -q -s 10 "${admin%/*}/$pgdb" >&2
fi
pgbench_rps() {
  pgbench -S -n -c "$1" -j 2 -T "$duration" "${admin%/*}/$pgdb" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1 || true
}
# Measured before the server starts: at 100 clients pgbench alone needs every connection a
# default PostgreSQL allows.
pg10=$(pgbench_rps 10)
pg100=$(pgbench_rps 100)
echo "== pgbench -S: $pg10 at 10 clients, $pg100 at 100" >&2

start_server

# A realistic LCPP and practitioner: the ones holding the most open work (at most the cap).
lcpp=$(psql "$server_url" -Atc "SELECT u.username FROM cp_plans p JOIN users u ON u.la_code = p.la_code AND u.id = p.lead_id \
  WHERE p.end_date IS NULL GROUP BY u.username ORDER BY COUNT(*) DESC, u.username LIMIT 1")
practitioner=$(psql "$server_url" -Atc "SELECT u.username FROM episodes e JOIN users u ON u.la_code = e.la_code AND u.id = e.lead_id \
  WHERE e.closure_date IS NULL AND u.role = 'family_help_practitioner' GROUP BY u.username ORDER BY COUNT(*) DESC, u.username LIMIT 1")
sw_token=$(token_for socialworker)
lcpp_token=$(token_for "$lcpp")
fhp_token=$(token_for "$practitioner")
manager_token=$(token_for manager)
sw_cookie=$(cookie_for socialworker)

# What the runs read: 2,000 people, 1,000 children with Family Help histories, 500 family names.
psql "$server_url" -Atc "SELECT '/api/v1/people/' || id FROM people TABLESAMPLE SYSTEM (2) LIMIT 2000" >"$scratch/records.txt"
psql "$server_url" -Atc "SELECT DISTINCT '/people/' || child_id FROM episodes LIMIT 1000" >"$scratch/pages.txt"
psql "$server_url" -Atc "SELECT DISTINCT '/api/v1/people?q=' || family_name FROM people TABLESAMPLE SYSTEM (1) LIMIT 500" >"$scratch/search.txt"
echo "/api/v1/work-tray" >"$scratch/tray.txt"
echo "/api/v1/performance" >"$scratch/dashboard.txt"

out="$scratch/results.md"
{
  echo "| What | Connections | Requests/s | p50 (ms) | p99 (ms) | Errors | Share of pgbench -S |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
} >"$out"
# Table counters from here on cover only the read runs (the index check below).
psql "$server_url" -qAtc "SELECT pg_stat_reset()" >/dev/null
for c in 10 100; do
  if [ "$c" = 10 ]; then pg=$pg10; else pg=$pg100; fi
  echo "| pgbench -S (select one row by key) | $c | ${pg%.*} | | | | 100% |" >>"$out"
  for spec in \
    "API record (GET /api/v1/people/{id})|records.txt|Authorization: Bearer $sw_token" \
    "Child's page (GET /people/{id})|pages.txt|Cookie: $sw_cookie" \
    "Search (GET /api/v1/people?q=)|search.txt|Authorization: Bearer $sw_token" \
    "LCPP's work tray ($lcpp)|tray.txt|Authorization: Bearer $lcpp_token" \
    "Practitioner's work tray ($practitioner)|tray.txt|Authorization: Bearer $fhp_token" \
    "Performance dashboard (manager)|dashboard.txt|Authorization: Bearer $manager_token"; do
    IFS='|' read -r name file header <<<"$spec"
    measure "$name" "$file" "$header" "$c" "$pg"
  done
done
# Index check (issue 11 item 1): every read path above should reach its rows through an index.
# Tables that were read by sequential scan during the read runs, with how many rows those scans
# read; a small table (settings, bank holidays) may be scanned, a large one never should.
sleep 1
{
  echo
  echo "Sequential scans during the read runs (tables with any; rows in the table for scale):"
  echo
  echo "| Table | Rows in table | Sequential scans | Rows read by them | Index scans |"
  echo "|---|---:|---:|---:|---:|"
  psql "$server_url" -At -F' | ' -c "SELECT s.relname, c.reltuples::bigint, s.seq_scan, s.seq_tup_read, COALESCE(s.idx_scan, 0) \
    FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.seq_scan > 0 ORDER BY s.seq_tup_read DESC, s.relname" | awk '{ print "| " $0 " |" }'
  echo
} >>"$out"
# The write path at 100 connections: contacts, chronology notes and visits, as a social worker.
yesterday=$(date -u -d yesterday +%Y-%m-%d)
psql "$server_url" -Atc "SELECT '/api/v1/contacts' || chr(9) || json_build_object('channel', 'phone', 'source', '2A',   'referrer_name', 'Head teacher', 'referrer_organisation', 'Northmoor Primary', 'concerns', 'Arrives hungry and tired',   'consent', 'given', 'child_ids', json_build_array(id)) FROM people TABLESAMPLE SYSTEM (1)   WHERE date_of_birth > now() - interval '17 years' LIMIT 1000" >"$scratch/contacts.txt"
psql "$server_url" -Atc "SELECT DISTINCT '/api/v1/people/' || child_id || '/notes' || chr(9) || json_build_object('occurred_on', '$yesterday',   'source_type', 'professional_observation', 'note', 'Seen at school; settled and eating') FROM episodes LIMIT 1000" >"$scratch/notes.txt"
psql "$server_url" -Atc "SELECT '/api/v1/episodes/' || id || '/visits' || chr(9) || json_build_object('visit_date', '$yesterday',   'child_seen', true, 'seen_alone', true, 'bedroom_seen', true, 'baby_seen_awake', true) FROM episodes WHERE closure_date IS NULL LIMIT 1000" >"$scratch/visits.txt"
writer="Authorization: Bearer $sw_token"
measure "Record a contact (POST /api/v1/contacts)" contacts.txt "$writer" 100 ""
measure "Add to the chronology (POST /api/v1/people/{id}/notes)" notes.txt "$writer" 100 ""
measure "Record a visit (POST /api/v1/episodes/{id}/visits)" visits.txt "$writer" 100 ""
# Let the server's sealer catch up before the chain is checked.
sleep 5

echo >>"$out"
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $people people, $duration s per line." >>"$out"
"$bin" audit verify --database-url "$server_url" | tail -3 >>"$out"
cat "$out"
