"""steward — the helper experiment code imports (one file, stdlib only).

Copy this file beside your training script, or put python/ on PYTHONPATH:

    import steward
    p = steward.params(lr=0.01, epochs=200)     # defaults, cast to their type
    for step in range(1, p["epochs"] + 1):
        ...
        steward.log(step=step, loss=loss, val_acc=acc)
        if steward.should_stop():                # pruned, cancelled, halted
            break
    steward.artifact("predictions.jsonl")

Inside a steward run the supervisor sets the environment this reads:
STEWARD_PARAMS (the parameters, JSON), STEWARD_METRICS (a file of JSON
lines steward captures), STEWARD_ARTIFACTS (a directory kept after the
run) and STEWARD_CONTROL (see should_stop). Outside steward every call
is a no-op (params() returns the defaults), so the same script still
runs by hand.
"""
import json
import os
import shutil
import signal

__all__ = ["params", "log", "artifact", "should_stop", "stop_on_sigterm",
           "inside"]

_metrics = None
_control = {"mtime": None, "stop": False}
_signalled = False


def inside():
    """True inside a steward run."""
    return bool(os.environ.get("STEWARD_METRICS") or
                os.environ.get("STEWARD_RUN_ID"))


def _cast(value, default):
    if default is None or isinstance(value, type(default)):
        return value
    if isinstance(default, bool):
        return str(value).strip().lower() in ("1", "true", "yes", "on")
    try:
        return type(default)(value)
    except (TypeError, ValueError):
        if isinstance(default, int):
            return type(default)(float(value))
        raise


def params(**defaults):
    """The run's parameters: the defaults given, overridden by what the
    proposal set (--param NAME=VALUE), each cast to its default's type.
    Parameters without a default come as steward sent them."""
    given = {}
    raw = os.environ.get("STEWARD_PARAMS")
    if raw:
        try:
            given = json.loads(raw)
        except ValueError:
            given = {}
    out = dict(defaults)
    for name, value in given.items():
        out[name] = _cast(value, defaults.get(name))
    return out


def log(step=None, **metrics):
    """Appends one JSON line {"step": step, name: value...} to the metrics
    file steward captures (digest, compare, pruning read it). Values are
    numbers; NaN and infinities are written as steward's parser reads
    them. Outside steward: nothing."""
    global _metrics
    path = os.environ.get("STEWARD_METRICS")
    if not path:
        return
    if _metrics is None:
        _metrics = open(path, "a", encoding="utf-8")
    record = {} if step is None else {"step": step}
    record.update(metrics)
    _metrics.write(json.dumps(record, separators=(",", ":")) + "\n")
    _metrics.flush()


def artifact(path, name=None):
    """Copies a file (or a directory) into the run's artifacts, kept after
    the run. Returns where it went, or None outside steward."""
    dest_dir = os.environ.get("STEWARD_ARTIFACTS")
    if not dest_dir:
        return None
    dest = os.path.join(dest_dir, name or os.path.basename(
        os.path.normpath(path)))
    if os.path.isdir(path):
        shutil.copytree(path, dest, dirs_exist_ok=True)
    else:
        shutil.copyfile(path, dest)
    return dest


def _read_control(path):
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        return False
    if mtime != _control["mtime"]:
        _control["mtime"] = mtime
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            doc = json.loads(text) if text.strip().startswith("{") else None
            _control["stop"] = bool(doc.get("stop")) if doc is not None \
                else text.strip().lower() == "stop"
        except (OSError, ValueError, AttributeError):
            pass
    return _control["stop"]


def should_stop():
    """True when steward asks the run to stop early (a pruner's verdict, a
    cancel): stop at the next safe point, write artifacts, exit 0.

    Contract: $STEWARD_CONTROL names a file the supervisor replaces
    atomically; it says stop when it holds the JSON {"stop": true, ...}
    or the word "stop". Cheap to call every step: the file is re-read only
    when it changed. Until the supervisor writes one, a stop arrives as
    SIGTERM followed by a grace period; call stop_on_sigterm() once and
    should_stop() also turns true on that signal."""
    if _signalled:
        return True
    path = os.environ.get("STEWARD_CONTROL")
    return bool(path) and _read_control(path)


def stop_on_sigterm():
    """Turns SIGTERM into should_stop() == True instead of an immediate
    exit, so the loop can save its work within the grace period."""
    def _handler(signum, frame):
        global _signalled
        _signalled = True
    signal.signal(signal.SIGTERM, _handler)
