"""Document transfer throughput (see bench/documents.sh).

Uploads and downloads the same random bytes (a) through the Api, which encrypts them into blob
storage and decrypts them back, and (b) straight to the same Azurite account as one plain blob,
over HTTPS both times. Prints JSON with the best and the median MB/s of each, and the CPU seconds
each process spent per transfer when their process ids are given.

How it keeps the comparison fair on a small machine that others use at the same time:
- Warm-up rounds first (DOCUMENT_WARMUP, 2): the Api's and Azurite's first large transfers pay
  for JIT compilation, pool growth and TLS session set-up; neither side should carry that.
- The four transfers of a round are interleaved and the order flips every round (Api first, then
  blob first), so a burst of load from elsewhere, or the platform's own background jobs in its
  first minutes, lands on both sides alike instead of on whichever always ran second.
- Every round deletes what it stored (the document through the Api, the blob directly): Azurite
  keeps blob metadata in memory and extents on disk, and let to fill up it slowed down run after
  run, which showed as throughput falling from one run to the next on both sides.
- Both sides use the same client: one new TLS connection per request to 127.0.0.1 with the same
  SSL context and the same 1 MiB reads and writes, so neither gets a cheaper handshake or name lookup.
- DOCUMENT_RUNS (7) measured rounds. Other engineers' builds only ever slow a transfer down, so
  the best round of each side is the estimate of what it does on a quiet machine; the ratio uses
  the best of each side, the median of each is printed next to it.
- With API_PID and STORAGE_PID set, the CPU time (utime + stime from /proc/<pid>/stat) of the
  Api, Azurite and this client is recorded for every transfer: unlike wall time, it barely moves
  when the machine is busy, so it shows where a download's cost goes.
"""
import base64, email.utils, hashlib, hmac, http.client, json, os, ssl, statistics, sys, time, urllib.parse

api_port, storage_port, data, token = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
size_mb = int(os.environ.get("DOCUMENT_MB", "64"))
runs = int(os.environ.get("DOCUMENT_RUNS", "7"))
warmup = int(os.environ.get("DOCUMENT_WARMUP", "2"))
pids = {"api": os.environ.get("API_PID"), "azurite": os.environ.get("STORAGE_PID")}
context = ssl.create_default_context(cafile=os.path.join(data, "pki", "ca.crt"))
account = "regiona"
key = base64.b64decode(json.load(open(os.path.join(data, "secrets.json")))["StorageRegionAKey"])
payload = os.urandom(size_mb * 1024 * 1024)
piece = 1024 * 1024
ticks = os.sysconf("SC_CLK_TCK")


def cpu_seconds():
    """CPU seconds so far of the Api, Azurite (when known) and this client."""
    seconds = {"client": sum(os.times()[:2])}
    for name, pid in pids.items():
        if pid:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            seconds[name] = (int(fields[11]) + int(fields[12])) / ticks
    return seconds


def send(port, method, path, headers, body=None):
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=600)
    connection.connect()  # the handshake is not part of the transfer on either side
    before = cpu_seconds()
    started = time.perf_counter()
    connection.putrequest(method, path, skip_accept_encoding=True)
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    if body is not None:
        view = memoryview(body)
        for offset in range(0, len(body), piece):
            connection.send(view[offset:offset + piece])
    response = connection.getresponse()
    received = 0
    while chunk := response.read(piece):
        received += len(chunk)
    elapsed = time.perf_counter() - started
    after = cpu_seconds()
    status, location = response.status, response.getheader("Location")
    connection.close()
    return status, elapsed, received, location, {k: after[k] - before[k] for k in after}


def signed(method, path, length=0, content_type="", query=None, extra=None):
    headers = {"x-ms-date": email.utils.formatdate(usegmt=True), "x-ms-version": "2025-01-05"}
    headers.update(extra or {})
    canonical_headers = "".join(f"{k}:{v}\n" for k, v in sorted(headers.items()))
    resource = f"/{account}{path}" + "".join(f"\n{k}:{v}" for k, v in sorted((query or {}).items()))
    string = "\n".join([method, "", "", str(length) if length else "", "", content_type, "", "", "", "", "", ""]) + "\n" + canonical_headers + resource
    signature = base64.b64encode(hmac.new(key, string.encode(), hashlib.sha256).digest()).decode()
    headers["Authorization"] = f"SharedKey {account}:{signature}"
    if length:
        headers["Content-Length"] = str(length)
    if content_type:
        headers["Content-Type"] = content_type
    return path + ("?" + urllib.parse.urlencode(query) if query else ""), headers


def mbps(seconds):
    return len(payload) / (1024 * 1024) / seconds


container = f"/{account}/bench-baseline"
path, headers = signed("PUT", container, query={"restype": "container"}, extra={})
status, *_ = send(storage_port, "PUT", path, {**headers, "Content-Length": "0"})
assert status in (201, 409), f"creating the baseline container answered {status}"
bearer = {"Authorization": f"Bearer {token}"}


def api_round():
    status, up, _, location, up_cpu = send(api_port, "POST", "/api/documents?name=bench.bin",
                                           {**bearer, "Content-Type": "application/octet-stream", "Content-Length": str(len(payload))}, payload)
    assert status == 201, f"Api upload answered {status}"
    status, down, received, _, down_cpu = send(api_port, "GET", location + "/content", bearer)
    assert status == 200 and received == len(payload), f"Api download answered {status} with {received} bytes"
    status, *_ = send(api_port, "DELETE", location, bearer)
    assert status == 204, f"Api delete answered {status}"
    return up, down, up_cpu, down_cpu


def blob_round(run):
    blob = f"{container}/run-{run}.bin"
    path, headers = signed("PUT", blob, length=len(payload), content_type="application/octet-stream", extra={"x-ms-blob-type": "BlockBlob"})
    status, up, _, _, up_cpu = send(storage_port, "PUT", path, headers, payload)
    assert status == 201, f"baseline upload answered {status}"
    path, headers = signed("GET", blob)
    status, down, received, _, down_cpu = send(storage_port, "GET", path, headers)
    assert status == 200 and received == len(payload), f"baseline download answered {status}"
    path, headers = signed("DELETE", blob)
    status, *_ = send(storage_port, "DELETE", path, headers)
    assert status == 202, f"baseline delete answered {status}"
    return up, down, up_cpu, down_cpu


speeds = {"api_up": [], "api_down": [], "blob_up": [], "blob_down": []}
cpu = {"api_down": [], "blob_down": [], "api_up": [], "blob_up": []}
for run in range(warmup + runs):
    if run % 2 == 0:
        api, blob = api_round(), blob_round(run)
    else:
        blob, api = blob_round(run), api_round()
    if run < warmup:
        continue
    for side, (up, down, up_cpu, down_cpu) in (("api", api), ("blob", blob)):
        speeds[f"{side}_up"].append(mbps(up)); speeds[f"{side}_down"].append(mbps(down))
        cpu[f"{side}_up"].append(up_cpu); cpu[f"{side}_down"].append(down_cpu)
    print(f"run {run - warmup + 1}: Api up {speeds['api_up'][-1]:.1f} down {speeds['api_down'][-1]:.1f} MB/s; "
          f"blob up {speeds['blob_up'][-1]:.1f} down {speeds['blob_down'][-1]:.1f} MB/s", file=sys.stderr)

result = {}
for name, values in speeds.items():
    result[name] = max(values)
    result[name + "_median"] = statistics.median(values)
for name, samples in cpu.items():
    for process in samples[0]:
        result[f"cpu_{name}_{process}"] = statistics.median(s[process] for s in samples)
print(json.dumps(result))
