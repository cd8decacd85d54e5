/*
 * sandbox — runs one experiment's process tree isolated and limited.
 *
 * Experiment code is untrusted: it may try to escape, reach the network,
 * read secrets, outlive its run or eat the machine. A sandbox starts the
 * run's command in fresh namespaces with a read-only view of the system,
 * only its work and io directories writable, the state directory and
 * secrets hidden, a seccomp filter, and limits enforced from outside the
 * run (cgroup v2, else cgroup v1, else rlimits). It also captures stdout
 * and stderr into log files with a size cap.
 *
 * Every limit the sandbox was asked to enforce appears in its enforcement
 * report with the mechanism that enforced it, or "NOT ENFORCED".
 *
 * Life cycle (single-threaded caller: the run's supervisor process):
 *   sandbox_start → sandbox_wait (repeatedly, pumps logs) →
 *   [sandbox_terminate] → sandbox_free. After sandbox_wait reports the end,
 *   no process of the run is left (the cgroup or PID namespace is killed).
 *
 * The run dies with the process that started it (PR_SET_PDEATHSIG on its
 * init), so after a supervisor crash there is nothing to re-attach to.
 * The sandbox keeps a little process-wide state (the compiled seccomp
 * program, a cgroup name counter): call it from one thread. It never
 * raises SIGPIPE. See docs/sandbox.md for what is enforced how.
 */
#ifndef STEWARD_SANDBOX_SANDBOX_H
#define STEWARD_SANDBOX_SANDBOX_H

#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <jansson.h>
#include "core/err.h"

struct sandbox_limits {
    double cpus;          /* CPU quota in cores; 0 = unlimited */
    int64_t mem_bytes;    /* memory limit; 0 = unlimited */
    int64_t pids;         /* max tasks in the run; 0 = default (256) */
    int64_t disk_bytes;   /* quota on work + io dirs and scratch tmpfs;
                             0 = default (10 GiB) */
    int64_t log_bytes;    /* cap per captured stream; 0 = default (64 MiB) */
    int gpus;             /* number of GPUs granted (devices in gpu_ids) */
};

struct sandbox_spec {
    const char *const *argv;     /* NULL-terminated; argv[0] looked up in
                                  * PATH */
    const char *const *env;      /* complete environment, NULL-terminated */
    const char *workdir;         /* writable; the run's cwd */
    const char *iodir;           /* writable; metrics sink and artifacts */
    const char *stdout_path;     /* log files written by the supervisor */
    const char *stderr_path;
    const char *const *hidden;   /* paths covered by empty tmpfs (state dir,
                                    secrets); NULL-terminated or NULL */
    const char *gpu_ids;         /* e.g. "0,1"; NULL = none. Only these
                                    /dev/nvidia<N> (plus nvidiactl, -uvm,
                                    -uvm-tools, -modeset) are bound into
                                    /dev; a missing one fails the start.
                                    The caller adds the visibility
                                    variables (sandbox_gpu_env). */
    int network;                 /* 1 = egress granted (slirp4netns) */
    struct sandbox_limits limits;
    /* When the supervisor runs as root: the host uid/gid the run executes
     * as (0 = 65534, "nobody"). The work and io dirs are chowned to it.
     * Ignored when unprivileged: the run keeps the caller's uid. */
    uid_t run_uid;
    gid_t run_gid;
    /* For a command a person watches (`steward agent`) rather than a run:
     * with stdio_inherit, stdio_fds become its stdin, stdout and stderr (a
     * terminal becomes its controlling terminal) and nothing is captured;
     * stdout_path and stderr_path may then be NULL. */
    int stdio_inherit;
    int stdio_fds[3];
    const char *cwd;             /* where the command starts; NULL = workdir */
    const char *const *readonly; /* paths under workdir bound read-only over
                                    themselves (NULL-terminated or NULL) */
    int keep_owner;              /* never chown workdir and iodir: a
                                    person's own tree (as root, the work
                                    dir is bound idmapped: its owner's
                                    files are the run's, and what the run
                                    creates is the owner's) */
};

struct sandbox_exit {
    int exited;          /* 1 if the run's main process exited normally */
    int exit_code;       /* valid when exited */
    int signal;          /* the signal that ended it, else 0 */
    int oom_killed;      /* the memory limit killed something */
    int64_t wall_ms;     /* start to end */
    int64_t max_rss_kb;  /* peak resident set of the run's processes */
    double user_s, sys_s;
    int64_t log_dropped; /* bytes dropped past the log cap */
    int disk_exceeded;   /* killed for going over the disk quota */
};

struct sandbox;

