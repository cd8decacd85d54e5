/*
 * metrics — the `metric_series` and `metrics` tables as read: a run's
 * series of (step, value) points by metric name. A value stored as NULL
 * (NaN, infinities) reads as NaN. What to write is src/capture/'s
 * (parsing, batching); the writer below holds its prepared statements.
 */
#ifndef STEWARD_STORE_METRICS_H
#define STEWARD_STORE_METRICS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

/* The last value of metric in the experiment's latest run: 1, or 0 when
 * that run never reported it. */
int store_metrics_last_value(sqlite3 *db, int64_t experiment,
                             const char *metric, double *value,
                             struct err *err) MUST_USE;

/* Calls fn with the experiment's points of metric (over all its runs)
 * after step after_step, by step, at most limit of them, until fn returns
 * non-zero; returns that value, 0 at the end, or a negative ERR_*. */
typedef int (*store_point_fn)(int64_t step, double value, void *ctx);
int store_metrics_each_point(sqlite3 *db, int64_t experiment,
                             const char *metric, int64_t after_step,
                             int64_t limit, store_point_fn fn, void *ctx,
                             struct err *err) MUST_USE;

/* Every series of the run as {name: [[step, value], ...]}, values as
 * core/json.h writes doubles. */
int store_metrics_of_run(sqlite3 *db, int64_t run, json_t **out,
                         struct err *err) MUST_USE;

/* ---- writing (capture/ingest.c) ---------------------------------- */

/* How far a run's metrics file has been read: the place a reader resumes
 * at and the counts so far. */
struct store_metrics_place {
    int64_t offset, points, bad_lines, lines;
};

struct store_metrics_writer;

/* A writer for run's points; *place is what is on record
 * (ERR_NOTFOUND when there is no such run). */
int store_metrics_writer_open(sqlite3 *db, int64_t run,
                              struct store_metrics_writer **out,
                              struct store_metrics_place *place,
                              struct err *err) MUST_USE;
/* The id of the run's series name, made when new. */
int store_metrics_series(struct store_metrics_writer *w, const char *name,
                         int64_t *id, struct err *err) MUST_USE;
/* One point; a later point of the same step replaces it. */
int store_metrics_put(struct store_metrics_writer *w, int64_t series,
                      int64_t step, double value, struct err *err) MUST_USE;
int store_metrics_save_place(struct store_metrics_writer *w,
                             const struct store_metrics_place *place,
                             struct err *err) MUST_USE;
void store_metrics_writer_free(struct store_metrics_writer *w);

#endif
