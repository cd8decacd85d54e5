/*
 * test_policy — the policy language, read as a spec: each rule the issue
 * asks for, most-restrictive semantics, review by default, anti-splitting
 * of auto limits, fail-closed on every kind of error, the content hash.
 */
#include <fnmatch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy/policy.h"

/* ---- helpers ---- */

static struct policy *compile(const char *text)
{
    struct policy *p = NULL;
    struct err err = ERR_INIT;
    int rc = policy_parse(text, strlen(text), "test.policy", &p, NULL, &err);
    if (rc)
        fail_msg("policy did not compile: %s", err.msg);
    return p;
}

/* Compiles text that must fail; returns the error message in err. */
static void compile_fails(const char *text, struct err *err,
                          struct policy_diags *diags)
{
    struct policy *p = NULL;
    assert_int_equal(policy_parse(text, strlen(text), "test.policy", &p,
                                  diags, err), ERR_USER);
    assert_null(p);
    assert_non_null(strstr(err->msg, "policy error: "));
}

static struct policy_request agent(void)
{
    struct policy_request r;
    policy_request_init(&r);
    r.principal = "bot";
    r.role = "agent";
    r.command = "python3 train.py --lr 0.1";
    r.workdir = "/home/ann/proj";
    r.cpus = 1;
    r.mem_bytes = 1LL << 30;
    r.time_seconds = 600;
    r.disk_bytes = 1LL << 30;
    return r;
}

static enum policy_verdict decide(const struct policy *p,
                                  const struct policy_request *r)
{
    struct policy_decision d;
    struct err err = ERR_INIT;
    if (policy_decide(p, r, &d, &err))
        fail_msg("decision failed: %s", err.msg);
    return d.verdict;
}

/* The decision's explanation as text, for asserting on reasons. */
static char *explain(const struct policy *p, const struct policy_request *r,
                     enum policy_verdict *verdict)
{
    struct policy_decision d;
    struct err err = ERR_INIT;
    char *text = NULL;
    (void)policy_decide(p, r, &d, &err);
    if (verdict)
        *verdict = d.verdict;
    json_t *j = policy_decision_json(p, r, &d);
    assert_non_null(j);
    assert_int_equal(policy_explain(j, &text, &err), 0);
    json_decref(j);
    return text;
}

static void assert_explains(const struct policy *p,
                            const struct policy_request *r,
                            const char *needle)
{
    char *text = explain(p, r, NULL);
    if (!strstr(text, needle))
        fail_msg("explanation lacks '%s':\n%s", needle, text);
    free(text);
}

/* A fake store: rolling sums of auto-approved and of all approved
 * cpu-hours and runs, recording the last question asked. */
struct fake_usage {
    double auto_cpu_hours, all_cpu_hours, runs;
    int calls;
    enum policy_scope scope;
    enum policy_window window;
    enum policy_usage_kind kind;
    char name[64];
    int broken;
};

static double fake_usage_fn(void *ctx, enum policy_metric metric,
                            enum policy_scope scope, const char *name,
                            enum policy_window window,
                            enum policy_usage_kind kind)
{
    struct fake_usage *u = ctx;
    u->calls++;
    u->scope = scope;
    u->window = window;
    u->kind = kind;
    snprintf(u->name, sizeof u->name, "%s", name ? name : "(null)");
    if (u->broken)
        return NAN;
    if (metric == POLICY_RUNS)
        return u->runs;
    return kind == POLICY_USAGE_AUTO ? u->auto_cpu_hours : u->all_cpu_hours;
}

/* ---- the rules the issue asks for ---- */

static void network_is_denied_unless_role_owner(void **state)
{
    struct policy *p = compile("deny network unless role owner\nauto any\n");
    struct policy_request r = agent();
    r.network = 1;
    assert_int_equal(decide(p, &r), POLICY_DENY);
    assert_explains(p, &r, "deny    network, role agent is not owner "
                           "(test.policy:1)");
    r.role = "owner";
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.role = "agent";
    r.network = 0;
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    policy_free(p);
    p = compile("deny any network unless role owner\nauto any\n");
    r.network = 1;  /* the issue's own wording works too */
    assert_int_equal(decide(p, &r), POLICY_DENY);
    policy_free(p);
}

static void more_than_one_gpu_needs_review(void **state)
{
    struct policy *p = compile("review gpus > 1\nauto any\n");
    struct policy_request r = agent();
    r.gpus = 1;
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.gpus = 2;
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    assert_explains(p, &r, "gpus 2 > 1 (test.policy:1)");
    policy_free(p);
}

static void more_than_two_hours_needs_review(void **state)
{
    struct policy *p = compile("review time > 2h\nauto any\n");
    struct policy_request r = agent();
    r.time_seconds = 7200;
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.time_seconds = 7201;
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    r.time_seconds = 3 * 3600;
    assert_explains(p, &r, "time 3h > 2h (test.policy:1)");
    policy_free(p);
}

static void commands_outside_a_glob_need_review(void **state)
{
    struct policy *p = compile(
        "review command not matching \"python3 train.py*\"\nauto any\n");
    struct policy_request r = agent();
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.command = "python3 train.py";
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.command = "python3 evil.py";
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    assert_explains(p, &r, "command \"python3 evil.py\" not matching "
                           "\"python3 train.py*\"");
    policy_free(p);
}

static void inside_an_approved_envelope_runs_on_its_own(void **state)
{
    struct policy *p = compile("auto inside approved campaign envelope\n");
    struct policy_request r = agent();
    r.campaign = "lr-sweep";
    r.in_envelope = 1;
    r.envelope_reason = "lr 0.1 in [0.001, 0.3]";
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    assert_explains(p, &r, "inside envelope: lr 0.1 in [0.001, 0.3]");
    r.in_envelope = 0;
    r.envelope_reason = "runs 20 of 20 used";
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    assert_explains(p, &r, "not inside envelope: runs 20 of 20 used");
    policy_free(p);
    p = compile("auto inside envelope\n");  /* the short form */
    r.in_envelope = 1;
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    policy_free(p);
}

