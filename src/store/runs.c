/* runs — the runs table; see runs.h. */
#include "store/runs.h"

#include <stdio.h>

int store_runs_each_artifacts(sqlite3 *db, store_text_fn fn, void *ctx,
                              struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT artifacts FROM runs WHERE artifacts "
                           "IS NOT NULL", &st, err);
    return rc ? rc : store_each_text(st, fn, ctx, "reading manifests", err);
}

int store_runs_next_id(sqlite3 *db, int64_t *id, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT coalesce(max(id), 0) + 1 FROM runs",
                           &st, err);
    rc = rc ? rc : store_one_int64(st, id, "reading runs", err);
    return rc < 0 ? rc : 0;
}

int store_runs_insert(sqlite3 *db, const struct store_run_new *r,
                      struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO runs(id, experiment_id, "
                           "backend, supervisor_pid, supervisor_start, "
                           "queued_ms, started_ms, ended_ms, end_reason) "
                           "VALUES (?, ?, 'local', ?, ?, ?, ?, ?, ?)", &st,
                           err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, r->id);
    sqlite3_bind_int64(st, 2, r->experiment);
    sqlite3_bind_int64(st, 3, r->supervisor_pid);
    store_bind_text(st, 4, r->supervisor_start);
    sqlite3_bind_int64(st, 5, r->now_ms);
    if (!r->refused)
        sqlite3_bind_int64(st, 6, r->now_ms);
    else
        sqlite3_bind_int64(st, 7, r->now_ms);
    store_bind_text(st, 8, r->refused);
    return store_exec_stmt(st, err);
}

int store_runs_in_flight(sqlite3 *db, struct store_run_in_flight *out,
                         size_t max, size_t *n, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT r.id, e.id, e.state, "
                           "r.supervisor_pid, r.supervisor_start FROM runs r "
                           "JOIN experiments e ON e.id = r.experiment_id "
                           "WHERE e.state IN ('queued', 'running') "
                           "AND r.ended_ms IS NULL", &st, err);
    *n = 0;
    if (rc)
        return rc;
    while (*n < max && (rc = store_step(st, "reading runs", err)) == 1) {
        struct store_run_in_flight *f = &out[(*n)++];
        f->run = sqlite3_column_int64(st, 0);
        f->experiment = sqlite3_column_int64(st, 1);
        snprintf(f->state, sizeof f->state, "%s", store_col_text(st, 2));
        f->supervisor_pid = sqlite3_column_int64(st, 3);
        snprintf(f->supervisor_start, sizeof f->supervisor_start, "%s",
                 store_col_text(st, 4));
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc < 0 ? rc : 0;
}

int store_runs_running(sqlite3 *db, int64_t *runs, size_t max, size_t *n,
                       struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT r.id FROM runs r JOIN experiments e "
                           "ON e.id = r.experiment_id WHERE e.state = "
                           "'running' AND r.ended_ms IS NULL", &st, err);
    return rc ? rc : store_ids(st, runs, max, n, "reading runs", err);
}

int store_runs_ended(sqlite3 *db, int64_t run, int *ended, struct err *err)
{
    sqlite3_stmt *st;
    int64_t open_runs = 0;
    int rc = store_prepare(db, "SELECT count(*) FROM runs WHERE id = ? AND "
                           "ended_ms IS NULL", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, run);
    rc = store_one_int64(st, &open_runs, "reading runs", err);
    *ended = open_runs == 0;   /* a vanished row cannot end later */
    return rc < 0 ? rc : 0;
}

int store_runs_stop_request(sqlite3 *db, int64_t run, char *out, size_t n,
                            struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT stop_request FROM runs WHERE id = ? "
                           "AND stop_request IS NOT NULL", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, run);
    rc = store_step(st, "reading runs", err);
    if (rc == 1)
        snprintf(out, n, "%s", store_col_text(st, 0));
    sqlite3_finalize(st);
    return rc;
}

int store_runs_end_with_reason(sqlite3 *db, int64_t run, const char *reason,
                               int64_t now_ms, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE runs SET ended_ms = ?, end_reason = ? "
                           "WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, now_ms);
    store_bind_text(st, 2, reason);
    sqlite3_bind_int64(st, 3, run);
    return store_exec_stmt(st, err);
}

int store_runs_record_end(sqlite3 *db, int64_t run,
                          const struct store_run_end *e, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE runs SET ended_ms = ?, "
        "exit_code = ?, signal = ?, end_reason = ?, user_s = ?, sys_s = ?, "
        "max_rss_kb = ?, log_dropped = ?, enforcement = ?, job_id = NULL, "
        "artifacts = ? WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, e->now_ms);
    if (e->has_exit)
        sqlite3_bind_int(st, 2, e->exit_code);
    if (e->has_signal)
        sqlite3_bind_int(st, 3, e->signal);
    store_bind_text(st, 4, e->reason);
    sqlite3_bind_double(st, 5, e->user_s);
    sqlite3_bind_double(st, 6, e->sys_s);
    sqlite3_bind_int64(st, 7, e->max_rss_kb);
    sqlite3_bind_int64(st, 8, e->log_dropped);
    store_bind_text(st, 9, e->enforcement);
    store_bind_text(st, 10, e->artifacts);
    sqlite3_bind_int64(st, 11, run);
    return store_exec_stmt(st, err);
}

