/* recover — records the ends of runs whose supervisors are gone; see
 * recover.h. */
#include "api/handle.h"
#include "api/recover.h"
#include "api/runend.h"
#include "api/state.h"
#include "core/clock.h"
#include "core/proc.h"
#include "ledger/ledger.h"
#include "store/store.h"

#include <string.h>

struct orphan {
    int64_t run_id, experiment_id;
    char state[16];
};

static int mark_lost(struct steward *s, const struct orphan *o,
                     struct err *err)
{
    int rc = store_begin(s->db, err);
    if (rc)
        return rc;
    rc = state_move(s->db, o->experiment_id, o->state, "lost", err);
    sqlite3_stmt *st = NULL;
    rc = rc ? rc : store_prepare(s->db, "UPDATE runs SET ended_ms = ?, "
                                 "end_reason = 'supervisor gone (crash)' "
                                 "WHERE id = ?", &st, err);
    if (!rc) {
        sqlite3_bind_int64(st, 1, clock_wall_ms());
        sqlite3_bind_int64(st, 2, o->run_id);
        rc = store_exec_stmt(st, err);
    }
    json_t *payload = json_pack("{s:I,s:s}", "run", (json_int_t)o->run_id,
                                "was", o->state);
    char object[32];
    snprintf(object, sizeof object, "experiment:%lld",
             (long long)o->experiment_id);
    rc = rc ? rc : ledger_append(s->db, "steward", "run.lost", object,
                                 payload, err);
    json_decref(payload);
    if (rc) {
        store_rollback(s->db);
        /* Someone else reconciled or the run finished meanwhile: fine. */
        if (err->code == ERR_CONFLICT) {
            err_clear(err);
            return 0;
        }
        return rc;
    }
    return store_commit(s->db, err);
}

static int collect_orphans(struct steward *s, struct orphan *out, size_t max,
                           size_t *n, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT r.id, e.id, e.state, "
                           "r.supervisor_pid, r.supervisor_start FROM runs r "
                           "JOIN experiments e ON e.id = r.experiment_id "
                           "WHERE e.state IN ('queued', 'running') "
                           "AND r.ended_ms IS NULL", &st, err);
    if (rc)
        return rc;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
        pid_t pid = (pid_t)sqlite3_column_int64(st, 3);
        if (proc_alive(pid, store_col_text(st, 4)))
            continue;
        out[*n].run_id = sqlite3_column_int64(st, 0);
        out[*n].experiment_id = sqlite3_column_int64(st, 1);
        snprintf(out[*n].state, sizeof out[*n].state, "%s",
                 store_col_text(st, 2));
        (*n)++;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0
           : store_fail(s->db, rc, "reading runs", err);
}

/* The outcome its supervisor left, or lost when it left none. */
static int settle(struct steward *s, const struct orphan *o, struct err *err)
{
    json_t *end = strcmp(o->state, "running") ? NULL
                  : runend_read(s->home, o->run_id);
    int rc = end ? runend_record(s, o->run_id, o->experiment_id, end, err)
             : mark_lost(s, o, err);
    json_decref(end);
    /* Someone else recorded it meanwhile (direct mode: another steward
     * command): fine. */
    if (rc == ERR_CONFLICT) {
        err_clear(err);
        rc = 0;
    }
    return rc;
}

int recover_runs(struct steward *s, struct err *err)
{
    struct orphan orphans[64];
    size_t n;
    int rc;
    do {
        rc = collect_orphans(s, orphans, 64, &n, err);
        for (size_t i = 0; !rc && i < n; i++)
            rc = settle(s, &orphans[i], err);
    } while (!rc && n == 64);
    return rc;
}
