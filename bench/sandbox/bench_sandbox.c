/*
 * bench_sandbox — how long a sandboxed /bin/true takes, from the start
 * request until it has run and been reaped, in steward's full sandbox vs
 * bubblewrap with equivalent isolation and mounts vs a bare fork/exec.
 * The three alternate in blocks within one run (same machine state), N
 * times each; medians are printed, one line per figure: what, ours, baseline,
 * ratio.
 *
 *   bench_sandbox [N] [WORKDIR]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "core/clock.h"
#include "sandbox/sandbox.h"

extern char **environ;

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return v[n / 2];
}

static double ms_since(int64_t t0)
{
    return (double)(clock_mono_ns() - t0) / 1e6;
}

static int spawn_wait(char *const argv[])
{
    pid_t p = fork();
    if (p == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    waitpid(p, &st, 0);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* One sandboxed /bin/true; start_ms gets the start-to-exec part. */
static int ours(const struct sandbox_spec *s, double *start_ms)
{
    struct err err = ERR_INIT;
    struct sandbox *sb;
    struct sandbox_exit ex;
    int64_t t0 = clock_mono_ns();
    if (sandbox_start(s, &sb, &err) < 0) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return -1;
    }
    *start_ms = ms_since(t0);
    int rc;
    while ((rc = sandbox_wait(sb, 1000, &ex, &err)) == 0)
        ;
    sandbox_free(sb);
    return rc == 1 && ex.exited && ex.exit_code == 0 ? 0 : -1;
}

/* The other kinds, runs i0..i1 of each. */
static int blocks(const struct sandbox_spec *s, const struct sandbox_spec *lim,
                  char *const *bw, char *const *bare, int i0, int i1,
                  double *t[6])
{
    double ignored;
    for (int i = i0; i < i1; i++) {
        int64_t t0 = clock_mono_ns();
        if (ours(s, &t[3][i]) < 0)
            return -1;
        t[0][i] = ms_since(t0);
    }
    for (int i = i0; i < i1; i++) {
        int64_t t0 = clock_mono_ns();
        if (ours(lim, &ignored) < 0)
            return -1;
        t[4][i] = ms_since(t0);
    }
    for (int i = i0; i < i1; i++) {
        int64_t t0 = clock_mono_ns();
        if (spawn_wait(bw) < 0)
            return fprintf(stderr, "bench: bwrap failed\n"), -1;
        t[1][i] = ms_since(t0);
    }
    for (int i = i0; i < i1; i++) {
        int64_t t0 = clock_mono_ns();
        spawn_wait(bare);
        t[2][i] = ms_since(t0);
    }
    return 0;
}

/* Runs every kind in alternating blocks of 20 into t[0..5]. Single
 * runs are not interleaved: that makes each sandbox pay for the previous
 * one's asynchronous network namespace teardown (both tools bring up
 * loopback under the same rtnl lock), which measures the neighbour. */
static int measure(const struct sandbox_spec *s,
                   const struct sandbox_spec *run, char *const *bw, int n,
                   double *t[6])
{
    char *bare[] = {"/bin/true", NULL};
    struct sandbox_spec lim = *s;
    double ignored;
    lim.limits.mem_bytes = 1LL << 30;
    lim.limits.cpus = 1;
    for (int i0 = 0; i0 < n; i0 += 20) {
        int i1 = i0 + 20 < n ? i0 + 20 : n;
        for (int i = i0; i < i1; i++) {
            int64_t t0 = clock_mono_ns();
            if (ours(run, &ignored) < 0)
                return -1;
            t[5][i] = ms_since(t0);
        }
        if (blocks(s, &lim, bw, bare, i0, i1, t) < 0)
            return -1;
    }
    return 0;
}
/* s as a run gets it: limits, a disk quota, its own io dir, the state
 * dir and the default policy's four secrets hidden (what a supervisor
 * asks). */
