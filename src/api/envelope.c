/*
 * envelope — is a proposal inside its campaign's approved envelope?
 *
 * A human approves a campaign's envelope once: at most so many runs, each
 * within the resources per run, its command matching the pattern, its
 * params within their ranges (or within the campaign's search space), and
 * all of them within a total of cpu-hours. A proposal inside it needs no
 * further review (the policy says `auto inside approved campaign
 * envelope`); anything outside, or a campaign whose envelope is spent or
 * not yet approved, goes to a human. The answer always comes with the
 * reason, for the review card.
 */
#include "api/envelope.h"
#include "search/search.h"
#include "store/store.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct camp {
    int64_t id;
    char state[16];
    json_t *env;
    char *space;
};

static int load(sqlite3 *db, const char *name, struct camp *c,
                struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id, state, envelope, space FROM "
                           "campaigns WHERE name = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        c->id = sqlite3_column_int64(st, 0);
        snprintf(c->state, sizeof c->state, "%s", store_col_text(st, 1));
        c->env = json_loads(store_col_text(st, 2), 0, NULL);
        c->space = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL
                   : strdup(store_col_text(st, 3));
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_USER, "no campaign '%s'; create it with "
                       "'steward campaign create'", name);
    if (rc == SQLITE_ROW && !strcmp(c->state, "deleted")) {
        json_decref(c->env);
        free(c->space);
        c->env = NULL;
        c->space = NULL;
        return err_set(err, ERR_USER, "campaign '%s' was deleted; proposals "
                       "may no longer join it", name);
    }
    return rc == SQLITE_ROW ? 0 : store_fail(db, rc, "reading campaign", err);
}

static int argv_matches(const char *pattern, char *const *argv)
{
    char cmd[4096];
    size_t used = 0;
    cmd[0] = '\0';
    for (size_t i = 0; argv[i] && used + 1 < sizeof cmd; i++)
        used += (size_t)snprintf(cmd + used, sizeof cmd - used, "%s%s",
                                 i ? " " : "", argv[i]);
    return fnmatch(pattern, cmd, 0) == 0;
}

static int param_in_range(const json_t *range, const json_t *v)
{
    if (json_is_array(range) && json_array_size(range) == 2 &&
        json_is_number(json_array_get(range, 0)) && json_is_number(v))
        return json_number_value(v) >= json_number_value(json_array_get(range,
                                                                         0)) &&
               json_number_value(v) <= json_number_value(json_array_get(range,
                                                                        1));
    size_t i;
    json_t *allowed;
    json_array_foreach(range, i, allowed) if (json_equal(allowed, v)) return 1;
    return 0;
}

static int params_ok(const struct camp *c, const json_t *params, char *why,
                     size_t n)
{
    const char *name;
    json_t *v, *ranges = json_object_get(c->env, "params");
    json_object_foreach((json_t *)params, name, v) {
        json_t *range = json_object_get(ranges, name);
        if (range && !param_in_range(range, v))
            return snprintf(why, n, "param %s outside the envelope's range",
                            name), 0;
    }
    struct search_space *space = NULL;
    struct err err = ERR_INIT;
    double x[256];
    if (c->space && !search_space_parse(c->space, "space", &space, &err) &&
        search_space_from_json(space, params, x, &err))
        snprintf(why, n, "params outside the campaign's space: %s", err.msg);
    search_space_free(space);
    return err.code == 0;
}

static int resources_ok(const json_t *env, const struct proposal *p, char *why,
                        size_t n)
{
    json_t *v;
    if ((v = json_object_get(env, "cpus")) && p->cpus > json_number_value(v))
        return snprintf(why, n, "cpus %g above the envelope's %g", p->cpus,
                        json_number_value(v)), 0;
    if ((v = json_object_get(env, "mem_bytes")) &&
        p->mem_bytes > json_integer_value(v))
        return snprintf(why, n, "mem above the envelope's"), 0;
    if ((v = json_object_get(env, "time_s")) &&
        p->time_s > json_integer_value(v))
        return snprintf(why, n, "time above the envelope's"), 0;
    if (p->gpus > json_integer_value(json_object_get(env, "gpus")))
        return snprintf(why, n, "gpus above the envelope's"), 0;
    if (p->network)
        return snprintf(why, n, "network is never inside an envelope"), 0;
    return 1;
}

/* Runs and cpu-hours the campaign has used (reserved or spent). */
static int spent(sqlite3 *db, int64_t exclude, const char *name, int64_t *runs,
                 double *cpu_hours, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT count(*), COALESCE(SUM(cpus * time_s)"
        " / 3600.0, 0) FROM experiments WHERE campaign = ? AND id != ? AND "
        "state IN ('approved', 'queued', 'running', 'succeeded', 'failed', "
        "'timed_out', 'killed', 'lost')", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    sqlite3_bind_int64(st, 2, exclude);
    rc = sqlite3_step(st);
    *runs = sqlite3_column_int64(st, 0);
    *cpu_hours = sqlite3_column_double(st, 1);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : store_fail(db, rc, "reading campaign", err);
}

static int budget_ok(sqlite3 *db, const struct camp *c, const char *name,
                     const struct proposal *p, int64_t id, char *why,
                     size_t n, struct err *err)
{
    int64_t runs;
    double used;
    if (spent(db, id, name, &runs, &used, err))
        return -1;
    json_t *max = json_object_get(c->env, "max_runs");
    if (max && runs + 1 > json_integer_value(max))
        return snprintf(why, n, "envelope spent: %lld of %lld runs used",
                        (long long)runs, (long long)json_integer_value(max)),
               0;
    json_t *hours = json_object_get(c->env, "cpu_hours");
    double ask = p->cpus * (double)p->time_s / 3600.0;
    if (hours && used + ask > json_number_value(hours))
        return snprintf(why, n, "envelope spent: %.2f + %.2f cpu-hours > "
                        "%.2f", used, ask, json_number_value(hours)), 0;
    return 1;
}

int envelope_check(sqlite3 *db, const struct proposal *p, int64_t id,
                   struct envelope_verdict *v, struct err *err)
{
    struct camp c = {0, "", NULL, NULL};
    memset(v, 0, sizeof *v);
    int rc = load(db, p->campaign, &c, err);
    if (rc)
        return rc;
    const char *pattern = json_string_value(json_object_get(c.env,
                                                            "command"));
    /* A paused or failed campaign stopped its own search; the envelope a
     * human approved still stands for proposals made into it. */
    v->novel = strcmp(c.state, "approved") && strcmp(c.state, "paused") &&
               strcmp(c.state, "failed");
    if (v->novel)
        snprintf(v->reason, sizeof v->reason, "campaign %s has no approved "
                 "envelope yet", p->campaign);
    else if (pattern && !argv_matches(pattern, p->argv))
        snprintf(v->reason, sizeof v->reason, "command does not match the "
                 "envelope's \"%s\"", pattern);
    else if (resources_ok(c.env, p, v->reason, sizeof v->reason) &&
             params_ok(&c, p->params, v->reason, sizeof v->reason)) {
        int ok = budget_ok(db, &c, p->campaign, p, id, v->reason,
                           sizeof v->reason, err);
        rc = ok < 0 ? err->code : 0;
        v->inside = ok > 0;
        if (v->inside)
            snprintf(v->reason, sizeof v->reason, "inside the approved "
                     "envelope of campaign %s", p->campaign);
    }
    json_decref(c.env);
    free(c.space);
    return rc;
}
