/*
 * sandbox_cgroup_run — one run's cgroups: create with limits, attach the
 * run's init, kill everything in them, read the verdicts (OOM kill, peak
 * memory), remove. The v2 path kills with cgroup.kill; v1 freezes, kills
 * every member and thaws, so a forking process cannot race the kill.
 */
#include "sandbox/sandbox_int.h"
#include "core/path.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int putll(const char *dir, const char *file, long long v)
{
    char s[32];
    snprintf(s, sizeof s, "%lld", v);
    return sbx_cg_put(dir, file, s);
}

/* A number after `key` in a flat-keyed file ("oom_kill 3"), or -1. */
static int64_t get_key(const char *dir, const char *file, const char *key)
{
    char path[SBX_PATH_MAX], text[4096];
    if (sbx_cg_file(path, sizeof path, dir, file) < 0)
        return -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0)
        return -1;
    text[n] = '\0';
    if (!key[0])
        return strtoll(text, NULL, 10);
    size_t kl = strlen(key);
    for (char *p = text; (p = strstr(p, key)); p += kl)
        if ((p == text || p[-1] == '\n') && p[kl] == ' ')
            return strtoll(p + kl + 1, NULL, 10);
    return -1;
}

/* Removes cgroups left by supervisors that died (kill -9 skips
 * sandbox_free): empty "steward-<pid>-<n>" dirs whose pid is gone. rmdir
 * refuses a cgroup with members, so nothing alive is touched. */
static void sweep_stale(const char *base)
{
    DIR *d = opendir(base);
    struct dirent *e;
    for (int n = 0; d && (e = readdir(d)) && n < 10000; n++) {
        int pid = 0, seq = 0;
        if (sscanf(e->d_name, "steward-%d-%d", &pid, &seq) != 2 || pid <= 0 ||
            pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH)
            continue;
        char path[SBX_PATH_MAX];
        /* one that does not fit is left: cut, it could be base itself */
        if (sbx_cg_file(path, sizeof path, base, e->d_name) == 0)
            (void)rmdir(path);
    }
    if (d)
        closedir(d);
}

static void sweep_once(const struct sbx_cg_probe *p)
{
    static int done;
    if (done)
        return;
    done = 1;
    if (p->mode == SBX_CG_V2)
        sweep_stale(p->v2_base);
    for (int i = 0; p->mode == SBX_CG_V1 && i < SBX_V1_N; i++)
        if (p->v1_base[i][0])
            sweep_stale(p->v1_base[i]);
}

static int name_run(char *out, size_t n, const char *base, struct err *err)
{
    static unsigned counter;
    return path_format(out, n, err, "%s/steward-%d-%u", base, (int)getpid(),
                       ++counter);
}

/* The swap cap is best effort (not every kernel has it); whether it took
 * effect is remembered, so that the report states only what did. */
static int v2_limits(struct sbx_cgroup *cg, const char *dir,
                     const struct sandbox_limits *l)
{
    int64_t pids = l->pids ? l->pids : SBX_DEFAULT_PIDS;
    int rc = putll(dir, "pids.max", pids);
    if (l->mem_bytes > 0) {
        rc |= putll(dir, "memory.max", l->mem_bytes);
        cg->swap_capped = sbx_cg_put(dir, "memory.swap.max", "0") == 0 &&
                          !getenv("STEWARD_TEST_NO_SWAP_CAP");
    }
    if (l->cpus > 0) {
        char q[64];
        snprintf(q, sizeof q, "%lld 100000", (long long)(l->cpus * 100000));
        rc |= sbx_cg_put(dir, "cpu.max", q);
    }
    return rc;
}

static int v1_limits(struct sbx_cgroup *cg, const struct sandbox_limits *l)
{
    int rc = 0;
    if (l->mem_bytes > 0) {
        rc |= putll(cg->v1[SBX_V1_MEMORY], "memory.limit_in_bytes",
                    l->mem_bytes);
        cg->swap_capped = putll(cg->v1[SBX_V1_MEMORY],
                                "memory.memsw.limit_in_bytes",
                                l->mem_bytes) == 0 &&
                          !getenv("STEWARD_TEST_NO_SWAP_CAP");
    }
    if (l->cpus > 0 && cg->v1[SBX_V1_CPU][0]) {
        rc |= putll(cg->v1[SBX_V1_CPU], "cpu.cfs_period_us", 100000);
        rc |= putll(cg->v1[SBX_V1_CPU], "cpu.cfs_quota_us",
                    (long long)(l->cpus * 100000));
    }
    return rc;
}

/* Only the controllers this run needs: every attach to a v1 hierarchy
 * waits for an RCU grace period (about 5 ms here, each). The kill-all is
 * the PID namespace's job, so freezer is not used; the process count is
 * RLIMIT_NPROC, which counts per (user namespace, uid) and so is exactly
 * the run's tasks, as pids.max would be. */
static int v1_needed(int i, const struct sandbox_limits *l)
{
    return (i == SBX_V1_MEMORY && l->mem_bytes > 0) ||
           (i == SBX_V1_CPU && l->cpus > 0);
}

