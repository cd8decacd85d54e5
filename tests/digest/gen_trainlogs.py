#!/bin/sh
# Runs itself with Debian's python3, or $STEWARD_PYTHON.
''''exec "${STEWARD_PYTHON:-/usr/bin/python3}" "$0" "$@" # '''
"""Synthetic training logs whose metrics live only in the log text.

    gen_trainlogs.py OUTDIR [SEED...]

writes OUTDIR/<dialect>-<case>-<seed>.log for six dialects (tqdm
postfixes, Hugging Face Trainer dicts, Megatron-style pipes, Keras
progress bars, plain key=value logging, nanoGPT) and three cases
(healthy, diverging, nan). These were written before the log-metrics
extractor was tuned, as its test material; tests/digest/logmetrics.py
digests them and checks that divergence and NaN are found in the bad logs
and nothing at all in the healthy ones.

What makes them realistic, and hard:
  - per-batch noise (multiplicative, with rare 2-3x batch spikes), a
    warm-up phase where the loss may rise before it falls, lr warm-up and
    cosine decay, throughput that climbs while kernels compile, epoch
    counters, fp16 loss scales that halve and double;
  - tqdm updates separated by '\\r' on one physical line, interleaved
    warnings, config dumps, checkpoint lines, eval lines whose loss is
    higher than the training loss;
  - healthy runs that converge close to zero, where relative noise is
    large.
A diverging run climbs from its best (0.3-1.2) to several hundred; a NaN
run turns NaN at a random point and either keeps logging NaN or stops.
"""
import math
import os
import random
import sys

DIALECTS = ["tqdm", "hf", "megatron", "keras", "kv", "nanogpt"]
CASES = ["healthy", "diverging", "nan"]


class Curve:
    """The loss of a run: exponential decay to a floor, per-batch noise,
    and the injected failure."""

    def __init__(self, rnd, steps, case):
        self.rnd, self.steps, self.case = rnd, steps, case
        self.l0 = rnd.uniform(2.0, 11.0)
        self.floor = rnd.choice([rnd.uniform(0.3, 1.2),
                                 rnd.uniform(0.005, 0.05)])
        self.tau = steps * rnd.uniform(0.08, 0.3)
        self.noise = rnd.uniform(0.02, 0.25)
        self.bump = rnd.random() < 0.4     # rises during warm-up first
        self.start = int(steps * rnd.uniform(0.4, 0.7))
        self.top = rnd.uniform(300, 900)
        self.rate = math.log(self.top / self.clean(self.start)) / \
            max(10, int((steps - self.start) * rnd.uniform(0.5, 0.9)))

    def clean(self, step):
        v = self.floor + (self.l0 - self.floor) * math.exp(-step / self.tau)
        if self.bump and step < self.steps * 0.05:
            v *= 1 + 0.3 * math.sin(math.pi * step / (self.steps * 0.05))
        return v

    def __call__(self, step):
        v = self.clean(step) * math.exp(self.rnd.gauss(0, self.noise))
        if self.rnd.random() < 0.01:
            v *= self.rnd.uniform(1.5, 3.0)     # a bad batch
        if self.case == "diverging" and step >= self.start:
            best = self.clean(self.start)
            climb = min(self.top, best * math.exp(self.rate *
                                                  (step - self.start)))
            v = max(v, climb * math.exp(self.rnd.gauss(0, 0.1)))
        if self.case == "nan" and step >= self.start:
            return float("nan")
        return v

    def nan_stops(self, step):
        """A NaN run that stops logging some steps after the NaN."""
        return self.case == "nan" and step > self.start + 40 and \
            self.rnd.random() < 0.05


