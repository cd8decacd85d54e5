/* promotions — the promotions and their approvals; see promotions.h. */
#include "store/promotions.h"
#include "store/store.h"

#include <stdio.h>

int store_promotions_get(sqlite3 *db, int64_t id, struct store_promotion *p,
                         struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id, candidate_id, state, "
        "requester, target FROM promotions WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = store_step(st, "reading promotions", err);
    if (rc == 1) {
        p->id = sqlite3_column_int64(st, 0);
        p->candidate = sqlite3_column_int64(st, 1);
        snprintf(p->state, sizeof p->state, "%s", store_col_text(st, 2));
        snprintf(p->requester, sizeof p->requester, "%s",
                 store_col_text(st, 3));
        snprintf(p->target, sizeof p->target, "%s", store_col_text(st, 4));
    }
    sqlite3_finalize(st);
    return rc;
}

int store_promotions_insert(sqlite3 *db, int64_t candidate,
                            const char *target, const char *requester,
                            const char *reason, int64_t created_ms,
                            int64_t *id, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO promotions(candidate_id, "
        "target, state, requester, reason, created_ms) VALUES (?, ?, "
        "'waiting', ?, ?, ?)", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, candidate);
    store_bind_text(st, 2, target);
    store_bind_text(st, 3, requester);
    store_bind_text(st, 4, reason);
    sqlite3_bind_int64(st, 5, created_ms);
    return store_exec_insert(st, id, err);
}

int store_promotions_waiting_for(sqlite3 *db, int64_t candidate,
                                 int64_t *id, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id FROM promotions WHERE "
        "candidate_id = ? AND state = 'waiting'", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, candidate);
    return store_one_int64(st, id, "reading promotions", err);
}

int store_promotions_last_of_campaign(sqlite3 *db, const char *campaign,
                                      int64_t *id, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT p.id FROM promotions p JOIN "
        "candidates c ON c.id = p.candidate_id JOIN experiments e ON e.id = "
        "c.experiment_id WHERE e.campaign = ? ORDER BY p.id DESC LIMIT 1",
        &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, campaign);
    return store_one_int64(st, id, "reading promotions", err);
}

int store_promotions_waiting(sqlite3 *db, json_t **ids, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id FROM promotions WHERE state = "
                           "'waiting' ORDER BY id", &st, err);
    return rc ? rc : store_json_rows(st, store_row_id, "reading promotions",
                                     ids, err);
}

int store_promotions_decide(sqlite3 *db, int64_t id, const char *state,
                            const char *by, int64_t now_ms,
                            const char *outcome, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE promotions SET state = ?, "
        "decided_by = ?, decided_ms = ?, outcome = ? WHERE id = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, state);
    store_bind_text(st, 2, by);
    sqlite3_bind_int64(st, 3, now_ms);
    store_bind_text(st, 4, outcome);
    sqlite3_bind_int64(st, 5, id);
    return store_exec_stmt(st, err);
}

int store_approvals_put(sqlite3 *db, int64_t promotion,
                        const char *principal, const char *fingerprint,
                        const char *reason, int64_t now_ms, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO promotion_approvals("
        "promotion_id, principal, fingerprint, reason, created_ms) VALUES "
        "(?1, ?2, ?3, ?4, ?5) ON CONFLICT (promotion_id, principal) DO "
        "UPDATE SET fingerprint = ?3, reason = ?4, created_ms = ?5", &st,
        err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, promotion);
    store_bind_text(st, 2, principal);
    store_bind_text(st, 3, fingerprint);
    store_bind_text(st, 4, reason);
    sqlite3_bind_int64(st, 5, now_ms);
    return store_exec_stmt(st, err);
}

int store_approvals_each(sqlite3 *db, int64_t promotion,
                         store_approval_fn fn, void *ctx, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT principal, fingerprint, reason, "
        "created_ms FROM promotion_approvals WHERE promotion_id = ? ORDER BY "
        "created_ms", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, promotion);
    while (sqlite3_step(st) == SQLITE_ROW)
        fn(store_col_text(st, 0), store_col_text(st, 1),
           store_col_text(st, 2), sqlite3_column_int64(st, 3), ctx);
    sqlite3_finalize(st);
    return 0;
}
