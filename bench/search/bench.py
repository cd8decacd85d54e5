#!/usr/bin/python3
"""Search bench: steward's samplers (driven through `steward search --stdio`)
against Optuna 3.1's TPE on standard test functions, plus an ASHA
multi-fidelity experiment.

usage: bench.py STEWARD_BIN [--seeds N] [--trials 50,100] [--functions ...]
                [--optuna-cache FILE] [--skip-optuna] [--skip-asha]
                [--asha-eta 3,4] [--asha-min 1]

--optuna-cache keeps Optuna's results (they take ~10 minutes) in a JSON
file so that re-runs only time steward; delete it to re-measure.

Prints one line per figure (what, ours, baseline, ratio) and a Markdown
table for bench/RESULTS.md. Sequential (--parallel 1) for quality.
"""
import argparse
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "search"))
import protocol as P  # noqa: E402


def run_steward(name, trials, seed, sampler="tpe", extra=()):
    fn, space, _, opt = P.FUNCTIONS[name]
    path = os.path.join(TMP, name + ".space")
    with open(path, "w") as f:
        f.write(space)
    s = P.Search(path, "--sampler", sampler, "--seed", str(seed),
                 "--trials", str(trials), *extra)
    best, wait = float("inf"), 0.0
    t0 = time.perf_counter()
    while True:
        msg = s.recv()
        t1 = time.perf_counter()
        wait += t1 - t0
        if "done" in msg:
            break
        v = fn(msg["ask"]["params"])
        best = min(best, v)
        t0 = time.perf_counter()
        s.send({"tell": {"trial": msg["ask"]["trial"], "value": v}})
    s.close()
    # wait = time between our tell and steward's next line: sampler time
    # plus pipe round trip (an upper bound on the sampler's overhead).
    return best - opt, wait / trials


def run_optuna(name, trials, seed, multivariate):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    fn, _, bounds, opt = P.FUNCTIONS[name]
    sampler = optuna.samplers.TPESampler(seed=seed, multivariate=multivariate)
    study = optuna.create_study(sampler=sampler)
    best, ask_time = float("inf"), 0.0
    for _ in range(trials):
        t0 = time.perf_counter()
        trial = study.ask()
        p = {"x%d" % i: trial.suggest_float("x%d" % i, lo, hi)
             for i, (lo, hi) in enumerate(bounds)}
        ask_time += time.perf_counter() - t0
        v = fn(p)
        best = min(best, v)
        study.tell(trial, v)
    return best - opt, ask_time / trials


def optuna_results(args):
    cache = {}
    if args.optuna_cache and os.path.exists(args.optuna_cache):
        with open(args.optuna_cache) as f:
            cache = json.load(f)
    for name in args.functions:
        for trials in args.trials:
            for mv in (True, False):
                key = "%s/%d/%s" % (name, trials, "mv" if mv else "uni")
                have = cache.get(key, [])
                for seed in range(len(have), args.seeds):
                    have.append(run_optuna(name, trials, seed, mv))
                cache[key] = have
                if args.optuna_cache:
                    with open(args.optuna_cache, "w") as f:
                        json.dump(cache, f)
    return cache


def wilcoxon_p(a, b):
    from scipy import stats
    diff = [x - y for x, y in zip(a, b)]
    if all(abs(d) < 1e-15 for d in diff):
        return 1.0
    return stats.wilcoxon(a, b).pvalue


def verdict(ours, base, p):
    if p >= 0.05:
        return "tie"
    return "better" if statistics.median(ours) < statistics.median(base) \
        else "worse"


