/*
 * trials — the `campaign_trials` table: which experiment each trial of a
 * campaign's search became, its state (running, complete, pruned,
 * failed, ignored), its value, the last step its search was told of and
 * a note on its fate.
 */
#ifndef STEWARD_STORE_TRIALS_H
#define STEWARD_STORE_TRIALS_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

/* Records a trial; a value that is not finite is stored as none. */
int store_trials_insert(sqlite3 *db, int64_t campaign, int64_t trial,
                        int64_t experiment, const char *state, double value,
                        const char *note, struct err *err) MUST_USE;

int store_trials_update(sqlite3 *db, int64_t campaign, int64_t trial,
                        const char *state, double value,
                        int64_t reported_step, const char *note,
                        struct err *err) MUST_USE;

int store_trials_count_running(sqlite3 *db, int64_t campaign,
                               int64_t *running, struct err *err) MUST_USE;

struct store_trial {
    int64_t trial, experiment, reported_step;
};

/* The campaign's running trials, by trial, at most max of them. */
int store_trials_running(sqlite3 *db, int64_t campaign,
                         struct store_trial *rows, size_t max, size_t *n,
                         struct err *err) MUST_USE;

/* Calls fn for each finished experiment of the campaign that is no trial
 * yet (an agent's own), oldest first, at most 64, until fn fails; returns
 * fn's error or 0. */
typedef int (*store_unadopted_fn)(int64_t experiment, const char *params,
                                  const char *state, void *ctx);
int store_trials_each_unadopted(sqlite3 *db, const char *campaign,
                                store_unadopted_fn fn, void *ctx,
                                struct err *err) MUST_USE;

/* An experiment of a campaign with its trial row, if it has one
 * (has_trial; trial_state and note are then NULL and ""). */
struct store_campaign_experiment {
    int64_t experiment, last_run;      /* last_run 0 when it never ran */
    const char *name, *state, *params, *proposer, *trial_state, *note;
    int has_trial, has_value;
    double value;
};

/* Calls fn with every experiment of the campaign, oldest first. */
typedef void (*store_campaign_experiment_fn)(
    const struct store_campaign_experiment *e, void *ctx);
int store_trials_each_experiment(sqlite3 *db, const char *campaign,
                                 store_campaign_experiment_fn fn, void *ctx,
                                 struct err *err) MUST_USE;

#endif
