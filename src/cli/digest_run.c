/*
 * digest_run — `steward digest ID`: the digest of a stored run, from its
 * captured stdout/stderr and metrics, with the logs of succeeded runs of
 * the same campaign as the reference for novel templates.
 */
#include "cli/util.h"
#include "core/clock.h"
#include "digest/digest.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define DIGEST_REFS_MAX 3

struct run_files {
    char out[API_PATH_MAX + 16], err[API_PATH_MAX + 16];
    char metrics[API_PATH_MAX + 32];
    char refs[DIGEST_REFS_MAX][API_PATH_MAX + 16];
    const char *logs[2], *ref_list[DIGEST_REFS_MAX];
    size_t nrefs;
};

/* Succeeded siblings in the same campaign, as the novelty reference. */
static void add_refs(struct steward *s, const json_t *exp, struct run_files *f)
{
    static const char *const ok[] = {"succeeded", NULL};
    const char *campaign = json_string_value(json_object_get(exp, "campaign"));
    json_t *list = NULL;
    struct err err = ERR_INIT;
    if (!campaign || steward_list(s, ok, &list, &err))
        return;
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) {
        const char *c = json_string_value(json_object_get(e, "campaign"));
        int64_t id = json_integer_value(json_object_get(e, "id"));
        char dir[API_PATH_MAX];
        if (f->nrefs == DIGEST_REFS_MAX || !c || strcmp(c, campaign) ||
            id == json_integer_value(json_object_get(exp, "id")) ||
            steward_run_dir(s, id, dir, sizeof dir, &err))
            continue;
        snprintf(f->refs[f->nrefs], sizeof f->refs[0], "%s/stdout.log", dir);
        f->ref_list[f->nrefs] = f->refs[f->nrefs];
        f->nrefs++;
    }
    json_decref(list);
}

static void run_info(const json_t *exp, struct digest_runinfo *info)
{
    const json_t *run = json_object_get(exp, "run");
    int64_t start = json_integer_value(json_object_get(run, "started_ms"));
    int64_t end = json_integer_value(json_object_get(run, "ended_ms"));
    json_t *code = json_object_get(run, "exit_code");
    info->state = json_string_value(json_object_get(exp, "state"));
    info->duration_s = start ? (double)((end ? end : clock_wall_ms()) - start)
                               / 1000.0 : -1;
    info->has_exit = json_is_integer(code);
    info->exit_code = (int)json_integer_value(code);
    info->now_s = end ? 0 : (double)clock_wall_ms() / 1000.0;
    info->end_reason = json_string_value(json_object_get(run, "end_reason"));
    info->log_dropped = json_integer_value(json_object_get(run,
                                                           "log_dropped"));
}

/* What the store knows wins over a snapshot: how the run ended (written
 * after the supervisor's last snapshot, or by recovery when it died) and
 * the malformed metrics count that `status` shows, so that both print one
 * number for one file. */
static void overlay_store(json_t *d, const json_t *exp,
                          const struct digest_runinfo *info)
{
    const json_t *run = json_object_get(exp, "run");
    json_object_set_new(d, "run", digest_runinfo_json(info));
    json_t *met = json_object_get(d, "metrics");
    json_t *bad = json_object_get(run, "metrics_bad_lines");
    if (json_is_object(met) && json_is_integer(bad) &&
        json_object_get(run, "ended_ms") &&
        json_integer_value(json_object_get(run, "ended_ms")))
        json_object_set(met, "malformed", bad);
}

/* A run that never started has no logs and no metrics file: what is
 * missing is empty, not an error. */
static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The snapshot the run's supervisor keeps (instant to read), or NULL. */
static json_t *live_snapshot(const char *dir)
{
    char path[API_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/digest.json", dir);
    return json_load_file(path, 0, NULL);
}

static int digest_of(struct steward *s, int64_t id, json_t **out,
                     struct err *err)
{
    struct run_files f;
    char dir[API_PATH_MAX];
    json_t *exp = NULL;
    memset(&f, 0, sizeof f);
    int rc = steward_show(s, id, &exp, err);
    rc = rc ? rc : steward_run_dir(s, id, dir, sizeof dir, err);
    if (rc) {
        json_decref(exp);
        return rc;
    }
    snprintf(f.out, sizeof f.out, "%s/stdout.log", dir);
    snprintf(f.err, sizeof f.err, "%s/stderr.log", dir);
    snprintf(f.metrics, sizeof f.metrics, "%s/io/metrics.jsonl", dir);
    size_t nlogs = 0;
    if (exists(f.out))
        f.logs[nlogs++] = f.out;
    if (exists(f.err))
        f.logs[nlogs++] = f.err;
    add_refs(s, exp, &f);
    struct digest_input in = {f.logs, nlogs, exists(f.metrics) ? f.metrics
                              : NULL, f.nrefs ? f.ref_list : NULL, f.nrefs,
                              NULL, {NULL, -1, 0, 0, 0, NULL, 0}};
    run_info(exp, &in.info);
    /* A finished run's snapshot is final; a running one's is at most a
     * few seconds old. A run with reference runs (novelty) or without a
     * snapshot (an old run) is digested from its files. */
    if (f.nrefs || !(*out = live_snapshot(dir)))
        rc = digest_run(&in, out, err);
    if (!rc) {
        overlay_store(*out, exp, &in.info);
        json_object_set_new(*out, "experiment", json_integer(id));
    }
    json_decref(exp);
    return rc;
}

int digest_by_id(const char *id_text, int json)
{
    struct steward *s;
    struct err err = ERR_INIT;
    int64_t id;
    json_t *d = NULL;
    if (cli_parse_id(id_text, &id, &err))
        return cli_fail(&err, json);
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = digest_of(s, id, &d, &err);
    steward_close(s);
    if (rc)
        return cli_fail(&err, json);
    if (json)
        (void)cli_print_json(d);
    else
        digest_render_text(d, stdout);
    json_decref(d);
    return 0;
}
