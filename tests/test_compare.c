/* test_compare — the compare core: choosing the test, the verdict, the
 * correction over metrics and the honesty flags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare/compare.h"
#include "core/json.h"

#define N 400

static char *ids[N];

static int setup(void **state)
{
    for (int i = 0; i < N; i++) {
        ids[i] = malloc(16);
        snprintf(ids[i], 16, "ex%d", i);
    }
    return 0;
}

static int teardown(void **state)
{
    for (int i = 0; i < N; i++)
        free(ids[i]);
    return 0;
}

/* A deterministic pseudo-random uniform in [0, 1). */
static double unif(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

static const json_t *first(const json_t *res)
{
    return json_array_get(json_object_get(res, "comparisons"), 0);
}

static int has_flag(const json_t *res, const char *text)
{
    size_t i;
    const json_t *f;
    json_array_foreach(json_object_get(res, "flags"), i, f)
        if (strstr(json_string_value(f), text))
            return 1;
    return 0;
}

static json_t *run_examples(const double *a, size_t na, const double *b,
                            size_t nb, size_t b_offset)
{
    struct compare_examples ea, eb;
    struct err err = ERR_INIT;
    json_t *res = NULL;
    assert_int_equal(compare_examples_from((const char *const *)ids, a, na, &ea, &err), 0);
    assert_int_equal(compare_examples_from((const char *const *)ids + b_offset, b, nb, &eb, &err), 0);
    struct compare_input in = {.ex_a = &ea, .ex_b = &eb, .example_metric = "val_acc",
                               .seed = 1, .n_resamples = 2000};
    assert_int_equal(compare_groups(&in, &res, &err), 0);
    compare_examples_free(&ea);
    compare_examples_free(&eb);
    return res;
}

static void clear_winner_on_correct_flags_is_paired_mcnemar(void **state)
{
    double a[N], b[N];
    uint64_t s = 7;
    for (int i = 0; i < N; i++) {
        double u = unif(&s);
        a[i] = u < 0.60;
        b[i] = u < 0.75;   /* B fixes 15% of examples, breaks none */
    }
    json_t *res = run_examples(a, N, b, N, 0);
    const json_t *c = first(res);
    assert_string_equal(json_string_value(json_object_get(c, "kind")), "paired_binary");
    assert_string_equal(json_string_value(json_object_get(c, "direction")), "better");
    assert_true(json_real_value(json_object_get(c, "pvalue")) < 1e-6);
    const char *v = json_string_value(json_object_get(res, "verdict"));
    assert_non_null(strstr(v, "B better than A on val_acc: +"));
    assert_non_null(strstr(v, " pts ["));
    json_decref(res);
}

static void no_difference_is_said_plainly(void **state)
{
    double a[N], b[N];
    uint64_t s = 11;
    for (int i = 0; i < N; i++) {
        a[i] = unif(&s);
        b[i] = a[i] + (unif(&s) - 0.5) * 0.01;   /* noise around zero */
    }
    json_t *res = run_examples(a, N, b, N, 0);
    const json_t *c = first(res);
    assert_string_equal(json_string_value(json_object_get(c, "kind")), "paired_scores");
    assert_false(json_is_true(json_object_get(c, "significant")));
    assert_non_null(strstr(json_string_value(json_object_get(res, "verdict")),
                           "No clear difference between A and B"));
    json_decref(res);
}

static void mismatched_ids_are_flagged_and_disjoint_ids_go_unpaired(void **state)
{
    double a[N], b[N];
    uint64_t s = 3;
    for (int i = 0; i < N; i++) {
        a[i] = unif(&s);
        b[i] = unif(&s) + 0.2;
    }
    json_t *res = run_examples(a, N, b, N - 50, 50);   /* 350 shared */
    assert_int_equal(json_integer_value(json_object_get(first(res), "n_pairs")), 350);
    assert_true(has_flag(res, "50 only in A, 0 only in B; compared on the 350 shared"));
    json_decref(res);
    res = run_examples(a, 100, b, 100, 200);   /* nothing shared */
    assert_string_equal(json_string_value(json_object_get(first(res), "kind")), "unpaired");
    assert_true(has_flag(res, "no example ids in common"));
    assert_true(json_real_value(json_object_get(first(res), "pvalue")) < 1e-6);
    json_decref(res);
}

static void too_few_examples_reports_the_mde(void **state)
{
    double a[] = {0.5, 0.6, 0.7, 0.4, 0.55}, b[] = {0.52, 0.61, 0.69, 0.43, 0.56};
    json_t *res = run_examples(a, 5, b, 5, 0);
    assert_true(has_flag(res, "too few examples (5)"));
    assert_true(json_real_value(json_object_get(first(res), "mde")) > 0);
    json_decref(res);
}

static void seed_groups_are_holm_corrected_and_noise_checked(void **state)
{
    double acc_a[] = {0.71, 0.72, 0.70, 0.715}, acc_b[] = {0.74, 0.735, 0.745};
    double loss_a[] = {1.2, 1.3, 1.25}, loss_b[] = {1.22, 1.31, 1.2};
    struct compare_metric m[] = {
        {"val_acc", acc_a, 4, acc_b, 3, 0},
        {"loss", loss_a, 3, loss_b, 3, 1},
    };
    struct compare_input in = {.metrics = m, .n_metrics = 2, .metrics_considered = 3};
    struct err err = ERR_INIT;
    json_t *res = NULL;
    assert_int_equal(compare_groups(&in, &res, &err), 0);
    const json_t *c = first(res);
    double p = json_real_value(json_object_get(c, "pvalue"));
    double padj = json_real_value(json_object_get(c, "pvalue_adjusted"));
    assert_true(fabs(padj - 3 * p) < 1e-12 * padj);   /* Holm: smallest of 3 */
    assert_non_null(strstr(json_string_value(json_object_get(res, "verdict")),
                           "Holm over 3 metrics"));
    assert_true(has_flag(res, "loss: the difference is within A's seed-to-seed noise"));
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_int_equal(compare_render_text(res, f, &err), 0);
    fclose(f);
    assert_non_null(strstr(text, "B better than A on val_acc"));
    assert_non_null(strstr(text, "\nloss "));
    free(text);
    json_decref(res);
}

static void best_of_many_seeds_is_flagged(void **state)
{
    double a[] = {0.71, 0.72, 0.70}, b[] = {0.76};
    struct compare_metric m = {"acc", a, 3, b, 1, 0};
    struct compare_input in = {.metrics = &m, .n_metrics = 1, .candidates_b = 20};
    struct err err = ERR_INIT;
    json_t *res = NULL;
    assert_int_equal(compare_groups(&in, &res, &err), 0);
    assert_true(has_flag(res, "B is 1 run picked from 20"));
    assert_non_null(strstr(json_string_value(json_object_get(first(res), "test")), "prediction"));
    json_decref(res);
}

static void bad_input_is_refused(void **state)
{
    double a[] = {1, NAN}, b[] = {1, 2};
    struct compare_metric m = {"acc", a, 2, b, 2, 0};
    struct compare_input in = {.metrics = &m, .n_metrics = 1};
    struct err err = ERR_INIT;
    json_t *res = NULL;
    assert_int_equal(compare_groups(&in, &res, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "is NaN"));
    struct compare_input none = {0};
    err_clear(&err);
    assert_int_equal(compare_groups(&none, &res, &err), ERR_USER);
}

static void example_files_load_both_key_spellings(void **state)
{
    char path[] = "/tmp/test_compare_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "{\"id\": \"q2\", \"correct\": true}\n\n{\"example_id\": 7, \"score\": 0}\n");
    fclose(f);
    struct compare_examples ex;
    struct err err = ERR_INIT;
    assert_int_equal(compare_load_examples(path, &ex, &err), 0);
    assert_int_equal(ex.n, 2);
    assert_string_equal(ex.ids[0], "7");
    assert_true(ex.binary);
    compare_examples_free(&ex);
    f = fopen(path, "w");
    fprintf(f, "{\"id\": \"q\", \"score\": 1}\n{\"id\": \"q\", \"score\": 2}\n");
    fclose(f);
    assert_int_equal(compare_load_examples(path, &ex, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "appears twice"));
    f = fopen(path, "w");
    fprintf(f, "{\"id\": \"q\", \"score\": \"high\"}\n");
    fclose(f);
    err_clear(&err);
    assert_int_equal(compare_load_examples(path, &ex, &err), ERR_USER);
    assert_non_null(strstr(err.msg, ":1: no finite"));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clear_winner_on_correct_flags_is_paired_mcnemar),
        cmocka_unit_test(no_difference_is_said_plainly),
        cmocka_unit_test(mismatched_ids_are_flagged_and_disjoint_ids_go_unpaired),
        cmocka_unit_test(too_few_examples_reports_the_mde),
        cmocka_unit_test(seed_groups_are_holm_corrected_and_noise_checked),
        cmocka_unit_test(best_of_many_seeds_is_flagged),
        cmocka_unit_test(bad_input_is_refused),
        cmocka_unit_test(example_files_load_both_key_spellings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