static void small_runs_are_auto_approved_per_run(void **state)
{
    struct policy *p = compile(
        "auto cpu-hours <= 0.5 per run and <= 4 per agent per day\n");
    struct fake_usage u = {0};
    struct policy_request r = agent();
    r.usage = fake_usage_fn;
    r.usage_ctx = &u;
    r.cpus = 3;
    r.time_seconds = 600;  /* 0.5 cpu-hours */
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.cpus = 4;
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    assert_explains(p, &r, "auto not applied: cpu-hours 0.666667 > 0.5");
    policy_free(p);
}

static void the_rolling_sum_asks_for_the_principals_auto_work(void **state)
{
    struct policy *p = compile("auto cpu-hours <= 4 per agent per day\n");
    struct fake_usage u = {0};
    struct policy_request r = agent();
    r.usage = fake_usage_fn;
    r.usage_ctx = &u;
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    assert_int_equal(u.calls, 1);
    assert_int_equal(u.scope, POLICY_SCOPE_PRINCIPAL);
    assert_string_equal(u.name, "bot");
    assert_int_equal(u.window, POLICY_WINDOW_DAY);
    assert_int_equal(u.kind, POLICY_USAGE_AUTO);
    policy_free(p);
}

/* Ten runs of 0.5 cpu-hours against "4 per agent per day": the first
 * eight fit (8 × 0.5 = 4), the ninth and tenth go to review even though
 * each alone is tiny. */
static void ten_small_runs_cannot_split_past_the_daily_limit(void **state)
{
    struct policy *p = compile(
        "auto role agent and cpu-hours <= 0.5 and <= 4 per agent per day\n");
    struct fake_usage u = {0};
    struct policy_request r = agent();
    r.usage = fake_usage_fn;
    r.usage_ctx = &u;
    r.cpus = 3;
    r.time_seconds = 600;
    int autos = 0;
    for (int i = 0; i < 10; i++) {
        enum policy_verdict v = decide(p, &r);
        if (v == POLICY_AUTO) {
            autos++;
            u.auto_cpu_hours += 0.5;  /* the store reserves it */
        }
        assert_int_equal(v, i < 8 ? POLICY_AUTO : POLICY_REVIEW);
    }
    assert_int_equal(autos, 8);
    assert_explains(p, &r, "cpu-hours per principal bot per day: 4 used + "
                           "0.5 asked = 4.5 > 4");
    policy_free(p);
}

static void promotion_needs_two_humans_other_than_the_requester(void **state)
{
    struct policy *p = compile(
        "promotion needs 2 approvals from humans other than the requester "
        "and gate heldout-eval\n");
    const struct policy_promotion *pr = policy_promotion(p);
    assert_int_equal(pr->approvals, 2);
    assert_true(pr->distinct_from_requester);
    assert_int_equal(pr->from, POLICY_APPROVERS_HUMANS);
    assert_int_equal(pr->ngates, 1);
    assert_string_equal(pr->gates[0], "heldout-eval");
    policy_free(p);
    p = compile("promotion needs 1 approval from owners\n");
    assert_int_equal(policy_promotion(p)->from, POLICY_APPROVERS_OWNERS);
    policy_free(p);
}

static void budgets_are_declared_per_scope_and_window(void **state)
{
    struct policy *p = compile(
        "budget 100 cpu-hours per agent per week\n"
        "budget 8 gpu-hours per campaign lr-sweep in total\n"
        "budget 50 runs per role agent per day\n"
        "budget 1000 mem-gb-hours per day\n");
    assert_int_equal(policy_budget_count(p), 4);
    const struct policy_budget *b = policy_budget_at(p, 0);
    assert_int_equal(b->scope, POLICY_SCOPE_PRINCIPAL);
    assert_null(b->name);
    assert_int_equal(b->metric, POLICY_CPU_HOURS);
    assert_int_equal(b->window, POLICY_WINDOW_WEEK);
    assert_true(b->limit == 100);
    b = policy_budget_at(p, 1);
    assert_int_equal(b->scope, POLICY_SCOPE_CAMPAIGN);
    assert_string_equal(b->name, "lr-sweep");
    assert_int_equal(b->metric, POLICY_GPU_HOURS);
    assert_int_equal(b->window, POLICY_WINDOW_TOTAL);
    b = policy_budget_at(p, 2);
    assert_int_equal(b->scope, POLICY_SCOPE_ROLE);
    assert_string_equal(b->name, "agent");
    assert_int_equal(b->metric, POLICY_RUNS);
    b = policy_budget_at(p, 3);
    assert_int_equal(b->scope, POLICY_SCOPE_GLOBAL);
    assert_int_equal(b->metric, POLICY_MEM_GB_HOURS);
    assert_int_equal(b->line, 4);
    assert_null(policy_budget_at(p, 4));
    policy_free(p);
}

static void overspending_a_budget_is_denied(void **state)
{
    struct policy *p = compile("auto any\n"
                               "budget 10 cpu-hours per agent per day\n");
    struct fake_usage u = {.all_cpu_hours = 9.5};
    struct policy_request r = agent();
    r.usage = fake_usage_fn;
    r.usage_ctx = &u;
    r.cpus = 3;  /* 0.5 cpu-hours: exactly fills the budget */
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    assert_int_equal(u.kind, POLICY_USAGE_APPROVED);
    u.all_cpu_hours = 9.6;
    assert_int_equal(decide(p, &r), POLICY_DENY);
    assert_explains(p, &r, "over budget 10 cpu-hours: cpu-hours per "
                           "principal bot per day: 9.6 used + 0.5 asked");
    policy_free(p);
}

static void a_named_budget_binds_only_its_own_account(void **state)
{
    struct policy *p = compile("auto any\n"
                               "budget 1 cpu-hours per principal alice per day\n");
    struct fake_usage u = {.all_cpu_hours = 100};
    struct policy_request r = agent();
    r.usage = fake_usage_fn;
    r.usage_ctx = &u;
    assert_int_equal(decide(p, &r), POLICY_AUTO);  /* bot, not alice */
    r.principal = "alice";
    assert_int_equal(decide(p, &r), POLICY_DENY);
    policy_free(p);
}

static void reviews_and_approvals_expire(void **state)
{
    struct policy *p = compile("reviews expire after 24h\n"
                               "approvals valid for 6h\n");
    assert_int_equal(policy_review_expiry(p), 86400);
    assert_int_equal(policy_approval_validity(p), 6 * 3600);
    policy_free(p);
    p = compile("approvals expire after 1h30m\n");
    assert_int_equal(policy_approval_validity(p), 5400);
    assert_int_equal(policy_review_expiry(p), 86400);  /* the default */
    policy_free(p);
}

