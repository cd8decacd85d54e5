#!/bin/sh
# Runs itself with Debian's python3 (scipy 1.10, mpmath), or $STEWARD_PYTHON.
''''exec "${STEWARD_PYTHON:-/usr/bin/python3}" "$0" "$@" # '''
"""
oracle — `steward stats --batch` checked against scipy 1.10 (and mpmath or
closed forms where scipy itself is wrong in far tails).

Seeded generated vectors: ties, zeros, zero variance, n = 1, identical
samples, data scaled by 1e300 and 1e-300, 1e9 + small differences; far
tails and huge shapes for the special functions. Deterministic methods
must agree to 1e-9 relative; Monte Carlo ones within their sampling error.
Also: the contract's error cases, malformed lines, over-long lines, and a
100,000-line batch that must stream in bounded memory.
"""
import json, math, os, resource, subprocess, sys, time
import numpy as np
import scipy.special as sp
import scipy.stats as st
try:
    import mpmath as mp
    mp.mp.dps = 40
except ImportError:  # pragma: no cover - mpmath is in DEPS_TEST
    mp = None

BIN = os.environ.get("STEWARD_BIN", "steward")
RTOL = 1e-9
failures = []
checked = 0


def enc(v):
    if isinstance(v, (list, tuple, np.ndarray)):
        return [enc(x) for x in v]
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v
    return v


def dec(v):
    if isinstance(v, str):
        return float(v)
    if isinstance(v, list):
        return [dec(x) for x in v]
    return v


def run_batch(lines, args=(), env=None):
    inp = "".join(l if l.endswith("\n") else l + "\n" for l in lines)
    p = subprocess.run([BIN, "stats", "--batch", *args], input=inp,
                       capture_output=True, text=True, env=env, timeout=600)
    if p.returncode != 0:
        sys.exit("steward stats --batch exited %d: %s" % (p.returncode, p.stderr))
    return [json.loads(l) for l in p.stdout.splitlines()]


def close(got, want, rtol=RTOL, atol=0.0):
    if want is None:
        return True
    if isinstance(want, (list, tuple, np.ndarray)):
        return len(got) == len(want) and all(close(g, w, rtol, atol) for g, w in zip(got, want))
    got, want = float(got), float(want)
    if math.isnan(want) or math.isnan(got):
        return math.isnan(want) and math.isnan(got)
    if math.isinf(want) or math.isinf(got):
        return got == want
    return abs(got - want) <= max(rtol * abs(want), atol, 1e-300)


class Cases:
    """Requests with the expected result keys (or an expected error)."""
    def __init__(self):
        self.items = []

    def add(self, fn, args, want=None, error=None, rtol=RTOL, atol=0.0, what=""):
        self.items.append((fn, {k: enc(v) for k, v in args.items()}, want, error,
                           rtol, atol, what))

    def run(self):
        global checked
        lines = [json.dumps({"id": i, "fn": fn, "args": a})
                 for i, (fn, a, *_rest) in enumerate(self.items)]
        t0 = time.time()
        answers = run_batch(lines)
        print("  %d requests answered in %.2f s" % (len(lines), time.time() - t0))
        if len(answers) != len(lines):
            failures.append("expected %d answers, got %d" % (len(lines), len(answers)))
            return
        for i, (ans, item) in enumerate(zip(answers, self.items)):
            fn, args, want, error, rtol, atol, what = item
            checked += 1
            if ans.get("id") != i:
                failures.append("answer %d has id %r" % (i, ans.get("id")))
            elif error is not None:
                if error not in ans.get("error", ""):
                    failures.append("%s %s: expected error containing %r, got %r"
                                    % (fn, what, error, ans))
            elif "error" in ans:
                failures.append("%s %s: unexpected error %r (args %s)"
                                % (fn, what, ans["error"], json.dumps(args)[:300]))
            else:
                res = ans["result"]
                for k, w in want.items():
                    if k not in res or not close(dec(res[k]), w, rtol, atol):
                        failures.append("%s %s: %s = %r, want %r (args %s)" % (
                            fn, what, k, res.get(k), w, json.dumps(args)[:300]))


