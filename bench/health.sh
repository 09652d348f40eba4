#!/usr/bin/env bash
# Api /health throughput against bare Kestrel answering the same route, measured in the same run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/platform.sh"
source "$bench_root/lib/wrk.sh"

dotnet build "$repo_root/Viggotech.AppHost" -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build "$bench_root/HelloKestrel" -c Release -nologo -clp:ErrorsOnly >/dev/null

baseline_port="$(free_port)"
dotnet "$bench_root/HelloKestrel/bin/Release/net10.0/HelloKestrel.dll" --urls "http://127.0.0.1:$baseline_port" >/dev/null 2>&1 &
baseline_pid=$!
for _ in $(seq 1 30); do curl -fsS "http://127.0.0.1:$baseline_port/health" >/dev/null 2>&1 && break; sleep 1; done

# Warm both, then measure one after the other so they never share the two cores.
wrk -t2 -c64 -d3s "http://127.0.0.1:$baseline_port/health" >/dev/null
echo "[bench] baseline: bare Kestrel"
baseline="$(wrk_rps "http://127.0.0.1:$baseline_port/health")"
kill "$baseline_pid"

platform_start
wrk -t2 -c64 -d3s "$API_URL/health" >/dev/null
echo "[bench] project: Api /health"
project="$(wrk_rps "$API_URL/health")"

echo "baseline: $baseline requests/s (bare Kestrel)"
echo "project: $project requests/s (Api /health)"
echo "figure: $project requests/s"
echo "ratio: $(ratio "$project" "$baseline")"
