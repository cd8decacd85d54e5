/*
 * parallel — the search as parallel coordinates (see plots.c): the axes
 * are the union of the parameter names of the trials drawn (those with a
 * value), in order of first appearance, and the objective last.
 */
#include "report/internal.h"
#include "report/svg.h"
#include "core/json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PAR_AXES_MAX 24

struct par {
    const char *names[PAR_AXES_MAX + 1];
    json_t *cats[PAR_AXES_MAX];   /* categorical values seen, per axis */
    size_t naxes;
};

static void add_axes(struct par *p, const json_t *trials)
{
    size_t i;
    json_t *t;
    json_array_foreach(trials, i, t) {
        const char *key;
        json_t *v;
        if (!json_is_number(json_object_get(t, "value")))
            continue;   /* not drawn: its params add no axis */
        json_object_foreach(json_object_get(t, "params"), key, v) {
            size_t j = 0;
            while (j < p->naxes && strcmp(p->names[j], key))
                j++;
            if (j == p->naxes && p->naxes < PAR_AXES_MAX)
                p->cats[p->naxes] = json_array(), p->names[p->naxes++] = key;
        }
    }
}

/* A parameter value's place on its axis. */
static double place(struct par *p, size_t j, const json_t *v)
{
    double x;
    if (!v)
        return NAN;
    if (!json_is_string(v) && !json_get_double(v, &x))
        return x;
    size_t i;
    json_t *seen;
    json_array_foreach(p->cats[j], i, seen)
        if (json_equal(seen, v))
            return (double)i;
    json_array_append(p->cats[j], (json_t *)v);
    return (double)json_array_size(p->cats[j]) - 1;
}

static size_t fill_rows(struct rcampaign *c, struct par *p, double *rows,
                        const char **names, size_t *best)
{
    size_t i, r = 0, w = p->naxes + 1;
    json_t *t;
    int64_t best_id = jint(json_object_get(c->sum, "best"), "experiment");
    json_array_foreach(json_object_get(c->sum, "trials"), i, t) {
        const json_t *v = json_object_get(t, "value");
        if (!json_is_number(v))
            continue;
        for (size_t j = 0; j < p->naxes; j++)
            rows[r * w + j] = place(p, j, json_object_get(json_object_get(t,
                                    "params"), p->names[j]));
        rows[r * w + p->naxes] = json_number_value(v);
        names[r] = jstr(t, "name");
        if (jint(t, "experiment") == best_id)
            *best = r;
        r++;
    }
    return r;
}

static void draw(struct rcampaign *c, struct par *p, double *rows,
                 const char **names, size_t n)
{
    struct buf svg;
    size_t best = n;
    n = fill_rows(c, p, rows, names, &best);
    p->names[p->naxes] = jstr(c->sum, "metric");
    struct svg_axes a = {"the search: parameters and objective", p->names,
                         p->naxes + 1, rows, n, best, names};
    if (!n)
        return doc_para(&c->d, "No trial has a value yet.");
    buf_init(&svg, DOC_MAX);
    if (!c->d.rc)
        c->d.rc = svg_parallel(&svg, &a, c->d.err);
    doc_paraf(&c->d, "%zu trials with a value over %zu parameters; the best "
              "is drawn in red.", n, p->naxes);
    doc_figure(&c->d, &svg, "one line per trial, one axis per parameter, "
               "the objective last");
    buf_free(&svg);
}

void sec_parallel(struct rcampaign *c)
{
    struct par p = {.naxes = 0};
    const json_t *trials = json_object_get(c->sum, "trials");
    size_t n = json_array_size(trials);
    doc_section(&c->d, "search", "The search in parallel coordinates");
    add_axes(&p, trials);
    double *rows = malloc((n ? n : 1) * (p.naxes + 1) * sizeof *rows);
    const char **names = calloc(n ? n : 1, sizeof *names);
    if (rows && names)
        draw(c, &p, rows, names, n);
    else if (!c->d.rc)
        c->d.rc = err_set(c->d.err, ERR_INTERNAL, "out of memory");
    free(rows);
    free(names);
    for (size_t j = 0; j < p.naxes; j++)
        json_decref(p.cats[j]);
}
