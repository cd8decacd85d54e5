"""Talks the `steward search --stdio` protocol; shared by the tests and the
bench. Test functions come with their space files and known minima."""
import json
import math
import os
import subprocess

STEWARD = os.environ.get("STEWARD_BIN", "steward")


def branin(p):
    x, y = p["x0"], p["x1"]
    a, b, c = 1.0, 5.1 / (4 * math.pi ** 2), 5 / math.pi
    r, s, t = 6.0, 10.0, 1 / (8 * math.pi)
    return a * (y - b * x * x + c * x - r) ** 2 + s * (1 - t) * math.cos(x) + s


_HA = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
       [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
_HP = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
       [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]
_HALPHA = [1.0, 1.2, 3.0, 3.2]


def hartmann6(p):
    x = [p["x%d" % i] for i in range(6)]
    total = 0.0
    for i in range(4):
        inner = sum(_HA[i][j] * (x[j] - _HP[i][j] * 1e-4) ** 2 for j in range(6))
        total += _HALPHA[i] * math.exp(-inner)
    return -total


def rosenbrock(p):
    x = [p["x%d" % i] for i in range(len(p))]
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
               for i in range(len(x) - 1))


def ackley(p):
    x = [p["x%d" % i] for i in range(len(p))]
    d = len(x)
    s1 = sum(v * v for v in x) / d
    s2 = sum(math.cos(2 * math.pi * v) for v in x) / d
    return -20 * math.exp(-0.2 * math.sqrt(s1)) - math.exp(s2) + 20 + math.e


def levy(p):
    x = [p["x%d" % i] for i in range(len(p))]
    w = [1 + (v - 1) / 4 for v in x]
    t = math.sin(math.pi * w[0]) ** 2
    for i in range(len(w) - 1):
        t += (w[i] - 1) ** 2 * (1 + 10 * math.sin(math.pi * w[i] + 1) ** 2)
    t += (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)
    return t


def box(d, lo, hi):
    return "".join("x%d: uniform(%g, %g)\n" % (i, lo, hi) for i in range(d))


# name: (function, space text, bounds per dim, global minimum)
FUNCTIONS = {
    "branin": (branin, "x0: uniform(-5, 10)\nx1: uniform(0, 15)\n",
               [(-5, 10), (0, 15)], 0.397887357729739),
    "hartmann6": (hartmann6, box(6, 0, 1), [(0, 1)] * 6, -3.32236801141551),
    "rosenbrock5": (rosenbrock, box(5, -5, 10), [(-5, 10)] * 5, 0.0),
    "ackley5": (ackley, box(5, -32.768, 32.768), [(-32.768, 32.768)] * 5, 0.0),
    "levy5": (levy, box(5, -10, 10), [(-10, 10)] * 5, 0.0),
}


class Search:
    """One `steward search --stdio` process."""

    def __init__(self, space_path, *args, env=None):
        self.proc = subprocess.Popen(
            [STEWARD, "search", "--stdio", "--space", space_path] + list(args),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
            env=env)

    def recv(self):
        line = self.proc.stdout.readline()
        if not line:
            raise EOFError("steward closed its output")
        return json.loads(line)

    def send(self, obj):
        self.send_raw(json.dumps(obj))

    def send_raw(self, text):
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def close(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        rest = self.proc.stdout.read()
        rc = self.proc.wait(timeout=30)
        return rc, [json.loads(l) for l in rest.splitlines() if l.strip()]


def minimize(space_path, fn, trials, seed, sampler="tpe", extra=()):
    """Runs a sequential search; returns (best value seen, asks list)."""
    s = Search(space_path, "--sampler", sampler, "--seed", str(seed),
               "--trials", str(trials), *extra)
    asks, best = [], float("inf")
    while True:
        msg = s.recv()
        if "done" in msg:
            break
        ask = msg["ask"]
        asks.append(ask)
        v = fn(ask["params"])
        best = min(best, v)
        s.send({"tell": {"trial": ask["trial"], "value": v}})
    rc, _ = s.close()
    assert rc == 0, rc
    assert msg["done"]["best"]["value"] == best, (msg, best)
    return best, asks
