/*
 * agent_session — the record of agents run inside `steward agent`.
 *
 * A session is a name, the directory holding its socket, and who launched
 * it; its start and end are ledger entries. The server listens on the
 * socket of every session not ended, also after a restart.
 */
#include "api/handle.h"
#include "api/api.h"
#include "api/privileged.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "store/store.h"

#include <string.h>

struct session_args {
    const char *name, *dir, *outcome;
};

static int live_count(sqlite3 *db, const char *name, int *n, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT count(*) FROM agent_sessions WHERE "
                           "name = ? AND ended_ms IS NULL", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : store_fail(db, rc, "agent sessions", err);
}

static int begin_txn(struct steward *s, void *arg, struct err *err)
{
    struct session_args *a = arg;
    sqlite3_stmt *st;
    int live;
    int rc = live_count(s->db, a->name, &live, err);
    if (!rc && live)
        return err_set(err, ERR_CONFLICT, "an agent session named '%s' is "
                       "running; pick another --name", a->name);
    rc = rc ? rc : store_prepare(s->db, "INSERT OR REPLACE INTO agent_sessions"
        "(name, dir, launcher, started_ms) VALUES (?, ?, ?, ?)", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, a->name);
    store_bind_text(st, 2, a->dir);
    store_bind_text(st, 3, s->who.name);
    sqlite3_bind_int64(st, 4, clock_wall_ms());
    rc = store_exec_stmt(st, err);
    json_t *p = json_pack("{s:s,s:s,s:s}", "name", a->name, "dir", a->dir,
                          "launcher", s->who.name);
    rc = rc ? rc : ledger_append(s->db, s->who.name, "agent.start", "agent",
                                 p, err);
    json_decref(p);
    return rc;
}

int steward_agent_valid_name(const char *name)
{
    size_t n = strlen(name);
    return n > 0 && n <= 48 && name[0] != '.' &&
           strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "0123456789._-") == n;
}

int steward_agent_begin(struct steward *s, const char *name, const char *dir,
                        struct err *err)
{
    if (!steward_agent_valid_name(name))
        return err_set(err, ERR_USER, "an agent's name is 1 to 48 letters, "
                       "digits, '.', '_' or '-', not '%.60s'", name);
    struct session_args a = {name, dir, NULL};
    return privileged(s, "agent", "agent", begin_txn, &a, err);
}

static int end_txn(struct steward *s, void *arg, struct err *err)
{
    struct session_args *a = arg;
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "UPDATE agent_sessions SET ended_ms = ?, "
                           "outcome = ? WHERE name = ? AND ended_ms IS NULL",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, clock_wall_ms());
    store_bind_text(st, 2, a->outcome);
    store_bind_text(st, 3, a->name);
    rc = store_exec_stmt(st, err);
    if (!rc && sqlite3_changes(s->db) != 1)
        return err_set(err, ERR_NOTFOUND, "no running agent session named "
                       "'%s'", a->name);
    json_t *p = json_pack("{s:s,s:s}", "name", a->name, "outcome",
                          a->outcome);
    rc = rc ? rc : ledger_append(s->db, s->who.name, "agent.end", "agent", p,
                                 err);
    json_decref(p);
    return rc;
}

int steward_agent_end(struct steward *s, const char *name,
                      const char *outcome, struct err *err)
{
    struct session_args a = {name, NULL, outcome};
    return privileged(s, "agent", "agent", end_txn, &a, err);
}

int steward_agent_live(struct steward *s, json_t **out, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT name, dir FROM agent_sessions "
                           "WHERE ended_ms IS NULL ORDER BY name", &st, err);
    if (rc)
        return rc;
    *out = json_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(*out, json_pack("{s:s,s:s}", "name",
            store_col_text(st, 0), "dir", store_col_text(st, 1)));
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return 0;
    json_decref(*out);
    *out = NULL;
    return store_fail(s->db, rc, "agent sessions", err);
}
