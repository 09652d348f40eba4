#!/usr/bin/env bash
# What encrypting documents costs: upload and download MB/s through the Api (streamed, chunked
# AES-256-GCM into blob storage and back) against a second Api on the same platform, built with its
# document chunks stored unencrypted (-p:BenchmarkPlaintextDocuments=true, used only here): the same
# streams, buffers, requests, sign-in, audit and metadata, without the AES-256-GCM work. Both Apis
# share the platform's database, Redis, vault and Azurite account, with the second one started from
# the first one's environment on ports of its own. Rounds through both alternate with the same bytes
# put straight into Azurite as a plain blob over HTTPS, which shows what the Api's hop costs on top
# (a second TLS connection, sign-in, audit, metadata). DOCUMENT_MB (96), DOCUMENT_RUNS (24) and
# DOCUMENT_WARMUP (3) tune it; bench/workspace/transfer.py says how the rounds are kept comparable.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/platform.sh"
source "$bench_root/lib/wrk.sh"
source "$bench_root/workspace/token.sh"

plain_build="$(mktemp -d /tmp/viggotech-bench-plain-api-XXXXXX)"
echo "[bench] baseline build: document chunks stored unencrypted"
dotnet build "$repo_root/Viggotech.Api" -c Release -nologo -clp:ErrorsOnly -p:BenchmarkPlaintextDocuments=true \
  -p:TreatWarningsAsErrors=false -o "$plain_build" >/dev/null
echo "[bench] project build: document chunks encrypted"
# The SDK hashes the defined constants into its compile inputs, so this recompiles Core without them.
dotnet build "$repo_root/Viggotech.AppHost" -c Release -nologo -clp:ErrorsOnly >/dev/null

plain_pid=""
stop_all() {
  if [ -n "$plain_pid" ]; then kill -TERM "$plain_pid" 2>/dev/null || true; wait "$plain_pid" 2>/dev/null || true; fi
  platform_stop
  rm -rf "$plain_build"
}
platform_start
trap stop_all EXIT
token="$(workspace_token)"

# The processes listening on the Api's and Azurite's ports, for the CPU accounting.
listener() { ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2; }
api_pid="$(listener "${BENCH_PORTS[ApiHttps]}")"
storage_pid="$(listener "${BENCH_PORTS[Storage]}")"

# The baseline Api: the platform Api's own environment (connection strings, certificate, identity
# settings) with its own ports, run from the baseline build, in the same working folder.
plain_http="$(free_port)"; plain_https="$(free_port)"
mapfile -d '' api_env < "/proc/$api_pid/environ"
(cd "$(readlink "/proc/$api_pid/cwd")" && exec env -i "${api_env[@]}" \
  ASPNETCORE_URLS="http://localhost:$plain_http;https://localhost:$plain_https" ASPNETCORE_HTTPS_PORT="$plain_https" \
  OTEL_SERVICE_NAME=api-plain-documents "$plain_build/Viggotech.Api" >"$BENCH_DATA_DIR/plain-api.log" 2>&1) &
plain_pid=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$plain_http/health" >/dev/null 2>&1 && break
  kill -0 "$plain_pid" 2>/dev/null || { echo "[bench] the baseline Api exited:" >&2; tail -n 20 "$BENCH_DATA_DIR/plain-api.log" >&2; exit 1; }
  sleep 1
done
curl -fsS "http://127.0.0.1:$plain_http/health" >/dev/null || { echo "[bench] the baseline Api did not become healthy" >&2; exit 1; }
plain_api_pid="$(listener "$plain_https")"
echo "[bench] baseline Api up on port $plain_https (pid $plain_api_pid)"

result="$(API_PID="$api_pid" PLAIN_API_PID="$plain_api_pid" STORAGE_PID="$storage_pid" PLAIN_API_PORT="$plain_https" \
  python3 "$bench_root/workspace/transfer.py" "${BENCH_PORTS[ApiHttps]}" "${BENCH_PORTS[Storage]}" "$BENCH_DATA_DIR" "$token")"
field() { python3 -c "import json,sys; print('%.${2:-1}f' % json.loads(sys.argv[1]).get(sys.argv[2], float('nan')))" "$result" "$1"; }
up_ratio="$(field api_vs_plain_up 3)"
down_ratio="$(field api_vs_plain_down 3)"

echo "baseline: upload $(field plain_up_median) MB/s, download $(field plain_down_median) MB/s through the Api built with chunks unencrypted (medians; best $(field plain_up) and $(field plain_down))"
echo "project: upload $(field api_up_median) MB/s, download $(field api_down_median) MB/s through the Api, chunks encrypted (medians; best $(field api_up) and $(field api_down))"
echo "encryption's cost, median of the per-round ratios: upload $up_ratio (95% interval $(field api_vs_plain_up_low 3)-$(field api_vs_plain_up_high 3)), download $down_ratio ($(field api_vs_plain_down_low 3)-$(field api_vs_plain_down_high 3)) (ratios of the medians: $(ratio "$(field api_up_median)" "$(field plain_up_median)"), $(ratio "$(field api_down_median)" "$(field plain_down_median)"))"
echo "plain blob straight to Azurite in the same rounds: upload $(field blob_up_median) MB/s, download $(field blob_down_median) MB/s;" \
  "per-round ratios against it: encrypting Api $(field api_vs_blob_up 3) up, $(field api_vs_blob_down 3) down; unencrypted Api $(ratio "$(field plain_up_median)" "$(field blob_up_median)") up, $(ratio "$(field plain_down_median)" "$(field blob_down_median)") down (ratios of medians)"
for side in api plain blob; do
  process="$([ "$side" = plain ] && echo plain_api || echo api)"
  echo "cpu seconds per ${DOCUMENT_MB:-96} MiB, $side side: download Api $(field "cpu_${side}_down_$process" 2), Azurite $(field "cpu_${side}_down_azurite" 2), client $(field "cpu_${side}_down_client" 2);" \
    "upload Api $(field "cpu_${side}_up_$process" 2), Azurite $(field "cpu_${side}_up_azurite" 2), client $(field "cpu_${side}_up_client" 2)"
done
echo "figure: $(field api_up_median) MB/s upload, $(field api_down_median) MB/s download"
# The weaker direction is the figure that matters.
echo "ratio: $(awk -v a="$up_ratio" -v b="$down_ratio" 'BEGIN { print (a < b ? a : b) }')"