def lr_at(step, steps, peak):
    warm = max(1, steps // 10)
    if step < warm:
        return peak * (step + 1) / warm
    return peak * 0.5 * (1 + math.cos(math.pi * (step - warm) /
                                      max(1, steps - warm)))


def throughput(rnd, step, top):
    return top * (1 - math.exp(-step / 15)) * rnd.uniform(0.95, 1.05) + 1


def stamp(t):
    s = int(t)
    return "2024-05-%02d %02d:%02d:%02d,%03d" % (
        1 + s // 86400, s // 3600 % 24, s // 60 % 60, s % 60,
        int((t - s) * 1000))


def fmt(v, spec):
    if math.isnan(v):
        return "nan"
    return format(v, spec)


def config_dump(rnd, out, prefix=""):
    keys = ["batch_size", "hidden_size", "num_layers", "num_heads",
            "dropout", "weight_decay", "seed", "max_steps", "warmup_ratio",
            "grad_accum"]
    for k in keys:
        v = rnd.choice([rnd.randint(1, 4096), round(rnd.random(), 3)])
        out.append(f"{prefix}{k}: {v}")


def warning(rnd):
    return rnd.choice([
        "/usr/lib/python3/dist-packages/torch/utils/data/dataloader.py:557:"
        " UserWarning: This DataLoader will create 8 worker processes",
        "[W reducer.cpp:1300] Warning: find_unused_parameters=True was "
        "specified in DDP constructor",
        "huggingface/tokenizers: The current process just got forked, "
        "after parallelism has already been used.",
    ])


# ---- dialects ------------------------------------------------------------

TQDM_BLOCKS = " ▏▎▍▌▋▊▉█"


def tqdm_bar(i, n, width=10):
    frac = i / n
    full = int(frac * width)
    part = int((frac * width - full) * 8)
    bar = "█" * full + (TQDM_BLOCKS[part] if full < width else "")
    return bar.ljust(width)


def gen_tqdm(rnd, case):
    out = ["Using device: cuda:0"]
    config_dump(rnd, out)
    epochs, per = rnd.randint(6, 12), rnd.choice([50, 100, 200])
    curve = Curve(rnd, epochs * per, case)
    peak = rnd.choice([3e-4, 1e-3, 5e-5])
    t = 0.0
    for e in range(epochs):
        segs = []
        for i in range(per + 1):
            step = e * per + i
            t += rnd.uniform(0.05, 0.2)
            rate = throughput(rnd, step, 12)
            post = ""
            if i > 0:
                post = f", loss={fmt(curve(step), '.4f')}, " \
                       f"lr={lr_at(step, epochs * per, peak):.2e}"
            rem = (per - i) / rate
            segs.append(f"Epoch {e}: {int(100 * i / per):3d}%|"
                        f"{tqdm_bar(i, per)}| {i}/{per} "
                        f"[{int(t) // 60:02d}:{int(t) % 60:02d}<"
                        f"{int(rem) // 60:02d}:{int(rem) % 60:02d}, "
                        f"{rate:.2f}it/s{post}]")
            if i == per // 2 and rnd.random() < 0.3:
                out.append("\r".join(segs))
                out.append(warning(rnd))
                segs = []
            if curve.nan_stops(step):
                out.append("\r".join(segs))
                return out
        out.append("\r".join(segs))
        vl = curve.clean((e + 1) * per) * rnd.uniform(1.05, 1.3)
        if case != "healthy" and (e + 1) * per > curve.start:
            vl = curve((e + 1) * per)
        out.append(f"Validation: val_loss={fmt(vl, '.4f')} "
                   f"val_acc={rnd.uniform(0.6, 0.9):.4f}")
        out.append(f"Saved checkpoint to ckpt/epoch_{e}.pt")
    return out


def gen_hf(rnd, case):
    steps = rnd.choice([500, 1000, 1500])
    every = rnd.choice([10, 25, 50])
    out = ["[INFO|trainer.py:1721] 2024-03-01 10:00:00,123 >> ***** Running "
           "training *****",
           f"[INFO|trainer.py:1722] 2024-03-01 10:00:00,123 >>   Num examples"
           f" = {rnd.randint(1000, 99999):,}",
           f"[INFO|trainer.py:1723] 2024-03-01 10:00:00,123 >>   Num Epochs "
           f"= 3",
           f"[INFO|trainer.py:1727] 2024-03-01 10:00:00,124 >>   Total "
           f"optimization steps = {steps}"]
    curve = Curve(rnd, steps, case)
    peak = rnd.choice([5e-5, 2e-5, 1e-4])
    segs = [f"  0%|          | 0/{steps} [00:00<?, ?it/s]"]
    for step in range(1, steps + 1):
        segs.append(f"{int(100 * step / steps):3d}%|"
                    f"{tqdm_bar(step, steps)}| {step}/{steps} "
                    f"[00:{step % 60:02d}<01:00, {rnd.uniform(1, 9):.2f}it/s]")
        if step % every == 0:
            loss = sum(curve(s) for s in range(step - every + 1, step + 1)) \
                / every
            gn = rnd.uniform(0.5, 4) if not math.isnan(loss) else \
                float("nan")
            out.append("\r".join(segs))
            segs = []
            out.append(f"{{'loss': {fmt(loss, '.4f')}, 'grad_norm': "
                       f"{fmt(gn, '.4f')}, 'learning_rate': "
                       f"{lr_at(step, steps, peak)!r}, 'epoch': "
                       f"{round(3 * step / steps, 2)}}}")
        if step % (steps // 3) == 0:
            vl = curve.clean(step) * rnd.uniform(1.05, 1.2)
            if case != "healthy" and step > curve.start:
                vl = curve(step)
            out.append("\r".join(segs))
            segs = []
            out.append(f"{{'eval_loss': {fmt(vl, '.4f')}, 'eval_accuracy': "
                       f"{rnd.uniform(0.6, 0.9):.4f}, 'eval_runtime': "
                       f"{rnd.uniform(3, 9):.4f}, 'eval_samples_per_second':"
                       f" {rnd.uniform(100, 400):.3f}, 'epoch': "
                       f"{round(3 * step / steps, 1)}}}")
            out.append(f"[INFO|trainer.py:2985] Saving model checkpoint to "
                       f"out/checkpoint-{step}")
        if curve.nan_stops(step) and "'loss': nan" in out[-1]:
            break
    out.append("\r".join(segs))
    out.append(f"{{'train_runtime': {rnd.uniform(100, 900):.4f}, "
               f"'train_samples_per_second': {rnd.uniform(10, 90):.3f}, "
               f"'train_loss': {fmt(curve.clean(steps), '.4f')}, "
               f"'epoch': 3.0}}")
    return out


def gen_megatron(rnd, case):
    steps = rnd.choice([300, 600, 1000])
    every = rnd.choice([1, 5, 10])
    curve = Curve(rnd, steps * every, case)
    out = ["using world size: 8, data-parallel size: 2, tensor-model-parallel"
           " size: 4", "> building GPT2BPETokenizer tokenizer ..."]
    scale, t = 65536.0, 0.0
    for it in range(1, steps + 1):
        i = it * every
        loss = curve(i)
        skipped = 0
        if rnd.random() < 0.02 and i < steps * every // 5:
            scale /= 2
            skipped = 1
        elif it % 200 == 0:
            scale *= 2
        nanit = 1 if math.isnan(loss) else 0
        t += 1
        out.append(f"[{stamp(t)}] iteration {i:8d}/{steps * every:8d} | "
                   f"consumed samples: {i * 128:12d} | elapsed time per "
                   f"iteration (ms): {rnd.uniform(400, 600):.1f} | learning "
                   f"rate: {lr_at(i, steps * every, 3e-4):.3E} | global batch"
                   f" size:   128 | lm loss: {fmt(loss, '.6E')} | loss scale:"
                   f" {scale:.1f} | grad norm: "
                   f"{fmt(rnd.uniform(0.5, 3) if not nanit else loss, '.3f')}"
                   f" | number of skipped iterations: {skipped:3d} | number "
                   f"of nan iterations: {nanit:3d} |")
        if it % 100 == 0:
            vl = curve.clean(i) * rnd.uniform(1.02, 1.1)
            if case != "healthy" and i > curve.start:
                vl = curve(i)
            out.append("-" * 80)
            out.append(f" validation loss at iteration {i} | lm loss value:"
                       f" {fmt(vl, '.6E')} | lm loss PPL: "
                       f"{fmt(math.exp(min(vl, 700)), '.6E')} |")
            out.append("-" * 80)
            out.append(f"saving checkpoint at iteration {i:7d} to "
                       f"checkpoints/gpt")
        if curve.nan_stops(i):
            break
    return out


def keras_bar(i, n):
    if i >= n:
        return "=" * 30
    k = int(30 * i / n)
    return "=" * k + ">" + "." * (29 - k)


def gen_keras(rnd, case):
    epochs, per = rnd.randint(8, 20), rnd.choice([100, 313, 469])
    curve = Curve(rnd, epochs * 20, case)
    out = ["Model: \"sequential\"", "_" * 65,
           " Layer (type)                Output Shape              Param #",
           "=" * 65, " dense (Dense)               (None, 128)"
           "               100480", "=" * 65,
           "Total params: 101,770", "Trainable params: 101,770"]
    for e in range(epochs):
        out.append(f"Epoch {e + 1}/{epochs}")
        segs = []
        acc = 0.5
        for j in range(20):
            i = (j + 1) * per // 20
            loss = curve(e * 20 + j)
            acc = min(0.99, 0.5 + 0.45 * (1 - math.exp(-(e * 20 + j) / 60)))
            if j < 19:
                segs.append(f"{i:4d}/{per} [{keras_bar(i, per)}] - ETA: "
                             f"{rnd.randint(1, 30)}s - loss: "
                             f"{fmt(loss, '.4f')} - accuracy: {acc:.4f}")
        vl = curve.clean(e * 20 + 20) * rnd.uniform(1.05, 1.3)
        if case != "healthy" and e * 20 + 20 > curve.start:
            vl = curve(e * 20 + 20)
        segs.append(f"{per}/{per} [{keras_bar(per, per)}] - "
                    f"{rnd.randint(2, 9)}s {rnd.randint(5, 30)}ms/step - "
                    f"loss: {fmt(loss, '.4f')} - accuracy: {acc:.4f} - "
                    f"val_loss: {fmt(vl, '.4f')} - val_accuracy: "
                    f"{acc - 0.03:.4f}")
        out.append("\r".join(segs))
        if curve.nan_stops(e * 20 + 20):
            break
    return out


def gen_kv(rnd, case):
    steps = rnd.choice([400, 800, 2000])
    curve = Curve(rnd, steps, case)
    out = []
    t = 0.0
    config_dump(rnd, out, prefix=f"{stamp(t)} INFO config ")
    for step in range(1, steps + 1):
        t += rnd.uniform(0.5, 1.5)
        out.append(f"{stamp(t)} INFO train step={step} epoch={step // 200} "
                   f"loss={fmt(curve(step), '.5f')} "
                   f"lr={lr_at(step, steps, 1e-3):.6f} "
                   f"grad_norm={rnd.uniform(0.3, 2.5):.3f} "
                   f"throughput={throughput(rnd, step, 2400):.1f} samples/s")
        if rnd.random() < 0.01:
            out.append(f"{stamp(t)} WARNING data: skipped "
                       f"{rnd.randint(1, 9)} corrupt samples in shard "
                       f"{rnd.randint(0, 255)}")
        if step % 200 == 0:
            vl = curve.clean(step) * rnd.uniform(1.05, 1.2)
            if case != "healthy" and step > curve.start:
                vl = curve(step)
            out.append(f"{stamp(t)} INFO eval step={step} "
                       f"val_loss={fmt(vl, '.5f')} "
                       f"val_acc={rnd.uniform(0.5, 0.9):.4f}")
        if curve.nan_stops(step):
            break
    return out


def gen_nanogpt(rnd, case):
    steps = rnd.choice([500, 1000, 2000])
    curve = Curve(rnd, steps, case)
    out = ["tokens per iteration will be: 491,520",
           "found vocab_size = 65 (inside data/shakespeare_char/meta.pkl)",
           "Initializing a new model from scratch",
           "number of parameters: 10.65M",
           "using fused AdamW: True", "compiling the model... (takes a ~minute)"]
    for it in range(steps + 1):
        if it % 250 == 0:
            tl = curve.clean(it) * rnd.uniform(0.98, 1.02)
            vl = tl * rnd.uniform(1.02, 1.15)
            if case != "healthy" and it > curve.start:
                tl = curve(it)
                vl = tl * 1.05
            out.append(f"step {it}: train loss {fmt(tl, '.4f')}, val loss "
                       f"{fmt(vl, '.4f')}")
            out.append("saving checkpoint to out-shakespeare-char")
        ms = 12000.0 if it == 0 else rnd.uniform(40, 60)
        mfu = -100.0 if it < 5 else rnd.uniform(10, 40) * \
            (1 - math.exp(-it / 20))
        if it % 10 == 0:
            out.append(f"iter {it}: loss {fmt(curve(it), '.4f')}, time "
                       f"{ms:.2f}ms, mfu {mfu:.2f}%")
        if curve.nan_stops(it):
            break
    return out


GEN = {"tqdm": gen_tqdm, "hf": gen_hf, "megatron": gen_megatron,
       "keras": gen_keras, "kv": gen_kv, "nanogpt": gen_nanogpt}


def generate(outdir, seed):
    os.makedirs(outdir, exist_ok=True)
    paths = []
    for d in DIALECTS:
        for c in CASES:
            rnd = random.Random(f"{d}-{c}-{seed}")
            lines = GEN[d](rnd, c)
            p = os.path.join(outdir, f"{d}-{c}-{seed}.log")
            with open(p, "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            paths.append((d, c, p))
    return paths


def main():
    outdir = sys.argv[1]
    seeds = [int(s) for s in sys.argv[2:]] or [1]
    for s in seeds:
        generate(outdir, s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
