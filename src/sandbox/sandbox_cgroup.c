/*
 * sandbox_cgroup — limits and kill-all through cgroups, detected at run
 * time: cgroup v2 when our cgroup can delegate memory, pids and cpu to a
 * child, else the v1 memory and cpu hierarchies (processes are counted by
 * RLIMIT_NPROC in the run's own user namespace), else none (rlimits). STEWARD_CGROUP_MODE=v2|v1|none forces a
 * mode (tests run the escape suite under each); forcing a mode the host
 * cannot do is an error, never a silent downgrade.
 *
 * Detection reads only a root directory and a /proc/self/cgroup-style
 * file, so tests point it at fake trees.
 */
#include "sandbox/sandbox_int.h"
#include "core/clock.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const v1_names[SBX_V1_N] = {"memory", "pids", "cpu",
                                               "freezer"};

static int read_small(const char *path, char *out, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t r = read(fd, out, n - 1);
    close(fd);
    if (r < 0)
        return -1;
    out[r] = '\0';
    return 0;
}

int sbx_cg_file(char *out, size_t n, const char *dir, const char *file)
{
    int w = snprintf(out, n, "%s/%s", dir, file);
    if (w >= 0 && (size_t)w < n)
        return 0;
    errno = ENAMETOOLONG;
    return -1;
}

int sbx_cg_put(const char *dir, const char *file, const char *val)
{
    char path[SBX_PATH_MAX];
    if (sbx_cg_file(path, sizeof path, dir, file) < 0)
        return -1;
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t w = write(fd, val, strlen(val));
    close(fd);
    return w == (ssize_t)strlen(val) ? 0 : -1;
}

static int has_word(const char *list, const char *word, const char *seps)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)); p += n) {
        int start = p == list || strchr(seps, p[-1]);
        int end = p[n] == '\0' || strchr(seps, p[n]);
        if (start && end)
            return 1;
    }
    return 0;
}

static int file_exists(const char *dir, const char *file)
{
    char path[SBX_PATH_MAX];
    return sbx_cg_file(path, sizeof path, dir, file) == 0 &&
           access(path, F_OK) == 0;
}

/* The path of our cgroup for a v1 controller ("" = v2 line "0::"). */
static int own_path(const char *proc_text, const char *ctrl, char *out,
                    size_t n)
{
    for (const char *line = proc_text; line && *line;) {
        const char *c1 = strchr(line, ':');
        const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        const char *eol = strchr(line, '\n');
        if (!c2)
            return -1;
        size_t clen = (size_t)(c2 - c1 - 1);
        char ctrls[256];
        /* a list too long to copy would match on its cut last word */
        snprintf(ctrls, sizeof ctrls, "%.*s", (int)clen, c1 + 1);
        int match = clen < sizeof ctrls &&
                    (ctrl[0] ? has_word(ctrls, ctrl, ",") : clen == 0);
        if (match) {
            size_t plen = eol ? (size_t)(eol - c2 - 1) : strlen(c2 + 1);
            return plen < n ? (snprintf(out, n, "%.*s", (int)plen, c2 + 1), 0)
                            : -1;
        }
        line = eol ? eol + 1 : NULL;
    }
    return -1;
}

/* The cgroup2 mount: root itself, or root/unified (hybrid hosts). */
static int v2_mount(const char *root, char *mnt, size_t n)
{
    if (strlen(root) < n && file_exists(root, "cgroup.controllers"))
        return snprintf(mnt, n, "%s", root), 0;
    return sbx_cg_file(mnt, n, root, "unified") == 0 &&
           file_exists(mnt, "cgroup.controllers") ? 0 : -1;
}

/* Our own cgroup under the mount: the directory ours go under. */
static int v2_own_base(const char *root, const char *proc,
                       struct sbx_cg_probe *p)
{
    char mnt[SBX_PATH_MAX], own[SBX_PATH_MAX];
    if (v2_mount(root, mnt, sizeof mnt) < 0 ||
        own_path(proc, "", own, sizeof own) < 0)
        return snprintf(p->why, sizeof p->why, "no cgroup2 mount"), -1;
    int w = snprintf(p->v2_base, sizeof p->v2_base, "%s%s", mnt,
                     strcmp(own, "/") == 0 ? "" : own);
    if (w >= 0 && (size_t)w < sizeof p->v2_base)
        return 0;
    p->v2_base[0] = '\0';   /* cut, it would name an ancestor's cgroup */
    return snprintf(p->why, sizeof p->why, "cgroup2 path of %.80s is too "
                    "long", own), -1;
}

