/*
 * progress — tells the dispatcher's caller when a run it started begins
 * and ends (see dispatch_progress_fn). Supervisors are detached and record
 * the end themselves, so the dispatcher learns of an end by looking at the
 * run's row on each turn of its loop; each end is reported once.
 */
#include "api/handle.h"
#include "dispatch/dispatch_int.h"
#include "store/store.h"

void watch_started(struct dispatch_watch *w, const struct dispatch_opts *o,
                   struct steward *s, int64_t exp, int64_t run)
{
    if (!o->progress)
        return;
    o->progress(o->progress_ctx, s, exp, run, 0);
    if (w->n < DISPATCH_WATCH_MAX) {
        w->exp[w->n] = exp;
        w->run[w->n++] = run;
    }
}

static int run_ended(struct steward *s, int64_t run, int *ended,
                     struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT ended_ms IS NOT NULL FROM runs "
                           "WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, run);
    rc = sqlite3_step(st);
    /* A vanished row cannot end later: report it as ended. */
    *ended = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
           : store_fail(s->db, rc, "reading runs", err);
}

int watch_poll(struct dispatch_watch *w, const struct dispatch_opts *o,
               struct steward *s, struct err *err)
{
    for (int i = 0; i < w->n;) {
        int ended = 0;
        int rc = run_ended(s, w->run[i], &ended, err);
        if (rc)
            return rc;
        if (!ended) {
            i++;
            continue;
        }
        o->progress(o->progress_ctx, s, w->exp[i], w->run[i], 1);
        w->exp[i] = w->exp[w->n - 1];
        w->run[i] = w->run[--w->n];
    }
    return 0;
}
