/* ledger_rows — the ledger table; see ledger_rows.h. */
#include "store/ledger_rows.h"
#include "store/store.h"

#include <stdio.h>

int store_ledger_insert(sqlite3 *db, const struct store_ledger_row *row,
                        struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO ledger(seq, time_ms, principal, "
                           "action, object, payload, prev_hash, hash) "
                           "VALUES (?,?,?,?,?,?,?,?)", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, row->seq);
    sqlite3_bind_int64(st, 2, row->time_ms);
    store_bind_text(st, 3, row->principal);
    store_bind_text(st, 4, row->action);
    store_bind_text(st, 5, row->object);
    store_bind_text(st, 6, row->payload);
    store_bind_text(st, 7, row->prev_hash);
    store_bind_text(st, 8, row->hash);
    return store_exec_stmt(st, err);
}

int store_ledger_last(sqlite3 *db, int64_t *seq, char hash[65],
                      struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT seq, hash FROM ledger "
                               "ORDER BY seq DESC LIMIT 1", &st, err);
    if (rc)
        return rc;
    rc = store_step(st, "reading the ledger", err);
    if (rc == 1) {
        *seq = sqlite3_column_int64(st, 0);
        snprintf(hash, 65, "%s", store_col_text(st, 1));
    }
    sqlite3_finalize(st);
    return rc;
}

int store_ledger_hash_at(sqlite3 *db, int64_t seq, char out[65],
                         struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT hash FROM ledger WHERE seq = ?",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, seq);
    rc = store_step(st, "reading the ledger", err);
    snprintf(out, 65, "%s", rc == 1 ? store_col_text(st, 0) : "");
    sqlite3_finalize(st);
    return rc;
}

static void ledger_row(sqlite3_stmt *st, struct store_ledger_row *row)
{
    row->seq = sqlite3_column_int64(st, 0);
    row->time_ms = sqlite3_column_int64(st, 1);
    row->principal = store_col_text(st, 2);
    row->action = store_col_text(st, 3);
    row->object = store_col_text(st, 4);
    row->payload = store_col_text(st, 5);
    row->prev_hash = store_col_text(st, 6);
    row->hash = store_col_text(st, 7);
}

int store_ledger_each(sqlite3 *db, int64_t from_seq, store_ledger_fn fn,
                      void *ctx, struct err *err)
{
    sqlite3_stmt *st;
    struct store_ledger_row row;
    int rc = store_prepare(db, "SELECT seq, time_ms, principal, action, "
                           "object, payload, prev_hash, hash FROM ledger "
                           "WHERE seq >= ? ORDER BY seq", &st, err), stop = 0;
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, from_seq);
    while (!stop && (rc = store_step(st, "reading the ledger", err)) == 1) {
        ledger_row(st, &row);
        stop = fn(&row, ctx);
    }
    sqlite3_finalize(st);
    return stop ? stop : rc;
}

int store_ledger_payload(sqlite3 *db, const char *action, const char *object,
                         int newest, json_t **out, struct err *err)
{
    sqlite3_stmt *st;
    *out = NULL;
    int rc = store_prepare(db, newest
        ? "SELECT payload FROM ledger WHERE action = ?1 AND (?2 IS NULL OR "
          "object = ?2) ORDER BY seq DESC LIMIT 1"
        : "SELECT payload FROM ledger WHERE action = ?1 AND (?2 IS NULL OR "
          "object = ?2) ORDER BY seq LIMIT 1", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, action);
    store_bind_text(st, 2, object);
    rc = store_step(st, "reading the ledger", err);
    if (rc == 1)
        *out = json_loads(store_col_text(st, 0), 0, NULL);
    sqlite3_finalize(st);
    return rc;
}
