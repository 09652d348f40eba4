#!/usr/bin/env bash
# People list requests per second (GET /api/people, pages of 50 decrypted people, audited like
# every read) against the same endpoint from a build with the fields stored unencrypted
# (-p:BenchmarkPlaintextPeople=true, used only here). Each build runs on a fresh platform.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/platform.sh"
source "$bench_root/lib/wrk.sh"
source "$bench_root/workspace/token.sh"

# Runs in a subshell (its output is the figure): the platform's own messages go to stderr.
measure() {
  platform_start >&2
  local token api
  token="$(workspace_token)"
  python3 "$bench_root/workspace/seed_people.py" "${BENCH_PORTS[ApiHttps]}" "$BENCH_DATA_DIR" "$token"
  api="https://localhost:${BENCH_PORTS[ApiHttps]}/api/people?page=1&pageSize=50"
  wrk -t2 -c32 -d3s -H "Authorization: Bearer $token" "$api" >/dev/null
  local out
  out="$(wrk -t2 -c32 -d10s --latency -H "Authorization: Bearer $token" "$api")"
  echo "$out" >&2
  if grep -q "Non-2xx" <<<"$out"; then
    echo "[bench] people list calls failed" >&2
    exit 1
  fi
  awk '/^Requests\/sec:/ { print $2 }' <<<"$out"
  platform_stop >&2
  trap - EXIT
}

echo "[bench] baseline build: people fields unencrypted"
dotnet build "$repo_root/Viggotech.AppHost" -c Release -nologo -clp:ErrorsOnly -p:BenchmarkPlaintextPeople=true -p:TreatWarningsAsErrors=false >/dev/null
baseline="$(measure)"
echo "[bench] project build: people fields encrypted"
# The SDK hashes the defined constants into its compile inputs, so this recompiles Core without them.
dotnet build "$repo_root/Viggotech.AppHost" -c Release -nologo -clp:ErrorsOnly >/dev/null
project="$(measure)"

echo "baseline: $baseline requests/s (50 people a page, fields unencrypted)"
echo "project: $project requests/s (50 people a page, every field decrypted)"
echo "figure: $project requests/s"
echo "ratio: $(ratio "$project" "$baseline")"
