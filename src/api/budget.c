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
#include "store/store.h"

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

/* Names with an account under b: each proposer, role or campaign seen. */
static int names_for(struct steward *s, const struct policy_budget *b,
                     json_t *out, struct err *err)
{
    static const char *const sql[] = {
        [POLICY_SCOPE_PRINCIPAL] = "SELECT DISTINCT proposer FROM experiments",
        [POLICY_SCOPE_ROLE] = "SELECT DISTINCT proposer_role FROM experiments",
        [POLICY_SCOPE_CAMPAIGN] = "SELECT DISTINCT campaign FROM experiments "
                                  "WHERE campaign IS NOT NULL",
    };
    sqlite3_stmt *st;
    if (b->scope >= sizeof sql / sizeof sql[0] || !sql[b->scope])
        return 0;
    int rc = store_prepare(s->db, sql[b->scope], &st, err);
    if (rc)
        return rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(out, account(s, b, store_col_text(st, 0)));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_fail(s->db, rc, "reading", err);
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
