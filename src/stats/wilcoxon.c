/*
 * wilcoxon — the Wilcoxon signed-rank test, following scipy 1.10's
 * conventions: zero methods wilcox (drop zeros), pratt (rank zeros, then
 * drop them, Cureton's adjustment) and zsplit (split zero ranks between
 * the signs); exact distribution for n <= 50 by default, switching to the
 * normal approximation when there are zeros. One deliberate difference:
 * when every difference is zero scipy raises for wilcox and pratt; the
 * contract's natural limit (identical samples, p = 1) is answered instead.
 */
#include "stats/stats.h"
#include "stats/sample.h"

#include <math.h>
#include <stdlib.h>

struct wsr {
    double *d, *r;      /* differences (scaled) and ranks of |d| */
    size_t n, nzero;
    double rplus, rminus;
};

/* pmf of W+ for n untied ranks: each rank is positive with probability ½. */
static double *wsr_pmf(size_t n, size_t *len)
{
    size_t top = n * (n + 1) / 2;
    double *p = calloc(top + 1, sizeof *p);
    if (!p)
        return NULL;
    p[0] = 1;
    for (size_t i = 1, hi = 0; i <= n; i++) {
        hi += i;
        for (size_t s = hi + 1; s-- > 0;)
            p[s] = 0.5 * (p[s] + (s >= i ? p[s - i] : 0));
    }
    *len = top + 1;
    return p;
}

static int wsr_exact_p(const struct wsr *w, enum stats_alt alt, double *p,
                       struct err *err)
{
    size_t len, r = (size_t)floor(w->rplus);
    if (w->n > STATS_WILCOXON_EXACT_MAX)
        return err_set(err, ERR_USER, "wilcoxon_signed_rank: the exact "
                       "method supports n <= %d; use method \"approx\"",
                       STATS_WILCOXON_EXACT_MAX);
    double *pmf = wsr_pmf(w->n, &len), lo = 0, hi = 0;
    if (!pmf)
        return err_set(err, ERR_INTERNAL, "wilcoxon_signed_rank: out of memory");
    for (size_t s = 0; s < len; s++) {
        lo += s <= r ? pmf[s] : 0;
        hi += s >= r ? pmf[s] : 0;
    }
    free(pmf);
    if (alt == STATS_TWO_SIDED)
        *p = r == (len - 1) / 2 ? 1 : 2 * fmin(lo, hi);
    else
        *p = alt == STATS_GREATER ? hi : lo;
    *p = fmin(1, fmax(0, *p));
    return 0;
}

/* Σ(t³ − t) over tie groups of the ranks, skipping zero differences when
 * skip_zero is set (Pratt). */
static double wsr_tie_term(const struct wsr *w, int skip_zero)
{
    double *r = malloc((w->n ? w->n : 1) * sizeof *r), term = 0;
    size_t m = 0;
    if (!r)
        return NAN;
    for (size_t i = 0; i < w->n; i++)
        if (!(skip_zero && w->d[i] == 0))
            r[m++] = w->r[i];
    qsort(r, m, sizeof *r, sample_cmp_double);
    for (size_t i = 0, j; i < m; i = j) {
        for (j = i + 1; j < m && r[j] == r[i]; j++)
            ;
        double t = (double)(j - i);
        term += t * t * t - t;
    }
    free(r);
    return term;
}