static struct sandbox_spec as_a_run(const struct sandbox_spec *s,
                                    const char *work)
{
    static char io[512], state[512], secret[4][512];
    static const char *const secrets[] = {"/.ssh", "/.aws",
                                          "/.config/gcloud", ""};
    static const char *hidden[6];
    const char *home = getenv("HOME") ? getenv("HOME") : "/root";
    snprintf(io, sizeof io, "%s.io", work);
    snprintf(state, sizeof state, "%s.state", work);
    mkdir(io, 0755);
    mkdir(state, 0700);
    hidden[0] = state;
    for (int k = 0; k < 4; k++) {
        snprintf(secret[k], sizeof secret[k], "%s%s",
                 k < 3 ? home : "/etc/munge", secrets[k]);
        hidden[k + 1] = secret[k];
    }
    hidden[5] = NULL;
    struct sandbox_spec run = *s;
    run.iodir = io;
    run.hidden = hidden;
    run.limits.mem_bytes = 1LL << 30;
    run.limits.cpus = 1;
    run.limits.disk_bytes = 10LL << 30;
    return run;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 200;
    const char *work = argc > 2 ? argv[2] : "/tmp/steward-bench-sbx";
    char out[512], errp[512], **env;
    struct err err = ERR_INIT;
    mkdir(work, 0755);
    snprintf(out, sizeof out, "%s.stdout", work);
    snprintf(errp, sizeof errp, "%s.stderr", work);
    if (n < 1 || sandbox_env_build(NULL, NULL, &env, &err) < 0)
        return 2;
    const char *targv[] = {"/bin/true", NULL};
    struct sandbox_spec s = {.argv = targv, .env = (const char *const *)env,
        .workdir = work, .iodir = work, .stdout_path = out,
        .stderr_path = errp};
    /* bwrap with the same view: read-only system dirs, tmpfs scratch,
     * minimal /dev, fresh /proc, the work dir bound read-write. */
    char *bw[] = {"bwrap", "--unshare-all", "--die-with-parent",
        "--new-session", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin",
        "/bin", "--symlink", "usr/sbin", "/sbin", "--symlink", "usr/lib",
        "/lib", "--symlink", "usr/lib64", "/lib64", "--ro-bind", "/etc",
        "/etc", "--ro-bind", "/opt", "/opt", "--tmpfs", "/tmp", "--tmpfs",
        "/run", "--tmpfs", "/home", "--tmpfs", "/root", "--tmpfs",
        "/var/tmp", "--dev", "/dev", "--proc", "/proc", "--bind",
        (char *)work, (char *)work, "--chdir", (char *)work, "--setenv",
        "HOME", "/home/run", "/bin/true", NULL};
    struct sandbox_spec run = as_a_run(&s, work);
    double *t[6];
    for (int k = 0; k < 6; k++)
        t[k] = calloc((size_t)n, sizeof(double));
    if (measure(&s, &run, bw, n, t) < 0)
        return 1;
    double o = median(t[0], n), b = median(t[1], n), f = median(t[2], n);
    printf("sandbox /bin/true start-to-exit (median of %d, ms): ours %.3f, "
           "bwrap %.3f, ratio %.2f\n", n, o, b, o / b);
    printf("sandbox /bin/true start-to-exit vs bare fork/exec (ms): ours "
           "%.3f, bare %.3f, ratio %.2f\n", o, f, o / f);
    printf("sandbox start-to-exec only (ms): ours %.3f\n", median(t[3], n));
    double l = median(t[4], n);
    printf("sandbox with 1G memory + 1 cpu limits (cgroups) vs bwrap without "
           "limits (ms): ours %.3f, bwrap %.3f, ratio %.2f\n", l, b, l / b);
    printf("sandbox as a run (limits, disk quota, io dir, state and four "
           "secrets hidden) start-to-exit (ms): ours %.3f\n",
           median(t[5], n));
    sandbox_env_free(env);
    for (int k = 0; k < 6; k++)
        free(t[k]);
    return 0;
}
