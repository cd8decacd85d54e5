/*
 * experiment — proposing, reviewing and cancelling experiments.
 *
 * Each function is one transaction: the row change, its state move and its
 * ledger entry commit together. Refused attempts by a principal whose role
 * may not act are themselves recorded in the ledger (in their own
 * transaction), so the record shows who tried what.
 */
#include "api/handle.h"
#include "api/api.h"
#include "api/decide.h"
#include "api/principal.h"
#include "api/proposal.h"
#include "api/quorum.h"
#include "api/recheck.h"
#include "api/state.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "store/experiments.h"
#include "store/reviews.h"
#include "store/snapshots.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void object_name(char *out, size_t n, int64_t id)
{
    snprintf(out, n, "experiment:%lld", (long long)id);
}

int steward_forbid(struct steward *s, const char *action, const char *object,
                   struct err *err)
{
    struct err ignored = ERR_INIT;
    if (!store_begin(s->db, &ignored)) {
        json_t *p = json_pack("{s:s,s:s}", "action", action, "role",
                              s->who.role);
        if (ledger_append(s->db, s->who.name, "refused", object, p, &ignored)
            || store_commit(s->db, &ignored))
            store_rollback(s->db);
        json_decref(p);
    }
    return err_set(err, ERR_FORBIDDEN, "%s is not allowed for role %s "
                   "(principal %s); the attempt is recorded in the ledger",
                   action, *s->who.role ? s->who.role : "none", s->who.name);
}

static int insert_experiment(struct steward *s, const struct proposal *p,
                             const char *hash, int64_t *id, struct err *err)
{
    json_t *argv = proposal_argv_json(p);
    char *argv_s = json_dumps(argv, JSON_COMPACT);
    char *params_s = json_dumps(p->params, JSON_COMPACT | JSON_SORT_KEYS);
    char *tags_s = json_dumps(p->tags, JSON_COMPACT);
    struct store_experiment_new e = {
        p->name, s->who.name, s->who.role, p->campaign, argv_s, p->workdir,
        params_s, tags_s, p->rationale ? p->rationale : "", hash,
        p->snapshot, p->cpus, p->mem_bytes, p->gpus, p->time_s,
        p->disk_bytes, p->network, clock_wall_ms()};
    int rc = argv_s && params_s && tags_s
             ? store_experiments_insert(s->db, &e, id, err)
             : err_set(err, ERR_INTERNAL, "out of memory");
    free(argv_s);
    free(params_s);
    free(tags_s);
    json_decref(argv);
    return rc;
}

static int store_decision(struct steward *s, int64_t id, const json_t *d,
                          struct err *err)
{
    char *text = json_dumps(d, JSON_COMPACT);
    int rc = store_experiments_set_decision(s->db, id, text,
        json_string_value(json_object_get(d, "policy_hash")), err);
    free(text);
    return rc;
}

static const char *state_for(const char *verdict)
{
    if (!strcmp(verdict, "auto"))
        return "approved";
    if (!strcmp(verdict, "deny"))
        return "denied";
    return "pending_review";
}

/* Inside the transaction: insert, decide, move, record. */
static int propose_txn(struct steward *s, const struct proposal *p,
                       json_t *content, int64_t *id, json_t **decision,
                       struct err *err)
{
    char hash[65], object[48];
    if (proposal_hash(content, hash))
        return err_set(err, ERR_INTERNAL, "cannot hash the proposal");
    int rc = insert_experiment(s, p, hash, id, err);
    rc = rc ? rc : decide_proposal(s, p, *id, decision, err);
    if (rc)
        return rc;
    const char *verdict = json_string_value(json_object_get(*decision,
                                                            "verdict"));
    char warning[1024];
    if (proposal_command_warning(p, warning, sizeof warning))
        json_object_set_new(*decision, "warnings", json_pack("[s]", warning));
    rc = store_decision(s, *id, *decision, err);
    rc = rc ? rc : state_move(s->db, *id, "proposed", state_for(verdict), err);
    object_name(object, sizeof object, *id);
    json_t *payload = json_pack("{s:O,s:s,s:O}", "content", content,
                                "content_hash", hash, "decision", *decision);
    rc = rc ? rc : ledger_append(s->db, s->who.name, "experiment.propose",
                                 object, payload, err);
    json_decref(payload);
    return rc;
}

int steward_propose(struct steward *s, const struct proposal *p, int64_t *id,
                    json_t **decision, struct err *err)
{
    return steward_propose_hooked(s, p, NULL, NULL, id, decision, err);
}