# --------------------------------------------------------------- special
def special_cases(c):
    for x in [-40, -38.4, -37.5, -30, -10, -3, -1e-10, 0, 1e-300, 0.5, 2, 8, 20, 37]:
        c.add("norm_cdf", {"x": x}, {"value": sp.ndtr(x)})
        c.add("norm_sf", {"x": x}, {"value": sp.ndtr(-x)})
    c.add("norm_sf", {"x": float("inf")}, {"value": 0.0})
    c.add("norm_cdf", {"x": float("-inf")}, {"value": 0.0})
    c.add("norm_ppf", {"p": 2.0}, {"value": float("nan")})
    for p in [1e-300, 1e-100, 1e-20, 1e-5, 0.01, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.975, 1 - 1e-10]:
        c.add("norm_ppf", {"p": p}, {"value": sp.ndtri(p)})
    for df in [0.3, 1, 2, 3, 5.5, 10, 30, 100, 1e3, 1e5, 1e7, 1e9]:
        for x in [-1e5, -300, -40, -10, -3, -0.5, -1e-8, 0, 0.1, 1, 2.5, 7, 38]:
            c.add("t_cdf", {"x": x, "df": df}, {"value": sp.stdtr(df, x)}, what="df=%g" % df)
            c.add("t_sf", {"x": x, "df": df}, {"value": sp.stdtr(df, -x)}, what="df=%g" % df)
    # huge df: the t distribution is the normal to within x^4/(4 df)
    for df in [1e14, 1e16, 1e20]:
        for x in [-8, -3, -0.5, 2.5]:
            c.add("t_cdf", {"x": x, "df": df}, {"value": sp.ndtr(x)}, what="huge df")
    # closed forms for the t quantile (scipy's stdtrit is only ~1e-8 accurate
    # and clamps at 1e100 in the tails)
    for p in [1e-300, 1e-100, 1e-10, 0.01, 0.3, 0.5, 0.9, 1 - 1e-12]:
        q = min(p, 1 - p)
        c.add("t_ppf", {"p": p, "df": 1},
              {"value": 0.0 if p == 0.5 else math.copysign(1 / math.tan(math.pi * q), p - 0.5)},
              what="df=1")
        want2 = (2 * p - 1) / math.sqrt(2 * p * (1 - p))
        c.add("t_ppf", {"p": p, "df": 2}, {"value": want2}, rtol=1e-8 if p > 0.99 else RTOL,
              what="df=2")
    for df in [1e-3, 0.5, 2, 7.5, 100, 1e4, 1e8]:
        for x in [0, 1e-5, 0.5, 3, df * 0.9, df, df * 1.1, df * 3 + 10, 1e3]:
            c.add("chi2_cdf", {"x": x, "df": df}, {"value": sp.chdtr(df, x)}, what="df=%g" % df)
            c.add("chi2_sf", {"x": x, "df": df}, {"value": sp.chdtrc(df, x)}, what="df=%g" % df)
    for a in [1e-300, 1e-5, 0.1, 0.5, 1, 3.3, 10, 50, 200, 1e3, 1e4, 3e4, 1e5, 1e7, 1e10]:
        for f in [1e-3, 0.1, 0.5, 0.9, 0.99, 0.999, 1, 1.001, 1.01, 1.1, 2, 5, 30]:
            x = a * f
            # scipy's own asymptotic series is good to ~1e-9 only for a >= 1e7
            tol = 1e-8 if a >= 1e7 else RTOL
            c.add("gammainc", {"a": a, "x": x}, {"value": sp.gammainc(a, x)}, rtol=tol,
                  what="a=%g" % a)
            c.add("gammaincc", {"a": a, "x": x}, {"value": sp.gammaincc(a, x)}, rtol=tol,
                  what="a=%g" % a)
    for a in [1e-300, 1e-3, 0.5, 1, 2.5, 15, 100, 1e4]:
        for b in [0.5, 3, 20, 1e3]:
            m = a / (a + b)
            for x in [1e-300, 1e-10, 0.01, m * 0.5, m * 0.99, m, min(1 - 1e-16, m * 1.01), 0.5, 0.9]:
                if 0 <= x <= 1:
                    c.add("betainc", {"a": a, "b": b, "x": x}, {"value": sp.betainc(a, b, x)},
                          what="a=%g b=%g" % (a, b))
    c.add("betainc", {"a": 2, "b": 3, "x": 1.5}, {"value": float("nan")})
    # huge equal shapes: the beta is normal to O(1/(a+b)) around 1/2
    for a in [1e13, 1e15, 1e16]:
        sigma = math.sqrt(0.25 / (2 * a))
        for k in ([0, -1, -5, -20, 3] if a >= 1e15 else [0, -1, -5, 3]):   # error ~ k^4/(a+b)
            x = 0.5 + k * sigma
            c.add("betainc", {"a": a, "b": a, "x": x}, {"value": sp.ndtr((x - 0.5) / sigma)},
                  rtol=1e-9, what="huge shapes (closed form)")
    c.add("gammainc", {"a": -1, "x": 1}, {"value": float("nan")})


