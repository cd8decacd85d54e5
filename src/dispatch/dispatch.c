/* dispatch — the loop that starts supervisors; see dispatch.h. */
#include "api/handle.h"
#include "dispatch/dispatch_int.h"
#include "core/proc.h"
#include "api/expire.h"
#include "api/recover.h"
#include "campaign/campaign.h"
#include "core/clock.h"
#include "store/store.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* Starts the supervisor of run detached: an intermediate child forks it
 * and exits at once, so the supervisor never belongs to the dispatcher and
 * is reaped by init. The zygote forks it when there is one (zygote.c);
 * otherwise it is a fresh exec of steward: a forked copy of the
 * dispatcher would inherit its open SQLite connection, and SQLite's locks
 * do not survive fork (a child that reuses the parent's lock state can
 * lose commits once the parent dies). */
static int start_supervisor(struct steward *s, int64_t run, struct err *err)
{
    char id[32];
    int z = zygote_start_supervisor(s->home, run);
    if (z <= 0)
        return z ? err_set(err, ERR_INTERNAL, "could not start the "
                           "supervisor of run %lld (fork failed)",
                           (long long)run) : 0;
    snprintf(id, sizeof id, "%lld", (long long)run);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return err_errno(err, "fork");
    if (pid == 0) {
        pid_t sup = fork();
        if (sup == 0) {
            execl(proc_steward_exe(), "steward", DISPATCH_SUPERVISE_CMD,
                  s->home, id, (char *)NULL);
            _exit(127);
        }
        _exit(sup < 0 ? 1 : 0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status))
        return err_set(err, ERR_INTERNAL, "could not start the supervisor "
                       "of run %lld (fork failed)", (long long)run);
    return 0;
}

/* Runs in flight: queued or running experiments of this project. */
static int in_flight(struct steward *s, int *n, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT count(*) FROM experiments WHERE "
                           "state IN ('queued', 'running')", &st, err);
    if (rc)
        return rc;
    rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : store_fail(s->db, rc, "counting runs", err);
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
        rc = queue_experiment(s, exp, &run, err);
        if (rc == ERR_CONFLICT) { /* another dispatcher took it */
            err_clear(err);
            rc = 0;
            continue;
        }
        rc = rc ? rc : start_supervisor(s, run, err);
        if (!rc)
            watch_started(w, o, s, exp, run);
        busy++;
        (*started)++;
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
    int64_t last_recover = clock_mono_ns();
    while (!rc && !stop_requested) {
        int started, busy = 0, proposed = 0;
        int64_t waiting = 0;
        /* A supervisor that died (crash, kill -9) leaves its run in
         * flight, or --once waits forever; a review or approval outlives
         * its period. Reconcile both about once a second (the server's
         * reads rely on it: they do not). */
        if (clock_mono_ns() - last_recover > 1000000000LL) {
            rc = recover_runs(s, err);
            rc = rc ? rc : expire_stale(s, err);
            last_recover = clock_mono_ns();
        }
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
        dispatch_wait(s, o->once ? 2 : poll_ms, o->wake_fd);
    }
    return rc ? rc : watch_poll(&watch, o, s, err);
}
