#!/usr/bin/env bash
# Installs what the platform needs on a Debian machine, idempotently: server binaries from Debian,
# Azurite from npm (pinned, into .tools/) and smtp4dev as a local dotnet tool (.config/dotnet-tools.json).
# Safe to run many times; only missing pieces are installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

AZURITE_VERSION=3.37.0

log() { printf '[prereqs] %s\n' "$*"; }
die() { printf '[prereqs] error: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO=""; fi

command -v dotnet >/dev/null || die "the .NET SDK 10 is not on PATH; install it from https://dot.net and run again"

need_apt=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || need_apt+=(postgresql postgresql-contrib)
command -v redis-server >/dev/null || need_apt+=(redis-server)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null || need_apt+=(nodejs npm)
command -v wrk >/dev/null || need_apt+=(wrk)
command -v openssl >/dev/null || need_apt+=(openssl)
command -v runuser >/dev/null || need_apt+=(util-linux)
command -v curl >/dev/null || need_apt+=(curl)
command -v fc-list >/dev/null || need_apt+=(fonts-dejavu-core fontconfig)

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    die "missing Debian packages (${need_apt[*]}) and neither root nor sudo is available"
  fi
  log "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # Debian starts its own clusters and servers on install; the platform runs its own on other ports.
  for svc in postgresql redis-server; do
    $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || $SUDO service "$svc" stop >/dev/null 2>&1 || true
  done
fi

if [ ! -x .tools/node_modules/.bin/azurite-blob ] || \
   [ "$(node -p "require('./.tools/node_modules/azurite/package.json').version" 2>/dev/null)" != "$AZURITE_VERSION" ]; then
  log "installing azurite $AZURITE_VERSION"
  mkdir -p .tools
  npm install --silent --no-audit --no-fund --prefix .tools "azurite@$AZURITE_VERSION" >/dev/null
fi

if ! dotnet tool list --local 2>/dev/null | grep -qi 'rnwood.smtp4dev'; then
  log "restoring dotnet tools (smtp4dev, dotnet-ef)"
fi
# On a machine whose dotnet home has never restored a tool, the SDK's first restore of this
# two-tool manifest installs smtp4dev and then fails dotnet-ef with "the commands contained in the
# package are smtp4dev" (seen with SDK 10.0.401, every time, with and without --disable-parallel);
# a second restore finds smtp4dev in place and restores dotnet-ef. So it is tried up to three times.
restored=""
for attempt in 1 2 3; do
  if output="$(dotnet tool restore 2>&1)"; then restored=1; break; fi
  [ "$attempt" -lt 3 ] && log "dotnet tool restore failed (attempt $attempt), trying again"
done
[ -n "$restored" ] || { printf '%s\n' "$output" >&2; die "dotnet tool restore failed three times"; }

log "ready"
