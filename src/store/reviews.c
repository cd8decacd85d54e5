/* reviews — the reviews table; see reviews.h. */
#include "store/reviews.h"
#include "store/store.h"

#include <stdio.h>

int store_reviews_insert(sqlite3 *db, int64_t experiment,
                         const char *principal, const char *verdict,
                         const char *reason, int64_t now_ms, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO reviews(experiment_id, "
                           "principal, verdict, reason, content_hash, time_ms)"
                           " SELECT id, ?, ?, ?, content_hash, ? FROM "
                           "experiments WHERE id = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, principal);
    store_bind_text(st, 2, verdict);
    store_bind_text(st, 3, reason);
    sqlite3_bind_int64(st, 4, now_ms);
    sqlite3_bind_int64(st, 5, experiment);
    return store_exec_stmt(st, err);
}

int store_reviews_count_approved(sqlite3 *db, int64_t experiment,
                                 int64_t *n, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT count(*) FROM reviews WHERE "
                           "experiment_id = ? AND verdict = 'approved'", &st,
                           err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, experiment);
    rc = store_one_int64(st, n, "reading reviews", err);
    return rc < 0 ? rc : 0;
}

int store_reviews_void_approvals(sqlite3 *db, int64_t experiment,
                                 struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE reviews SET verdict = 'void' WHERE "
                           "experiment_id = ? AND verdict = 'approved'", &st,
                           err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, experiment);
    return store_exec_stmt(st, err);
}

int store_reviews_quorum(sqlite3 *db, int64_t experiment,
                         const char *principal, int64_t *approvers,
                         int64_t *mine, char *proposer, size_t n,
                         struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT (SELECT count(DISTINCT principal) "
        "FROM reviews WHERE experiment_id = ?1 AND verdict = 'approved'), "
        "(SELECT count(*) FROM reviews WHERE experiment_id = ?1 AND verdict "
        "= 'approved' AND principal = ?2), proposer FROM experiments WHERE "
        "id = ?1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, experiment);
    store_bind_text(st, 2, principal);
    rc = store_step(st, "reading reviews", err);
    if (rc == 1) {
        *approvers = sqlite3_column_int64(st, 0);
        *mine = sqlite3_column_int64(st, 1);
        snprintf(proposer, n, "%s", store_col_text(st, 2));
    }
    sqlite3_finalize(st);
    return rc;
}

int store_reviews_stale_approver(sqlite3 *db, int64_t experiment,
                                 const char *hash, char *principal, size_t n,
                                 struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT principal, content_hash FROM reviews "
                           "WHERE experiment_id = ? AND verdict = 'approved' "
                           "AND content_hash != ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, experiment);
    store_bind_text(st, 2, hash);
    rc = sqlite3_step(st) == SQLITE_ROW;
    if (rc)
        snprintf(principal, n, "%s", store_col_text(st, 0));
    sqlite3_finalize(st);
    return rc;
}

static json_t *review_json(sqlite3_stmt *st)
{
    return json_pack("{s:s,s:s,s:s,s:I}", "principal", store_col_text(st, 0),
                     "verdict", store_col_text(st, 1), "reason",
                     store_col_text(st, 2), "time_ms",
                     (json_int_t)sqlite3_column_int64(st, 3));
}

int store_reviews_of(sqlite3 *db, int64_t experiment, json_t **out,
                     struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT principal, verdict, reason, time_ms "
                           "FROM reviews WHERE experiment_id = ? ORDER BY id",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, experiment);
    return store_json_rows(st, review_json, "reading reviews", out, err);
}
