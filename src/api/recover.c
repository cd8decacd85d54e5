/* recover — records the ends of runs whose supervisors are gone; see
 * recover.h. */
#include "api/handle.h"
#include "api/recover.h"
#include "api/runend.h"
#include "api/state.h"
#include "core/clock.h"
#include "core/proc.h"
#include "ledger/ledger.h"
#include "store/runs.h"
#include "store/store.h"

#include <string.h>

static int mark_lost(struct steward *s, const struct store_run_in_flight *o,
                     struct err *err)
{
    int rc = store_begin(s->db, err);
    if (rc)
        return rc;
    rc = state_move(s->db, o->experiment, o->state, "lost", err);
    rc = rc ? rc : store_runs_end_with_reason(s->db, o->run,
                                              "supervisor gone (crash)",
                                              clock_wall_ms(), err);
    json_t *payload = json_pack("{s:I,s:s}", "run", (json_int_t)o->run,
                                "was", o->state);
    char object[32];
    snprintf(object, sizeof object, "experiment:%lld",
             (long long)o->experiment);
    rc = rc ? rc : ledger_append(s->db, "steward", "run.lost", object,
                                 payload, err);
    json_decref(payload);
    if (rc) {
        store_rollback(s->db);
        return rc;
    }
    return store_commit(s->db, err);
}

/* The outcome its supervisor left, or lost when it left none. */
static int settle(struct steward *s, const struct store_run_in_flight *o,
                  struct err *err)
{
    json_t *end = strcmp(o->state, "running") ? NULL
                  : runend_read(s->home, o->run);
    int rc = end ? runend_record(s, o->run, o->experiment, end, err)
             : mark_lost(s, o, err);
    json_decref(end);
    /* Someone else recorded it meanwhile (direct mode: another steward
     * command, or the run ended): fine. */
    if (rc == ERR_CONFLICT) {
        err_clear(err);
        rc = 0;
    }
    return rc;
}

int recover_runs(struct steward *s, struct err *err)
{
    struct store_run_in_flight runs[STORE_RUNS_UNENDED_MAX];
    size_t n = 0;
    int rc = store_runs_in_flight(s->db, runs, STORE_RUNS_UNENDED_MAX, &n,
                                  err);
    for (size_t i = 0; !rc && i < n; i++)
        if (!proc_alive((pid_t)runs[i].supervisor_pid,
                        runs[i].supervisor_start))
            rc = settle(s, &runs[i], err);
    return rc;
}