def mp_cases(c):
    """Where scipy 1.10 is wrong: compare with mpmath at 40 digits."""
    if mp is None:
        print("  mpmath missing: skipping the far-tail reference checks")
        return
    bet = lambda a, b, x: mp.betainc(a, b, 0, x, regularized=True)
    for (a, b, x) in [(15, 0.001, 0.9999333377774815), (100, 0.001, 0.9999900000999989),
                      (1e4, 0.001, 0.9999999000000099), (15, 20, 1e-10), (2, 1e-300, 0.5),
                      (50, 60, 0.3), (3955482.900560484, 0.1796276747537463, 0.9999994925338634),
                      (8351702.18391168, 17.39814185792281, 0.9999977079242138),
                      (63911872.151115105, 14.169693469423889, 0.9999996987246907)]:
        c.add("betainc", {"a": a, "b": b, "x": x}, {"value": float(bet(a, b, x))},
              what="mpmath (scipy is wrong here)")
    for (a, x) in [(1e7, 9.9e6), (1e-300, 1.0), (1e-300, 3.0), (0.7, 1.5), (3e4, 3.01e4),
                   (68.64480076251353, 0.0032080390482552425)]:
        c.add("gammainc", {"a": a, "x": x},
              {"value": float(mp.gammainc(a, 0, x, regularized=True))}, what="mpmath")
        c.add("gammaincc", {"a": a, "x": x},
              {"value": float(mp.gammainc(a, x, mp.inf, regularized=True))}, what="mpmath")
    # t far tails and quantiles (scipy.stats.t.ppf clamps at -1e100)
    for df, x in [(3, -1e5), (10, -40), (100, -40), (1000, -40), (0.3, -1e5)]:
        z = mp.mpf(df) / (df + mp.mpf(x) ** 2)
        c.add("t_cdf", {"x": x, "df": df}, {"value": float(bet(mp.mpf(df) / 2, 0.5, z) / 2)},
              what="mpmath far tail")


def mp_random_sweep():
    """Random shapes and points (seeded) against mpmath at 30 digits; the
    rare point mpmath cannot evaluate within 2 s is skipped."""
    if mp is None:
        return
    import random, signal
    r = random.Random(77)
    cases = []
    for i in range(80):
        a, b = 10 ** r.uniform(-3, 5), 10 ** r.uniform(-3, 5)
        m = a / (a + b)
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        x = min(max(m + r.uniform(-6, 6) * sd, 1e-300), 1 - 1e-16) if i % 2 else 10 ** r.uniform(-300, 0)
        cases.append(("betainc", {"a": a, "b": b, "x": x}))
    for i in range(80):
        a = 10 ** r.uniform(-4, 7)
        x = max(a + r.uniform(-20, 20) * math.sqrt(a), 0) if i % 2 else 10 ** r.uniform(-5, 3) * a
        cases.append(("gammainc" if i % 4 < 2 else "gammaincc", {"a": a, "x": x}))
    lines = [json.dumps({"id": i, "fn": fn, "args": a}) for i, (fn, a) in enumerate(cases)]
    signal.signal(signal.SIGALRM, lambda *a: (_ for _ in ()).throw(TimeoutError()))
    skipped = 0
    for ans, (fn, a) in zip(run_batch(lines), cases):
        signal.alarm(2)
        try:
            if fn == "betainc":
                ref = mp.betainc(a["a"], a["b"], 0, a["x"], regularized=True)
            elif fn == "gammainc":
                ref = mp.gammainc(a["a"], 0, a["x"], regularized=True)
            else:
                ref = mp.gammainc(a["a"], a["x"], mp.inf, regularized=True)
            ref = float(ref)
        except (TimeoutError, mp.libmp.NoConvergence):
            skipped += 1
            continue
        finally:
            signal.alarm(0)
        got = dec(ans["result"]["value"])
        if not close(got, ref, 1e-10):
            failures.append("%s(%s) = %r, mpmath %r" % (fn, a, got, ref))
    print("  random sweep against mpmath: %d points, %d skipped" % (len(cases), skipped))


