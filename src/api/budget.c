/*
 * budget — the accounts the policy declares, and where each stands:
 * limit, reserved (approved work not yet settled, and lost runs), spent
 * (settled runs: what they really used), remaining. A budget written
 * "per agent" or "per campaign" is one account per name seen so far.
 */
#include "api/handle.h"
#include "api/policy_file.h"
#include "api/api.h"
#include "api/usage.h"
#include "policy/policy.h"
#include "store/experiment_lists.h"

#include <stdio.h>

static const char *const metric_names[] = {"cpu-hours", "gpu-hours",
                                           "mem-gb-hours", "runs"};
static const char *const window_names[] = {"", "day", "week", "total"};
static const char *const scope_names[] = {"run", "principal", "role",
                                          "campaign", "global"};

static json_t *account(struct steward *s, const struct policy_budget *b,
                       const char *name)
{
    struct usage_ctx u = {s->db, 0};
    double used = usage_query(&u, b->metric, b->scope, name, b->window,
                              POLICY_USAGE_APPROVED, 0);
    double reserved = usage_query(&u, b->metric, b->scope, name, b->window,
                                  POLICY_USAGE_APPROVED, 1);
    return json_pack("{s:s,s:s?,s:s,s:s,s:f,s:f,s:f,s:f,s:i}",
        "scope", scope_names[b->scope], "name", name,
        "metric", metric_names[b->metric], "window", window_names[b->window],
        "limit", b->limit, "reserved", reserved, "spent", used - reserved,
        "remaining", b->limit - used, "line", b->line);
}

struct accounts {
    struct steward *s;
    const struct policy_budget *b;
    json_t *out;
};

static void add_account(const char *name, void *ctx)
{
    struct accounts *a = ctx;
    json_array_append_new(a->out, account(a->s, a->b, name));
}

/* Names with an account under b: each proposer, role or campaign seen. */
static int names_for(struct steward *s, const struct policy_budget *b,
                     json_t *out, struct err *err)
{
    struct accounts a = {s, b, out};
    switch (b->scope) {
    case POLICY_SCOPE_PRINCIPAL:
        return store_experiments_accounts(s->db, STORE_ACCOUNT_PROPOSER,
                                          add_account, &a, err);
    case POLICY_SCOPE_ROLE:
        return store_experiments_accounts(s->db, STORE_ACCOUNT_ROLE,
                                          add_account, &a, err);
    case POLICY_SCOPE_CAMPAIGN:
        return store_experiments_accounts(s->db, STORE_ACCOUNT_CAMPAIGN,
                                          add_account, &a, err);
    default:
        return 0;
    }
}

int steward_budgets(struct steward *s, json_t **out, struct err *err)
{
    struct policy *pol = NULL;
    int rc = policy_file_load(s->home, &pol, err);
    if (rc)
        return rc;
    json_t *list = json_array();
    for (size_t i = 0; !rc && i < policy_budget_count(pol); i++) {
        const struct policy_budget *b = policy_budget_at(pol, i);
        if (b->name || b->scope == POLICY_SCOPE_GLOBAL)
            json_array_append_new(list, account(s, b, b->name));
        else
            rc = names_for(s, b, list, err);
    }
    policy_free(pol);
    if (rc)
        json_decref(list);
    else
        *out = list;
    return rc;
}
