"""Document transfer throughput (see bench/documents.sh).

Uploads and downloads the same random bytes (a) through the Api, which encrypts them into blob
storage and decrypts them back, and (b) straight to the same Azurite account as one plain blob,
over HTTPS both times. Prints JSON with the median MB/s of each.
"""
import base64, email.utils, hashlib, hmac, http.client, json, os, ssl, statistics, sys, time, urllib.parse

api_port, storage_port, data, token = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
size_mb = int(os.environ.get("DOCUMENT_MB", "64"))
runs = int(os.environ.get("DOCUMENT_RUNS", "3"))
context = ssl.create_default_context(cafile=os.path.join(data, "pki", "ca.crt"))
account = "regiona"
key = base64.b64decode(json.load(open(os.path.join(data, "secrets.json")))["StorageRegionAKey"])
payload = os.urandom(size_mb * 1024 * 1024)
piece = 1024 * 1024


def send(host, port, method, path, headers, body=None):
    connection = http.client.HTTPSConnection(host, port, context=context, timeout=600)
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
    status, location = response.status, response.getheader("Location")
    connection.close()
    return status, elapsed, received, location


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
status, *_ = send("127.0.0.1", storage_port, "PUT", path, {**headers, "Content-Length": "0"})
assert status in (201, 409), f"creating the baseline container answered {status}"

api_up, api_down, blob_up, blob_down = [], [], [], []
for run in range(runs + 1):
    status, up, _, location = send("localhost", api_port, "POST", "/api/documents?name=bench.bin",
                                   {"Authorization": f"Bearer {token}", "Content-Type": "application/octet-stream", "Content-Length": str(len(payload))}, payload)
    assert status == 201, f"Api upload answered {status}"
    status, down, received, _ = send("localhost", api_port, "GET", location + "/content", {"Authorization": f"Bearer {token}"})
    assert status == 200 and received == len(payload), f"Api download answered {status} with {received} bytes"

    blob = f"{container}/run-{run}.bin"
    path, headers = signed("PUT", blob, length=len(payload), content_type="application/octet-stream", extra={"x-ms-blob-type": "BlockBlob"})
    status, bup, _, _ = send("127.0.0.1", storage_port, "PUT", path, headers, payload)
    assert status == 201, f"baseline upload answered {status}"
    path, headers = signed("GET", blob)
    status, bdown, received, _ = send("127.0.0.1", storage_port, "GET", path, headers)
    assert status == 200 and received == len(payload), f"baseline download answered {status}"
    if run == 0:
        continue  # warm-up
    api_up.append(mbps(up)); api_down.append(mbps(down)); blob_up.append(mbps(bup)); blob_down.append(mbps(bdown))
    print(f"run {run}: Api up {api_up[-1]:.1f} down {api_down[-1]:.1f} MB/s; blob up {blob_up[-1]:.1f} down {blob_down[-1]:.1f} MB/s", file=sys.stderr)

print(json.dumps({m: statistics.median(v) for m, v in
                  {"api_up": api_up, "api_down": api_down, "blob_up": blob_up, "blob_down": blob_down}.items()}))
