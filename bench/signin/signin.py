"""Sign-in latency against a running platform instance (see bench/signin.sh).

Creates an organisation through the Api's pages (sign-up, confirmation mail from smtp4dev),
then times the password step of sign-in, each attempt a fresh browser-like session from its own
loopback address (so the per-address sign-in limit is never what is measured). Also times the
same form with no password (no hash at all) and with an unknown email (one hash against a
throwaway), which separates the password hash's cost from everything around it. Finally runs
the portal's code flow and prints an access token for the token-validation run.
"""
import base64, hashlib, html, http.client, json, os, re, secrets, ssl, statistics, sys, time, urllib.parse

api_port, mail_port, web_port, data = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
samples = int(os.environ.get("SIGNIN_SAMPLES", "60"))
context = ssl.create_default_context(cafile=os.path.join(data, "pki", "ca.crt"))
address = [1]


class Session:
    """One browser: its own cookies and its own source address 127.0.x.y."""

    def __init__(self):
        address[0] += 1
        self.source = f"127.0.{address[0] // 250 + 1}.{address[0] % 250 + 2}"
        self.cookies = {}

    def request(self, method, path, form=None):
        connection = http.client.HTTPSConnection("localhost", api_port, context=context, source_address=(self.source, 0))
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        elapsed = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        connection.close()
        return response.status, response.getheader("Location"), content, elapsed

    def form(self, path):
        _, _, content, _ = self.request("GET", path)
        match = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', content)
        return html.unescape(match.group(1))


def mail_link(to):
    for _ in range(120):
        connection = http.client.HTTPConnection("127.0.0.1", mail_port)
        connection.request("GET", "/api/Messages?pageSize=500")
        listing = json.loads(connection.getresponse().read())
        items = listing if isinstance(listing, list) else listing["results"]
        for item in items:
            if to in json.dumps(item["to"]):
                connection.request("GET", f"/api/Messages/{item['id']}/plaintext")
                return re.search(r"https?://\S+", connection.getresponse().read().decode()).group(0)
        time.sleep(0.25)
    raise SystemExit("no confirmation mail arrived")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


email = f"bench-{secrets.token_hex(6)}@example.test"
password = "-".join(secrets.choice(["harbour", "violet", "granite", "lantern", "meadow", "copper", "orbit"]) for _ in range(4)) + "-73"
owner = Session()
token = owner.form("/signup")
status, _, _, _ = owner.request("POST", "/signup", {"Organisation": "Bench org", "Email": email, "Password": password, "__RequestVerificationToken": token})
assert status == 302, f"sign-up answered {status}"
link = urllib.parse.urlparse(mail_link(email))
query = urllib.parse.parse_qs(link.query)
token = owner.form(link.path + "?" + link.query)
status, _, _, _ = owner.request("POST", "/confirm", {"Tenant": query["tenant"][0], "Token": query["token"][0], "__RequestVerificationToken": token})
assert status == 302, f"confirmation answered {status}"


def timed(email_value, password_value, expect):
    times = []
    for _ in range(samples):
        browser = Session()
        token = browser.form("/signin")
        status, _, _, elapsed = browser.request("POST", "/signin", {"Email": email_value, "Password": password_value, "ReturnUrl": "", "__RequestVerificationToken": token})
        assert status == expect, f"sign-in answered {status}, expected {expect}"
        times.append(elapsed)
    return times


timed(email, password, 302)  # warm-up: JIT, connection pools, first key loads
success = timed(email, password, 302)
no_hash = timed(email, "", 200)
unknown = timed(f"nobody-{secrets.token_hex(4)}@example.test", password, 200)

# ASP.NET Core Identity's v3 hash: PBKDF2-HMAC-SHA512, 100,000 iterations, 16-byte salt, 32-byte
# subkey. On Linux .NET computes it with OpenSSL's PBKDF2, the same routine hashlib calls here.
hash_runs = []
for _ in range(9):
    started = time.perf_counter()
    hashlib.pbkdf2_hmac("sha512", password.encode(), secrets.token_bytes(16), 100_000, 32)
    hash_runs.append(time.perf_counter() - started)
hash_ms = statistics.median(hash_runs) * 1000
print(f"sign-in (right password, full success path): p50 {percentile(success, 50):.1f} ms, p99 {percentile(success, 99):.1f} ms ({samples} samples)", file=sys.stderr)
print(f"sign-in form without a password (no hash):   p50 {percentile(no_hash, 50):.1f} ms, p99 {percentile(no_hash, 99):.1f} ms", file=sys.stderr)
print(f"unknown email (one hash against a throwaway): p50 {percentile(unknown, 50):.1f} ms, p99 {percentile(unknown, 99):.1f} ms", file=sys.stderr)
print(f"password hash (PBKDF2-HMAC-SHA512, 100,000 iterations, measured alone): {hash_ms:.1f} ms per check", file=sys.stderr)

# Access token through the portal's code flow, for the token-validation run.
verifier = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
redirect = f"https://localhost:{web_port}/signin-oidc"
signed_in = Session()
token = signed_in.form("/signin")
signed_in.request("POST", "/signin", {"Email": email, "Password": password, "ReturnUrl": "", "__RequestVerificationToken": token})
authorize = "/connect/authorize?" + urllib.parse.urlencode({
    "client_id": "portal", "response_type": "code", "redirect_uri": redirect, "scope": "openid email offline_access api",
    "code_challenge": challenge, "code_challenge_method": "S256", "state": "bench"})
_, location, _, _ = signed_in.request("GET", authorize)
code = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)["code"][0]
client_secret = json.load(open(os.path.join(data, "secrets.json")))["PortalClientSecret"]
_, _, body, _ = signed_in.request("POST", "/connect/token", {
    "grant_type": "authorization_code", "code": code, "redirect_uri": redirect, "code_verifier": verifier,
    "client_id": "portal", "client_secret": client_secret})
print(json.dumps({"p50": percentile(success, 50), "p99": percentile(success, 99), "hash": hash_ms, "token": json.loads(body)["access_token"]}))
