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
 *
 * The envelope is closed: what the human did not write down is outside.
 * A per-run limit the envelope does not set, a parameter it gives no
 * range for (in its ranges or the campaign's space), a parameter it ranges
 * that the proposal leaves out, a command other than the envelope's own
 * (argv[0] compared exactly, never as a pattern) and, when argv[0] names a
 * file of the campaign's snapshot, a file whose content differs from the
 * one approved with the campaign: all outside. Outside never means auto
 * (decide.c sends it to a human whatever other rule would allow).
 */
#include "api/envelope.h"
#include "search/search.h"
#include "snapshot/snapshot.h"
#include "store/campaigns.h"
#include "store/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int load(sqlite3 *db, const char *name, struct store_campaign *c,
                struct err *err)
{
    int rc = store_campaigns_by_name(db, name, c, err);
    if (rc == 0)
        return err_set(err, ERR_USER, "no campaign '%s'; create it with "
                       "'steward campaign create'", name);
    if (rc == 1 && !strcmp(c->state, "deleted")) {
        store_campaign_release(c);
        return err_set(err, ERR_USER, "campaign '%s' was deleted; proposals "
                       "may no longer join it", name);
    }
    return rc < 0 ? rc : 0;
}

/* The command the envelope allows: its "command", or the trial command
 * of a searching campaign. Only the first word counts (argv[0]). 1, 0
 * when there is none, -1 when it is too long to hold (cut, it would
 * allow another command). */
static int allowed_cmd(const struct store_campaign *c, char *out, size_t n)
{
    const char *cmd = json_string_value(json_object_get(c->envelope,
                                                        "command"));
    if (!cmd)
        cmd = json_string_value(json_array_get(c->argv, 0));
    if (!cmd || !*cmd)
        return 0;
    size_t len = strcspn(cmd, " 	");
    if (len >= n)
        return -1;
    snprintf(out, n, "%.*s", (int)len, cmd);
    return 1;
}

/* The content hash of path (as given in argv[0]) in snapshot hash, or
 * NULL when the snapshot does not hold it. *m keeps the manifest. */
static const char *file_sha(sqlite3 *db, const char *hash, const char *path,
                            json_t **m)
{
    struct err ignored = ERR_INIT;
    size_t i;
    json_t *f;
    *m = NULL;
    while (!strncmp(path, "./", 2))
        path += 2;
    if (!hash || !*hash || snapshot_load(db, hash, m, &ignored))
        return NULL;
    json_array_foreach(json_object_get(*m, "files"), i, f)
        if (!strcmp(json_string_value(json_array_get(f, 0)), path))
            return json_string_value(json_array_get(f, 3));
    return NULL;
}

static int command_ok(sqlite3 *db, const struct store_campaign *c,
                      const struct proposal *p, char *why, size_t n)
{
    char cmd[1024];
    json_t *was = NULL, *now = NULL;
    int named = allowed_cmd(c, cmd, sizeof cmd);
    if (named <= 0)
        return snprintf(why, n, named ? "the envelope's command is too long "
                        "to compare" : "the envelope names no command"), 0;
    if (strcmp(cmd, p->argv[0]))
        return snprintf(why, n, "command %.200s is not the envelope's "
                        "%.200s", p->argv[0], cmd), 0;
    const char *a = file_sha(db, c->snapshot, cmd, &was);
    const char *b = file_sha(db, p->snapshot, cmd, &now);
    int ok = !a || (b && !strcmp(a, b));
    if (!ok)
        snprintf(why, n, "%.200s differs from the file approved with the "
                 "campaign", cmd);
    json_decref(was);
    json_decref(now);
    return ok;
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

static int in_space(const struct search_space *s, const char *name)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (!strcmp(s->params[i].name, name))
            return 1;
    return 0;
}

