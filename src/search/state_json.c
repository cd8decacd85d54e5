/*
 * state_json — a search's whole state as JSON and back, so a campaign can
 * keep it in its database and go on after a restart exactly where it
 * stopped: the PRNG state and the grid position travel with the trials,
 * so the next ask after a restore is the ask the search would have made.
 */
#include "search/internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"

static const char *const sampler_names[] = {"tpe", "random", "grid"};
static const char *const pruner_names[] = {"none", "asha", "median"};

static json_t *options_json(const struct search_options *o)
{
    char seed[24];
    snprintf(seed, sizeof seed, "%" PRIu64, o->seed);
    return json_pack("{s:s,s:s,s:s,s:b,s:f,s:f,s:f,s:I,s:I,s:f,s:f,s:I,s:I}",
                     "sampler", sampler_names[o->sampler], "pruner",
                     pruner_names[o->pruner], "seed", seed, "maximize",
                     o->maximize, "min_resource", o->min_resource,
                     "max_resource", o->max_resource, "eta", o->eta,
                     "n_startup", (json_int_t)o->n_startup, "n_candidates",
                     (json_int_t)o->n_candidates, "gamma", o->gamma,
                     "prior_weight", o->prior_weight, "grid_points",
                     (json_int_t)o->grid_points, "median_startup",
                     (json_int_t)o->median_startup);
}

static json_t *reports_json(const struct search_trial *t)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < t->n_reports; i++)
        if (json_array_append_new(a, json_pack("[f,o]", t->reports[i].step,
                                  json_from_double(t->reports[i].value)))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static json_t *trial_json(const struct search *s, const struct search_trial *t)
{
    return json_pack("{s:I,s:s,s:o,s:o,s:i,s:o,s:b}", "trial",
                     (json_int_t)t->id, "state", search_state_name(t->state),
                     "params", search_space_to_json(s->space, t->x), "value",
                     json_from_double(t->value), "rung", t->rung, "reports",
                     reports_json(t), "external", t->external);
}

json_t *search_state_to_json(const struct search *s)
{
    char rng[4][24];
    for (int i = 0; i < 4; i++)
        snprintf(rng[i], sizeof rng[i], "%016" PRIx64, s->rng.s[i]);
    json_t *trials = json_array();
    for (size_t i = 0; trials && i < s->n; i++)
        if (json_array_append_new(trials, trial_json(s, &s->trials[i]))) {
            json_decref(trials);
            trials = NULL;
        }
    if (!trials)
        return NULL;
    return json_pack("{s:i,s:o,s:[s,s,s,s],s:I,s:o}", "version", 1,
                     "options", options_json(&s->opt), "rng", rng[0], rng[1],
                     rng[2], rng[3], "grid_next", (json_int_t)s->grid_next,
                     "trials", trials);
}

/* ---- reading back ---------------------------------------------------- */

static int name_index(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; name && i < n; i++)
        if (!strcmp(names[i], name))
            return (int)i;
    return -1;
}

static int options_from_json(const json_t *j, struct search_options *o,
                             struct err *err)
{
    const char *sampler = NULL, *pruner = NULL, *seed = NULL;
    json_int_t startup, cand, grid, med;
    search_options_init(o);
    if (json_unpack((json_t *)j, "{s:s,s:s,s:s,s:b,s:F,s:F,s:F,s:I,s:I,s:F,s:F,s:I,s:I}",
                    "sampler", &sampler, "pruner", &pruner, "seed", &seed,
                    "maximize", &o->maximize, "min_resource",
                    &o->min_resource, "max_resource", &o->max_resource, "eta",
                    &o->eta, "n_startup", &startup, "n_candidates", &cand,
                    "gamma", &o->gamma, "prior_weight", &o->prior_weight,
                    "grid_points", &grid, "median_startup", &med))
        return err_set(err, ERR_USER, "search state: bad options");
    int si = name_index(sampler_names, 3, sampler);
    int pi = name_index(pruner_names, 3, pruner);
    char *end;
    o->seed = strtoull(seed, &end, 10);
    if (si < 0 || pi < 0 || *end || startup < 0 || cand < 0 || grid < 0 ||
        med < 0)
        return err_set(err, ERR_USER, "search state: bad options");
    o->sampler = (enum search_sampler)si;
    o->pruner = (enum search_pruner)pi;
    o->n_startup = (size_t)startup;
    o->n_candidates = (size_t)cand;
    o->grid_points = (size_t)grid;
    o->median_startup = (size_t)med;
    return 0;
}

