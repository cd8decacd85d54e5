/* usage — rolling sums from the database; see usage.h. */
#include "api/usage.h"
#include "core/clock.h"
#include "store/usage.h"

#include <math.h>

static int64_t window_start(enum policy_window window)
{
    int64_t now = clock_wall_ms();
    if (window == POLICY_WINDOW_DAY)
        return now - 86400000LL;
    if (window == POLICY_WINDOW_WEEK)
        return now - 7 * 86400000LL;
    return 0;
}

static enum store_usage_scope scope_code(enum policy_scope scope)
{
    switch (scope) {
    case POLICY_SCOPE_PRINCIPAL: return STORE_SCOPE_PRINCIPAL;
    case POLICY_SCOPE_ROLE: return STORE_SCOPE_ROLE;
    case POLICY_SCOPE_CAMPAIGN: return STORE_SCOPE_CAMPAIGN;
    case POLICY_SCOPE_GLOBAL: return STORE_SCOPE_GLOBAL;
    default: return STORE_SCOPE_ALL;
    }
}

static enum store_usage_metric metric_code(enum policy_metric metric)
{
    switch (metric) {
    case POLICY_CPU_HOURS: return STORE_USAGE_CPU_HOURS;
    case POLICY_GPU_HOURS: return STORE_USAGE_GPU_HOURS;
    case POLICY_MEM_GB_HOURS: return STORE_USAGE_MEM_GB_HOURS;
    default: return STORE_USAGE_RUNS;
    }
}

double usage_sum(void *ctx, enum policy_metric metric, enum policy_scope scope,
                 const char *scope_name, enum policy_window window,
                 enum policy_usage_kind kind)
{
    return usage_query(ctx, metric, scope, scope_name, window, kind, 0);
}

double usage_query(struct usage_ctx *u, enum policy_metric metric,
                   enum policy_scope scope, const char *scope_name,
                   enum policy_window window, enum policy_usage_kind kind,
                   int reserved_only)
{
    struct store_usage_query q = {metric_code(metric), scope_code(scope),
                                  scope_name, u->exclude_id,
                                  window_start(window),
                                  kind == POLICY_USAGE_AUTO, reserved_only};
    struct err ignored = ERR_INIT;
    double sum;
    return store_usage_sum(u->db, &q, &sum, &ignored) ? NAN : sum;
}
