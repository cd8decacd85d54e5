#!/usr/bin/python3
"""Steward-only comparison of ASHA variants on pruning curves, paired by
seed, for diagnosis on the TUNING curves (Optuna is not run).

usage: prune_variants.py STEWARD_BIN CURVE[,CURVE] [--seeds N]
                         NAME=SETTING[;SETTING] ...
A setting is ENV=VALUE for the steward process, or one of eta=E,
min=R (the first rung) and none=1 (no pruning, 100 full trials). The
first variant is the reference: each other gets a one-sided Wilcoxon p
for "better" and "worse" against it, and its win count.
"""
import argparse
import os
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import suite as S  # noqa: E402

S_STEPS, FULL_RUNS = 27, 100


def run(curve, variant, seed):
    env, eta, extra, pruner = dict(os.environ), 3.0, [], "asha"
    for kv in filter(None, variant.split(";")):
        k, v = kv.split("=", 1)
        if k == "eta":
            eta = float(v)
        elif k == "min":
            extra = ["--min-resource", v]
        elif k == "none":
            pruner = "none"
        else:
            env[k] = v
    trials = FULL_RUNS if pruner == "none" else 50 * FULL_RUNS
    return S.steward_prune(curve, seed, S_STEPS, S_STEPS * FULL_RUNS, pruner,
                           eta, trials, extra, env)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("steward")
    ap.add_argument("curves")
    ap.add_argument("variants", nargs="+")
    ap.add_argument("--seeds", type=int, default=20)
    a = ap.parse_args()
    S.P.STEWARD = os.path.abspath(a.steward)
    S.TMP = tempfile.mkdtemp(prefix="steward-prune-variants-")
    vs = [v.split("=", 1) for v in a.variants]
    for name in a.curves.split(","):
        curve, ref = S.F.CURVES[name], None
        for vn, setting in vs:
            res = [run(curve, setting, s) for s in range(a.seeds)]
            r = [x[0] for x in res]
            line = "%-26s %-12s %s  trials %.0f" % (
                name, vn, S.fmt(r), statistics.mean(x[1] for x in res))
            if ref is None:
                ref = r
            else:
                pl, pg = S.wilcoxon(r, ref)
                wins = sum(x < y for x, y in zip(r, ref))
                line += "  p(better) %.3g p(worse) %.3g wins %d/%d" % (
                    pl, pg, wins, len(r))
            print(line)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
