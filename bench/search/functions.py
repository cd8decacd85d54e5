"""Benchmark functions for bench/search, split into the TUNING set (the
functions TPE's and ASHA's settings were chosen on) and the HELD-OUT set
(frozen in its own commit before any tuning of issue 21, never used to
choose a setting; reported separately).

A function is a Space (typed parameters, rendered both as a steward space
file and as Optuna suggest_* calls), an objective on a params dict and its
known minimum. Curves (for the pruning bench) are objectives of
(params, step, rng) with a noiseless final value whose minimum is known.
"""
import itertools
import math
import random

import protocol as P


class Param:
    def __init__(self, name, kind, lo=None, hi=None, log=False, choices=()):
        self.name, self.kind, self.lo, self.hi = name, kind, lo, hi
        self.log, self.choices = log, list(choices)

    def steward(self):
        if self.kind == "choice":
            return "%s: choice(%s)" % (self.name, ", ".join(self.choices))
        if self.kind == "int":
            return "%s: int(%d, %d%s)" % (self.name, self.lo, self.hi,
                                          ", log" if self.log else "")
        dist = "loguniform" if self.log else "uniform"
        return "%s: %s(%r, %r)" % (self.name, dist, self.lo, self.hi)

    def suggest(self, trial):
        if self.kind == "choice":
            return trial.suggest_categorical(self.name, self.choices)
        if self.kind == "int":
            return trial.suggest_int(self.name, self.lo, self.hi, log=self.log)
        return trial.suggest_float(self.name, self.lo, self.hi, log=self.log)


def U(name, lo, hi):
    return Param(name, "float", lo, hi)


def LU(name, lo, hi):
    return Param(name, "float", lo, hi, log=True)


def I(name, lo, hi, log=False):
    return Param(name, "int", lo, hi, log=log)


def C(name, *choices):
    return Param(name, "choice", choices=choices)


def box(d, lo, hi):
    return [U("x%d" % i, lo, hi) for i in range(d)]


class Function:
    def __init__(self, name, params, fn, minimum, noise=0.0):
        self.name, self.params, self.fn = name, params, fn
        self.minimum, self.noise = minimum, noise

    def space_text(self):
        return "".join(p.steward() + "\n" for p in self.params)

    def suggest(self, trial):
        return {p.name: p.suggest(trial) for p in self.params}


# ---- tuning set (the functions bench.py always reported) -----------------

TUNING = [Function(n, [U("x%d" % i, lo, hi) for i, (lo, hi) in
                       enumerate(P.FUNCTIONS[n][2])],
                   P.FUNCTIONS[n][0], P.FUNCTIONS[n][3])
          for n in ("branin", "hartmann6", "rosenbrock5", "ackley5", "levy5")]


# Mixed-space tuning functions, added after the held-out set was frozen
# (tuning needs typed spaces too); different tables, shapes and sizes from
# the held-out ones.
_TR = random.Random(7)
_TCAT = [[_TR.uniform(0, 1) for _ in range(4)] for _ in range(4)]
_TCAT_PAIR = [[_TR.uniform(0, 0.5) for _ in range(4)] for _ in range(4)]


def tune_cat(p):
    idx = [int(p["c%d" % i][1:]) for i in range(4)]
    v = sum(_TCAT[i][a] for i, a in enumerate(idx))
    v += _TCAT_PAIR[idx[0]][idx[3]]
    return v + (p["z"] - 0.3 * idx[1]) ** 2


TUNE_CAT = [C("c%d" % i, "k0", "k1", "k2", "k3") for i in range(4)] + \
    [U("z", -1, 2)]
TUNE_CAT_MIN = min(
    sum(_TCAT[i][a] for i, a in enumerate(c)) + _TCAT_PAIR[c[0]][c[3]]
    for c in itertools.product(range(4), repeat=4))


def tune_int(p):
    return (sum((p["n%d" % i] - t) ** 2 for i, t in
                enumerate((4, 17, 25, 9))) / 10 + abs(p["w"] - 0.5))


TUNE_INT = [I("n%d" % i, 0, 30) for i in range(4)] + [U("w", 0, 1)]


def tune_mixed(p):
    shift = {"a": 0.0, "b": 1.0, "c": -1.0}[p["kind"]]
    v = (math.log10(p["rate"]) + 2 + 0.5 * shift) ** 2
    v += 0.1 * (p["width"] - 6 - 2 * shift) ** 2
    v += {"x": 0.2, "y": 0.0, "z": 0.5, "w": 0.3}[p["mode"]]
    return v + (p["u"] - 0.5 * shift) ** 2


TUNE_MIXED = [C("kind", "a", "b", "c"), C("mode", "x", "y", "z", "w"),
              I("width", 1, 12), LU("rate", 1e-4, 1), U("u", -2, 2)]

