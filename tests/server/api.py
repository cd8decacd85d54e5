#!/usr/bin/env python3
"""api.py — every REST route of /api/v1/ over TCP (`serve --listen`):
status codes, bearer auth, roles route by route (an agent's token gets 403
on approve, reject, cancel, resume, policy), bad bodies, path traversal,
wrong methods; the cached status and the long poll; and that nothing a
refused request tried changed anything. One line per check."""
import http.client as httpc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

BIN = os.environ["STEWARD_BIN"]
failed = passed = 0


def check(what, cond, detail=""):
    global failed, passed
    if cond:
        passed += 1
        print("ok -", what)
    else:
        failed += 1
        print("not ok -", what, detail)


def S(*args, check_rc=True):
    r = subprocess.run([BIN, *args], cwd=PROJECT, capture_output=True,
                       text=True, timeout=120)
    if check_rc and r.returncode:
        raise SystemExit(f"steward {args}: {r.returncode} {r.stderr}")
    return r.stdout


def http(method, path, token=None, body=None, raw=None, timeout=30):
    c = httpc.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    h = {}
    if token:
        h["Authorization"] = "Bearer " + token
    data = raw if raw is not None else (
        json.dumps(body).encode() if body is not None else None)
    if data is not None:
        h["Content-Type"] = "application/json"
    c.request(method, path, body=data, headers=h)
    r = c.getresponse()
    text = r.read().decode(errors="replace")
    try:
        doc = json.loads(text)
    except ValueError:
        doc = None
    return r.status, doc, text


def state(i):
    return json.loads(S("status", str(i), "--json"))["state"]


def decisions():
    lines = S("ledger", "export", "--json").splitlines()
    return [json.loads(x)["action"] for x in lines
            if any(w in json.loads(x)["action"]
                   for w in ("approv", "reject", "policy", "resume"))]


TMP = tempfile.mkdtemp(prefix="steward-api.")
PROJECT = os.path.join(TMP, "p")
os.mkdir(PROJECT)
with open(os.path.join(PROJECT, "train.sh"), "w") as f:
    f.write("#!/bin/sh\necho training\n")
PORT = 20000 + os.getpid() % 20000
S("init")
log = open(os.path.join(TMP, "serve.log"), "w")
server = subprocess.Popen([BIN, "serve", "--quiet", "--listen",
                           f"127.0.0.1:{PORT}"], cwd=PROJECT, stderr=log)
