/*
 * adjust — multiple-comparison corrections (Holm, Benjamini-Hochberg),
 * McNemar's test for paired binary outcomes, and Cliff's delta.
 */
#include "stats/stats.h"
#include "stats/sample.h"

#include <math.h>
#include <stdlib.h>

static int check_p(const char *fn, const double *p, size_t n,
                   struct err *err)
{
    if (n == 0)
        return err_set(err, ERR_USER, "%s: p is empty", fn);
    for (size_t i = 0; i < n; i++) {
        if (isnan(p[i]))
            return err_set(err, ERR_USER, "%s: p[%zu] is NaN; p-values "
                           "must be in [0, 1]", fn, i);
        if (!(p[i] >= 0 && p[i] <= 1))
            return err_set(err, ERR_USER, "%s: p[%zu] is %g; p-values "
                           "must be in [0, 1]", fn, i, p[i]);
    }
    return 0;
}

struct ordered {
    double p;
    size_t i;
};

static int cmp_ordered(const void *a, const void *b)
{
    const struct ordered *x = a, *y = b;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

static struct ordered *sort_p(const double *p, size_t n)
{
    struct ordered *o = malloc(n * sizeof *o);
    if (!o)
        return NULL;
    for (size_t i = 0; i < n; i++)
        o[i] = (struct ordered){p[i], i};
    qsort(o, n, sizeof *o, cmp_ordered);
    return o;
}

int stats_holm(const double *p, size_t n, double *adj, struct err *err)
{
    int rc = check_p("holm", p, n, err);
    if (rc)
        return rc;
    struct ordered *o = sort_p(p, n);
    if (!o)
        return err_set(err, ERR_INTERNAL, "holm: out of memory");
    double run = 0;
    for (size_t k = 0; k < n; k++) {
        run = fmax(run, fmin(1, (double)(n - k) * o[k].p));
        adj[o[k].i] = run;
    }
    free(o);
    return 0;
}

int stats_benjamini_hochberg(const double *p, size_t n, double *adj,
                             struct err *err)
{
    int rc = check_p("benjamini_hochberg", p, n, err);
    if (rc)
        return rc;
    struct ordered *o = sort_p(p, n);
    if (!o)
        return err_set(err, ERR_INTERNAL, "benjamini_hochberg: out of memory");
    double run = 1;
    for (size_t k = n; k-- > 0;) {
        run = fmin(run, fmin(1, (double)n / (double)(k + 1) * o[k].p));
        adj[o[k].i] = run;
    }
    free(o);
    return 0;
}

static int check_count(const char *what, double v, struct err *err)
{
    if (!(v >= 0 && v <= 9007199254740992.0) || v != floor(v))
        return err_set(err, ERR_USER, "mcnemar: %s must be a non-negative "
                       "integer count", what);
    return 0;
}

/* Two-sided binomial test of k = min(b, c) successes in b + c at ½. */
static double mcnemar_exact(double b, double c)
{
    double n = b + c, k = fmin(b, c);
    if (n == 0 || 2 * k == n)
        return 1;
    return fmin(1, 2 * stats_betainc(n - k, k + 1, 0.5));
}

int stats_mcnemar(double b, double c, enum stats_mcnemar_method method,
                  struct stats_result *out, int *used_exact,
                  struct err *err)
{
    int rc = check_count("b", b, err);
    rc = rc ? rc : check_count("c", c, err);
    if (rc)
        return rc;
    int exact = method == STATS_MCNEMAR_EXACT ||
                (method == STATS_MCNEMAR_AUTO && b + c < 25);
    out->df = NAN;
    if (used_exact)
        *used_exact = exact;
    if (exact) {
        out->statistic = NAN;
        out->pvalue = mcnemar_exact(b, c);
    } else if (b + c == 0) {
        out->statistic = 0;
        out->pvalue = 1;
    } else {
        double t = fabs(b - c) - 1;
        out->statistic = t * t / (b + c);
        out->pvalue = stats_chi2_sf(out->statistic, 1);
    }
    return 0;
}

int stats_cliffs_delta(const double *a, size_t na, const double *b,
                       size_t nb, double *delta, struct err *err)
{
    int rc = sample_check("cliffs_delta", "a", a, na, err);
    rc = rc ? rc : sample_check("cliffs_delta", "b", b, nb, err);
    if (rc)
        return rc;
    double *s = malloc(nb * sizeof *s), net = 0;
    if (!s)
        return err_set(err, ERR_INTERNAL, "cliffs_delta: out of memory");
    for (size_t j = 0; j < nb; j++)
        s[j] = b[j];
    qsort(s, nb, sizeof *s, sample_cmp_double);
    for (size_t i = 0; i < na; i++) {
        size_t lo = 0, hi = nb, below, upto;
        while (lo < hi) {   /* first b >= a[i] */
            size_t mid = lo + (hi - lo) / 2;
            if (s[mid] < a[i]) lo = mid + 1; else hi = mid;
        }
        below = lo;
        for (hi = nb; lo < hi;) {   /* first b > a[i] */
            size_t mid = lo + (hi - lo) / 2;
            if (s[mid] <= a[i]) lo = mid + 1; else hi = mid;
        }
        upto = lo;
        net += (double)below - (double)(nb - upto);
    }
    free(s);
    *delta = net / ((double)na * (double)nb);
    return 0;
}
