/*
 * decide — requesting, approving and rejecting a promotion.
 *
 * Requesting is open to agents; approving and rejecting are privileged
 * acts (api/privileged.h): an agent's attempt is refused and recorded.
 * An approval is bound to the card's fingerprint at that moment. The
 * final approval (every gate met, approvals included) deploys: the hook
 * runs outside any transaction (it may take minutes), then the pointer
 * moves in a transaction that first checks the fingerprint again, so
 * nothing that changed while the hook ran is deployed on stale approvals.
 * A human whose approval stands may approve again to retry a failed hook.
 */
#include "promote/promote_int.h"
#include "api/policy_file.h"
#include "api/principal.h"
#include "api/privileged.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "store/promotions.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static int promo_ledger(struct steward *s, const char *action, int64_t id,
                        json_t *payload, struct err *err)
{
    char object[48];
    snprintf(object, sizeof object, "promotion:%lld", (long long)id);
    int rc = ledger_append(s->db, s->who.name, action, object, payload, err);
    json_decref(payload);
    return rc;
}

/* ---- request ------------------------------------------------------ */

static int check_requestable(struct steward *s, const struct candidate *c,
                             struct err *err)
{
    json_t *e = NULL;
    int64_t cur = 0, prev = 0;
    int rc = steward_load(s, c->exp, &e, err);
    const char *st = rc ? "" : json_string_value(json_object_get(e, "state"));
    if (!rc && (!st || strcmp(st, "succeeded")))
        rc = err_set(err, ERR_USER, "candidate %lld comes from experiment "
                     "%lld, which is %s: only a succeeded run's artifact can "
                     "be promoted", (long long)c->id, (long long)c->exp,
                     st ? st : "unknown");
    json_decref(e);
    rc = rc ? rc : pointer_get(s, c->name, &cur, &prev, err);
    if (!rc && cur == c->id)
        rc = err_set(err, ERR_CONFLICT, "candidate %lld is already %s's "
                     "production candidate", (long long)c->id, c->name);
    return rc ? rc : cand_verify(s, c, err);
}

static int insert_request(struct steward *s, const struct candidate *c,
                          const char *reason, int64_t *id, struct err *err)
{
    int rc = store_promotions_insert(s->db, c->id, PROMOTE_TARGET,
                                     s->who.name, reason ? reason : "",
                                     clock_wall_ms(), id, err);
    return rc ? rc : promo_ledger(s, "promote.request", *id, json_pack(
        "{s:I,s:s,s:s,s:s,s:s}", "candidate", (json_int_t)c->id, "name",
        c->name, "sha256", c->sha, "target", PROMOTE_TARGET, "reason",
        reason ? reason : ""), err);
}

