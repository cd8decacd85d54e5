/*
 * dispatch — turns approved experiments into supervised runs.
 *
 * The dispatcher picks approved experiments, moves each to `queued` with a
 * run row in one transaction, and forks a supervisor for it. The
 * supervisor owns the run from then on: it starts the sandbox, enforces
 * the wall-time limit, ingests metrics, and records the outcome. It runs
 * in its own session, so a dispatcher that dies (even by kill -9) leaves
 * its runs going; the next steward start re-attaches to them, or marks
 * them lost when their supervisor is gone too (see api/recover.h).
 */
#ifndef STEWARD_DISPATCH_DISPATCH_H
#define STEWARD_DISPATCH_DISPATCH_H

#include "api/api.h"

/* What a dispatcher reports as the runs it started begin and end (the
 * CLI prints one line each); exp is the experiment, run its run. */
typedef void (*dispatch_progress_fn)(void *ctx, struct steward *s,
                                     int64_t exp, int64_t run, int ended);

struct dispatch_opts {
    int once;        /* run until nothing is approved or running, then stop */
    int slots;       /* runs at once (default 2) */
    int poll_ms;     /* how often serve looks for work */
    int wake_fd;     /* readable when work may be waiting (serve's
                        eventfd); 0 = none, poll_ms alone */
    int quiet;
    dispatch_progress_fn progress;   /* NULL: silent */
    void *progress_ctx;
};

int dispatch_run(struct steward *s, const struct dispatch_opts *o,
                 struct err *err) MUST_USE;

/* Supervisors forked without an exec (zygote.c): start it while the
 * process is single-threaded and before it opens any project (0, or -1
 * and supervisors are exec'd); stop it when done dispatching. */
int dispatch_zygote_start(void);
void dispatch_zygote_stop(void);

/* The supervisor's entry point: `steward __supervise HOME RUN_ID`, exec'd
 * by the dispatcher, or called in a child of the zygote. Returns an exit
 * status. */
int supervise_run(const char *home, int64_t run_id);
#define DISPATCH_SUPERVISE_CMD "__supervise"

/* Default grace between SIGTERM and SIGKILL ($STEWARD_GRACE_MS overrides).*/
#define DISPATCH_GRACE_MS 3000

#endif
