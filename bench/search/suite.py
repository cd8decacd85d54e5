#!/usr/bin/python3
"""Search bench on typed spaces, tuning and held-out sets reported apart.

usage: suite.py STEWARD_BIN quality
                [--set heldout|heldout2|heldout3|heldout4|heldout5|
                       heldout6|heldout7|heldout8|tuning]
                [--seeds N]
                [--trials N] [--only a,b] [--cache FILE]
       suite.py STEWARD_BIN prune
                [--set heldout|heldout2|heldout3|heldout4|heldout5|
                       heldout6|heldout7|heldout8|tuning]
                [--seeds N]
                [--steps S] [--full-runs N] [--eta E] [--only a,b]
                [--cache FILE]

quality: steward's TPE (through `search --stdio`) against Optuna 3.1's
TPESampler() and TPESampler(multivariate=True) on the functions of
functions.py; regret = noiseless value of the trial with the best observed
value - the known minimum; one-sided Wilcoxon signed-rank over seeds
(scipy) for "steward better" and for "steward worse".

prune: equal budget. Each search may train FULL_RUNS * S resource units
(pruned trials included) on a noisy learning curve; steward TPE + ASHA
against Optuna TPE + SuccessiveHalvingPruner() and TPE + HyperbandPruner
(min 1, max S), plus both samplers without pruning (FULL_RUNS trials).
Regret = noiseless final value of the completed trial with the best told
value - the minimum.

Optuna's results are cached in --cache (JSON) so re-runs time steward only.
"""
import argparse
import json
import math
import os
import random
import statistics
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "search"))
sys.path.insert(0, HERE)
import functions as F  # noqa: E402
import protocol as P  # noqa: E402

TMP = None


def space_file(name, text):
    # one file per thread: bench/search/variants.py runs searches at once
    path = os.path.join(TMP, "%s-%d.space" % (name, threading.get_ident()))
    with open(path, "w") as f:
        f.write(text)
    return path


# ---- quality ---------------------------------------------------------------

def observe(fn, p, rng):
    v = fn.fn(p)
    return v, v + (fn.draw_noise(rng) if fn.noise else 0.0)


def steward_quality(fn, trials, seed, extra=()):
    return steward_quality_env(fn, trials, seed, None, extra)


def steward_quality_env(fn, trials, seed, env, extra=()):
    s = P.Search(space_file(fn.name, fn.space_text()), "--seed", str(seed),
                 "--trials", str(trials), *extra, env=env)
    rng = random.Random(1000 + seed)
    best_obs, regret, wait, t0 = math.inf, math.inf, 0.0, time.perf_counter()
    while True:
        msg = s.recv()
        wait += time.perf_counter() - t0
        if "done" in msg:
            break
        true, obs = observe(fn, msg["ask"]["params"], rng)
        if obs < best_obs:
            best_obs, regret = obs, true - fn.minimum
        t0 = time.perf_counter()
        s.send({"tell": {"trial": msg["ask"]["trial"], "value": obs}})
    s.close()
    return regret, wait / trials


def optuna_quality(fn, trials, seed, multivariate):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    sampler = optuna.samplers.TPESampler(seed=seed, multivariate=multivariate)
    study = optuna.create_study(sampler=sampler)
    rng = random.Random(1000 + seed)
    best_obs, regret = math.inf, math.inf
    for _ in range(trials):
        trial = study.ask()
        p = fn.suggest(trial)
        true, obs = observe(fn, p, rng)
        if obs < best_obs:
            best_obs, regret = obs, true - fn.minimum
        study.tell(trial, obs)
    return regret


def load_cache(path):
    if path and os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    return {}


def save_cache(path, cache):
    if path:
        with open(path, "w") as f:
            json.dump(cache, f)


CACHED_ONLY = False


def cached(cache, path, key, seeds, run):
    have = cache.get(key, [])
    if CACHED_ONLY:               # report on the seeds Optuna finished
        return have[:seeds]
    for seed in range(len(have), seeds):
        have.append(run(seed))
        cache[key] = have
        save_cache(path, cache)
    return have[:seeds]


def wilcoxon(ours, base):
    """One-sided p for ours < base and for ours > base."""
    from scipy import stats
    d = [a - b for a, b in zip(ours, base)]
    if all(abs(x) < 1e-12 for x in d):
        return 1.0, 1.0
    return (stats.wilcoxon(ours, base, alternative="less").pvalue,
            stats.wilcoxon(ours, base, alternative="greater").pvalue)


def verdict(pl, pg):
    return "better" if pl < 0.05 else "worse" if pg < 0.05 else "tie"


def fmt(xs):
    return "%.3g / %.3g" % (statistics.mean(xs), statistics.median(xs))


