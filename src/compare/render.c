/*
 * render — the human form of a comparison: the verdict on one line, then
 * one table row per metric, then the honesty flags.
 */
#include "compare/compare.h"
#include "core/json.h"

#include <math.h>
#include <string.h>

static double num(const json_t *o, const char *key)
{
    double v = NAN;
    (void)json_get_double(json_object_get(o, key), &v);
    return v;
}

static void fmt_p(double p, char *out, size_t n)
{
    if (isnan(p))
        snprintf(out, n, "-");
    else if (p < 1e-4)
        snprintf(out, n, "<0.0001");
    else
        snprintf(out, n, "%.2g", p);
}

static int print_row(const json_t *c, FILE *out)
{
    double k = strcmp(json_string_value(json_object_get(c, "unit")), "pts") ? 1 : 100;
    const json_t *ci = json_object_get(c, "ci");
    double lo = NAN, hi = NAN;
    char diff[80], p[16], padj[16];
    (void)json_get_double(json_array_get(ci, 0), &lo);
    (void)json_get_double(json_array_get(ci, 1), &hi);
    snprintf(diff, sizeof diff, "%+.3g [%.3g, %.3g]", num(c, "diff") * k, lo * k, hi * k);
    fmt_p(num(c, "pvalue"), p, sizeof p);
    fmt_p(num(c, "pvalue_adjusted"), padj, sizeof padj);
    return fprintf(out, "%-16.16s %10.4g %10.4g  %-28s %8s %8s  %s\n",
                   json_string_value(json_object_get(c, "metric")),
                   num(c, "mean_a"), num(c, "mean_b"), diff, p, padj,
                   json_string_value(json_object_get(c, "test"))) < 0;
}

int compare_render_text(const json_t *result, FILE *out, struct err *err)
{
    const json_t *rows = json_object_get(result, "comparisons"), *c, *f;
    size_t i;
    int bad = fprintf(out, "%s\n\n%-16s %10s %10s  %-28s %8s %8s  %s\n",
                      json_string_value(json_object_get(result, "verdict")),
                      "metric", json_string_value(json_object_get(result, "a")),
                      json_string_value(json_object_get(result, "b")),
                      "B - A [CI]", "p", "p(adj)", "test") < 0;
    json_array_foreach(rows, i, c)
        bad |= print_row(c, out);
    json_array_foreach(json_object_get(result, "flags"), i, f)
        bad |= fprintf(out, "%s! %s\n", i ? "" : "\n", json_string_value(f)) < 0;
    return bad ? err_errno(err, "writing the comparison") : 0;
}
