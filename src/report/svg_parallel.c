/*
 * svg_parallel — parallel coordinates: one vertical axis per dimension
 * (the search's parameters, then the objective), one polyline per row
 * (a trial), the best row drawn last, thick and red (see svg.h). Each
 * axis is scaled on its own; a missing value sits at the axis' foot.
 */
#include "report/svg.h"
#include "report/escape.h"

#include <math.h>

#define W 720.0
#define H 360.0
#define MX 60.0
#define MT 48.0
#define MB 40.0
#define AXES_MAX 64

static double ax_x(const struct svg_axes *a, size_t j)
{
    return a->naxes < 2 ? W / 2
                        : MX + (double)j * (W - 2 * MX) / (double)(a->naxes - 1);
}

static double ax_y(const struct svg_scale *s, double v)
{
    return H - MB - svg_scale_at(s, v) * (H - MT - MB);
}

static int axis(struct buf *b, const struct svg_axes *a, size_t j,
                const struct svg_scale *s, struct err *err)
{
    char lo[32], hi[32];
    double x = ax_x(a, j);
    svg_format(s->log ? pow(10, s->lo) : s->lo, lo, sizeof lo);
    svg_format(s->log ? pow(10, s->hi) : s->hi, hi, sizeof hi);
    int rc = buf_appendf(b, err, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.0f\""
        " x2=\"%.1f\" y2=\"%.0f\" stroke=\"#555\"/>\n", x, MT, x, H - MB);
    rc = rc ? rc : svg_text(b, x, MT - 18, "middle", "axis", a->names[j], err);
    rc = rc ? rc : svg_text(b, x, MT - 5, "middle", "tick", hi, err);
    rc = rc ? rc : svg_text(b, x, H - MB + 14, "middle", "tick", lo, err);
    return rc ? rc : s->log ? svg_text(b, x, H - MB + 27, "middle", "tick",
                                       "(log)", err) : 0;
}

static int row(struct buf *b, const struct svg_axes *a, size_t r,
               const struct svg_scale *sc, struct err *err)
{
    int best = r == a->best;
    int rc = buf_appendf(b, err, "<polyline class=\"trial%s\" fill=\"none\" "
        "stroke=\"%s\" stroke-width=\"%s\" stroke-opacity=\"%s\" points=\"",
        best ? " best" : "", best ? "#d62728" : svg_colour(r),
        best ? "3.5" : "1.3", best ? "1" : "0.7");
    for (size_t j = 0; j < a->naxes && !rc; j++)
        rc = buf_appendf(b, err, "%.1f,%.1f ", ax_x(a, j),
                         ax_y(&sc[j], a->rows[r * a->naxes + j]));
    rc = rc ? rc : buf_appendf(b, err, "\"><title>");
    rc = rc ? rc : escape_html(b, a->row_names ? a->row_names[r] : "", err);
    return rc ? rc : buf_appendf(b, err, "</title></polyline>\n");
}

static int head(struct buf *b, const struct svg_axes *a, struct err *err)
{
    int rc = buf_appendf(b, err, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        "class=\"plot\" data-plot=\"parallel\" data-series=\"%zu\" "
        "data-axes=\"%zu\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
        "height=\"%.0f\" role=\"img\">\n", a->nrows, a->naxes, W, H, W, H);
    return rc ? rc : svg_text(b, W / 2, 16, "middle", "title", a->title, err);
}

int svg_parallel(struct buf *b, const struct svg_axes *a, struct err *err)
{
    struct svg_scale sc[AXES_MAX];
    if (a->naxes > AXES_MAX)
        return err_set(err, ERR_USER, "%zu dimensions: parallel coordinates "
                       "draw at most %d", a->naxes, AXES_MAX);
    for (size_t j = 0; j < a->naxes; j++)
        svg_scale_fit(&sc[j], a->rows + j, a->nrows, a->naxes);
    int rc = head(b, a, err);
    for (size_t j = 0; j < a->naxes && !rc; j++)
        rc = axis(b, a, j, &sc[j], err);
    for (size_t r = 0; r < a->nrows && !rc; r++)
        rc = r == a->best ? 0 : row(b, a, r, sc, err);
    if (!rc && a->best < a->nrows)
        rc = row(b, a, a->best, sc, err);
    return rc ? rc : buf_appendf(b, err, "</svg>");
}
