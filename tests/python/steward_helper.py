#!/usr/bin/env python3
"""steward_helper.py — python/steward.py, the helper experiment code
imports: a no-op outside steward, the run's contract inside it, and the
Python twin of the example trainer (examples/train.py) run by steward
itself, reporting the same numbers as the C trainer.
"""
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

SRC = os.environ["STEWARD_SOURCE"]
BIN = os.environ["STEWARD_BIN"]
sys.path.insert(0, os.path.join(SRC, "python"))
import steward  # noqa: E402

passed = failed = 0
ENV_NAMES = ("STEWARD_PARAMS", "STEWARD_METRICS", "STEWARD_ARTIFACTS",
             "STEWARD_CONTROL", "STEWARD_RUN_ID")


def check(what, cond):
    global passed, failed
    passed += bool(cond)
    failed += not cond
    print(("ok - " if cond else "not ok - ") + what)


def fresh(**env):
    for k in ENV_NAMES:
        os.environ.pop(k, None)
    os.environ.update(env)
    return importlib.reload(steward)


def test_outside(tmp):
    s = fresh()
    check("outside steward: params() are the defaults",
          s.params(lr=0.1, epochs=3) == {"lr": 0.1, "epochs": 3})
    s.log(step=1, loss=0.5)
    check("outside steward: log, artifact and should_stop are no-ops",
          s.artifact(__file__) is None and s.should_stop() is False and
          not s.inside())


def test_inside(tmp):
    metrics = os.path.join(tmp, "metrics.jsonl")
    arts = os.path.join(tmp, "artifacts")
    os.mkdir(arts)
    s = fresh(STEWARD_PARAMS='{"lr":"0.5","epochs":"7","name":"x"}',
              STEWARD_METRICS=metrics, STEWARD_ARTIFACTS=arts)
    p = s.params(lr=0.01, epochs=200, l2=0.0)
    check("params: proposal values win, cast to the default's type",
          p == {"lr": 0.5, "epochs": 7, "l2": 0.0, "name": "x"})
    s.log(step=1, loss=0.5, val_acc=0.25)
    s.log(step=2, loss=float("nan"))
    lines = open(metrics).read().splitlines()
    check("log: one JSON line per call, appended",
          json.loads(lines[0]) == {"step": 1, "loss": 0.5, "val_acc": 0.25}
          and len(lines) == 2)
    check("log: NaN is written as steward's parser reads it",
          lines[1] == '{"step":2,"loss":NaN}')
    dest = s.artifact(__file__, name="copy.py")
    check("artifact: the file is copied into STEWARD_ARTIFACTS",
          dest == os.path.join(arts, "copy.py") and
          open(dest).read() == open(__file__).read())


def test_control(tmp):
    control = os.path.join(tmp, "control")
    s = fresh(STEWARD_CONTROL=control)
    check("should_stop: no control file, no stop", s.should_stop() is False)
    with open(control, "w") as f:
        f.write('{"stop": false}')
    check("should_stop: the file says go on", s.should_stop() is False)
    with open(control + ".new", "w") as f:
        f.write('{"stop": true, "reason": "pruned at step 3"}')
    os.replace(control + ".new", control)
    check("should_stop: the supervisor's stop is seen", s.should_stop())
    env = dict(os.environ, STEWARD_METRICS=os.path.join(tmp, "m2"))
    out = subprocess.run([sys.executable, os.path.join(SRC, "examples",
                          "train.py"), "--epochs", "50"], env=env, cwd=tmp,
                         capture_output=True, text=True)
    check("the trainer stops at its first check when told to",
          "stopping early at epoch 1" in out.stdout and
          len(open(env["STEWARD_METRICS"]).read().splitlines()) == 1)


def test_twin_under_steward(tmp):
    proj = os.path.join(tmp, "project")
    os.mkdir(proj)
    os.chmod(tmp, 0o755)
    os.chmod(proj, 0o755)
    shutil.copy(os.path.join(SRC, "examples", "train.py"), proj)
    shutil.copy(os.path.join(SRC, "python", "steward.py"), proj)
    shutil.copy(os.path.join(os.path.dirname(BIN), "steward-example-train"),
                os.path.join(proj, "train"))
    env = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    run = lambda *a: subprocess.run([BIN, *a], cwd=proj, env=env,  # noqa
                                    capture_output=True, text=True)
    run("init")
    for name, cmd in (("py", ["/usr/bin/python3", "train.py"]),
                      ("c", ["./train"])):
        run("propose", "--name", name, "--mem", "256M", "--time", "1m",
            "--param", "lr=0.05", "--param", "epochs=12", "--", *cmd)
    for i in (1, 2):
        run("approve", str(i))
    d = run("dispatch", "--once")
    check("steward runs the Python twin", d.returncode == 0)
    py = json.loads(run("metrics", "1", "--json").stdout or "{}")
    c = json.loads(run("metrics", "2", "--json").stdout or "{}")
    check("it reports 12 epochs of loss and val_acc",
          len(py.get("val_acc", [])) == 12 and len(py.get("loss", [])) == 12)
    check("the same val_acc as the C trainer, epoch by epoch",
          py.get("val_acc") == c.get("val_acc") and c.get("val_acc"))
    close = all(abs(a[1] - b[1]) <= 1e-5 * max(1.0, abs(b[1]))
                for a, b in zip(py.get("loss", []), c.get("loss", [])))
    check("and the same loss", close and py.get("loss"))
    st = json.loads(run("status", "1", "--json").stdout or "{}")
    files = [f.get("name", f.get("path", "")) if isinstance(f, dict) else f
             for f in st.get("run", {}).get("artifacts", {}).get("files", [])]
    check("its artifact is kept", any("weights.json" in f for f in files))


def main():
    tmp = tempfile.mkdtemp(prefix="steward-py.")
    try:
        test_outside(tmp)
        test_inside(tmp)
        test_control(tmp)
        test_twin_under_steward(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


main()
