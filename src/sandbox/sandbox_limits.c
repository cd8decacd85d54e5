/*
 * sandbox_limits — the rlimits every run gets, set in the child before
 * exec. They are the whole story in "none" cgroup mode and a second line
 * otherwise: no core dumps (a core is a copy of the memory, and disk), no
 * single file larger than the disk quota; the process count unless cgroup
 * v2 does it (RLIMIT_NPROC counts per (user namespace, uid) since Linux
 * 5.14, and every run has its own user namespace, so it bounds exactly
 * the run's tasks); and in "none" mode the address space.
 */
#include "sandbox/sandbox_int.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>

static int set(int what, int64_t v, const char *name, struct err *err)
{
    struct rlimit rl = {(rlim_t)v, (rlim_t)v};
    if (setrlimit(what, &rl) < 0)
        return err_errno(err, "rlimit %s", name);
    return 0;
}

int sbx_rlimits_apply(const struct sandbox_spec *spec, int cg_mode,
                      struct err *err)
{
    const struct sandbox_limits *l = &spec->limits;
    int64_t disk = l->disk_bytes ? l->disk_bytes : SBX_DEFAULT_DISK;
    int64_t pids = l->pids ? l->pids : SBX_DEFAULT_PIDS;
    if (set(RLIMIT_CORE, 0, "CORE", err) < 0 ||
        set(RLIMIT_FSIZE, disk, "FSIZE", err) < 0)
        return err->code;
    if (cg_mode != SBX_CG_V2 && set(RLIMIT_NPROC, pids, "NPROC", err) < 0)
        return err->code;
    if (cg_mode == SBX_CG_NONE && l->mem_bytes > 0 &&
        set(RLIMIT_AS, l->mem_bytes, "AS", err) < 0)
        return err->code;
    return 0;
}
