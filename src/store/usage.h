/*
 * usage — what work used, summed: resource-hours for budgets and
 * auto-limits, and a campaign's runs and cpu-hours for its envelope.
 *
 * Work holds its reservation from approval: approved, queued, running and
 * lost experiments count their full request (resources x time limit);
 * ended runs count what they really used (resources x wall time), which
 * is how a finished run settles and returns the unused part.
 */
#ifndef STEWARD_STORE_USAGE_H
#define STEWARD_STORE_USAGE_H

#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

enum store_usage_metric {
    STORE_USAGE_CPU_HOURS,
    STORE_USAGE_GPU_HOURS,
    STORE_USAGE_MEM_GB_HOURS,
    STORE_USAGE_RUNS,
};

/* Whose work: everyone's (ALL and GLOBAL), or one proposer's, role's or
 * campaign's (named by scope_name). */
enum store_usage_scope {
    STORE_SCOPE_ALL,
    STORE_SCOPE_PRINCIPAL,
    STORE_SCOPE_ROLE,
    STORE_SCOPE_CAMPAIGN,
    STORE_SCOPE_GLOBAL,
};

struct store_usage_query {
    enum store_usage_metric metric;
    enum store_usage_scope scope;
    const char *scope_name;
    int64_t exclude_id;     /* an experiment left out (0: none) */
    int64_t since_ms;       /* proposed since */
    int auto_only;          /* only work the policy approved alone */
    int reserved_only;      /* only work not yet settled */
};

int store_usage_sum(sqlite3 *db, const struct store_usage_query *q,
                    double *sum, struct err *err) MUST_USE;

/* The runs and cpu-hours a campaign has used (reserved or spent), less
 * experiment exclude. */
int store_usage_campaign(sqlite3 *db, const char *campaign, int64_t exclude,
                         int64_t *runs, double *cpu_hours,
                         struct err *err) MUST_USE;

#endif
