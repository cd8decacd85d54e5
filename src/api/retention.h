/*
 * retention — how long the bulky files of ended runs are kept: their
 * logs (stdout.log, stderr.log, supervisor.log), their io/ directory (the
 * raw metrics sink and the run's own copy of its artifacts) and the
 * content-addressed artifacts no kept run refers to.
 *
 * A run's files are kept while it is among the keep_last newest ended
 * runs (by id) OR ended less than keep_ms ago; every other ended run loses
 * them. What stays, always: the database (experiment, decision, reviews,
 * metrics, the artifact manifest with hashes and sizes), the ledger, the
 * run's digest.json, and its work/ snapshot (the code that ran; the
 * content-addressed snapshot store and its own `gc` own that). A pruned
 * run's directory gets retention.json saying when, by whom and how much,
 * so `logs` and `artifacts get` can say "removed by retention" instead of
 * "missing".
 *
 * Only owners prune (principal "retention"), and each pruning is one
 * ledger entry listing the runs. A stored artifact is removed only when
 * no kept run's manifest names its hash and it is older than an hour:
 * a run that ends while we prune may be storing that same content right
 * now, and its manifest is not in the database yet.
 *
 * This file is the retention logic alone; `steward gc` (cmd_gc.c) and
 * the policy's `retain` statement call it. The snapshot store's gc is
 * meant to sit beside it in the same command.
 */
#ifndef STEWARD_API_RETENTION_H
#define STEWARD_API_RETENTION_H

#include <stdint.h>
#include <jansson.h>
#include "api/api.h"

struct retention {
    int64_t keep_ms;     /* keep runs that ended this recently; -1: no age rule */
    int64_t keep_last;   /* keep the files of the newest N ended runs
                            (by run id: the last started); -1: none */
    int dry_run;         /* report only */
};

/* Applies r. *report: {"runs": [run ids], "bytes", "artifacts",
 * "dry_run", "keep_ms", "keep_last"}. Fails with ERR_USER when r has no
 * rule at all (keep_ms and keep_last both -1). */
int steward_retention(struct steward *s, const struct retention *r,
                      json_t **report, struct err *err) MUST_USE;

/* The policy's `retain` setting as a struct retention; found is 0 when
 * the policy says nothing (then nothing is pruned automatically). */
int steward_retention_policy(struct steward *s, struct retention *r,
                             int *found, struct err *err) MUST_USE;

/* What dispatch and serve do as they start: applies the policy's rule
 * when there is one and the principal may prune; *report stays NULL
 * otherwise. */
int steward_retention_auto(struct steward *s, json_t **report,
                           struct err *err) MUST_USE;

/* 1 when run directory dir was pruned (retention.json is there). */
int retention_pruned(const char *dir);

#define RETENTION_MARKER "retention.json"
#define RETENTION_BLOB_GRACE_MS (3600 * 1000LL)

#endif
