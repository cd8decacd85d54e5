/*
 * runpath — where a run's files live: <home>/runs/<id>/, its logs, its
 * io/ (metrics, artifacts), its digest and the outcome its supervisor
 * leaves (end.json). One place for the layout.
 */
#ifndef STEWARD_API_RUNPATH_H
#define STEWARD_API_RUNPATH_H

#include <stddef.h>
#include <stdint.h>

/* The metrics file a run appends to ($STEWARD_METRICS), under its
 * directory. */
#define RUN_METRICS "io/metrics.jsonl"

/* home/runs/<run> followed by "/leaf" (or nothing for NULL) into out:
 * 0, or -1 when it does not fit in n. */
int run_path(const char *home, int64_t run, const char *leaf, char *out,
             size_t n);

#endif
