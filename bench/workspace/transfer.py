"""Document transfer throughput (see bench/documents.sh).

Uploads and downloads the same random bytes (a) through the Api, which encrypts them into blob
storage and decrypts them back, (b) when PLAIN_API_PORT is set, through a second Api of the same
platform built with its document chunks unencrypted, and (c) straight to the same Azurite account
as one plain blob, all over HTTPS. Prints JSON with the best and the median MB/s of each side, the
median of the per-round ratios, and the CPU seconds each process spent per transfer when their
process ids are given.

How it keeps the comparison fair on a small machine that others use at the same time:
- Documents of DOCUMENT_MB (96) MiB, just under the default upload limit and in one storage
  request each way: a transfer takes most of a second, not a small fraction of one, so the
  request's fixed costs (sign-in check, metadata, audit) and scheduling hiccups weigh little.
- Warm-up rounds first (DOCUMENT_WARMUP, 3): the Apis' and Azurite's first large transfers pay
  for JIT compilation, pool growth and TLS session set-up; no side should carry that.
- A round transfers once through every side, and the order of the sides changes every round,
  cycling through every order, so a burst of load from elsewhere, or the platform's own
  background jobs, lands on every side alike instead of on whichever always ran last.
- Every round deletes what it stored (the documents through the Apis, the blob directly): Azurite
  keeps blob metadata in memory and extents on disk, and let to fill up it slowed down run after
  run, which showed as throughput falling from one run to the next on every side.
- Every side uses the same client: one new TLS connection per request to 127.0.0.1 with the same
  SSL context and the same 1 MiB reads and writes, so none gets a cheaper handshake or name lookup.
- DOCUMENT_RUNS (24) measured rounds: four passes through the six orders of the three sides, so
  every side runs first, second and last equally often. Ratios are taken within a round (the two
  sides ran seconds apart on the same platform) and their median reported: Azurite's own speed was
  seen to differ by a factor of two between two platforms minutes apart, which compares two
  separate runs poorly.
- One round's ratio still scatters by about 0.2 either way (Azurite, a single Node.js process,
  paces every upload), so the median of a handful of rounds moves by several hundredths between
  invocations. Each median ratio comes with a 95% bootstrap interval (the rounds resampled 4000
  times, with a fixed seed so the same rounds give the same interval): a figure near the target is
  read together with its interval, and more rounds narrow it.
- With API_PID, PLAIN_API_PID and STORAGE_PID set, the CPU time (utime + stime from
  /proc/<pid>/stat) of the Apis, Azurite and this client is recorded for every transfer: unlike wall
  time, it barely moves when the machine is busy, so it shows where a transfer's cost goes.
"""
import base64, email.utils, hashlib, hmac, http.client, itertools, json, os, random, ssl, statistics, sys, time, urllib.parse

api_port, storage_port, data, token = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
size_mb = int(os.environ.get("DOCUMENT_MB", "96"))
runs = int(os.environ.get("DOCUMENT_RUNS", "24"))
warmup = int(os.environ.get("DOCUMENT_WARMUP", "3"))
plain_port = int(os.environ["PLAIN_API_PORT"]) if os.environ.get("PLAIN_API_PORT") else None
pids = {"api": os.environ.get("API_PID"), "plain_api": os.environ.get("PLAIN_API_PID"), "azurite": os.environ.get("STORAGE_PID")}
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
if size_mb >= 100:
    # The organisation's upload limit (100 MB by default) is the owner's to raise.
    body = json.dumps({"maxUploadMegabytes": size_mb + 1}).encode()
    status, *_ = send(api_port, "PUT", "/api/documents/settings", {**bearer, "Content-Type": "application/json", "Content-Length": str(len(body))}, body)
    assert status == 200, f"raising the upload limit answered {status}"


def api_round(port):
    status, up, _, location, up_cpu = send(port, "POST", "/api/documents?name=bench.bin",
                                           {**bearer, "Content-Type": "application/octet-stream", "Content-Length": str(len(payload))}, payload)
    assert status == 201, f"Api upload answered {status}"
    status, down, received, _, down_cpu = send(port, "GET", location + "/content", bearer)
    assert status == 200 and received == len(payload), f"Api download answered {status} with {received} bytes"
    status, *_ = send(port, "DELETE", location, bearer)
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


sides = {"api": lambda run: api_round(api_port), "blob": blob_round}
if plain_port:
    sides["plain"] = lambda run: api_round(plain_port)
orders = list(itertools.permutations(sides))
speeds = {f"{side}_{direction}": [] for side in sides for direction in ("up", "down")}
cpu = {name: [] for name in speeds}
for run in range(warmup + runs):
    results = {side: sides[side](run) for side in orders[run % len(orders)]}
    if run < warmup:
        continue
    for side, (up, down, up_cpu, down_cpu) in results.items():
        speeds[f"{side}_up"].append(mbps(up)); speeds[f"{side}_down"].append(mbps(down))
        cpu[f"{side}_up"].append(up_cpu); cpu[f"{side}_down"].append(down_cpu)
    print(f"run {run - warmup + 1}: " + "; ".join(
        f"{side} up {speeds[side + '_up'][-1]:.1f} down {speeds[side + '_down'][-1]:.1f} MB/s" for side in sides), file=sys.stderr)

result = {}
for name, values in speeds.items():
    result[name] = max(values)
    result[name + "_median"] = statistics.median(values)
# Within-round ratios of the Api against each other side, e.g. "api_vs_plain_down".
for other in sides:
    if other != "api":
        for direction in ("up", "down"):
            ratios = [a / b for a, b in zip(speeds[f"api_{direction}"], speeds[f"{other}_{direction}"])]
            name = f"api_vs_{other}_{direction}"
            result[name] = statistics.median(ratios)
            # 95% bootstrap interval of that median: resample the rounds with replacement.
            draw = random.Random(f"{name}:{len(ratios)}")
            medians = sorted(statistics.median(draw.choices(ratios, k=len(ratios))) for _ in range(4000))
            result[name + "_low"], result[name + "_high"] = medians[99], medians[3899]
for name, samples in cpu.items():
    for process in samples[0]:
        result[f"cpu_{name}_{process}"] = statistics.median(s[process] for s in samples)
print(json.dumps(result))