TUNING += [Function("tune_cat", TUNE_CAT, tune_cat, TUNE_CAT_MIN),
           Function("tune_int", TUNE_INT, tune_int, 0.0),
           Function("tune_mixed", TUNE_MIXED, tune_mixed, 0.0)]


# ---- held-out set: frozen before tuning -----------------------------------

_H3A = [[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]]
_H3P = [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547],
        [381, 5743, 8828]]


def hartmann3(p):
    x = [p["x%d" % i] for i in range(3)]
    total = 0.0
    for i in range(4):
        inner = sum(_H3A[i][j] * (x[j] - _H3P[i][j] * 1e-4) ** 2
                    for j in range(3))
        total += P._HALPHA[i] * math.exp(-inner)
    return -total


def styblinski(p):
    return sum(0.5 * (v ** 4 - 16 * v * v + 5 * v)
               for v in (p["x%d" % i] for i in range(len(p))))


def levy_n(p):
    return P.levy(p)


# A network-training stand-in on a mixed space: log learning rate with an
# optimum that depends on the optimizer, log batch size interacting with
# the learning rate, integer depth, categorical activation and optimizer,
# dropout and log weight decay. Minimum 0 by construction.
_OPT_LR = {"adam": -3.0, "sgd": -1.5, "rmsprop": -3.5, "adagrad": -2.0}
_OPT_COST = {"adam": 0.0, "sgd": 0.15, "rmsprop": 0.05, "adagrad": 0.3}
_ACT_COST = {"relu": 0.05, "tanh": 0.25, "gelu": 0.0, "sigmoid": 0.6}


def mixed_net(p):
    lr, opt = math.log10(p["lr"]), p["opt"]
    best_lr = _OPT_LR[opt] + 0.5 * (math.log2(p["batch"]) - 6) / 3
    v = 0.4 * (lr - best_lr) ** 2 + _OPT_COST[opt] + _ACT_COST[p["act"]]
    v += 0.08 * (p["layers"] - 5) ** 2 / (1 + (p["act"] == "relu"))
    v += 2.0 * (p["dropout"] - 0.1 * p["layers"] / 4) ** 2
    v += 0.05 * (math.log10(p["wd"]) + 4) ** 2
    return v


MIXED_NET = [LU("lr", 1e-5, 1), I("batch", 16, 512, log=True),
             I("layers", 1, 8), C("opt", "adam", "sgd", "rmsprop", "adagrad"),
             C("act", "relu", "tanh", "gelu", "sigmoid"),
             U("dropout", 0, 0.5), LU("wd", 1e-7, 1e-1)]

# Categorical-heavy: six 5-way choices with per-choice costs and costs on
# neighbouring pairs, plus two floats whose optimum depends on the first
# choice. Tables from a fixed seed; the minimum is found exhaustively.
_CR = random.Random(20261206)
_CAT_N, _CAT_K = 6, 5
_CAT_UNARY = [[_CR.uniform(0, 1) for _ in range(_CAT_K)]
              for _ in range(_CAT_N)]
_CAT_PAIR = [[[_CR.uniform(0, 0.6) for _ in range(_CAT_K)]
              for _ in range(_CAT_K)] for _ in range(_CAT_N - 1)]
_CAT_T = [_CR.uniform(-1, 1) for _ in range(_CAT_K)]
_CAT_NAMES = ["v%d" % k for k in range(_CAT_K)]


def _cat_discrete(idx):
    v = sum(_CAT_UNARY[i][a] for i, a in enumerate(idx))
    return v + sum(_CAT_PAIR[i][idx[i]][idx[i + 1]]
                   for i in range(_CAT_N - 1))


def cat_heavy(p):
    idx = [_CAT_NAMES.index(p["c%d" % i]) for i in range(_CAT_N)]
    t = _CAT_T[idx[0]]
    return _cat_discrete(idx) + (p["y0"] - t) ** 2 + 0.5 * (p["y1"] + t) ** 2


CAT_HEAVY = [C("c%d" % i, *_CAT_NAMES) for i in range(_CAT_N)] + \
    [U("y0", -2, 2), U("y1", -2, 2)]
CAT_HEAVY_MIN = min(_cat_discrete(c) for c in
                    itertools.product(range(_CAT_K), repeat=_CAT_N))

# Integer: a separable rugged bowl on integers, targets off the lattice.
_INT_T = [3.3, -7.6, 11.2, 0.4, -14.8]


def _int_term(k, t):
    return 0.05 * (k - t) ** 2 + 1.5 * (1 - math.cos(2 * math.pi * k / 6))


def int_bowl(p):
    return sum(_int_term(p["k%d" % i], t) for i, t in enumerate(_INT_T))


INT_BOWL = [I("k%d" % i, -20, 20) for i in range(len(_INT_T))]
INT_BOWL_MIN = sum(min(_int_term(k, t) for k in range(-20, 21))
                   for t in _INT_T)

