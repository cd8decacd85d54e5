/*
 * cancel — stopping an experiment that was approved but has not finished.
 *
 * Approved and queued experiments move to `cancelled` at once. A running
 * one is stopped by its supervisor: we send it SIGTERM (after checking its
 * identity, so a reused pid is never signalled) and it records `killed`.
 */
#include "api/handle.h"
#include "api/api.h"
#include "api/principal.h"
#include "api/state.h"
#include "core/proc.h"
#include "ledger/ledger.h"
#include "store/runs.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static int supervisor_of(struct steward *s, int64_t id, pid_t *pid,
                         char *start, size_t n, struct err *err)
{
    int64_t got;
    int rc = store_runs_supervisor(s->db, id, &got, start, n, err);
    *pid = (pid_t)got;
    return rc;
}

int steward_stop_run(struct steward *s, int64_t id, struct err *err)
{
    return steward_stop_run_why(s, id, "stopped on request", err);
}

int steward_stop_run_why(struct steward *s, int64_t id, const char *why,
                         struct err *err)
{
    pid_t pid;
    char start[32];
    int rc = supervisor_of(s, id, &pid, start, sizeof start, err);
    rc = rc ? rc : store_runs_request_stop(s->db, id, why, err);
    if (rc)
        return rc;
    if (!proc_alive(pid, start) || kill(pid, SIGTERM))
        return err_set(err, ERR_CONFLICT, "experiment %lld: its supervisor "
                       "is gone; 'steward status' will show it lost",
                       (long long)id);
    return 0;
}

static int cancel_txn(struct steward *s, int64_t id, const char *state,
                      const char *reason, struct err *err)
{
    char object[48];
    int rc = state_move(s->db, id, state, "cancelled", err);
    snprintf(object, sizeof object, "experiment:%lld", (long long)id);
    json_t *payload = json_pack("{s:s,s:s}", "reason", reason, "was", state);
    rc = rc ? rc : ledger_append(s->db, s->who.name, "experiment.cancel",
                                 object, payload, err);
    json_decref(payload);
    return rc;
}

int steward_cancel(struct steward *s, int64_t id, const char *reason,
                   struct err *err)
{
    char state[32], object[48];
    snprintf(object, sizeof object, "experiment:%lld", (long long)id);
    if (!principal_may(s->who.role, "cancel"))
        return steward_forbid(s, "cancel", object, err);
    int rc = state_get(s->db, id, state, sizeof state, err);
    if (rc)
        return rc;
    if (!strcmp(state, "running")) {
        char why[ERR_MSG_MAX];
        snprintf(why, sizeof why, "cancelled by %s%s%s", s->who.name,
                 reason && *reason ? ": " : "", reason ? reason : "");
        return steward_stop_run_why(s, id, why, err);
    }
    if (strcmp(state, "approved") && strcmp(state, "queued"))
        return err_set(err, ERR_CONFLICT, "experiment %lld is %s; only "
                       "approved, queued or running experiments can be "
                       "cancelled", (long long)id, state);
    rc = store_begin(s->db, err);
    rc = rc ? rc : cancel_txn(s, id, state, reason ? reason : "", err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    return rc;
}
