#!/bin/sh
''''exec "${STEWARD_PYTHON:-/usr/bin/python3}" "$0" "$@" # '''
"""escape — the sandbox escape suite.

Runs one attacker program per attempt (tests/sandbox/attacks/*.c) through
the sandbox C API (sbx_run), in every cgroup mode this host offers
(STEWARD_CGROUP_MODE=v2, v1, none), and asserts each attack was blocked,
both from the attacker's own account ("ESCAPED:" lines, exit 0) and from
the host's side (files, connections, processes that must not exist).

Usage: escape.py [BUILD_DIR]   (default: the directory of $STEWARD_BIN)
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

BUILD = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(
    os.environ.get("STEWARD_BIN", "build/steward"))
SBX_RUN = os.path.join(BUILD, "sbx_run")
ATTACKS = os.path.join(BUILD, "attacks")
NONCE = os.urandom(4).hex()
MARKER = "sbx-secret-" + NONCE
HOST_ENV_SECRETS = {
    "AWS_SECRET_ACCESS_KEY": "aws-" + NONCE, "AWS_ACCESS_KEY_ID": "AKIA" + NONCE,
    "SSH_AUTH_SOCK": "/tmp/ssh-" + NONCE, "STEWARD_TOKEN": "tok-" + NONCE,
    "GITHUB_TOKEN": "gh-" + NONCE, "SBX_HOST_SECRET": MARKER,
}


class Listener:
    """Counts connections to a TCP port on all host addresses."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("0.0.0.0", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        threading.Thread(target=self.loop, daemon=True).start()

    def loop(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.hits += 1
            c.close()


def unix_listener(path):
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)
    s.listen(4)
    return s


def host_ip():
    out = subprocess.run(["hostname", "-I"], capture_output=True, text=True)
    ips = [ip for ip in out.stdout.split() if "." in ip and
           not ip.startswith("127.")]
    return ips[0] if ips else None


class World:
    """A project with a state dir, a run's work/io dirs inside it, and host
    secrets placed where a run must not reach them."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="sbx-escape-")
        self.proj = os.path.join(self.root, "proj")
        self.state = os.path.join(self.proj, ".steward")
        self.work = os.path.join(self.state, "runs", "1", "work")
        self.io = os.path.join(self.state, "runs", "1", "io")
        os.makedirs(self.work)
        os.makedirs(self.io)
        self.db = os.path.join(self.state, "steward.db")
        self.write(self.db, "SQLite format 3 " + MARKER)
        self.home_secret = os.path.join(os.path.expanduser("~"),
                                        ".sbx-secret-" + NONCE)
        self.write(self.home_secret, MARKER)
        self.work_secret = os.path.join(self.work, "secret.txt")
        self.write(self.work_secret, MARKER)
        self.hidden = [self.state, self.home_secret, self.work_secret]
        self.munge_made = self.make_munge()
        self.abstract = socket.socket(socket.AF_UNIX)
        self.abstract.bind("\0sbx-host-abstract")
        self.abstract.listen(1)
        self.marker_proc = subprocess.Popen(
            ["sbx-host-marker-" + NONCE, "300"], executable="/bin/sleep")

    @staticmethod
    def write(path, text):
        with open(path, "w") as f:
            f.write(text)

    def make_munge(self):
        path = "/run/munge/munge.socket.2"
        if os.path.exists(path):
            return None
        try:
            self.munge_dir_made = not os.path.exists("/run/munge")
            os.makedirs("/run/munge", exist_ok=True)
            self.munge_sock = unix_listener(path)
            return path
        except OSError:
            return None

    def reset_run_dirs(self):
        for d in (self.work, self.io):
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
        self.write(self.work_secret, MARKER)

    def close(self):
        self.marker_proc.kill()
        self.marker_proc.wait()
        if self.munge_made:
            os.unlink(self.munge_made)
            if self.munge_dir_made:
                os.rmdir("/run/munge")
        os.unlink(self.home_secret)
        shutil.rmtree(self.root, ignore_errors=True)


def run(world, attack, args=(), opts=(), mode=None, collect=None,
        hide=()):
    world.reset_run_dirs()
    shutil.copy(os.path.join(ATTACKS, attack), world.work)
    cmd = [SBX_RUN, "--work", world.work, "--io", world.io]
    for h in list(world.hidden) + list(hide):
        cmd += ["--hide", h]
    if collect:
        cmd += ["--collect", collect]
    cmd += list(opts) + ["--", "./" + attack] + [str(a) for a in args]
    env = dict(os.environ, **HOST_ENV_SECRETS)
    env["STEWARD_CGROUP_MODE"] = mode
    p = subprocess.run(cmd, capture_output=True, text=True, env=env,
                       timeout=60)
    try:
        res = json.loads(p.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise AssertionError("sbx_run failed: %r %r" % (p.stdout, p.stderr))
    if "start_error" in res:
        raise AssertionError("start failed: " + res["start_error"])
    with open(world.work + ".stdout", errors="replace") as f:
        res["stdout"] = f.read(1 << 16)
    res["stdout_size"] = os.path.getsize(world.work + ".stdout")
    res["stderr_size"] = os.path.getsize(world.work + ".stderr")
    return res


def blocked(res):
    """The attacker's own verdict: no ESCAPED line, and no exit 0."""
    assert "ESCAPED" not in res["stdout"], res["stdout"]
    assert not (res["exited"] and res["exit_code"] == 0), res


