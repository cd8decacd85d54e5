/*
 * runs — the `runs` table: one row per attempt to run an experiment,
 * from queued to ended, with its supervisor, resource use, stop request
 * and artifact manifest.
 */
#ifndef STEWARD_STORE_RUNS_H
#define STEWARD_STORE_RUNS_H

#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"
#include "store/store.h"

/* Calls fn with each run's artifact manifest (runs without one are
 * skipped). */
int store_runs_each_artifacts(sqlite3 *db, store_text_fn fn, void *ctx,
                              struct err *err) MUST_USE;

#endif
