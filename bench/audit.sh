#!/usr/bin/env bash
# bench/run.sh audit: the audit trail's two speed targets, measured in one run.
#   1. Offline verification on one core against `openssl speed sha256` (bench/audit-verify.sh):
#      target at least 1,000,000 events/s. Its figure and ratio are this benchmark's last lines.
#   2. The latency an audit event adds to a write request: a transaction adding a note, with and
#      without IAuditTrail.RecordAsync in it, alternating, each in its own DI scope as a request
#      would be, against a throwaway platform database (TestPostgres: fsync off for both sides,
#      so the difference is the audit work and its round trip, not disk flushes). Target: at most
#      1 ms added at p50.
#   AUDIT_BENCH_EVENTS=200000 AUDIT_LATENCY_ITERATIONS=2000 bench/run.sh audit   (quicker)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/bench/results"
mkdir -p "$results"

verify_out="$(bash "$root/bench/audit-verify.sh")"

iterations="${AUDIT_LATENCY_ITERATIONS:-5000}"
log="$results/audit-latency.log"
dotnet build bench/AuditLatency -c Release -nologo -v quiet >/dev/null
# Raised priority (when allowed) for the benchmark and the Postgres it starts, so other work on
# the shared machine distorts both kinds of request less; it applies to both alike.
AUDIT_LATENCY_ITERATIONS="$iterations" nice -n -10 dotnet bench/AuditLatency/bin/Release/net10.0/AuditLatency.dll >"$log" 2>&1 \
  || { tail -40 "$log" >&2; echo "latency benchmark failed; full log: $log" >&2; exit 1; }
line="$(grep '^audit-latency:' "$log" || true)"
[ -n "$line" ] || { echo "no result in $log" >&2; exit 1; }
field() { sed -n "s/.*[ ]$1=\([0-9.-]*\).*/\1/p" <<<"$line"; }
added="$(field added_p50_ms)"

echo "== verification (one core) =="
grep -v '^figure:\|^ratio:' <<<"$verify_out"
echo "== audited request vs the same request unaudited ($iterations each, alternating) =="
echo "unaudited request: p50 $(field plain_p50_ms) ms, p90 $(field plain_p90_ms) ms, p99 $(field plain_p99_ms) ms"
echo "audited request:   p50 $(field audited_p50_ms) ms, p90 $(field audited_p90_ms) ms, p99 $(field audited_p99_ms) ms"
echo "RecordAsync alone (one round trip): p50 $(field append_p50_ms) ms"
echo "added latency at p50: $added ms (target: at most 1 ms: $(awk -v a="$added" 'BEGIN { print (a <= 1.0) ? "met" : "not met" }'))"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
grep '^figure:\|^ratio:' <<<"$verify_out"
