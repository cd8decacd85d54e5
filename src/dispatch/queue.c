/*
 * queue — the start of a run, in one transaction: the experiment moves
 * approved → queued → running with its run row and both ledger entries,
 * unless a halt holds it (nothing is written: it stays approved) or its
 * approval no longer binds (it fails, on the record).
 *
 * The approval is bound to the proposal's content: the experiment's
 * content hash must equal the hash its approving review recorded (or, for
 * an auto-approval, the one the policy decided on), else the run is
 * refused. A halt and a start never interleave: both are transactions on
 * one database, and the start looks for halts inside its own.
 */
#include "api/handle.h"
#include "api/runpath.h"
#include "dispatch/dispatch_int.h"
#include "api/state.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "store/experiment_lists.h"
#include "store/halts.h"
#include "store/runs.h"
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
    char dir[API_PATH_MAX + 32];
    int64_t id = 0;
    int rc = store_runs_next_id(s->db, &id, err);
    if (rc)
        return rc;
    for (int tries = 0; id > 0 && tries < RUN_DIR_TRIES; tries++, id++) {
        if (run_path(s->home, id, NULL, dir, sizeof dir))
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

/* The run row, started; or, when refused says why, ended before it
 * began. */
static int insert_run(struct steward *s, int64_t exp,
                      const struct supervisor_id *sup, const char *refused,
                      int64_t *run, struct err *err)
{
    *run = 0;
    int rc = claim_run_dir(s, run, err);
    struct store_run_new r = {*run, exp, sup->pid, sup->start,
                              clock_wall_ms(), refused};
    return rc ? rc : store_runs_insert(s->db, &r, err);
}

static int log_run(struct steward *s, const char *who, const char *action,
                   int64_t exp, json_t *payload, struct err *err)
{
    char object[48];
    snprintf(object, sizeof object, "experiment:%lld", (long long)exp);
    int rc = payload ? ledger_append(s->db, who, action, object, payload,
                                     err)
             : err_set(err, ERR_INTERNAL, "out of memory");
    json_decref(payload);
    return rc;
}

/* No longer what was approved: queued → failed, its run ended before
 * it began. */
static int refuse(struct steward *s, int64_t exp, int64_t run,
                  const char *why, struct err *err)
{
    int rc = state_move(s->db, exp, "queued", "failed", err);
    return rc ? rc : log_run(s, "steward", "run.refused", exp,
                             json_pack("{s:I,s:s}", "run", (json_int_t)run,
                                       "reason", why), err);
}

static int start_txn(struct steward *s, int64_t exp,
                     const struct supervisor_id *sup, int64_t *run,
                     struct err *err)
{
    struct err why = ERR_INIT;
    int held = 0;
    int rc = store_halts_holding(s->db, exp, &held, err);
    if (rc || held)
        return rc;
    int bound = !steward_check_binding(s, exp, &why);
    rc = state_move(s->db, exp, "approved", "queued", err);
    rc = rc ? rc : insert_run(s, exp, sup, bound ? NULL : why.msg, run, err);
    rc = rc ? rc : log_run(s, s->who.name, "run.queue", exp,
                           json_pack("{s:I,s:s}", "run", (json_int_t)*run,
                                     "backend", "local"), err);
    if (!rc && !bound) {
        rc = refuse(s, exp, *run, why.msg, err);
        *run = 0;
        return rc;
    }
    rc = rc ? rc : state_move(s->db, exp, "queued", "running", err);
    return rc ? rc : log_run(s, "steward", "run.start", exp,
                             json_pack("{s:I,s:i}", "run", (json_int_t)*run,
                                       "supervisor_pid", (int)sup->pid),
                             err);
}

int start_experiment(struct steward *s, int64_t exp,
                     const struct supervisor_id *sup, int64_t *run,
                     struct err *err)
{
    *run = 0;
    int rc = store_begin(s->db, err);
    rc = rc ? rc : start_txn(s, exp, sup, run, err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc) {
        store_rollback(s->db);
        *run = 0;
    }
    if (rc == ERR_CONFLICT) {   /* another dispatcher took it */
        err_clear(err);
        rc = 0;
    }
    return rc;
}

int next_approved(struct steward *s, int64_t *exp, struct err *err)
{
    return store_experiments_next_approved(s->db, exp, err);
}
