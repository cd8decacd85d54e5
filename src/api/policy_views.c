/*
 * policy_views — the policy seen through stored proposals: why one was
 * decided as it was, and what a new policy version would decide
 * differently for the last N proposals (the dry run a human reads before
 * switching).
 */
#include "api/policy_file.h"
#include "api/api.h"
#include "api/principal.h"
#include "api/usage.h"
#include "policy/policy.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIFF_MAX 1000

int steward_explain(struct steward *s, int64_t id, char **text,
                    struct err *err)
{
    json_t *exp = NULL;
    int rc = steward_load(s, id, &exp, err);
    if (rc)
        return rc;
    json_t *d = json_object_get(exp, "decision");
    rc = json_is_object(d) ? policy_explain(d, text, err)
         : err_set(err, ERR_USER, "experiment %lld has no policy decision",
                   (long long)id);
    json_decref(exp);
    return rc;
}

/* The facts policy decided on, rebuilt from the stored experiment. */
static json_t *request_json(const json_t *e)
{
    const json_t *r = json_object_get(e, "resources");
    return json_pack("{s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O,s:O}",
        "principal", json_object_get(e, "proposer"), "role",
        json_object_get(e, "role"), "command", json_object_get(e, "argv"),
        "workdir", json_object_get(e, "workdir"), "campaign",
        json_object_get(e, "campaign"), "cpus", json_object_get(r, "cpus"),
        "gpus", json_object_get(r, "gpus"), "mem",
        json_object_get(r, "mem_bytes"), "time", json_object_get(r, "time_s"),
        "disk", json_object_get(r, "disk_bytes"), "network",
        json_object_get(e, "network"), "params", json_object_get(e, "params"));
}

struct diff_set {
    struct policy_json_request *jr;
    struct policy_request *reqs;
    struct usage_ctx *usage;
    json_t **keep;
    int64_t *ids;
    size_t n;
};

static int add_request(struct steward *s, struct diff_set *d, const json_t *e,
                       struct err *err)
{
    json_t *rj = request_json(e);
    if (json_is_null(json_object_get(rj, "campaign")))
        json_object_del(rj, "campaign");
    int rc = rj ? policy_request_from_json(rj, &d->jr[d->n], err)
             : err_set(err, ERR_INTERNAL, "out of memory");
    if (rc) {
        json_decref(rj);
        return rc;
    }
    d->keep[d->n] = rj; /* the request borrows its strings */
    d->usage[d->n] = (struct usage_ctx){s->db, 0};
    d->ids[d->n] = json_integer_value(json_object_get(e, "id"));
    d->usage[d->n].exclude_id = d->ids[d->n];
    d->reqs[d->n] = d->jr[d->n].req;
    d->reqs[d->n].usage = usage_sum;
    d->reqs[d->n].usage_ctx = &d->usage[d->n];
    d->n++;
    return 0;
}

static void diff_free(struct diff_set *d)
{
    for (size_t i = 0; d->keep && i < d->n; i++)
        json_decref(d->keep[i]);
    free(d->jr);
    free(d->reqs);
    free(d->usage);
    free(d->keep);
    free(d->ids);
}

/* Replaces each change's "index" with the experiment id it concerns. */
static void name_changes(json_t *changes, const struct diff_set *d)
{
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c) {
        json_int_t k = json_integer_value(json_object_get(c, "index"));
        if (k >= 0 && (size_t)k < d->n)
            json_object_set_new(c, "id", json_integer(d->ids[k]));
    }
}

static int diff_list(struct steward *s, const json_t *list,
                     const struct policy *old, const struct policy *next,
                     json_t **out, struct err *err)
{
    size_t n = json_array_size(list), start = 0, i;
    struct diff_set d = {0};
    d.jr = calloc(n + 1, sizeof *d.jr);
    d.reqs = calloc(n + 1, sizeof *d.reqs);
    d.usage = calloc(n + 1, sizeof *d.usage);
    d.keep = calloc(n + 1, sizeof *d.keep);
    d.ids = calloc(n + 1, sizeof *d.ids);
    int rc = d.jr && d.reqs && d.usage && d.keep && d.ids ? 0
             : err_set(err, ERR_INTERNAL, "out of memory");
    for (i = start; !rc && i < n; i++)
        rc = add_request(s, &d, json_array_get(list, i), err);
    rc = rc ? rc : policy_diff(old, next, d.reqs, d.n, out, err);
    if (!rc)
        name_changes(*out, &d);
    diff_free(&d);
    return rc;
}

int steward_policy_diff(struct steward *s, const char *new_path, int last_n,
                        json_t **out, struct err *err)
{
    struct policy *old = NULL, *next = NULL;
    json_t *list = NULL;
    if (last_n < 1 || last_n > DIFF_MAX)
        return err_set(err, ERR_USER, "--last must be in [1, %d]", DIFF_MAX);
    int rc = policy_load(new_path, &next, NULL, err);
    if (!rc && policy_file_load(s->home, &old, err))
        err_clear(err); /* a broken current policy decides deny: compare */
    rc = rc ? rc : steward_list(s, NULL, &list, err);
    if (!rc) {
        size_t n = json_array_size(list);
        while (n > (size_t)last_n)
            json_array_remove(list, 0), n--;
        rc = diff_list(s, list, old, next, out, err);
    }
    json_decref(list);
    policy_free(old);
    policy_free(next);
    return rc;
}
