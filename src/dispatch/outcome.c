/*
 * outcome — what a supervisor leaves when its run ends: the run's tree
 * removed, its artifacts content-hashed into .steward/artifacts/, and
 * runs/<id>/end.json, which the server records (api/runend.c) once the
 * supervisor has exited. The file is written whole under another name and
 * renamed, so a reader sees all of it or none: a supervisor killed before
 * the rename leaves its run to be marked lost.
 */
#include "dispatch/runctx.h"
#include "api/runpath.h"
#include "core/fdio.h"
#include "core/path.h"
#include "snapshot/snapshot.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The artifact manifest, or {"error": why} when none could be made:
 * failing to collect does not change how the run ended. */
static json_t *collect_artifacts(struct runctx *c)
{
    static const struct sandbox_artifact_caps caps = {
        256LL << 20, 1LL << 30, 10000, 32,
    };
    char dir[API_PATH_MAX + 16], store[API_PATH_MAX + 16];
    json_t *manifest = NULL;
    struct err err = ERR_INIT;
    if (!c->io[0])
        return json_pack("{s:s}", "error", "the run never started");
    if (path_format(dir, sizeof dir, &err, "%s/artifacts", c->io) ||
        path_format(store, sizeof store, &err, "%s/artifacts", c->home) ||
        sandbox_collect_artifacts(dir, store, &caps, &manifest, &err))
        manifest = json_pack("{s:s}", "error", err.msg);
    /* Only the store keeps artifacts: what the run left (planted
     * symlinks, FIFOs) goes, so no later tool can follow it. A path
     * that did not fit is "": nothing else is removed in its place. */
    if (dir[0])
        snapshot_remove_tree(dir);
    return manifest;
}

static json_t *outcome_json(struct runctx *c, const struct run_outcome *o)
{
    const struct sandbox_exit *ex = o->exit;
    return json_pack("{s:I,s:s,s:s,s:b,s:o,s:o,s:I,s:f,s:f,s:I,s:I,s:o,"
                     "s:o}", "run", (json_int_t)c->run_id, "state", o->state,
                     "reason", o->reason, "stopped", o->stopped, "exit_code",
                     ex->exited ? json_integer(ex->exit_code) : json_null(),
                     "signal", ex->signal ? json_integer(ex->signal)
                     : json_null(), "wall_ms", (json_int_t)ex->wall_ms,
                     "user_s", ex->user_s, "sys_s", ex->sys_s, "max_rss_kb",
                     (json_int_t)ex->max_rss_kb, "log_dropped",
                     (json_int_t)ex->log_dropped, "enforcement",
                     o->enforcement ? json_incref(o->enforcement)
                     : json_null(), "artifacts", collect_artifacts(c));
}

static int write_whole(const char *path, const char *tmp, const char *text)
{
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
                  O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    int rc = fd_write_all(fd, text, strlen(text));
    rc = close(fd) || rc ? -1 : 0;
    return rc ? rc : rename(tmp, path);
}

int outcome_write(struct runctx *c, const struct run_outcome *o)
{
    char path[API_PATH_MAX + 16], tmp[API_PATH_MAX + 16 + 8]; /* + ".tmp" */
    /* The run's tree goes first: a run on record as ended holds no disk
     * but its logs (the store keeps the contents). */
    snapshot_remove_tree(c->work);
    /* gc waits until the artifacts are named in end.json */
    struct cas *gc_guard = NULL;
    struct err ignored = ERR_INIT;
    if (cas_open(c->home, &gc_guard, &ignored))
        gc_guard = NULL;
    json_t *out = outcome_json(c, o);
    char *text = out ? json_dumps(out, JSON_COMPACT) : NULL;
    json_decref(out);
    int rc = !text || run_path(c->home, c->run_id, "end.json", path,
                                sizeof path) ? -1 : 0;
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    rc = rc ? rc : write_whole(path, tmp, text);
    if (rc)
        fprintf(stderr, "steward supervisor: could not write %s\n", path);
    cas_free(gc_guard);
    free(text);
    return rc;
}