def tppf_roundtrip():
    """Far-tail t quantiles: the mpmath cdf at our answer must give back p
    (scipy's stdtrit is only ~1e-8 accurate and clamps at -1e100)."""
    if mp is None:
        return
    cases = [(3, 1e-300), (10, 1e-300), (30, 1e-100), (100, 1e-300), (5.5, 1e-50),
             (0.7, 1e-200), (1e4, 1e-20), (4, 0.3), (50, 0.999)]
    lines = [json.dumps({"id": i, "fn": "t_ppf", "args": {"p": p, "df": df}})
             for i, (df, p) in enumerate(cases)]
    for ans, (df, p) in zip(run_batch(lines), cases):
        x = mp.mpf(dec(ans["result"]["value"]))
        z = mp.mpf(df) / (df + x * x)
        tail = mp.betainc(mp.mpf(df) / 2, 0.5, 0, z, regularized=True) / 2
        back = tail if x < 0 else 1 - tail
        # d log cdf / d log|x| is about df in the tail: allow for that
        tol = 1e-12 * max(1, df) * (1 + abs(float(x)) ** 0)
        small = min(p, 1 - p)
        if abs(float(back) - p) > max(tol, 1e-13) * small:
            failures.append("t_ppf(%g, df=%g) = %s: cdf there is %s" % (p, df, x, back))


# ----------------------------------------------------------------- tests
def variants(rng, base_a, base_b, offset_ok, exact=False):
    """(label, a, b, factor): scaled/offset copies whose answers follow from
    the base answers (statistics are scale and shift invariant). Paired
    rank tests need exact scaling (powers of two near 1e±300) so that ties
    among the differences survive."""
    big, tiny = (2.0 ** 996, 2.0 ** -996) if exact else (1e300, 1e-300)
    yield "base", base_a, base_b, 1.0
    yield "x1e300", base_a * big, base_b * big, big
    yield "x1e-300", base_a * tiny, base_b * tiny, tiny
    if offset_ok:
        yield "1e9+", base_a + 1e9, base_b + 1e9, None


def sample(rng, n, kind):
    if kind == "ties":
        return np.round(rng.normal(0, 2, n))
    if kind == "eighths":     # exact after adding 1e9
        return np.round(rng.normal(0, 3, n) * 8) / 8
    return rng.normal(0, 1, n) * rng.uniform(0.5, 3)


def welch_cases(c, rng):
    for i in range(40):
        na, nb = rng.integers(2, 40, size=2)
        kind = ["normal", "ties", "eighths"][i % 3]
        a = sample(rng, na, kind) + np.round(rng.normal(0, 1) * 8) / 8
        b = sample(rng, nb, kind)
        if np.var(a) + np.var(b) == 0:
            continue
        for alt in ["two-sided", "less", "greater"]:
            r = st.ttest_ind(a, b, equal_var=False, alternative=alt)
            sa, sb = np.var(a, ddof=1) / na, np.var(b, ddof=1) / nb
            df = (sa + sb) ** 2 / (sa ** 2 / (na - 1) + sb ** 2 / (nb - 1))
            for label, va, vb, _ in variants(rng, a, b, kind == "eighths"):
                c.add("welch_ttest", {"a": va, "b": vb, "alternative": alt},
                      {"statistic": r.statistic, "df": df, "pvalue": r.pvalue},
                      rtol=1e-9, what=label)
    c.add("welch_ttest", {"a": [1, 2, 3], "b": [4]}, error="b has 1 value")
    c.add("welch_ttest", {"a": [1, 1, 1], "b": [2, 2]}, error="zero variance")
    c.add("welch_ttest", {"a": [1, "nan", 3], "b": [2, 3]}, error="a[1] is NaN")
    c.add("welch_ttest", {"a": [1, 2], "b": [2, "inf"]}, error="b[1] is infinite")
    c.add("welch_ttest", {"a": [], "b": [2, 3]}, error="a is empty")
    c.add("welch_ttest", {"a": [1, 2]}, error="missing argument \"b\"")
    c.add("welch_ttest", {"a": [1, 2], "b": "x"}, error="must be an array")
    c.add("welch_ttest", {"a": [1, 2], "b": [1, 3], "alternative": "bigger"},
          error="alternative")


