/*
 * recover — reconciling runs after a crash.
 *
 * A run is executed by its supervisor process, identified by pid and
 * start time, which leaves its outcome in runs/<id>/end.json and exits
 * (api/runend.h). The dispatcher calls this whenever a supervisor's pidfd
 * says it ended, and about once a second; in direct mode every steward
 * command calls it when it opens the project. It looks at every queued or
 * running run: a run whose supervisor is still alive is left alone; one
 * whose supervisor is gone gets the outcome it left recorded, or becomes
 * `lost` when it left none, with a ledger entry, in one transaction.
 * Nothing is half-written: each run's reconciliation commits whole or not
 * at all.
 */
#ifndef STEWARD_API_RECOVER_H
#define STEWARD_API_RECOVER_H

#include "api/api.h"

int recover_runs(struct steward *s, struct err *err) MUST_USE;

#endif
