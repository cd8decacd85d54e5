/* test_stats — the C API of src/stats: a few known answers per function,
 * the error cases the contract names, and scale invariance. The broad
 * agreement with scipy is tests/stats/oracle.py's job. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stats/batch.h"
#include "stats/stats.h"

static void assert_rel(double got, double want, double rtol)
{
    if (!(fabs(got - want) <= rtol * fabs(want)))
        fail_msg("got %.17g, want %.17g", got, want);
}

static void special_functions_hit_known_values(void **state)
{
    assert_rel(stats_norm_cdf(-37), 5.7255712225245768e-300, 1e-12);
    assert_rel(stats_norm_sf(-1.959963984540054), 0.975, 1e-15);
    assert_rel(stats_norm_ppf(1e-300), -37.047096299361199, 1e-13);
    assert_rel(stats_t_cdf(-3, 1), 0.10241638234956672, 1e-14);
    assert_rel(stats_t_ppf(1e-300, 1), -3.183098861837907e+299, 1e-13);
    assert_rel(stats_chi2_sf(3.841458820694124, 1), 0.05, 1e-13);
    assert_rel(stats_gammaincc(1e-300, 1.0), 2.193839343955203e-301, 1e-12);
    assert_rel(stats_betainc(15, 0.001, 0.9999333377774815), 0.006345809317570245, 1e-11);
    assert_rel(stats_betainc(1e15, 1e15, 0.5), 0.5, 1e-13);   /* quadrature path */
    /* BGRAT path: Φ(-3) + φ(3)(x³ + x)/(4 df) */
    assert_rel(stats_t_cdf(-3, 1e12), 0.0013498980316633336, 1e-12);
    assert_true(stats_norm_sf(INFINITY) == 0);
    assert_true(isnan(stats_betainc(1, 1, 2)));
    assert_true(isnan(stats_t_cdf(0, -1)));
}

static void welch_matches_scipy_and_is_scale_invariant(void **state)
{
    double a[] = {1.2, 3.4, 2.2}, b[] = {0.1, 0.3, 0.2}, big[3], bigb[3];
    struct stats_result r, rb;
    struct err err = ERR_INIT;
    assert_int_equal(stats_welch_ttest(a, 3, b, 3, STATS_TWO_SIDED, &r, &err), 0);
    assert_rel(r.statistic, 3.2363736560256586, 1e-13);
    assert_rel(r.df, 2.0329647937813666, 1e-13);
    assert_rel(r.pvalue, 0.08188012723985091, 1e-10);
    for (int i = 0; i < 3; i++) {
        big[i] = a[i] * 1e300;
        bigb[i] = b[i] * 1e300;
    }
    assert_int_equal(stats_welch_ttest(big, 3, bigb, 3, STATS_TWO_SIDED, &rb, &err), 0);
    assert_rel(rb.statistic, r.statistic, 1e-14);
}

static void welch_rejects_degenerate_input(void **state)
{
    double a[] = {1, 1, 1}, b[] = {2, 2}, nan_a[] = {1, NAN};
    struct stats_result r;
    struct err err = ERR_INIT;
    assert_int_equal(stats_welch_ttest(a, 3, b, 2, STATS_TWO_SIDED, &r, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "zero variance"));
    err_clear(&err);
    assert_int_equal(stats_welch_ttest(a, 3, b, 1, STATS_TWO_SIDED, &r, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "b has 1 value"));
    err_clear(&err);
    assert_int_equal(stats_welch_ttest(nan_a, 2, b, 2, STATS_LESS, &r, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "a[1] is NaN"));
    err_clear(&err);
    assert_int_equal(stats_welch_ttest(a, 0, b, 2, STATS_LESS, &r, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "a is empty"));
}

