#!/usr/bin/env bash
# Backup throughput of one tenant of realistic size (5,000 people with encrypted fields, 50
# documents of 256 KiB, its audit trail) against `pg_dump | gzip | openssl enc -aes-256-cbc` of
# the same database, measured in the same run on throwaway Postgres, Key Vault emulator and Azurite.
#   baseline MB/s = pg_dump output bytes / wall time of the pipeline (best of 3)
#   project MB/s  = backup plaintext bytes (table COPY data + document bytes) / wall time of the
#                   platform's backup: snapshot, gzip, AES-256-GCM, upload to region A, signed manifest (best of 3)
# The restore test (download, authenticate, decompress, COPY into the scratch database, read back
# and hash every table) is reported beside it in MB/s of the same plaintext.
# Arguments are passed on: --people N --documents N --document-kb N.
set -euo pipefail
bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$bench_root/Viggotech.Bench.Backup"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "nan"; else printf "%.3f\n", a / b }'; }

dotnet build "$project" -c Release -nologo -clp:ErrorsOnly >/dev/null
results="$(dotnet "$project/bin/Release/net10.0/Viggotech.Bench.Backup.dll" "$@")"
printf '%s\n' "$results"
baseline="$(printf '%s\n' "$results" | sed -n 's/.*baseline_mb_per_s=\([0-9.]*\).*/\1/p')"
figure="$(printf '%s\n' "$results" | sed -n 's/.*project_mb_per_s=\([0-9.]*\).*/\1/p')"
restore="$(printf '%s\n' "$results" | sed -n 's/.*restore_test_mb_per_s=\([0-9.]*\).*/\1/p')"
echo "baseline: $baseline MB/s (pg_dump | gzip | openssl enc -aes-256-cbc, best of 3)"
echo "restore test: $restore MB/s (into the scratch database, every table read back and hashed)"
echo "figure: $figure MB/s"
echo "ratio: $(ratio "$figure" "$baseline")"