static double wsr_approx_p(const struct wsr *w, const struct stats_wilcoxon_opts *o,
                           double t)
{
    double c = (double)w->n, z0 = (double)w->nzero;
    double mn = c * (c + 1) * 0.25, se = c * (c + 1) * (2 * c + 1);
    int pratt = o->zero_method == STATS_ZERO_PRATT;
    if (pratt) {
        mn -= z0 * (z0 + 1) * 0.25;
        se -= z0 * (z0 + 1) * (2 * z0 + 1);
    }
    se = sqrt((se - 0.5 * wsr_tie_term(w, pratt)) / 24);
    double corr = 0;
    if (o->correction)
        corr = o->alt == STATS_TWO_SIDED ? 0.5 * ((t > mn) - (t < mn))
               : o->alt == STATS_LESS ? -0.5 : 0.5;
    double z = (t - mn - corr) / se;
    if (o->alt == STATS_TWO_SIDED)
        return fmin(1, 2 * stats_norm_sf(fabs(z)));
    return o->alt == STATS_GREATER ? stats_norm_sf(z) : stats_norm_cdf(z);
}

static int wsr_rank(struct wsr *w, int zsplit, struct err *err)
{
    double *a = malloc((w->n ? w->n : 1) * sizeof *a), rz = 0;
    w->rplus = w->rminus = 0;
    if (!a)
        return err_set(err, ERR_INTERNAL, "wilcoxon_signed_rank: out of memory");
    for (size_t i = 0; i < w->n; i++)
        a[i] = fabs(w->d[i]);
    double ties = sample_rank(a, w->n, w->r);
    free(a);
    if (isnan(ties))
        return err_set(err, ERR_INTERNAL, "wilcoxon_signed_rank: out of memory");
    for (size_t i = 0; i < w->n; i++) {
        if (w->d[i] > 0)
            w->rplus += w->r[i];
        else if (w->d[i] < 0)
            w->rminus += w->r[i];
        else
            rz += w->r[i];
    }
    if (zsplit) {
        w->rplus += rz / 2;
        w->rminus += rz / 2;
    }
    return 0;
}

static void wsr_drop_zeros(struct wsr *w)
{
    size_t m = 0;
    for (size_t i = 0; i < w->n; i++)
        if (w->d[i] != 0)
            w->d[m++] = w->d[i];
    w->n = m;
}

static int wsr_run(struct wsr *w, const struct stats_wilcoxon_opts *o,
                   struct stats_result *out, struct err *err)
{
    enum stats_wsr_method m = o->method;
    if (m == STATS_WSR_AUTO)
        m = w->n <= 50 ? STATS_WSR_EXACT : STATS_WSR_APPROX;
    if (w->nzero > 0)
        m = STATS_WSR_APPROX;
    if (w->nzero == w->n && o->zero_method != STATS_ZERO_ZSPLIT) {
        out->statistic = 0;
        out->pvalue = 1;
        return 0;
    }
    if (m == STATS_WSR_APPROX && o->zero_method == STATS_ZERO_WILCOX)
        wsr_drop_zeros(w);
    int rc = wsr_rank(w, o->zero_method == STATS_ZERO_ZSPLIT, err);
    if (rc)
        return rc;
    double t = o->alt == STATS_TWO_SIDED ? fmin(w->rplus, w->rminus) : w->rplus;
    out->statistic = t;
    if (m == STATS_WSR_EXACT)
        return wsr_exact_p(w, o->alt, &out->pvalue, err);
    out->pvalue = wsr_approx_p(w, o, t);
    return 0;
}

int stats_wilcoxon(const double *x, const double *y, size_t n,
                   const struct stats_wilcoxon_opts *opts,
                   struct stats_result *out, struct err *err)
{
    const char *fn = "wilcoxon_signed_rank";
    int rc = sample_check(fn, "x", x, n, err);
    rc = rc ? rc : sample_check(fn, "y", y, n, err);
    if (rc)
        return rc;
    struct wsr w = {.n = n};
    double scale;
    w.d = sample_diff(x, y, n, &scale);
    w.r = malloc(n * sizeof *w.r);
    if (!w.d || !w.r) {
        rc = err_set(err, ERR_INTERNAL, "%s: out of memory", fn);
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        w.nzero += w.d[i] == 0;
    out->df = NAN;
    rc = wsr_run(&w, opts, out, err);
out:
    free(w.d);
    free(w.r);
    return rc;
}
