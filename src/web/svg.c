/*
 * svg — a metric's curve as inline SVG: a polyline over at most
 * SVG_POINTS_MAX points (evenly picked), scaled into a fixed viewBox that
 * the stylesheet stretches to the width of the screen. Values that are
 * not finite ("nan", "inf") are skipped.
 */
#include "web/page.h"

#include <math.h>

#define SVG_W 300.0
#define SVG_H 100.0
#define SVG_POINTS_MAX 400

static int point(const json_t *pt, double *x, double *y)
{
    const json_t *a = json_array_get(pt, 0), *b = json_array_get(pt, 1);
    if (!json_is_number(a) || !json_is_number(b))
        return 0;
    *x = json_number_value(a);
    *y = json_number_value(b);
    return isfinite(*x) && isfinite(*y);
}

struct range { double x0, x1, y0, y1; int n; };

static struct range range_of(const json_t *points)
{
    struct range r = {INFINITY, -INFINITY, INFINITY, -INFINITY, 0};
    size_t i;
    const json_t *pt;
    double x, y;
    json_array_foreach(points, i, pt) {
        if (!point(pt, &x, &y))
            continue;
        r.x0 = fmin(r.x0, x), r.x1 = fmax(r.x1, x);
        r.y0 = fmin(r.y0, y), r.y1 = fmax(r.y1, y);
        r.n++;
    }
    if (r.x1 <= r.x0) r.x1 = r.x0 + 1;
    if (r.y1 <= r.y0) r.y1 = r.y0 + 1;
    return r;
}

static void polyline(struct page *p, const json_t *points, struct range r)
{
    size_t n = json_array_size(points);
    size_t step = n > SVG_POINTS_MAX ? n / SVG_POINTS_MAX + 1 : 1;
    double x, y;
    page_raw(p, "<polyline class=\"line\" points=\"");
    for (size_t i = 0; i < n; i += step)
        if (point(json_array_get(points, i), &x, &y))
            page_fmt(p, "%.1f,%.1f ", (x - r.x0) / (r.x1 - r.x0) * SVG_W,
                     SVG_H - (y - r.y0) / (r.y1 - r.y0) * SVG_H);
    page_raw(p, "\"/>");
}

void page_svg_curve(struct page *p, const char *name, const json_t *points)
{
    struct range r = range_of(points);
    page_raw(p, "<figure class=\"curve\"><figcaption>");
    page_esc(p, name);
    if (!r.n) {
        page_raw(p, ": no finite values</figcaption></figure>");
        return;
    }
    page_fmt(p, " · %d points · %.6g … %.6g</figcaption>", r.n, r.y0, r.y1);
    page_fmt(p, "<svg class=\"plot\" viewBox=\"0 0 %.0f %.0f\" "
             "preserveAspectRatio=\"none\" role=\"img\" aria-label=\"",
             SVG_W, SVG_H);
    page_esc(p, name);
    page_raw(p, "\">");
    polyline(p, points, r);
    page_raw(p, "</svg></figure>");
}
