/*
 * special_beta — the regularised incomplete beta function I_x(a, b).
 *
 * The side of the distribution below the mean is computed directly by the
 * classic continued fraction (modified Lentz) and the other side by the
 * symmetry I_x(a, b) = 1 − I_{1−x}(b, a), so small tails are never
 * 1 − (something near 1). The hard part is the prefactor x^a y^b / B(a, b)
 * for large a and b: log B is 1e11 for a = 1e10 and its rounding error
 * alone would be 1e-5 relative. It is formed from Stirling's series so that
 * the large terms cancel analytically, leaving a·log1pmx(δ/x0) +
 * b·log1pmx(−δ/y0) around the mean x0 = a/(a+b).
 */
#include "stats/special.h"
#include "stats/special_impl.h"

#include <math.h>

#define BETA_MAXIT 200000000L
#define BETA_EPS 1e-16
#define STIRLING_MIN 10.0
#define BGRAT_MIN 1e4

static double log_of(double x, double y)
{
    return x < 0.5 ? log(x) : log1p(-y);
}

double special_mean_offset(double a, double b, double x)
{
    double s = a + b, bb = s - a, lo = (a - (s - bb)) + (b - bb);   /* TwoSum */
    return (fma(x, s, -a) + x * lo) / s;
}

/* log(v / v0) − t where t = v/v0 − 1: the part of a·log(v/v0) that is
 * left once the linear terms of a and b cancel. */
static double log_excess(double t, double lv, double lv0)
{
    return fabs(t) < 0.5 ? stats_log1pmx(t) : lv - lv0 - t;
}

/* Both a and b large: see the file comment. */
static double beta_prefix_large(double a, double b, double x, double lx,
                                double ly)
{
    double s = a + b, ls = log(s);
    double delta = special_mean_offset(a, b, x);
    double e = a * log_excess(delta * s / a, lx, log(a) - ls) +
               b * log_excess(-delta * s / b, ly, log(b) - ls);
    e += special_lgstar(s) - special_lgstar(a) - special_lgstar(b);
    return exp(e) * sqrt(a / s * b / (2 * M_PI));
}

/* a large, b small: Γ(a+b)/Γ(a) from Stirling's series, Γ(b) directly. */
static double beta_prefix_mixed(double a, double b, double lx, double ly)
{
    double e = a * lx + b * (ly + log(a + b)) + a * stats_log1pmx(b / a) -
               0.5 * log1p(b / a) + special_lgstar(a + b) -
               special_lgstar(a) - lgamma(b);
    return exp(e);
}

/* x^a y^b / B(a, b). */
static double beta_prefix(double a, double b, double x, double y)
{
    double lx = log_of(x, y), ly = log_of(y, x);
    if (a >= STIRLING_MIN && b >= STIRLING_MIN)
        return beta_prefix_large(a, b, x, lx, ly);
    if (a >= STIRLING_MIN)
        return beta_prefix_mixed(a, b, lx, ly);
    if (b >= STIRLING_MIN)
        return beta_prefix_mixed(b, a, ly, lx);
    double lbeta = lgamma(a) + lgamma(b) - lgamma(a + b);
    return exp(a * lx + b * ly - lbeta);
}

static double lentz_clamp(double v)
{
    return fabs(v) < 1e-300 ? 1e-300 : v;
}

/* The continued fraction for I_x(a, b) / prefix, fast for x below the
 * mean. */
static double beta_cf(double a, double b, double x, double y)
{
    double qab = a + b, qap = a + 1, qam = a - 1;
    /* 1 − (a+b)x/(a+1), formed from y when x is near 1 (a >> b) */
    double d0 = x < 0.5 ? fma(-qab, x, qap) / qap : (1 - b + qab * y) / qap;
    double c = 1, d = 1 / lentz_clamp(d0), h = d;
    for (long m = 1; m < BETA_MAXIT; m++) {
        double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 / lentz_clamp(1 + aa * d);
        c = lentz_clamp(1 + aa / c);
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 / lentz_clamp(1 + aa * d);
        c = lentz_clamp(1 + aa / c);
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < BETA_EPS)
            break;
    }
    return h;
}

static double beta_lower(double a, double b, double x, double y)
{
    return beta_prefix(a, b, x, y) * beta_cf(a, b, x, y) / a;
}

/* a large and b small: the leading term of DiDonato & Morris's BGRAT,
 * I_y(b, a) = P(b, u) with u = −(a + (b − 1)/2) log x, whose error is
 * O(b³/a²) < 1e-12 where it is used, while the continued fraction would
 * lose digits to 1 − (a+b)x/(a+1) for x within 1/a of 1. */
static void beta_large_a(double a, double b, double x, double y, double *ix,
                         double *iy)
{
    double u = -(a + (b - 1) / 2) * log_of(x, y);
    special_gamma_pq(b, u, iy, ix);
}

/* BGRAT's leading term errs by about 0.15 b³/a² near the mean and
 * 0.02 u²/a² in the far tail (both measured against mpmath); elsewhere the
 * continued fraction is accurate. */
static int bgrat_ok(double a, double b, double x, double y)
{
    double u = -(a + (b - 1) / 2) * log_of(x, y);
    return b < STIRLING_MIN && a >= BGRAT_MIN &&
           0.2 * (b * b * b + b) < 1e-12 * a * a && u < 7e-5 * a;
}

/* Both shapes large, or both >= 10 and very unequal: the continued
 * fraction loses ~1e-16·(a+b)/min(a,b)... digits there (see
 * special_beta_quad.c). */
static int quad_ok(double a, double b)
{
    double lo = fmin(a, b), hi = fmax(a, b);
    return lo >= STIRLING_MIN && (lo >= 1e6 || hi >= 1e3 * lo);
}

void stats_betainc2(double a, double b, double x, double y, double *ix,
                    double *iy)
{
    if (isnan(a) || isnan(b) || isnan(x) || isnan(y) || !(a > 0) ||
        !(b > 0) || isinf(a) || isinf(b) || x < 0 || y < 0) {
        *ix = *iy = NAN;
    } else if (x == 0 || y == 0) {
        *ix = x == 0 ? 0 : 1;
        *iy = 1 - *ix;
    } else if (quad_ok(a, b)) {
        special_beta_quad(a, b, x, ix, iy);
    } else if (bgrat_ok(a, b, x, y)) {
        beta_large_a(a, b, x, y, ix, iy);
    } else if (bgrat_ok(b, a, y, x)) {
        beta_large_a(b, a, y, x, iy, ix);
    } else if (x < (a + 1) / (a + b + 2)) {
        *ix = beta_lower(a, b, x, y);
        *iy = 1 - *ix;
    } else {
        *iy = beta_lower(b, a, y, x);
        *ix = 1 - *iy;
    }
}

double stats_betainc(double a, double b, double x)
{
    double ix, iy;
    if (x < 0 || x > 1)
        return NAN;
    stats_betainc2(a, b, x, 1 - x, &ix, &iy);
    return ix;
}