def mwu_cases(c, rng):
    for i in range(60):
        nx, ny = rng.integers(1, 12, size=2) if i % 2 else rng.integers(5, 40, size=2)
        kind = "ties" if i % 3 == 0 else "normal"
        x = sample(rng, nx, kind) + rng.normal(0, 0.7)
        y = sample(rng, ny, kind)
        for alt in ["two-sided", "less", "greater"]:
            for method in ["auto", "asymptotic", "exact"]:
                if method == "exact" and nx * ny > 600:
                    continue
                for cont in [True, False]:
                    r = st.mannwhitneyu(x, y, use_continuity=cont, alternative=alt, method=method)
                    for label, vx, vy, _ in variants(rng, x, y, False):
                        c.add("mann_whitney_u", {"x": vx, "y": vy, "alternative": alt,
                              "method": method, "use_continuity": cont},
                              {"statistic": r.statistic, "pvalue": r.pvalue}, what=label)
    same = [1.0, 2.0, 3.0]
    c.add("mann_whitney_u", {"x": [5, 5, 5], "y": [5, 5]}, {"statistic": 3, "pvalue": 1.0},
          what="all tied")
    c.add("mann_whitney_u", {"x": same, "y": same, "method": "exact"},
          {"statistic": 4.5, "pvalue": 1.0}, what="identical")
    c.add("mann_whitney_u", {"x": [], "y": [1]}, error="x is empty")
    c.add("mann_whitney_u", {"x": [1], "y": [1], "method": "magic"}, error="method")
    c.add("mann_whitney_u", {"x": [1], "y": [1], "use_continuity": "yes"}, error="true or false")


def wilcoxon_cases(c, rng):
    import warnings
    warnings.simplefilter("ignore")
    for i in range(50):
        n = int(rng.integers(2, 30)) if i % 2 else int(rng.integers(20, 80))
        kind = "ties" if i % 2 == 0 else "normal"
        x = sample(rng, n, kind)
        y = x - np.round(rng.normal(0.3, 1.5, n)) if kind == "ties" else x - rng.normal(0.3, 1, n)
        for zm in ["wilcox", "pratt", "zsplit"]:
            for alt in ["two-sided", "less", "greater"]:
                for method in ["auto", "exact", "approx"]:
                    for corr in [False, True]:
                        if corr and method == "exact":
                            continue
                        try:
                            r = st.wilcoxon(x, y, zero_method=zm, correction=corr,
                                            alternative=alt, method=method)
                        except ValueError:
                            continue
                        for label, vx, vy, _ in variants(rng, x, y, False, True):
                            c.add("wilcoxon_signed_rank",
                                  {"x": vx, "y": vy, "zero_method": zm, "correction": corr,
                                   "alternative": alt, "method": method},
                                  {"statistic": r.statistic, "pvalue": r.pvalue}, what=label)
    c.add("wilcoxon_signed_rank", {"x": [1, 2, 3], "y": [1, 2, 3]},
          {"statistic": 0, "pvalue": 1.0}, what="identical samples")
    c.add("wilcoxon_signed_rank", {"x": [1, 2, 3], "y": [1, 2]}, error="different lengths")
    c.add("wilcoxon_signed_rank", {"x": [1, "nan"], "y": [1, 2]}, error="x[1] is NaN")
    c.add("wilcoxon_signed_rank", {"x": [1, 2], "y": [1, 2], "zero_method": "drop"},
          error="zero_method")


