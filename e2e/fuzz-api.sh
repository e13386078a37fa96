#!/usr/bin/env bash
# Schema-based fuzzing of the JSON API (issue 10 item 15): starts the server on a scratch SQLite
# database with the demo council, then runs schemathesis against its OpenAPI document, signed in
# as three roles in turn (a manager, the administrator, a police partner), with the checks that
# matter: no 5xx, every status code and content type documented, every response matching its
# schema. Any failure fails the script. Token revocation (DELETE) is left out: the fuzzer would
# end its own session.
#
#   FF_BIN=target/debug/familiesfirst e2e/fuzz-api.sh
#
# Environment (all optional): FF_BIN (default target/debug/familiesfirst), EXAMPLES (generated
# cases per operation, default 20), SEED (default 1: the same cases each run), SCHEMATHESIS
# (a schemathesis executable; default: installs schemathesis 4.32.5 into a scratch venv).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${FF_BIN:-$root/target/debug/familiesfirst}"
examples="${EXAMPLES:-20}"
seed="${SEED:-1}"
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

st="${SCHEMATHESIS:-}"
if [ -z "$st" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5"
  st="$work/venv/bin/schemathesis"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
FAMILIESFIRST_DATABASE_URL="sqlite://$work/ff.db" "$bin" serve --demo --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -fsS "$base/healthz" -o /dev/null 2>/dev/null && break
  sleep 1
done

status=0
for user in manager admin police; do
  token=$(curl -fsS -X POST -H 'content-type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"${DEMO_PASSWORD:-demo-password}\"}" "$base/api/v1/auth/token" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
  echo "== schemathesis as $user"
  if ! "$st" run "$base/api/openapi.json" \
    -H "Authorization: Bearer $token" \
    --exclude-method DELETE \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --phases examples,fuzzing -n "$examples" --seed "$seed" --no-color; then
    status=1
  fi
done
if grep -q "panicked" "$work/server.log"; then
  echo "the server panicked:" >&2
  grep -A5 "panicked" "$work/server.log" >&2
  status=1
fi
exit $status
