/* test_promote — gate judgement (src/promote/gates.c) and the policy's
 * promotion statements, as a spec: each test fails for one reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "policy/policy.h"
#include "promote/gates.h"

static const struct policy_gate better = {
    "beats", POLICY_GATE_COMPARISON, "val_acc", 0.05, "", 0, 0, 1};
static const struct policy_gate evals = {
    "evals", POLICY_GATE_RUNS, "", 0, "eval", POLICY_CHECK_EXIT0, 0, 2};
static const struct policy_gate redteam = {
    "redteam", POLICY_GATE_RUNS, "findings", 0, "redteam", POLICY_CHECK_LE,
    0, 3};

static int met(json_t *r)
{
    int m = json_is_true(json_object_get(r, "met"));
    json_decref(r);
    return m;
}

static const char *why(json_t *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s", json_string_value(json_object_get(r, "why")));
    json_decref(r);
    return buf;
}

static void undefined_gate_is_never_met(void **state)
{
    struct gate_facts f = {.candidate = 3};
    char b[512];
    (void)state;
    assert_non_null(strstr(why(gate_judge("x", NULL, &f), b, sizeof b),
                           "never says"));
}

static void comparison_needs_production_unless_first_skips(void **state)
{
    struct gate_facts f = {.candidate = 3};
    (void)state;
    assert_false(met(gate_judge("beats", &better, &f)));
    f.first_skips = 1;
    assert_true(met(gate_judge("beats", &better, &f)));
}

static void comparison_without_stored_comparison_is_not_met(void **state)
{
    struct gate_facts f = {.candidate = 3, .production_exp = 1};
    char b[512];
    (void)state;
    assert_non_null(strstr(why(gate_judge("beats", &better, &f), b,
                               sizeof b), "steward compare 1"));
}

static void comparison_better_below_alpha_is_met(void **state)
{
    struct gate_facts f = {.candidate = 3, .production_exp = 1,
                           .comparison_id = 4, .direction = "better",
                           .pvalue_adjusted = 0.01};
    (void)state;
    assert_true(met(gate_judge("beats", &better, &f)));
    f.pvalue_adjusted = 0.2;
    assert_false(met(gate_judge("beats", &better, &f)));
    f.pvalue_adjusted = 0.01, f.direction = "worse";
    assert_false(met(gate_judge("beats", &better, &f)));
}

static void comparison_cites_its_comparison(void **state)
{
    struct gate_facts f = {.candidate = 3, .production_exp = 1,
                           .comparison_id = 4, .direction = "better",
                           .pvalue_adjusted = 0.01};
    (void)state;
    json_t *r = gate_judge("beats", &better, &f);
    json_t *e = json_array_get(json_object_get(r, "evidence"), 0);
    assert_int_equal(json_integer_value(json_object_get(e, "id")), 4);
    json_decref(r);
}

static void runs_gate_needs_a_run(void **state)
{
    struct gate_facts f = {.candidate = 3};
    char b[512];
    (void)state;
    assert_non_null(strstr(why(gate_judge("evals", &evals, &f), b,
                               sizeof b), "--param candidate=3"));
}

static void runs_gate_exit0(void **state)
{
    struct gate_run runs[2] = {{5, "succeeded", 0, 0}, {6, "failed", 0, 0}};
    struct gate_facts f = {.candidate = 3, .runs = runs, .nruns = 1};
    (void)state;
    assert_true(met(gate_judge("evals", &evals, &f)));
    f.nruns = 2;
    assert_false(met(gate_judge("evals", &evals, &f)));
}

static void runs_gate_unfinished_run_is_not_met(void **state)
{
    struct gate_run runs[1] = {{5, "running", 0, 0}};
    struct gate_facts f = {.candidate = 3, .runs = runs, .nruns = 1};
    char b[512];
    (void)state;
    assert_non_null(strstr(why(gate_judge("evals", &evals, &f), b,
                               sizeof b), "has not finished"));
}

static void runs_gate_bound(void **state)
{
    struct gate_run runs[1] = {{5, "succeeded", 1, 0}};
    struct gate_facts f = {.candidate = 3, .runs = runs, .nruns = 1};
    (void)state;
    assert_true(met(gate_judge("redteam", &redteam, &f)));
    runs[0].value = 2;
    assert_false(met(gate_judge("redteam", &redteam, &f)));
    runs[0].has_value = 0;
    assert_false(met(gate_judge("redteam", &redteam, &f)));
}

static void approvals_gate_counts_valid_only(void **state)
{
    (void)state;
    assert_false(met(gate_approvals(1, 2, 1, NULL)));
    assert_true(met(gate_approvals(2, 2, 0, NULL)));
}

static struct policy *parse(const char *text)
{
    struct policy *p = NULL;
    struct err err = ERR_INIT;
    if (policy_parse(text, strlen(text), "t.policy", &p, NULL, &err))
        return NULL;
    return p;
}

static void policy_defines_gates_deploy_first_rollback(void **state)
{
    (void)state;
    struct policy *p = parse(
        "promotion needs 2 approvals from humans other than the requester "
        "and gate beats and gate evals\n"
        "promotion gate beats is comparison val_acc better at alpha 0.01\n"
        "promotion gate evals is runs tagged eval with loss <= 0.5\n"
        "promotion deploy \"cp $1 /srv\" within 30s with network reading "
        "\"~/.aws/credentials\", \"/etc/k\"\n"
        "promotion first skips comparisons\n"
        "promotion rollback by humans\n");
    assert_non_null(p);
    const struct policy_gate *g = policy_gate_find(p, "evals");
    assert_non_null(g);
    assert_int_equal(g->check, POLICY_CHECK_LE);
    assert_true(g->value == 0.5);
    assert_true(policy_gate_find(p, "beats")->alpha == 0.01);
    assert_int_equal(policy_deploy(p)->time_s, 30);
    assert_int_equal(policy_deploy(p)->nreads, 2);
    assert_true(policy_deploy(p)->network);
    assert_true(policy_first_skips_comparisons(p));
    assert_int_equal(policy_rollback_by(p), POLICY_APPROVERS_HUMANS);
    policy_free(p);
}

static void policy_defaults_fail_closed(void **state)
{
    (void)state;
    struct policy *p = parse("promotion needs 1 approval\n");
    assert_non_null(p);
    assert_null(policy_deploy(p));
    assert_false(policy_first_skips_comparisons(p));
    assert_int_equal(policy_rollback_by(p), POLICY_APPROVERS_OWNERS);
    policy_free(p);
}

static void policy_refuses_bad_gates(void **state)
{
    (void)state;
    assert_null(parse("promotion gate x is comparison acc better at alpha 2\n"));
    assert_null(parse("promotion gate x is runs tagged eval exit 1\n"));
    assert_null(parse("promotion gate x is vibes\n"));
    assert_null(parse("promotion gate x is runs tagged e exit 0\n"
                      "promotion gate x is runs tagged e exit 0\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(undefined_gate_is_never_met),
        cmocka_unit_test(comparison_needs_production_unless_first_skips),
        cmocka_unit_test(comparison_without_stored_comparison_is_not_met),
        cmocka_unit_test(comparison_better_below_alpha_is_met),
        cmocka_unit_test(comparison_cites_its_comparison),
        cmocka_unit_test(runs_gate_needs_a_run),
        cmocka_unit_test(runs_gate_exit0),
        cmocka_unit_test(runs_gate_unfinished_run_is_not_met),
        cmocka_unit_test(runs_gate_bound),
        cmocka_unit_test(approvals_gate_counts_valid_only),
        cmocka_unit_test(policy_defines_gates_deploy_first_rollback),
        cmocka_unit_test(policy_defaults_fail_closed),
        cmocka_unit_test(policy_refuses_bad_gates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
