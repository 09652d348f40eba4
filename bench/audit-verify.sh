#!/usr/bin/env bash
# Measures offline audit-trail verification on one core and sets it against OpenSSL's SHA-256
# speed on the same machine: every event is hashed once, so SHA-256 is the floor of verification.
#   bench/audit-verify.sh                    1,000,000 events (about 640 MB of bundle, in memory)
#   AUDIT_BENCH_EVENTS=200000 bench/audit-verify.sh
# Prints "figure: <events/s> events/s" and "ratio: <verify MB/s ÷ openssl sha256 MB/s>", both per
# second of processor time on one core; wall-clock results are printed above them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

events="${AUDIT_BENCH_EVENTS:-1000000}"
results="$root/bench/results"
mkdir -p "$results"
log="$results/audit-verify.log"

# One core: the verifier is single-threaded, and pinning keeps the GC and the JIT on that core too.
pin=()
if command -v taskset >/dev/null; then
  pin=(taskset -c "$(($(nproc) - 1))")
fi

dotnet build bench/Viggotech.Bench -c Release -nologo -v quiet >/dev/null
(
  cd bench/Viggotech.Bench
  AUDIT_BENCH_EVENTS="$events" "${pin[@]}" dotnet bin/Release/net10.0/Viggotech.Bench.dll \
    --artifacts "$results/BenchmarkDotNet.Artifacts"
) >"$log" 2>&1 || { tail -40 "$log" >&2; echo "benchmark failed; full log: $log" >&2; exit 1; }

field() { sed -n "s/.*[ ]$2=\([0-9.]*\).*/\1/p" <<<"$1"; }
memory="$(grep '^audit-verify VerifyInMemory:' "$log" || true)"
file="$(grep '^audit-verify VerifyFile:' "$log" || true)"
cpu="$(grep '^audit-verify VerifyInMemoryCpuTime:' "$log" || true)"
[ -n "$memory" ] && [ -n "$cpu" ] || { echo "no result in $log" >&2; exit 1; }
# The figure counts processor time, as openssl speed does (it reports per second of user CPU time
# unless given -elapsed), so the ratio compares like with like and other work on the machine
# does not distort either side. The wall-clock results are printed too.
events_per_s="$(field "$cpu" events_per_s)"
verify_mb_s="$(field "$cpu" mb_per_s)"
bytes_per_event="$(field "$cpu" bytes_per_event)"

# openssl prints thousands of bytes per second for blocks of 16, 64, 256, 1024, 8192, 16384 bytes;
# take the column nearest (geometrically) to the size of one event.
speed="$("${pin[@]}" openssl speed -seconds 3 sha256 2>/dev/null | awk '$1 == "sha256" { print }')"
[ -n "$speed" ] || { echo "openssl speed printed no sha256 line" >&2; exit 1; }
if awk -v b="$bytes_per_event" 'BEGIN { exit !(b * b < 256 * 1024) }'; then block=256; column=4; else block=1024; column=5; fi
openssl_mb_s="$(awk -v c="$column" '{ v = $c; sub(/k$/, "", v); printf "%.1f", v / 1000 }' <<<"$speed")"
ratio="$(awk -v a="$verify_mb_s" -v b="$openssl_mb_s" 'BEGIN { printf "%.3f", a / b }')"

echo "events: $events, $bytes_per_event bytes each (bundle kept in memory)"
echo "verify in memory, per second of processor time: $events_per_s events/s, $verify_mb_s MB/s"
echo "verify in memory, wall clock (BenchmarkDotNet mean): $(field "$memory" events_per_s) events/s, $(field "$memory" mb_per_s) MB/s"
[ -z "$file" ] || echo "verify from file, wall clock (BenchmarkDotNet mean): $(field "$file" events_per_s) events/s, $(field "$file" mb_per_s) MB/s"
echo "openssl sha256 ($block-byte blocks, per second of processor time): $openssl_mb_s MB/s"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "figure: $events_per_s events/s"
echo "ratio: $ratio"
