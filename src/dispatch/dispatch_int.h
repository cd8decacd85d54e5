/* dispatch_int — pieces shared inside src/dispatch/. */
#ifndef STEWARD_DISPATCH_INT_H
#define STEWARD_DISPATCH_INT_H

#include "dispatch/dispatch.h"

#include <sys/types.h>

/* The oldest approved experiment, or 0. */
int next_approved(struct steward *s, int64_t *exp, struct err *err) MUST_USE;

/* The supervisor whose identity a start records. */
struct supervisor_id {
    pid_t pid;
    char start[32];              /* its start time (core/proc.h) */
};

/* In one transaction: approved → queued → running with a run row naming
 * sup (*run), or refused: 0 with *run = 0 when a halt holds it (left
 * approved) or another dispatcher took it, failed on the record when its
 * approval no longer binds. */
int start_experiment(struct steward *s, int64_t exp,
                     const struct supervisor_id *sup, int64_t *run,
                     struct err *err) MUST_USE;

/* Starts exp if it may start: a supervisor forked, the start recorded,
 * the run handed over. *run is 0 when it did not start. */
int launch_experiment(struct steward *s, int64_t exp, int64_t *run,
                      struct err *err) MUST_USE;
/* Lets the supervisor kept born ahead go (it exits). */
void launch_release_spare(void);

/* channel.c: one JSON message each way at a time; 0 or -1. */
#define CHANNEL_MAX_BYTES (1u << 30)
int channel_send(int fd, const json_t *msg);
int channel_read(int fd, json_t **msg);

/* tail.c: ingests what running runs appended to their metrics files, at
 * most every DISPATCH_TAIL_MS unless now; forgets runs that ended. */
#define DISPATCH_TAIL_MS 100
void tail_metrics(struct steward *s, int now);
void tail_free(void);

/* Sleeps up to ms, less when a run's supervisor ends or wake_fd (> 0)
 * becomes readable. 1 when a supervisor ended, else 0. */
int dispatch_wait(struct steward *s, int ms, int wake_fd);

/* The runs this dispatcher started and has not yet seen end, so that it
 * can report each end once (progress.c). Runs in flight never exceed the
 * slots (at most 256). */
#define DISPATCH_WATCH_MAX 256
struct dispatch_watch {
    int64_t exp[DISPATCH_WATCH_MAX], run[DISPATCH_WATCH_MAX];
    int n;
};

/* Reports that run (of exp) started and watches it. */
void watch_started(struct dispatch_watch *w, const struct dispatch_opts *o,
                   struct steward *s, int64_t exp, int64_t run);
/* Reports every watched run that has ended since the last look. */
int watch_poll(struct dispatch_watch *w, const struct dispatch_opts *o,
               struct steward *s, struct err *err) MUST_USE;

/* zygote.c: forks a supervisor from the zygote, its socket chan: 0
 * started, -1 the fork failed, 1 no zygote (exec it instead). */
int zygote_start_supervisor(const char *home, int chan);

#endif
