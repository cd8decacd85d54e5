/*
 * quorum — the two-person rule for proposals a human reviews.
 *
 * The policy may say `review needs 2 approvals from humans other than the
 * proposer`. An approval then counts once per distinct human of the named
 * kind; the proposer's own never counts when the policy says so; the
 * proposal moves to `approved` only with the last approval needed. Each
 * partial approval is recorded (review row and ledger entry) like a full
 * one.
 */
#include "api/handle.h"
#include "api/policy_file.h"
#include "api/quorum.h"
#include "policy/policy.h"
#include "store/reviews.h"

#include <stdio.h>
#include <string.h>

static int approvers_so_far(struct steward *s, int64_t id, int *count,
                            int *mine, char *proposer, size_t n,
                            struct err *err)
{
    int64_t approvers = 0, own = 0;
    int rc = store_reviews_quorum(s->db, id, s->who.name, &approvers, &own,
                                  proposer, n, err);
    if (rc == 0)
        return err_set(err, ERR_NOTFOUND, "reading reviews: no experiment "
                       "%lld", (long long)id);
    *count = (int)approvers;
    *mine = (int)own;
    return rc < 0 ? rc : 0;
}

static int kind_ok(const struct policy_promotion *q, const char *role)
{
    if (q->from == POLICY_APPROVERS_OWNERS)
        return !strcmp(role, "owner");
    return !strcmp(role, "owner") || !strcmp(role, "reviewer");
}

static int load_quorum(struct steward *s, struct policy_promotion *q,
                       struct err *err)
{
    struct policy *pol = NULL;
    if (policy_file_load(s->home, &pol, err))
        return err_set(err, ERR_DENIED, "the policy cannot be read, so no "
                       "approval can count; fix it ('steward policy check')");
    *q = *policy_review_quorum(pol);
    q->gates = NULL;
    policy_free(pol);
    return 0;
}

int quorum_approve(struct steward *s, int64_t id, int *reached,
                   int *have, int *need, struct err *err)
{
    struct policy_promotion q = {0};
    char proposer[128];
    int count = 0, mine = 0;
    int rc = load_quorum(s, &q, err);
    rc = rc ? rc : approvers_so_far(s, id, &count, &mine, proposer,
                                    sizeof proposer, err);
    if (rc)
        return rc;
    if (!kind_ok(&q, s->who.role))
        return err_set(err, ERR_FORBIDDEN, "the policy wants approvals from "
                       "owners; %s is %s", s->who.name, s->who.role);
    if (q.distinct_from_requester && !strcmp(proposer, s->who.name))
        return err_set(err, ERR_FORBIDDEN, "the policy wants approvals from "
                       "humans other than the proposer; %s proposed "
                       "experiment %lld", s->who.name, (long long)id);
    if (mine)
        return err_set(err, ERR_CONFLICT, "%s already approved experiment "
                       "%lld; it needs another human", s->who.name,
                       (long long)id);
    *have = count + 1;
    *need = q.approvals;
    *reached = *have >= *need;
    return 0;
}
