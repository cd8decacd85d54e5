#!/usr/bin/python3
"""Steward-only comparison of sampler variants (environment settings of
an experimental build) paired by seed, for diagnosis on TUNING functions.

usage: variants.py STEWARD_BIN FN[,FN] [--seeds N] [--trials N] [--jobs J]
                   NAME=ENV[;ENV] ...   (e.g. base= share0=STEWARD_X=0)
The first variant is the reference: each other gets a one-sided Wilcoxon
p for "better" and "worse" against it.
"""
import argparse
import os
import statistics
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import suite as S  # noqa: E402


def run(fn, variant, seed, trials):
    env = dict(os.environ)
    for kv in filter(None, variant.split(";")):
        k, v = kv.split("=", 1)
        env[k] = v
    return S.steward_quality_env(fn, trials, seed, env)[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("steward")
    ap.add_argument("fns")
    ap.add_argument("variants", nargs="+")
    ap.add_argument("--seeds", type=int, default=30)
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    S.P.STEWARD = os.path.abspath(a.steward)
    import tempfile
    S.TMP = tempfile.mkdtemp(prefix="steward-variants-")
    vs = [v.split("=", 1) for v in a.variants]
    with ThreadPoolExecutor(a.jobs) as ex:
        for name in a.fns.split(","):
            fn = S.F.BY_NAME[name]
            res = {}
            for vn, env in vs:
                res[vn] = list(ex.map(lambda s: run(fn, env, s, a.trials),
                                      range(a.seeds)))
            ref = res[vs[0][0]]
            for vn, _ in vs:
                r = res[vn]
                line = "%-14s %-12s %s" % (name, vn, S.fmt(r))
                if vn != vs[0][0]:
                    pl, pg = S.wilcoxon(r, ref)
                    line += "  p(better) %.3g p(worse) %.3g" % (pl, pg)
                print(line)
                sys.stdout.flush()


if __name__ == "__main__":
    main()
