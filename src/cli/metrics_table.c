/*
 * metrics_table — the step-by-metric table of a run (see metrics_view.h).
 *
 * The steps are the sorted union of every series' steps; a metric that
 * did not report at a step leaves its cell blank. Each series keeps a
 * cursor, so the table costs one pass over the points after the sort.
 */
#include "cli/metrics_view.h"
#include "core/json.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NAME_WIDTH_MAX 16
#define POINTS_MAX (1u << 24)   /* 16M points: beyond that, use --json */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int64_t point_step(const json_t *pt)
{
    return (int64_t)json_integer_value(json_array_get(pt, 0));
}

/* Every step any series reported, sorted, without repeats. */
static int union_steps(const json_t *metrics, int64_t **steps, size_t *n,
                       struct err *err)
{
    size_t total = 0, i, k = 0;
    const char *name;
    json_t *series, *pt;
    json_object_foreach((json_t *)metrics, name, series)
        total += json_array_size(series);
    if (total > POINTS_MAX)
        return err_set(err, ERR_USER, "%zu metric points are too many for "
                       "a table; use --json", total);
    *steps = malloc((total ? total : 1) * sizeof **steps);
    if (!*steps)
        return err_set(err, ERR_INTERNAL, "out of memory");
    json_object_foreach((json_t *)metrics, name, series)
        json_array_foreach(series, i, pt)(*steps)[k++] = point_step(pt);
    qsort(*steps, total, sizeof **steps, cmp_i64);
    *n = 0;
    for (i = 0; i < total; i++)
        if (!*n || (*steps)[*n - 1] != (*steps)[i])
            (*steps)[(*n)++] = (*steps)[i];
    return 0;
}

static int col_width(const char *name)
{
    int w = (int)strlen(name);
    return w < 10 ? 10 : w > NAME_WIDTH_MAX ? NAME_WIDTH_MAX : w;
}

static void print_header(const json_t *metrics, FILE *out)
{
    const char *name;
    json_t *series;
    fprintf(out, "%10s", "step");
    json_object_foreach((json_t *)metrics, name, series)
        fprintf(out, "  %*.*s", col_width(name), NAME_WIDTH_MAX, name);
    fputc('\n', out);
}

/* One row: each series' cursor moves up to step. */
static void print_row(const json_t *metrics, int64_t step, size_t *cursor,
                      FILE *out)
{
    const char *name;
    json_t *series;
    size_t m = 0;
    fprintf(out, "%10lld", (long long)step);
    json_object_foreach((json_t *)metrics, name, series) {
        size_t n = json_array_size(series);
        while (cursor[m] < n &&
               point_step(json_array_get(series, cursor[m])) < step)
            cursor[m]++;
        json_t *pt = json_array_get(series, cursor[m]);
        double v = NAN;
        if (pt && point_step(pt) == step &&
            !json_get_double(json_array_get(pt, 1), &v))
            fprintf(out, "  %*.6g", col_width(name), v);
        else
            fprintf(out, "  %*s", col_width(name), pt && point_step(pt) ==
                    step ? "nan" : "");
        m++;
    }
    fputc('\n', out);
}

/* Row r of max_rows spread evenly over n steps. */
static size_t pick(size_t r, size_t rows, size_t n)
{
    return rows <= 1 ? n - 1 : (size_t)((double)r * (double)(n - 1) /
                                        (double)(rows - 1) + 0.5);
}

int metrics_table(const json_t *metrics, size_t max_rows, FILE *out,
                  struct err *err)
{
    int64_t *steps = NULL;
    size_t n = 0, rows;
    if (!json_object_size(metrics))
        return fprintf(out, "no metrics reported\n"), 0;
    int rc = union_steps(metrics, &steps, &n, err);
    size_t *cursor = rc ? NULL : calloc(json_object_size(metrics),
                                        sizeof *cursor);
    if (!rc && !cursor)
        rc = err_set(err, ERR_INTERNAL, "out of memory");
    if (rc)
        goto out;
    rows = max_rows && n > max_rows ? max_rows : n;
    print_header(metrics, out);
    for (size_t r = 0; r < rows; r++)
        print_row(metrics, steps[rows == n ? r : pick(r, rows, n)], cursor,
                  out);
    if (rows < n)
        fprintf(out, "(%zu of %zu steps shown; --all prints every step)\n",
                rows, n);
out:
    free(cursor);
    free(steps);
    return rc;
}
