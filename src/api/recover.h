/*
 * recover — reconciling runs after a crash.
 *
 * A run is owned by its supervisor process, identified by pid and start
 * time. When steward opens a project it looks at every queued or running
 * run: a run whose supervisor is still alive is left alone (the supervisor
 * records the outcome itself: re-attached); a run whose supervisor is gone
 * can never report, so it becomes `lost`, with a ledger entry, in one
 * transaction. Nothing is half-written: each run's reconciliation commits
 * whole or not at all.
 */
#ifndef STEWARD_API_RECOVER_H
#define STEWARD_API_RECOVER_H

#include "api/api.h"

int recover_runs(struct steward *s, struct err *err) MUST_USE;

#endif