/* A proposal names a recorded snapshot, or (direct mode) one is taken now
 * from its working directory with the proposer's own permissions. */
static int bind_snapshot(struct steward *s, struct proposal *p, char hash[65],
                         struct err *err)
{
    if (!p->snapshot) {
        int rc = steward_snapshot(s, p->workdir, p->disk_bytes, hash, err);
        p->snapshot = hash;
        return rc;
    }
    int rc = store_snapshots_exists(s->db, p->snapshot, err);
    if (rc == 0)
        return err_set(err, ERR_USER, "no snapshot %s on record",
                       p->snapshot);
    return rc < 0 ? rc : 0;
}

int steward_propose_hooked(struct steward *s, const struct proposal *given,
                           propose_hook hook, void *ctx, int64_t *id,
                           json_t **decision, struct err *err)
{
    struct proposal bound = *given, *p = &bound;
    char snap[65];
    *decision = NULL;
    if (!principal_may(s->who.role, "propose"))
        return steward_forbid(s, "propose", "experiment", err);
    proposal_fill_defaults(s->home, &bound);
    int rc = proposal_check(p, err);
    rc = rc ? rc : bind_snapshot(s, p, snap, err);
    if (rc)
        return rc;
    json_t *content = proposal_content(p);
    if (!content)
        return err_set(err, ERR_INTERNAL, "out of memory");
    rc = store_begin(s->db, err);
    rc = rc ? rc : propose_txn(s, p, content, id, decision, err);
    rc = rc ? rc : hook ? hook(s, *id, *decision, ctx, err) : 0;
    rc = rc ? rc : store_commit(s->db, err);
    json_decref(content);
    if (rc) {
        store_rollback(s->db);
        json_decref(*decision);
        *decision = NULL;
        return rc;
    }
    if (!strcmp(json_string_value(json_object_get(*decision, "verdict")),
                "deny"))
        return err_set(err, ERR_DENIED, "experiment %lld denied by policy: %s",
                       (long long)*id, decide_summary(*decision));
    return 0;
}

static int insert_review(struct steward *s, int64_t id, const char *verdict,
                         const char *reason, struct err *err)
{
    return store_reviews_insert(s->db, id, s->who.name, verdict,
                                reason ? reason : "", clock_wall_ms(), err);
}

/* An approval that is not yet the last one the policy needs. */
static int partial_approval(struct steward *s, int64_t id, const char *reason,
                            int have, int need, struct err *err)
{
    char object[48];
    int rc = insert_review(s, id, "approved", reason, err);
    object_name(object, sizeof object, id);
    json_t *payload = json_pack("{s:s,s:i,s:i}", "reason", reason ? reason
                                : "", "approvals", have, "needed", need);
    rc = rc ? rc : ledger_append(s->db, s->who.name, "experiment.approve",
                                 object, payload, err);
    json_decref(payload);
    return rc;
}

static int review_txn(struct steward *s, int64_t id, int approve,
                      const char *reason, struct err *err)
{
    char state[32], object[48];
    const char *to = approve ? "approved" : "rejected";
    int reached = 1, have = 1, need = 1;
    int rc = state_get(s->db, id, state, sizeof state, err);
    if (!rc && strcmp(state, "pending_review"))
        return err_set(err, ERR_CONFLICT, "experiment %lld is %s, not waiting "
                       "for review", (long long)id, state);
    rc = rc || !approve ? rc : quorum_approve(s, id, &reached, &have, &need,
                                              err);
    if (!rc && !reached)
        return partial_approval(s, id, reason, have, need, err);
    rc = rc || !approve ? rc : recheck_approval(s, id, err);
    rc = rc ? rc : state_move(s->db, id, "pending_review", to, err);
    rc = rc ? rc : insert_review(s, id, to, reason, err);
    object_name(object, sizeof object, id);
    json_t *payload = json_pack("{s:s,s:i,s:i}", "reason", reason ? reason
                                : "", "approvals", have, "needed", need);
    rc = rc ? rc : ledger_append(s->db, s->who.name, approve
                                 ? "experiment.approve" : "experiment.reject",
                                 object, payload, err);
    json_decref(payload);
    return rc;
}

int steward_review(struct steward *s, int64_t id, int approve,
                   const char *reason, struct err *err)
{
    const char *action = approve ? "approve" : "reject";
    char object[48];
    object_name(object, sizeof object, id);
    if (!principal_may(s->who.role, action))
        return steward_forbid(s, action, object, err);
    int rc = store_begin(s->db, err);
    rc = rc ? rc : review_txn(s, id, approve, reason, err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    return rc;
}
