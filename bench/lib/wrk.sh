# wrk_rps URL [DURATION] [CONNECTIONS]: requests per second, as a bare number.
wrk_rps() {
  local url="$1" duration="${2:-10s}" connections="${3:-64}"
  wrk -t2 -c"$connections" -d"$duration" --latency "$url" | tee >(cat >&2) | awk '/^Requests\/sec:/ { print $2 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "nan"; else printf "%.3f\n", a / b }'; }