static void secrets_tokens_unenforced_limits_and_defaults(void **state)
{
    struct policy *p = compile(
        "secret ~/.aws\nsecret /etc/munge\nsecret \"/srv/with space\"\n"
        "require token\naccept unenforced disk, pids\n"
        "default cpus 2, mem 8G, time 30m disk 20G\n");
    assert_int_equal(policy_secret_count(p), 3);
    assert_string_equal(policy_secret_at(p, 0), "~/.aws");
    assert_string_equal(policy_secret_at(p, 1), "/etc/munge");
    assert_string_equal(policy_secret_at(p, 2), "/srv/with space");
    assert_true(policy_require_token(p));
    assert_true(policy_accepts_unenforced(p, POLICY_LIMIT_DISK));
    assert_true(policy_accepts_unenforced(p, POLICY_LIMIT_PIDS));
    assert_false(policy_accepts_unenforced(p, POLICY_LIMIT_MEM));
    const struct policy_defaults *d = policy_defaults(p);
    assert_true(d->cpus == 2);
    assert_int_equal(d->mem_bytes, 8LL << 30);
    assert_int_equal(d->time_seconds, 1800);
    assert_int_equal(d->disk_bytes, 20LL << 30);
    struct policy_request r;
    policy_request_init(&r);
    r.mem_bytes = 1 << 20;
    policy_request_apply_defaults(p, &r);
    assert_true(r.cpus == 2);
    assert_int_equal(r.mem_bytes, 1 << 20);  /* given: kept */
    assert_int_equal(r.time_seconds, 1800);
    policy_free(p);
    p = compile("auto any\n");
    assert_false(policy_require_token(p));
    assert_false(policy_accepts_unenforced(p, POLICY_LIMIT_DISK));
    policy_free(p);
}

/* ---- semantics ---- */

static void the_most_restrictive_verdict_wins(void **state)
{
    const char *forward = "auto any\nreview gpus > 0\ndeny network\n";
    const char *backward = "deny network\nreview gpus > 0\nauto any\n";
    for (int i = 0; i < 2; i++) {
        struct policy *p = compile(i ? backward : forward);
        struct policy_request r = agent();
        assert_int_equal(decide(p, &r), POLICY_AUTO);
        r.gpus = 1;
        assert_int_equal(decide(p, &r), POLICY_REVIEW);
        r.network = 1;
        assert_int_equal(decide(p, &r), POLICY_DENY);
        policy_free(p);
    }
}

static void a_proposal_no_rule_speaks_about_goes_to_review(void **state)
{
    struct policy *p = compile("deny network\nauto role owner\n");
    struct policy_request r = agent();
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    assert_explains(p, &r, "no rule matched; review is the default");
    policy_free(p);
    p = compile("# nothing but a comment\n");
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    policy_free(p);
}

static void unless_takes_alternatives_joined_by_or(void **state)
{
    struct policy *p = compile(
        "deny network unless role owner or principal ci-bot\nauto any\n");
    struct policy_request r = agent();
    r.network = 1;
    assert_int_equal(decide(p, &r), POLICY_DENY);
    r.principal = "ci-bot";
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    policy_free(p);
}

static void roles_include_human_for_owner_or_reviewer(void **state)
{
    struct policy *p = compile("auto role human\n");
    struct policy_request r = agent();
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    r.role = "reviewer";
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.role = "owner";
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    policy_free(p);
    p = compile("review role != owner\nauto any\n");
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.role = "agent";
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    policy_free(p);
}

static void sizes_and_durations_compare_in_their_units(void **state)
{
    struct policy *p = compile("review mem > 4G\nreview disk >= 100G\n"
                               "review time > 1h30m\nauto any\n");
    struct policy_request r = agent();
    r.mem_bytes = 4LL << 30;
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.mem_bytes = (4LL << 30) + 1;
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    r.mem_bytes = 8LL << 30;
    assert_explains(p, &r, "mem 8G > 4G (test.policy:1)");
    r.mem_bytes = 1LL << 30;
    r.disk_bytes = 100LL << 30;
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    r.disk_bytes = 0;
    r.time_seconds = 5400;
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.time_seconds = 5401;
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    policy_free(p);
}

static void derived_hours_multiply_resources_by_time(void **state)
{
    struct policy *p = compile("review gpu-hours > 1\n"
                               "review mem-gb-hours > 32\nauto any\n");
    struct policy_request r = agent();
    r.gpus = 2;
    r.time_seconds = 1800;  /* 1 gpu-hour */
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.time_seconds = 1801;
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    r.gpus = 0;
    r.mem_bytes = 16LL << 30;
    r.time_seconds = 7200;  /* 32 GB-hours */
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.time_seconds = 7300;
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    policy_free(p);
}

static void globs_match_names_paths_and_tags(void **state)
{
    struct policy *p = compile(
        "review workdir not matching \"/home/*/proj*\"\n"
        "deny principal matching \"temp-*\"\n"
        "review tag nightly\n"
        "deny campaign matching scratch-*\n"
        "auto any\n");
    struct policy_request r = agent();
    const char *tags[] = {"baseline", "nightly"};
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.workdir = "/tmp/x";
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    r.workdir = "/home/ann/proj2";
    r.principal = "temp-7";
    assert_int_equal(decide(p, &r), POLICY_DENY);
    r.principal = "bot";
    r.tags = tags;
    r.ntags = 2;
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    r.ntags = 1;
    r.campaign = "scratch-1";
    assert_int_equal(decide(p, &r), POLICY_DENY);
    policy_free(p);
}

static void params_compare_as_numbers_or_text(void **state)
{
    struct policy *p = compile("review param.lr > 0.1\n"
                               "deny param.optimizer = lbfgs\n"
                               "review param.model matching \"gpt-*\"\n"
                               "auto any\n");
    json_t *params = json_pack("{s:f,s:s,s:s}", "lr", 0.05, "optimizer",
                               "sgd", "model", "resnet");
    struct policy_request r = agent();
    r.params = params;
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    json_object_set_new(params, "lr", json_real(0.3));
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    assert_explains(p, &r, "param.lr 0.3 > 0.1");
    json_object_set_new(params, "optimizer", json_string("lbfgs"));
    assert_int_equal(decide(p, &r), POLICY_DENY);
    json_object_clear(params);  /* absent params match nothing */
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    json_decref(params);
    policy_free(p);
}

