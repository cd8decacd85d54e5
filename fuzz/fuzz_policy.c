/*
 * fuzz_policy — the policy language: parse any text; when it compiles,
 * decide a fixed request under it and render the decision, so the
 * evaluator and explainer see every rule shape the parser accepts.
 * Includes resolve under a directory that does not exist, so the fuzzer
 * never reads the machine's files.
 */
#include "fuzz_common.h"

#include <jansson.h>

#include "policy/policy.h"

static double usage(void *ctx, enum policy_metric metric,
                    enum policy_scope scope, const char *scope_name,
                    enum policy_window window, enum policy_usage_kind kind)
{
    return 1.5;
}

static void decide(const struct policy *p)
{
    static const char *const tags[] = {"nightly", "gpu"};
    struct policy_request req;
    policy_request_init(&req);
    req.principal = "alice";
    req.role = "agent";
    req.command = "python3 train.py --lr 0.1";
    req.workdir = "/work/project";
    req.campaign = "sweep";
    req.cpus = 2;
    req.gpus = 1;
    req.tags = tags;
    req.ntags = 2;
    req.usage = usage;
    json_t *params = json_pack("{s:f,s:s}", "lr", 0.1, "opt", "adam");
    req.params = params;
    policy_request_apply_defaults(p, &req);
    struct policy_decision d;
    struct err err = {0};
    (void)policy_decide(p, &req, &d, &err);
    json_t *j = policy_decision_json(p, &req, &d);
    char *text = NULL;
    if (j && policy_explain(j, &text, &err) == 0)
        free(text);
    json_decref(j);
    json_decref(params);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct policy *p = NULL;
    struct policy_diags diags;
    struct err err = {0};
    if (policy_parse((const char *)data, size,
                     "/nonexistent-steward-fuzz/policy", &p, &diags,
                     &err) == 0 && p) {
        decide(p);
        policy_free(p);
    }
    return 0;
}
