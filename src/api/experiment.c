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
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "INSERT INTO experiments(name, state, "
        "proposer, proposer_role, campaign, argv, workdir, params, cpus, "
        "mem_bytes, gpus, time_s, disk_bytes, network, tags, rationale, "
        "content_hash, created_ms, updated_ms, snapshot) VALUES "
        "(?,'proposed',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st, err);
    if (rc)
        return rc;
    json_t *argv = proposal_argv_json(p);
    char *argv_s = json_dumps(argv, JSON_COMPACT);
    char *params_s = json_dumps(p->params, JSON_COMPACT | JSON_SORT_KEYS);
    char *tags_s = json_dumps(p->tags, JSON_COMPACT);
    int64_t now = clock_wall_ms();
    store_bind_text(st, 1, p->name);
    store_bind_text(st, 2, s->who.name);
    store_bind_text(st, 3, s->who.role);
    store_bind_text(st, 4, p->campaign);
    store_bind_text(st, 5, argv_s);
    store_bind_text(st, 6, p->workdir);
    store_bind_text(st, 7, params_s);
    sqlite3_bind_double(st, 8, p->cpus);
    sqlite3_bind_int64(st, 9, p->mem_bytes);
    sqlite3_bind_int64(st, 10, p->gpus);
    sqlite3_bind_int64(st, 11, p->time_s);
    sqlite3_bind_int64(st, 12, p->disk_bytes);
    sqlite3_bind_int(st, 13, p->network);
    store_bind_text(st, 14, tags_s);
    store_bind_text(st, 15, p->rationale ? p->rationale : "");
    store_bind_text(st, 16, hash);
    sqlite3_bind_int64(st, 17, now);
    sqlite3_bind_int64(st, 18, now);
    store_bind_text(st, 19, p->snapshot);
    rc = argv_s && params_s && tags_s ? store_exec_stmt(st, err)
         : (sqlite3_finalize(st), err_set(err, ERR_INTERNAL, "out of memory"));
    free(argv_s);
    free(params_s);
    free(tags_s);
    json_decref(argv);
    *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int store_decision(struct steward *s, int64_t id, const json_t *d,
                          struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "UPDATE experiments SET decision = ?, "
                           "policy_hash = ? WHERE id = ?", &st, err);
    if (rc)
        return rc;
    char *text = json_dumps(d, JSON_COMPACT);
    store_bind_text(st, 1, text);
    store_bind_text(st, 2, json_string_value(json_object_get(d,
                                                             "policy_hash")));
    sqlite3_bind_int64(st, 3, id);
    free(text);
    return store_exec_stmt(st, err);
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
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT 1 FROM snapshots WHERE hash = ?",
                           &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, p->snapshot);
    rc = sqlite3_step(st) == SQLITE_ROW ? 0
         : err_set(err, ERR_USER, "no snapshot %s on record", p->snapshot);
    sqlite3_finalize(st);
    return rc;
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
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "INSERT INTO reviews(experiment_id, "
                           "principal, verdict, reason, content_hash, time_ms)"
                           " SELECT id, ?, ?, ?, content_hash, ? FROM "
                           "experiments WHERE id = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, s->who.name);
    store_bind_text(st, 2, verdict);
    store_bind_text(st, 3, reason ? reason : "");
    sqlite3_bind_int64(st, 4, clock_wall_ms());
    sqlite3_bind_int64(st, 5, id);
    return store_exec_stmt(st, err);
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
