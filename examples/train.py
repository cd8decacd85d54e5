#!/usr/bin/env python3
"""train.py — the Python twin of examples/train.c, using python/steward.py.

The same linear classifier fitted by full-batch gradient descent on squared
loss over the same generated data (the same generator, so the same numbers
as the C trainer for the same parameters), its parameters from
steward.params(), one metrics line per epoch through steward.log(), and an
early stop when steward.should_stop() says so, and the
weights kept with steward.artifact(). By hand it runs as well:
`python3 examples/train.py --epochs 20`.
"""
import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "python"))
import steward  # noqa: E402

N_EXAMPLES, N_FEATURES = 256, 8
MASK = (1 << 64) - 1


class Rng:
    """The C trainer's 64-bit linear congruential generator."""

    def __init__(self, seed):
        self.state = int(seed) & MASK

    def uniform(self):
        self.state = (self.state * 6364136223846793005 +
                      1442695040888963407) & MASK
        return (self.state >> 11) / 9007199254740992.0


def make_data(rng):
    w_true = [rng.uniform() * 4 - 2 for _ in range(N_FEATURES)]
    x, t = [], []
    for _ in range(N_EXAMPLES):
        row = [rng.uniform() * 10 - 5 for _ in range(N_FEATURES)]
        z = sum(w * v for w, v in zip(w_true, row))
        x.append(row)
        t.append(1 if z + (rng.uniform() - 0.5) * 8 > 0 else -1)
    return x, t


def epoch(x, t, w, lr, l2):
    """One full-batch step; returns the loss before it and the accuracy."""
    grad, loss, correct = [0.0] * N_FEATURES, 0.0, 0
    for row, target in zip(x, t):
        z = sum(wj * v for wj, v in zip(w, row))
        loss += (z - target) * (z - target) / 2 / N_EXAMPLES
        correct += (1 if z > 0 else -1) == target
        for j in range(N_FEATURES):
            grad[j] += (z - target) * row[j] / N_EXAMPLES
    for j in range(N_FEATURES):
        w[j] -= lr * (grad[j] + l2 * w[j])
    return loss, correct / N_EXAMPLES


def options(p):
    args = sys.argv[1:]
    for i, a in enumerate(args[:-1]):
        if a == "--epochs":
            p["epochs"] = int(args[i + 1])
        if a == "--sleep-ms":
            p["sleep_ms"] = int(args[i + 1])
    return p


def main():
    p = options(steward.params(lr=0.01, l2=0.0, seed=1, epochs=200,
                               sleep_ms=0))
    steward.stop_on_sigterm()
    x, t = make_data(Rng(p["seed"]))
    w = [0.0] * N_FEATURES
    print("training: lr=%g l2=%g epochs=%d" % (p["lr"], p["l2"],
                                               p["epochs"]), flush=True)
    for e in range(1, p["epochs"] + 1):
        try:
            loss, acc = epoch(x, t, w, p["lr"], p["l2"])
        except OverflowError:
            loss, acc = math.inf, 0.0
        if e % 10 == 0 or e == 1 or not math.isfinite(loss):
            print("epoch %d loss %.4g acc %.3f" % (e, loss, acc), flush=True)
        steward.log(step=e, loss=loss, val_acc=round(acc, 4))
        if steward.should_stop():
            print("stopping early at epoch %d" % e, flush=True)
            break
        time.sleep(p["sleep_ms"] / 1000)
    if steward.inside():   # by hand, leave no file behind
        with open("weights.json", "w") as f:
            json.dump({"w": w, "epochs": e}, f)
        steward.artifact("weights.json")


if __name__ == "__main__":
    main()
