#!/usr/bin/env bash
# Installs what is missing, builds, runs every test project against real servers, and ends with
# one line "N passed, N failed". Exits non-zero when anything failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

./scripts/prereqs.sh || { echo "0 passed, 1 failed"; exit 1; }

results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

echo "[test] building"
if ! dotnet build Viggotech.sln -nologo -clp:ErrorsOnly -warnaserror; then
  echo "[test] build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
skipped=0
crashed=0
started=$(date +%s)

# Test projects run one after another: each one starts its own servers on its own ports.
for project in $(find tests -name '*.Tests.csproj' | sort); do
  name="$(basename "$project" .csproj)"
  echo "[test] $name"
  project_started=$(date +%s)
  dotnet test "$project" --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=minimal" \
    --results-directory "$results/$name" \
    --blame-hang-timeout 10m
  code=$?
  trx="$(find "$results/$name" -name "$name.trx" | head -n 1)"
  if [ -n "$trx" ]; then
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
    value() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
    p="$(value passed)"; f="$(value failed)"; t="$(value total)"; e="$(value executed)"
    p=${p:-0}; f=${f:-0}; t=${t:-0}; e=${e:-0}
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + t - e))
    if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then crashed=$((crashed + 1)); fi
  elif [ "$code" -ne 0 ]; then
    crashed=$((crashed + 1))
  fi
  echo "[test] $name finished in $(( $(date +%s) - project_started )) s (exit $code)"
done

failed=$((failed + crashed))
echo "[test] total time $(( $(date +%s) - started )) s; results in $results"
if [ "$skipped" -gt 0 ]; then echo "[test] $skipped not run"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