/* Params are resolved once per decision; both ways of doing it (walking
 * the request's params or asking for the policy's names) and names past
 * the first 64 must agree. */
static void many_params_resolve_like_few(void **state)
{
    char text[4096];
    size_t o = 0;
    for (int i = 0; i < 70; i++)
        o += (size_t)snprintf(text + o, sizeof text - o,
                              "review param.q%d > 0\n", i);
    snprintf(text + o, sizeof text - o, "auto any\n");
    struct policy *p = compile(text);
    struct policy_request r = agent();
    json_t *params = json_object();
    r.params = params;
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    for (int i = 0; i < 70; i += 23) {  /* 0, 23, 46, 69 */
        char name[16];
        snprintf(name, sizeof name, "q%d", i);
        json_object_set_new(params, name, json_integer(1));
        assert_int_equal(decide(p, &r), POLICY_REVIEW);  /* few params */
        for (int k = 0; k < 100; k++) {  /* more params than the policy */
            char other[16];
            snprintf(other, sizeof other, "z%d", k);
            json_object_set_new(params, other, json_integer(5));
        }
        assert_int_equal(decide(p, &r), POLICY_REVIEW);
        json_object_clear(params);
        assert_int_equal(decide(p, &r), POLICY_AUTO);
    }
    json_decref(params);
    policy_free(p);
}

static void campaign_novelty_and_repeats_of_failures_are_flags(void **state)
{
    struct policy *p = compile("review novel-campaign\n"
                               "review repeat-of-failed\n"
                               "deny not campaign and role agent "
                               "and gpus > 0\nauto any\n");
    struct policy_request r = agent();
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.campaign_novel = 1;
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    r.campaign_novel = 0;
    r.repeat_of_failed = 1;
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    r.repeat_of_failed = 0;
    r.gpus = 1;
    assert_int_equal(decide(p, &r), POLICY_DENY);
    r.campaign = "lr-sweep";
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    policy_free(p);
}

static void comments_semicolons_and_continuations(void **state)
{
    struct policy *p = compile(
        "# red lines first\n"
        "deny network unless role owner   # owners may fetch data\n"
        "review gpus > 1; review time > 2h\n"
        "auto role agent \\\n"
        "     and cpus <= 4\n");
    assert_int_equal(policy_rule_count(p), 4);
    struct policy_request r = agent();
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.time_seconds = 3 * 3600;
    assert_explains(p, &r, "[review time > 2h]");
    r.time_seconds = 60;
    r.cpus = 5;
    assert_explains(p, &r, "[auto role agent and cpus <= 4]");
    policy_free(p);
}

/* The glob matcher agrees with fnmatch(3) (flags 0, ASCII) on a table of
 * tricky cases and on random patterns over a small alphabet. */
int policy_glob(const char *pattern, const char *s);

static void globs_agree_with_fnmatch(void **state)
{
    static const char *const pats[] = {
        "python3 train.py*", "*", "", "a*b*c", "*.py", "a?c", "[abc]x",
        "[!abc]x", "[a-c]*", "\\*x", "a\\?b", "**a**", "*a*a*a*b",
        "[]]x", "[!]]x", "[a-]x", "x[", "*/proj*",
    };
    static const char *const strs[] = {
        "python3 train.py --lr 1", "python3 train.py", "python3 evil.py", "",
        "abc", "axbyc", "main.py", "a/b.py", "bx", "dx", "*x", "a?b", "axb",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", "]x", "-x", "x[", "/home/a/proj2",
    };
    for (size_t i = 0; i < sizeof pats / sizeof *pats; i++)
        for (size_t j = 0; j < sizeof strs / sizeof *strs; j++)
            if (policy_glob(pats[i], strs[j]) !=
                (fnmatch(pats[i], strs[j], 0) == 0))
                fail_msg("'%s' vs '%s' disagrees", pats[i], strs[j]);
    unsigned x = 7;
    const char alpha[] = "ab*?[]!-\\";
    for (int n = 0; n < 20000; n++) {
        char pat[8], str[8];
        for (int k = 0; k < 7; k++) {
            x = x * 1103515245u + 12345u;
            pat[k] = alpha[(x >> 16) % (sizeof alpha - 1)];
            str[k] = "ab-]"[(x >> 8) % 4];
        }
        pat[(x >> 4) % 8] = 0;
        str[(x >> 12) % 8] = 0;
        if (policy_glob(pat, str) != (fnmatch(pat, str, 0) == 0))
            fail_msg("'%s' vs '%s' disagrees", pat, str);
    }
}

/* ---- fail closed ---- */

static void a_syntax_error_names_file_line_and_column(void **state)
{
    struct err err = ERR_INIT;
    compile_fails("auto any\nreview gpus > > 1\n", &err, NULL);
    assert_non_null(strstr(err.msg, "test.policy:2:15: "));
    err_clear(&err);
    compile_fails("review command matching \"python3*\n", &err, NULL);
    assert_non_null(strstr(err.msg, "test.policy:1:25: unterminated string"));
}

static void an_unknown_field_is_an_error_with_a_hint(void **state)
{
    struct err err = ERR_INIT;
    struct policy_diags d;
    compile_fails("review gpu > 1\n", &err, &d);
    assert_non_null(strstr(err.msg, "test.policy:1:8: unknown field 'gpu'"));
    assert_int_equal(d.n, 1);
    assert_non_null(strstr(d.items[0].hint, "did you mean 'gpus'?"));
    assert_non_null(strstr(d.items[0].hint, "valid fields: role, principal"));
    err_clear(&err);
    compile_fails("reveiw gpus > 1\n", &err, &d);
    assert_non_null(strstr(d.items[0].hint, "did you mean 'review'?"));
}