def mcnemar_cases(c):
    for b, cc in [(0, 0), (0, 5), (3, 12), (12, 3), (7, 7), (10, 14), (20, 40), (100, 130),
                  (1, 1000), (0, 2000)]:
        want = st.binomtest(min(b, cc), b + cc, 0.5).pvalue if b + cc else 1.0
        c.add("mcnemar", {"b": b, "c": cc, "a": 10, "d": 4, "method": "exact"},
              {"pvalue": want}, what="exact %d,%d" % (b, cc))
        if b + cc:
            stat = (abs(b - cc) - 1) ** 2 / (b + cc)
            c.add("mcnemar", {"b": b, "c": cc, "method": "chi2"},
                  {"statistic": stat, "pvalue": st.chi2.sf(stat, 1)}, what="chi2")
            auto = want if b + cc < 25 else st.chi2.sf(stat, 1)
            c.add("mcnemar", {"b": b, "c": cc}, {"pvalue": auto}, what="auto")
    c.add("mcnemar", {"b": -1, "c": 3}, error="must be an integer")
    c.add("mcnemar", {"b": 1.5, "c": 3}, error="must be an integer")
    c.add("mcnemar", {"c": 3}, error="missing argument \"b\"")


def perm_stat(x, y, axis):
    return np.mean(x - y, axis=axis)


def permutation_cases(c, rng):
    for i in range(24):
        n = int(rng.integers(2, 13))
        x = sample(rng, n, "ties" if i % 3 == 0 else "normal")
        y = x - (np.round(rng.normal(0.5, 2, n)) if i % 3 == 0 else rng.normal(0.4, 1, n))
        for alt in ["two-sided", "less", "greater"]:
            r = st.permutation_test((x, y), perm_stat, permutation_type="samples",
                                    vectorized=True, n_resamples=np.inf, alternative=alt)
            for label, vx, vy, f in variants(rng, x, y, False, True):
                c.add("paired_permutation_test", {"x": vx, "y": vy, "alternative": alt},
                      {"statistic": r.statistic * f, "pvalue": r.pvalue}, rtol=1e-9,
                      what="exact " + label)
    same = [1.0, 2.0, 3.0, 4.0]
    c.add("paired_permutation_test", {"x": same, "y": same},
          {"statistic": 0.0, "pvalue": 1.0}, what="identical")
    c.add("paired_permutation_test", {"x": [3], "y": [1], "alternative": "greater"},
          {"statistic": 2.0, "pvalue": 0.5}, what="n=1")
    c.add("paired_permutation_test", {"x": [1, 2], "y": [1]}, error="different lengths")


def permutation_mc(rng):
    """n > 20: Monte Carlo; must be within sampling error of scipy's."""
    lines, want = [], []
    for i in range(6):
        n = 30 + 10 * i
        x = rng.normal(0, 1, n)
        y = x - rng.normal(0.25, 1, n)
        for alt in ["two-sided", "greater"]:
            r = st.permutation_test((x, y), perm_stat, permutation_type="samples",
                                    vectorized=True, n_resamples=9999, alternative=alt,
                                    random_state=i)
            lines.append(json.dumps({"id": len(lines), "fn": "paired_permutation_test",
                                     "args": {"x": list(x), "y": list(y), "alternative": alt,
                                              "n_resamples": 9999, "seed": 7}}))
            want.append(r.pvalue)
    for ans, w in zip(run_batch(lines), want):
        p = ans["result"]["pvalue"]
        se = math.sqrt(max(w * (1 - w), 1e-4) / 9999) * 2
        if abs(p - w) > 5 * se + 2e-4:
            failures.append("permutation MC: p = %g, scipy %g" % (p, w))


