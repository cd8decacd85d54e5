/* comparisons — the comparisons table; see comparisons.h. */
#include "store/comparisons.h"
#include "store/store.h"

int store_comparisons_insert(sqlite3 *db, const char *a, const char *b,
                             const char *result, const char *principal,
                             int64_t created_ms, int64_t *id,
                             struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO comparisons(a, b, "
        "result, principal, created_ms) VALUES (?, ?, ?, ?, ?)", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, a);
    store_bind_text(st, 2, b);
    store_bind_text(st, 3, result);
    store_bind_text(st, 4, principal);
    sqlite3_bind_int64(st, 5, created_ms);
    return store_exec_insert(st, id, err);
}

static json_t *row_of(sqlite3_stmt *st)
{
    json_t *result = json_loads(store_col_text(st, 3), 0, NULL);
    return json_pack("{s:I,s:s,s:s,s:s,s:I,s:o}",
                     "id", (json_int_t)sqlite3_column_int64(st, 0),
                     "a", store_col_text(st, 1), "b", store_col_text(st, 2),
                     "principal", store_col_text(st, 4),
                     "created_ms", (json_int_t)sqlite3_column_int64(st, 5),
                     "result", result ? result : json_object());
}

int store_comparisons_list(sqlite3 *db, int64_t limit, json_t **out,
                           struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id, a, b, result, principal, "
                           "created_ms FROM comparisons ORDER BY id LIMIT ?",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, limit);
    return store_json_rows(st, row_of, "reading comparisons", out, err);
}

int store_comparisons_each_newest(sqlite3 *db, store_comparison_fn fn,
                                  void *ctx, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id, a, b, result FROM comparisons "
                           "ORDER BY id DESC", &st, err), stop = 0;
    if (rc)
        return rc;
    while (!stop && sqlite3_step(st) == SQLITE_ROW)
        stop = fn(sqlite3_column_int64(st, 0), store_col_text(st, 1),
                  store_col_text(st, 2), store_col_text(st, 3), ctx);
    sqlite3_finalize(st);
    return stop;
}
