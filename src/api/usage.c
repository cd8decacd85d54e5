/* usage — rolling sums from the database; see usage.h. */
#include "api/usage.h"
#include "core/clock.h"

#include <math.h>

static const char sum_sql[] =
    "SELECT COALESCE(SUM(CASE WHEN ?1 = 3 THEN 1.0 ELSE "
    "  (CASE ?1 WHEN 0 THEN e.cpus WHEN 1 THEN e.gpus "
    "   ELSE e.mem_bytes / 1073741824.0 END) * "
    "  (CASE WHEN r.ended_ms IS NOT NULL AND e.state != 'lost' "
    "        AND r.started_ms IS NOT NULL "
    "   THEN (r.ended_ms - r.started_ms) / 3600000.0 "
    "   WHEN r.ended_ms IS NOT NULL AND e.state != 'lost' THEN 0 "
    "   ELSE e.time_s / 3600.0 END) END), 0) "
    "FROM experiments e LEFT JOIN runs r ON r.experiment_id = e.id "
    "WHERE e.state IN ('approved', 'queued', 'running', 'succeeded', "
    "  'failed', 'timed_out', 'killed', 'lost') "
    "AND e.id != ?2 AND e.created_ms >= ?3 "
    "AND (?7 = 0 OR e.state IN ('approved', 'queued', 'running', 'lost')) "
    "AND (?4 = 0 OR json_extract(e.decision, '$.verdict') = 'auto') "
    "AND (?5 = 4 OR ?5 = 0 "
    "  OR (?5 = 1 AND e.proposer = ?6) "
    "  OR (?5 = 2 AND e.proposer_role = ?6) "
    "  OR (?5 = 3 AND e.campaign = ?6))";

static int64_t window_start(enum policy_window window)
{
    int64_t now = clock_wall_ms();
    if (window == POLICY_WINDOW_DAY)
        return now - 86400000LL;
    if (window == POLICY_WINDOW_WEEK)
        return now - 7 * 86400000LL;
    return 0;
}

static int scope_code(enum policy_scope scope)
{
    switch (scope) {
    case POLICY_SCOPE_PRINCIPAL: return 1;
    case POLICY_SCOPE_ROLE: return 2;
    case POLICY_SCOPE_CAMPAIGN: return 3;
    case POLICY_SCOPE_GLOBAL: return 4;
    default: return 0;
    }
}

static int metric_code(enum policy_metric metric)
{
    switch (metric) {
    case POLICY_CPU_HOURS: return 0;
    case POLICY_GPU_HOURS: return 1;
    case POLICY_MEM_GB_HOURS: return 2;
    default: return 3;
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
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(u->db, sum_sql, -1, &st, NULL) != SQLITE_OK)
        return NAN;
    sqlite3_bind_int(st, 1, metric_code(metric));
    sqlite3_bind_int64(st, 2, u->exclude_id);
    sqlite3_bind_int64(st, 3, window_start(window));
    sqlite3_bind_int(st, 4, kind == POLICY_USAGE_AUTO);
    sqlite3_bind_int(st, 5, scope_code(scope));
    sqlite3_bind_text(st, 6, scope_name ? scope_name : "", -1,
                      SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 7, reserved_only);
    double v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_double(st, 0)
                                               : NAN;
    sqlite3_finalize(st);
    return v;
}