def quality(args, fns):
    cache = load_cache(args.cache)
    print("| function | steward TPE mean / median | Optuna mv mean / median "
          "| p(better) | p(worse) | vs mv | Optuna default mean / median "
          "| p(better) | p(worse) | vs default |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    tally, cost = {"mv": [0, 0], "uni": [0, 0]}, [0.0]
    for fn in fns:
        if args.optuna_only:
            for kind in ("mv", "uni"):
                cached(cache, args.cache, "q/%s/%d/%s" % (
                    fn.name, args.trials, kind), args.seeds,
                    lambda s: optuna_quality(fn, args.trials, s,
                                             kind == "mv"))
            continue
        res = [steward_quality(fn, args.trials, s) for s in range(args.seeds)]
        ours = [r[0] for r in res]
        cost += [r[1] for r in res]
        row = [fn.name, fmt(ours)]
        for kind in ("mv", "uni"):
            key = "q/%s/%d/%s" % (fn.name, args.trials, kind)
            base = cached(cache, args.cache, key, args.seeds,
                          lambda s: optuna_quality(fn, args.trials, s,
                                                   kind == "mv"))
            if len(base) < 5:
                row += ["(%d seeds)" % len(base), "", "", "n/a"]
                continue
            pl, pg = wilcoxon(ours[:len(base)], base)
            v = verdict(pl, pg)
            tally[kind][0] += v == "better"
            tally[kind][1] += v == "worse"
            row += [fmt(base) + ("" if len(base) == len(ours) else
                                 " (%d seeds)" % len(base)),
                    "%.2g" % pl, "%.2g" % pg, v]
        print("| " + " | ".join(row) + " |")
        sys.stdout.flush()
    print("\nbetter/worse vs mv: %d/%d, vs default: %d/%d of %d; steward "
          "%.3f ms per trial (pipe round trip included)" % (
              tally["mv"][0], tally["mv"][1], tally["uni"][0],
              tally["uni"][1], len(fns), 1e3 * statistics.mean(cost)))


# ---- pruning at equal budget ----------------------------------------------

def steward_prune(curve, seed, S, budget, pruner, eta, trials, extra=(),
                  env=None):
    args = ["--seed", str(seed), "--trials", str(trials)]
    if pruner != "none":
        args += ["--pruner", pruner, "--min-resource", "1", "--max-resource",
                 str(S), "--reduction-factor", str(eta), "--budget",
                 str(budget)]
    args += extra                 # last, so it can override the above
    s = P.Search(space_file(curve.name, curve.base.space_text()), *args,
                 env=env)
    rng = random.Random(seed)
    spent, best_told, regret, n = 0, math.inf, math.inf, 0
    while True:
        msg = s.recv()
        if "done" in msg:
            break
        t, p = msg["ask"]["trial"], msg["ask"]["params"]
        n += 1
        stopped = False
        for step in range(1, S + 1):
            v = curve.value(p, step, S, rng)
            spent += 1
            if pruner == "none":
                continue
            s.send({"report": {"trial": t, "step": step, "value": v}})
            if s.recv()["prune"]["stop"] or spent >= budget:
                stopped = True
                break
        if stopped:
            continue
        if v < best_told:
            best_told, regret = v, curve.base.fn(p) - curve.base.minimum
        s.send({"tell": {"trial": t, "value": v}})
    s.close()
    return regret, n


def optuna_prune(curve, seed, S, budget, pruner, trials):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    pr = {"none": optuna.pruners.NopPruner(),
          "sha": optuna.pruners.SuccessiveHalvingPruner(),
          "hb": optuna.pruners.HyperbandPruner(min_resource=1,
                                               max_resource=S)}[pruner]
    study = optuna.create_study(
        sampler=optuna.samplers.TPESampler(seed=seed), pruner=pr)
    rng = random.Random(seed)
    spent, best_told, regret, n = 0, math.inf, math.inf, 0
    while spent < budget and (pruner != "none" or n < trials):
        trial = study.ask()
        p = curve.base.suggest(trial)
        n += 1
        stopped = False
        for step in range(1, S + 1):
            v = curve.value(p, step, S, rng)
            spent += 1
            if pruner == "none":
                continue
            trial.report(v, step)
            if trial.should_prune() or spent >= budget:
                study.tell(trial, state=optuna.trial.TrialState.PRUNED)
                stopped = True
                break
        if stopped:
            continue
        if v < best_told:
            best_told, regret = v, curve.base.fn(p) - curve.base.minimum
        study.tell(trial, v)
    return regret, n


def prune(args, curves):
    cache = load_cache(args.cache)
    S, budget = args.steps, args.full_runs * args.steps
    print("| curve | steward TPE+ASHA mean / median | Optuna TPE+SHA | p(better) "
          "| p(worse) | vs SHA | Optuna TPE+Hyperband | p(better) | p(worse) "
          "| vs HB | steward TPE, no pruning | Optuna TPE, no pruning "
          "| trials ASHA / SHA / HB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for c in curves:
        if args.optuna_only:
            for pr in args.optuna_pruners.split(","):
                cached(cache, args.cache, "p/%s/%d/%d/%s" % (
                    c.name, S, args.full_runs, pr), args.seeds,
                    lambda s: optuna_prune(c, s, S, budget, pr,
                                           args.full_runs))
            continue
        big = 50 * args.full_runs
        res = [steward_prune(c, s, S, budget, "asha", args.eta, big)
               for s in range(args.seeds)]
        ours = [r[0] for r in res]
        full = [steward_prune(c, s, S, budget, "none", args.eta,
                              args.full_runs)[0] for s in range(args.seeds)]
        row, counts = [c.name, fmt(ours)], [statistics.mean(r[1] for r in res)]
        for pr in ("sha", "hb", "none"):
            key = "p/%s/%d/%d/%s" % (c.name, S, args.full_runs, pr)
            base = cached(cache, args.cache, key, args.seeds,
                          lambda s: optuna_prune(c, s, S, budget, pr,
                                                 args.full_runs))
            if pr == "none":
                row += [fmt(full), fmt([b[0] for b in base])
                        if base else "-"]
                continue
            if len(base) < 5:
                counts.append(float("nan"))
                row += ["(%d seeds)" % len(base), "", "", "n/a"]
                continue
            counts.append(statistics.mean(b[1] for b in base))
            pl, pg = wilcoxon(ours[:len(base)], [b[0] for b in base])
            row += [fmt([b[0] for b in base]) + (
                "" if len(base) == len(ours) else " (%d seeds)" % len(base)),
                "%.2g" % pl, "%.2g" % pg, verdict(pl, pg)]
        row.append(" / ".join("%.0f" % x for x in counts))
        print("| " + " | ".join(row) + " |")
        sys.stdout.flush()


def main():
    global TMP
    ap = argparse.ArgumentParser()
    ap.add_argument("steward")
    ap.add_argument("what", choices=("quality", "prune"))
    ap.add_argument("--set", default="heldout",
                    choices=("heldout", "heldout2", "heldout3", "heldout4",
                             "heldout5", "heldout6", "heldout7",
                             "heldout8", "tuning"))
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--steps", type=int, default=27)
    ap.add_argument("--full-runs", type=int, default=100)
    ap.add_argument("--eta", type=float, default=3)
    ap.add_argument("--only")
    ap.add_argument("--cache")
    ap.add_argument("--optuna-only", action="store_true",
                    help="only fill the cache with Optuna's results")
    ap.add_argument("--optuna-pruners", default="sha,hb,none",
                    help="with --optuna-only: which Optuna runs to fill")
    ap.add_argument("--cached-only", action="store_true",
                    help="compare on the Optuna seeds already cached")
    args = ap.parse_args()
    global CACHED_ONLY
    CACHED_ONLY = args.cached_only
    P.STEWARD = os.path.abspath(args.steward)
    TMP = tempfile.mkdtemp(prefix="steward-bench-suite-")
    if args.what == "quality":
        fns = {"heldout": F.HELDOUT, "heldout2": F.HELDOUT2,
               "heldout3": F.HELDOUT3, "heldout4": F.HELDOUT4,
               "heldout5": F.HELDOUT5, "heldout6": F.HELDOUT6,
               "heldout7": F.HELDOUT7,
               "tuning": F.TUNING}[args.set]
        if args.only:
            fns = [F.BY_NAME[n] for n in args.only.split(",")]
        print("quality, %s set, %d trials, %d seeds" % (
            args.set, args.trials, args.seeds))
        quality(args, fns)
    else:
        curves = {"heldout": F.CURVES_HELDOUT,
                  "heldout2": F.CURVES_HELDOUT2,
                  "heldout3": F.CURVES_HELDOUT3,
                  "heldout4": F.CURVES_HELDOUT4,
                  "heldout5": F.CURVES_HELDOUT5,
                  "heldout6": F.CURVES_HELDOUT6,
                  "heldout7": F.CURVES_HELDOUT7,
                  "heldout8": F.CURVES_HELDOUT8,
                  "tuning": F.CURVES_TUNING}[args.set]
        if args.only:
            curves = [F.CURVES[n] for n in args.only.split(",")]
        print("pruning at equal budget, %s set: %d x %d units, eta %g, "
              "%d seeds" % (args.set, args.full_runs, args.steps, args.eta,
                            args.seeds))
        prune(args, curves)


if __name__ == "__main__":
    main()
