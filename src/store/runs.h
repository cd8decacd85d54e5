/*
 * runs — the `runs` table: one row per attempt to run an experiment,
 * from queued to ended, with its supervisor, resource use, stop request
 * and artifact manifest. An experiment's latest run is its run with the
 * highest id.
 */
#ifndef STEWARD_STORE_RUNS_H
#define STEWARD_STORE_RUNS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "store/store.h"

/* Calls fn with each run's artifact manifest (runs without one are
 * skipped). */
int store_runs_each_artifacts(sqlite3 *db, store_text_fn fn, void *ctx,
                              struct err *err) MUST_USE;

/* Runs not ended (at most max; in flight, or left by a crash), into
 * runs. */
#define STORE_RUNS_UNENDED_MAX 1024
int store_runs_unended(sqlite3 *db, int64_t *runs, size_t max, size_t *n,
                       struct err *err) MUST_USE;

/* The experiment's latest run as api.h shows it, or JSON null when it
 * never ran. */
int store_runs_latest_json(sqlite3 *db, int64_t experiment, json_t **out,
                           struct err *err) MUST_USE;

/* The id of the experiment's latest run: 1, or 0 when it never ran. */
int store_runs_latest_id(sqlite3 *db, int64_t experiment, int64_t *run,
                         struct err *err) MUST_USE;

/* The supervisor of the experiment's latest run: its pid and start time
 * (0 and "" when it never ran). */
int store_runs_supervisor(sqlite3 *db, int64_t experiment, int64_t *pid,
                          char *start, size_t n, struct err *err) MUST_USE;

/* Asks the experiment's latest run to stop, for why, unless someone
 * asked already. */
int store_runs_request_stop(sqlite3 *db, int64_t experiment, const char *why,
                            struct err *err) MUST_USE;

/* Calls fn with every run, newest first: whether it ended, when, and its
 * artifact manifest (NULL when it has none). */
typedef void (*store_run_end_fn)(int64_t run, int ended, int64_t ended_ms,
                                 const char *artifacts, void *ctx);
int store_runs_each_newest(sqlite3 *db, store_run_end_fn fn, void *ctx,
                           struct err *err) MUST_USE;

#endif