static void a_bad_unit_is_an_error(void **state)
{
    struct err err = ERR_INIT;
    compile_fails("review mem > 4Q\n", &err, NULL);
    assert_non_null(strstr(err.msg, "1:14: bad value"));
    err_clear(&err);
    compile_fails("review time > 2\n", &err, NULL);
    assert_non_null(strstr(err.msg, "time '2' has no unit"));
    err_clear(&err);
    compile_fails("review mem > 4\n", &err, NULL);
    assert_non_null(strstr(err.msg, "mem '4' has no unit"));
    err_clear(&err);
    compile_fails("reviews expire after soon\n", &err, NULL);
    assert_non_null(strstr(err.msg, "1:22: bad value"));
}

static void a_rolling_sum_names_one_account(void **state)
{
    /* found by fuzz/ (corpus/policy/leak-two-accounts): the second
     * account's name was kept and the first one's leaked */
    struct err err = ERR_INIT;
    compile_fails("auto cpu-hours <= 4 per agent bob per agent eve per day\n",
                  &err, NULL);
    assert_non_null(strstr(err.msg, "1:39: a rolling sum counts one account"));
}

static void every_error_in_a_file_is_reported(void **state)
{
    struct err err = ERR_INIT;
    struct policy_diags d;
    compile_fails("review gpu > 1\nauto any\nreview time >\nbudget -5 runs "
                  "per day\nfrobnicate\n", &err, &d);
    assert_int_equal(d.n, 4);
    assert_int_equal(d.items[0].line, 1);
    assert_int_equal(d.items[1].line, 3);
    assert_int_equal(d.items[2].line, 4);
    assert_int_equal(d.items[3].line, 5);
    assert_non_null(strstr(d.items[2].msg, "absurd budget"));
}

static void grammar_mistakes_get_hints(void **state)
{
    struct err err = ERR_INIT;
    struct policy_diags d;
    compile_fails("review gpus > 1 or time > 2h\n", &err, &d);
    assert_non_null(strstr(d.items[0].hint, "write two rules"));
    err_clear(&err);
    compile_fails("auto cpus <= 1 per day\n", &err, &d);
    assert_non_null(strstr(d.items[0].msg, "cpus cannot be summed"));
    err_clear(&err);
    compile_fails("auto cpu-hours <= 4 per agent\n", &err, &d);
    assert_non_null(strstr(d.items[0].msg, "needs a window"));
    err_clear(&err);
    compile_fails("secret relative/path\n", &err, &d);
    assert_non_null(strstr(d.items[0].msg, "absolute"));
    err_clear(&err);
    compile_fails("review command > 3\n", &err, &d);
    assert_non_null(strstr(d.items[0].msg, "is text"));
    err_clear(&err);
    compile_fails("reviews expire after 1h\nreviews expire after 2h\n", &err,
                  &d);
    assert_non_null(strstr(err.msg, "test.policy:2:1: 'reviews expire "
                                    "after' is set twice"));
    err_clear(&err);
    compile_fails("default gpus 1\n", &err, &d);
    assert_non_null(strstr(d.items[0].hint, "GPUs are always asked for"));
}

static char tmpdir[64];

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int load(const char *name, struct policy **p, struct err *err)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return policy_load(path, p, NULL, err);
}

static int make_tmpdir(void **state)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_policy.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void includes_resolve_relative_to_the_including_file(void **state)
{
    struct policy *p = NULL;
    struct err err = ERR_INIT;
    write_file("main.policy", "deny network\ninclude \"sub/more.policy\"\n");
    char sub[128];
    snprintf(sub, sizeof sub, "%s/sub", tmpdir);
    assert_true(mkdir(sub, 0700) == 0 || access(sub, F_OK) == 0);
    write_file("sub/more.policy", "auto any\n");
    assert_int_equal(load("main.policy", &p, &err), 0);
    assert_int_equal(policy_rule_count(p), 2);
    struct policy_request r = agent();
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    assert_explains(p, &r, "any (more.policy:1)");
    policy_free(p);
}

static void an_include_cycle_fails_closed(void **state)
{
    struct policy *p = NULL;
    struct err err = ERR_INIT;
    write_file("a.policy", "auto any\ninclude \"b.policy\"\n");
    write_file("b.policy", "include \"a.policy\"\n");
    assert_int_equal(load("a.policy", &p, &err), ERR_USER);
    assert_null(p);
    assert_non_null(strstr(err.msg, "b.policy:1:1: include cycle"));
    err_clear(&err);
    write_file("self.policy", "include \"self.policy\"\n");
    assert_int_equal(load("self.policy", &p, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "include cycle"));
}

/* Identity must not depend on parsing: `require token` is found in a
 * broken policy, after ';', across a continuation and in an include,
 * never in a comment; a FIFO answers at once. */
static void require_token_is_found_without_parsing(void **state)
{
    (void)state;
    char path[256];
    static const struct { const char *text; int want; } cases[] = {
        {"require token\nthis is not a policy\n", 1},
        {"auto role owner; require   token\n", 1},
        {"require \\\n  token\n", 1},
        {"# require token\nauto role owner\n", 0},
        {"deny network # require token\n", 0},
        {"include \"inc.policy\"\n", 1},
        {"required tokens\n", 0},
    };
    write_file("inc.policy", "broken (\n\trequire token # here\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file("scan.policy", cases[i].text);
        snprintf(path, sizeof path, "%s/scan.policy", tmpdir);
        assert_int_equal(policy_file_requires_token(path), cases[i].want);
    }
    snprintf(path, sizeof path, "%s/fifo.policy", tmpdir);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(policy_file_requires_token(path), 0);
    struct policy *p = NULL;
    struct err err = ERR_INIT;
    assert_int_not_equal(policy_load(path, &p, NULL, &err), 0);
    assert_non_null(strstr(err.msg, "not a regular file"));
}

static void includes_nest_at_most_eight_deep(void **state)
{
    struct policy *p = NULL;
    struct err err = ERR_INIT;
    char name[32], text[64];
    for (int i = 0; i < 10; i++) {
        snprintf(name, sizeof name, "deep%d.policy", i);
        snprintf(text, sizeof text, "include \"deep%d.policy\"\n", i + 1);
        write_file(name, text);
    }
    write_file("deep10.policy", "auto any\n");
    assert_int_equal(load("deep0.policy", &p, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "nest deeper than 8"));
    err_clear(&err);
    assert_int_equal(load("deep3.policy", &p, &err), 0);  /* 7 deep: fine */
    policy_free(p);
}

