/*
 * metrics — ingesting the JSON-lines metrics a run writes.
 *
 * A run appends lines like {"step":3,"loss":0.41} to $STEWARD_METRICS. The
 * dispatcher tails that file (dispatch/tail.c) and ingests complete lines
 * in batches, one transaction per batch, recording how far it has read
 * (the start of the line not yet complete) and how many lines in the same
 * transaction, so another reader (a restarted server, whoever records the
 * run's end) neither loses nor repeats nor renumbers points.
 *
 * The run is untrusted and may write anything: a line that is not a flat
 * JSON object of numbers, or is longer than METRICS_LINE_MAX, is counted
 * as bad and skipped, and the run goes on. NaN and infinities are accepted
 * both as JSON strings ("nan", "inf", "-inf") and as the bare tokens NaN,
 * Infinity and -Infinity that Python's json module writes; NaN is stored
 * as SQL NULL (SQLite cannot hold a NaN).
 */
#ifndef STEWARD_CAPTURE_METRICS_H
#define STEWARD_CAPTURE_METRICS_H

#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"
#include "core/metricline.h"

#define METRICS_LINE_MAX (64 * 1024)
#define METRICS_SERIES_MAX 256

/* metrics_parse_line and struct metrics_point live in core/metricline.h:
 * the digest counts bad lines with the same parser. */

struct metrics_ingest;

/* An ingester for run_id, resuming at the offset recorded in runs. */
int metrics_ingest_open(sqlite3 *db, int64_t run_id,
                        struct metrics_ingest **out, struct err *err) MUST_USE;

/* Ingests every complete line of data (may hold many lines). A trailing
 * partial line is kept for the next call. One transaction. */
int metrics_ingest_bytes(struct metrics_ingest *mi, const char *data,
                         size_t len, struct err *err) MUST_USE;

/* Reads what was appended to path since the last call and ingests it. */
int metrics_ingest_file(struct metrics_ingest *mi, const char *path,
                        struct err *err) MUST_USE;

void metrics_ingest_counts(const struct metrics_ingest *mi, int64_t *points,
                           int64_t *bad_lines);
void metrics_ingest_free(struct metrics_ingest *mi);

#endif