int store_runs_unended(sqlite3 *db, int64_t *runs, size_t max, size_t *n,
                       struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id FROM runs WHERE ended_ms IS NULL",
                           &st, err);
    return rc ? rc : store_ids(st, runs, max, n, "reading runs", err);
}

static json_t *run_json(sqlite3_stmt *st)
{
    json_t *r = json_pack(
        "{s:I,s:s,s:I,s:I,s:I,s:I,s:o,s:o,s:s,s:f,s:f,s:I,s:I,s:I,s:o,s:o,"
        "s:s}",
        "id", (json_int_t)sqlite3_column_int64(st, 0),
        "backend", store_col_text(st, 1),
        "queued_ms", (json_int_t)sqlite3_column_int64(st, 2),
        "started_ms", (json_int_t)sqlite3_column_int64(st, 3),
        "ended_ms", (json_int_t)sqlite3_column_int64(st, 4),
        "supervisor_pid", (json_int_t)sqlite3_column_int64(st, 5),
        "exit_code", store_col_int_or_null(st, 6),
        "signal", store_col_int_or_null(st, 7),
        "end_reason", store_col_text(st, 8),
        "user_s", sqlite3_column_double(st, 9),
        "sys_s", sqlite3_column_double(st, 10),
        "max_rss_kb", (json_int_t)sqlite3_column_int64(st, 11),
        "metrics_points", (json_int_t)sqlite3_column_int64(st, 12),
        "metrics_bad_lines", (json_int_t)sqlite3_column_int64(st, 13),
        "enforcement", store_col_json(st, 14),
        "artifacts", store_col_json(st, 15),
        "job_id", store_col_text(st, 16));
    if (r)
        json_object_set_new(r, "log_dropped",
                            json_integer(sqlite3_column_int64(st, 17)));
    return r;
}

int store_runs_latest_json(sqlite3 *db, int64_t experiment, json_t **out,
                           struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id, backend, queued_ms, started_ms,"
        " ended_ms, supervisor_pid, exit_code, signal, end_reason, user_s, "
        "sys_s, max_rss_kb, metrics_points, metrics_bad_lines, enforcement, "
        "artifacts, job_id, log_dropped FROM runs WHERE experiment_id = ? "
        "ORDER BY id DESC LIMIT 1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, experiment);
    rc = store_step(st, "reading runs", err);
    if (rc >= 0)
        *out = rc == 1 ? run_json(st) : json_null();
    sqlite3_finalize(st);
    return rc < 0 ? rc : 0;
}

int store_runs_latest_id(sqlite3 *db, int64_t experiment, int64_t *run,
                         struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id FROM runs WHERE experiment_id = ?"
                           " ORDER BY id DESC LIMIT 1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, experiment);
    return store_one_int64(st, run, "reading runs", err);
}

int store_runs_supervisor(sqlite3 *db, int64_t experiment, int64_t *pid,
                          char *start, size_t n, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT supervisor_pid, supervisor_start "
                           "FROM runs WHERE experiment_id = ? ORDER BY id "
                           "DESC LIMIT 1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, experiment);
    rc = store_step(st, "reading runs", err);
    *pid = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
    snprintf(start, n, "%s", rc == 1 ? store_col_text(st, 1) : "");
    sqlite3_finalize(st);
    return rc < 0 ? rc : 0;
}

int store_runs_request_stop(sqlite3 *db, int64_t experiment, const char *why,
                            struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE runs SET stop_request = ? WHERE id "
                           "= (SELECT max(id) FROM runs WHERE experiment_id "
                           "= ?) AND stop_request IS NULL", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, why);
    sqlite3_bind_int64(st, 2, experiment);
    return store_exec_stmt(st, err);
}

int store_runs_each_newest(sqlite3 *db, store_run_end_fn fn, void *ctx,
                           struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id, ended_ms, artifacts FROM runs "
        "ORDER BY id DESC", &st, err);
    if (rc)
        return rc;
    while ((rc = store_step(st, "reading runs", err)) == 1)
        fn(sqlite3_column_int64(st, 0),
           sqlite3_column_type(st, 1) != SQLITE_NULL,
           sqlite3_column_int64(st, 1),
           (const char *)sqlite3_column_text(st, 2), ctx);
    sqlite3_finalize(st);
    return rc;
}