def comm_alive(name):
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open("/proc/%s/comm" % pid) as f:
                    if f.read().strip() == name:
                        return True
            except OSError:
                pass
    return False


# ---- the attacks -------------------------------------------------------

def t_network(w, mode):
    lst = Listener()
    args = ["127.0.0.1", lst.port]
    ip = host_ip()
    if ip:
        args += [ip, lst.port]
    res = run(w, "net_connect", args, mode=mode)
    blocked(res)
    assert lst.hits == 0, "the host listener was reached"
    if not os.access("/dev/net/tun", os.R_OK | os.W_OK):
        print("SKIP: no /dev/net/tun here: the granted network is not tried")
        lst.sock.close()
        return
    # granted the network, a run reaches the world, never the host's
    # loopback (steward's TCP API, local databases), by either name
    res = run(w, "net_connect", ["127.0.0.1", lst.port, "10.0.2.2", lst.port],
              opts=["--net"], mode=mode)
    blocked(res)
    time.sleep(0.05)
    assert lst.hits == 0, "the host's loopback was reached with --net"
    # nor the host's abstract Unix sockets (X11, D-Bus): its own netns
    blocked(run(w, "unix_connect", [], opts=["--net"], mode=mode))
    # control: the host's other address is the world, and is reached
    if ip:
        res = run(w, "net_connect", [ip, lst.port], opts=["--net"], mode=mode)
        assert "ESCAPED" in res["stdout"], "control connect failed"
        time.sleep(0.05)
        assert lst.hits >= 1, "control connect not seen"
    lst.sock.close()


def t_raw_sockets(w, mode):
    blocked(run(w, "raw_sockets", mode=mode))


def t_write_outside(w, mode):
    paths = [os.path.join(w.proj, "pwned"), os.path.join(w.state, "pwned"),
             os.path.join(w.state, "runs", "1", "pwned"),
             "/etc/sbx-pwned-" + NONCE, "/usr/sbx-pwned-" + NONCE,
             "/tmp/sbx-pwned-" + NONCE, "/root/sbx-pwned-" + NONCE,
             "/var/tmp/sbx-pwned-" + NONCE, "/home/sbx-pwned-" + NONCE,
             w.io + "/../pwned"]
    run(w, "write_outside", paths, mode=mode)
    for p in paths:
        assert not os.path.exists(p), "wrote on the host: " + p


def t_read_secrets(w, mode):
    paths = [w.home_secret, "/root/.sbx-secret-" + NONCE, w.db,
             "../../../steward.db", w.work_secret, "secret.txt",
             "/proc/1/cwd/../../../steward.db"]
    blocked(run(w, "read_secret", [MARKER] + paths, mode=mode))
    blocked(run(w, "read_secret", ["root:", "/etc/shadow", "/etc/gshadow"],
                mode=mode))


def t_hidden_system_paths(w, mode):
    """Policy-listed secrets under a visible system dir: a dir and a file."""
    cases = [("/etc/ssl/certs", "/etc/ssl/certs/ca-certificates.crt",
              "BEGIN CERTIFICATE"), ("/etc/hostname", "/etc/hostname", None)]
    for hide, path, marker in cases:
        if not os.path.exists(path):
            continue
        if marker is None:
            with open(path) as f:
                marker = f.read().strip()
        if len(marker) < 2:
            continue
        res = run(w, "read_secret", [marker, path], mode=mode, hide=[hide])
        blocked(res)
        # and without the hide, the same file is readable: the test can fail
        res = run(w, "read_secret", [marker, path], mode=mode)
        assert "ESCAPED" in res["stdout"], "control read failed: " + path


def t_unix_sockets(w, mode):
    blocked(run(w, "unix_connect", ["/run/munge/munge.socket.2",
                                    "/run/dbus/system_bus_socket",
                                    "/var/run/docker.sock"], mode=mode))


def t_daemon(w, mode):
    name = "sbxd-" + NONCE
    out = os.path.join(w.io, "daemon.out")
    res = run(w, "daemon", [name, out], mode=mode)
    blocked(res)
    assert not comm_alive(name), "the daemon outlived its run"
    size = os.path.getsize(out) if os.path.exists(out) else 0
    time.sleep(0.2)
    size2 = os.path.getsize(out) if os.path.exists(out) else 0
    assert size == size2, "something still writes after the run"


def t_fork_bomb(w, mode):
    res = run(w, "forkbomb", [64], opts=["--pids", "64"], mode=mode)
    blocked(res)


def t_memory_hog(w, mode):
    res = run(w, "memhog", [1024], opts=["--mem", str(128 << 20)], mode=mode)
    blocked(res)
    if mode in ("v1", "v2"):
        assert res["oom_killed"] == 1 and res["signal"] == 9, res


