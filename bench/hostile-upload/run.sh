#!/usr/bin/env bash
# Hostile census uploads (issue 10 item 10): starts the server on a scratch SQLite database with
# the demo council, signs in as the demo performance analyst, uploads a series of 200 MB files
# built to exhaust memory, waits for each check to finish, and reports the server's peak resident
# memory (VmHWM) after each. Appends nothing to the repository: results go to stdout and
# $SCRATCH/results.txt.
#
#   bench/hostile-upload/run.sh
#
# Environment (all optional):
#   SCRATCH   scratch directory (default /tmp/ff-hostile-upload; never inside the repository)
#   SIZE_MB   size of each hostile file (default 200)
#   PORT      port for the scratch server (default 18431)
#   PROFILE   cargo profile of the server binary: debug (default) or release
#   FILES     glob of the hostile files to upload (default all)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scratch="${SCRATCH:-/tmp/ff-hostile-upload}"
size_mb="${SIZE_MB:-200}"
port="${PORT:-18431}"
profile="${PROFILE:-debug}"
mkdir -p "$scratch/files"
rm -f "$scratch/ff.db" "$scratch/cookies" "$scratch/results.txt"
# shellcheck source=../lib.sh
. "$repo/bench/lib.sh"

if [ "$profile" = release ]; then
  (cd "$repo" && cargo build --release -p familiesfirst >&2)
else
  (cd "$repo" && cargo build -p familiesfirst >&2)
fi
bin="$repo/target/$profile/familiesfirst"

echo "== building hostile files ($size_mb MB each) in $scratch/files" >&2
python3 "$repo/bench/hostile-upload/make_files.py" "$scratch/files" "$size_mb"

echo "== seeding a small demo council, then starting the server on it" >&2
# Seeded by a separate process, so that the server's peak memory is its own.
FAMILIESFIRST_DATABASE_URL="sqlite://$scratch/ff.db" "$bin" demo --families 30 >&2
FAMILIESFIRST_DATABASE_URL="sqlite://$scratch/ff.db" "$bin" serve --listen "127.0.0.1:$port" >"$scratch/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
wait_for "$base/sign-in"
hwm() { awk '/VmHWM/ {print int($2/1024)}' "/proc/$server/status"; }
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$server/status"; }

jar="$scratch/cookies"
token=$(curl -fsS -c "$jar" -b "$jar" "$base/sign-in" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
curl -fsS -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf_token=$token" --data-urlencode "username=analyst" \
  --data-urlencode "password=${DEMO_PASSWORD:-demo-password}" "$base/sign-in"
action=$(curl -fsS -c "$jar" -b "$jar" "$base/returns" | sed -n 's/.*action="\(\/returns\/validate[^"]*\)".*/\1/p' | head -1 | sed 's/&amp;/\&/g')
[ -n "$action" ] || { echo "could not sign in as the demo analyst" >&2; exit 1; }

printf '%-22s %10s %8s %14s %14s  %s\n' file size status "peak RSS (MB)" "RSS after" outcome | tee "$scratch/results.txt"
printf '%-22s %10s %8s %14s %14s\n' "(server at start)" - - "$(hwm)" "$(rss)" | tee -a "$scratch/results.txt"
for f in "$scratch"/files/${FILES:-*}; do
  name=$(basename "$f")
  code=$(curl -sS -c "$jar" -b "$jar" -o "$scratch/upload.html" -w '%{http_code} %{redirect_url}' -F "file=@$f" "$base$action")
  status=${code%% *}
  location=${code#* }
  outcome="refused"
  if [ "$status" = 303 ]; then
    job=${location#"$base"}
    for _ in $(seq 1 1200); do
      curl -fsS -b "$jar" "$base$job/progress" | grep -q '"done":true' && break
      sleep 1
    done
    page=$(curl -fsS -b "$jar" "$base$job")
    errors=$(printf '%s' "$page" | tr -d '\n' | sed -n 's/.*Errors<\/dt><dd class="govuk-summary-list__value">\([^<]*\)<.*/\1/p')
    outcome="checked: $errors errors"
    if printf '%s' "$page" | grep -q 'reading stopped early'; then outcome="$outcome (reading stopped early)"; fi
  fi
  printf '%-22s %9sM %8s %14s %14s  %s\n' "$name" "$(( $(stat -c %s "$f") >> 20 ))" "$status" "$(hwm)" "$(rss)" "$outcome" | tee -a "$scratch/results.txt"
done
