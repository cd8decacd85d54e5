#!/bin/sh
# Runs itself with Debian's python3, or $STEWARD_PYTHON.
''''exec "${STEWARD_PYTHON:-/usr/bin/python3}" "$0" "$@" # '''
"""Metrics read from log text: divergence and NaN found in log-only
trainers of six dialects, no anomaly at all in their healthy runs.

The logs are the committed ones in tests/digest/trainlogs/ (seed 1,
frozen before the extractor was tuned) plus fresh seeds from
gen_trainlogs.py. Also: a series written to STEWARD_METRICS is never
counted twice when the log prints it too, and log series are marked as
read from the log.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

STEWARD = os.environ["STEWARD_BIN"]
SOURCE = os.environ["STEWARD_SOURCE"]
HERE = os.path.join(SOURCE, "tests", "digest")
TMP = tempfile.mkdtemp(prefix="steward-logmetrics-")
SEEDS = [2, 3, 4, 5, 6]

sys.path.insert(0, HERE)
import gen_trainlogs  # noqa: E402


def digest(args):
    p = subprocess.run([STEWARD, "digest"] + args + ["--json"],
                       capture_output=True)
    if p.returncode != 0:
        raise AssertionError(f"digest {args}: exit {p.returncode} "
                             f"{p.stderr.decode(errors='replace')}")
    return json.loads(p.stdout)


def logs():
    out = []
    for p in sorted(glob.glob(os.path.join(HERE, "trainlogs", "*.log"))):
        d, c, _ = os.path.basename(p).split("-", 2)
        out.append((d, c, p))
    for s in SEEDS:
        out += gen_trainlogs.generate(TMP, s)
    return out


def check_one(dialect, case, path):
    d = digest(["--log", path])
    an = d["anomalies"]
    kinds = {a["kind"] for a in an}
    series = d["metrics"]["series"]
    lossy = [s for s in series if "loss" in s["name"].lower() and
             s.get("from") == "log"]
    if not lossy:
        return f"{path}: no loss series read from the log: " \
               f"{[s['name'] for s in series]}"
    if case == "healthy" and an:
        return f"{path}: healthy run flagged: {an}"
    if case == "diverging":
        div = [a for a in an if a["kind"] == "divergence"]
        if not div or "loss" not in div[0].get("metric", "").lower():
            return f"{path}: divergence missed: {an}"
        if kinds - {"divergence"}:
            return f"{path}: more than divergence: {an}"
    if case == "nan":
        nan = [a for a in an if a["kind"] == "nan" and a.get("metric")]
        if not nan:
            return f"{path}: NaN in a log series missed: {an}"
        if kinds - {"nan", "divergence"}:
            return f"{path}: more than nan: {an}"
    return None


def check_dialects():
    failures = [f for f in (check_one(*x) for x in logs()) if f]
    for f in failures:
        print("FAIL", f[:600])
    assert not failures, f"{len(failures)} log(s) misread"


def check_metrics_file_is_not_counted_twice():
    log = os.path.join(TMP, "both.log")
    met = os.path.join(TMP, "both.jsonl")
    with open(log, "w") as lf, open(met, "w") as mf:
        for step in range(1, 301):
            loss = 2.0 / step ** 0.3 if step < 200 else 0.4 * 1.05 ** (
                step - 200)
            lf.write(f"step {step} | loss: {loss:.4f} | lr: 3e-4\n")
            mf.write(json.dumps({"step": step, "loss": loss}) + "\n")
    d = digest(["--log", log, "--metrics", met])
    names = [s["name"] for s in d["metrics"]["series"]]
    assert names.count("loss") == 1, names
    loss = [s for s in d["metrics"]["series"] if s["name"] == "loss"][0]
    assert loss.get("from", "metrics") == "metrics", loss
    div = [a for a in d["anomalies"] if a["kind"] == "divergence"]
    assert len(div) == 1 and div[0]["source"] == "metrics", div
    lr = [s for s in d["metrics"]["series"] if s["name"] == "lr"]
    assert lr and lr[0]["from"] == "log", lr
    d = digest(["--log", log])
    div = [a for a in d["anomalies"] if a["kind"] == "divergence"]
    assert len(div) == 1 and div[0]["source"] == "both.log", div
    assert div[0]["metric"] == "loss" and div[0]["lines"][0] > 200, div


def check_long_tqdm_line():
    """One epoch of 4000 tqdm updates is one 400 KB line: the digest reads
    all of it, not its first 64 KiB, and finds the climb at its end."""
    segs = []
    for i in range(1, 4001):
        loss = 2.0 * 0.999 ** i + 0.3 if i < 3000 else 0.4 * 1.01 ** (i - 3000)
        segs.append(f"Epoch 0: {i * 100 // 4000:3d}%|#####     | {i}/4000 "
                    f"[00:10<00:10, 99.00it/s, loss={loss:.4f}, lr=1.00e-04]")
    log = os.path.join(TMP, "long-tqdm.log")
    with open(log, "w") as f:
        f.write("start\n" + "\r".join(segs) + "\nend\n")
    d = digest(["--log", log])
    assert d["log"]["lines"] == 3, d["log"]
    loss = [s for s in d["metrics"]["series"] if s["name"] == "loss"][0]
    assert loss["count"] == 4000, loss
    div = [a for a in d["anomalies"] if a["kind"] == "divergence"]
    assert div and div[0]["lines"][0] == 2, d["anomalies"]


def check_text_marks_log_series():
    p = subprocess.run([STEWARD, "digest", "--log", os.path.join(
        HERE, "trainlogs", "kv-diverging-1.log")], capture_output=True)
    text = p.stdout.decode()
    assert p.returncode == 0 and len(text.splitlines()) <= 40, text
    assert "divergence" in text and "(log)" in text, text


def main():
    for c in [check_dialects, check_metrics_file_is_not_counted_twice,
              check_long_tqdm_line, check_text_marks_log_series]:
        c()
        print("ok", c.__name__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
