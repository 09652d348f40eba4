#!/usr/bin/env bash
# Cost of the access checks on an authenticated Api read: GET /api/users with the session lookup
# (Redis) and the permission check (the user's roles, cached under the tenant's access stamp in Redis) against the same
# handler with both checks left out (a route mapped only in Development when the AppHost gets
# --Benchmark:UncheckedReads=true), both with the same validated bearer token, measured in the same run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/platform.sh"
source "$bench_root/lib/wrk.sh"

dotnet build "$repo_root/Viggotech.AppHost" -c Release -nologo -clp:ErrorsOnly >/dev/null
PLATFORM_ARGS=(--Benchmark:UncheckedReads=true)
platform_start

# An organisation and its owner's access token, through the sign-up and code flow (few timing samples: only the token is used).
result="$(SIGNIN_SAMPLES=2 python3 "$bench_root/signin/signin.py" "${BENCH_PORTS[ApiHttps]}" "${BENCH_PORTS[MailWeb]}" "${BENCH_PORTS[WebHttps]}" "$BENCH_DATA_DIR")"
token="$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['token'])" "$result")"
api="https://localhost:${BENCH_PORTS[ApiHttps]}"
auth=(-H "Authorization: Bearer $token")

for path in /api/users /api/benchmark/unchecked/users; do
  status="$(curl -s -o /dev/null -w '%{http_code}' --cacert "$BENCH_DATA_DIR/pki/ca.crt" "${auth[@]}" "$api$path")"
  if [ "$status" != 200 ]; then echo "[bench] $path answered $status" >&2; exit 1; fi
done

# Warm both, then measure one after the other so they never share the two cores.
wrk -t2 -c32 -d3s "${auth[@]}" "$api/api/benchmark/unchecked/users" >/dev/null
wrk -t2 -c32 -d3s "${auth[@]}" "$api/api/users" >/dev/null
run() {
  local out
  out="$(wrk -t2 -c32 -d10s --latency "${auth[@]}" "$api$1")"
  echo "$out" >&2
  if grep -q "Non-2xx" <<<"$out"; then echo "[bench] $1 failed" >&2; exit 1; fi
  awk '/^Requests\/sec:/ { print $2 }' <<<"$out"
}
# Interleaved, best of three each: the platform's own start-up work (Worker jobs, probes) fades
# during the first runs, and a fixed order would hand that noise to one side only.
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }
baseline=0
project=0
for round in 1 2 3; do
  echo "[bench] round $round baseline: GET /api/benchmark/unchecked/users (token validated, no session or permission check)"
  baseline="$(best "$baseline" "$(run /api/benchmark/unchecked/users)")"
  echo "[bench] round $round project: GET /api/users (token, live session in Redis, permission from the user's roles)"
  project="$(best "$project" "$(run /api/users)")"
done

echo "baseline: $baseline requests/s (same read, checks bypassed)"
echo "project: $project requests/s (same read with session and permission checks)"
echo "figure: $project requests/s"
echo "ratio: $(ratio "$project" "$baseline")"