def bootstrap_checks(rng):
    lines, want = [], []
    for i in range(8):
        n = int(rng.integers(8, 120))
        x = rng.normal(0, 1, n)
        y = x - rng.normal(0.2, 1, n) * (1 + (i % 2) * rng.exponential(1, n))
        for method in ["percentile", "bca"]:
            r = st.bootstrap((x, y), perm_stat, paired=True, vectorized=True,
                             n_resamples=9999, method="BCa" if method == "bca" else method,
                             random_state=i, confidence_level=0.9)
            se = np.std(x - y, ddof=1) / math.sqrt(n)
            for scale in [1.0, 1e300, 1e-300]:
                args = {"x": list(x * scale), "y": list(y * scale), "confidence_level": 0.9,
                        "n_resamples": 9999, "seed": 11, "method": method}
                lines.append(json.dumps({"id": len(lines), "fn": "paired_bootstrap_ci",
                                         "args": args}))
                want.append((r.confidence_interval, np.mean(x - y), se, scale))
    answers = run_batch(lines)
    again = run_batch(lines)
    other = run_batch([l.replace('"seed": 11', '"seed": 12') for l in lines])
    for ans, ans2, ans3, (ci, est, se, scale) in zip(answers, again, other, want):
        res = ans["result"]
        if res != ans2["result"]:
            failures.append("bootstrap: same seed gave %r then %r" % (res, ans2["result"]))
        if res == ans3["result"]:
            failures.append("bootstrap: different seeds gave the same interval")
        if not close(res["estimate"], est * scale, 1e-12):
            failures.append("bootstrap estimate %r, want %r" % (res["estimate"], est * scale))
        for got, w in [(res["lo"], ci.low), (res["hi"], ci.high)]:
            if abs(got / scale - w) > 0.2 * se:
                failures.append("bootstrap bound %g vs scipy %g (se %g)" % (got / scale, w, se))
    one = run_batch([json.dumps({"id": 1, "fn": "paired_bootstrap_ci",
                                 "args": {"x": [1, 2, 3], "y": [1, 2, 3]}})])[0]
    if one.get("result") != {"lo": 0.0, "hi": 0.0, "estimate": 0.0}:
        failures.append("bootstrap of identical samples: %r" % one)