/* Does ahead what every start of this process and its forks needs:
 * compiling the seccomp program (longer than the rest of a start), and
 * probing the host's cgroups again when the last probe is more than a few
 * seconds old. A process that forks many supervisors calls it before
 * each fork. Optional. */
int sandbox_prepare(struct err *err);

/* Starts the run. On success *out owns the running sandbox. */
int sandbox_start(const struct sandbox_spec *spec, struct sandbox **out,
                  struct err *err) MUST_USE;

/* The pid of the run's main process (as seen from the host). */
pid_t sandbox_pid(const struct sandbox *sb);

/* Pumps logs and waits up to timeout_ms for the run to end. Returns 1 when
 * the run has ended (ex filled, every process of the run gone), 0 when it
 * is still running, or a negative ERR_* code. */
int sandbox_wait(struct sandbox *sb, int timeout_ms, struct sandbox_exit *ex,
                 struct err *err) MUST_USE;

/* Asks every process of the run to stop (SIGTERM), then after grace_ms
 * kills them all (SIGKILL through the cgroup or PID namespace). Returns at
 * once; sandbox_wait reports the end. */
void sandbox_terminate(struct sandbox *sb, int grace_ms);

/* The enforcement report: {"memory": "cgroup2 memory.max", "network":
 * "netns (loopback only)", "pids": "NOT ENFORCED", ...}. Caller owns it. */
json_t *sandbox_report(const struct sandbox *sb);

/* What this host can enforce, without starting anything (same keys as
 * sandbox_report). Caller owns it. */
json_t *sandbox_capabilities(void);

/* The run's private home (a directory of its scratch tmpfs). */
#define SANDBOX_HOME "/home/run"

/* 1 if a variable of the supervisor's environment may pass into a run:
 * PATH, LANG, LANGUAGE, LC_*, TZ, TERM, OMP_NUM_THREADS, the GPU
 * visibility variables and the run's own STEWARD_RUN_ID, STEWARD_PARAMS,
 * STEWARD_PARAM_*, STEWARD_METRICS, STEWARD_ARTIFACTS. Never tokens,
 * keys or agent sockets. */
int sandbox_env_allowed(const char *name);

/* A run's environment: the allowed entries of `base` (e.g. environ), then
 * every "NAME=value" of `set` (the caller's own, trusted; overrides), then
 * HOME=SANDBOX_HOME, and a default PATH if none. Free with
 * sandbox_env_free. */
int sandbox_env_build(const char *const *base, const char *const *set,
                      char ***out, struct err *err) MUST_USE;
void sandbox_env_free(char **env);

/* Caps for sandbox_collect_artifacts; 0 = default (1 GiB per file, 4 GiB
 * total, 10000 files, depth 16). */
struct sandbox_artifact_caps {
    int64_t max_file_bytes;
    int64_t max_total_bytes;
    int64_t max_files;
    int max_depth;
};

/* Copies the regular files under `dir` (never following symlinks; specials
 * skipped) into the content-addressed store dir `store` as
 * <store>/<sha256>, within the caps. *manifest = {"files": [{"path",
 * "size", "sha256"}], "skipped": [{"path", "reason"}], "count",
 * "total_bytes"}; paths are relative to dir. Call after the run ended. */
int sandbox_collect_artifacts(const char *dir, const char *store,
                              const struct sandbox_artifact_caps *caps,
                              json_t **manifest, struct err *err) MUST_USE;

/* The two visibility variables for a run granted `gpu_ids` ("0,3"):
 * NVIDIA_VISIBLE_DEVICES=0,3 (host ids, for tools that read it) and
 * CUDA_VISIBLE_DEVICES=0,1 (inside the sandbox only the granted device
 * nodes exist, so CUDA numbers them from 0). Writes "NAME=value" strings
 * into nvidia[] and cuda[] for sandbox_env_build's `set` list. */
int sandbox_gpu_env(const char *gpu_ids, char *nvidia, size_t nvidia_n,
                    char *cuda, size_t cuda_n, struct err *err) MUST_USE;

/* Opens, for reading, a file a run wrote (its metrics sink, a result):
 * never follows a symlink, never blocks on a FIFO, refuses anything but a
 * regular file. A run controls these paths, and a supervisor stuck in
 * open() on a FIFO enforces no time limit. Returns an fd (O_CLOEXEC,
 * blocking) or ERR_NOTFOUND when missing, ERR_DENIED when not a regular
 * file or a symlink, another ERR_* otherwise. */
int sandbox_open_run_file(const char *path, struct err *err) MUST_USE;

/* Releases everything the sandbox holds (cgroup, fds). Kills the run if
 * it is still going. */
void sandbox_free(struct sandbox *sb);

#endif
