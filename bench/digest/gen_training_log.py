#!/usr/bin/python3
"""Writes a synthetic training log of about SIZE_MB megabytes to PATH:
placeholder-heavy lines (steps, losses, rates, ids, paths, hex), a few
dozen templates, so the miner's worst realistic case is measured.

usage: gen_training_log.py PATH SIZE_MB [SEED]
"""
import random
import sys


def lines(rnd):
    step = 0
    t = 1764670000.0
    while True:
        step += 1
        t += rnd.uniform(0.05, 0.2)
        ts = f"2026-12-02T{int(t) // 3600 % 24:02d}:{int(t) // 60 % 60:02d}:" \
             f"{t % 60:06.3f}Z"
        r = rnd.random()
        if r < 0.70:
            yield (f"{ts} INFO train: epoch {step // 5000} step {step} "
                   f"loss {rnd.uniform(0, 3):.5f} lr {rnd.uniform(0, 1e-3):.3e} "
                   f"grad_norm {rnd.uniform(0, 5):.4f} tok/s "
                   f"{rnd.randint(1000, 99999)} mem {rnd.randint(1, 80)}.{rnd.randint(0, 9)}GB "
                   f"rank {rnd.randint(0, 63)} batch 0x{rnd.getrandbits(32):08x}")
        elif r < 0.80:
            yield (f"{ts} INFO dataloader: worker {rnd.randint(0, 15)} loaded "
                   f"shard /data/shards/part-{rnd.randint(0, 99999):05d}.tar "
                   f"({rnd.randint(1, 999)} MB) in {rnd.uniform(0, 9):.3f}s "
                   f"from 10.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}."
                   f"{rnd.randint(0, 255)}:{rnd.randint(1024, 65535)}")
        elif r < 0.90:
            yield (f"{ts} DEBUG comm: allreduce bucket {rnd.randint(0, 511)} "
                   f"size {rnd.randint(1, 1 << 30)} took {rnd.uniform(0, 50):.3f}ms "
                   f"stream {rnd.getrandbits(48):x} seq {step * 8 + rnd.randint(0, 7)}")
        elif r < 0.97:
            yield (f"{ts} INFO eval: step {step} val_loss {rnd.uniform(0, 3):.4f} "
                   f"val_acc {rnd.random():.4f} ppl {rnd.uniform(1, 30):.3f}")
        else:
            yield (f"{ts} WARN checkpoint: slow write of "
                   f"/ckpt/run-{rnd.randint(0, 9)}/step_{step}.pt "
                   f"{rnd.randint(100, 999)} MB in {rnd.uniform(10, 99):.1f}s "
                   f"id {rnd.getrandbits(128):032x}")


def main():
    path, size = sys.argv[1], int(float(sys.argv[2]) * 1e6)
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    written = 0
    with open(path, "w") as f:
        buf = []
        for line in lines(rnd):
            buf.append(line)
            written += len(line) + 1
            if len(buf) == 10000:
                f.write("\n".join(buf) + "\n")
                buf = []
            if written >= size:
                break
        if buf:
            f.write("\n".join(buf) + "\n")


if __name__ == "__main__":
    main()
