/*
 * sandbox_report — the enforcement report: for every limit and isolation
 * a run asks for, the mechanism that enforces it on this host, or "NOT
 * ENFORCED". sandbox_capabilities answers the same question before a run
 * (as if every limit were requested), so a policy can refuse to start a
 * run whose required limits this host cannot enforce.
 */
#include "sandbox/sandbox_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOT_ENFORCED "NOT ENFORCED"
#define NOT_REQUESTED "not requested (unlimited)"

static void put(json_t *r, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void put(json_t *r, const char *key, const char *fmt, ...)
{
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    json_object_set_new(r, key, json_string(text));
}

static void report_memory(json_t *r, int mode, int64_t mem)
{
    if (mem <= 0)
        put(r, "memory", NOT_REQUESTED);
    else if (mode == SBX_CG_V2)
        put(r, "memory", "cgroup2 memory.max=%lld, swap 0", (long long)mem);
    else if (mode == SBX_CG_V1)
        put(r, "memory", "cgroup1 memory.limit_in_bytes=%lld, memsw same",
            (long long)mem);
    else
        put(r, "memory", "rlimit AS=%lld (virtual address space)",
            (long long)mem);
}

static void report_cpu(json_t *r, int mode, double cpus)
{
    if (cpus <= 0)
        put(r, "cpu", NOT_REQUESTED);
    else if (mode == SBX_CG_V2)
        put(r, "cpu", "cgroup2 cpu.max (%.3g cores)", cpus);
    else if (mode == SBX_CG_V1)
        put(r, "cpu", "cgroup1 cpu.cfs_quota_us (%.3g cores)", cpus);
    else
        put(r, "cpu", NOT_ENFORCED);
}

static void report_limits(json_t *r, const struct sandbox_limits *l, int mode)
{
    long long pids = l->pids ? l->pids : SBX_DEFAULT_PIDS;
    long long disk = l->disk_bytes ? l->disk_bytes : SBX_DEFAULT_DISK;
    long long logb = l->log_bytes ? l->log_bytes : SBX_DEFAULT_LOG;
    report_memory(r, mode, l->mem_bytes);
    report_cpu(r, mode, l->cpus);
    if (mode == SBX_CG_V2)
        put(r, "pids", "cgroup2 pids.max=%lld", pids);
    else
        put(r, "pids", "rlimit NPROC=%lld (per-run user namespace)", pids);
    put(r, "wall_time", "supervisor: SIGTERM to all, grace, SIGKILL of the "
        "PID namespace");
    put(r, "disk", "%lld bytes: usage scan of work+io dirs (kill) + rlimit "
        "FSIZE; scratch tmpfs size", disk);
    put(r, "log", "supervisor cap %lld bytes per stream, rest dropped", logb);
}

static const char *mode_name(int mode)
{
    return mode == SBX_CG_V2 ? "v2" : mode == SBX_CG_V1 ? "v1" : "none";
}

static void report_isolation(json_t *r, int network, int mode, int hidden)
{
    put(r, "network", network ? "netns + slirp4netns egress (granted; "
        "host loopback and abstract sockets unreachable)"
        : "netns (loopback only)");
    put(r, "filesystem", "mount ns + pivot_root: system dirs read-only, only "
        "work and io dirs writable, tmpfs over /tmp /run /root /home $HOME, "
        "%d hidden path(s), minimal /dev", hidden);
    put(r, "seccomp", "libseccomp deny list (EPERM); foreign ABIs killed");
    put(r, "namespaces", "user mount pid ipc uts cgroup net");
    put(r, "privileges", "no capabilities (all sets), no_new_privs, "
        "unprivileged uid, no controlling tty");
    put(r, "cleanup", "pid namespace init%s", mode == SBX_CG_V2
        ? " + cgroup.kill" : mode == SBX_CG_V1 ? " + kill of the cgroups" : "");
    put(r, "environment", "built by the supervisor from an allow-list; "
        "nothing inherited");
    put(r, "cgroup_mode", "%s", mode_name(mode));
}

static void report_gpus(json_t *r, const struct sandbox_spec *spec)
{
    if (spec->gpu_ids && spec->gpu_ids[0])
        put(r, "gpus", "only /dev/nvidia{%.64s} + control nodes bound",
            spec->gpu_ids);
    else
        put(r, "gpus", "none (no GPU device nodes)");
}

/* The swap write failed: the memory line says so instead of "swap 0". */
void sbx_report_swap_uncapped(json_t *r, int mode, int64_t mem)
{
    put(r, "memory", "%s=%lld; swap NOT capped (the %s write failed)",
        mode == SBX_CG_V2 ? "cgroup2 memory.max"
                          : "cgroup1 memory.limit_in_bytes",
        (long long)mem, mode == SBX_CG_V2 ? "memory.swap.max"
                                          : "memory.memsw.limit_in_bytes");
}

json_t *sbx_report_build(const struct sandbox_spec *spec, int cg_mode,
                         int unprivileged)
{
    json_t *r = json_object();
    int hidden = 0;
    for (size_t i = 0; spec->hidden && spec->hidden[i]; i++)
        hidden++;
    report_limits(r, &spec->limits, cg_mode);
    report_isolation(r, spec->network, cg_mode, hidden);
    report_gpus(r, spec);
    (void)unprivileged;
    return r;
}

json_t *sandbox_report(const struct sandbox *sb)
{
    return json_deep_copy(sb->report);
}

static int userns_available(void)
{
    FILE *f = fopen("/proc/sys/user/max_user_namespaces", "re");
    long n = 0;
    if (f) {
        if (fscanf(f, "%ld", &n) != 1)
            n = 0;
        fclose(f);
    }
    return n > 0;
}

json_t *sandbox_capabilities(void)
{
    struct sbx_cg_probe p;
    int mode = sbx_cg_probe_host(&p, 0);
    struct sandbox_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.limits.cpus = 1;
    spec.limits.mem_bytes = 1LL << 30;
    json_t *r = sbx_report_build(&spec, mode < 0 ? SBX_CG_NONE : mode, 0);
    if (!userns_available())
        put(r, "namespaces", NOT_ENFORCED " (user namespaces disabled)");
    if (mode < 0)
        put(r, "cgroup_mode", "error: %s", p.why);
    else if (p.why[0])
        put(r, "cgroup_note", "%s", p.why);
    return r;
}
