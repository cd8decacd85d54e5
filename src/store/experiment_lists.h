/*
 * experiment_lists — selections over many rows of the `experiments`
 * table: the experiments to expire, to cancel, to redecide, to audit, to
 * gather as evidence, to compare or to offer as a similar earlier run.
 */
#ifndef STEWARD_STORE_EXPERIMENT_LISTS_H
#define STEWARD_STORE_EXPERIMENT_LISTS_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "store/store.h"

/* Calls fn with every experiment, oldest first, until fn returns
 * non-zero; returns that value, 0 at the end, or a negative ERR_*. */
typedef int (*store_experiment_fn)(int64_t id, const char *state,
                                   const char *content_hash, void *ctx);
int store_experiments_each(sqlite3 *db, store_experiment_fn fn, void *ctx,
                           struct err *err) MUST_USE;

/* Calls fn with each experiment that was not turned away (denied,
 * rejected, expired or cancelled), oldest first, until fn returns
 * non-zero. tags and params are JSON text ("[]" and "{}" when absent). */
typedef int (*store_live_fn)(int64_t id, const char *state, const char *tags,
                             const char *params, void *ctx);
int store_experiments_each_live(sqlite3 *db, store_live_fn fn, void *ctx,
                                struct err *err) MUST_USE;

/* The oldest (at most max) experiments in state that last changed
 * before before_ms. */
int store_experiments_stale(sqlite3 *db, const char *state,
                            int64_t before_ms, int64_t *ids, size_t max,
                            size_t *n, struct err *err) MUST_USE;

/* Queued experiments (at most max) of a halt's scope: "global" or
 * "campaign:NAME". */
int store_experiments_queued_in(sqlite3 *db, const char *scope,
                                int64_t *ids, size_t max, size_t *n,
                                struct err *err) MUST_USE;

/* The campaign's succeeded experiments, less trials its search pruned or
 * saw fail, oldest first, at most max. */
int store_experiments_completed_in(sqlite3 *db, const char *campaign,
                                   int64_t *ids, size_t max, size_t *n,
                                   struct err *err) MUST_USE;

/* The newest experiment other than exclude with this command and params
 * (JSON text) that failed, timed out or (as a trial) diverged: 1 with
 * its id, or 0. */
int store_experiments_failed_like(sqlite3 *db, const char *argv,
                                  const char *params, int64_t exclude,
                                  int64_t *id, struct err *err) MUST_USE;

/* Calls fn with the params (JSON text) of the newest 200 experiments
 * before before_id running the same command (argv as JSON text). */
typedef void (*store_params_fn)(int64_t id, const char *params, void *ctx);
int store_experiments_same_command(sqlite3 *db, const char *argv,
                                   int64_t before_id, store_params_fn fn,
                                   void *ctx, struct err *err) MUST_USE;

/* Who budgets count by: each proposer, role or campaign seen. */
enum store_account_kind {
    STORE_ACCOUNT_PROPOSER,
    STORE_ACCOUNT_ROLE,
    STORE_ACCOUNT_CAMPAIGN,
};
int store_experiments_accounts(sqlite3 *db, enum store_account_kind kind,
                               store_text_fn fn, void *ctx,
                               struct err *err) MUST_USE;

/* How many experiments are in flight (queued or running). */
int store_experiments_in_flight(sqlite3 *db, int64_t *n,
                                struct err *err) MUST_USE;

/* The oldest approved experiment no halt in force holds, or 0. */
int store_experiments_next_approved(sqlite3 *db, int64_t *id,
                                    struct err *err) MUST_USE;

#endif