static void a_missing_file_or_include_fails_closed(void **state)
{
    struct policy *p = NULL;
    struct err err = ERR_INIT;
    struct policy_decision d;
    assert_int_equal(load("nowhere.policy", &p, &err), ERR_USER);
    assert_null(p);
    assert_non_null(strstr(err.msg, "policy error: cannot read"));
    memset(&d, 0xff, sizeof d);  /* as the caller's stack might hold */
    policy_decision_fail(&d, err.msg);
    assert_int_equal(d.verdict, POLICY_DENY);
    assert_non_null(strstr(d.error, "policy error: cannot read"));
    struct policy_request r = agent();
    json_t *j = policy_decision_json(NULL, &r, &d);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "verdict")),
                        "deny");
    assert_string_equal(json_string_value(json_object_get(j, "policy_hash")),
                        "");
    json_decref(j);
    err_clear(&err);
    write_file("inc.policy", "auto any\ninclude \"gone.policy\"\n");
    assert_int_equal(load("inc.policy", &p, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "inc.policy:2:1: cannot include"));
}

static void deciding_from_a_path_fails_closed(void **state)
{
    struct policy_request r = agent();
    struct err err = ERR_INIT;
    json_t *j = NULL;
    char path[256];
    snprintf(path, sizeof path, "%s/absent.policy", tmpdir);
    assert_int_equal(policy_decide_path(path, &r, &j, &err), 0);
    assert_string_equal(json_string_value(json_object_get(j, "verdict")),
                        "deny");
    assert_non_null(strstr(json_string_value(json_array_get(
        json_object_get(j, "reasons"), 0)), "policy error: cannot read"));
    json_decref(j);
    write_file("fine.policy", "auto any\n");
    snprintf(path, sizeof path, "%s/fine.policy", tmpdir);
    assert_int_equal(policy_decide_path(path, &r, &j, &err), 0);
    assert_string_equal(json_string_value(json_object_get(j, "verdict")),
                        "auto");
    json_decref(j);
}

static void no_policy_means_deny(void **state)
{
    struct policy_request r = agent();
    struct policy_decision d;
    struct err err = ERR_INIT;
    assert_true(policy_decide(NULL, &r, &d, &err) < 0);
    assert_int_equal(d.verdict, POLICY_DENY);
    assert_non_null(strstr(d.error, "policy error: no policy loaded"));
    json_t *j = policy_decision_json(NULL, &r, &d);
    const json_t *rule = json_array_get(json_object_get(j, "rules"), 0);
    assert_string_equal(json_string_value(json_object_get(rule, "kind")),
                        "error");
    assert_non_null(strstr(json_string_value(json_object_get(rule, "reason")),
                           "policy error:"));
    json_decref(j);
}

static void values_the_rules_cannot_judge_deny(void **state)
{
    struct policy *p = compile("review param.lr > 0.1\nauto any\n");
    struct policy_request r = agent();
    struct policy_decision d;
    struct err err = ERR_INIT;
    json_t *params = json_pack("{s:s}", "lr", "fast");
    r.params = params;
    assert_true(policy_decide(p, &r, &d, &err) < 0);
    assert_int_equal(d.verdict, POLICY_DENY);
    assert_non_null(strstr(d.error, "policy error: param.lr is not a number "
                                    "(test.policy:1)"));
    assert_string_equal(d.hash, policy_hash(p));  /* which version failed */
    r.params = NULL;
    r.role = "superuser";
    err_clear(&err);
    assert_true(policy_decide(p, &r, &d, &err) < 0);
    assert_int_equal(d.verdict, POLICY_DENY);
    assert_non_null(strstr(d.error, "unknown role 'superuser'"));
    r.role = "agent";
    r.cpus = NAN;
    err_clear(&err);
    assert_true(policy_decide(p, &r, &d, &err) < 0);
    assert_int_equal(d.verdict, POLICY_DENY);
    json_decref(params);
    policy_free(p);
}

static void a_usage_callback_that_cannot_answer_denies(void **state)
{
    struct policy *p = compile("auto cpu-hours <= 4 per agent per day\n");
    struct fake_usage u = {.broken = 1};
    struct policy_request r = agent();
    struct policy_decision d;
    struct err err = ERR_INIT;
    r.usage = fake_usage_fn;
    r.usage_ctx = &u;
    assert_true(policy_decide(p, &r, &d, &err) < 0);
    assert_int_equal(d.verdict, POLICY_DENY);
    assert_non_null(strstr(d.error, "unavailable"));
    r.usage = NULL;  /* no callback at all */
    err_clear(&err);
    assert_true(policy_decide(p, &r, &d, &err) < 0);
    assert_int_equal(d.verdict, POLICY_DENY);
    assert_non_null(strstr(d.error, "no usage figures"));
    policy_free(p);
}

/* ---- the version hash ---- */

static void the_hash_is_sha256_of_the_bytes(void **state)
{
    const char *text = "review gpus > 1\n";
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[POLICY_HASH_HEX];
    assert_true(sodium_init() >= 0);
    crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    struct policy *a = compile(text), *b = compile(text);
    struct policy *c = compile("review gpus > 2\n");
    assert_string_equal(policy_hash(a), hex);
    assert_string_equal(policy_hash(a), policy_hash(b));
    assert_string_not_equal(policy_hash(a), policy_hash(c));
    struct policy_request r = agent();
    struct policy_decision d;
    struct err err = ERR_INIT;
    assert_int_equal(policy_decide(a, &r, &d, &err), 0);
    assert_string_equal(d.hash, hex);
    policy_free(a);
    policy_free(b);
    policy_free(c);
}

static void editing_an_included_file_changes_the_hash(void **state)
{
    struct policy *p = NULL, *q = NULL;
    struct err err = ERR_INIT;
    write_file("top.policy", "include \"part.policy\"\n");
    write_file("part.policy", "review gpus > 1\n");
    assert_int_equal(load("top.policy", &p, &err), 0);
    write_file("part.policy", "review gpus > 2\n");
    assert_int_equal(load("top.policy", &q, &err), 0);
    assert_string_not_equal(policy_hash(p), policy_hash(q));
    policy_free(q);
    write_file("part.policy", "review gpus > 1\n");
    assert_int_equal(load("top.policy", &q, &err), 0);
    assert_string_equal(policy_hash(p), policy_hash(q));
    policy_free(p);
    policy_free(q);
}