static void mann_whitney_exact_and_asymptotic(void **state)
{
    double x[] = {1, 2, 3, 4, 5, 6}, y[] = {0, 2, 1, 3, 2, 1}, u[] = {7, 8, 9};
    double v[] = {1, 2, 3};
    struct stats_result r;
    struct err err = ERR_INIT;
    assert_int_equal(stats_mann_whitney_u(x, 6, y, 6, STATS_TWO_SIDED, STATS_MWU_AUTO, 1, &r, &err), 0);
    assert_rel(r.statistic, 29.5, 0);
    assert_rel(r.pvalue, 0.07348672537308215, 1e-10);
    /* exact: all of u above all of v, P(U >= 9) = 1/C(6,3) = 0.05 */
    assert_int_equal(stats_mann_whitney_u(u, 3, v, 3, STATS_GREATER, STATS_MWU_EXACT, 1, &r, &err), 0);
    assert_rel(r.statistic, 9, 0);
    assert_rel(r.pvalue, 0.05, 1e-14);
}

static void wilcoxon_identical_samples_give_p_one(void **state)
{
    double x[] = {1, 2, 3};
    struct stats_wilcoxon_opts o = {STATS_ZERO_WILCOX, 0, STATS_TWO_SIDED, STATS_WSR_AUTO};
    struct stats_result r;
    struct err err = ERR_INIT;
    assert_int_equal(stats_wilcoxon(x, x, 3, &o, &r, &err), 0);
    assert_rel(r.pvalue, 1, 0);
}

static void wilcoxon_exact_small_sample(void **state)
{
    double x[] = {1, 2, 3, 4, 5}, y[] = {0, 0, 0, 0, 0};
    struct stats_wilcoxon_opts o = {STATS_ZERO_WILCOX, 0, STATS_TWO_SIDED, STATS_WSR_EXACT};
    struct stats_result r;
    struct err err = ERR_INIT;
    assert_int_equal(stats_wilcoxon(x, y, 5, &o, &r, &err), 0);
    assert_rel(r.statistic, 0, 0);
    assert_rel(r.pvalue, 2.0 / 32, 1e-14);   /* all positive: 2·(1/2^5) */
}

static void mcnemar_exact_and_chi2(void **state)
{
    struct stats_result r;
    struct err err = ERR_INIT;
    int exact;
    assert_int_equal(stats_mcnemar(3, 12, STATS_MCNEMAR_AUTO, &r, &exact, &err), 0);
    assert_true(exact);
    assert_rel(r.pvalue, 0.03515625, 1e-12);
    assert_int_equal(stats_mcnemar(20, 40, STATS_MCNEMAR_AUTO, &r, &exact, &err), 0);
    assert_false(exact);
    assert_rel(r.statistic, 19.0 * 19 / 60, 1e-15);
    assert_int_equal(stats_mcnemar(-1, 4, STATS_MCNEMAR_AUTO, &r, &exact, &err), ERR_USER);
}

static void permutation_exact_counts_every_flip(void **state)
{
    double x[] = {1, 2, 3}, y[] = {0, 0, 0};
    struct stats_result r;
    struct err err = ERR_INIT;
    assert_int_equal(stats_paired_permutation(x, y, 3, STATS_GREATER, 0, 0, &r, &err), 0);
    assert_rel(r.statistic, 2, 1e-15);
    assert_rel(r.pvalue, 1.0 / 8, 1e-15);   /* only the identity reaches 6 */
    assert_int_equal(stats_paired_permutation(x, x, 3, STATS_TWO_SIDED, 0, 0, &r, &err), 0);
    assert_rel(r.pvalue, 1, 0);
}

static void bootstrap_is_reproducible_and_fast(void **state)
{
    size_t n = 10000;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++) {
        x[i] = sin((double)i) + 0.1;
        y[i] = cos((double)i * 0.7);
    }
    struct stats_interval a, b;
    struct err err = ERR_INIT;
    clock_t t0 = clock();
    assert_int_equal(stats_paired_bootstrap(x, y, n, 0.95, 10000, 5, STATS_CI_BCA, &a, &err), 0);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_int_equal(stats_paired_bootstrap(x, y, n, 0.95, 10000, 5, STATS_CI_BCA, &b, &err), 0);
    assert_true(a.lo == b.lo && a.hi == b.hi);
    assert_true(a.lo < a.estimate && a.estimate < a.hi);
    print_message("bootstrap 10,000 x 10,000: %.3f s\n", secs);
    assert_int_equal(stats_paired_bootstrap(x, y, n, 1.5, 100, 5, STATS_CI_BCA, &b, &err), ERR_USER);
    free(x);
    free(y);
}

