/* agent_sessions — the agent_sessions table; see agent_sessions.h. */
#include "store/agent_sessions.h"
#include "store/store.h"

int store_agent_sessions_live_count(sqlite3 *db, const char *name,
                                    int64_t *n, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT count(*) FROM agent_sessions WHERE "
                           "name = ? AND ended_ms IS NULL", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    rc = store_one_int64(st, n, "agent sessions", err);
    return rc < 0 ? rc : 0;
}

int store_agent_sessions_start(sqlite3 *db, const char *name,
                               const char *dir, const char *launcher,
                               int64_t now_ms, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT OR REPLACE INTO agent_sessions"
        "(name, dir, launcher, started_ms) VALUES (?, ?, ?, ?)", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    store_bind_text(st, 2, dir);
    store_bind_text(st, 3, launcher);
    sqlite3_bind_int64(st, 4, now_ms);
    return store_exec_stmt(st, err);
}

int store_agent_sessions_end(sqlite3 *db, const char *name,
                             const char *outcome, int64_t now_ms,
                             struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE agent_sessions SET ended_ms = ?, "
                           "outcome = ? WHERE name = ? AND ended_ms IS NULL",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, now_ms);
    store_bind_text(st, 2, outcome);
    store_bind_text(st, 3, name);
    rc = store_exec_changes(st, err);
    return rc < 0 ? rc : rc == 1;
}

static json_t *session_json(sqlite3_stmt *st)
{
    return json_pack("{s:s,s:s}", "name", store_col_text(st, 0), "dir",
                     store_col_text(st, 1));
}

int store_agent_sessions_live(sqlite3 *db, json_t **out, struct err *err)
{
    sqlite3_stmt *st;
    *out = NULL;
    int rc = store_prepare(db, "SELECT name, dir FROM agent_sessions "
                           "WHERE ended_ms IS NULL ORDER BY name", &st, err);
    return rc ? rc : store_json_rows(st, session_json, "agent sessions", out,
                                     err);
}
