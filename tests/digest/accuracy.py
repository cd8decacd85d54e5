#!/bin/sh
# Runs itself with Debian's python3, or $STEWARD_PYTHON.
''''exec "${STEWARD_PYTHON:-/usr/bin/python3}" "$0" "$@" # '''
"""Grouping and parsing accuracy of `steward digest --templates` on the ten
Loghub-2k samples in tests/data/loghub-2k, computed exactly as that
folder's README defines them, with one shared configuration: only each
system's log_format (its header) differs.

Asserts mean GA >= 0.90 and that no system falls below Drain's published
GA by more than 0.05. `--markdown` prints the per-system table.
"""
import csv
import io
import json
import os
import re
import subprocess
import sys

SYSTEMS = ["HDFS", "Hadoop", "Spark", "Zookeeper", "BGL", "HPC", "Linux",
           "Apache", "OpenSSH", "Proxifier"]
DRAIN_GA = {"HDFS": 0.998, "Hadoop": 0.948, "Spark": 0.920,
            "Zookeeper": 0.967, "BGL": 0.963, "HPC": 0.887, "Linux": 0.690,
            "Apache": 1.000, "OpenSSH": 0.788, "Proxifier": 0.527}
MEAN_GA_MIN = 0.90


def norm(t):
    return re.sub(r"\s+", " ", t).strip()


def scores(truth, pred):
    """truth, pred: lists of (group, template) per line, same length."""
    n = len(truth)
    tsize, psize, pairs = {}, {}, {}
    for (tg, _), (pg, _) in zip(truth, pred):
        tsize[tg] = tsize.get(tg, 0) + 1
        psize[pg] = psize.get(pg, 0) + 1
        pairs.setdefault(pg, set()).add(tg)
    good = {pg for pg, ts in pairs.items()
            if len(ts) == 1 and tsize[next(iter(ts))] == psize[pg]}
    ga = sum(1 for (_, _), (pg, _) in zip(truth, pred) if pg in good) / n
    pa = sum(1 for (_, tt), (_, pt) in zip(truth, pred)
             if norm(tt) == norm(pt)) / n
    return ga, pa, len(psize), len(tsize)


def run_system(steward, data, system, fmt):
    log = os.path.join(data, system, f"{system}_2k.log")
    out = subprocess.run([steward, "digest", "--templates", "--format",
                          "csv", "--log-format", fmt, log],
                         capture_output=True, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8"))))
    pred = [(r["EventId"], r["EventTemplate"]) for r in rows]
    assert [int(r["LineId"]) for r in rows] == list(range(1, len(rows) + 1))
    with open(os.path.join(data, system, f"{system}_2k.log_structured.csv"),
              newline="") as f:
        truth = [(r["EventId"], r["EventTemplate"]) for r in csv.DictReader(f)]
    assert len(pred) == len(truth), (system, len(pred), len(truth))
    return scores(truth, pred)


def main():
    steward = os.environ["STEWARD_BIN"]
    data = os.path.join(os.environ["STEWARD_SOURCE"], "tests", "data",
                        "loghub-2k")
    with open(os.path.join(data, "settings.json")) as f:
        settings = json.load(f)
    res = {s: run_system(steward, data, s, settings[s]["log_format"])
           for s in SYSTEMS}
    mean_ga = sum(r[0] for r in res.values()) / len(res)
    mean_pa = sum(r[1] for r in res.values()) / len(res)
    if "--markdown" in sys.argv:
        print("| System | GA | PA | clusters | true groups | Drain GA |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for s, (ga, pa, npred, ntrue) in res.items():
            print(f"| {s} | {ga:.4f} | {pa:.4f} | {npred} | {ntrue} | "
                  f"{DRAIN_GA[s]:.3f} |")
        print(f"| **mean** | **{mean_ga:.4f}** | **{mean_pa:.4f}** | | | "
              f"**0.869** |")
    else:
        for s, (ga, pa, npred, ntrue) in res.items():
            print(f"{s:10s} GA {ga:.4f}  PA {pa:.4f}  clusters {npred:4d} "
                  f"(true {ntrue})")
        print(f"mean       GA {mean_ga:.4f}  PA {mean_pa:.4f}")
    ok = mean_ga >= MEAN_GA_MIN
    for s, r in res.items():
        if r[0] < DRAIN_GA[s] - 0.05:
            print(f"FAIL: {s} GA {r[0]:.4f} is far below Drain's "
                  f"{DRAIN_GA[s]:.3f}")
            ok = False
    if not ok:
        print(f"FAIL: mean GA {mean_ga:.4f} (need >= {MEAN_GA_MIN})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
