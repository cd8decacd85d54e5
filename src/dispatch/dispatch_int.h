/* dispatch_int — pieces shared inside src/dispatch/. */
#ifndef STEWARD_DISPATCH_INT_H
#define STEWARD_DISPATCH_INT_H

#include "dispatch/dispatch.h"

/* approved → queued, with a run row. */
int queue_experiment(struct steward *s, int64_t exp, int64_t *run,
                     struct err *err) MUST_USE;
/* The oldest approved experiment, or 0. */
int next_approved(struct steward *s, int64_t *exp, struct err *err) MUST_USE;

/* Sleeps up to ms, less when a run's supervisor ends or wake_fd (> 0)
 * becomes readable. */
void dispatch_wait(struct steward *s, int ms, int wake_fd);

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

/* zygote.c: forks run's supervisor from the zygote: 0 started, -1 the
 * fork failed, 1 no zygote (exec it instead). */
int zygote_start_supervisor(const char *home, int64_t run);

#endif