def quality(args, cache, rows):
    wins = {"mv": 0, "uni": 0}
    overhead = []
    for name in args.functions:
        for trials in args.trials:
            res = [run_steward(name, trials, s) for s in range(args.seeds)]
            ours = [r[0] for r in res]
            overhead += [r[1] for r in res if trials == max(args.trials)]
            rnd = [run_steward(name, trials, s, "random")[0]
                   for s in range(args.seeds)]
            line = [name, trials, ours, rnd]
            for kind in ("mv", "uni"):
                key = "%s/%d/%s" % (name, trials, kind)
                base = [r[0] for r in cache[key][:args.seeds]]
                p = wilcoxon_p(ours, base)
                v = verdict(ours, base, p)
                wins[kind] += v != "worse"
                line += [base, p, v]
                print("regret %-11s %3d trials vs optuna-%-3s: ours mean "
                      "%.4g median %.4g, optuna mean %.4g median %.4g, "
                      "ratio(median) %.2f, wilcoxon p=%.3g -> %s" % (
                          name, trials, kind, statistics.mean(ours),
                          statistics.median(ours), statistics.mean(base),
                          statistics.median(base),
                          statistics.median(ours) / max(
                              statistics.median(base), 1e-300), p, v))
                sys.stdout.flush()
            rows.append(line)
    return wins, overhead


# ---- multi-fidelity: noise shrinks with the resource ---------------------

def noisy_curve(p, step, max_step, rng):
    """A training-curve stand-in: Hartmann-6 plus noise ~ 1/sqrt(step)
    and a decaying offset, so early steps rank trials only roughly."""
    f = P.hartmann6(p)
    return f + 0.5 * (1 - step / max_step) ** 2 + rng.gauss(0, 0.3) / math.sqrt(step)


def run_fidelity(seed, pruner, trials, max_step, min_step=1, eta=3):
    """One search on the noisy Hartmann-6 curve. Returns the trajectory
    [(compute so far, regret of the search's current best)] where the best
    is the completed trial with the best told (noisy) value and its regret
    is judged on the noiseless function, plus the done message."""
    path = os.path.join(TMP, "hartmann6.space")
    with open(path, "w") as f:
        f.write(P.FUNCTIONS["hartmann6"][1])
    s = P.Search(path, "--seed", str(seed), "--trials", str(trials),
                 "--pruner", pruner, "--min-resource", str(min_step),
                 "--max-resource",
                 str(max_step), "--reduction-factor", str(eta))
    rng = random.Random(seed)
    spent, best_told, regret, traj = 0, float("inf"), float("inf"), []
    opt = P.FUNCTIONS["hartmann6"][3]
    while True:
        msg = s.recv()
        if "done" in msg:
            done = msg["done"]
            break
        t, p = msg["ask"]["trial"], msg["ask"]["params"]
        pruned = False
        for step in range(1, max_step + 1):
            v = noisy_curve(p, step, max_step, rng)
            spent += 1
            if pruner == "none":
                continue
            s.send({"report": {"trial": t, "step": step, "value": v}})
            if s.recv()["prune"]["stop"]:
                pruned = True
                break
        if not pruned:
            if v < best_told:
                best_told, regret = v, P.hartmann6(p) - opt
            s.send({"tell": {"trial": t, "value": v}})
        traj.append((spent, regret))
    s.close()
    assert abs(done["resource"] - spent) < 1e-9, (done, spent)
    return traj, done


def regret_at(traj, compute):
    r = float("inf")
    for c, reg in traj:
        if c > compute:
            break
        r = reg
    return r


def fidelity(args):
    """Compute ASHA needs to match the final regret of searching without
    pruning: the no-pruning search runs 60 trials to the full resource;
    ASHA's median regret curve (over seeds) is scanned for the first
    compute at which it is at least as good."""
    seeds, max_step, n_full = args.seeds, 81, 60
    full = [run_fidelity(s, "none", n_full, max_step) for s in range(seeds)]
    c_full = n_full * max_step
    r_full = [t[-1][1] for t, _ in full]
    target = statistics.median(r_full)
    print("asha: no pruning, %d trials x %d steps: compute %d, final "
          "regret median %.4g mean %.4g" % (n_full, max_step, c_full,
                                            target, statistics.mean(r_full)))
    for eta in args.asha_eta:
        asha = [run_fidelity(s, "asha", 300, max_step, args.asha_min, eta)
                for s in range(seeds)]
        asha_report(args, eta, asha, r_full, c_full, max_step)


