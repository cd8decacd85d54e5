/* state — the experiment state machine; see state.h. */
#include "api/state.h"
#include "core/clock.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

struct edge {
    const char *from, *to;
};

static const struct edge edges[] = {
    {"proposed", "denied"},         {"proposed", "pending_review"},
    {"proposed", "approved"},       {"pending_review", "approved"},
    {"pending_review", "rejected"}, {"pending_review", "expired"},
    {"approved", "queued"},         {"approved", "cancelled"},
    {"approved", "expired"},        {"queued", "running"},
    {"queued", "cancelled"},        {"queued", "lost"},
    {"queued", "failed"},           {"queued", "approved"},
    {"running", "succeeded"},       {"running", "failed"},
    {"running", "timed_out"},       {"running", "killed"},
    {"running", "lost"},
    /* a new policy decides waiting and approved work again (redecide.c) */
    {"pending_review", "denied"},   {"approved", "pending_review"},
    {"approved", "denied"},
};

static const char *const finals[] = {
    "denied", "rejected", "expired", "succeeded", "failed",
    "timed_out", "killed", "cancelled", "lost",
};

int state_allowed(const char *from, const char *to)
{
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        if (!strcmp(edges[i].from, from) && !strcmp(edges[i].to, to))
            return 1;
    return 0;
}

int state_final(const char *state)
{
    for (size_t i = 0; i < sizeof finals / sizeof finals[0]; i++)
        if (!strcmp(finals[i], state))
            return 1;
    return 0;
}

int state_get(sqlite3 *db, int64_t id, char *out, size_t n, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT state FROM experiments WHERE id = ?",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        snprintf(out, n, "%s", store_col_text(st, 0));
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOTFOUND, "no experiment %lld; see 'steward "
                       "status' for the list", (long long)id);
    return rc == SQLITE_ROW ? 0 : store_fail(db, rc, "reading state", err);
}

int state_move(sqlite3 *db, int64_t id, const char *from, const char *to,
               struct err *err)
{
    if (!state_allowed(from, to))
        return err_set(err, ERR_CONFLICT, "experiment %lld: cannot go from "
                       "%s to %s", (long long)id, from, to);
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE experiments SET state = ?, "
                           "updated_ms = ? WHERE id = ? AND state = ?",
                           &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, to);
    sqlite3_bind_int64(st, 2, clock_wall_ms());
    sqlite3_bind_int64(st, 3, id);
    store_bind_text(st, 4, from);
    rc = store_exec_stmt(st, err);
    if (!rc && sqlite3_changes(db) != 1)
        return err_set(err, ERR_CONFLICT, "experiment %lld is no longer %s "
                       "(changed by someone else); look again with 'steward "
                       "status %lld'", (long long)id, from, (long long)id);
    return rc;
}
