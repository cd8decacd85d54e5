/*
 * sample — internal helpers for the stats files: input checks, exact
 * scaling, compensated sums, ranks, and the seeded PRNG.
 */
#ifndef STEWARD_STATS_SAMPLE_H
#define STEWARD_STATS_SAMPLE_H

#include "core/rng.h"
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

/* Fails unless v[0..n) is non-empty and finite. `fn` and `what` name the
 * function and the argument in the message. */
int sample_check(const char *fn, const char *what, const double *v,
                 size_t n, struct err *err) MUST_USE;
int sample_check_paired(const char *fn, size_t nx, size_t ny,
                        struct err *err) MUST_USE;

/* A power of two s with max|v|/s in [0.5, 1) (1 if all zero; [1, 2) when
 * max|v| >= 2^1023, since 2^1024 is not a double), so that v/s is exact
 * and squares cannot overflow or underflow. */
double sample_scale(const double *v, size_t n);
/* The same over two samples with one more bit of headroom: max/s in
 * [0.25, 0.5) (at most [0.5, 1) at the top of the range), so that sums
 * and differences of two scaled values stay below 2. */
double sample_scale2(const double *a, size_t na, const double *b, size_t nb);

/* Neumaier-compensated sum of v[i]/scale − shift (shift in scaled units,
 * so that data near a large common value keeps its small differences). */
double sample_sum(const double *v, size_t n, double shift, double scale);

/* Mean of v/scale − shift, and the sum of squared deviations from it
 * (two-pass with the compensating correction term). */
void sample_moments(const double *v, size_t n, double shift, double scale,
                    double *mean, double *ss);

/* d[i] = (x[i] − y[i]) / scale, with scale chosen so that neither the
 * inputs nor the difference overflow. Returns scale. Caller frees d. */
double *sample_diff(const double *x, const double *y, size_t n,
                    double *scale);

/* Average ranks (1-based, ties averaged) of v into rank; returns the tie
 * term Σ(t³ − t) over tie groups. */
double sample_rank(const double *v, size_t n, double *rank);

int sample_cmp_double(const void *a, const void *b);


#endif