/* ---- explain, diff, JSON requests, the starter policy ---- */

static void a_decision_carries_rule_text_line_and_values(void **state)
{
    struct policy *p = compile("\n\nreview gpus > 1\nauto any\n");
    struct policy_request r = agent();
    struct policy_decision d;
    struct err err = ERR_INIT;
    r.gpus = 2;
    assert_int_equal(policy_decide(p, &r, &d, &err), 0);
    json_t *j = policy_decision_json(p, &r, &d);
    assert_string_equal(json_string_value(json_object_get(j, "verdict")),
                        "review");
    assert_string_equal(json_string_value(json_object_get(j, "policy_hash")),
                        policy_hash(p));
    const json_t *rule = json_array_get(json_object_get(j, "rules"), 0);
    assert_int_equal(json_integer_value(json_object_get(rule, "line")), 3);
    assert_string_equal(json_string_value(json_object_get(rule, "rule")),
                        "review gpus > 1");
    assert_string_equal(json_string_value(json_object_get(rule, "reason")),
                        "gpus 2 > 1 (test.policy:3)");
    assert_string_equal(json_string_value(json_array_get(
                            json_object_get(j, "reasons"), 0)),
                        "gpus 2 > 1 (test.policy:3)");
    char *text = NULL;
    assert_int_equal(policy_explain(j, &text, &err), 0);
    assert_non_null(strstr(text, "review (policy "));
    assert_non_null(strstr(text, "  review  gpus 2 > 1 (test.policy:3)"));
    free(text);
    json_decref(j);
    policy_free(p);
}

static void the_first_reason_is_the_one_that_decided(void **state)
{
    struct policy *p = compile("auto any\nreview gpus > 0\ndeny network\n");
    struct policy_request r = agent();
    struct policy_decision d;
    struct err err = ERR_INIT;
    r.gpus = 1;
    r.network = 1;
    assert_int_equal(policy_decide(p, &r, &d, &err), 0);
    json_t *j = policy_decision_json(p, &r, &d);
    const json_t *reasons = json_object_get(j, "reasons");
    assert_int_equal(json_array_size(reasons), 3);
    assert_string_equal(json_string_value(json_array_get(reasons, 0)),
                        "network (test.policy:3)");
    char *text = NULL;
    assert_int_equal(policy_explain(j, &text, &err), 0);
    const char *second_line = strchr(text, '\n') + 1;
    assert_int_equal(strncmp(second_line, "  deny    network", 17), 0);
    free(text);
    json_decref(j);
    policy_free(p);
}

static void diff_lists_the_decisions_a_new_version_changes(void **state)
{
    struct policy *old = compile("review gpus > 0\nauto any\n");
    struct policy *new = compile("review gpus > 1\nauto any\n");
    struct policy_request reqs[3] = {agent(), agent(), agent()};
    json_t *changes = NULL;
    struct err err = ERR_INIT;
    reqs[1].gpus = 1;
    reqs[2].gpus = 2;
    assert_int_equal(policy_diff(old, new, reqs, 3, &changes, &err), 0);
    assert_int_equal(json_array_size(changes), 1);
    const json_t *c = json_array_get(changes, 0);
    assert_int_equal(json_integer_value(json_object_get(c, "index")), 1);
    assert_string_equal(json_string_value(json_object_get(c, "before")),
                        "review");
    assert_string_equal(json_string_value(json_object_get(c, "after")),
                        "auto");
    json_decref(changes);
    policy_free(old);
    policy_free(new);
}

static void requests_can_be_written_as_json(void **state)
{
    struct policy *p = compile("review time > 2h\nreview mem > 4G\n"
                               "auto cpu-hours <= 4 per agent per day\n");
    json_error_t je;
    json_t *j = json_loads("{\"principal\":\"bot\",\"role\":\"agent\","
                           "\"command\":[\"python3\",\"train.py\"],"
                           "\"cpus\":2,\"mem\":\"2G\",\"time\":\"1h\","
                           "\"usage\":{\"auto cpu-hours principal day\":1}}",
                           0, &je);
    struct policy_json_request jr;
    struct err err = ERR_INIT;
    assert_non_null(j);
    assert_int_equal(policy_request_from_json(j, &jr, &err), 0);
    assert_string_equal(jr.req.command, "python3 train.py");
    assert_int_equal(jr.req.mem_bytes, 2LL << 30);
    assert_int_equal(jr.req.time_seconds, 3600);
    assert_int_equal(decide(p, &jr.req), POLICY_AUTO);  /* 1 + 2 <= 4 */
    json_object_set_new(json_object_get(j, "usage"),
                        "auto cpu-hours principal day", json_real(2.5));
    assert_int_equal(decide(p, &jr.req), POLICY_REVIEW);
    json_object_set_new(j, "colour", json_string("blue"));
    assert_int_equal(policy_request_from_json(j, &jr, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "unknown key 'colour'"));
    json_decref(j);
    policy_free(p);
}

static void the_starter_policy_compiles_and_is_conservative(void **state)
{
    const char *text = policy_default_text();
    struct policy *p = compile(text);
    struct fake_usage u = {0};
    struct policy_request r = agent();
    r.usage = fake_usage_fn;
    r.usage_ctx = &u;
    assert_int_equal(decide(p, &r), POLICY_AUTO);   /* 1 cpu, 10 min */
    r.network = 1;
    assert_int_equal(decide(p, &r), POLICY_DENY);
    r.network = 0;
    r.gpus = 1;
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    r.campaign = "lr-sweep";
    r.in_envelope = 1;  /* a human approved the envelope's resources */
    assert_int_equal(decide(p, &r), POLICY_AUTO);
    r.network = 1;      /* but no envelope grants the network */
    assert_int_equal(decide(p, &r), POLICY_DENY);
    r.network = 0;
    r.in_envelope = 0;
    r.gpus = 0;
    r.time_seconds = 3 * 3600;
    assert_int_equal(decide(p, &r), POLICY_REVIEW);
    assert_true(policy_budget_count(p) > 0);
    assert_int_equal(policy_review_expiry(p), 86400);
    assert_int_equal(policy_promotion(p)->approvals, 2);
    assert_true(policy_secret_count(p) >= 2);
    policy_free(p);
}