int steward_promote_request(struct steward *s, int64_t candidate,
                            const char *target, const char *reason,
                            int64_t *id, struct err *err)
{
    struct candidate c;
    int64_t open = 0;
    if (!principal_may(s->who.role, "promote.request"))
        return steward_forbid(s, "promote.request", "promotion", err);
    if (!target || strcmp(target, PROMOTE_TARGET))
        return err_set(err, ERR_USER, "promotion targets: production (give "
                       "--to production)");
    int rc = cand_load(s, candidate, &c, err);
    rc = rc ? rc : check_requestable(s, &c, err);
    rc = rc ? rc : store_begin(s->db, err);
    if (rc)
        return rc;
    rc = store_promotions_waiting_for(s->db, c.id, &open, err);
    if (rc == 1)
        rc = err_set(err, ERR_CONFLICT, "promotion %lld of candidate %lld is "
                     "already waiting; see 'steward promote status %lld'",
                     (long long)open, (long long)c.id, (long long)open);
    rc = rc < 0 ? rc : insert_request(s, &c, reason, id, err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    return rc;
}

static int mark(struct steward *s, int64_t id, const char *state,
                const char *outcome, struct err *err)
{
    return store_promotions_decide(s->db, id, state, s->who.name,
                                   clock_wall_ms(), outcome ? outcome : "",
                                   err);
}

/* ---- approve ------------------------------------------------------ */

struct approve {
    int64_t id;
    const char *reason;
    char fp[65];
    json_t *card;
};

static int may_approve(struct steward *s, const struct promotion *p,
                       struct err *err)
{
    struct policy *pol = NULL;
    if (policy_file_load(s->home, &pol, err))
        return ERR_DENIED;
    const struct policy_promotion *q = policy_promotion(pol);
    int owners = q->from == POLICY_APPROVERS_OWNERS;
    int distinct = q->distinct_from_requester;
    policy_free(pol);
    if (owners && strcmp(s->who.role, "owner"))
        return err_set(err, ERR_FORBIDDEN, "the policy wants promotion "
                       "approvals from owners; %s is %s", s->who.name,
                       s->who.role);
    if (distinct && !strcmp(p->requester, s->who.name))
        return err_set(err, ERR_FORBIDDEN, "the policy wants approvals from "
                       "humans other than the requester; %s requested "
                       "promotion %lld", s->who.name, (long long)p->id);
    return 0;
}

static int record_approval(struct steward *s, const struct approve *a,
                           struct err *err)
{
    int rc = store_approvals_put(s->db, a->id, s->who.name, a->fp,
                                 a->reason ? a->reason : "", clock_wall_ms(),
                                 err);
    return rc ? rc : promo_ledger(s, "promote.approve", a->id, json_pack(
        "{s:s,s:s}", "fingerprint", a->fp, "reason",
        a->reason ? a->reason : ""), err);
}

static int approve_txn(struct steward *s, void *arg, struct err *err)
{
    struct approve *a = arg;
    struct promotion p;
    json_t *before = NULL;
    int rc = promo_load(s, a->id, &p, err);
    if (!rc && strcmp(p.state, "waiting"))
        rc = err_set(err, ERR_CONFLICT, "promotion %lld is %s, not waiting",
                     (long long)a->id, p.state);
    rc = rc ? rc : may_approve(s, &p, err);
    rc = rc ? rc : promo_card(s, &p, &before, a->fp, err);
    json_decref(before);
    rc = rc ? rc : record_approval(s, a, err);
    return rc ? rc : promo_card(s, &p, &a->card, a->fp, err);
}

/* In the move's transaction: the promotion is still waiting and its card
 * still has the fingerprint approved. */
static int recheck(struct steward *s, void *arg, struct err *err)
{
    struct approve *a = arg;
    struct promotion p;
    json_t *card = NULL;
    char fp[65];
    int rc = promo_load(s, a->id, &p, err);
    rc = rc ? rc : promo_card(s, &p, &card, fp, err);
    if (!rc && (strcmp(p.state, "waiting") || strcmp(fp, a->fp)))
        rc = err_set(err, ERR_CONFLICT, "promotion %lld changed while its "
                     "deploy hook ran (state %s, evidence or policy); the "
                     "pointer did not move: see 'steward promote status "
                     "%lld'", (long long)a->id, p.state, (long long)a->id);
    json_decref(card);
    return rc ? rc : mark(s, a->id, "deployed", "deployed", err);
}

static int deploy(struct steward *s, struct approve *a, struct err *err)
{
    struct candidate c;
    int64_t cur = 0, prev = 0;
    int64_t cand = json_integer_value(json_object_get(json_object_get(
        a->card, "candidate"), "id"));
    int rc = cand_load(s, cand, &c, err);
    rc = rc ? rc : pointer_get(s, c.name, &cur, &prev, err);
    struct move m = {&c, a->id, cur, "promote.deploy", a->fp, a->reason,
                     a->card, NULL};
    rc = rc ? rc : pointer_deploy(s, &m, recheck, a, err);
    if (!rc)
        json_object_set_new(a->card, "state", json_string("deployed"));
    if (m.hook)
        json_object_set_new(a->card, "hook", m.hook);
    return rc;
}

int steward_promote_approve(struct steward *s, int64_t id, const char *reason,
                            json_t **out, struct err *err)
{
    struct approve a = {.id = id, .reason = reason};
    char object[48];
    snprintf(object, sizeof object, "promotion:%lld", (long long)id);
    int rc = privileged(s, "promote.approve", object, approve_txn, &a, err);
    int ready = !rc && json_is_true(json_object_get(a.card, "ready"));
    rc = rc || !ready ? rc : deploy(s, &a, err);
    if (!rc) {
        json_object_set_new(a.card, "deployed", json_boolean(ready));
        *out = a.card;
    } else {
        json_decref(a.card);
    }
    return rc;
}

/* ---- reject, read ------------------------------------------------- */

struct reject {
    int64_t id;
    const char *reason;
};

static int reject_txn(struct steward *s, void *arg, struct err *err)
{
    struct reject *r = arg;
    struct promotion p;
    int rc = promo_load(s, r->id, &p, err);
    if (!rc && strcmp(p.state, "waiting"))
        rc = err_set(err, ERR_CONFLICT, "promotion %lld is %s, not waiting",
                     (long long)r->id, p.state);
    rc = rc ? rc : mark(s, r->id, "rejected", r->reason, err);
    return rc ? rc : promo_ledger(s, "promote.reject", r->id, json_pack(
        "{s:s}", "reason", r->reason), err);
}

int steward_promote_reject(struct steward *s, int64_t id, const char *reason,
                           struct err *err)
{
    struct reject r = {id, reason};
    char object[48];
    snprintf(object, sizeof object, "promotion:%lld", (long long)id);
    return privileged(s, "promote.reject", object, reject_txn, &r, err);
}

int steward_promote_status(struct steward *s, int64_t id, json_t **out,
                           struct err *err)
{
    struct promotion p;
    char fp[65];
    if (!principal_may(s->who.role, "read"))
        return steward_forbid(s, "read", "promotion", err);
    int rc = promo_load(s, id, &p, err);
    return rc ? rc : promo_card(s, &p, out, fp, err);
}

int steward_promote_waiting(struct steward *s, json_t **out, struct err *err)
{
    json_t *ids = NULL, *id;
    size_t i;
    int rc = principal_may(s->who.role, "read")
             ? store_promotions_waiting(s->db, &ids, err)
             : steward_forbid(s, "read", "promotion", err);
    if (rc)
        return rc;
    *out = json_array();
    json_array_foreach(ids, i, id) {
        json_t *card = NULL;
        rc = steward_promote_status(s, json_integer_value(id), &card, err);
        if (rc)
            break;
        json_array_append_new(*out, card);
    }
    json_decref(ids);
    return rc;
}
