/*
 * metrics_view — a run's metrics for the terminal: one row per step and
 * one column per metric, or a small chart per metric. Both read the
 * {"name": [[step, value], ...]} object steward_metrics returns, each
 * series sorted by step.
 */
#ifndef STEWARD_CLI_METRICS_VIEW_H
#define STEWARD_CLI_METRICS_VIEW_H

#include <stdio.h>
#include <jansson.h>
#include "core/err.h"

/* Prints the table; with more than max_rows steps, max_rows of them
 * spread evenly (first and last always), and says so. */
int metrics_table(const json_t *metrics, size_t max_rows, FILE *out,
                  struct err *err) MUST_USE;

/* Prints one chart per metric (only `only` when not NULL), width columns
 * wide and height rows high. */
int metrics_plot(const json_t *metrics, const char *only, int width,
                 int height, FILE *out, struct err *err) MUST_USE;

#endif
