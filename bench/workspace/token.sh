# workspace_token: signs up an organisation on the running benchmark platform and prints an
# access token of its owner (reuses the sign-in benchmark's client with a couple of samples).
workspace_token() {
  SIGNIN_SAMPLES=2 python3 "$bench_root/signin/signin.py" "${BENCH_PORTS[ApiHttps]}" "${BENCH_PORTS[MailWeb]}" "${BENCH_PORTS[WebHttps]}" "$BENCH_DATA_DIR" 2>/dev/null \
    | python3 -c "import json,sys; print(json.load(sys.stdin)['token'])"
}
