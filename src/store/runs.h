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

/* ---- the dispatcher's (dispatch/, api/recover.c, api/runend.c) ---- */

/* The id the next run would take (max + 1). */
int store_runs_next_id(sqlite3 *db, int64_t *id, struct err *err) MUST_USE;

/* A run row at its start: started (refused NULL) or refused before it
 * began (ended at once, for refused). */
struct store_run_new {
    int64_t id, experiment;
    int64_t supervisor_pid;
    const char *supervisor_start;
    int64_t now_ms;
    const char *refused;
};
int store_runs_insert(sqlite3 *db, const struct store_run_new *r,
                      struct err *err) MUST_USE;

/* A run in flight (its experiment queued or running, the run not ended)
 * and the supervisor on record for it. */
struct store_run_in_flight {
    int64_t run, experiment, supervisor_pid;
    char state[16];
    char supervisor_start[32];
};
int store_runs_in_flight(sqlite3 *db, struct store_run_in_flight *out,
                         size_t max, size_t *n, struct err *err) MUST_USE;

/* Runs of running experiments not ended yet (at most max). */
int store_runs_running(sqlite3 *db, int64_t *runs, size_t max, size_t *n,
                       struct err *err) MUST_USE;

/* 1 in *ended when run ended (or is gone), else 0. */
int store_runs_ended(sqlite3 *db, int64_t run, int *ended,
                     struct err *err) MUST_USE;

/* Why someone asked run to stop, into out: 1, or 0 when nobody asked. */
int store_runs_stop_request(sqlite3 *db, int64_t run, char *out, size_t n,
                            struct err *err) MUST_USE;

/* Ends run with only a reason (lost: its supervisor left no outcome). */
int store_runs_end_with_reason(sqlite3 *db, int64_t run, const char *reason,
                               int64_t now_ms, struct err *err) MUST_USE;

/* How a run ended, as its supervisor left it; exit_code and signal are
 * NULL in SQL when not has_*; enforcement and artifacts are JSON text or
 * NULL. */
struct store_run_end {
    int64_t now_ms;
    int has_exit, exit_code, has_signal, signal;
    const char *reason;
    double user_s, sys_s;
    int64_t max_rss_kb, log_dropped;
    const char *enforcement, *artifacts;
};
int store_runs_record_end(sqlite3 *db, int64_t run,
                          const struct store_run_end *e,
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
