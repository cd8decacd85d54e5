/*
 * metrics — the `metric_series` and `metrics` tables as read: a run's
 * series of (step, value) points by metric name. A value stored as NULL
 * (NaN, infinities) reads as NaN. Writing them is src/capture/'s.
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

#endif