try:
    for _ in range(100):
        if subprocess.run([BIN, "status"], cwd=PROJECT,
                          capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    owner = S("token", "create", "--role", "owner", "--name", "o").split()[0]
    agent = S("token", "create", "--role", "agent", "--name", "a").split()[0]
    reviewer = S("token", "create", "--role", "reviewer",
                 "--name", "r").split()[0]
    for n in range(1, 5):
        S("propose", "--name", f"p{n}", "--time", "1m", "--rationale",
          f"why {n}", "--", "/bin/true")

    # auth
    check("no token: 401", http("GET", "/api/v1/queue")[0] == 401)
    st, doc, _ = http("GET", "/api/v1/queue", "stw_bogus")
    check("a bogus token: 403 with {error, code}",
          st == 403 and "error" in doc and "code" in doc, f"{st} {doc}")
    check("a bogus token gets no cached status: 403",
          http("GET", "/api/v1/status", "stw_bogus")[0] == 403)

    # reads, every principal with a role
    for tok, who in ((owner, "owner"), (reviewer, "reviewer"),
                     (agent, "agent")):
        st, doc, _ = http("GET", "/api/v1/queue", tok)
        check(f"GET queue as {who}: 200, a list of 4 cards",
              st == 200 and len(doc) == 4, f"{st} {doc}")
    st, doc, _ = http("GET", "/api/v1/status", owner)
    check("GET status: 200, a list", st == 200 and isinstance(doc, list),
          f"{st} {doc}")
    st, doc, _ = http("GET", "/api/v1/experiments/1", owner)
    check("GET experiments/1: the record", st == 200 and
          json.dumps(doc).find("why 1") >= 0, f"{st} {doc}")
    st, doc, _ = http("GET", "/api/v1/experiments/1/status", owner)
    check("GET experiments/1/status: its state",
          st == 200 and doc.get("state") == "pending_review", f"{st} {doc}")
    check("GET experiments/999: 404",
          http("GET", "/api/v1/experiments/999", owner)[0] == 404)
    for path in ("campaigns", "budget", "ledger", "ledger/verify", "policy"):
        st, doc, text = http("GET", "/api/v1/" + path, owner)
        check(f"GET {path}: 200 JSON", st == 200 and doc is not None,
              f"{st} {text[:200]}")

    # roles, route by route: an agent decides nothing
    before = decisions()
    for method, path, body in (
            ("POST", "/api/v1/experiments/1/approve", {}),
            ("POST", "/api/v1/experiments/1/reject", {"reason": "no"}),
            ("POST", "/api/v1/approve", {"ids": [1, 2]}),
            ("POST", "/api/v1/resume", {}),
            ("POST", "/api/v1/policy", {"policy": "allow propose\n"})):
        st, doc, _ = http(method, path, agent, body)
        check(f"an agent's token: {method} {path} is 403",
              st == 403 and doc.get("code") == "forbidden", f"{st} {doc}")
    check("nothing changed: still pending_review",
          state(1) == "pending_review" and state(2) == "pending_review")
    check("nothing changed: no decision in the ledger",
          decisions() == before, f"{before} {decisions()}")

    # bad input: 4xx, nothing changed
    before_states = [state(i) for i in range(1, 5)]
    bad = (
        ("GET", "/api/v1/experiments/abc", None, None, 400),
        ("GET", "/api/v1/experiments/..", None, None, 400),
        ("GET", "/api/v1/experiments/1%2F..%2F..%2Fetc", None, None, 400),
        ("GET", "/api/v1/campaigns/..", None, None, 400),
        ("GET", "/api/v1/campaigns/a%2Fb", None, None, 404),
        ("POST", "/api/v1/experiments/1/approve", None, b"{nope", 400),
        ("POST", "/api/v1/experiments/1/approve", None, b"[1]", 400),
        ("POST", "/api/v1/experiments/1/approve", {"bogus": 1}, None, 400),
        ("POST", "/api/v1/experiments/1/approve", {"reason": 5}, None, 400),
        ("POST", "/api/v1/experiments/1/reject", {}, None, 400),
        ("POST", "/api/v1/approve", {"ids": ["1; rm"]}, None, 400),
        ("POST", "/api/v1/approve", {"ids": []}, None, 400),
        ("POST", "/api/v1/halt", {}, None, 400),
        ("POST", "/api/v1/halt", {"reason": "x", "kill": "yes"}, None, 400),
        ("POST", "/api/v1/experiments/1/approve", None,
         b'{"reason":"' + b"a" * 70000 + b'"}', 413),
        ("GET", "/api/v1/experiments/1/approve", None, None, 405),
        ("DELETE", "/api/v1/queue", None, None, 405),
        ("PUT", "/api/v1/halt", {"reason": "x"}, None, 405),
        ("GET", "/api/v1/nosuch", None, None, 404),
        ("GET", "/api/v2/queue", None, None, 404),
    )
    for method, path, body, raw, want in bad:
        st, doc, text = http(method, path, owner, body, raw)
        check(f"{method} {path} {str(body or raw)[:30]}: {want}",
              st == want and doc is not None and "error" in doc,
              f"{st} {text[:200]}")
    check("bad input changed nothing",
          [state(i) for i in range(1, 5)] == before_states)
    log.flush()
    check("bad input is logged on the server's stderr",
          "http 405 GET /api/v1/experiments/1/approve" in
          open(os.path.join(TMP, "serve.log")).read())

    # the long poll: waits, then answers when something changes
    st, doc, _ = http("GET", "/api/v1/events?since=abc", owner)
    check("events with a bad since: 400", st == 400)
    seq = http("GET", "/api/v1/events?since=0", owner)[1]
    seq = seq["seq"] if seq and seq.get("seq", 0) > 0 else 0
    got = {}

    def poll():
        t0 = time.time()
        got["r"] = http("GET", f"/api/v1/events?since={seq}", owner,
                        timeout=40)
        got["t"] = time.time() - t0
    t = threading.Thread(target=poll)
    t.start()
    time.sleep(1.0)
    check("a long poll waits while nothing changes", t.is_alive(),
          f"{seq} {got}")
    # the server still answers others while it waits
    check("others are served meanwhile",
          http("GET", "/api/v1/queue", owner)[0] == 200)

    # decisions by the humans
    st, doc, _ = http("POST", "/api/v1/experiments/1/approve", reviewer,
                      {"reason": "fine"})
    check("a reviewer approves 1: 200", st == 200, f"{st} {doc}")
    t.join(40)
    st, doc, _ = got.get("r", (0, None, ""))
    check("the long poll answers after the approval, with a newer seq",
          st == 200 and doc["seq"] > seq and got["t"] < 20,
          f"{st} {doc} {got.get('t')}")
    st, doc, _ = http("POST", "/api/v1/approve", owner,
                      {"ids": [2, 3], "reason": "batch"})
    check("an owner approves 2 and 3 in one request: 200", st == 200,
          f"{st} {doc}")
    st, doc, _ = http("POST", "/api/v1/experiments/4/reject", owner,
                      {"reason": "not now"})
    check("an owner rejects 4 with a reason: 200", st == 200, f"{st} {doc}")
    check("4 is rejected", state(4) == "rejected")
    st, doc, _ = http("POST", "/api/v1/experiments/4/approve", owner, {})
    check("approving a rejected proposal: 409", st == 409, f"{st} {doc}")

    # halt and resume
    st, doc, _ = http("POST", "/api/v1/halt", agent, {"reason": "stop"})
    check("an agent's token cannot halt: 403", st == 403, f"{st} {doc}")
    st, doc, _ = http("POST", "/api/v1/halt", owner, {"reason": "stop"})
    check("an owner halts: 200", st == 200, f"{st} {doc}")
    st, doc, _ = http("POST", "/api/v1/resume", agent, {})
    check("an agent's token cannot resume: 403", st == 403, f"{st} {doc}")
    st, doc, _ = http("POST", "/api/v1/resume", reviewer, {"reason": "go"})
    check("a reviewer resumes: 200", st == 200, f"{st} {doc}")

    # runs: the dispatcher of serve runs 1..3
    for _ in range(300):
        if all(state(i) == "succeeded" for i in (1, 2, 3)):
            break
        time.sleep(0.1)
    check("the approved runs succeed", state(1) == "succeeded")
    for path in ("logs", "metrics", "digest"):
        st, doc, text = http("GET", f"/api/v1/experiments/1/{path}", owner)
        check(f"GET experiments/1/{path}: 200 JSON",
              st == 200 and doc is not None, f"{st} {text[:200]}")
    st, doc, _ = http("POST", "/api/v1/experiments/1/cancel", agent, {})
    check("an agent's token cannot cancel another's run: 403 or 409",
          st in (403, 409), f"{st} {doc}")
    time.sleep(2.5)
    st, doc, _ = http("GET", "/api/v1/status", agent)
    states = {e.get("id"): e.get("state") for e in doc} if st == 200 else {}
    check("the cached status follows the runs", states.get(1) == "succeeded",
          f"{st} {doc}")

    # the web page: login, sessions, CSRF; bad input changes nothing
    env = dict(os.environ, STEWARD_TOKEN=agent)
    r = subprocess.run([BIN, "open"], cwd=PROJECT, env=env,
                       capture_output=True, text=True)
    check("an agent's principal cannot get a login URL (exit 4)",
          r.returncode == 4, f"{r.returncode} {r.stderr}")
    st, doc, _ = http("POST", "/api/v1/open", owner, {})
    check("nor can any token over TCP (403)", st == 403, f"{st} {doc}")
    url = S("open").strip()
    path = url.split(f":{PORT}", 1)[1]

    def page(method, p, cookie=None, body=None):
        c = httpc.HTTPConnection("127.0.0.1", PORT, timeout=30)
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        if cookie:
            h["Cookie"] = "steward_session=" + cookie
        c.request(method, p, body=body, headers=h)
        r = c.getresponse()
        return r.status, r.getheader("Set-Cookie") or "", r.read().decode(
            errors="replace")
    st, cookie, _ = page("GET", path)
    check("the login URL sets an HttpOnly SameSite=Strict cookie",
          st == 303 and "HttpOnly" in cookie and "SameSite=Strict" in cookie,
          f"{st} {cookie}")
    sid = cookie.split(";")[0].split("=", 1)[1] if "=" in cookie else ""
    check("the login URL works once (403)", page("GET", path)[0] == 403)
    check("no cookie: 401", page("GET", "/queue")[0] == 401)
    check("a forged or expired session: 401",
          page("GET", "/queue", "ab" * 32)[0] == 401)
    # a card whose tree differs from the one before by a file: its diff
    with open(os.path.join(PROJECT, "model.py"), "w") as f:
        f.write("lr = 0.1  # <script>alert(1)</script>\n")
    S("propose", "--name", "with-diff", "--time", "1m", "--", "/bin/true")
    st, _, html = page("GET", "/queue", sid)
    check("the queue page: 200 HTML", st == 200 and "<html" in html)
    check("a card shows the code that changed, escaped",
          "+lr = 0.1  # &lt;script&gt;alert(1)&lt;/script&gt;" in html
          and "<script>alert" not in html)
    csrf = html.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    before_states = [state(i) for i in range(1, 5)]
    for what, method, p, ck, body, want in (
            ("a forged session cannot post", "POST", "/cancel", "ab" * 32,
             f"csrf={csrf}&id=2", 401),
            ("no CSRF token", "POST", "/cancel", sid, "id=2", 403),
            ("a foreign CSRF token", "POST", "/cancel", sid,
             "csrf=" + "cd" * 32 + "&id=2", 403),
            ("a malformed id", "POST", "/cancel", sid,
             f"csrf={csrf}&id=2%3Brm", 400),
            ("a huge form", "POST", "/halt", sid,
             f"csrf={csrf}&reason=" + "a" * 70000, 413),
            ("a halt without the box ticked", "POST", "/halt", sid,
             f"csrf={csrf}&reason=x", 400),
            ("a bad percent escape", "POST", "/halt", sid,
             f"csrf={csrf}&reason=%zz&confirm=yes", 400),
            ("an unknown form", "POST", "/drop", sid, f"csrf={csrf}", 404),
            ("a page path that climbs", "GET", "/runs/..", sid, None, 400),
            ("a page id that is not one", "GET", "/runs/1abc", sid, None,
             400),
            ("a wrong method", "PUT", "/queue", sid, None, 405),
            ("no such run", "GET", "/runs/999", sid, None, 404),
            ("no such campaign", "GET", "/campaigns/nope", sid, None, 404)):
        st = page(method, p, ck, body)[0]
        check(f"page: {what}: {want}", st == want, f"{st}")
    check("page: /etc/passwd is no page (404)",
          page("GET", "/etc/passwd", sid)[0] == 404)
    check("nothing changed", [state(i) for i in range(1, 5)] == before_states)
    check("no halt yet", 'id="halted"' not in page("GET", "/queue", sid)[2])
    st = page("POST", "/halt", sid, f"csrf={csrf}&reason=t&confirm=yes")[0]
    check("a live CSRF token is obeyed once (303)", st == 303, f"{st}")
    st = page("POST", "/resume", sid, f"csrf={csrf}&scope=global")[0]
    check("and refused when replayed (403)", st == 403, f"{st}")
    check("the halt holds: the page shows the banner",
          'id="halted"' in page("GET", "/queue", sid)[2])
    check("the owner's token resumes",
          http("POST", "/api/v1/resume", owner, {})[0] == 200)
    log.flush()
    check("refused forms are logged",
          "http 403 POST /resume" in open(os.path.join(TMP, "serve.log")).read())

    # policy as an owner: the text travels in the body
    pol = S("policy", "default")
    st, doc, _ = http("POST", "/api/v1/policy", owner, {"policy": pol})
    check("an owner applies a policy: 200", st == 200, f"{st} {doc}")
    st, doc, _ = http("GET", "/api/v1/ledger/verify", owner)
    check("the ledger verifies", st == 200 and doc.get("ok") is True,
          f"{st} {doc}")
finally:
    server.terminate()
    server.wait(30)
    shutil.rmtree(TMP, ignore_errors=True)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
