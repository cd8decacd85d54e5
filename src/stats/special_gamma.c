/*
 * special_gamma — regularised incomplete gamma P(a, x) and Q(a, x).
 *
 * Four regimes, each computing the smaller of P and Q directly:
 *   - a < 1, x < a + 1: Q = −expm1(a log x − log Γ(1+a)) − u·a·S (DiDonato &
 *     Morris), so Q stays exact for tiny a where P ≈ 1;
 *   - x < a + 1: the power series for P;
 *   - x ≥ a + 1: Legendre's continued fraction for Q (modified Lentz);
 *   - a ≥ 1e4 and |x − a| < 0.01 a: Temme's uniform asymptotic expansion,
 *     where series and fraction would need O(√a) terms.
 * The prefactor x^a e^−x / Γ(a+1) is formed as exp(a·log1pmx((x−a)/a)) over
 * Stirling's series for large a, never as exp(a log x − x − lgamma), which
 * loses all accuracy once a log x is 1e11.
 */
#include "stats/special.h"
#include "stats/special_impl.h"

#include <math.h>

#define GAM_MAXIT 100000000L
#define GAM_EPS 1e-16
#define TEMME_MIN_A 1e4
#define TEMME_MAX_T 0.01

double stats_log1pmx(double t)
{
    if (fabs(t) >= 0.5)
        return log1p(t) - t;
    double pw = t * t, sum = 0;
    for (int k = 2; k < 400; k++) {
        double term = (k & 1 ? pw : -pw) / k;
        sum += term;
        if (fabs(term) <= 1e-17 * fabs(sum))
            break;
        pw *= t;
    }
    return sum;
}

/* log of Stirling's correction: log Γ(z) − (z − ½) log z + z − ½ log 2π. */
double special_lgstar(double z)
{
    double r = 1 / z, r2 = r * r;
    return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 *
           (1.0 / 1680 - r2 / 1188))));
}

/* log Γ(1 + a), exact in relative terms for tiny a where 1 + a == 1. */
double special_lgamma1p(double a)
{
    if (fabs(a) >= 1e-3)
        return lgamma(1 + a);
    static const double zeta[] = {1.6449340668482264, 1.2020569031595942,
                                  1.0823232337111382, 1.0369277551433699};
    double s = -0.57721566490153286 * a, pw = a;
    for (int k = 0; k < 4; k++) {
        pw *= -a;
        s -= zeta[k] * pw / (k + 2);
    }
    return s;
}

/* x^a e^-x / Γ(a + 1). */
static double gam_prefix(double a, double x)
{
    if (a < 10)
        return exp(a * log(x) - x - special_lgamma1p(a));
    double t = (x - a) / a;
    /* far from the mean, 1 + t = x/a is better formed directly than as
     * 1 + (rounded t) */
    double e = fabs(t) < 0.5 ? a * stats_log1pmx(t) : a * log(x / a) - (x - a);
    return exp(e - special_lgstar(a)) / sqrt(2 * M_PI * a);
}

static double gam_series_p(double a, double x)
{
    double sum = 1, term = 1;
    for (long n = 1; n < GAM_MAXIT; n++) {
        term *= x / (a + n);
        sum += term;
        if (term <= sum * GAM_EPS)
            break;
    }
    return sum * gam_prefix(a, x);
}

static double gam_cf_q(double a, double x)
{
    const double tiny = 1e-300;
    double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
    for (long i = 1; i < GAM_MAXIT; i++) {
        double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        d = fabs(d) < tiny ? tiny : d;
        c = b + an / c;
        c = fabs(c) < tiny ? tiny : c;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < GAM_EPS)
            break;
    }
    return a * gam_prefix(a, x) * h;
}

/* Small a, x < a + 1: both sides directly (see the file comment). */
static void gam_small_a(double a, double x, double *p, double *q)
{
    double lu = a * log(x) - special_lgamma1p(a), u = exp(lu);
    double s = 0, term = 1;
    for (int n = 1; n < 1000; n++) {
        term *= -x / n;
        double t = term / (a + n);
        s += t;
        if (fabs(t) <= 1e-17 * fabs(s))
            break;
    }
    *p = u * (1 + a * s);
    *q = -expm1(lu) - u * a * s;
}

/* Taylor coefficients in eta of Temme's C_0, C_1, C_2 (DiDonato & Morris). */
static const double temme_d0[] = {-1.0 / 3, 1.0 / 12, -2.0 / 135, 1.0 / 864,
                                  1.0 / 2835, -139.0 / 777600, 1.0 / 25515};
static const double temme_d1[] = {-1.0 / 540, -1.0 / 288, 1.0 / 378,
                                  -77.0 / 77760, 1.0 / 4860};
static const double temme_d2[] = {25.0 / 6048, -139.0 / 51840, 5.0 / 6480};

static double poly(const double *c, int n, double x)
{
    double s = 0;
    for (int i = n - 1; i >= 0; i--)
        s = s * x + c[i];
    return s;
}

static void gam_temme(double a, double x, double *p, double *q)
{
    double t = (x - a) / a;
    double eta = copysign(sqrt(-2 * stats_log1pmx(t)), t);
    double sum = poly(temme_d0, 7, eta) + poly(temme_d1, 5, eta) / a +
                 poly(temme_d2, 3, eta) / (a * a);
    double r = exp(-0.5 * a * eta * eta) / sqrt(2 * M_PI * a) * sum;
    if (eta >= 0) {
        *q = 0.5 * erfc(eta * sqrt(a / 2)) + r;
        *p = 1 - *q;
    } else {
        *p = 0.5 * erfc(-eta * sqrt(a / 2)) - r;
        *q = 1 - *p;
    }
}

void special_gamma_pq(double a, double x, double *p, double *q)
{
    if (isnan(a) || isnan(x) || a < 0 || x < 0 || isinf(a)) {
        *p = *q = NAN;
    } else if (x == 0) {
        *p = a == 0 ? NAN : 0;
        *q = a == 0 ? NAN : 1;
    } else if (a == 0 || isinf(x)) {
        *p = 1;
        *q = 0;
    } else if (a >= TEMME_MIN_A && fabs(x - a) < TEMME_MAX_T * a) {
        gam_temme(a, x, p, q);
    } else if (a < 1 && x < a + 1) {
        gam_small_a(a, x, p, q);
    } else if (x < a + 1) {
        *p = gam_series_p(a, x);
        *q = 1 - *p;
    } else {
        *q = gam_cf_q(a, x);
        *p = 1 - *q;
    }
}

double stats_gammainc(double a, double x)
{
    double p, q;
    special_gamma_pq(a, x, &p, &q);
    return p;
}

double stats_gammaincc(double a, double x)
{
    double p, q;
    special_gamma_pq(a, x, &p, &q);
    return q;
}

double stats_chi2_cdf(double x, double df)
{
    if (!(df > 0))
        return NAN;
    return x < 0 ? 0 : stats_gammainc(df / 2, x / 2);
}

double stats_chi2_sf(double x, double df)
{
    if (!(df > 0))
        return NAN;
    return x < 0 ? 1 : stats_gammaincc(df / 2, x / 2);
}
