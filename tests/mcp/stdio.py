#!/usr/bin/env python3
"""stdio.py — `steward mcp` spoken to in raw JSON-RPC lines.

The protocol's edges, each checked on the wire: the handshake and its
version negotiation, ping, the JSON-RPC errors for garbage, invalid
requests, unknown methods and tools and oversized messages, notifications
that get no reply, a session without identity refused with a clear
message, a token file others can read refused, isError results for what
a tool refuses, and a client that disappears ending the server cleanly
with the project's state intact.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

BIN = os.environ["STEWARD_BIN"]
passed = failed = 0


def check(what, cond):
    global passed, failed
    if cond:
        passed += 1
        print("ok -", what)
    else:
        failed += 1
        print("not ok -", what)


class Session:
    """One `steward mcp` child; send() writes a line, recv() reads one."""

    def __init__(self, *args, cwd, env=None):
        self.p = subprocess.Popen([BIN, "mcp", *args], cwd=cwd, env=env,
                                  stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)

    def send(self, obj_or_line):
        line = obj_or_line if isinstance(obj_or_line, (bytes, str)) \
            else json.dumps(obj_or_line)
        if isinstance(line, str):
            line = line.encode()
        self.p.stdin.write(line + b"\n")
        self.p.stdin.flush()

    def recv(self):
        line = self.p.stdout.readline()
        return json.loads(line) if line else None

    def call(self, id, method, params=None):
        msg = {"jsonrpc": "2.0", "id": id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.recv()

    def close(self):
        self.p.stdin.close()
        try:
            rc = self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = None
        rest = self.p.stdout.read()
        self.p.stdout.close()
        self.p.stderr.close()
        return rc, rest


def initialize(s, version="2025-11-25"):
    return s.call(0, "initialize", {"protocolVersion": version,
                                    "capabilities": {},
                                    "clientInfo": {"name": "t",
                                                   "version": "1"}})


def err_code(reply):
    return (reply or {}).get("error", {}).get("code")


def tool(s, id, name, args):
    r = s.call(id, "tools/call", {"name": name, "arguments": args})
    return (r or {}).get("result", {})


def project():
    tmp = tempfile.mkdtemp(prefix="steward-mcp.")
    os.chmod(tmp, 0o755)
    shutil.copy(os.path.join(os.path.dirname(BIN), "steward-example-train"),
                os.path.join(tmp, "train"))
    subprocess.run([BIN, "init"], cwd=tmp, check=True,
                   stdout=subprocess.DEVNULL)
    return tmp


def start_server(tmp):
    srv = subprocess.Popen([BIN, "serve", "--quiet"], cwd=tmp,
                           stderr=subprocess.DEVNULL)
    for _ in range(100):
        if os.path.exists(os.path.join(tmp, ".steward.sock")):
            break
        time.sleep(0.1)
    return srv


def agent_token(tmp, mode=0o600):
    out = subprocess.run([BIN, "token", "create", "--role", "agent",
                          "--name", "t%o" % mode], cwd=tmp, check=True,
                         capture_output=True, text=True).stdout
    path = os.path.join(tmp, "token-%o" % mode)
    with open(path, "w") as f:
        f.write(out.split()[0] + "\n")
    os.chmod(path, mode)
    return path


def test_no_identity(tmp):
    env = dict(os.environ)
    env.pop("STEWARD_SOCKET", None)
    s = Session(cwd=tmp, env=env)
    r = s.call(1, "ping")
    check("ping is answered even without identity", r == {
        "jsonrpc": "2.0", "id": 1, "result": {}})
    r = initialize(s)
    check("no identity: initialize is refused",
          err_code(r) is not None and "identity" in r["error"]["message"])
    check("the refusal says how to get one",
          "steward agent" in r["error"]["message"] and
          "--token-file" in r["error"]["message"])
    rc, _ = s.close()
    check("and the server exits cleanly at EOF", rc == 0)


def test_token_mode(tmp):
    s = Session("--token-file", agent_token(tmp, 0o644), cwd=tmp)
    r = initialize(s)
    check("a token file others can read is refused",
          err_code(r) is not None and "0600" in r["error"]["message"])
    s.close()


def test_handshake(s):
    r = initialize(s, "2024-11-05")
    check("initialize: an older revision we speak is accepted",
          r["result"]["protocolVersion"] == "2024-11-05")
    check("initialize: tools capability declared",
          "tools" in r["result"]["capabilities"])
    r = initialize(s, "1999-01-01")
    check("initialize: an unknown revision gets our latest",
          r["result"]["protocolVersion"] == "2025-11-25")
    r = s.call("s-1", "initialize", {"capabilities": {}})
    check("initialize without protocolVersion: -32602",
          err_code(r) == -32602 and r["id"] == "s-1")
    s.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    r = s.call("abc", "ping")
    check("notifications get no reply; string ids come back as strings",
          r == {"jsonrpc": "2.0", "id": "abc", "result": {}})


def test_errors(s):
    s.send("this is not json")
    r = s.recv()
    check("garbage: -32700 with id null",
          err_code(r) == -32700 and r["id"] is None)
    s.send('{"jsonrpc":"2.0","id":1,"method":')
    check("truncated JSON: -32700", err_code(s.recv()) == -32700)
    s.send([{"jsonrpc": "2.0", "id": 1, "method": "ping"}])
    check("a batch: -32600", err_code(s.recv()) == -32600)
    s.send({"jsonrpc": "1.0", "id": 7, "method": "ping"})
    r = s.recv()
    check("wrong jsonrpc version: -32600 echoing the id",
          err_code(r) == -32600 and r["id"] == 7)
    s.send({"jsonrpc": "2.0", "id": 8, "method": 42})
    check("method not a string: -32600", err_code(s.recv()) == -32600)
    s.send({"jsonrpc": "2.0", "id": None, "method": "ping"})
    check("id null: -32600", err_code(s.recv()) == -32600)
    r = s.call(9, "tools/list", ["not", "an", "object"])
    check("params not an object: -32600", err_code(r) == -32600)
    r = s.call(10, "resources/list")
    check("unknown method: -32601", err_code(r) == -32601)
    s.send({"jsonrpc": "2.0", "method": "notifications/whatever"})
    r = s.call(11, "tools/call", {"name": "approve", "arguments": {}})
    check("unknown notification: no reply; unknown tool: -32602",
          err_code(r) == -32602 and r["id"] == 11)
    r = s.call(12, "tools/call", {"name": "get_budget", "arguments": []})
    check("arguments not an object: -32602", err_code(r) == -32602)
    r = s.call(13, "tools/list", {"cursor": "bogus"})
    check("tools/list with an invalid cursor: -32602", err_code(r) == -32602)
    s.send(b'{"jsonrpc":"2.0","id":14,"method":"ping","params":{"x":"' +
           b"a" * (2 << 20) + b'"}}')
    check("an oversized message: -32600", err_code(s.recv()) == -32600)
    check("and the next message is served",
          s.call(15, "ping") == {"jsonrpc": "2.0", "id": 15, "result": {}})
    s.send(b'{"jsonrpc":"2.0","id":16,"method":"ping"}\r')
    check("CRLF line endings are tolerated", s.recv()["id"] == 16)


def test_tools(s, tmp):
    r = s.call(20, "tools/list")
    tools = {t["name"]: t for t in r["result"]["tools"]}
    check("tools/list: every tool has a description and both schemas",
          all(t["description"] and t["inputSchema"]["type"] == "object" and
              t["outputSchema"]["type"] == "object" for t in tools.values()))
    check("no tool decides", not any(w in n for n in tools for w in
          ("approve", "reject", "policy", "halt", "resume", "promote")))
    check("reading tools are annotated read-only",
          tools["get_digest"]["annotations"]["readOnlyHint"] and
          not tools["propose_experiment"]["annotations"]["readOnlyHint"])
    r = tool(s, 21, "propose_experiment", {"name": "x"})
    check("a missing argument is an isError result",
          r.get("isError") and "command" in r["content"][0]["text"])
    r = tool(s, 22, "propose_experiment", {
        "name": "net", "command": ["./train"], "network": True,
        "mem": "64M", "time": "1m"})
    check("a denied proposal is an isError result with the policy's reasons",
          r.get("isError") and "denied" in r["content"][0]["text"] and
          "network" in r["content"][0]["text"])
    r = tool(s, 28, "propose_experiment", {
        "name": "long", "command": ["./train"], "mem": "64M", "time": "1m",
        "params": {"lr": "0." + "1" * 600}})
    check("a param value too long is refused, never cut",
          r.get("isError") and "values 500" in r["content"][0]["text"])
    r = tool(s, 23, "get_experiment", {"id": 4242})
    check("an unknown experiment is an isError result",
          r.get("isError") and "no experiment" in r["content"][0]["text"])
    r = tool(s, 24, "propose_experiment", {
        "name": "ok", "command": ["./train", "--epochs", "3"],
        "mem": "64M", "time": "1m"})
    ok = r.get("structuredContent", {})
    check("a proposal inside policy is approved at once",
          ok.get("decision", {}).get("verdict") == "auto")
    r = tool(s, 25, "wait_for_experiment", {"id": ok.get("id"),
                                            "state": "approved",
                                            "timeout_s": 0})
    check("wait with timeout 0 returns at once",
          "state" in r.get("structuredContent", {}))
    r = tool(s, 26, "list_experiments", {"limit": 1})
    sc = r.get("structuredContent", {})
    check("list_experiments pages with a cursor",
          len(sc.get("experiments", [])) == 1 and "nextCursor" in sc)
    r = tool(s, 27, "list_experiments", {"cursor": sc.get("nextCursor")})
    check("the next page follows", r.get("structuredContent", {})
          .get("experiments", [{}])[0].get("id") == 2)
    check("results stay under 64 KB", len(json.dumps(r)) < 65536)
    return ok.get("id")


def test_cancel_and_disappear(s, tmp, id):
    r = tool(s, 29, "propose_experiment", {
        "name": "long", "command": ["./train"], "mem": "64M", "time": "3h"})
    waiting = r.get("structuredContent", {}).get("id")
    check("a long run waits for a human",
          r.get("structuredContent", {}).get("decision", {})
          .get("verdict") == "review")
    s.send({"jsonrpc": "2.0", "id": 30, "method": "tools/call", "params": {
        "name": "wait_for_experiment",
        "arguments": {"id": waiting, "timeout_s": 30},
        "_meta": {"progressToken": 5}}})
    s.send({"jsonrpc": "2.0", "id": 31, "method": "ping"})
    notes = []
    r = s.recv()
    while r is not None and r.get("method") == "notifications/progress":
        notes.append(r)
        r = s.recv()
    check("a ping is answered while a tool call waits", r.get("id") == 31)
    time.sleep(1.2)
    s.send({"jsonrpc": "2.0", "method": "notifications/cancelled",
            "params": {"requestId": 30, "reason": "test"}})
    r = s.call(32, "ping")
    while r is not None and r.get("method") == "notifications/progress":
        notes.append(r)
        r = s.recv()
    check("a cancelled call gets no response", r.get("id") == 32)
    check("progress notifications carry the client's token, unchanged",
          notes and all(n["params"]["progressToken"] == 5 for n in notes))
    check("and their progress increases", all(
        a["params"]["progress"] < b["params"]["progress"]
        for a, b in zip(notes, notes[1:])))
    t0 = time.time()
    rc, rest = s.close()
    check("a client that disappears ends the server cleanly",
          rc == 0 and time.time() - t0 < 5)
    st = subprocess.run([BIN, "status", str(id), "--json"], cwd=tmp,
                        capture_output=True, text=True)
    check("the project's state is intact", st.returncode == 0 and
          json.loads(st.stdout)["id"] == id)


def test_gone_mid_wait(tmp, token):
    s = Session("--token-file", token, cwd=tmp)
    initialize(s)
    r = tool(s, 1, "propose_experiment", {
        "name": "long2", "command": ["./train"], "mem": "64M", "time": "3h"})
    s.send({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
        "name": "wait_for_experiment",
        "arguments": {"id": r["structuredContent"]["id"], "timeout_s": 60}}})
    time.sleep(0.5)
    s.p.stdout.close()
    s.p.stdin.close()
    t0 = time.time()
    try:
        rc = s.p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        s.p.kill()
        rc = None
    s.p.stderr.close()
    check("a client gone while a call waits: the server exits 0 at once",
          rc == 0 and time.time() - t0 < 5)


def main():
    tmp = project()
    srv = start_server(tmp)
    try:
        test_no_identity(tmp)
        test_token_mode(tmp)
        token = agent_token(tmp)
        s = Session("--token-file", token, cwd=tmp)
        test_handshake(s)
        test_errors(s)
        id = test_tools(s, tmp)
        test_cancel_and_disappear(s, tmp, id)
        test_gone_mid_wait(tmp, token)
    finally:
        srv.terminate()
        srv.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


main()
