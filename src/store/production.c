/* production — the production pointer's history; see production.h. */
#include "store/production.h"
#include "store/store.h"

int store_production_pointer(sqlite3 *db, const char *name,
                             const char *target, int64_t *candidate,
                             int64_t *previous, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT candidate_id, ifnull(previous_id, "
        "0) FROM production WHERE name = ? AND target = ? ORDER BY seq DESC "
        "LIMIT 1", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    store_bind_text(st, 2, target);
    *candidate = *previous = 0;
    rc = store_step(st, "reading the production pointer", err);
    if (rc == 1) {
        *candidate = sqlite3_column_int64(st, 0);
        *previous = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return rc;
}

int store_production_previous_of(sqlite3 *db, const char *name,
                                 int64_t candidate, int64_t *previous,
                                 struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT ifnull(previous_id, 0) FROM "
        "production WHERE name = ? AND candidate_id = ? ORDER BY seq DESC "
        "LIMIT 1", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    sqlite3_bind_int64(st, 2, candidate);
    return store_one_int64(st, previous, "reading the production pointer",
                           err);
}

int store_production_append(sqlite3 *db,
                            const struct store_production_move *m,
                            struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO production(name, "
        "target, candidate_id, previous_id, promotion_id, action, by, "
        "evidence, created_ms) VALUES (?,?,?,?,?,?,?,?,?)", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, m->name);
    store_bind_text(st, 2, m->target);
    sqlite3_bind_int64(st, 3, m->candidate);
    if (m->previous)
        sqlite3_bind_int64(st, 4, m->previous);
    if (m->promotion)
        sqlite3_bind_int64(st, 5, m->promotion);
    store_bind_text(st, 6, m->action);
    store_bind_text(st, 7, m->by);
    store_bind_text(st, 8, m->evidence);
    sqlite3_bind_int64(st, 9, m->time_ms);
    return store_exec_stmt(st, err);
}

static json_t *history_row(sqlite3_stmt *st)
{
    json_t *ev = json_loads(store_col_text(st, 7), 0, NULL);
    return json_pack("{s:I,s:s,s:I,s:o,s:o,s:s,s:I,s:o}", "seq",
        (json_int_t)sqlite3_column_int64(st, 0), "action",
        store_col_text(st, 1), "candidate",
        (json_int_t)sqlite3_column_int64(st, 2), "previous",
        store_col_int_or_null(st, 3), "promotion",
        store_col_int_or_null(st, 4), "by", store_col_text(st, 5),
        "time_ms", (json_int_t)sqlite3_column_int64(st, 6), "evidence",
        ev ? ev : json_object());
}

int store_production_history(sqlite3 *db, const char *name, json_t **out,
                             struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT seq, action, candidate_id, "
        "previous_id, promotion_id, by, created_ms, evidence FROM "
        "production WHERE name = ? ORDER BY seq", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    return store_json_rows(st, history_row, "reading the production "
                           "history", out, err);
}
