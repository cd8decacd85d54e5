/* usage — sums of what work used; see usage.h. */
#include "store/usage.h"
#include "store/store.h"

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

int store_usage_sum(sqlite3 *db, const struct store_usage_query *q,
                    double *sum, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, sum_sql, &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, (int)q->metric);
    sqlite3_bind_int64(st, 2, q->exclude_id);
    sqlite3_bind_int64(st, 3, q->since_ms);
    sqlite3_bind_int(st, 4, q->auto_only);
    sqlite3_bind_int(st, 5, (int)q->scope);
    store_bind_text(st, 6, q->scope_name ? q->scope_name : "");
    sqlite3_bind_int(st, 7, q->reserved_only);
    rc = store_step(st, "summing usage", err);
    if (rc == 1)
        *sum = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return rc == 1 ? 0 : rc ? rc : err_set(err, ERR_INTERNAL, "summing "
                                           "usage: no result");
}

int store_usage_campaign(sqlite3 *db, const char *campaign, int64_t exclude,
                         int64_t *runs, double *cpu_hours, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT count(*), COALESCE(SUM(cpus * time_s)"
        " / 3600.0, 0) FROM experiments WHERE campaign = ? AND id != ? AND "
        "state IN ('approved', 'queued', 'running', 'succeeded', 'failed', "
        "'timed_out', 'killed', 'lost')", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, campaign);
    sqlite3_bind_int64(st, 2, exclude);
    rc = store_step(st, "reading campaign", err);
    *runs = sqlite3_column_int64(st, 0);
    *cpu_hours = sqlite3_column_double(st, 1);
    sqlite3_finalize(st);
    return rc < 0 ? rc : 0;
}
