/* dispatch — the loop that starts supervisors; see dispatch.h. */
#include "api/handle.h"
#include "dispatch/dispatch_int.h"
#include "api/expire.h"
#include "api/recover.h"
#include "campaign/campaign.h"
#include "core/clock.h"
#include "store/experiment_lists.h"

#include <signal.h>

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* Runs in flight: queued or running experiments of this project. */
static int in_flight(struct steward *s, int *n, struct err *err)
{
    int64_t count = 0;
    int rc = store_experiments_in_flight(s->db, &count, err);
    *n = (int)count;
    return rc;
}

static int fill_slots(struct steward *s, const struct dispatch_opts *o,
                      struct dispatch_watch *w, int *started, struct err *err)
{
    int busy, slots = o->slots > 0 ? o->slots : 2;
    int rc = in_flight(s, &busy, err);
    *started = 0;
    while (!rc && busy < slots && !stop_requested) {
        int64_t exp, run;
        rc = next_approved(s, &exp, err);
        if (rc || !exp)
            return rc;
        /* Not started (held, taken, refused) is no longer approved and
         * unheld: the next look finds other work. */
        rc = launch_experiment(s, exp, &run, err);
        if (!rc && run) {
            watch_started(w, o, s, exp, run);
            busy++;
        }
        (*started)++;
    }
    return rc;
}

/* Supervisors that ended get their outcomes recorded (and any run whose
 * supervisor died, lost) at once, with the last of their metrics; a
 * review or approval that outlived its period expires. The first about
 * once a second too, the second only then (the server's reads rely on
 * it: they do not). */
static int reconcile(struct steward *s, int ended, int64_t *last,
                     struct err *err)
{
    int tick = clock_mono_ns() - *last > 1000000000LL;
    int rc = 0;
    /* every byte read before an end is recorded: at once then */
    tail_metrics(s, ended || tick);
    if (ended || tick)
        rc = recover_runs(s, err);
    if (tick) {
        rc = rc ? rc : expire_stale(s, err);
        *last = clock_mono_ns();
    }
    return rc;
}

int dispatch_run(struct steward *s, const struct dispatch_opts *o,
                 struct err *err)
{
    int rc = 0;
    struct dispatch_watch watch = {.n = 0};
    int poll_ms = o->poll_ms > 0 ? o->poll_ms : 200;
    struct sigaction sa = {.sa_handler = on_stop};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    int64_t last_tick = clock_mono_ns();
    int ended = 0;
    while (!rc && !stop_requested) {
        int started, busy = 0, proposed = 0;
        int64_t waiting = 0;
        rc = reconcile(s, ended, &last_tick, err);
        rc = rc ? rc : watch_poll(&watch, o, s, err);
        rc = rc ? rc : campaign_drive(s, &proposed, err);
        rc = rc ? rc : fill_slots(s, o, &watch, &started, err);
        if (rc || started || proposed)
            continue;
        /* --once ends when nothing runs and nothing approved waits (a run
         * may end between the two looks: then look again). */
        rc = o->once ? in_flight(s, &busy, err) : 0;
        rc = rc || !o->once || busy ? rc : next_approved(s, &waiting, err);
        /* Runs that ended after this step's campaign sync are fed back
         * before --once returns (a last sync, which may propose more). */
        if (o->once && !rc && busy == 0 && waiting == 0 &&
            !(rc = campaign_drive(s, &proposed, err)) && !proposed)
            break;
        ended = dispatch_wait(s, o->once ? DISPATCH_TAIL_MS : poll_ms,
                              o->wake_fd);
    }
    tail_free();
    launch_release_spare();
    return rc ? rc : watch_poll(&watch, o, s, err);
}
