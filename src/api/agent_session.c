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
#include "store/agent_sessions.h"

#include <string.h>

struct session_args {
    const char *name, *dir, *outcome;
};

static int begin_txn(struct steward *s, void *arg, struct err *err)
{
    struct session_args *a = arg;
    int64_t live;
    int rc = store_agent_sessions_live_count(s->db, a->name, &live, err);
    if (!rc && live)
        return err_set(err, ERR_CONFLICT, "an agent session named '%s' is "
                       "running; pick another --name", a->name);
    rc = rc ? rc : store_agent_sessions_start(s->db, a->name, a->dir,
                                              s->who.name, clock_wall_ms(),
                                              err);
    if (rc)
        return rc;
    json_t *p = json_pack("{s:s,s:s,s:s}", "name", a->name, "dir", a->dir,
                          "launcher", s->who.name);
    rc = ledger_append(s->db, s->who.name, "agent.start", "agent", p, err);
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
    int rc = store_agent_sessions_end(s->db, a->name, a->outcome,
                                      clock_wall_ms(), err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return err_set(err, ERR_NOTFOUND, "no running agent session named "
                       "'%s'", a->name);
    json_t *p = json_pack("{s:s,s:s}", "name", a->name, "outcome",
                          a->outcome);
    rc = ledger_append(s->db, s->who.name, "agent.end", "agent", p,
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
    return store_agent_sessions_live(s->db, out, err);
}
