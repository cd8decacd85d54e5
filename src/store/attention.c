/* attention — counts of human attention; see attention.h. */
#include "store/attention.h"
#include "store/store.h"

static const char counts_sql[] =
    "SELECT "
    " (SELECT count(*) FROM experiments e WHERE ?1 IS NULL OR "
    "   e.campaign = ?1),"
    " (SELECT count(*) FROM runs r JOIN experiments e ON e.id = "
    "   r.experiment_id WHERE ?1 IS NULL OR e.campaign = ?1),"
    " (SELECT count(*) FROM reviews v JOIN experiments e ON e.id = "
    "   v.experiment_id WHERE ?1 IS NULL OR e.campaign = ?1),"
    " (SELECT count(*) FROM experiments e WHERE (?1 IS NULL OR e.campaign = "
    "   ?1) AND json_extract(e.decision, '$.verdict') = 'auto'),"
    " (SELECT count(*) FROM experiments e WHERE (?1 IS NULL OR e.campaign = "
    "   ?1) AND json_extract(e.decision, '$.verdict') = 'deny'),"
    " (SELECT count(*) FROM experiments e WHERE (?1 IS NULL OR e.campaign = "
    "   ?1) AND e.state = 'expired')";

int store_attention_counts(sqlite3 *db, const char *campaign,
                           struct store_attention *out, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, counts_sql, &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, campaign);
    rc = store_step(st, "counting", err);
    if (rc == 1) {
        out->proposals = sqlite3_column_int64(st, 0);
        out->runs = sqlite3_column_int64(st, 1);
        out->decisions = sqlite3_column_int64(st, 2);
        out->autos = sqlite3_column_int64(st, 3);
        out->denied = sqlite3_column_int64(st, 4);
        out->expired = sqlite3_column_int64(st, 5);
    }
    sqlite3_finalize(st);
    return rc == 1 ? 0 : rc ? rc : err_set(err, ERR_INTERNAL, "counting: "
                                           "no result");
}

int store_attention_waits(sqlite3 *db, const char *campaign,
                          store_wait_fn fn, void *ctx, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT v.time_ms - e.created_ms FROM "
        "reviews v JOIN experiments e ON e.id = v.experiment_id WHERE ?1 IS "
        "NULL OR e.campaign = ?1 ORDER BY 1", &st, err), stop = 0;
    if (rc)
        return rc;
    store_bind_text(st, 1, campaign);
    while (!stop && (rc = store_step(st, "reading reviews", err)) == 1)
        stop = fn(sqlite3_column_int64(st, 0), ctx);
    sqlite3_finalize(st);
    return rc < 0 ? rc : 0;
}
