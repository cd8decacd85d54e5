/*
 * overview — the campaign's objective and approved envelope, and its
 * budget burn: runs and cpu-hours used against the envelope, and the
 * policy's budget accounts the campaign draws from.
 */
#include "report/internal.h"
#include "core/parse.h"

#include <stdio.h>
#include <string.h>

/* Sizes and times as a human writes them ("256M", "2m"). */
static void envelope_value(const char *key, const json_t *val, char *out,
                           size_t n)
{
    size_t k = strlen(key);
    if (json_is_integer(val) && k > 6 && !strcmp(key + k - 6, "_bytes"))
        format_size(json_integer_value(val), out, n);
    else if (json_is_integer(val) && k > 2 && !strcmp(key + k - 2, "_s"))
        format_duration(json_integer_value(val), out, n);
    else
        cell_value(val, out, n);
}

void sec_overview(struct rcampaign *c)
{
    char line[512], v[64];
    const json_t *env = json_object_get(c->sum, "envelope");
    const json_t *counts = json_object_get(c->sum, "counts");
    const char *key;
    const json_t *val;
    doc_section(&c->d, "objective", "Objective and envelope");
    snprintf(line, sizeof line, "%s %s", jstr(c->sum, "direction"),
             jstr(c->sum, "metric"));
    doc_list_begin(&c->d);
    doc_item(&c->d, "objective", line);
    doc_item(&c->d, "state", jstr(c->sum, "state"));
    snprintf(line, sizeof line, "%zu (%lld complete, %lld pruned, %lld "
             "failed, %lld running)", json_array_size(json_object_get(c->sum,
             "trials")), (long long)jint(counts, "complete"),
             (long long)jint(counts, "pruned"), (long long)jint(counts,
             "failed"), (long long)jint(counts, "running"));
    doc_item(&c->d, "trials", line);
    json_object_foreach((json_t *)env, key, val) {
        envelope_value(key, val, v, sizeof v);
        doc_item(&c->d, key, v);
    }
    doc_list_end(&c->d);
}

/* Trials that got a run (a proposal still waiting has none). */
static double runs(const struct rcampaign *c)
{
    double n = 0;
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(c->sum, "trials"), i, t)
        n += json_is_object(json_object_get(json_object_get(t, "show"),
                                            "run"));
    return n;
}

/* cpu-hours the campaign's runs took: cpus asked times wall time, the
 * measure budgets reserve and settle in. */
static double cpu_hours(const struct rcampaign *c)
{
    double h = 0;
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(c->sum, "trials"), i, t) {
        const json_t *show = json_object_get(t, "show");
        const json_t *run = json_object_get(show, "run");
        int64_t a = jint(run, "started_ms"), b = jint(run, "ended_ms");
        double cpus = json_number_value(json_object_get(json_object_get(show,
                                        "resources"), "cpus"));
        if (a > 0 && b >= a)
            h += cpus * (double)(b - a) / 3.6e6;
    }
    return h;
}

static void burn_row(struct doc *d, const char *what, double used,
                     double limit)
{
    char u[32], l[32], pct[32];
    snprintf(u, sizeof u, "%.4g", used);
    snprintf(l, sizeof l, limit > 0 ? "%.4g" : "-", limit);
    snprintf(pct, sizeof pct, limit > 0 ? "%.1f%%" : "-",
             100.0 * used / (limit > 0 ? limit : 1));
    const char *cells[] = {what, u, l, pct};
    doc_row_marked(d, cells, limit > 0 && used >= 0.8 * limit);
}

static void accounts(struct rcampaign *c, const char *principal)
{
    size_t i;
    json_t *b;
    json_array_foreach(c->budgets, i, b) {
        char what[160];
        if (strcmp(jstr(b, "name"), principal))
            continue;
        snprintf(what, sizeof what, "budget: %s per %s (policy line %lld)",
                 jstr(b, "metric"), jstr(b, "window"),
                 (long long)jint(b, "line"));
        burn_row(&c->d, what, json_number_value(json_object_get(b, "spent"))
                 + json_number_value(json_object_get(b, "reserved")),
                 json_number_value(json_object_get(b, "limit")));
    }
}

void sec_budget(struct rcampaign *c)
{
    static const char *const heads[] = {"what", "used", "limit", "used %",
                                        NULL};
    const json_t *env = json_object_get(c->sum, "envelope");
    char principal[256];
    snprintf(principal, sizeof principal, "campaign:%s", c->name);
    doc_section(&c->d, "budget", "Budget burn");
    doc_table_begin(&c->d, heads);
    burn_row(&c->d, "runs (envelope)", runs(c),
             json_number_value(json_object_get(env, "max_runs")));
    burn_row(&c->d, "cpu-hours (envelope)", cpu_hours(c),
             json_number_value(json_object_get(env, "cpu_hours")));
    accounts(c, principal);
    doc_table_end(&c->d);
}
