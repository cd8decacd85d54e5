/*
 * plots — the campaign's figures: the objective metric of every trial
 * over its steps (one line per trial that reported it, the best in red),
 * and the search in parallel coordinates (one axis per parameter, then the
 * objective; one line per trial with a value, the best in red).
 * Categorical parameter values are placed by their order of first
 * appearance.
 */
#include "report/internal.h"
#include "report/svg.h"
#include "core/json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct curves {
    struct svg_series s[SVG_SERIES_MAX];
    double *xy[SVG_SERIES_MAX];
    size_t n;
};

/* One trial's objective series from its metrics, or 0 points. */
static int load_series(struct rcampaign *c, const json_t *t,
                       struct curves *cv)
{
    json_t *m = NULL;
    struct err ignored = ERR_INIT;
    if (steward_metrics(c->s, jint(t, "experiment"), &m, &ignored))
        return 0;
    const json_t *pts = json_object_get(m, jstr(c->sum, "metric"));
    size_t n = json_array_size(pts), i;
    double *xy = n ? malloc(2 * n * sizeof *xy) : NULL;
    const json_t *p;
    if (!xy) {
        json_decref(m);
        return 0;
    }
    json_array_foreach(pts, i, p) {
        xy[i] = json_number_value(json_array_get(p, 0));
        if (json_get_double(json_array_get(p, 1), &xy[n + i]))
            xy[n + i] = NAN;
    }
    json_decref(m);
    const json_t *best = json_object_get(c->sum, "best");
    cv->xy[cv->n] = xy;
    cv->s[cv->n] = (struct svg_series){jstr(t, "name"), xy, xy + n, n,
        jint(best, "experiment") == jint(t, "experiment")};
    cv->n++;
    return 1;
}

void sec_curves(struct rcampaign *c)
{
    struct curves cv = {.n = 0};
    struct buf svg;
    size_t i;
    json_t *t;
    doc_section(&c->d, "curves", "Metric curves");
    json_array_foreach(json_object_get(c->sum, "trials"), i, t)
        if (cv.n < SVG_SERIES_MAX)
            (void)load_series(c, t, &cv);
    if (!cv.n)
        return doc_para(&c->d, "No trial reported the objective metric yet.");
    struct svg_lines p = {"objective per step, one line per trial", "step",
                          jstr(c->sum, "metric"), cv.s, cv.n};
    buf_init(&svg, DOC_MAX);
    if (!c->d.rc)
        c->d.rc = svg_line_plot(&svg, &p, c->d.err);
    doc_paraf(&c->d, "%zu trials reported %s; the best is drawn in red.",
              cv.n, jstr(c->sum, "metric"));
    doc_figure(&c->d, &svg, "the objective of each trial over its steps");
    buf_free(&svg);
    for (i = 0; i < cv.n; i++)
        free(cv.xy[i]);
}
