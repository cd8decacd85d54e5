/*
 * validate — every campaign option is checked when the campaign is
 * created, so a campaign that could never run is refused with the option
 * named, instead of being accepted and failing in the dispatcher.
 *
 * The search options are turned into a struct search_options by one
 * function, campaign_search_options, which both the check and the driver
 * use: what was checked at creation is exactly what the driver builds.
 */
#include "campaign/campaign.h"
#include "search/search.h"

#include <math.h>
#include <string.h>

/* The smallest cpu share a cgroup accepts (cpu.max quota 1000us per
 * 100000us period); proposals are held to the same floor. */
#define CAMPAIGN_CPUS_MIN 0.01

static const json_t *get(const json_t *o, const char *key)
{
    return json_object_get(o, key);
}

static int64_t int_or(const json_t *o, const char *key, int64_t dflt)
{
    const json_t *v = get(o, key);
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

void campaign_search_options(const json_t *options, int maximize,
                             struct search_options *o)
{
    const char *sampler = json_string_value(get(options, "sampler"));
    const char *pruner = json_string_value(get(options, "pruner"));
    search_options_init(o);
    o->sampler = sampler && !strcmp(sampler, "random") ? SEARCH_RANDOM
                 : sampler && !strcmp(sampler, "grid") ? SEARCH_GRID
                 : SEARCH_TPE;
    o->pruner = pruner && !strcmp(pruner, "asha") ? SEARCH_PRUNE_ASHA
                : pruner && !strcmp(pruner, "median") ? SEARCH_PRUNE_MEDIAN
                : SEARCH_PRUNE_NONE;
    o->seed = (uint64_t)int_or(options, "seed", 0);
    o->maximize = maximize;
    if (json_is_number(get(options, "min_resource")))
        o->min_resource = json_number_value(get(options, "min_resource"));
    if (json_is_number(get(options, "max_resource")))
        o->max_resource = json_number_value(get(options, "max_resource"));
    if (json_is_number(get(options, "eta")))
        o->eta = json_number_value(get(options, "eta"));
    if (o->sampler == SEARCH_TPE && json_is_integer(get(options, "trials")))
        o->n_startup = (size_t)(int_or(options, "trials", 20) / 3 + 1);
}

static int one_of(const json_t *options, const char *key, const char *opt,
                  const char *const *names, const char *list,
                  struct err *err)
{
    const json_t *v = get(options, key);
    if (!v)
        return 0;
    for (size_t i = 0; json_is_string(v) && names[i]; i++)
        if (!strcmp(json_string_value(v), names[i]))
            return 0;
    return err_set(err, ERR_USER, "%s '%s': expected one of %s", opt,
                   json_is_string(v) ? json_string_value(v) : "?", list);
}

static int check_counts(const json_t *options, struct err *err)
{
    if (int_or(options, "trials", 1) < 1)
        return err_set(err, ERR_USER, "--trials must be at least 1");
    int64_t slots = int_or(options, "slots", 1);
    if (slots < 1 || slots > 256)
        return err_set(err, ERR_USER, "--slots must be in [1, 256]");
    return 0;
}

/* The resource options, with the campaign's option names. */
static int check_resources(const struct search_options *o, struct err *err)
{
    if (!(o->min_resource > 0) || !isfinite(o->min_resource))
        return err_set(err, ERR_USER, "--min-resource must be positive "
                       "(got %g)", o->min_resource);
    if (!(o->max_resource >= o->min_resource) || !isfinite(o->max_resource))
        return err_set(err, ERR_USER, "--min-resource (%g) must not exceed "
                       "--max-resource (%g)", o->min_resource,
                       o->max_resource);
    if (!(o->eta > 1) || !isfinite(o->eta))
        return err_set(err, ERR_USER, "--eta must be above 1 (got %g): each "
                       "rung keeps 1/eta of the trials", o->eta);
    return 0;
}

int campaign_check_options(const json_t *options, int maximize,
                           struct err *err)
{
    static const char *const samplers[] = {"tpe", "random", "grid", NULL};
    static const char *const pruners[] = {"none", "asha", "median", NULL};
    struct search_options o;
    int rc = one_of(options, "sampler", "--sampler", samplers,
                    "tpe, random, grid", err);
    rc = rc ? rc : one_of(options, "pruner", "--pruner", pruners,
                          "none, asha, median", err);
    rc = rc ? rc : check_counts(options, err);
    if (rc)
        return rc;
    campaign_search_options(options, maximize, &o);
    rc = check_resources(&o, err);
    return rc ? rc : search_options_check(&o, err);
}

static int check_range(const char *name, const json_t *r, struct err *err)
{
    if (json_is_array(r) && json_array_size(r) == 2 &&
        json_is_number(json_array_get(r, 0)) &&
        json_is_number(json_array_get(r, 1)) &&
        !(json_number_value(json_array_get(r, 0)) <=
          json_number_value(json_array_get(r, 1))))
        return err_set(err, ERR_USER, "--param-range %s: the low end is "
                       "above the high end", name);
    if (json_is_array(r) && json_array_size(r) == 0)
        return err_set(err, ERR_USER, "--param-range %s: no values", name);
    return 0;
}

static int check_params(const json_t *env, struct err *err)
{
    const char *name;
    json_t *r;
    int rc = 0;
    json_object_foreach((json_t *)get(env, "params"), name, r)
        if (!rc)
            rc = check_range(name, r, err);
    return rc;
}

static int positive_num(const json_t *env, const char *key, const char *opt,
                        double min, struct err *err)
{
    const json_t *v = get(env, key);
    if (!v)
        return 0;
    double x = json_number_value(v);
    if (!json_is_number(v) || !(x >= min) || !isfinite(x))
        return err_set(err, ERR_USER, "%s must be at least %g (got %g)", opt,
                       min, x);
    return 0;
}

int campaign_check_envelope(const json_t *env, struct err *err)
{
    int rc = positive_num(env, "max_runs", "--max-runs", 1, err);
    rc = rc ? rc : positive_num(env, "cpus", "--cpus", CAMPAIGN_CPUS_MIN,
                                err);
    rc = rc ? rc : positive_num(env, "mem_bytes", "--mem", 1 << 20, err);
    rc = rc ? rc : positive_num(env, "time_s", "--time", 1, err);
    rc = rc ? rc : positive_num(env, "gpus", "--gpus", 0, err);
    if (!rc && get(env, "cpu_hours") &&
        !(json_number_value(get(env, "cpu_hours")) > 0))
        rc = err_set(err, ERR_USER, "--cpu-hours must be positive (got %g)",
                     json_number_value(get(env, "cpu_hours")));
    return rc ? rc : check_params(env, err);
}
