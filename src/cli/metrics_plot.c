/*
 * metrics_plot — a terminal chart per metric (see metrics_view.h).
 *
 * Each column averages the finite values whose steps fall in it (the x
 * axis is the step, not the point's index, so uneven reporting shows);
 * an empty column repeats the one before. Heights use the eight Unicode
 * lower blocks, so a chart of H rows resolves 8H levels between the
 * smallest and the largest value, which label the top and bottom rows.
 */
#include "cli/metrics_view.h"
#include "core/json.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PLOT_WIDTH_MAX 200
#define PLOT_HEIGHT_MAX 40

static const char *const blocks[9] = {
    " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█",
};

struct chart {
    double col[PLOT_WIDTH_MAX];
    int width, height;
    double lo, hi;
    int64_t first, last;
    size_t points;
};

/* The finite points' step range and value range. */
static void chart_ranges(struct chart *c, const json_t *series)
{
    size_t i;
    json_t *pt;
    c->points = 0;
    json_array_foreach(series, i, pt) {
        double v;
        int64_t step = (int64_t)json_integer_value(json_array_get(pt, 0));
        if (json_get_double(json_array_get(pt, 1), &v) || !isfinite(v))
            continue;
        if (!c->points++) {
            c->first = c->last = step;
            c->lo = c->hi = v;
        }
        c->last = step;
        c->lo = v < c->lo ? v : c->lo;
        c->hi = v > c->hi ? v : c->hi;
    }
}

static int chart_column(const struct chart *c, int64_t step)
{
    if (c->last == c->first)
        return 0;
    return (int)((double)(step - c->first) * (c->width - 1) /
                 (double)(c->last - c->first) + 0.5);
}

static void chart_columns(struct chart *c, const json_t *series)
{
    double sum[PLOT_WIDTH_MAX] = {0};
    int count[PLOT_WIDTH_MAX] = {0};
    size_t i;
    json_t *pt;
    json_array_foreach(series, i, pt) {
        double v;
        if (json_get_double(json_array_get(pt, 1), &v) || !isfinite(v))
            continue;
        int col = chart_column(c, (int64_t)json_integer_value(
                                      json_array_get(pt, 0)));
        sum[col] += v;
        count[col]++;
    }
    for (int k = 0; k < c->width; k++)
        c->col[k] = count[k] ? sum[k] / count[k] : k ? c->col[k - 1] : c->lo;
}

/* Eighths of the chart's height that column k fills (at least one). */
static int column_eighths(const struct chart *c, int k)
{
    double f = c->hi > c->lo ? (c->col[k] - c->lo) / (c->hi - c->lo) : 0.5;
    return 1 + (int)(f * (c->height * 8 - 1) + 0.5);
}

static void chart_print(const struct chart *c, const char *name, FILE *out)
{
    fprintf(out, "%s  (%zu points, steps %lld..%lld)\n", name, c->points,
            (long long)c->first, (long long)c->last);
    for (int r = c->height - 1; r >= 0; r--) {
        if (r == c->height - 1 || r == 0)
            fprintf(out, "%11.4g ┤", r ? c->hi : c->lo);
        else
            fprintf(out, "%11s │", "");
        for (int k = 0; k < c->width; k++) {
            int e = column_eighths(c, k) - r * 8;
            fputs(blocks[e < 0 ? 0 : e > 8 ? 8 : e], out);
        }
        fputc('\n', out);
    }
    fprintf(out, "%11s └", "");
    for (int k = 0; k < c->width; k++)
        fputs("─", out);
    char last[24];
    int n = snprintf(last, sizeof last, "%lld", (long long)c->last);
    fprintf(out, "\n%13s%-*lld%s\n", "", c->width > n ? c->width - n : 1,
            (long long)c->first, c->last != c->first ? last : "");
}

static void plot_one(const char *name, const json_t *series, int width,
                     int height, FILE *out)
{
    struct chart c = {.height = height};
    chart_ranges(&c, series);
    if (!c.points) {
        fprintf(out, "%s  (no finite values)\n", name);
        return;
    }
    c.width = c.points < (size_t)width ? (int)c.points : width;
    chart_columns(&c, series);
    chart_print(&c, name, out);
}

int metrics_plot(const json_t *metrics, const char *only, int width,
                 int height, FILE *out, struct err *err)
{
    const char *name;
    json_t *series;
    int shown = 0;
    if (width < 8 || width > PLOT_WIDTH_MAX || height < 2 ||
        height > PLOT_HEIGHT_MAX)
        return err_set(err, ERR_USER, "a chart is 8 to %d columns wide and "
                       "2 to %d rows high", PLOT_WIDTH_MAX, PLOT_HEIGHT_MAX);
    json_object_foreach((json_t *)metrics, name, series) {
        if (only && strcmp(only, name))
            continue;
        if (shown++)
            fputc('\n', out);
        plot_one(name, series, width, height, out);
    }
    if (only && !shown)
        return err_set(err, ERR_USER, "the run reported no metric '%s'",
                       only);
    if (!shown)
        fprintf(out, "no metrics reported\n");
    return 0;
}
