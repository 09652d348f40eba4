#!/usr/bin/env bash
# DR drill on an isolated platform instance: under a write load through the services' multi-host
# connection string, the primary is killed with SIGKILL (`bench/run.sh failover planned`: fenced and
# stopped instead), region B is promoted, and the drill reports RPO (acknowledged writes lost) and
# RTO (primary loss to the first write acknowledged by region B). Targets: RPO 0, RTO <= 5 s.
# Baseline, from the same run: the promotion step alone, the floor under any RTO.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/platform.sh"
source "$bench_root/lib/wrk.sh"
kind="${1:-crash}"

dotnet build "$repo_root/Viggotech.AppHost" -c Release -nologo -clp:ErrorsOnly >/dev/null

PLATFORM_ARGS=("--Local:DrillOnStart=$kind")
platform_start
report="$BENCH_DATA_DIR/pg/drills/latest.json"
echo "[bench] drill ($kind) running"
for _ in $(seq 1 300); do
  [ -f "$report" ] && break
  sleep 1
done
if [ ! -f "$report" ]; then
  echo "[bench] no drill report after 300 s; see $BENCH_DATA_DIR/apphost.log" >&2
  exit 1
fi

python3 - "$report" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for s in json.loads(r["steps"]):
    print(f"[bench] {s['durationMs']:>6} ms  {'ok  ' if s['succeeded'] else 'FAIL'}  {s['name']}" + (f" ({s['detail']})" if s.get('detail') else ""))
if r.get("error"):
    print(f"[bench] error: {r['error']}")
PY

read -r succeeded lost acknowledged rto_ms promote_ms < <(python3 - "$report" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
promote = next((s["durationMs"] for s in json.loads(r["steps"]) if s["name"].startswith("Promote")), -1)
rto = r["recoveryMs"] if r["recoveryMs"] is not None else -1
print(str(r["succeeded"]).lower(), r["lostWrites"], r["acknowledgedWrites"], rto, promote)
PY
)

if [ "$rto_ms" -lt 0 ]; then
  echo "[bench] writes never resumed on region B" >&2
  exit 1
fi
rto="$(awk -v ms="$rto_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
echo "baseline: $(awk -v ms="$promote_ms" 'BEGIN { printf "%.3f", ms / 1000 }') s (promotion of region B alone)"
echo "project: RTO $rto s, $lost of $acknowledged acknowledged writes lost, drill succeeded: $succeeded"
echo "rpo: $lost"
echo "figure: $rto s"
echo "ratio: $(ratio "$rto" 5)"
