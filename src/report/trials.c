/*
 * trials — the best runs first, then every trial: who proposed it, with
 * which params, tags and rationale, and how it ended. Those are an
 * agent's words: doc escapes them like everything else.
 */
#include "report/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_BEST 5

/* A trial and its sort key: the value, negated when the objective is
 * maximized, so smaller is better either way. */
struct ranked {
    json_t *t;
    double key;
};

static double value_of(const json_t *t)
{
    const json_t *v = json_object_get(t, "value");
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* Best first; trials without a value last. */
static int by_key(const void *a, const void *b)
{
    double x = ((const struct ranked *)a)->key;
    double y = ((const struct ranked *)b)->key;
    if (isnan(x) || isnan(y))
        return isnan(x) - isnan(y);
    return x < y ? -1 : x > y;
}

static void trial_row(struct doc *d, const json_t *t, const char *rank,
                      int best)
{
    char id[32], val[64], params[1024], tags[256];
    snprintf(id, sizeof id, "%lld", (long long)jint(t, "experiment"));
    cell_value(json_object_get(t, "value"), val, sizeof val);
    cell_params(json_object_get(t, "params"), params, sizeof params);
    const json_t *show = json_object_get(t, "show");
    cell_tags(json_object_get(show, "tags"), tags, sizeof tags);
    const char *cells[] = {rank, id, jstr(t, "name"), val, jstr(t, "outcome"),
                           params, tags, jstr(t, "proposer"),
                           jstr(show, "rationale")};
    doc_row_marked(d, cells, best);
}

static void best_table(struct rcampaign *c, struct ranked *sorted, size_t n)
{
    static const char *const heads[] = {"rank", "experiment", "name",
        "value", "outcome", "params", "tags", "proposer", "rationale", NULL};
    doc_section(&c->d, "best", "Best runs");
    if (!n || isnan(sorted[0].key))
        return doc_para(&c->d, "No trial reported the objective yet.");
    doc_table_begin(&c->d, heads);
    for (size_t i = 0; i < n && i < REPORT_BEST; i++) {
        char rank[16];
        snprintf(rank, sizeof rank, "%zu", i + 1);
        if (!isnan(sorted[i].key))
            trial_row(&c->d, sorted[i].t, rank, i == 0);
    }
    doc_table_end(&c->d);
}

static void all_table(struct rcampaign *c, const json_t *trials)
{
    static const char *const heads[] = {"source", "experiment", "name",
        "value", "outcome", "params", "tags", "proposer", "rationale", NULL};
    size_t i;
    json_t *t;
    doc_section(&c->d, "trials", "Every trial");
    doc_table_begin(&c->d, heads);
    json_array_foreach(trials, i, t)
        if (i < REPORT_ROWS_MAX)
            trial_row(&c->d, t, jstr(t, "source"), 0);
    doc_table_end(&c->d);
    if (json_array_size(trials) > REPORT_ROWS_MAX)
        doc_paraf(&c->d, "(%zu more trials not listed)",
                  json_array_size(trials) - REPORT_ROWS_MAX);
}

void sec_trials(struct rcampaign *c)
{
    const json_t *trials = json_object_get(c->sum, "trials");
    size_t n = json_array_size(trials);
    struct ranked *sorted = calloc(n ? n : 1, sizeof *sorted);
    int sign = strcmp(jstr(c->sum, "direction"), "maximize") ? 1 : -1;
    if (!sorted) {
        if (!c->d.rc)
            c->d.rc = err_set(c->d.err, ERR_INTERNAL, "out of memory");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        sorted[i].t = json_array_get(trials, i);
        sorted[i].key = sign * value_of(sorted[i].t);
    }
    qsort(sorted, n, sizeof *sorted, by_key);
    best_table(c, sorted, n);
    free(sorted);
    all_table(c, trials);
}
