/* halts — the halts table; see halts.h. */
#include "store/halts.h"
#include "store/store.h"

int store_halts_insert(sqlite3 *db, const char *scope, const char *reason,
                       const char *by, int64_t now_ms, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO halts(scope, reason, "
                           "halted_by, halted_ms) VALUES (?, ?, ?, ?)", &st,
                           err);
    if (rc)
        return rc;
    store_bind_text(st, 1, scope);
    store_bind_text(st, 2, reason);
    store_bind_text(st, 3, by);
    sqlite3_bind_int64(st, 4, now_ms);
    return store_exec_stmt(st, err);
}

int store_halts_resume(sqlite3 *db, const char *scope, const char *by,
                       int64_t now_ms, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE halts SET resumed_by = ?, "
                           "resumed_ms = ? WHERE scope = ? AND resumed_ms IS "
                           "NULL", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, by);
    sqlite3_bind_int64(st, 2, now_ms);
    store_bind_text(st, 3, scope);
    return store_exec_changes(st, err);
}

static json_t *halt_json(sqlite3_stmt *st)
{
    return json_pack("{s:s,s:s,s:s,s:I}", "scope", store_col_text(st, 0),
                     "reason", store_col_text(st, 1), "by",
                     store_col_text(st, 2), "since_ms",
                     (json_int_t)sqlite3_column_int64(st, 3));
}

int store_halts_in_force(sqlite3 *db, json_t **out, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT scope, reason, halted_by, "
                           "halted_ms FROM halts WHERE resumed_ms IS NULL "
                           "ORDER BY id", &st, err);
    return rc ? rc : store_json_rows(st, halt_json, "reading halts", out,
                                     err);
}

int store_halts_holding(sqlite3 *db, int64_t experiment, int *held,
                        struct err *err)
{
    sqlite3_stmt *st;
    int64_t n = 0;
    int rc = store_prepare(db, "SELECT count(*) FROM halts h, experiments e "
        "WHERE e.id = ? AND h.resumed_ms IS NULL AND (h.scope = 'global' OR "
        "h.scope = 'campaign:' || e.campaign)", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, experiment);
    rc = store_one_int64(st, &n, "halts", err);
    *held = n > 0;
    return rc < 0 ? rc : 0;
}