def adjust_cases(c, rng):
    def holm(p):
        p = np.asarray(p); m = len(p); o = np.argsort(p, kind="stable")
        adj = np.minimum(1, np.maximum.accumulate((m - np.arange(m)) * p[o]))
        out = np.empty(m); out[o] = adj; return out

    def bh(p):
        p = np.asarray(p); m = len(p); o = np.argsort(p, kind="stable")
        adj = np.minimum(1, np.minimum.accumulate((m / np.arange(1, m + 1) * p[o])[::-1])[::-1])
        out = np.empty(m); out[o] = adj; return out
    for i in range(20):
        m = int(rng.integers(1, 30))
        p = rng.uniform(0, 1, m) ** 3
        if i % 4 == 0:
            p[: m // 2] = p[0]  # ties
        c.add("holm", {"p": p}, {"adjusted": holm(p)})
        c.add("benjamini_hochberg", {"p": p}, {"adjusted": bh(p)})
    c.add("holm", {"p": [0.01, "nan"]}, error="holm: p[1] is NaN; p-values must be in [0, 1]")
    c.add("benjamini_hochberg", {"p": [0.01, 1.5]}, error="p[1] is 1.5")
    c.add("holm", {"p": []}, error="p is empty")


def effect_cases(c, rng):
    for i in range(30):
        na, nb = rng.integers(2, 50, size=2)
        kind = ["normal", "ties", "eighths"][i % 3]
        a = sample(rng, na, kind) + 0.5
        b = sample(rng, nb, kind)
        pooled = ((na - 1) * np.var(a, ddof=1) + (nb - 1) * np.var(b, ddof=1)) / (na + nb - 2)
        d = (np.mean(a) - np.mean(b)) / math.sqrt(pooled)
        delta = (np.sign(a[:, None] - b[None, :])).sum() / (na * nb)
        y = a - sample(rng, na, kind) * 0.5 - 0.25
        dz = np.mean(a - y) / np.std(a - y, ddof=1) if np.std(a - y) > 0 else None
        for label, va, vb, _ in variants(rng, a, b, kind == "eighths"):
            c.add("cohens_d", {"a": va, "b": vb}, {"d": d}, what=label)
            c.add("cliffs_delta", {"a": va, "b": vb}, {"delta": delta}, rtol=1e-15, what=label)
        if dz is not None:
            for label, vx, vy, _ in variants(rng, a, y, kind == "eighths"):
                c.add("cohens_dz", {"x": vx, "y": vy}, {"d": dz}, what=label)
    c.add("cohens_d", {"a": [1], "b": [2]}, error="at least 3")
    c.add("cohens_d", {"a": [1, 1], "b": [1, 1]}, error="zero")
    c.add("cohens_dz", {"x": [1, 2], "y": [1, 2]}, error="zero variance")
    c.add("cohens_dz", {"x": [1], "y": [1]}, error="x has 1 value")
    c.add("cohens_dz", {"x": [1, 2], "y": [1, 2, 3]}, error="different lengths")
    c.add("cliffs_delta", {"a": [1, "-inf"], "b": [1]}, error="a[1] is infinite")


# --------------------------------------------------------------- stream
def malformed_lines():
    lines = ['{"id": "a", "fn": "norm_cdf", "args": {"x": 0}}',
             'this is not json',
             '{"id": "b", "fn": "no_such_fn", "args": {}}',
             '{"id": "c", "fn": "t_cdf", "args": {"x": 1}}',
             '{"id": "d", "fn": "t_cdf", "args": {"x": "one", "df": 3}}',
             '[1, 2]',
             '{"id": "e", "fn": "welch_ttest", "args": 7}',
             '',
             '{"id": 42, "fn": "norm_sf", "args": {"x": "-inf"}}']
    ans = run_batch(lines)
    expect = [("a", "result"), (None, "not JSON"), ("b", "unknown fn"),
              ("c", "missing argument \"df\""), ("d", "must be a number"),
              (None, "must be a JSON object"), ("e", "\"args\" must be an object"),
              (42, "result")]
    if len(ans) != len(expect):
        failures.append("malformed: %d answers for %d request lines" % (len(ans), len(expect)))
        return
    for a, (id_, what) in zip(ans, expect):
        if a.get("id") != id_ or (what not in a and what not in a.get("error", "")):
            failures.append("malformed: got %r, expected id %r and %r" % (a, id_, what))
    if ans[-1].get("result") != {"value": 1.0}:
        failures.append("norm_sf(-inf) answered %r" % ans[-1])
    long = '{"id": 1, "fn": "holm", "args": {"p": [%s]}}' % ",".join(["0.5"] * 500)
    ans = run_batch([long, '{"id": 2, "fn": "norm_cdf", "args": {"x": 0}}'],
                    args=["--max-line", "1K"])
    if len(ans) != 2 or "longer than" not in ans[0].get("error", "") or \
            ans[1].get("result") != {"value": 0.5}:
        failures.append("over-long line: %r" % ans)


def rss_of(nlines):
    req = ['{"id": %d, "fn": "welch_ttest", "args": {"a": [1, 2, 3.5, %d], "b": [0, 1, 2]}}' % (i, i)
           for i in range(nlines)]
    inp = "\n".join(req) + "\n"
    code = ("import resource, subprocess, sys\n"
            "p = subprocess.run(sys.argv[1:], input=sys.stdin.buffer.read(), capture_output=True)\n"
            "n = p.stdout.count(b'\\n')\n"
            "print(p.returncode, n, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=4"
    out = subprocess.run([sys.executable, "-c", code, BIN, "stats", "--batch"], input=inp.encode(),
                         capture_output=True, env=env, timeout=600).stdout.split()
    return int(out[0]), int(out[1]), int(out[2])


def streaming_memory():
    t0 = time.time()
    rc, n, small = rss_of(1000)
    rc2, n2, big = rss_of(100000)
    print("  100,000-line batch: %.1f s, peak RSS %d KiB (1,000 lines: %d KiB)"
          % (time.time() - t0, big, small))
    if rc or rc2 or n != 1000 or n2 != 100000:
        failures.append("batch streaming: exit %d/%d, %d/%d answers" % (rc, rc2, n, n2))
    if big - small > 16 * 1024:
        failures.append("batch memory grows with the number of lines: %d KiB -> %d KiB"
                        % (small, big))


def main():
    rng = np.random.default_rng(20260401)
    c = Cases()
    special_cases(c)
    mp_cases(c)
    welch_cases(c, rng)
    mwu_cases(c, rng)
    wilcoxon_cases(c, rng)
    mcnemar_cases(c)
    permutation_cases(c, rng)
    adjust_cases(c, rng)
    effect_cases(c, rng)
    c.run()
    permutation_mc(rng)
    bootstrap_checks(rng)
    tppf_roundtrip()
    mp_random_sweep()
    malformed_lines()
    streaming_memory()
    for f in failures[:int(os.environ.get("ORACLE_SHOW", "60"))]:
        print("FAIL:", f)
    print("%d checked, %d failures" % (checked, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
