/* dispatch — the loop that starts supervisors; see dispatch.h. */
#include "dispatch/dispatch_int.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Forks the supervisor of run; the parent keeps going. */
static int start_supervisor(struct steward *s, int64_t run, int *children,
                            struct err *err)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return err_errno(err, "fork");
    if (pid == 0)
        _exit(supervise_run(s->home, run));
    (*children)++;
    return 0;
}

/* Reaps finished supervisors without blocking. */
static void reap(int *children)
{
    while (*children > 0 && waitpid(-1, NULL, WNOHANG) > 0)
        (*children)--;
}

static int fill_slots(struct steward *s, int slots, int *children,
                      int *started, struct err *err)
{
    *started = 0;
    while (*children < slots && !stop_requested) {
        int64_t exp, run;
        int rc = next_approved(s, &exp, err);
        if (rc || !exp)
            return rc;
        rc = queue_experiment(s, exp, &run, err);
        if (rc == ERR_CONFLICT) { /* another dispatcher took it */
            err_clear(err);
            continue;
        }
        rc = rc ? rc : start_supervisor(s, run, children, err);
        if (rc)
            return rc;
        (*started)++;
    }
    return 0;
}

int dispatch_run(struct steward *s, const struct dispatch_opts *o,
                 struct err *err)
{
    int slots = o->slots > 0 ? o->slots : 2, children = 0, rc = 0;
    int poll_ms = o->poll_ms > 0 ? o->poll_ms : 200;
    struct sigaction sa = {.sa_handler = on_stop};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    while (!rc && !stop_requested) {
        int started;
        reap(&children);
        rc = fill_slots(s, slots, &children, &started, err);
        if (rc || started)
            continue;
        if (!o->once)
            sleep_ms(poll_ms);
        else if (children == 0)
            break;
        else if (waitpid(-1, NULL, 0) > 0)
            children--;
    }
    return rc;
}
