/* audit — the tables as (key, value) pairs; see audit.h. */
#include "store/audit.h"
#include "store/store.h"

static int each_pair(sqlite3 *db, const char *sql, store_pair_fn fn,
                     void *ctx, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, sql, &st, err), stop = 0;
    if (rc)
        return rc;
    while (!stop && (rc = store_step(st, "auditing", err)) == 1)
        stop = fn(store_col_text(st, 0), store_col_text(st, 1), ctx);
    sqlite3_finalize(st);
    return stop ? stop : rc;
}

int store_audit_halts(sqlite3 *db, store_pair_fn fn, void *ctx,
                      struct err *err)
{
    return each_pair(db, "SELECT '(all)', count(*) FROM halts UNION ALL "
                     "SELECT scope, count(*) FROM halts WHERE resumed_ms IS "
                     "NULL GROUP BY scope", fn, ctx, err);
}

int store_audit_tokens(sqlite3 *db, store_pair_fn fn, void *ctx,
                       struct err *err)
{
    return each_pair(db, "SELECT name, role || CASE WHEN revoked_ms IS "
                     "NULL THEN '' ELSE ' revoked' END FROM tokens", fn, ctx,
                     err);
}

int store_audit_moves(sqlite3 *db, store_pair_fn fn, void *ctx,
                      struct err *err)
{
    return each_pair(db, "SELECT seq, name || '=' || candidate_id FROM "
                     "production ORDER BY seq", fn, ctx, err);
}

int store_audit_candidates(sqlite3 *db, store_pair_fn fn, void *ctx,
                           struct err *err)
{
    return each_pair(db, "SELECT id, name || ' ' || sha256 FROM "
                     "candidates", fn, ctx, err);
}
