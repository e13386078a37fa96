# Shared by the benchmark scripts (bench/scale, bench/record): sign-ins against a running demo
# server and one measured line with wrk. Source it after setting: base (the server's URL),
# scratch (a scratch directory), repo (the repository root), duration (seconds per line) and out
# (the results file).

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