static int reports_from_json(struct search_trial *t, const json_t *a,
                             struct err *err)
{
    size_t i;
    json_t *r;
    if (!json_is_array(a) || json_array_size(a) > SEARCH_REPORTS_MAX)
        return err_set(err, ERR_USER, "search state: bad reports");
    t->reports = calloc(json_array_size(a) + 1, sizeof *t->reports);
    if (!t->reports)
        return err_set(err, ERR_INTERNAL, "out of memory");
    t->cap_reports = json_array_size(a) + 1;
    json_array_foreach(a, i, r) {
        struct search_report *p = &t->reports[i];
        if (!json_is_number(json_array_get(r, 0)) ||
            json_get_double(json_array_get(r, 1), &p->value))
            return err_set(err, ERR_USER, "search state: bad report");
        p->step = json_number_value(json_array_get(r, 0));
        t->n_reports++;
    }
    return 0;
}

static int trial_from_json(struct search *s, const json_t *j, struct err *err)
{
    json_int_t id;
    int rung;
    const char *state;
    json_t *params, *value, *reports;
    if (json_unpack((json_t *)j, "{s:I,s:s,s:o,s:o,s:i,s:o}", "trial", &id, "state",
                    &state, "params", &params, "value", &value, "rung",
                    &rung, "reports", &reports) ||
        id != (json_int_t)s->n)
        return err_set(err, ERR_USER, "search state: bad trial %zu", s->n);
    struct search_trial *t = search_push_trial(s, err);
    if (!t)
        return ERR_INTERNAL;
    static const char *const states[] = {"running", "complete", "pruned",
                                         "failed"};
    int st = name_index(states, 4, state);
    t->rung = rung;
    if (st < 0 || json_get_double(value, &t->value))
        return err_set(err, ERR_USER, "search state: bad trial %zu", t->id);
    t->state = (enum search_state)st;
    if (search_space_from_json(s->space, params, t->x, err) ||
        reports_from_json(t, reports, err))
        return ERR_USER;
    t->told_without_reports = t->state != SEARCH_RUNNING && !t->n_reports;
    t->external = json_is_true(json_object_get(j, "external"));
    return 0;
}

static int rng_from_json(struct search *s, const json_t *a, struct err *err)
{
    for (size_t i = 0; i < 4; i++) {
        const char *h = json_string_value(json_array_get(a, i));
        char *end;
        if (!h)
            return err_set(err, ERR_USER, "search state: bad rng");
        s->rng.s[i] = strtoull(h, &end, 16);
        if (*end)
            return err_set(err, ERR_USER, "search state: bad rng");
    }
    return 0;
}

static int state_body(struct search *s, const json_t *j, struct err *err)
{
    size_t i;
    json_t *t, *trials = json_object_get(j, "trials");
    json_t *grid = json_object_get(j, "grid_next");
    if (rng_from_json(s, json_object_get(j, "rng"), err))
        return ERR_USER;
    if (!json_is_integer(grid) || json_integer_value(grid) < 0 ||
        !json_is_array(trials) || json_array_size(trials) > SEARCH_TRIALS_MAX)
        return err_set(err, ERR_USER, "search state: bad trials");
    s->grid_next = (size_t)json_integer_value(grid);
    json_array_foreach(trials, i, t)
        if (trial_from_json(s, t, err))
            return err->code ? err->code : ERR_USER;
    return 0;
}

int search_state_from_json(const struct search_space *space, const json_t *j,
                           struct search **out, struct err *err)
{
    struct search_options o;
    struct search *s;
    if (!json_is_object(j) || !json_is_integer(json_object_get(j, "version"))
        || json_integer_value(json_object_get(j, "version")) != 1)
        return err_set(err, ERR_USER, "search state: not version 1");
    if (options_from_json(json_object_get(j, "options"), &o, err) ||
        search_create(space, &o, &s, err))
        return err->code;
    int rc = state_body(s, j, err);
    if (rc) {
        search_free(s);
        return rc;
    }
    *out = s;
    return 0;
}
