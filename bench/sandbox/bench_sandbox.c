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

/* Runs the three kinds in alternating blocks of 20 into t[0..3]. Single
 * runs are not interleaved: that makes each sandbox pay for the previous
 * one's asynchronous network namespace teardown (both tools bring up
 * loopback under the same rtnl lock), which measures the neighbour. */
static int measure(const struct sandbox_spec *s, char *const *bw, int n,
                   double *t[5])
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
            if (ours(s, &t[3][i]) < 0)
                return -1;
            t[0][i] = ms_since(t0);
        }
        for (int i = i0; i < i1; i++) {
            int64_t t0 = clock_mono_ns();
            if (ours(&lim, &ignored) < 0)
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
    }
    return 0;
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
    double *t[5];
    for (int k = 0; k < 5; k++)
        t[k] = calloc((size_t)n, sizeof(double));
    if (measure(&s, bw, n, t) < 0)
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
    sandbox_env_free(env);
    for (int k = 0; k < 5; k++)
        free(t[k]);
    return 0;
}
