#!/usr/bin/env bash
# Document upload and download MB/s through the Api (streamed, chunked AES-256-GCM into blob
# storage and back) against the same bytes put straight into the same Azurite account as a plain
# blob, over HTTPS both ways, in the same run. DOCUMENT_MB (64), DOCUMENT_RUNS (7) and
# DOCUMENT_WARMUP (2) tune it. bench/workspace/transfer.py says how the two sides are kept
# comparable (warm-up, interleaved rounds in alternating order, cleanup between rounds, best of
# each side) and also reports the CPU seconds the Api, Azurite and the client spend per transfer.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/platform.sh"
source "$bench_root/lib/wrk.sh"
source "$bench_root/workspace/token.sh"

dotnet build "$repo_root/Viggotech.AppHost" -c Release -nologo -clp:ErrorsOnly >/dev/null
platform_start
token="$(workspace_token)"

# The processes listening on the Api's and Azurite's ports, for the CPU accounting.
listener() { ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2; }
export API_PID="$(listener "${BENCH_PORTS[ApiHttps]}")" STORAGE_PID="$(listener "${BENCH_PORTS[Storage]}")"

result="$(python3 "$bench_root/workspace/transfer.py" "${BENCH_PORTS[ApiHttps]}" "${BENCH_PORTS[Storage]}" "$BENCH_DATA_DIR" "$token")"
field() { python3 -c "import json,sys; print('%.${2:-1}f' % json.loads(sys.argv[1]).get(sys.argv[2], float('nan')))" "$result" "$1"; }
api_up="$(field api_up)"; api_down="$(field api_down)"; blob_up="$(field blob_up)"; blob_down="$(field blob_down)"
up_ratio="$(ratio "$api_up" "$blob_up")"
down_ratio="$(ratio "$api_down" "$blob_down")"

echo "baseline: upload $blob_up MB/s, download $blob_down MB/s (plain blob, same Azurite account; best round, medians $(field blob_up_median) and $(field blob_down_median))"
echo "project: upload $api_up MB/s (ratio $up_ratio), download $api_down MB/s (ratio $down_ratio) through the Api with encryption (best round, medians $(field api_up_median) and $(field api_down_median))"
echo "median ratios: upload $(ratio "$(field api_up_median)" "$(field blob_up_median)"), download $(ratio "$(field api_down_median)" "$(field blob_down_median)")"
for side in api blob; do
  echo "cpu seconds per ${DOCUMENT_MB:-64} MiB $side download: Api $(field cpu_${side}_down_api 2), Azurite $(field cpu_${side}_down_azurite 2), client $(field cpu_${side}_down_client 2); upload: Api $(field cpu_${side}_up_api 2), Azurite $(field cpu_${side}_up_azurite 2), client $(field cpu_${side}_up_client 2)"
done
echo "figure: $api_up MB/s upload, $api_down MB/s download"
# The weaker direction is the figure that matters.
echo "ratio: $(awk -v a="$up_ratio" -v b="$down_ratio" 'BEGIN { print (a < b ? a : b) }')"