def asha_report(args, eta, asha, r_full, c_full, max_step):
    target = statistics.median(r_full)
    c_match = None
    for c in range(1, c_full + 1):
        if statistics.median(regret_at(t, c) for t, _ in asha) <= target:
            c_match = c
            break
    rungs = []
    while args.asha_min * eta ** len(rungs) < max_step:
        rungs.append(str(args.asha_min * eta ** len(rungs)))
    if c_match is None:
        print("asha: ASHA eta %d never matched within the same compute" % eta)
        return
    r_asha = [regret_at(t, c_match) for t, _ in asha]
    pruned = statistics.mean(d["pruned"] / max(d["trials"], 1)
                             for _, d in asha)
    print("asha: ASHA (eta %d, rungs %s) reaches that median regret at "
          "compute %d: %.0f%% saved (regret there median %.4g mean %.4g, "
          "wilcoxon vs no pruning p=%.3g; %.0f%% of ASHA's trials pruned)"
          % (eta, "/".join(rungs), c_match, 100 * (1 - c_match / c_full),
             statistics.median(r_asha), statistics.mean(r_asha),
             wilcoxon_p(r_asha, r_full), 100 * pruned))


def main():
    global TMP
    ap = argparse.ArgumentParser()
    ap.add_argument("steward")
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--trials", default="50,100")
    ap.add_argument("--functions",
                    default="branin,hartmann6,rosenbrock5,ackley5,levy5")
    ap.add_argument("--optuna-cache")
    ap.add_argument("--skip-optuna", action="store_true")
    ap.add_argument("--skip-asha", action="store_true")
    ap.add_argument("--asha-eta", default="3,4",
                    help="ASHA's --reduction-factor values to try")
    ap.add_argument("--asha-min", type=int, default=1,
                    help="ASHA's --min-resource (first rung)")
    args = ap.parse_args()
    args.trials = [int(t) for t in args.trials.split(",")]
    args.functions = args.functions.split(",")
    args.asha_eta = [int(e) for e in args.asha_eta.split(",")]
    P.STEWARD = os.path.abspath(args.steward)
    TMP = tempfile.mkdtemp(prefix="steward-bench-search-")
    if not args.skip_optuna:
        cache = optuna_results(args)
        rows = []
        wins, overhead = quality(args, cache, rows)
        key = [k for k in cache if k.endswith("/%d/mv" % max(args.trials))]
        ov_opt = statistics.mean(r[1] for k in key for r in cache[k])
        ov_ours = statistics.mean(overhead)
        print("overhead per trial at %d trials: ours %.3f ms (incl. pipe "
              "round trip), optuna-mv %.3f ms, ratio %.3f" % (
                  max(args.trials), 1e3 * ov_ours, 1e3 * ov_opt,
                  ov_ours / ov_opt))
        print("cells not worse than optuna: vs multivariate %d/%d, vs "
              "default %d/%d" % (wins["mv"], len(rows), wins["uni"],
                                 len(rows)))
        table(rows)
    if not args.skip_asha:
        fidelity(args)


def table(rows):
    print("\n| function | trials | steward TPE mean / median | random "
          "median | Optuna mv mean / median | p | vs mv | Optuna default "
          "mean / median | p | vs default |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, trials, ours, rnd, bm, pm, vm, bu, pu, vu in rows:
        print("| %s | %d | %.3g / %.3g | %.3g | %.3g / %.3g | %.2g | %s | "
              "%.3g / %.3g | %.2g | %s |" % (
                  name, trials, statistics.mean(ours),
                  statistics.median(ours), statistics.median(rnd),
                  statistics.mean(bm), statistics.median(bm), pm, vm,
                  statistics.mean(bu), statistics.median(bu), pu, vu))


if __name__ == "__main__":
    main()
