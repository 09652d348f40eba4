#!/usr/bin/env bash
# AES-256-GCM throughput of the platform's field and document code (BenchmarkDotNet, 64 KiB
# values and chunks, one thread) against `openssl speed -evp aes-256-gcm` at 64 KiB blocks on one
# thread, measured in the same run: three one-second openssl runs before the project's benchmark
# and three after. Both sides count their best: the best openssl run, the best BenchmarkDotNet
# iteration (means are printed too), since on a shared machine others only ever slow a run down.
# figure = the slowest of the four paths users hit (field encrypt/decrypt, document stream
# encrypt/decrypt); the chunk-only lines show where the time goes.
set -euo pipefail
bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$bench_root/Viggotech.Bench.Crypto"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "nan"; else printf "%.3f\n", a / b }'; }

openssl_runs() {
  # "AES-256-GCM  3730440.19k": thousands of bytes per second at 64 KiB blocks.
  for _ in 1 2 3; do
    openssl speed -elapsed -seconds 1 -bytes 65536 -evp aes-256-gcm 2>/dev/null \
      | awk '/^AES-256-GCM/ { v = $2; sub(/k$/, "", v); printf "%.1f\n", v / 1000 }'
  done
}

dotnet build "$project" -c Release -nologo -clp:ErrorsOnly >/dev/null

echo "[bench] baseline: openssl speed -evp aes-256-gcm, 64 KiB blocks"
before="$(openssl_runs)"
echo "[bench] project: Viggotech.Bench.Crypto (BenchmarkDotNet)"
results="$(dotnet "$project/bin/Release/net10.0/Viggotech.Bench.Crypto.dll" | tee >(cat >&2) | grep '^crypto ')"
after="$(openssl_runs)"
runs="$(printf '%s\n%s\n' "$before" "$after")"
baseline="$(printf '%s\n' "$runs" | sort -g | tail -n 1)"

figure="$(printf '%s\n' "$results" | grep -E 'Field(En|De)crypt64K|DocumentStream(En|De)crypt1M' \
  | sed -n 's/.* mb_per_s=\([0-9.]*\).*/\1/p' | sort -g | head -n 1)"

echo
printf '%s\n' "$results"
echo "openssl runs (MB/s): $(printf '%s ' $runs)"
echo "baseline: $baseline MB/s (openssl speed aes-256-gcm, 64 KiB blocks, one thread, best of 6)"
echo "project: $figure MB/s (slowest of field encrypt/decrypt and document stream encrypt/decrypt, 64 KiB)"
echo "figure: $figure MB/s"
echo "ratio: $(ratio "$figure" "$baseline")"
