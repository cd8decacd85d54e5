/*
 * summary — the memory of a campaign, so nobody proposes the same dead
 * end twice: every trial with its params, value and fate (complete,
 * pruned at which rung, failed and why), the best trial, the best region
 * (the range each parameter spans over the best quarter of completed
 * trials), and the proposals agents added themselves, told apart.
 */
#include "api/handle.h"
#include "api/runpath.h"
#include "campaign/campaign.h"
#include "store/campaigns.h"
#include "store/trials.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int load_head(struct steward *s, const char *name, json_t **out,
                     struct err *err)
{
    struct store_campaign c;
    int rc = store_campaigns_by_name(s->db, name, &c, err);
    if (rc == 1)
        *out = json_pack("{s:s,s:I,s:s,s:s,s:s,s:O}", "name", name, "id",
                         (json_int_t)c.id, "metric", c.metric, "direction",
                         c.direction, "state", c.state, "envelope",
                         c.envelope);
    store_campaign_release(&c);
    if (rc == 0)
        return err_set(err, ERR_NOTFOUND, "no campaign '%s'", name);
    return rc < 0 ? rc : 0;
}

/* The anomaly kinds the run's digest flagged ("nan", "divergence"...),
 * so a dead end says how it died. */
static json_t *digest_flags(struct steward *s, int64_t run)
{
    char path[API_PATH_MAX + 64];
    json_t *flags = json_array();
    json_t *d = run && !run_path(s->home, run, "digest.json", path,
                                 sizeof path) ? json_load_file(path, 0, NULL)
                : NULL;
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(d, "anomalies"), i, a) {
        json_t *kind = json_object_get(a, "kind");
        int seen = 0;
        size_t k;
        json_t *f;
        json_array_foreach(flags, k, f) seen |= json_equal(f, kind);
        if (json_is_string(kind) && !seen)
            json_array_append(flags, kind);
    }
    json_decref(d);
    return flags;
}

struct trials {
    struct steward *s;
    json_t *list;
};

static void add_trial(const struct store_campaign_experiment *e, void *ctx)
{
    struct trials *t = ctx;
    int searched = e->has_trial && strncmp(e->note, "agent", 5) != 0;
    json_array_append_new(t->list, json_pack(
        "{s:I,s:s,s:s,s:o,s:s,s:s,s:o,s:s,s:s,s:o}",
        "experiment", (json_int_t)e->experiment, "name", e->name,
        "state", e->state, "params", json_loads(e->params, 0, NULL),
        "proposer", e->proposer, "source", searched ? "search" : "agent",
        "value", e->has_value ? json_real(e->value) : json_null(),
        "outcome", e->trial_state ? e->trial_state : e->state,
        "note", e->note, "flags", digest_flags(t->s, e->last_run)));
}

/* Every experiment of the campaign, with its trial row when the search
 * proposed it (else it is an agent's own). */
static int load_trials(struct steward *s, json_t *sum, struct err *err)
{
    struct trials t = {s, json_array()};
    int rc = store_trials_each_experiment(s->db, json_string_value(
        json_object_get(sum, "name")), add_trial, &t, err);
    json_object_set_new(sum, "trials", t.list);
    return rc;
}

static int better(const json_t *sum, double a, double b)
{
    int max = !strcmp(json_string_value(json_object_get(sum, "direction")),
                      "maximize");
    return max ? a > b : a < b;
}

static void add_best(json_t *sum)
{
    size_t i;
    json_t *t, *best = NULL;
    json_array_foreach(json_object_get(sum, "trials"), i, t) {
        json_t *v = json_object_get(t, "value");
        if (!json_is_number(v) || strcmp(json_string_value(
                json_object_get(t, "outcome")), "complete"))
            continue;
        if (!best || better(sum, json_number_value(v), json_number_value(
                json_object_get(best, "value"))))
            best = t;
    }
    json_object_set(sum, "best", best ? best : json_null());
}

static void count_outcomes(json_t *sum)
{
    static const char *const outcomes[] = {"complete", "pruned", "failed",
                                           "running"};
    json_t *counts = json_object();
    size_t i;
    json_t *t;
    for (size_t k = 0; k < 4; k++)
        json_object_set_new(counts, outcomes[k], json_integer(0));
    json_array_foreach(json_object_get(sum, "trials"), i, t) {
        const char *o = json_string_value(json_object_get(t, "outcome"));
        json_t *c = json_object_get(counts, o);
        if (c)
            json_integer_set(c, json_integer_value(c) + 1);
    }
    json_object_set_new(sum, "counts", counts);
}

/* Per numeric param, [min, max] over the best quarter of completed
 * trials: where to look next. */
static void add_region(json_t *sum)
{
    json_t *done = json_array(), *region = json_object();
    size_t i, n;
    json_t *t;
    json_array_foreach(json_object_get(sum, "trials"), i, t)
        if (json_is_number(json_object_get(t, "value")) &&
            !strcmp(json_string_value(json_object_get(t, "outcome")),
                    "complete"))
            json_array_append(done, t);
    n = json_array_size(done);
    for (size_t a = 0; a < n; a++) /* small n: selection by insertion */
        for (size_t b = a + 1; b < n; b++)
            if (better(sum, json_number_value(json_object_get(
                    json_array_get(done, b), "value")), json_number_value(
                    json_object_get(json_array_get(done, a), "value")))) {
                json_t *x = json_incref(json_array_get(done, a));
                json_array_set(done, a, json_array_get(done, b));
                json_array_set_new(done, b, x);
            }
    size_t top = n ? (n + 3) / 4 : 0;
    for (size_t k = 0; k < top; k++) {
        const char *name;
        json_t *v;
        json_object_foreach(json_object_get(json_array_get(done, k),
                                            "params"), name, v) {
            if (!json_is_number(v))
                continue;
            json_t *r = json_object_get(region, name);
            double x = json_number_value(v);
            if (!r)
                json_object_set_new(region, name, json_pack("[f,f]", x, x));
            else if (x < json_number_value(json_array_get(r, 0)))
                json_array_set_new(r, 0, json_real(x));
            else if (x > json_number_value(json_array_get(r, 1)))
                json_array_set_new(r, 1, json_real(x));
        }
    }
    json_object_set_new(sum, "best_region", region);
    json_decref(done);
}

int steward_campaign_summary(struct steward *s, const char *name,
                             json_t **out, struct err *err)
{
    json_t *sum = NULL;
    int rc = load_head(s, name, &sum, err);
    rc = rc ? rc : load_trials(s, sum, err);
    if (rc) {
        json_decref(sum);
        return rc;
    }
    add_best(sum);
    count_outcomes(sum);
    add_region(sum);
    *out = sum;
    return 0;
}
