/* experiment_lists — selections over experiments; see the header. */
#include "store/experiment_lists.h"

int store_experiments_each(sqlite3 *db, store_experiment_fn fn, void *ctx,
                           struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id, state, content_hash FROM "
                           "experiments ORDER BY id", &st, err), stop = 0;
    if (rc)
        return rc;
    while (!stop && (rc = store_step(st, "listing", err)) == 1)
        stop = fn(sqlite3_column_int64(st, 0), store_col_text(st, 1),
                  store_col_text(st, 2), ctx);
    sqlite3_finalize(st);
    return stop ? stop : rc;
}

int store_experiments_each_live(sqlite3 *db, store_live_fn fn, void *ctx,
                                struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id, state, ifnull(tags, '[]'), "
        "ifnull(params, '{}') FROM experiments WHERE state NOT IN "
        "('denied', 'rejected', 'expired', 'cancelled') ORDER BY id",
        &st, err), stop = 0;
    if (rc)
        return rc;
    while (!stop && sqlite3_step(st) == SQLITE_ROW)
        stop = fn(sqlite3_column_int64(st, 0), store_col_text(st, 1),
                  store_col_text(st, 2), store_col_text(st, 3), ctx);
    sqlite3_finalize(st);
    return stop;
}

int store_experiments_stale(sqlite3 *db, const char *state,
                            int64_t before_ms, int64_t *ids, size_t max,
                            size_t *n, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id FROM experiments WHERE state = ? "
                           "AND updated_ms < ? ORDER BY id LIMIT ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, state);
    sqlite3_bind_int64(st, 2, before_ms);
    sqlite3_bind_int64(st, 3, (int64_t)max);
    return store_ids(st, ids, max, n, "reading experiments", err);
}

int store_experiments_queued_in(sqlite3 *db, const char *scope,
                                int64_t *ids, size_t max, size_t *n,
                                struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id FROM experiments WHERE state = "
                           "'queued' AND (? = 'global' OR 'campaign:' || "
                           "campaign = ?)", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, scope);
    store_bind_text(st, 2, scope);
    return store_ids(st, ids, max, n, "reading experiments", err);
}

int store_experiments_completed_in(sqlite3 *db, const char *campaign,
                                   int64_t *ids, size_t max, size_t *n,
                                   struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT e.id FROM experiments e WHERE "
        "e.campaign = ? AND e.state = 'succeeded' AND NOT EXISTS (SELECT 1 "
        "FROM campaign_trials t WHERE t.experiment_id = e.id AND t.state != "
        "'complete') ORDER BY e.id LIMIT ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, campaign);
    sqlite3_bind_int64(st, 2, (int64_t)max);
    return store_ids(st, ids, max, n, "reading campaign", err);
}

int store_experiments_failed_like(sqlite3 *db, const char *argv,
                                  const char *params, int64_t exclude,
                                  int64_t *id, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT e.id FROM "
            "experiments e LEFT JOIN campaign_trials t ON t.experiment_id = "
            "e.id WHERE e.argv = ? AND e.params = ? AND e.id != ? AND "
            "(e.state IN ('failed', 'timed_out') OR t.state = 'failed') "
            "ORDER BY e.id DESC LIMIT 1", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, argv);
    store_bind_text(st, 2, params);
    sqlite3_bind_int64(st, 3, exclude);
    return store_one_int64(st, id, "reading experiments", err);
}

int store_experiments_same_command(sqlite3 *db, const char *argv,
                                   int64_t before_id, store_params_fn fn,
                                   void *ctx, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id, params FROM experiments WHERE "
                           "argv = ? AND id < ? ORDER BY id DESC LIMIT 200",
                           &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, argv);
    sqlite3_bind_int64(st, 2, before_id);
    while (sqlite3_step(st) == SQLITE_ROW)
        fn(sqlite3_column_int64(st, 0), store_col_text(st, 1), ctx);
    sqlite3_finalize(st);
    return 0;
}

int store_experiments_accounts(sqlite3 *db, enum store_account_kind kind,
                               store_text_fn fn, void *ctx, struct err *err)
{
    static const char *const sql[] = {
        [STORE_ACCOUNT_PROPOSER] = "SELECT DISTINCT proposer FROM "
                                   "experiments",
        [STORE_ACCOUNT_ROLE] = "SELECT DISTINCT proposer_role FROM "
                               "experiments",
        [STORE_ACCOUNT_CAMPAIGN] = "SELECT DISTINCT campaign FROM "
                                   "experiments WHERE campaign IS NOT NULL",
    };
    sqlite3_stmt *st;
    int rc = store_prepare(db, sql[kind], &st, err);
    return rc ? rc : store_each_text(st, fn, ctx, "reading", err);
}

int store_experiments_in_flight(sqlite3 *db, int64_t *n, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT count(*) FROM experiments WHERE "
                           "state IN ('queued', 'running')", &st, err);
    rc = rc ? rc : store_one_int64(st, n, "counting runs", err);
    return rc < 0 ? rc : 0;
}

int store_experiments_next_approved(sqlite3 *db, int64_t *id,
                                    struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT e.id FROM experiments e WHERE "
        "e.state = 'approved' AND NOT EXISTS (SELECT 1 FROM halts h WHERE "
        "h.resumed_ms IS NULL AND (h.scope = 'global' OR h.scope = "
        "'campaign:' || e.campaign)) ORDER BY e.id LIMIT 1", &st, err);
    rc = rc ? rc : store_one_int64(st, id, "looking for approved work", err);
    return rc < 0 ? rc : 0;
}
