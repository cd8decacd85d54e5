/*
 * redecide — a new policy decides waiting and approved work again.
 *
 * When an owner applies a policy, every experiment waiting for review or
 * approved but not started is decided again by the new policy, as its
 * proposer, inside the apply's transaction. Approvals stand unless the
 * verdict or the review quorum changed:
 *
 *   new verdict deny                      → denied (a new red line holds
 *                                           for work already approved)
 *   approved by the old policy on its own,
 *   new verdict review                    → back to review
 *   approved or partly approved by humans,
 *   the quorum changed (number, who, self) → approvals void, back to review
 *   waiting, new verdict auto             → approved (reserving budget as
 *                                           every auto-approval does)
 *
 * Every change is a ledger entry (experiment.redecide) that the audit
 * replays; the stored decision becomes the new one.
 */
#include "api/handle.h"
#include "api/decide.h"
#include "api/redecide.h"
#include "api/state.h"
#include "ledger/ledger.h"
#include "policy/policy.h"
#include "store/experiment_lists.h"
#include "store/experiments.h"
#include "store/reviews.h"

#include <stdio.h>
#include <string.h>

struct change {
    const char *to;      /* NULL: the state stays */
    int void_approvals;
    const char *why;
};

static int same_quorum(const struct policy *a, const struct policy *b)
{
    const struct policy_promotion *x = policy_review_quorum(a);
    const struct policy_promotion *y = policy_review_quorum(b);
    return x && y && x->approvals == y->approvals && x->from == y->from &&
           x->distinct_from_requester == y->distinct_from_requester;
}

static int human_approvals(struct steward *s, int64_t id)
{
    struct err ignored = ERR_INIT;
    int64_t n = 0;
    return store_reviews_count_approved(s->db, id, &n, &ignored) ? 0
           : (int)n;
}

/* What the new verdict means for an experiment in state, decided before
 * with old_verdict, holding `approvals` human approvals. */
static struct change judge(const char *state, const char *old_verdict,
                           const char *verdict, int approvals,
                           int quorum_same)
{
    int approved = !strcmp(state, "approved");
    if (!strcmp(verdict, "deny"))
        return (struct change){"denied", approvals > 0,
                               "the new policy denies it"};
    if (approved && !strcmp(verdict, "review") &&
        !strcmp(old_verdict, "auto"))
        return (struct change){"pending_review", 0, "the new policy sends "
                               "it to review: its auto-approval is void"};
    if (approvals > 0 && !quorum_same && strcmp(verdict, "auto"))
        return (struct change){approved ? "pending_review" : NULL, 1,
                               "the review quorum changed: its approvals "
                               "are void"};
    if (!approved && !strcmp(verdict, "auto"))
        return (struct change){"approved", 0, "the new policy approves it"};
    return (struct change){NULL, 0, NULL};
}

static int store_new_decision(struct steward *s, int64_t id,
                              const json_t *d, struct err *err)
{
    char *text = json_dumps(d, JSON_COMPACT);
    int rc = store_experiments_set_decision(s->db, id, text,
        json_string_value(json_object_get(d, "policy_hash")), err);
    free(text);
    return rc;
}

static int apply_change(struct steward *s, int64_t id, const char *state,
                        const json_t *d, const struct change *c,
                        json_t *changes, struct err *err)
{
    char object[48];
    snprintf(object, sizeof object, "experiment:%lld", (long long)id);
    const char *to = c->to ? c->to : state;
    int rc = c->to ? state_move(s->db, id, state, c->to, err) : 0;
    rc = rc || !c->void_approvals ? rc
         : store_reviews_void_approvals(s->db, id, err);
    json_t *entry = json_pack("{s:I,s:s,s:s,s:b,s:s,s:O}", "id",
                              (json_int_t)id, "from", state, "state", to,
                              "approvals_void", c->void_approvals, "why",
                              c->why, "decision", d);
    rc = rc ? rc : ledger_append(s->db, s->who.name, "experiment.redecide",
                                 object, entry, err);
    if (!rc)
        json_array_append(changes, entry);
    json_decref(entry);
    return rc;
}

/* Decides experiment id again as its proposer; records what changed. */
static int redecide_one(struct steward *s, int64_t id, const char *state,
                        const struct policy *pol, int quorum_same,
                        json_t *changes, struct err *err)
{
    json_t *exp = NULL, *d = NULL;
    int rc = steward_load(s, id, &exp, err);
    if (rc)
        return rc;
    rc = decide_as_proposer(s, exp, id, pol, &d, err);
    const char *old = json_string_value(json_object_get(
        json_object_get(exp, "decision"), "verdict"));
    const char *verdict = json_string_value(json_object_get(d, "verdict"));
    struct change c = judge(state, old ? old : "", verdict ? verdict : "deny",
                            human_approvals(s, id), quorum_same);
    rc = rc ? rc : store_new_decision(s, id, d, err);
    if (!rc && (c.to || c.void_approvals))
        rc = apply_change(s, id, state, d, &c, changes, err);
    json_decref(d);
    json_decref(exp);
    return rc;
}

static int add_undecided(int64_t id, const char *state, const char *hash,
                         void *ctx)
{
    if (!strcmp(state, "pending_review") || !strcmp(state, "approved"))
        json_array_append_new(ctx, json_pack("[I,s]", (json_int_t)id,
                                             state));
    return 0;
}

int redecide_all(struct steward *s, const struct policy *pol,
                 const struct policy *old, json_t *changes, struct err *err)
{
    json_t *todo = json_array(), *row;
    int rc = store_experiments_each(s->db, add_undecided, todo, err);
    int quorum_same = old && same_quorum(pol, old);
    size_t i;
    json_array_foreach(todo, i, row) {
        if (rc)
            break;
        rc = redecide_one(s, json_integer_value(json_array_get(row, 0)),
                          json_string_value(json_array_get(row, 1)), pol,
                          quorum_same, changes, err);
    }
    json_decref(todo);
    return rc;
}
