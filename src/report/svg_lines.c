/*
 * svg_lines — a line plot: one polyline per series over shared axes (see
 * svg.h). A series is drawn with at most SVG_POINTS_MAX points (evenly
 * picked), so a run that logged a million steps still makes a small page.
 * A series of one point is drawn as a short tick, so it is visible and
 * has an extent. When the values span more than three decades, the y axis
 * stops at SVG_CLIP times the highest starting value: a diverging run
 * (loss 1e300) runs off the top instead of squashing every healthy curve
 * into the axis; the label says so.
 */
#include "report/svg.h"
#include "report/escape.h"

#include <math.h>
#include <stdio.h>

#define SVG_POINTS_MAX 400
#define SVG_CLIP 100.0
#define W 720.0
#define H 340.0
#define ML 72.0
#define MR 20.0
#define MT 30.0
#define MB 48.0

/* The range of one coordinate over every series, as a two-value fit. */
static void fit_all(struct svg_scale *s, const struct svg_lines *p, int y)
{
    double r[2] = {INFINITY, -INFINITY};
    for (size_t i = 0; i < p->n; i++)
        for (size_t k = 0; k < p->series[i].n; k++) {
            double v = y ? p->series[i].y[k] : p->series[i].x[k];
            if (isfinite(v) && (v < r[0] || v > r[1])) {
                r[0] = v < r[0] ? v : r[0];
                r[1] = v > r[1] ? v : r[1];
            }
        }
    svg_scale_fit(s, r, 2, 1);
}

/* The highest first finite value of any series (NAN: none). */
static double first_max(const struct svg_lines *p)
{
    double m = NAN;
    for (size_t i = 0; i < p->n; i++)
        for (size_t k = 0; k < p->series[i].n; k++)
            if (isfinite(p->series[i].y[k])) {
                m = isnan(m) || p->series[i].y[k] > m ? p->series[i].y[k] : m;
                break;
            }
    return m;
}

/* Clips a log-scale y axis (see the file's comment); 1 when it did. */
static int clip(struct svg_scale *sy, const struct svg_lines *p)
{
    double top = first_max(p) * SVG_CLIP;
    if (!sy->log || !(top > 0) || log10(top) >= sy->hi)
        return 0;
    sy->hi = log10(top);
    if (sy->hi <= sy->lo)
        sy->hi = sy->lo + 1;
    return 1;
}

static double px(const struct svg_scale *s, double v)
{
    return ML + svg_scale_at(s, v) * (W - ML - MR);
}

static double py(const struct svg_scale *s, double v)
{
    return H - MB - svg_scale_at(s, v) * (H - MT - MB);
}

static int tick(struct buf *b, const struct svg_scale *s, double t, int y,
                struct err *err)
{
    char label[32];
    double v = s->lo + t * (s->hi - s->lo);
    svg_format(s->log ? pow(10, v) : v, label, sizeof label);
    if (y)
        return svg_text(b, ML - 6, H - MB - t * (H - MT - MB) + 4, "end",
                        "tick", label, err);
    return svg_text(b, ML + t * (W - ML - MR), H - MB + 16, "middle", "tick",
                    label, err);
}

static int axes(struct buf *b, const struct svg_lines *p,
                const struct svg_scale *sx, const struct svg_scale *sy,
                int clipped, struct err *err)
{
    int rc = buf_appendf(b, err, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" "
        "height=\"%.0f\" fill=\"none\" stroke=\"#888\"/>\n", ML, MT,
        W - ML - MR, H - MT - MB);
    for (int i = 0; i <= 2 && !rc; i++)
        rc = tick(b, sx, i / 2.0, 0, err) || tick(b, sy, i / 2.0, 1, err)
                 ? -1 : 0;
    rc = rc ? rc : svg_text(b, W / 2, 14, "middle", "title", p->title, err);
    rc = rc ? rc : svg_text(b, (ML + W - MR) / 2, H - 10, "middle", "axis",
                            p->xlabel, err);
    char y[128];
    int n = snprintf(y, sizeof y, "%s%s", p->ylabel, clipped
                     ? " (log; higher values clipped)" : sy->log ? " (log)"
                     : "");
    if (n < 0 || (size_t)n >= sizeof y)
        return err_set(err, ERR_USER, "a plot's axis name is too long");
    return rc ? rc : svg_text(b, 14, MT - 5, "start", "axis", y, err);
}

static int points(struct buf *b, const struct svg_series *s,
                  const struct svg_scale *sx, const struct svg_scale *sy,
                  struct err *err)
{
    size_t step = s->n > SVG_POINTS_MAX ? s->n / SVG_POINTS_MAX + 1 : 1;
    int rc = 0, drawn = 0;
    double lx = 0, ly = 0;
    for (size_t k = 0; k < s->n && !rc; k += step) {
        if (!isfinite(s->x[k]) || !isfinite(s->y[k]))
            continue;
        lx = px(sx, s->x[k]), ly = py(sy, s->y[k]);
        rc = buf_appendf(b, err, "%.1f,%.1f ", lx, ly);
        drawn++;
    }
    if (!rc && drawn <= 1)   /* a lone point: a tick with an extent */
        rc = buf_appendf(b, err, "%.1f,%.1f %.1f,%.1f", lx - 4, ly, lx + 4,
                         ly);
    return rc;
}

static int series(struct buf *b, const struct svg_series *s, size_t i,
                  const struct svg_scale *sx, const struct svg_scale *sy,
                  struct err *err)
{
    int rc = buf_appendf(b, err, "<polyline class=\"series%s\" fill=\"none\" "
        "stroke=\"%s\" stroke-width=\"%s\" data-name=\"", s->best ? " best"
        : "", s->best ? "#d62728" : svg_colour(i), s->best ? "3" : "1.4");
    rc = rc ? rc : escape_html(b, s->name, err);
    rc = rc ? rc : buf_appendf(b, err, "\" points=\"");
    rc = rc ? rc : points(b, s, sx, sy, err);
    rc = rc ? rc : buf_appendf(b, err, "\"><title>");
    rc = rc ? rc : escape_html(b, s->name, err);
    return rc ? rc : buf_appendf(b, err, "</title></polyline>\n");
}

int svg_line_plot(struct buf *b, const struct svg_lines *p, struct err *err)
{
    struct svg_scale sx, sy;
    fit_all(&sx, p, 0);
    fit_all(&sy, p, 1);
    int clipped = clip(&sy, p);
    int rc = buf_appendf(b, err, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        "class=\"plot\" data-plot=\"lines\" data-series=\"%zu\" viewBox=\"0 0 "
        "%.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\">\n", p->n, W,
        H, W, H);
    rc = rc ? rc : axes(b, p, &sx, &sy, clipped, err);
    for (int pass = 0; pass < 2; pass++)   /* the best on top */
        for (size_t i = 0; i < p->n && !rc; i++)
            if (!!p->series[i].best == pass)
                rc = series(b, &p->series[i], i, &sx, &sy, err);
    return rc ? rc : buf_appendf(b, err, "</svg>");
}