static void corrections_in_input_order(void **state)
{
    double p[] = {0.04, 0.01, 0.03}, adj[3];
    struct err err = ERR_INIT;
    assert_int_equal(stats_holm(p, 3, adj, &err), 0);
    assert_rel(adj[1], 0.03, 1e-15);
    assert_rel(adj[2], 0.06, 1e-15);
    assert_rel(adj[0], 0.06, 1e-15);
    assert_int_equal(stats_benjamini_hochberg(p, 3, adj, &err), 0);
    assert_rel(adj[0], 0.04, 1e-15);
    assert_rel(adj[1], 0.03, 1e-15);
    p[2] = NAN;
    assert_int_equal(stats_holm(p, 3, adj, &err), ERR_USER);
    assert_string_equal(err.msg, "holm: p[2] is NaN; p-values must be in [0, 1]");
}

static void effect_sizes(void **state)
{
    double a[] = {1, 2, 3, 4}, b[] = {2, 3, 4, 5, 6}, d;
    struct err err = ERR_INIT;
    assert_int_equal(stats_cliffs_delta(a, 4, b, 5, &d, &err), 0);
    assert_rel(d, (3.0 - 14.0) / 20, 1e-15);   /* 3 pairs a > b, 14 a < b */
    assert_int_equal(stats_cohens_d(a, 4, b, 5, &d, &err), 0);
    assert_rel(d, -1.5 / sqrt((3 * 5.0 / 3 + 4 * 2.5) / 7), 1e-14);
    double x[] = {1e9 + 0.5, 1e9 + 1.25, 1e9 + 3}, y[] = {1e9, 1e9, 1e9};
    assert_int_equal(stats_cohens_dz(x, y, 3, &d, &err), 0);
    assert_rel(d, 1.5833333333333333 / sqrt((1.0833333333333333 * 1.0833333333333333 +
               0.33333333333333333 * 0.33333333333333333 +
               1.4166666666666667 * 1.4166666666666667) / 2), 1e-13);
    assert_int_equal(stats_cohens_dz(a, a, 4, &d, &err), ERR_USER);
}

/* Every moment is taken on data scaled by a power of two, so the answers
 * are the same at both ends of the double range: near DBL_MAX (where the
 * power of two above the data, 2^1024, is itself infinite) and among
 * subnormals. a·k and b·k are exact for k = 2^1014 (max 1023·2^1014 is
 * within 0.1% of DBL_MAX) and k = 2^-1064 (integers times a subnormal).
 * Known answers: exact rational arithmetic, p from mpmath. */
static const double EDGE_A[] = {1023, 1020, 1018, 1021};
static const double EDGE_B[] = {1000, 1005, 1011, 990, 1002};

static void edge_scaled(double k, double sign_b, double *a, double *b)
{
    for (int i = 0; i < 4; i++)
        a[i] = EDGE_A[i] * k;
    for (int i = 0; i < 5; i++)
        b[i] = sign_b * EDGE_B[i] * k;
}

static void edge_welch(double k)
{
    double a[4], b[5];
    struct stats_result r;
    struct err err = ERR_INIT;
    edge_scaled(k, 1, a, b);
    assert_int_equal(stats_welch_ttest(a, 4, b, 5, STATS_TWO_SIDED, &r, &err), 0);
    assert_rel(r.statistic, 5.253379031050738, 1e-13);
    assert_rel(r.df, 4.711705173711906, 1e-13);
    assert_rel(r.pvalue, 0.003947025402359998, 1e-10);
    edge_scaled(k, -1, a, b);   /* one sample near +max, one near -max */
    assert_int_equal(stats_welch_ttest(a, 4, b, 5, STATS_TWO_SIDED, &r, &err), 0);
    assert_rel(r.statistic, 562.05596500993112, 1e-13);
    assert_rel(r.df, 4.7117051737119053, 1e-13);
}

