# Starts an isolated platform instance for a benchmark (own data folder, own ports, no dashboard)
# and stops it on exit. Source it, then call platform_start; URLs are in API_URL and WEB_URL.
# Extra AppHost arguments go in the array PLATFORM_ARGS before the call.
bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_root="$(cd "$bench_root/.." && pwd)"

free_port() {
  python3 - <<'PY' 2>/dev/null || shuf -i 20000-40000 -n 1
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

platform_start() {
  local data
  data="${BENCH_DATA:-$(mktemp -d /tmp/viggotech-bench-XXXXXX)}"
  chmod 0755 "$data"
  BENCH_DATA_DIR="$data"
  local names=(PostgresPrimary PostgresReplica Redis Storage KeyVault MailWeb MailSmtp MailImap MailPop3 ApiHttp ApiHttps WebHttp WebHttps)
  local args=("--Local:DataPath=$data" "--Local:Dashboard=false")
  declare -gA BENCH_PORTS
  for name in "${names[@]}"; do
    BENCH_PORTS[$name]="$(free_port)"
    args+=("--Local:Ports:$name=${BENCH_PORTS[$name]}")
  done
  if [ -n "${PLATFORM_ARGS+set}" ]; then args+=("${PLATFORM_ARGS[@]}"); fi
  API_URL="http://127.0.0.1:${BENCH_PORTS[ApiHttp]}"
  WEB_URL="http://127.0.0.1:${BENCH_PORTS[WebHttp]}"
  echo "[bench] starting the platform (Release) in $data"
  # The AppHost binary itself, not `dotnet run`, so the stop signal reaches it directly.
  ASPIRE_ALLOW_UNSECURED_TRANSPORT=true DOTNET_ENVIRONMENT=Development \
    "$repo_root/Viggotech.AppHost/bin/Release/net10.0/Viggotech.AppHost" "${args[@]}" \
    > "$data/apphost.log" 2>&1 &
  PLATFORM_PID=$!
  trap platform_stop EXIT
  for _ in $(seq 1 240); do
    if curl -fsS "$API_URL/health" >/dev/null 2>&1 && curl -fsS "$WEB_URL/health" >/dev/null 2>&1; then
      echo "[bench] platform is up"
      return 0
    fi
    if ! kill -0 "$PLATFORM_PID" 2>/dev/null; then
      echo "[bench] the platform exited; see $data/apphost.log" >&2
      tail -n 20 "$data/apphost.log" >&2
      exit 1
    fi
    sleep 1
  done
  echo "[bench] the platform did not become healthy in 240 s; see $data/apphost.log" >&2
  exit 1
}

platform_stop() {
  # SIGTERM, not SIGINT: a background job of a script ignores SIGINT.
  if [ -n "${PLATFORM_PID:-}" ] && kill -0 "$PLATFORM_PID" 2>/dev/null; then
    kill -TERM "$PLATFORM_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$PLATFORM_PID" 2>/dev/null || break; sleep 1; done
    # DCP needs a few seconds after the AppHost exits to stop its children.
    sleep 8
  fi
  if [ -z "${BENCH_DATA:-}" ] && [ -n "${BENCH_DATA_DIR:-}" ]; then
    rm -rf "$BENCH_DATA_DIR"
  fi
}
