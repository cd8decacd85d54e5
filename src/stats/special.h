/*
 * special — the distribution functions steward's tests stand on.
 *
 * Normal, Student t and chi-square distributions, and the regularised
 * incomplete beta and gamma functions behind them. Each function returns
 * the mathematically right limit at ±inf, NaN outside its domain, and
 * computes the *small* side of a tail directly (continued fractions,
 * series, erfc, Temme's uniform expansion) instead of as 1 − (something
 * near 1), so results keep ~1e-12 relative accuracy down to 1e-300 and for
 * shapes and degrees of freedom up to 1e15 and beyond. None of them fail,
 * so none take a struct err.
 */
#ifndef STEWARD_STATS_SPECIAL_H
#define STEWARD_STATS_SPECIAL_H

double stats_norm_cdf(double x);
double stats_norm_sf(double x);
double stats_norm_ppf(double p);

/* Student t with df > 0 degrees of freedom (df = inf is the normal). */
double stats_t_cdf(double x, double df);
double stats_t_sf(double x, double df);
double stats_t_ppf(double p, double df);

double stats_chi2_cdf(double x, double df);
double stats_chi2_sf(double x, double df);

/* Regularised incomplete beta I_x(a, b), a, b > 0, 0 <= x <= 1. */
double stats_betainc(double a, double b, double x);
/* I_x(a, b) and its complement 1 − I_x(a, b), given x and y = 1 − x
 * separately so that callers who know y exactly keep its precision. */
void stats_betainc2(double a, double b, double x, double y, double *ix,
                    double *iy);

/* Regularised lower P(a, x) and upper Q(a, x) incomplete gamma. */
double stats_gammainc(double a, double x);
double stats_gammaincc(double a, double x);

/* log(1 + t) − t without cancellation, t > −1. */
double stats_log1pmx(double t);

#endif
