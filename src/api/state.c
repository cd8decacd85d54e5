/* state — the experiment state machine; see state.h. */
#include "api/state.h"
#include "core/clock.h"
#include "store/experiments.h"

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
    int rc = store_experiments_state(db, id, out, n, err);
    if (rc == 0)
        return err_set(err, ERR_NOTFOUND, "no experiment %lld; see 'steward "
                       "status' for the list", (long long)id);
    return rc < 0 ? rc : 0;
}

int state_move(sqlite3 *db, int64_t id, const char *from, const char *to,
               struct err *err)
{
    if (!state_allowed(from, to))
        return err_set(err, ERR_CONFLICT, "experiment %lld: cannot go from "
                       "%s to %s", (long long)id, from, to);
    int rc = store_experiments_move(db, id, from, to, clock_wall_ms(), err);
    if (rc == 0)
        return err_set(err, ERR_CONFLICT, "experiment %lld is no longer %s "
                       "(changed by someone else); look again with 'steward "
                       "status %lld'", (long long)id, from, (long long)id);
    return rc < 0 ? rc : 0;
}
