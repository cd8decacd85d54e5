/*
 * groups — compare_groups: runs every comparison, corrects the p-values
 * across metrics (Holm by default; metrics looked at but not reported
 * count as p = 1, so choosing metrics after the fact is paid for), and
 * writes the verdict and the result object.
 */
#include "compare/row.h"
#include "core/json.h"
#include "core/parse.h"
#include "stats/stats.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int row_init(struct row *r, const char *metric, int lower_is_better,
             struct err *err)
{
    memset(r, 0, sizeof *r);
    r->metric = metric;
    r->lower_is_better = lower_is_better;
    r->unit_scale = 1;
    r->unit = "";
    r->p = r->p_adj = r->mde = r->noise_floor = r->lo = r->hi = NAN;
    r->effect = json_object();
    r->flags = json_array();
    if (!r->effect || !r->flags)
        return err_set(err, ERR_INTERNAL, "out of memory");
    return 0;
}

void row_free(struct row *r)
{
    json_decref(r->effect);
    json_decref(r->flags);
}

void row_flag(struct row *r, const char *fmt, ...)
{
    char text[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    json_array_append_new(r->flags, json_string(text));
}

void row_effect(struct row *r, const char *key, double v)
{
    json_object_set_new(r->effect, key, json_from_double(v));
}

double row_mde_factor(double alpha)
{
    return stats_norm_ppf(1 - alpha / 2) + stats_norm_ppf(0.8);
}

/* Adjusted p-values into the rows that have a p-value. */
static int correct(struct row *rows, size_t n, const struct compare_input *in,
                   struct err *err)
{
    size_t m = 0, total = in->metrics_considered > n ? in->metrics_considered : n;
    double *p = malloc(total * sizeof *p), *adj = malloc(total * sizeof *adj);
    int rc = 0;
    if (!p || !adj) {
        rc = err_set(err, ERR_INTERNAL, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        if (rows[i].has_p)
            p[m++] = rows[i].p;
    size_t k = m;
    for (; k < m + (total - n); k++)
        p[k] = 1;   /* metrics looked at but not reported */
    if (k)
        rc = in->correction == COMPARE_BH ? stats_benjamini_hochberg(p, k, adj, err)
                                          : stats_holm(p, k, adj, err);
    for (size_t i = 0, j = 0; !rc && i < n; i++)
        if (rows[i].has_p)
            rows[i].p_adj = adj[j++];
out:
    free(p);
    free(adj);
    return rc;
}

static int better(const struct row *r)
{
    return (r->diff > 0) != (r->lower_is_better != 0);
}

static json_t *row_json(const struct row *r, double alpha)
{
    int sig = r->has_p && r->p_adj < alpha;
    return json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:o,s:o,s:o,s:[o,o],s:o,s:o,"
                     "s:b,s:s,s:o,s:o,s:O,s:O}",
                     "metric", r->metric, "kind", r->kind, "test", r->test,
                     "unit", r->unit, "n_a", (json_int_t)r->n_a,
                     "n_b", (json_int_t)r->n_b, "n_pairs", (json_int_t)r->n_pairs,
                     "mean_a", json_from_double(r->mean_a),
                     "mean_b", json_from_double(r->mean_b),
                     "diff", json_from_double(r->diff),
                     "ci", json_from_double(r->lo), json_from_double(r->hi),
                     "pvalue", json_from_double(r->p),
                     "pvalue_adjusted", json_from_double(r->p_adj),
                     "significant", sig,
                     "direction", !sig ? "none" : better(r) ? "better" : "worse",
                     "mde", json_from_double(r->mde),
                     "noise_floor", json_from_double(r->noise_floor),
                     "effect", r->effect, "flags", r->flags);
}

/* The row the verdict speaks about: the most significant one. */
static const struct row *primary(const struct row *rows, size_t n)
{
    const struct row *best = &rows[0];
    for (size_t i = 1; i < n; i++)
        if (rows[i].has_p && (!best->has_p || rows[i].p_adj < best->p_adj))
            best = &rows[i];
    return best;
}

static void verdict(const struct row *r, const struct compare_input *in,
                    size_t n_tests, double alpha, char *out, size_t len)
{
    const char *a = in->label_a ? in->label_a : "A", *b = in->label_b ? in->label_b : "B";
    double k = r->unit_scale;
    size_t used = 0;
    if (r->has_p && r->p_adj < alpha)
        used = (size_t)snprintf(out, len, "%s %s than %s on %s: ", b,
                                better(r) ? "better" : "worse", a, r->metric);
    else
        used = (size_t)snprintf(out, len, "No clear difference between %s and "
                                "%s on %s: ", a, b, r->metric);
    if (used >= len)
        return;
    used += (size_t)snprintf(out + used, len - used, "%+.3g%s%s [%.3g, %.3g], p = %.2g, %s",
                             r->diff * k, *r->unit ? " " : "", r->unit,
                             r->lo * k, r->hi * k, r->p_adj, r->method);
    if (used < len && n_tests > 1)
        snprintf(out + used, len - used, ", %s over %zu metrics",
                 in->correction == COMPARE_BH ? "Benjamini-Hochberg" : "Holm", n_tests);
}

static int build_rows(const struct compare_input *in, struct row *rows,
                      size_t *n, const struct settings *s, struct err *err)
{
    int rc = 0;
    *n = 0;
    if (in->ex_a && in->ex_b) {
        rc = row_init(&rows[0], in->example_metric ? in->example_metric : "score",
                      in->example_lower_is_better, err);
        *n = 1;
        rc = rc ? rc : row_examples(&rows[0], in->ex_a, in->ex_b, s, err);
    }
    for (size_t i = 0; !rc && i < in->n_metrics; i++) {
        struct row *r = &rows[(*n)++];
        rc = row_init(r, in->metrics[i].name, in->metrics[i].lower_is_better, err);
        rc = rc ? rc : row_seeds(r, &in->metrics[i], s, err);
        if (!rc) {
            row_best_of(r, "A", in->metrics[i].na, in->candidates_a);
            row_best_of(r, "B", in->metrics[i].nb, in->candidates_b);
        }
    }
    return rc;
}

static json_t *result_json(const struct compare_input *in, struct row *rows,
                           size_t n, double alpha)
{
    size_t tests = in->metrics_considered > n ? in->metrics_considered : n;
    char line[600];
    json_t *list = json_array(), *flags = json_array(), *f;
    size_t i, j;
    for (i = 0; i < n; i++) {
        json_array_append_new(list, row_json(&rows[i], alpha));
        json_array_foreach(rows[i].flags, j, f) {
            snprintf(line, sizeof line, "%s: %s", rows[i].metric, json_string_value(f));
            json_array_append_new(flags, json_string(line));
        }
    }
    verdict(primary(rows, n), in, tests, alpha, line, sizeof line);
    return json_pack("{s:s,s:s,s:s,s:s,s:f,s:I,s:o,s:o}",
                     "a", in->label_a ? in->label_a : "A",
                     "b", in->label_b ? in->label_b : "B", "verdict", line,
                     "correction", in->correction == COMPARE_BH ? "benjamini_hochberg" : "holm",
                     "alpha", alpha, "tests_corrected_over", (json_int_t)tests,
                     "comparisons", list, "flags", flags);
}

int compare_parse_alpha(const char *text, double *alpha, struct err *err)
{
    int rc = parse_double(text, "--alpha", alpha, err);
    if (!rc && !(*alpha > 0 && *alpha < 1))
        rc = err_set(err, ERR_USER, "--alpha must be between 0 and 1 "
                     "(exclusive), e.g. 0.05; got %s", text);
    return rc;
}

int compare_groups(const struct compare_input *in, json_t **out, struct err *err)
{
    if (in->alpha != 0 && !(in->alpha > 0 && in->alpha < 1))
        return err_set(err, ERR_USER, "compare: alpha must be between 0 and "
                       "1 (exclusive), got %g", in->alpha);
    struct settings s = {in->alpha > 0 && in->alpha < 1 ? in->alpha : 0.05, in->seed,
                         in->n_resamples ? in->n_resamples : 9999};
    size_t cap = in->n_metrics + 1, n = 0;
    if ((!in->ex_a) != (!in->ex_b))
        return err_set(err, ERR_USER, "compare: per-example results are needed for both A and B");
    if (!in->ex_a && in->n_metrics == 0)
        return err_set(err, ERR_USER, "compare: nothing to compare (no per-example results, no metrics)");
    struct row *rows = calloc(cap, sizeof *rows);
    if (!rows)
        return err_set(err, ERR_INTERNAL, "out of memory");
    int rc = build_rows(in, rows, &n, &s, err);
    rc = rc ? rc : correct(rows, n, in, err);
    if (!rc && !(*out = result_json(in, rows, n, s.alpha)))
        rc = err_set(err, ERR_INTERNAL, "out of memory");
    for (size_t i = 0; i < n; i++)
        row_free(&rows[i]);
    free(rows);
    return rc;
}