static int create_v1(const struct sbx_cg_probe *p, struct sbx_cgroup *cg,
                     const struct sandbox_limits *l, struct err *err)
{
    char leaf[64];
    int rc = name_run(leaf, sizeof leaf, "", err);
    for (int i = 0; !rc && i < SBX_V1_N; i++) {
        if (!p->v1_base[i][0] || !v1_needed(i, l))
            continue;
        rc = path_format(cg->v1[i], sizeof cg->v1[i], err, "%s%s",
                         p->v1_base[i], leaf);
        if (!rc && mkdir(cg->v1[i], 0755) < 0) {
            cg->v1[i][0] = '\0';
            return err_errno(err, "cgroup v1: mkdir under %s", p->v1_base[i]);
        }
    }
    return rc;
}

static int create_v2(const struct sbx_cg_probe *p, struct sbx_cgroup *cg,
                     const struct sandbox_limits *l, struct err *err)
{
    int rc = name_run(cg->v2, sizeof cg->v2, p->v2_base, err);
    if (rc)
        return rc;
    if (mkdir(cg->v2, 0755) < 0) {
        cg->v2[0] = '\0';
        return err_errno(err, "cgroup v2: mkdir under %s", p->v2_base);
    }
    if (v2_limits(cg, cg->v2, l) < 0)
        return err_errno(err, "cgroup v2: cannot set limits in %s", cg->v2);
    cg->v2_fd = open(cg->v2, O_PATH | O_DIRECTORY | O_CLOEXEC);
    return 0;
}

int sbx_cg_create(const struct sbx_cg_probe *p, const struct sandbox_limits *l,
                  struct sbx_cgroup **out, struct err *err)
{
    struct sbx_cgroup *cg = calloc(1, sizeof *cg);
    if (!cg)
        return err_set(err, ERR_INTERNAL, "cgroup: out of memory");
    cg->mode = p->mode;
    cg->v2_fd = -1;
    sweep_once(p);
    int rc = p->mode == SBX_CG_V2 ? create_v2(p, cg, l, err)
                                  : create_v1(p, cg, l, err);
    if (!rc && p->mode != SBX_CG_V2 && v1_limits(cg, l) < 0)
        rc = err_errno(err, "cgroup v1: cannot set limits");
    if (rc < 0) {
        sbx_cg_destroy(cg);
        return rc;
    }
    *out = cg;
    return 0;
}

int sbx_cg_attach(struct sbx_cgroup *cg, pid_t pid, struct err *err)
{
    if (cg->mode == SBX_CG_V2 && cg->placed)
        return 0;   /* already there: a second move would cost a GP */
    if (cg->mode == SBX_CG_V2)
        return putll(cg->v2, "cgroup.procs", pid) < 0
                   ? err_errno(err, "cgroup v2: attach to %s", cg->v2) : 0;
    for (int i = 0; i < SBX_V1_N; i++)
        if (cg->v1[i][0] && putll(cg->v1[i], "cgroup.procs", pid) < 0)
            return err_errno(err, "cgroup v1: attach to %s", cg->v1[i]);
    return 0;
}

/* Kills every member of the run's v1 cgroups, again while any are left
 * (a member may fork between the read and the kill). */
static void v1_kill_in(const char *dir)
{
    char path[SBX_PATH_MAX];
    /* attach wrote this very path: one that does not fit holds nobody */
    if (sbx_cg_file(path, sizeof path, dir, "cgroup.procs") < 0)
        return;
    for (int round = 0; round < 10 && dir[0]; round++) {
        FILE *f = fopen(path, "re");
        int pid, n = 0;
        while (f && n < 100000 && fscanf(f, "%d", &pid) == 1 && ++n)
            kill(pid, SIGKILL);
        if (f)
            fclose(f);
        if (n == 0)
            break;
    }
}

static void v1_kill(struct sbx_cgroup *cg)
{
    for (int i = 0; i < SBX_V1_N; i++)
        v1_kill_in(cg->v1[i]);
}

void sbx_cg_kill(struct sbx_cgroup *cg)
{
    if (!cg)
        return;
    if (cg->mode == SBX_CG_V2 && cg->v2[0])
        (void)sbx_cg_put(cg->v2, "cgroup.kill", "1");
    else if (cg->mode == SBX_CG_V1)
        v1_kill(cg);
}

int sbx_cg_oom_killed(const struct sbx_cgroup *cg)
{
    if (!cg)
        return 0;
    int64_t n = cg->mode == SBX_CG_V2
        ? get_key(cg->v2, "memory.events", "oom_kill")
        : get_key(cg->v1[SBX_V1_MEMORY], "memory.oom_control", "oom_kill");
    return n > 0;
}

int64_t sbx_cg_peak_kb(const struct sbx_cgroup *cg)
{
    if (!cg)
        return 0;
    int64_t b = cg->mode == SBX_CG_V2
        ? get_key(cg->v2, "memory.peak", "")
        : get_key(cg->v1[SBX_V1_MEMORY], "memory.max_usage_in_bytes", "");
    return b > 0 ? b / 1024 : 0;
}

/* rmdir, retrying while the last members finish dying. */
static void remove_dir(char *dir)
{
    if (!dir[0])
        return;
    for (int i = 0; i < 200 && rmdir(dir) < 0 && errno == EBUSY; i++) {
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    dir[0] = '\0';
}

void sbx_cg_destroy(struct sbx_cgroup *cg)
{
    if (!cg)
        return;
    sbx_cg_kill(cg);
    if (cg->v2_fd >= 0)
        close(cg->v2_fd);
    remove_dir(cg->v2);
    for (int i = 0; i < SBX_V1_N; i++)
        remove_dir(cg->v1[i]);
    free(cg);
}
