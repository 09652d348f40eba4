#!/usr/bin/env bash
# Sign-in latency (p50/p99, with the password hash's share of it) and the cost of validating an
# access token and its session on an authenticated Api call (GET /api/session) against the
# anonymous /health of the same Api, measured in the same run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/platform.sh"
source "$bench_root/lib/wrk.sh"

dotnet build "$repo_root/Viggotech.AppHost" -c Release -nologo -clp:ErrorsOnly >/dev/null
platform_start

result="$(python3 "$bench_root/signin/signin.py" "${BENCH_PORTS[ApiHttps]}" "${BENCH_PORTS[MailWeb]}" "${BENCH_PORTS[WebHttps]}" "$BENCH_DATA_DIR")"
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$result" "$1"; }
p50="$(printf '%.1f' "$(field p50)")"
p99="$(printf '%.1f' "$(field p99)")"
hash="$(printf '%.1f' "$(field hash)")"
token="$(field token)"
# Over HTTPS, as clients call it: token validation refuses plain HTTP.
api="https://localhost:${BENCH_PORTS[ApiHttps]}"

# Warm both, then measure one after the other so they never share the two cores.
wrk -t2 -c64 -d3s "$api/health" >/dev/null
wrk -t2 -c64 -d3s -H "Authorization: Bearer $token" "$api/api/session" >/dev/null
echo "[bench] baseline: anonymous /health"
baseline="$(wrk_rps "$api/health")"
echo "[bench] project: GET /api/session with a bearer token (validation + session lookup)"
authenticated="$(wrk -t2 -c64 -d10s --latency -H "Authorization: Bearer $token" "$api/api/session")"
echo "$authenticated" >&2
project="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$authenticated")"
if grep -q "Non-2xx" <<<"$authenticated"; then
  echo "[bench] authenticated calls failed" >&2
  exit 1
fi

echo "sign-in: p50 $p50 ms, p99 $p99 ms; of that, the password hash alone costs $hash ms"
echo "baseline: $baseline requests/s (anonymous /health)"
echo "project: $project requests/s (GET /api/session, bearer token validated locally plus a Redis session lookup)"
echo "figure: $p50 ms sign-in p50"
echo "ratio: $(ratio "$project" "$baseline")"
