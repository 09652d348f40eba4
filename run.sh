#!/usr/bin/env bash
# Installs what is missing, then starts the whole platform (both regions) under the Aspire AppHost.
#   ./run.sh           start; Ctrl+C stops every process it started
#   ./run.sh --reset   delete local data (.local/: databases, storage, vault, mail, generated secrets)
#   ./run.sh --Operators:Emails=you@example.org   start, with that account on the operator list
#                      (any other argument is handed to the AppHost as configuration)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

if [ "${1:-}" = "--reset" ]; then
  if pgrep -f "Viggotech.AppHost" >/dev/null; then
    echo "The platform is running; stop it (Ctrl+C) before resetting its data." >&2
    exit 1
  fi
  rm -rf .local
  echo "Local data removed; the next ./run.sh creates everything afresh."
  exit 0
fi

./scripts/prereqs.sh
dotnet build Viggotech.AppHost -nologo -clp:ErrorsOnly

cat <<INFO

Viggotech is starting. When every resource is healthy:
  Portal     https://localhost:7100  (http://localhost:5100)
  Api        https://localhost:7200  (http://localhost:5200)
  Mail       http://localhost:5080   (smtp4dev: every email the platform sends)
  Dashboard  http://localhost:15080  (open the login URL printed below)
HTTPS uses a local certificate authority: .local/pki/ca.crt. Local data lives in .local/.

INFO

export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
exec dotnet run --project Viggotech.AppHost --no-build --launch-profile http -- "$@"
