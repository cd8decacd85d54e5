/*
 * svg_scale — the arithmetic and text both plots share (see svg.h).
 */
#include "report/svg.h"
#include "report/escape.h"

#include <math.h>
#include <stdio.h>

static void widen(struct svg_scale *s)
{
    if (s->hi > s->lo)
        return;
    double pad = s->log ? 0.5 : fabs(s->lo) > 0 ? fabs(s->lo) * 0.1 : 1;
    s->lo -= pad;
    s->hi += pad;
}

void svg_scale_fit(struct svg_scale *s, const double *v, size_t n,
                   size_t stride)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double x = v[i * stride];
        if (isfinite(x)) {
            lo = x < lo ? x : lo;
            hi = x > hi ? x : hi;
        }
    }
    if (!isfinite(lo))
        lo = 0, hi = 1;
    s->log = lo > 0 && hi / lo > 1e3;
    s->lo = s->log ? log10(lo) : lo;
    s->hi = s->log ? log10(hi) : hi;
    widen(s);
}

double svg_scale_at(const struct svg_scale *s, double v)
{
    if (!isfinite(v) || (s->log && v <= 0))
        return 0;
    double x = s->log ? log10(v) : v;
    double t = (x - s->lo) / (s->hi - s->lo);
    return t < 0 ? 0 : t > 1 ? 1 : t;
}

void svg_format(double v, char *out, size_t n)
{
    int w = snprintf(out, n, "%.4g", v);
    if (w < 0 || (size_t)w >= n)
        snprintf(out, n, "?");
}

const char *svg_colour(size_t i)
{
    static const char *const palette[] = {
        "#4c78a8", "#72b7b2", "#54a24b", "#b279a2",
        "#9d755d", "#79706e", "#eeca3b", "#ff9da6",
    };
    return palette[i % (sizeof palette / sizeof palette[0])];
}

int svg_text(struct buf *b, double x, double y, const char *anchor,
             const char *cls, const char *text, struct err *err)
{
    int rc = buf_appendf(b, err, "<text x=\"%.1f\" y=\"%.1f\" text-anchor="
                         "\"%s\" class=\"%s\">", x, y, anchor, cls);
    rc = rc ? rc : escape_html(b, text, err);
    return rc ? rc : buf_appendf(b, err, "</text>\n");
}
