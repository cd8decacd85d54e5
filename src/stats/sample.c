/*
 * sample — checks, exact scaling, compensated sums, ranks and the PRNG
 * that the stats files share (see sample.h).
 *
 * Scaling is by powers of two, so it is exact: the statistic of v/s is the
 * statistic of v, bit for bit, for every scale-invariant statistic, and
 * squares of the scaled data can neither overflow nor underflow.
 */
#include "stats/sample.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int sample_check(const char *fn, const char *what, const double *v,
                 size_t n, struct err *err)
{
    if (n == 0)
        return err_set(err, ERR_USER, "%s: %s is empty", fn, what);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return err_set(err, ERR_USER,
                           "%s: %s[%zu] is %s; data must be finite numbers",
                           fn, what, i, isnan(v[i]) ? "NaN" : "infinite");
    return 0;
}

int sample_check_paired(const char *fn, size_t nx, size_t ny,
                        struct err *err)
{
    if (nx != ny)
        return err_set(err, ERR_USER,
                       "%s: paired samples have different lengths (x has "
                       "%zu values, y has %zu)", fn, nx, ny);
    return 0;
}

static double max_abs(const double *v, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m = fmax(m, fabs(v[i]));
    return m;
}

/* 2^(e + headroom) for m = f·2^e, f in [0.5, 1), but never above
 * 2^1023: the power of two just above DBL_MAX is 2^1024, which is itself
 * infinite, and dividing by it would turn every value into zero (the
 * "zero variance" of data near DBL_MAX). At the cap, m/s is below 2, so
 * squares, sums of two and differences still cannot overflow. At the
 * other end frexp sees subnormals' true exponent, down to 2^-1074. */
static double pow2_above(double m, int headroom)
{
    if (m == 0)
        return 1;
    int e;
    (void)frexp(m, &e);
    e += headroom;
    return ldexp(1, e < DBL_MAX_EXP - 1 ? e : DBL_MAX_EXP - 1);
}

double sample_scale(const double *v, size_t n)
{
    return pow2_above(max_abs(v, n), 0);
}

double sample_scale2(const double *a, size_t na, const double *b, size_t nb)
{
    return pow2_above(fmax(max_abs(a, na), max_abs(b, nb)), 1);
}

double sample_sum(const double *v, size_t n, double shift, double scale)
{
    double s = 0, c = 0;
    for (size_t i = 0; i < n; i++) {
        double x = v[i] / scale - shift, t = s + x;
        c += fabs(s) >= fabs(x) ? (s - t) + x : (x - t) + s;
        s = t;
    }
    return s + c;
}

void sample_moments(const double *v, size_t n, double shift, double scale,
                    double *mean, double *ss)
{
    double m = sample_sum(v, n, shift, scale) / (double)n;
    double sq = 0, cq = 0, lin = 0;
    for (size_t i = 0; i < n; i++) {
        double e = (v[i] / scale - shift) - m, e2 = e * e, t = sq + e2;
        cq += sq >= e2 ? (sq - t) + e2 : (e2 - t) + sq;
        sq = t;
        lin += e;
    }
    *mean = m;
    *ss = fmax(0, sq + cq - lin * lin / (double)n);
}

double *sample_diff(const double *x, const double *y, size_t n,
                    double *scale)
{
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (!d)
        return NULL;
    double s = sample_scale2(x, n, y, n);
    for (size_t i = 0; i < n; i++)
        d[i] = x[i] / s - y[i] / s;
    *scale = s;
    return d;
}

int sample_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct ranked {
    double v;
    size_t i;
};

static int cmp_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

double sample_rank(const double *v, size_t n, double *rank)
{
    struct ranked *r = malloc((n ? n : 1) * sizeof *r);
    double ties = 0;
    if (!r)
        return NAN;
    for (size_t i = 0; i < n; i++)
        r[i] = (struct ranked){v[i], i};
    qsort(r, n, sizeof *r, cmp_ranked);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && r[j].v == r[i].v; j++)
            ;
        double avg = (double)(i + 1 + j) / 2, t = (double)(j - i);
        for (size_t k = i; k < j; k++)
            rank[r[k].i] = avg;
        ties += t * t * t - t;
    }
    free(r);
    return ties;
}