/* Mangled policies either compile or fail with a located error; nothing
 * in between, and (under the sanitizers) no memory errors. */
static void mangled_policies_compile_or_fail_cleanly(void **state)
{
    const char *base = policy_default_text();
    size_t n = strlen(base);
    char *text = malloc(n + 64);
    const char junk[] = " \n\t#\"\\;,()<>=!*?[]-.0123456789abGhmper";
    unsigned x = 99;
    assert_non_null(text);
    for (int round = 0; round < 3000; round++) {
        memcpy(text, base, n + 1);
        size_t len = n;
        for (int k = 0; k < 1 + round % 4; k++) {
            x = x * 1103515245u + 12345u;
            size_t at = (x >> 8) % len;
            char c = junk[(x >> 20) % (sizeof junk - 1)];
            if (x % 3 == 0 && len > 1)
                memmove(text + at, text + at + 1, len-- - at);
            else
                text[at] = c;
        }
        struct policy *p = NULL;
        struct err err = ERR_INIT;
        struct policy_diags d;
        int rc = policy_parse(text, len, "fuzz.policy", &p, &d, &err);
        if (rc == 0) {
            assert_non_null(p);
            struct policy_request r = agent();
            struct policy_decision dec;
            (void)policy_decide(p, &r, &dec, &err);
            policy_free(p);
        } else {
            assert_null(p);
            assert_true(d.n >= 1);
            assert_non_null(strstr(err.msg, "policy error: fuzz.policy:"));
        }
    }
    free(text);
}

/* 50 rules, 10 000 decisions: correct every time (speed is measured by
 * bench/policy, not asserted here). */
static void fifty_rules_decide_consistently(void **state)
{
    char text[8192];
    size_t o = 0;
    for (int i = 0; i < 48; i++)
        o += (size_t)snprintf(text + o, sizeof text - o,
                              "review param.p%d > %d and cpus > 2\n", i, i);
    snprintf(text + o, sizeof text - o,
             "deny network unless role owner\nauto cpu-hours <= 4 per agent "
             "per day\n");
    struct policy *p = compile(text);
    assert_int_equal(policy_rule_count(p), 50);
    struct fake_usage u = {0};
    struct policy_request r = agent();
    r.usage = fake_usage_fn;
    r.usage_ctx = &u;
    for (int i = 0; i < 10000; i++) {
        r.network = i % 3 == 0;
        assert_int_equal(decide(p, &r), r.network ? POLICY_DENY : POLICY_AUTO);
    }
    policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(network_is_denied_unless_role_owner),
        cmocka_unit_test(more_than_one_gpu_needs_review),
        cmocka_unit_test(more_than_two_hours_needs_review),
        cmocka_unit_test(commands_outside_a_glob_need_review),
        cmocka_unit_test(inside_an_approved_envelope_runs_on_its_own),
        cmocka_unit_test(small_runs_are_auto_approved_per_run),
        cmocka_unit_test(the_rolling_sum_asks_for_the_principals_auto_work),
        cmocka_unit_test(ten_small_runs_cannot_split_past_the_daily_limit),
        cmocka_unit_test(promotion_needs_two_humans_other_than_the_requester),
        cmocka_unit_test(budgets_are_declared_per_scope_and_window),
        cmocka_unit_test(overspending_a_budget_is_denied),
        cmocka_unit_test(a_named_budget_binds_only_its_own_account),
        cmocka_unit_test(reviews_and_approvals_expire),
        cmocka_unit_test(secrets_tokens_unenforced_limits_and_defaults),
        cmocka_unit_test(the_most_restrictive_verdict_wins),
        cmocka_unit_test(a_proposal_no_rule_speaks_about_goes_to_review),
        cmocka_unit_test(unless_takes_alternatives_joined_by_or),
        cmocka_unit_test(roles_include_human_for_owner_or_reviewer),
        cmocka_unit_test(sizes_and_durations_compare_in_their_units),
        cmocka_unit_test(derived_hours_multiply_resources_by_time),
        cmocka_unit_test(globs_match_names_paths_and_tags),
        cmocka_unit_test(globs_agree_with_fnmatch),
        cmocka_unit_test(params_compare_as_numbers_or_text),
        cmocka_unit_test(many_params_resolve_like_few),
        cmocka_unit_test(campaign_novelty_and_repeats_of_failures_are_flags),
        cmocka_unit_test(comments_semicolons_and_continuations),
        cmocka_unit_test(a_syntax_error_names_file_line_and_column),
        cmocka_unit_test(an_unknown_field_is_an_error_with_a_hint),
        cmocka_unit_test(a_bad_unit_is_an_error),
        cmocka_unit_test(a_rolling_sum_names_one_account),
        cmocka_unit_test(every_error_in_a_file_is_reported),
        cmocka_unit_test(grammar_mistakes_get_hints),
        cmocka_unit_test(includes_resolve_relative_to_the_including_file),
        cmocka_unit_test(an_include_cycle_fails_closed),
        cmocka_unit_test(includes_nest_at_most_eight_deep),
        cmocka_unit_test(require_token_is_found_without_parsing),
        cmocka_unit_test(a_missing_file_or_include_fails_closed),
        cmocka_unit_test(deciding_from_a_path_fails_closed),
        cmocka_unit_test(no_policy_means_deny),
        cmocka_unit_test(values_the_rules_cannot_judge_deny),
        cmocka_unit_test(a_usage_callback_that_cannot_answer_denies),
        cmocka_unit_test(the_hash_is_sha256_of_the_bytes),
        cmocka_unit_test(editing_an_included_file_changes_the_hash),
        cmocka_unit_test(a_decision_carries_rule_text_line_and_values),
        cmocka_unit_test(the_first_reason_is_the_one_that_decided),
        cmocka_unit_test(diff_lists_the_decisions_a_new_version_changes),
        cmocka_unit_test(requests_can_be_written_as_json),
        cmocka_unit_test(the_starter_policy_compiles_and_is_conservative),
        cmocka_unit_test(mangled_policies_compile_or_fail_cleanly),
        cmocka_unit_test(fifty_rules_decide_consistently),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