static int params_ok(const struct store_campaign *c, const json_t *params,
                     char *why, size_t n)
{
    const char *name;
    json_t *v, *ranges = json_object_get(c->envelope, "params");
    struct search_space *space = NULL;
    struct err err = ERR_INIT;
    double x[256];
    if (c->space && search_space_parse(c->space, "space", &space, &err))
        return snprintf(why, n, "the campaign's space: %s", err.msg), 0;
    json_object_foreach((json_t *)params, name, v) {
        json_t *range = json_object_get(ranges, name);
        if (range ? !param_in_range(range, v) : !in_space(space, name)) {
            search_space_free(space);
            return snprintf(why, n, range ? "param %s outside the envelope's "
                            "range" : "param %s is not in the envelope",
                            name), 0;
        }
    }
    json_object_foreach(ranges, name, v)
        if (!json_object_get(params, name))
            err_set(&err, ERR_USER, "param %s is missing", name);
    if (space && !err.code && search_space_from_json(space, params, x, &err))
        snprintf(why, n, "params outside the campaign's space: %s", err.msg);
    else if (err.code)
        snprintf(why, n, "%s", err.msg);
    search_space_free(space);
    return err.code == 0;
}

/* A per-run limit the envelope does not set is outside (closed). */
static int limit_ok(const json_t *env, const char *key, double ask,
                    char *why, size_t n)
{
    json_t *v = json_object_get(env, key);
    if (!json_is_number(v))
        return snprintf(why, n, "the envelope sets no %s limit", key), 0;
    if (ask > json_number_value(v))
        return snprintf(why, n, "%s %.0f above the envelope's %.0f", key, ask,
                        json_number_value(v)), 0;
    return 1;
}

static int resources_ok(const json_t *env, const struct proposal *p, char *why,
                        size_t n)
{
    if (p->network)
        return snprintf(why, n, "network is never inside an envelope"), 0;
    if (!json_is_number(json_object_get(env, "max_runs")))
        return snprintf(why, n, "the envelope sets no max_runs"), 0;
    if (p->gpus > json_integer_value(json_object_get(env, "gpus")))
        return snprintf(why, n, "gpus above the envelope's"), 0;
    return limit_ok(env, "cpus", p->cpus, why, n) &&
           limit_ok(env, "mem_bytes", (double)p->mem_bytes, why, n) &&
           limit_ok(env, "time_s", (double)p->time_s, why, n) &&
           limit_ok(env, "disk_bytes", (double)p->disk_bytes, why, n);
}

static int budget_ok(sqlite3 *db, const struct store_campaign *c,
                     const char *name, const struct proposal *p, int64_t id,
                     char *why, size_t n, struct err *err)
{
    int64_t runs;
    double used;
    if (store_usage_campaign(db, name, id, &runs, &used, err))
        return -1;
    json_t *max = json_object_get(c->envelope, "max_runs");
    if (max && runs + 1 > json_integer_value(max))
        return snprintf(why, n, "envelope spent: %lld of %lld runs used",
                        (long long)runs, (long long)json_integer_value(max)),
               0;
    json_t *hours = json_object_get(c->envelope, "cpu_hours");
    double ask = p->cpus * (double)p->time_s / 3600.0;
    if (hours && used + ask > json_number_value(hours))
        return snprintf(why, n, "envelope spent: %.2f + %.2f cpu-hours > "
                        "%.2f", used, ask, json_number_value(hours)), 0;
    return 1;
}

int envelope_check(sqlite3 *db, const struct proposal *p, int64_t id,
                   struct envelope_verdict *v, struct err *err)
{
    struct store_campaign c;
    memset(v, 0, sizeof *v);
    int rc = load(db, p->campaign, &c, err);
    if (rc)
        return rc;
    /* A paused or failed campaign stopped its own search; the envelope a
     * human approved still stands for proposals made into it. */
    v->novel = strcmp(c.state, "approved") && strcmp(c.state, "paused") &&
               strcmp(c.state, "failed");
    if (v->novel)
        snprintf(v->reason, sizeof v->reason, "campaign %s has no approved "
                 "envelope yet", p->campaign);
    else if (command_ok(db, &c, p, v->reason, sizeof v->reason) &&
             resources_ok(c.envelope, p, v->reason, sizeof v->reason) &&
             params_ok(&c, p->params, v->reason, sizeof v->reason)) {
        int ok = budget_ok(db, &c, p->campaign, p, id, v->reason,
                           sizeof v->reason, err);
        rc = ok < 0 ? err->code : 0;
        v->inside = ok > 0;
        if (v->inside)
            snprintf(v->reason, sizeof v->reason, "inside the approved "
                     "envelope of campaign %s", p->campaign);
    }
    store_campaign_release(&c);
    return rc;
}
