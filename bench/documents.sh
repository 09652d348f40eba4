#!/usr/bin/env bash
# Document upload and download MB/s through the Api (streamed, chunked AES-256-GCM into blob
# storage and back) against the same bytes put straight into the same Azurite account as a plain
# blob, over HTTPS both ways, in the same run. DOCUMENT_MB (64) and DOCUMENT_RUNS (3) tune it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/platform.sh"
source "$bench_root/lib/wrk.sh"
source "$bench_root/workspace/token.sh"

dotnet build "$repo_root/Viggotech.AppHost" -c Release -nologo -clp:ErrorsOnly >/dev/null
platform_start
token="$(workspace_token)"

result="$(python3 "$bench_root/workspace/transfer.py" "${BENCH_PORTS[ApiHttps]}" "${BENCH_PORTS[Storage]}" "$BENCH_DATA_DIR" "$token")"
field() { python3 -c "import json,sys; print('%.1f' % json.loads(sys.argv[1])[sys.argv[2]])" "$result" "$1"; }
api_up="$(field api_up)"; api_down="$(field api_down)"; blob_up="$(field blob_up)"; blob_down="$(field blob_down)"
up_ratio="$(ratio "$api_up" "$blob_up")"
down_ratio="$(ratio "$api_down" "$blob_down")"

echo "baseline: upload $blob_up MB/s, download $blob_down MB/s (plain blob, same Azurite account)"
echo "project: upload $api_up MB/s (ratio $up_ratio), download $api_down MB/s (ratio $down_ratio) through the Api with encryption"
echo "figure: $api_up MB/s upload, $api_down MB/s download"
# The weaker direction is the figure that matters.
echo "ratio: $(awk -v a="$up_ratio" -v b="$down_ratio" 'BEGIN { print (a < b ? a : b) }')"
