# Shared by the benchmark scripts. For the server benchmarks (bench/scale, bench/record): the
# national demo database, the release server on it, sign-ins against it and one measured line with
# wrk. For the validator and forecast benchmarks (bench/cin, bench/ssda903, bench/rcc): GNU time,
# a command timed under it and the peer's Python venv. Each function reads the variables it names
# from the script that sources this file, among them: repo (the repository root), scratch (a
# scratch directory), base (the server's URL), duration (seconds per line), out (the results file)
# and res (the results directory).

password="${DEMO_PASSWORD:-demo-password}"

# An API token for a demo account.
token_for() {
  curl -fsS -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"$password\"}" "$base/api/v1/auth/token" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

# A browser session cookie for a demo account ("ff_session=…").
cookie_for() {
  local jar="$scratch/jar-$1" csrf
  rm -f "$jar"
  csrf=$(curl -fsS -c "$jar" -b "$jar" "$base/sign-in" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
  curl -fsS -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf_token=$csrf" --data-urlencode "username=$1" \
    --data-urlencode "password=$password" "$base/sign-in"
  awk '$6 == "ff_session" {print "ff_session=" $7}' "$jar"
}

# One line of the table from a RESULT line (rps, p50_ms, p99_ms, errors, bad_status): name,
# connections, result, pgbench's rate at the same connections (or empty).
result_line() {
  local r="$3" rps p50 p99 errs share=""
  rps=$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<<"$r")
  p50=$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' <<<"$r")
  p99=$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<<"$r")
  errs=$(sed -n 's/.*errors=\([0-9]*\) bad_status=\([0-9]*\).*/\1+\2/p' <<<"$r")
  [ -n "$4" ] && share=$(awk -v a="$rps" -v b="$4" 'BEGIN { if (b > 0) printf "%.1f%%", 100 * a / b }')
  echo "| $1 | $2 | ${rps%.*} | $p50 | $p99 | $((errs)) | $share |" | tee -a "$out" >&2
}

# wrk on a file of requests (see bench/scale/requests.lua): name, requests file (in $scratch),
# header, connections, pgbench's rate (or empty).
measure() {
  local r threads=$(($4 < 2 ? $4 : 2)) # wrk needs a connection per thread
  r=$(REQUESTS="$scratch/$2" wrk -t"$threads" -c"$4" -d"${duration}s" --timeout 30s -s "$repo/bench/scale/requests.lua" -H "$3" "$base" 2>&1 |
    sed -n 's/^RESULT //p')
  result_line "$1" "$4" "$r" "$5"
}

# Stops the benchmark, naming it ($1), unless every tool ($2…) is on the PATH.
need_tools() {
  local bench="$1" tool
  shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$bench needs $tool" >&2; exit 1; }
  done
}

# The settings of a benchmark on the national demo database, from the environment: admin
# (PG_ADMIN), db (DB), families (FAMILIES), duration (DURATION), port (PORT, default $1) and
# scratch (SCRATCH, default $2, made here), and server_url, the database's URL.
national_db_settings() {
  admin="${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}"
  db="${DB:-ffbench}"
  families="${FAMILIES:-100000}"
  duration="${DURATION:-20}"
  port="${PORT:-$1}"
  scratch="${SCRATCH:-$2}"
  server_url="${admin%/*}/$db"
  mkdir -p "$scratch"
}

# The national demo database $db at $server_url, made once with $bin demo --families $families
# (admin: a URL with rights to create databases); later runs reuse it. Sets people, the number of
# people it holds.
seed_national_db() {
  if ! psql "$admin" -Atc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    echo "== seeding $families families into $db (once; later runs reuse it)" >&2
    psql "$admin" -qc "CREATE DATABASE $db" >&2
    "$bin" demo --families "$families" --database-url "$server_url" >&2
    # As autovacuum would have by the time anyone used it (this machine runs without it): the
    # visibility map and hint bits set, so the first reads do not pay for writing them.
    psql "$server_url" -qc "VACUUM (ANALYZE)" >&2
  fi
  people=$(psql "$server_url" -Atc "SELECT COUNT(*) FROM people")
  echo "== $db holds $people people" >&2
}

# Starts $bin serve on $port over $server_url (its log in $scratch/server.log), stopped when the
# script exits, and waits up to two minutes for it to answer; sets server (its pid) and base.
start_server() {
  "$bin" serve --listen "127.0.0.1:$port" --database-url "$server_url" >"$scratch/server.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  base="http://127.0.0.1:$port"
  wait_for "$base/healthz"
}

# Waits up to two minutes for a URL ($1) to answer.
wait_for() {
  for _ in $(seq 1 120); do
    curl -fsS "$1" -o /dev/null 2>/dev/null && break
    sleep 1
  done
}

# GNU time, installed when missing.
need_gnu_time() {
  if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time" >&2
    apt-get install -y time >/dev/null
  fi
}

# Runs a command ($2…) under GNU time; appends "label wall_s max_rss_kb exit cpu_s" ($1 the label)
# to $res/timings.tsv, which the reports read (bench/report_lib.py, `timings`).
timed() {
  local label="$1"
  shift
  local tfile="$res/$label.time"
  local code=0
  /usr/bin/time -v -o "$tfile" "$@" || code=$?
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tfile" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tfile")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$tfile")
  printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$wall" "$rss" "$code" "$cpu" >>"$res/timings.tsv"
  echo "   $label: ${wall}s wall, ${cpu}s CPU, max RSS ${rss} kB, exit $code" >&2
}

# A Python venv at $1 for the peer, made unless its python can already import $2 (one module or
# several, comma-separated); pip installs the requirements $3….
peer_venv() {
  local venv="$1" modules="$2"
  shift 2
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import $modules" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "$@"
  fi
}

# Builds ff-returns' example $1 in release mode.
build_returns_example() {
  echo "== building ff-returns (release)" >&2
  (cd "$repo" && cargo build --release -p ff-returns --example "$1")
}

# What the peer's venv ($1) holds, on one line: "$3 <version of the distribution $2> pandas <version>
# numpy <version>".
peer_versions() {
  "$1/bin/python" -c 'import importlib.metadata as m, sys; print(sys.argv[2], m.version(sys.argv[1]), "pandas", m.version("pandas"), "numpy", m.version("numpy"))' \
    "$2" "$3"
}
