/*
 * stats — the tests, intervals, corrections and effect sizes steward uses
 * to say whether B beats A.
 *
 * Conventions follow scipy 1.10 where scipy has the function, so every
 * result can be checked against it; where scipy is wrong (far tails, scale,
 * tiny shapes) these are right, see docs/stats.md. Every function:
 *   - takes plain arrays and returns 0 or a negative ERR_* code with the
 *     message in err ("welch_ttest: a[3] is NaN; ...");
 *   - rejects NaN or infinite data, empty samples, and paired samples of
 *     different lengths, and degenerate input with no defined answer (a
 *     variance from one value, a t statistic with zero variance);
 *   - gives the natural limit where there is one (identical paired samples:
 *     statistic 0, p = 1);
 *   - is scale invariant: data is rescaled by a power of two before any
 *     square, and sums are compensated, so 1e300, 1e-300 and 1e9 + 1e-3
 *     data give the same answers as data near 1.
 * `name` arguments, where present, prefix error messages (the batch layer
 * passes the function name).
 */
#ifndef STEWARD_STATS_STATS_H
#define STEWARD_STATS_STATS_H

#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "stats/special.h"

/* Largest resample count any function accepts, and the largest amount of
 * resampling work (pairs × resamples, about 30 s) one call may ask for. */
#define STATS_MAX_RESAMPLES 10000000
#define STATS_MAX_RESAMPLE_WORK 1e11
/* Exact Mann-Whitney distribution limit on nx·ny (memory and time). */
#define STATS_MWU_EXACT_MAX 40000
/* Exact Wilcoxon distribution limit on n. */
#define STATS_WILCOXON_EXACT_MAX 1000
/* Exact sign-flip enumeration up to this many pairs. */
#define STATS_PERM_EXACT_MAX 20

/* "greater" means the first sample (a or x) is larger. */
enum stats_alt { STATS_TWO_SIDED, STATS_LESS, STATS_GREATER };

struct stats_result {
    double statistic;
    double pvalue;
    double df;          /* Welch only; NaN otherwise */
};

struct stats_interval {
    double lo, hi;
    double estimate;
};

int stats_welch_ttest(const double *a, size_t na, const double *b, size_t nb,
                      enum stats_alt alt, struct stats_result *out,
                      struct err *err) MUST_USE;

enum stats_mwu_method { STATS_MWU_AUTO, STATS_MWU_EXACT, STATS_MWU_ASYMPTOTIC };

/* statistic = U of x (ties count ½). */
int stats_mann_whitney_u(const double *x, size_t nx, const double *y,
                         size_t ny, enum stats_alt alt,
                         enum stats_mwu_method method, int use_continuity,
                         struct stats_result *out, struct err *err) MUST_USE;

enum stats_zero_method { STATS_ZERO_WILCOX, STATS_ZERO_PRATT, STATS_ZERO_ZSPLIT };
enum stats_wsr_method { STATS_WSR_AUTO, STATS_WSR_EXACT, STATS_WSR_APPROX };

struct stats_wilcoxon_opts {
    enum stats_zero_method zero_method;
    int correction;
    enum stats_alt alt;
    enum stats_wsr_method method;
};

/* d = x − y; statistic min(W+, W−) two-sided, W+ one-sided. */
int stats_wilcoxon(const double *x, const double *y, size_t n,
                   const struct stats_wilcoxon_opts *opts,
                   struct stats_result *out, struct err *err) MUST_USE;

enum stats_mcnemar_method { STATS_MCNEMAR_AUTO, STATS_MCNEMAR_EXACT,
                            STATS_MCNEMAR_CHI2 };

/* b, c: discordant counts. statistic is NaN for the exact test. Sets
 * *used_exact (may be NULL) to say which test ran. */
int stats_mcnemar(double b, double c, enum stats_mcnemar_method method,
                  struct stats_result *out, int *used_exact,
                  struct err *err) MUST_USE;

/* Sign-flip test of mean(x − y): exact over all 2^n flips for n <= 20,
 * else n_resamples seeded Monte Carlo draws (p = (k + 1)/(B + 1)). */
int stats_paired_permutation(const double *x, const double *y, size_t n,
                             enum stats_alt alt, size_t n_resamples,
                             uint64_t seed, struct stats_result *out,
                             struct err *err) MUST_USE;

enum stats_ci_method { STATS_CI_PERCENTILE, STATS_CI_BCA };

/* Paired bootstrap CI of mean(x − y); same seed, same answer. */
int stats_paired_bootstrap(const double *x, const double *y, size_t n,
                           double confidence_level, size_t n_resamples,
                           uint64_t seed, enum stats_ci_method method,
                           struct stats_interval *out,
                           struct err *err) MUST_USE;

/* Adjusted p-values, in input order, into adj[n]. */
int stats_holm(const double *p, size_t n, double *adj, struct err *err) MUST_USE;
int stats_benjamini_hochberg(const double *p, size_t n, double *adj,
                             struct err *err) MUST_USE;

/* (mean a − mean b) / pooled sd (ddof 1), no Hedges correction. */
int stats_cohens_d(const double *a, size_t na, const double *b, size_t nb,
                   double *d, struct err *err) MUST_USE;
/* mean(x − y) / sd(x − y), ddof 1. */
int stats_cohens_dz(const double *x, const double *y, size_t n, double *d,
                    struct err *err) MUST_USE;
/* (#{a > b} − #{a < b}) / (na·nb), O((na + nb) log nb). */
int stats_cliffs_delta(const double *a, size_t na, const double *b,
                       size_t nb, double *delta, struct err *err) MUST_USE;

/* Mean and sample standard deviation (ddof 1; NaN when n < 2), scale-safe.
 * For callers that summarise data (compare's noise floor). */
int stats_mean_sd(const double *v, size_t n, double *mean, double *sd,
                  struct err *err) MUST_USE;

/* Minimum detectable difference of means at two-sided level alpha with
 * the given power, for standard error se: (z_{1−α/2} + z_power)·se. */
double stats_min_detectable(double se, double alpha, double power);

#endif
