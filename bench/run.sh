#!/usr/bin/env bash
# bench/run.sh NAME: runs one benchmark against a baseline measured in the same run. The last two
# lines are always "figure: <value> <unit>" and "ratio: <value>" (project / baseline).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
name="${1:-}"
if [ -z "$name" ] || [ ! -f "$here/$name.sh" ]; then
  echo "usage: bench/run.sh NAME, where NAME is one of:" >&2
  for script in "$here"/*.sh; do
    base="$(basename "$script" .sh)"
    [ "$base" = run ] || echo "  $base" >&2
  done
  exit 2
fi
shift
"$here/../scripts/prereqs.sh" >/dev/null
exec bash "$here/$name.sh" "$@"