static int v2_detect(const char *root, const char *proc,
                     struct sbx_cg_probe *p)
{
    char text[512], ctl[SBX_PATH_MAX];
    if (v2_own_base(root, proc, p) < 0)
        return -1;
    const char *need[] = {"memory", "pids", "cpu"};
    if (sbx_cg_file(ctl, sizeof ctl, p->v2_base, "cgroup.subtree_control"))
        return snprintf(p->why, sizeof p->why, "cgroup2 %.80s...: path too "
                        "long", p->v2_base), -1;
    if (read_small(ctl, text, sizeof text) == 0 &&
        !(has_word(text, "memory", " \n") && has_word(text, "pids", " \n") &&
          has_word(text, "cpu", " \n")))
        (void)sbx_cg_put(p->v2_base, "cgroup.subtree_control",
                         "+memory +pids +cpu");
    if (read_small(ctl, text, sizeof text) < 0 || access(p->v2_base, W_OK) < 0)
        return snprintf(p->why, sizeof p->why, "cgroup2 %s not writable",
                        p->v2_base), -1;
    for (size_t i = 0; i < 3; i++)
        if (!has_word(text, need[i], " \n"))
            return snprintf(p->why, sizeof p->why, "cgroup2 %s cannot "
                            "delegate %s", p->v2_base, need[i]), -1;
    return 0;
}

static int v1_detect(const char *root, const char *proc, struct sbx_cg_probe *p)
{
    for (int i = 0; i < SBX_V1_N; i++) {
        char own[SBX_PATH_MAX], dir[SBX_PATH_MAX];
        p->v1_base[i][0] = '\0';
        if (own_path(proc, v1_names[i], own, sizeof own) < 0)
            continue;
        int w = snprintf(dir, sizeof dir, "%s/%s%s", root, v1_names[i],
                         strcmp(own, "/") == 0 ? "" : own);
        if (w < 0 || (size_t)w >= sizeof dir)
            continue;   /* cut, it would name an ancestor: not usable */
        if (file_exists(dir, "cgroup.procs") && access(dir, W_OK) == 0)
            snprintf(p->v1_base[i], sizeof p->v1_base[i], "%s", dir);
    }
    if (!p->v1_base[SBX_V1_MEMORY][0] || !p->v1_base[SBX_V1_CPU][0]) {
        size_t n = strlen(p->why);
        snprintf(p->why + n, sizeof p->why - n, "%sno writable v1 memory "
                 "and cpu", n ? "; " : "");
        return -1;
    }
    return 0;
}

int sbx_cg_detect(const char *root, const char *proc_cgroup, const char *force,
                  struct sbx_cg_probe *p)
{
    char proc[4096];
    memset(p, 0, sizeof *p);
    if (read_small(proc_cgroup, proc, sizeof proc) < 0)
        proc[0] = '\0';
    int want = !force || !*force ? -1 : strcmp(force, "v2") == 0 ? SBX_CG_V2
               : strcmp(force, "v1") == 0 ? SBX_CG_V1
               : strcmp(force, "none") == 0 ? SBX_CG_NONE : -2;
    if (want == -2) {
        snprintf(p->why, sizeof p->why, "STEWARD_CGROUP_MODE must be v2, v1 "
                 "or none, not '%.40s'", force);
        return p->mode = -1;
    }
    if (want == SBX_CG_NONE)
        return p->mode = SBX_CG_NONE;
    if ((want == -1 || want == SBX_CG_V2) && v2_detect(root, proc, p) == 0)
        return p->mode = SBX_CG_V2;
    if ((want == -1 || want == SBX_CG_V1) && v1_detect(root, proc, p) == 0)
        return p->mode = SBX_CG_V1;
    return p->mode = want == -1 ? SBX_CG_NONE : -1;
}

/* How long a probe of the host's cgroups is taken as current. */
#define PROBE_TTL_NS (5 * 1000000000LL)

/* The host's cgroup set-up, probed at most every few seconds per process
 * and inherited by forks: a zygote that calls sandbox_prepare before each
 * fork hands its supervisors a fresh probe, which otherwise took a tenth
 * of a run's start (bench/RESULTS.md, core); the dispatcher's
 * sandbox_capabilities reads the same one. A change of
 * STEWARD_CGROUP_MODE probes again. */
static struct {
    struct sbx_cg_probe p;
    int64_t at_ns;        /* 0: never probed */
    char force[64];       /* STEWARD_CGROUP_MODE it was probed with */
} probe_cache;

int sbx_cg_probe_host(struct sbx_cg_probe *p, int fresh)
{
    const char *force = getenv("STEWARD_CGROUP_MODE");
    int64_t now = clock_mono_ns();
    force = force ? force : "";
    if (fresh || !probe_cache.at_ns || strcmp(force, probe_cache.force) ||
        now - probe_cache.at_ns > PROBE_TTL_NS) {
        sbx_cg_detect("/sys/fs/cgroup", "/proc/self/cgroup", force,
                      &probe_cache.p);
        snprintf(probe_cache.force, sizeof probe_cache.force, "%s", force);
        probe_cache.at_ns = now;
    }
    *p = probe_cache.p;
    return p->mode;
}
