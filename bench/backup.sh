#!/usr/bin/env bash
# Backup throughput of one tenant of realistic size (5,000 people with encrypted fields, 50
# documents of 256 KiB, its audit trail) against `pg_dump | gzip | openssl enc -aes-256-cbc` of the
# same data, and its restore test against pg_restore, measured in the same run on throwaway
# Postgres, Key Vault emulator and Azurite (bench/Viggotech.Bench.Backup/Program.cs says exactly what
# each side does). Both sides hold the same data: the tables the backup holds (pg_dump -t of each,
# the tenant being the only one) and the tenant's documents, and both write to region A of the same
# Azurite and read back from it. MB/s on both sides = the same plaintext byte count / wall time,
# best of 3, so a ratio is baseline time / project time.
# Arguments are passed on: --people N --documents N --document-kb N.
set -euo pipefail
bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$bench_root/Viggotech.Bench.Backup"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "nan"; else printf "%.3f\n", a / b }'; }

echo "load before: $(uptime | sed 's/.*load average: //') (2 cores; above ~6 the figures mean little)"
dotnet build "$project" -c Release -nologo -clp:ErrorsOnly >/dev/null
results="$(dotnet "$project/bin/Release/net10.0/Viggotech.Bench.Backup.dll" "$@")"
printf '%s\n' "$results"
value() { printf '%s\n' "$results" | sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
baseline="$(value baseline_mb_per_s)"
figure="$(value project_mb_per_s)"
baseline_restore="$(value baseline_restore_mb_per_s)"
restore="$(value restore_test_mb_per_s)"
echo "load after: $(uptime | sed 's/.*load average: //')"
echo "compared: the same data on both sides (the tenant's tables and its documents), both uploaded to and read back from the same Azurite"
echo "baseline: $baseline MB/s (pg_dump -Fc -Z0 | gzip | openssl enc -aes-256-cbc into a blob, documents copied blob to blob; best of 3)"
echo "restore: $restore MB/s (restore test: into the scratch database, every table read back and hashed, documents checked)"
echo "restore baseline: $baseline_restore MB/s (blob | openssl dec | gunzip | pg_restore, documents downloaded)"
echo "restore ratio: $(ratio "$restore" "$baseline_restore")"
echo "figure: $figure MB/s"
echo "ratio: $(ratio "$figure" "$baseline")"
