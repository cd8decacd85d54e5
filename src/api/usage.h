/*
 * usage — rolling sums of approved work, for budgets and auto-limits.
 *
 * Work holds its reservation from approval: approved, queued, running and
 * lost experiments count their full request (cpus x time limit); ended
 * runs count what they really used (cpus x wall time), which is how a
 * finished run settles and returns the unused part. Lost runs keep their
 * reservation until reconciled by a human.
 */
#ifndef STEWARD_API_USAGE_H
#define STEWARD_API_USAGE_H

#include <sqlite3.h>
#include <stdint.h>
#include "policy/policy.h"

struct usage_ctx {
    sqlite3 *db;
    int64_t exclude_id;   /* the experiment being decided */
};

/* A policy_usage_fn over the experiments table. */
double usage_sum(void *ctx, enum policy_metric metric, enum policy_scope scope,
                 const char *scope_name, enum policy_window window,
                 enum policy_usage_kind kind);

/* The same sum, or with reserved_only only the work not yet settled
 * (approved, queued, running, lost). */
double usage_query(struct usage_ctx *u, enum policy_metric metric,
                   enum policy_scope scope, const char *scope_name,
                   enum policy_window window, enum policy_usage_kind kind,
                   int reserved_only);

#endif