# Log-scaled: Rosenbrock on log10 of four loguniform(1e-4, 1e2) params
# (optimum at 10**1 each: log10 x = 1) plus a log int.


def log_rosen(p):
    z = [math.log10(p["a%d" % i]) for i in range(4)]
    v = sum(100 * (z[i + 1] - z[i] ** 2) ** 2 + (1 - z[i]) ** 2
            for i in range(3))
    return v + 0.5 * (math.log2(p["n"]) - 7) ** 2


LOG_ROSEN = [LU("a%d" % i, 1e-4, 1e2) for i in range(4)] + \
    [I("n", 1, 1024, log=True)]


# Noisy: Hartmann-3 observed with N(0, 0.1) noise (regret judged on the
# noiseless value of the trial with the best observed value).

HELDOUT = [
    Function("hartmann3", box(3, 0, 1), hartmann3, -3.86278214782076),
    Function("styblinski8", box(8, -5, 5), styblinski,
             8 * -39.16616570377142),
    Function("levy10", box(10, -10, 10), levy_n, 0.0),
    Function("mixed_net", MIXED_NET, mixed_net, 0.0),
    Function("cat_heavy", CAT_HEAVY, cat_heavy, CAT_HEAVY_MIN),
    Function("int_bowl", INT_BOWL, int_bowl, INT_BOWL_MIN),
    Function("log_rosen", LOG_ROSEN, log_rosen, 0.0),
    Function("noisy_hartmann3", box(3, 0, 1), hartmann3, -3.86278214782076,
             noise=0.1),
]


# ---- learning curves for the pruning bench --------------------------------
# value(p, step) = final(p) + shape(p, step) + noise(step); shape is 0 at
# the last step, so the noiseless final value is final(p) and the regret
# of a search is final(p_best) - min final.

class Curve:
    def __init__(self, name, base, shape, noise):
        self.name, self.base, self.shape, self.noise = name, base, shape, noise

    def value(self, p, step, max_step, rng):
        return (self.base.fn(p) + self.shape(p, step, max_step) +
                self.noise(step, max_step) * rng.gauss(0, 1))


def _u(p):
    """A [0, 1] summary of the params that drives the curve's speed."""
    vals = []
    for k in sorted(p):
        v = p[k]
        if isinstance(v, str):
            v = (sum(map(ord, v)) % 7) / 6
        vals.append(v)
    return (math.sin(sum(vals) * 3.7) + 1) / 2


def shape_quadratic(p, s, S):
    return 0.5 * (1 - s / S) ** 2


def shape_exp(p, s, S):
    tau = 2 + 10 * _u(p)            # some configurations converge slowly
    return 1.5 * (math.exp(-s / tau) - math.exp(-S / tau))


def shape_power(p, s, S):
    a = 0.3 + 0.7 * _u(p)
    return 2.0 * (s ** -a - S ** -a)


def shape_crossing(p, s, S):
    # late bloomers: the better the final value, the slower the start
    f = p["_final"]
    return (1.0 - 0.25 * f) * (1 - s / S) ** 1.5


def noise_shrinking(s, S):
    return 0.3 / math.sqrt(s)


def noise_flat(s, S):
    return 0.15


def noise_heavy_early(s, S):
    return 0.8 / s


class CrossingCurve(Curve):
    def value(self, p, step, max_step, rng):
        q = dict(p)
        q["_final"] = self.base.fn(p) - self.base.minimum
        return (q["_final"] + self.base.minimum +
                self.shape(q, step, max_step) +
                self.noise(step, max_step) * rng.gauss(0, 1))


_H6 = TUNING[1]
_BRANIN = TUNING[0]
_BRANIN_SCALED = Function("branin", _BRANIN.params,
                          lambda p: P.branin(p) / 10, _BRANIN.minimum / 10)

_LEVY5_SCALED = Function("levy5", TUNING[4].params,
                         lambda p: P.levy(p) / 10, 0.0)

CURVES_TUNING = [Curve("hartmann6-quad", _H6, shape_quadratic,
                       noise_shrinking),
                 # added after the freeze, for tuning (steward-only runs)
                 Curve("hartmann6-power", _H6, shape_power, noise_flat),
                 Curve("levy5-exp", _LEVY5_SCALED, shape_exp,
                       noise_shrinking)]

CURVES_HELDOUT = [
    Curve("hartmann3-exp", HELDOUT[0], shape_exp, noise_shrinking),
    Curve("mixed_net-power", HELDOUT[3], shape_power, noise_flat),
    CrossingCurve("hartmann6-crossing", _H6, shape_crossing,
                  noise_heavy_early),
    Curve("branin-exp-heavy", _BRANIN_SCALED, shape_exp, noise_heavy_early),
]

BY_NAME = {f.name: f for f in TUNING + HELDOUT}
CURVES = {c.name: c for c in CURVES_TUNING + CURVES_HELDOUT}
