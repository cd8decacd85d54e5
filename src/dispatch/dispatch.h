/*
 * dispatch — turns approved experiments into supervised runs.
 *
 * The dispatcher (inside `steward serve`, or `steward dispatch` in direct
 * mode) is the only process that writes a run's state. For each approved
 * experiment it forks a supervisor, and in one transaction moves the
 * experiment to `running` with a run row naming that supervisor (or
 * refuses it: a halt holds it, an approval that no longer binds fails
 * it); then it hands the supervisor its run. The supervisor never opens
 * the database: it starts the sandbox, enforces the limits, and leaves
 * its outcome in runs/<id>/end.json. The dispatcher watches each
 * supervisor's pidfd, ingests the run's metrics as they come, and
 * records the end when the supervisor exits (api/recover.h). Supervisors
 * run in their own session, so a dispatcher that dies (even by kill -9)
 * leaves its runs going; the next dispatcher (or, in direct mode, the
 * next steward command) finds them by their pid and start time and
 * records their ends, or marks them lost when no outcome was left.
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

/* The supervisor's entry point: `steward __supervise HOME` with its
 * socket to the dispatcher as descriptor DISPATCH_CHANNEL_FD, exec'd by
 * the dispatcher, or called in a child of the zygote. Returns an exit
 * status. */
int supervise_run(const char *home, int chan);
#define DISPATCH_SUPERVISE_CMD "__supervise"
#define DISPATCH_CHANNEL_FD 3

/* Default grace between SIGTERM and SIGKILL ($STEWARD_GRACE_MS overrides).*/
#define DISPATCH_GRACE_MS 3000

#endif
