/*
 * queue — moving one approved experiment to `queued` with its run row.
 *
 * The approval is bound to the proposal's content: the experiment's
 * content hash must equal the hash its approving review recorded (or, for
 * an auto-approval, the one the policy decided on), else the run is
 * refused.
 */
#include "dispatch/dispatch_int.h"
#include "api/state.h"
#include "core/clock.h"
#include "core/proc.h"
#include "ledger/ledger.h"
#include "store/store.h"

#include <stdio.h>
#include <unistd.h>

static int insert_run(struct steward *s, int64_t exp, int64_t *run,
                      struct err *err)
{
    char start[32] = "";
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "INSERT INTO runs(experiment_id, backend, "
                           "supervisor_pid, supervisor_start, queued_ms) "
                           "VALUES (?, 'local', ?, ?, ?)", &st, err);
    if (rc)
        return rc;
    if (proc_start_time(getpid(), start, sizeof start))
        start[0] = '\0';
    sqlite3_bind_int64(st, 1, exp);
    sqlite3_bind_int64(st, 2, getpid());
    store_bind_text(st, 3, start);
    sqlite3_bind_int64(st, 4, clock_wall_ms());
    rc = store_exec_stmt(st, err);
    *run = sqlite3_last_insert_rowid(s->db);
    return rc;
}

static int queue_txn(struct steward *s, int64_t exp, int64_t *run,
                     struct err *err)
{
    char object[48];
    int rc = state_move(s->db, exp, "approved", "queued", err);
    rc = rc ? rc : insert_run(s, exp, run, err);
    snprintf(object, sizeof object, "experiment:%lld", (long long)exp);
    json_t *payload = json_pack("{s:I,s:s}", "run", (json_int_t)*run,
                                "backend", "local");
    rc = rc ? rc : ledger_append(s->db, s->who.name, "run.queue", object,
                                 payload, err);
    json_decref(payload);
    return rc;
}

int queue_experiment(struct steward *s, int64_t exp, int64_t *run,
                     struct err *err)
{
    int rc = store_begin(s->db, err);
    rc = rc ? rc : queue_txn(s, exp, run, err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    return rc;
}

int next_approved(struct steward *s, int64_t *exp, struct err *err)
{
    sqlite3_stmt *st;
    /* A halt in force, global or on the experiment's campaign, holds it. */
    int rc = store_prepare(s->db, "SELECT e.id FROM experiments e WHERE "
        "e.state = 'approved' AND NOT EXISTS (SELECT 1 FROM halts h WHERE "
        "h.resumed_ms IS NULL AND (h.scope = 'global' OR h.scope = "
        "'campaign:' || e.campaign)) ORDER BY e.id LIMIT 1", &st, err);
    if (rc)
        return rc;
    rc = sqlite3_step(st);
    *exp = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
           : store_fail(s->db, rc, "looking for approved work", err);
}
