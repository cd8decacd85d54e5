/*
 * queue — moving one approved experiment to `queued` with its run row.
 *
 * The approval is bound to the proposal's content: the experiment's
 * content hash must equal the hash its approving review recorded (or, for
 * an auto-approval, the one the policy decided on), else the run is
 * refused.
 */
#include "api/handle.h"
#include "dispatch/dispatch_int.h"
#include "api/state.h"
#include "core/clock.h"
#include "core/proc.h"
#include "ledger/ledger.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define RUN_DIR_TRIES 100000

/* The next run id whose directory does not exist yet, and that directory
 * created: a run never lands in an earlier run's runs/<id>/ (left by a
 * restored or replaced database), whose logs it would mix with its own.
 * A directory left by a transaction that rolled back is skipped too. */
static int claim_run_dir(struct steward *s, int64_t *run, struct err *err)
{
    sqlite3_stmt *st;
    char dir[API_PATH_MAX + 32];
    int rc = store_prepare(s->db, "SELECT coalesce(max(id), 0) + 1 FROM runs",
                           &st, err);
    if (rc)
        return rc;
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0)
                 : 0;
    sqlite3_finalize(st);
    for (int tries = 0; id > 0 && tries < RUN_DIR_TRIES; tries++, id++) {
        if ((size_t)snprintf(dir, sizeof dir, "%s/runs/%lld", s->home,
                             (long long)id) >= sizeof dir)
            return err_set(err, ERR_USER, "state directory path too long");
        if (!mkdir(dir, 0700)) {
            *run = id;
            return 0;
        }
        if (errno != EEXIST)
            return err_errno(err, "creating %s", dir);
    }
    return err_set(err, ERR_INTERNAL, "no free run directory under %s/runs",
                   s->home);
}

static int insert_run(struct steward *s, int64_t exp, int64_t *run,
                      struct err *err)
{
    char start[32] = "";
    sqlite3_stmt *st;
    *run = 0;
    int rc = claim_run_dir(s, run, err);
    rc = rc ? rc : store_prepare(s->db, "INSERT INTO runs(id, experiment_id, "
                                 "backend, supervisor_pid, supervisor_start, "
                                 "queued_ms) VALUES (?, ?, 'local', ?, ?, ?)",
                                 &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, *run);
    if (proc_start_time(getpid(), start, sizeof start))
        start[0] = '\0';
    sqlite3_bind_int64(st, 2, exp);
    sqlite3_bind_int64(st, 3, getpid());
    store_bind_text(st, 4, start);
    sqlite3_bind_int64(st, 5, clock_wall_ms());
    return store_exec_stmt(st, err);
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
