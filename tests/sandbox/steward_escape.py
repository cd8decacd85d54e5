#!/bin/sh
''''exec "${STEWARD_PYTHON:-/usr/bin/python3}" "$0" "$@" # '''
"""steward_escape — a few attackers run through steward like any
experiment (init, propose, approve, dispatch --once, status --json), to
check the pipeline really puts every run in the sandbox: phoning home,
reading the state database, credentials from the dispatcher's
environment, a daemon outliving its run, ignoring SIGTERM past the time
limit, and turning the metrics sink into a FIFO to hang the supervisor. The full attack list runs against the C API in escape.py.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

STEWARD = os.environ.get("STEWARD_BIN", "build/steward")
ATTACKS = os.path.join(os.path.dirname(STEWARD), "attacks")
NONCE = os.urandom(4).hex()
ENV = dict(os.environ, AWS_SECRET_ACCESS_KEY="aws-" + NONCE,
           SSH_AUTH_SOCK="/tmp/agent-" + NONCE, GITHUB_TOKEN="gh-" + NONCE,
           SBX_HOST_SECRET="sbx-" + NONCE, STEWARD_GRACE_MS="300")


def steward(proj, *args, check=True, timeout=60):
    # on timeout subprocess.run kills the command; a run dies with the
    # supervisor that started it
    p = subprocess.run([STEWARD] + list(args), cwd=proj, env=ENV,
                       capture_output=True, text=True, timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError("steward %s: %s%s" % (args, p.stdout, p.stderr))
    return p.stdout


def run_attack(proj, eid, attack, args, time_s="10s"):
    shutil.copy(os.path.join(ATTACKS, attack), proj)
    steward(proj, "propose", "--name", attack, "--time", time_s, "--",
            "./" + attack, *[str(a) for a in args])
    out = subprocess.run([STEWARD, "approve", str(eid)], cwd=proj, env=ENV,
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0 and "is approved" not in out.stderr:
        raise AssertionError("approve: " + out.stdout + out.stderr)
    t0 = time.time()
    polls = 200
    try:
        steward(proj, "dispatch", "--once", timeout=30)
    except subprocess.TimeoutExpired:
        print("steward dispatch --once hung (killed after 30 s)")
        polls = 1
    for _ in range(polls):
        st = json.loads(steward(proj, "status", str(eid), "--json"))
        if st["state"] not in ("approved", "queued", "running"):
            break
        time.sleep(0.1)
    logs = steward(proj, "logs", str(eid), check=False)
    return st, logs, time.time() - t0


def main():
    if not os.path.exists(STEWARD):
        print("SKIP: no steward binary at", STEWARD)
        return 0
    proj = tempfile.mkdtemp(prefix="sbx-steward-")
    failures = []
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(4)
    hits = []
    threading.Thread(target=lambda: hits.append(lst.accept()),
                     daemon=True).start()
    try:
        steward(proj, "init")
        db = [os.path.join(proj, ".steward", f) for f in
              os.listdir(os.path.join(proj, ".steward")) if f.endswith(".db")]
        cases = [
            ("net_connect", ["127.0.0.1", lst.getsockname()[1]], "10s"),
            ("read_secret", ["SQLite format 3"] + db +
             ["../../../" + os.path.basename(d) for d in db], "10s"),
            ("env_creds", [], "10s"),
            ("daemon", ["sbxd-" + NONCE, "/tmp/daemon.out"], "10s"),
            ("ignore_term", [], "1s"),
            ("metrics_fifo", [], "1s"),
        ]
        for eid, (attack, args, t) in enumerate(cases, 1):
            st, logs, took = run_attack(proj, eid, attack, args, t)
            run = st.get("run") or {}
            ok = "ESCAPED" not in logs and not (
                st["state"] == "succeeded" and attack != "daemon")
            ran = any(m in logs for m in ("blocked", "daemon started",
                                          "ignoring SIGTERM", "no secret",
                                          "FIFO"))
            ok = ok and (ran or attack == "env_creds")
            if attack == "net_connect":
                ok = ok and not hits
            if attack == "daemon":
                out = subprocess.run(["pgrep", "-x", "sbxd-" + NONCE],
                                     capture_output=True)
                ok = ok and out.returncode != 0
            if attack in ("ignore_term", "metrics_fifo"):
                ok = ok and st["state"] == "timed_out" and took < 8
            if not run.get("enforcement"):
                ok = False
            print("steward %-12s %-10s %s %.1fs" % (
                attack, st["state"], "blocked" if ok else "FAILED", took))
            if not ok:
                print(logs[:2000])
                failures.append(attack)
                stuck = run.get("supervisor_pid")
                if st["state"] == "running" and stuck:
                    os.kill(stuck, 9)   # the run dies with it (pdeathsig)
    finally:
        shutil.rmtree(proj, ignore_errors=True)
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
