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

#endif
