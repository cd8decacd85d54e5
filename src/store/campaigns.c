/* campaigns — the campaigns table; see campaigns.h. */
#include "store/campaigns.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_campaigns_insert(sqlite3 *db, const struct store_campaign_new *c,
                           struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO campaigns(name, metric, "
        "direction, envelope, argv, space, options, state, created_by, "
        "created_ms, snapshot) VALUES (?,?,?,?,?,?,?,'proposed',?,?,?)", &st,
        err);
    if (rc)
        return rc;
    store_bind_text(st, 1, c->name);
    store_bind_text(st, 2, c->metric);
    store_bind_text(st, 3, c->direction);
    store_bind_text(st, 4, c->envelope);
    store_bind_text(st, 5, c->argv);
    store_bind_text(st, 6, c->space);
    store_bind_text(st, 7, c->options);
    store_bind_text(st, 8, c->created_by);
    sqlite3_bind_int64(st, 9, c->created_ms);
    store_bind_text(st, 10, c->snapshot);
    return store_exec_insert(st, NULL, err);
}

void store_campaign_release(struct store_campaign *c)
{
    json_decref(c->envelope);
    json_decref(c->argv);
    json_decref(c->options);
    free(c->space);
    free(c->search_state);
    memset(c, 0, sizeof *c);
}

#define CAMPAIGN_COLUMNS "id, name, metric, direction, state, envelope, " \
    "argv, options, space, search_state, snapshot"

static char *text_or_null(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL
           : strdup(store_col_text(st, i));
}

static void campaign_row(sqlite3_stmt *st, struct store_campaign *c)
{
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    snprintf(c->name, sizeof c->name, "%s", store_col_text(st, 1));
    snprintf(c->metric, sizeof c->metric, "%s", store_col_text(st, 2));
    snprintf(c->direction, sizeof c->direction, "%s", store_col_text(st, 3));
    snprintf(c->state, sizeof c->state, "%s", store_col_text(st, 4));
    c->envelope = json_loads(store_col_text(st, 5), 0, NULL);
    c->argv = json_loads(store_col_text(st, 6), 0, NULL);
    c->options = json_loads(store_col_text(st, 7), 0, NULL);
    c->space = text_or_null(st, 8);
    c->search_state = text_or_null(st, 9);
    snprintf(c->snapshot, sizeof c->snapshot, "%s", store_col_text(st, 10));
}

int store_campaigns_by_name(sqlite3 *db, const char *name,
                            struct store_campaign *out, struct err *err)
{
    sqlite3_stmt *st;
    memset(out, 0, sizeof *out);
    int rc = store_prepare(db, "SELECT " CAMPAIGN_COLUMNS " FROM campaigns "
                           "WHERE name = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    rc = store_step(st, "reading campaign", err);
    if (rc == 1)
        campaign_row(st, out);
    sqlite3_finalize(st);
    return rc;
}

int store_campaigns_each_searching(sqlite3 *db, store_campaign_fn fn,
                                   void *ctx, struct err *err)
{
    sqlite3_stmt *st;
    struct store_campaign c;
    int rc = store_prepare(db, "SELECT " CAMPAIGN_COLUMNS " FROM campaigns "
        "WHERE state = 'approved' AND space IS NOT NULL ORDER BY id", &st,
        err), stop = 0;
    if (rc)
        return rc;
    while (!stop && (rc = store_step(st, "reading campaigns", err)) == 1) {
        campaign_row(st, &c);
        stop = fn(&c, ctx);
        store_campaign_release(&c);
    }
    sqlite3_finalize(st);
    return stop ? stop : rc;
}

int store_campaigns_live_state(sqlite3 *db, const char *name, char *state,
                               size_t n, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT state FROM campaigns WHERE name = ?"
                           " AND state != 'deleted'", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    rc = store_step(st, "reading campaigns", err);
    snprintf(state, n, "%s", rc == 1 ? store_col_text(st, 0) : "");
    sqlite3_finalize(st);
    return rc;
}

static json_t *list_row(sqlite3_stmt *st)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:b,s:I,s:s?}",
        "name", store_col_text(st, 0), "metric", store_col_text(st, 1),
        "direction", store_col_text(st, 2), "state", store_col_text(st, 3),
        "envelope", json_loads(store_col_text(st, 4), 0, NULL),
        "created_by", store_col_text(st, 5), "approved_by",
        store_col_text(st, 6), "searching", sqlite3_column_int(st, 7),
        "experiments", (json_int_t)sqlite3_column_int64(st, 8), "reason",
        sqlite3_column_type(st, 9) == SQLITE_NULL ? NULL
        : store_col_text(st, 9));
}

int store_campaigns_list(sqlite3 *db, json_t **out, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT name, metric, direction, state, "
        "envelope, created_by, approved_by, space IS NOT NULL, (SELECT "
        "count(*) FROM experiments e WHERE e.campaign = c.name), "
        "state_reason FROM campaigns c WHERE state != 'deleted' ORDER BY id",
        &st, err);
    return rc ? rc : store_json_rows(st, list_row, "reading campaigns", out,
                                     err);
}

int store_campaigns_approve(sqlite3 *db, const char *name, const char *by,
                            int64_t now_ms, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE campaigns SET state = 'approved', "
                           "approved_by = ?, approved_ms = ? WHERE name = ? "
                           "AND state = 'proposed'", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, by);
    sqlite3_bind_int64(st, 2, now_ms);
    store_bind_text(st, 3, name);
    return store_exec_changes(st, err);
}

/* Runs an UPDATE whose parameters are (reason, name). */
static int change_named(sqlite3 *db, const char *sql, const char *name,
                        const char *reason, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, sql, &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, reason);
    store_bind_text(st, 2, name);
    return store_exec_changes(st, err);
}

int store_campaigns_resume(sqlite3 *db, const char *name, const char *reason,
                           struct err *err)
{
    return change_named(db, "UPDATE campaigns SET state = 'approved', "
                        "state_reason = ?, denials = 0 WHERE name = ? AND "
                        "state IN ('paused', 'failed')", name, reason, err);
}

int store_campaigns_delete(sqlite3 *db, const char *name, const char *reason,
                           struct err *err)
{
    return change_named(db, "UPDATE campaigns SET state = 'deleted', "
                        "state_reason = ? WHERE name = ? AND state != "
                        "'deleted'", name, reason, err);
}

int store_campaigns_set_state(sqlite3 *db, int64_t id, const char *state,
                              const char *reason, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE campaigns SET state = ?, "
                           "state_reason = ? WHERE id = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, state);
    store_bind_text(st, 2, reason);
    sqlite3_bind_int64(st, 3, id);
    return store_exec_stmt(st, err);
}

int store_campaigns_save_search(sqlite3 *db, int64_t id, const char *state,
                                struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE campaigns SET search_state = ? "
                           "WHERE id = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, state);
    sqlite3_bind_int64(st, 2, id);
    return store_exec_stmt(st, err);
}

int store_campaigns_count_denial(sqlite3 *db, int64_t id, int denied,
                                 int64_t *denials, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, denied ? "UPDATE campaigns SET denials = "
                           "denials + 1 WHERE id = ? RETURNING denials"
                           : "UPDATE campaigns SET denials = 0 WHERE id = ? "
                           "RETURNING denials", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    *denials = sqlite3_step(st) == SQLITE_ROW
               ? sqlite3_column_int64(st, 0) : 0;
    return store_exec_stmt(st, err);
}
