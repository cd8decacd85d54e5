/*
 * rank_tests — Mann-Whitney U and the Wilcoxon signed-rank test.
 *
 * Exact null distributions are built by recursion in probabilities rather
 * than counts (all terms positive, so no cancellation and no overflow for
 * large samples): for U, P_{i,j}(u) = i/(i+j) P_{i−1,j}(u−j) + j/(i+j)
 * P_{i,j−1}(u) (the largest of i + j values is an x or a y); for W+, each
 * rank is in or out of the positive sum with probability ½. The
 * asymptotic forms are tie-corrected exactly as scipy 1.10 does, including
 * its choices (U truncated to an integer for the exact test with ties,
 * Pratt's zeros ranked then dropped).
 */
#include "stats/stats.h"
#include "stats/sample.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* P(U <= k) for sample sizes m and n without ties. NaN if out of memory. */
static double mwu_cdf(long k, size_t m, size_t n)
{
    if (k < 0)
        return 0;
    if ((double)k >= (double)m * (double)n)
        return 1;
    if (n > m) {
        size_t t = m;
        m = n;
        n = t;
    }
    size_t K = (size_t)k + 1;
    double *rows = calloc((n + 1) * K, sizeof *rows);
    if (!rows)
        return NAN;
    for (size_t j = 0; j <= n; j++)
        rows[j * K] = 1;
    for (size_t i = 1; i <= m; i++)
        for (size_t j = 1; j <= n; j++) {
            double *cur = rows + j * K, *left = rows + (j - 1) * K;
            double wi = (double)i / (double)(i + j), wj = 1 - wi;
            size_t top = i * j < K - 1 ? i * j : K - 1;
            for (size_t u = top + 1; u-- > 0;)
                cur[u] = wj * left[u] + (u >= j ? wi * cur[u - j] : 0);
        }
    double cdf = 0;
    for (size_t u = 0; u < K; u++)
        cdf += rows[n * K + u];
    free(rows);
    return fmin(cdf, 1);
}

static int mwu_exact_p(double u, size_t nx, size_t ny, double *p,
                       struct err *err)
{
    if ((double)nx * (double)ny > STATS_MWU_EXACT_MAX)
        return err_set(err, ERR_USER, "mann_whitney_u: the exact method "
                       "supports nx·ny <= %d; use method \"asymptotic\"",
                       STATS_MWU_EXACT_MAX);
    /* P(U >= k) = P(U <= nx·ny − k), k = floor(U) as scipy 1.10 does. */
    *p = mwu_cdf((long)((double)nx * (double)ny - floor(u)), nx, ny);
    if (isnan(*p))
        return err_set(err, ERR_INTERNAL, "mann_whitney_u: out of memory");
    return 0;
}

static double mwu_asym_p(double u, size_t nx, size_t ny, double ties,
                         int continuity)
{
    double n1n2 = (double)nx * (double)ny, n = (double)(nx + ny);
    double s = sqrt(n1n2 / 12 * ((n + 1) - ties / (n * (n - 1))));
    double num = u - n1n2 / 2 - (continuity ? 0.5 : 0);
    if (!(s > 0))
        return 1;   /* every value tied: no evidence either way */
    return stats_norm_sf(num / s);
}

/* U of x and the tie term of the pooled sample. */
static int mwu_u(const double *x, size_t nx, const double *y, size_t ny,
                 double *u1, double *ties, struct err *err)
{
    size_t n = nx + ny;
    double *xy = malloc(n * sizeof *xy), *rank = malloc(n * sizeof *rank);
    int rc = 0;
    if (!xy || !rank) {
        rc = err_set(err, ERR_INTERNAL, "mann_whitney_u: out of memory");
        goto out;
    }
    memcpy(xy, x, nx * sizeof *x);
    memcpy(xy + nx, y, ny * sizeof *y);
    *ties = sample_rank(xy, n, rank);
    if (isnan(*ties)) {
        rc = err_set(err, ERR_INTERNAL, "mann_whitney_u: out of memory");
        goto out;
    }
    double r1 = 0;
    for (size_t i = 0; i < nx; i++)
        r1 += rank[i];
    *u1 = r1 - (double)nx * ((double)nx + 1) / 2;
out:
    free(xy);
    free(rank);
    return rc;
}

int stats_mann_whitney_u(const double *x, size_t nx, const double *y,
                         size_t ny, enum stats_alt alt,
                         enum stats_mwu_method method, int use_continuity,
                         struct stats_result *out, struct err *err)
{
    double u1 = 0, ties = 0, p = 1;
    int rc = sample_check("mann_whitney_u", "x", x, nx, err);
    rc = rc ? rc : sample_check("mann_whitney_u", "y", y, ny, err);
    rc = rc ? rc : mwu_u(x, nx, y, ny, &u1, &ties, err);
    if (rc)
        return rc;
    double u2 = (double)nx * (double)ny - u1;
    double u = alt == STATS_GREATER ? u1 : alt == STATS_LESS ? u2 : fmax(u1, u2);
    /* scipy's choice, except that sizes beyond the exact limit (where
     * scipy's own recursion runs out of memory) go asymptotic */
    if (method == STATS_MWU_AUTO)
        method = (nx > 8 && ny > 8) || ties > 0 ||
                 (double)nx * (double)ny > STATS_MWU_EXACT_MAX
                 ? STATS_MWU_ASYMPTOTIC : STATS_MWU_EXACT;
    if (method == STATS_MWU_EXACT)
        rc = mwu_exact_p(u, nx, ny, &p, err);
    else
        p = mwu_asym_p(u, nx, ny, ties, use_continuity);
    if (rc)
        return rc;
    out->statistic = u1;
    out->pvalue = fmin(1, fmax(0, alt == STATS_TWO_SIDED ? 2 * p : p));
    out->df = NAN;
    return 0;
}
