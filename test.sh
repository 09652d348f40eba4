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

started=$(date +%s)

# Runs one test project and leaves its counts in $results/<name>.counts ("passed failed skipped crashed").
run_project() {
  local project="$1" name code trx counters p f t e crashed=0
  name="$(basename "$project" .csproj)"
  echo "[test] $name"
  local project_started=$(date +%s)
  dotnet test "$project" --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=minimal" \
    --results-directory "$results/$name" \
    --blame-hang-timeout 10m
  code=$?
  trx="$(find "$results/$name" -name "$name.trx" | head -n 1)"
  p=0; f=0; t=0; e=0
  if [ -n "$trx" ]; then
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
    value() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
    p="$(value passed)"; f="$(value failed)"; t="$(value total)"; e="$(value executed)"
    p=${p:-0}; f=${f:-0}; t=${t:-0}; e=${e:-0}
  fi
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then crashed=1; fi
  echo "$p $f $((t - e)) $crashed" > "$results/$name.counts"
  echo "[test] $name finished in $(( $(date +%s) - project_started )) s (exit $code)"
}

# Each project starts its own servers on its own free ports, so two can run at once. The ones
# that boot the whole platform through the AppHost run one after another in the first lane; the
# rest (their own Postgres, Azurite, Key Vault emulator or none) share the machine with them in a
# second lane, whose output follows the first's.
platform_projects="Viggotech.Api.Tests Viggotech.AppHost.Tests Viggotech.Continuity.Tests Viggotech.Web.Tests"
lane_one=(); lane_two=()
for project in $(find tests -name '*.Tests.csproj' | sort); do
  case " $platform_projects " in
    *" $(basename "$project" .csproj) "*) lane_one+=("$project") ;;
    *) lane_two+=("$project") ;;
  esac
done

( for project in "${lane_two[@]}"; do run_project "$project"; done ) > "$results/lane-two.log" 2>&1 &
lane_two_pid=$!
for project in "${lane_one[@]}"; do run_project "$project"; done
wait "$lane_two_pid"
cat "$results/lane-two.log"

passed=0; failed=0; skipped=0; crashed=0
for project in "${lane_one[@]}" "${lane_two[@]}"; do
  counts="$results/$(basename "$project" .csproj).counts"
  if [ -f "$counts" ]; then
    read -r p f s c < "$counts"
  else
    p=0; f=0; s=0; c=1
  fi
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s)); crashed=$((crashed + c))
done

failed=$((failed + crashed))
echo "[test] total time $(( $(date +%s) - started )) s; results in $results"
if [ "$skipped" -gt 0 ]; then echo "[test] $skipped not run"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
