/*
 * runend — recording how a run ended, from what its supervisor left.
 *
 * A supervisor never writes the database: it leaves runs/<id>/end.json
 * (dispatch/outcome.c) and exits. Whoever owns the state (the server's
 * dispatcher, or in direct mode the next steward command) records it
 * here once the supervisor is gone: the run's last metrics, then in one
 * transaction the experiment's final state, the run row and the
 * `run.end` ledger entry. A run whose supervisor left nothing is lost.
 */
#ifndef STEWARD_API_RUNEND_H
#define STEWARD_API_RUNEND_H

#include "api/api.h"

/* The outcome left for run, or NULL when there is none or it is not
 * one (a supervisor that died before writing it). */
json_t *runend_read(const char *home, int64_t run);

/* Records the outcome end of run (of experiment exp, which is running):
 * ingests the rest of its metrics, then commits the end. */
int runend_record(struct steward *s, int64_t run, int64_t exp,
                  const json_t *end, struct err *err) MUST_USE;

#endif
