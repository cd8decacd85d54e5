/*
 * special_dist — normal and Student t distributions.
 *
 * The normal cdf is erfc-based on both sides, so Φ(−37) = 5.7e-300 is
 * computed, not 1 − 1. The quantile starts from Wichura's AS 241 (PPND16)
 * and takes Newton steps on log Φ, which pins the far tails to the accuracy
 * of erfc. The t cdf goes through the incomplete beta with x = df/(df + t²)
 * and its complement formed without cancellation; the t quantile is Newton
 * iteration on the log of the tail probability in log|t|, where the power
 * tail of the t distribution is a straight line.
 */
#include "stats/special.h"

#include <math.h>

double stats_norm_cdf(double x)
{
    return 0.5 * erfc(-x / M_SQRT2);
}

double stats_norm_sf(double x)
{
    return 0.5 * erfc(x / M_SQRT2);
}

static double ratio8(const double *n, const double *d, double r)
{
    double num = 0, den = 0;
    for (int i = 7; i >= 0; i--) {
        num = num * r + n[i];
        den = den * r + d[i];
    }
    return num / den;
}

/* AS 241 for p <= 0.5. */
static double as241_lower(double p)
{
    static const double a[] = {3.3871328727963666080e0, 1.3314166789178437745e+2,
        1.9715909503065514427e+3, 1.3731693765509461125e+4, 4.5921953931549871457e+4,
        6.7265770927008700853e+4, 3.3430575583588128105e+4, 2.5090809287301226727e+3};
    static const double b[] = {1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2,
        5.3941960214247511077e+3, 2.1213794301586595867e+4, 3.9307895800092710610e+4,
        2.8729085735721942674e+4, 5.2264952788528545610e+3};
    static const double c[] = {1.42343711074968357734e0, 4.63033784615654529590e0,
        5.76949722146069140550e0, 3.64784832476320460504e0, 1.27045825245236838258e0,
        2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4};
    static const double d[] = {1.0, 2.05319162663775882187e0, 1.67638483018380384940e0,
        6.89767334985100004550e-1, 1.48103976427480074590e-1, 1.51986665636164571966e-2,
        5.47593808499534494600e-4, 1.05075007164441684324e-9};
    static const double e[] = {6.65790464350110377720e0, 5.46378491116411436990e0,
        1.78482653991729133580e0, 2.96560571828504891230e-1, 2.65321895265761230930e-2,
        1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7};
    static const double f[] = {1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1,
        1.48753612908506148525e-2, 7.86869131145613259100e-4, 1.84631831751005468180e-5,
        1.42151175831644588870e-7, 2.04426310338993978564e-15};
    double q = p - 0.5;
    if (fabs(q) <= 0.425)
        return q * ratio8(a, b, 0.180625 - q * q);
    double r = sqrt(-log(p));
    if (r <= 5)
        return -ratio8(c, d, r - 1.6);
    return -ratio8(e, f, r - 5);
}

double stats_norm_ppf(double p)
{
    if (isnan(p) || p < 0 || p > 1)
        return NAN;
    if (p == 0 || p == 1)
        return p == 0 ? -INFINITY : INFINITY;
    if (p > 0.5)
        return -stats_norm_ppf(1 - p);
    if (p == 0.5)
        return 0;
    double x = as241_lower(p);
    for (int i = 0; i < 3; i++) {
        double cdf = stats_norm_cdf(x);
        double pdf = exp(-0.5 * x * x) / sqrt(2 * M_PI);
        if (!(cdf > 0) || !(pdf > 0))
            break;
        double step = (log(cdf) - log(p)) * cdf / pdf;
        x -= step;
        if (fabs(step) <= 1e-16 * fabs(x))
            break;
    }
    return x;
}

/* P(T > |x|) for finite x and finite df > 0. */
static double t_upper_tail(double x, double df)
{
    double u = fabs(x) / sqrt(df), z, y, iz, iy;
    if (u > 1e100) {
        /* z = 1/(1+u²) underflows; I_z(a, ½) = z^a/(a B(a, ½))·(1 + O(z)) */
        double a = df / 2;
        return 0.5 * exp(-2 * a * log(u) - log(a) - lgamma(a) -
                         lgamma(0.5) + lgamma(a + 0.5));
    }
    if (u < 1) {
        double u2 = u * u;
        z = 1 / (1 + u2);
        y = u2 / (1 + u2);
    } else {
        double v2 = 1 / u / u;
        z = v2 / (1 + v2);
        y = 1 / (1 + v2);
    }
    stats_betainc2(df / 2, 0.5, z, y, &iz, &iy);
    return 0.5 * iz;
}

double stats_t_sf(double x, double df)
{
    if (isnan(x) || isnan(df) || !(df > 0))
        return NAN;
    if (isinf(df))
        return stats_norm_sf(x);
    if (isinf(x))
        return x > 0 ? 0 : 1;
    double tail = t_upper_tail(x, df);
    return x > 0 ? tail : 1 - tail;
}

double stats_t_cdf(double x, double df)
{
    return stats_t_sf(-x, df);
}

/* Only steers Newton steps, so lgamma's rounding for huge df is harmless. */
static double t_logpdf(double x, double df)
{
    double ax = fabs(x);
    double l = ax > 1e150 ? 2 * log(ax) - log(df) : log1p(ax / df * ax);
    double c = df > 1e8 ? -0.5 * log(2 * M_PI)
                        : lgamma((df + 1) / 2) - lgamma(df / 2) -
                              0.5 * log(df * M_PI);
    return c - (df + 1) / 2 * l;
}

/* Lower-tail quantile for p < 0.5 by Newton on log cdf in s = log(−x). */
static double t_ppf_tail(double p, double df)
{
    double s = log(-stats_norm_ppf(p)), prev = s, lp = log(p);
    for (int i = 0; i < 300; i++) {
        double x = -exp(s);
        if (isinf(x))
            return x;
        double cdf = stats_t_cdf(x, df);
        if (!(cdf > 0)) {
            s = 0.5 * (s + prev);
            continue;
        }
        double lc = log(cdf);
        double slope = exp(t_logpdf(x, df) - lc) * x;
        double ds = -(lc - lp) / slope;
        prev = s;
        s += ds;
        if (fabs(ds) <= 1e-15 * fabs(s) || fabs(ds) < 1e-300)
            break;
    }
    return -exp(s);
}

/* Central quantile (0.1 <= p < 0.5) by Newton on the cdf itself. */
static double t_ppf_centre(double p, double df)
{
    double x = stats_norm_ppf(p);
    for (int i = 0; i < 100; i++) {
        double step = (stats_t_cdf(x, df) - p) / exp(t_logpdf(x, df));
        x -= step;
        if (fabs(step) <= 1e-15 * fabs(x))
            break;
    }
    return x;
}

double stats_t_ppf(double p, double df)
{
    if (isnan(p) || isnan(df) || !(df > 0) || p < 0 || p > 1)
        return NAN;
    if (isinf(df) || p == 0 || p == 1)
        return stats_norm_ppf(p);
    if (p > 0.5)
        return -stats_t_ppf(1 - p, df);
    if (p == 0.5)
        return 0;
    if (df == 1)
        return -1 / tan(M_PI * p);
    return p < 0.1 ? t_ppf_tail(p, df) : t_ppf_centre(p, df);
}
