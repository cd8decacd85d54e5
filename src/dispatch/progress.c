/*
 * progress — tells the dispatcher's caller when a run it started begins
 * and ends (see dispatch_progress_fn). An end is recorded by whoever finds
 * the supervisor gone (api/recover.h: this dispatcher, or another steward
 * process), so the dispatcher learns of it by looking at the run's row on
 * each turn of its loop; each end is reported once.
 */
#include "api/handle.h"
#include "dispatch/dispatch_int.h"
#include "store/runs.h"

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

int watch_poll(struct dispatch_watch *w, const struct dispatch_opts *o,
               struct steward *s, struct err *err)
{
    for (int i = 0; i < w->n;) {
        int ended = 0;
        int rc = store_runs_ended(s->db, w->run[i], &ended, err);
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
