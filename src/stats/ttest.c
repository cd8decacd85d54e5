/*
 * ttest — Welch's t-test and the mean-based effect sizes (Cohen's d, d_z).
 *
 * All moments are taken on data divided by a common power of two and
 * shifted by the first value, so that neither 1e300 (whose square
 * overflows) nor 1e9 + small differences (whose naive sum cancels) change
 * the answer.
 */
#include "stats/stats.h"
#include "stats/sample.h"

#include <math.h>
#include <stdlib.h>

static int need_two(const char *fn, const char *what, size_t n,
                    struct err *err)
{
    if (n < 2)
        return err_set(err, ERR_USER,
                       "%s: %s has %zu value; a variance needs at least 2",
                       fn, what, n);
    return 0;
}

struct two_moments {
    double ma, mb, ssa, ssb;
};

static void two_sample_moments(const double *a, size_t na, const double *b,
                               size_t nb, struct two_moments *m)
{
    double s = sample_scale2(a, na, b, nb), shift = a[0] / s;
    sample_moments(a, na, shift, s, &m->ma, &m->ssa);
    sample_moments(b, nb, shift, s, &m->mb, &m->ssb);
}

static double t_pvalue(double t, double df, enum stats_alt alt)
{
    if (alt == STATS_LESS)
        return stats_t_cdf(t, df);
    if (alt == STATS_GREATER)
        return stats_t_sf(t, df);
    return fmin(1, 2 * stats_t_sf(fabs(t), df));
}

int stats_welch_ttest(const double *a, size_t na, const double *b, size_t nb,
                      enum stats_alt alt, struct stats_result *out,
                      struct err *err)
{
    const char *fn = "welch_ttest";
    int rc = sample_check(fn, "a", a, na, err);
    rc = rc ? rc : sample_check(fn, "b", b, nb, err);
    rc = rc ? rc : need_two(fn, "a", na, err);
    rc = rc ? rc : need_two(fn, "b", nb, err);
    if (rc)
        return rc;
    struct two_moments m;
    two_sample_moments(a, na, b, nb, &m);
    double qa = m.ssa / (double)(na - 1) / (double)na;
    double qb = m.ssb / (double)(nb - 1) / (double)nb;
    double se2 = qa + qb;
    if (!(se2 > 0))
        return err_set(err, ERR_USER, "%s: both samples have zero variance; "
                       "the t statistic is undefined", fn);
    out->statistic = (m.ma - m.mb) / sqrt(se2);
    double ra = qa / se2, rb = qb / se2;   /* ratios: no overflow */
    out->df = 1 / (ra * ra / (double)(na - 1) + rb * rb / (double)(nb - 1));
    out->pvalue = t_pvalue(out->statistic, out->df, alt);
    return 0;
}

int stats_cohens_d(const double *a, size_t na, const double *b, size_t nb,
                   double *d, struct err *err)
{
    const char *fn = "cohens_d";
    int rc = sample_check(fn, "a", a, na, err);
    rc = rc ? rc : sample_check(fn, "b", b, nb, err);
    if (rc)
        return rc;
    if (na + nb < 3)
        return err_set(err, ERR_USER, "%s: a and b have 2 values in all; "
                       "a pooled variance needs at least 3", fn);
    struct two_moments m;
    two_sample_moments(a, na, b, nb, &m);
    double pooled = (m.ssa + m.ssb) / (double)(na + nb - 2);
    if (!(pooled > 0))
        return err_set(err, ERR_USER, "%s: the pooled standard deviation "
                       "is zero; d is undefined", fn);
    *d = (m.ma - m.mb) / sqrt(pooled);
    return 0;
}

int stats_cohens_dz(const double *x, const double *y, size_t n, double *d,
                    struct err *err)
{
    const char *fn = "cohens_dz";
    int rc = sample_check(fn, "x", x, n, err);
    rc = rc ? rc : sample_check(fn, "y", y, n, err);
    rc = rc ? rc : need_two(fn, "x", n, err);
    if (rc)
        return rc;
    double s, mean, ss;
    double *diff = sample_diff(x, y, n, &s);
    if (!diff)
        return err_set(err, ERR_INTERNAL, "%s: out of memory", fn);
    double s2 = sample_scale(diff, n);
    sample_moments(diff, n, diff[0] / s2, s2, &mean, &ss);
    mean += diff[0] / s2;
    free(diff);
    if (!(ss > 0))
        return err_set(err, ERR_USER, "%s: the differences x − y have zero "
                       "variance; d_z is undefined", fn);
    *d = mean / sqrt(ss / (double)(n - 1));
    return 0;
}

int stats_mean_sd(const double *v, size_t n, double *mean, double *sd,
                  struct err *err)
{
    int rc = sample_check("mean_sd", "values", v, n, err);
    if (rc)
        return rc;
    double s = sample_scale(v, n), m, ss;
    sample_moments(v, n, v[0] / s, s, &m, &ss);
    *mean = (m + v[0] / s) * s;
    *sd = n < 2 ? NAN : sqrt(ss / (double)(n - 1)) * s;
    return 0;
}

double stats_min_detectable(double se, double alpha, double power)
{
    return (stats_norm_ppf(1 - alpha / 2) + stats_norm_ppf(power)) * se;
}