static void edge_effects(double k, double rtol_scaled)
{
    double a[4], b[5], d, mean, sd;
    struct err err = ERR_INIT;
    edge_scaled(k, 1, a, b);
    assert_int_equal(stats_cohens_d(a, 4, b, 5, &d, &err), 0);
    assert_rel(d, 3.161310628851004, 1e-13);
    assert_int_equal(stats_cohens_dz(a, b, 4, &d, &err), 0);
    assert_rel(d, 19 / sqrt(320.0 / 3), 1e-13);   /* d = 23, 15, 7, 31 */
    assert_int_equal(stats_mean_sd(a, 4, &mean, &sd, &err), 0);
    assert_rel(mean, 1020.5 * k, rtol_scaled);
    assert_rel(sd, 2.0816659994661326 * k, rtol_scaled);
}

static void edge_paired(double k, double rtol_scaled)
{
    double a[4], b[5];
    struct stats_result r;
    struct stats_interval ci;
    struct err err = ERR_INIT;
    edge_scaled(k, 1, a, b);
    assert_int_equal(stats_paired_permutation(a, b, 4, STATS_GREATER, 0, 0, &r, &err), 0);
    assert_rel(r.statistic, 19 * k, rtol_scaled);
    assert_rel(r.pvalue, 1.0 / 16, 1e-15);   /* all four differences > 0 */
    assert_int_equal(stats_paired_bootstrap(a, b, 4, 0.95, 1000, 1, STATS_CI_PERCENTILE, &ci, &err), 0);
    assert_rel(ci.estimate, 19 * k, rtol_scaled);
    assert_true(ci.lo >= 7 * k * (1 - rtol_scaled) && ci.hi <= 31 * k * (1 + rtol_scaled));
}

static void moments_hold_at_both_ends_of_the_double_range(void **state)
{
    double big = ldexp(1, 1014), tiny = ldexp(1, -1064);
    edge_welch(big);
    edge_welch(tiny);
    edge_effects(big, 1e-15);
    edge_effects(tiny, 1e-3);   /* 2.08·2^-1064 keeps 11 bits */
    edge_paired(big, 1e-15);
    edge_paired(tiny, 1e-12);
    double top[] = {DBL_MAX, DBL_MAX / 2, 0}, mean, sd;
    struct err err = ERR_INIT;
    assert_int_equal(stats_mean_sd(top, 3, &mean, &sd, &err), 0);
    assert_rel(mean, DBL_MAX / 2, 1e-15);
    assert_rel(sd, DBL_MAX / 2, 1e-15);
}

static void batch_answers_and_errors(void **state)
{
    json_error_t jerr;
    json_t *req = json_loads("{\"id\":\"r1\",\"fn\":\"norm_sf\",\"args\":{\"x\":\"inf\"}}", 0, &jerr);
    json_t *ans = stats_batch_answer(req);
    assert_string_equal(json_string_value(json_object_get(ans, "id")), "r1");
    assert_true(json_real_value(json_object_get(json_object_get(ans, "result"), "value")) == 0);
    json_decref(req);
    json_decref(ans);
    req = json_loads("{\"id\":2,\"fn\":\"cohens_dz\",\"args\":{\"x\":[1,2],\"y\":[1]}}", 0, &jerr);
    ans = stats_batch_answer(req);
    assert_non_null(strstr(json_string_value(json_object_get(ans, "error")), "different lengths"));
    json_decref(req);
    json_decref(ans);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(special_functions_hit_known_values),
        cmocka_unit_test(welch_matches_scipy_and_is_scale_invariant),
        cmocka_unit_test(welch_rejects_degenerate_input),
        cmocka_unit_test(moments_hold_at_both_ends_of_the_double_range),
        cmocka_unit_test(mann_whitney_exact_and_asymptotic),
        cmocka_unit_test(wilcoxon_identical_samples_give_p_one),
        cmocka_unit_test(wilcoxon_exact_small_sample),
        cmocka_unit_test(mcnemar_exact_and_chi2),
        cmocka_unit_test(permutation_exact_counts_every_flip),
        cmocka_unit_test(bootstrap_is_reproducible_and_fast),
        cmocka_unit_test(corrections_in_input_order),
        cmocka_unit_test(effect_sizes),
        cmocka_unit_test(batch_answers_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