def t_ignore_term(w, mode):
    t0 = time.time()
    res = run(w, "ignore_term", opts=["--time", "300", "--grace", "300"],
              mode=mode)
    assert res["signal"] == signal.SIGKILL, res
    assert res["wall_ms"] < 3000 and time.time() - t0 < 5, res


def t_tiocsti(w, mode):
    blocked(run(w, "tiocsti", mode=mode))


def t_ptrace(w, mode):
    blocked(run(w, "ptrace_parent", mode=mode))


def t_namespaces(w, mode):
    blocked(run(w, "ns_escape", mode=mode))


def t_host_processes(w, mode):
    blocked(run(w, "ps_host", ["sbx-host-marker-" + NONCE], mode=mode))
    assert w.marker_proc.poll() is None, "a host process was killed"


def t_env_credentials(w, mode):
    blocked(run(w, "env_creds", mode=mode))


def t_log_flood(w, mode):
    res = run(w, "log_flood", [40], opts=["--log", str(1 << 20)], mode=mode)
    assert res["stdout_size"] <= 1 << 20 and res["stderr_size"] <= 1 << 20
    assert res["log_dropped"] >= 2 * 39 << 20, res


def du(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(d, f)).st_blocks * 512
            except OSError:
                pass
    return total


def t_disk_fill(w, mode):
    quota = 64 << 20
    res = run(w, "disk_fill", [1024], opts=["--disk", str(quota)], mode=mode)
    blocked(res)
    used = du(w.work)
    print("      disk_fill: %d MiB on disk at the end (quota 64)" % (used >> 20))
    assert res["disk_exceeded"] == 1, res
    assert used < quota + (384 << 20), "quota overshoot %d" % used


def t_artifact_links(w, mode):
    store = os.path.join(w.root, "store")
    os.makedirs(store, exist_ok=True)
    res = run(w, "artifact_links", [w.io + "/artifacts"], mode=mode,
              collect=store)
    man = res["artifacts"]
    paths = [f["path"] for f in man["files"]]
    assert paths == ["honest.txt"], man
    skipped = {s["path"]: s["reason"] for s in man["skipped"]}
    assert skipped.get("passwd") == "symlink", man
    assert skipped.get("etcdir") == "symlink", man
    assert "fifo" in skipped, man
    with open("/etc/passwd", "rb") as f:
        passwd = f.read()
    for name in os.listdir(store):
        with open(os.path.join(store, name), "rb") as f:
            assert f.read() != passwd, "/etc/passwd was collected"


def t_foreign_abi(w, mode):
    res = run(w, "foreign_abi", mode=mode)
    blocked(res)


def t_kernel_surface(w, mode):
    blocked(run(w, "kernel_surface", mode=mode))


def t_setuid_file(w, mode):
    blocked(run(w, "setuid_file", mode=mode))
    for dirpath, _, files in os.walk(w.work):
        for f in files:
            st = os.lstat(os.path.join(dirpath, f))
            assert not st.st_mode & 0o6000, (f, oct(st.st_mode))


def t_fd_leak(w, mode):
    blocked(run(w, "fd_leak", mode=mode))


TESTS = [t_fd_leak, t_hidden_system_paths, t_network, t_raw_sockets, t_write_outside, t_read_secrets,
         t_unix_sockets, t_daemon, t_fork_bomb, t_memory_hog, t_ignore_term,
         t_tiocsti, t_ptrace, t_namespaces, t_host_processes,
         t_env_credentials, t_log_flood, t_disk_fill, t_artifact_links,
         t_foreign_abi, t_kernel_surface, t_setuid_file]


def mode_available(w, mode):
    w.reset_run_dirs()
    env = dict(os.environ, STEWARD_CGROUP_MODE=mode)
    p = subprocess.run([SBX_RUN, "--work", w.work, "--", "/bin/true"],
                       capture_output=True, text=True, env=env, timeout=30)
    if "start_error" in p.stdout:
        print("mode %s: not available here (%s)" % (mode, p.stdout.strip()))
        return False
    return True


def main():
    only = os.environ.get("SBX_ESCAPE_ONLY")
    w = World()
    failures, ran = [], []
    try:
        for mode in ("v2", "v1", "none"):
            if not mode_available(w, mode):
                continue
            ran.append(mode)
            for t in TESTS:
                if only and only not in t.__name__:
                    continue
                t0 = time.time()
                try:
                    t(w, mode)
                    status = "blocked"
                except AssertionError as e:
                    status = "FAILED: %s" % str(e)[:600]
                    failures.append((mode, t.__name__))
                print("%-5s %-20s %-8s %.2fs" % (mode, t.__name__[2:], status,
                                                 time.time() - t0))
                sys.stdout.flush()
    finally:
        w.close()
    if os.geteuid() == 0 and os.access("/sys/fs/cgroup", os.W_OK) and \
            not ({"v1", "v2"} & set(ran)):
        failures.append(("any", "no cgroup mode usable as root"))
    print("modes run: %s; %d failure(s)" % (", ".join(ran), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
