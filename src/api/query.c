/*
 * query — reading experiments, runs and metrics as JSON.
 *
 * Every front end renders these objects; the keys are the stable names
 * that --json prints.
 */
#include "api/handle.h"
#include "api/api.h"
#include "api/principal.h"
#include "api/state.h"
#include "core/json.h"
#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define EXPERIMENT_COLUMNS \
    "id, name, state, proposer, proposer_role, campaign, argv, workdir, " \
    "params, cpus, mem_bytes, gpus, time_s, disk_bytes, network, tags, " \
    "rationale, content_hash, decision, policy_hash, created_ms, updated_ms, " \
    "snapshot, (SELECT files FROM snapshots WHERE hash = snapshot), " \
    "(SELECT bytes FROM snapshots WHERE hash = snapshot)"

static json_t *col_json(sqlite3_stmt *st, int i)
{
    const char *text = (const char *)sqlite3_column_text(st, i);
    json_t *v = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
    return v ? v : json_null();
}

static json_t *experiment_json(sqlite3_stmt *st)
{
    return json_pack(
        "{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:o,"
        "s:{s:f,s:I,s:I,s:I,s:I},s:b,s:o,s:s,s:s,s:o,s:s,s:I,s:I,s:o,s:I,s:I}",
        "id", (json_int_t)sqlite3_column_int64(st, 0),
        "name", store_col_text(st, 1), "state", store_col_text(st, 2),
        "proposer", store_col_text(st, 3), "role", store_col_text(st, 4),
        "campaign", sqlite3_column_type(st, 5) == SQLITE_NULL
                        ? json_null() : json_string(store_col_text(st, 5)),
        "argv", col_json(st, 6), "workdir", store_col_text(st, 7),
        "params", col_json(st, 8), "resources",
        "cpus", sqlite3_column_double(st, 9),
        "mem_bytes", (json_int_t)sqlite3_column_int64(st, 10),
        "gpus", (json_int_t)sqlite3_column_int64(st, 11),
        "time_s", (json_int_t)sqlite3_column_int64(st, 12),
        "disk_bytes", (json_int_t)sqlite3_column_int64(st, 13),
        "network", sqlite3_column_int(st, 14), "tags", col_json(st, 15),
        "rationale", store_col_text(st, 16),
        "content_hash", store_col_text(st, 17),
        "decision", col_json(st, 18), "policy_hash", store_col_text(st, 19),
        "created_ms", (json_int_t)sqlite3_column_int64(st, 20),
        "updated_ms", (json_int_t)sqlite3_column_int64(st, 21),
        "snapshot", sqlite3_column_type(st, 22) == SQLITE_NULL ? json_null()
                    : json_string(store_col_text(st, 22)),
        "snapshot_files", (json_int_t)sqlite3_column_int64(st, 23),
        "snapshot_bytes", (json_int_t)sqlite3_column_int64(st, 24));
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
        "exit_code", sqlite3_column_type(st, 6) == SQLITE_NULL ? json_null()
                     : json_integer(sqlite3_column_int(st, 6)),
        "signal", sqlite3_column_type(st, 7) == SQLITE_NULL ? json_null()
                  : json_integer(sqlite3_column_int(st, 7)),
        "end_reason", store_col_text(st, 8),
        "user_s", sqlite3_column_double(st, 9),
        "sys_s", sqlite3_column_double(st, 10),
        "max_rss_kb", (json_int_t)sqlite3_column_int64(st, 11),
        "metrics_points", (json_int_t)sqlite3_column_int64(st, 12),
        "metrics_bad_lines", (json_int_t)sqlite3_column_int64(st, 13),
        "enforcement", col_json(st, 14), "artifacts", col_json(st, 15),
        "job_id", store_col_text(st, 16));
    if (r)
        json_object_set_new(r, "log_dropped",
                            json_integer(sqlite3_column_int64(st, 17)));
    return r;
}

static int attach_run(struct steward *s, json_t *exp, int64_t id,
                      struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT id, backend, queued_ms, started_ms,"
        " ended_ms, supervisor_pid, exit_code, signal, end_reason, user_s, "
        "sys_s, max_rss_kb, metrics_points, metrics_bad_lines, enforcement, "
        "artifacts, job_id, log_dropped FROM runs WHERE experiment_id = ? "
        "ORDER BY id DESC LIMIT 1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    json_object_set_new(exp, "run", rc == SQLITE_ROW ? run_json(st)
                                                     : json_null());
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
           : store_fail(s->db, rc, "reading runs", err);
}

static int attach_reviews(struct steward *s, json_t *exp, int64_t id,
                          struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT principal, verdict, reason, time_ms "
                           "FROM reviews WHERE experiment_id = ? ORDER BY id",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    json_t *list = json_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:I}",
            "principal", store_col_text(st, 0), "verdict",
            store_col_text(st, 1), "reason", store_col_text(st, 2),
            "time_ms", (json_int_t)sqlite3_column_int64(st, 3)));
    sqlite3_finalize(st);
    json_object_set_new(exp, "reviews", list);
    return rc == SQLITE_DONE ? 0 : store_fail(s->db, rc, "reading reviews",
                                              err);
}

int steward_show(struct steward *s, int64_t id, json_t **out, struct err *err)
{
    if (!principal_may(s->who.role, "read"))
        return steward_forbid(s, "read", "experiment", err);
    return steward_load(s, id, out, err);
}

int steward_load(struct steward *s, int64_t id, json_t **out, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT " EXPERIMENT_COLUMNS
                           " FROM experiments WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    json_t *exp = rc == SQLITE_ROW ? experiment_json(st) : NULL;
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOTFOUND, "no experiment %lld; 'steward "
                       "status' lists them", (long long)id);
    if (!exp)
        return store_fail(s->db, rc, "reading experiment", err);
    rc = attach_run(s, exp, id, err);
    rc = rc ? rc : attach_reviews(s, exp, id, err);
    if (rc)
        json_decref(exp);
    else
        *out = exp;
    return rc;
}

static int state_wanted(const char *state, const char *const *states)
{
    if (!states)
        return 1;
    for (; *states; states++)
        if (!strcmp(*states, state))
            return 1;
    return 0;
}

int steward_list(struct steward *s, const char *const *states, json_t **out,
                 struct err *err)
{
    sqlite3_stmt *st;
    if (!principal_may(s->who.role, "read"))
        return steward_forbid(s, "read", "experiments", err);
    int rc = store_prepare(s->db, "SELECT id, state FROM experiments "
                           "ORDER BY id", &st, err);
    if (rc)
        return rc;
    json_t *list = json_array();
    while (!rc && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *exp = NULL;
        rc = 0;
        if (!state_wanted(store_col_text(st, 1), states))
            continue;
        rc = steward_load(s, sqlite3_column_int64(st, 0), &exp, err);
        if (!rc)
            json_array_append_new(list, exp);
    }
    sqlite3_finalize(st);
    if (rc && rc != SQLITE_DONE) {
        json_decref(list);
        return rc < 0 ? rc : store_fail(s->db, rc, "listing", err);
    }
    *out = list;
    return 0;
}

static int latest_run(struct steward *s, int64_t id, int64_t *run,
                      struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT id FROM runs WHERE experiment_id = ?"
                           " ORDER BY id DESC LIMIT 1", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    *run = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) {
        char state[32];
        rc = state_get(s->db, id, state, sizeof state, err);
        return rc ? rc : err_set(err, ERR_USER, "experiment %lld has not run "
                                 "yet (it is %s)", (long long)id, state);
    }
    return rc == SQLITE_ROW ? 0 : store_fail(s->db, rc, "reading runs", err);
}

int steward_metrics(struct steward *s, int64_t id, json_t **out,
                    struct err *err)
{
    int64_t run;
    if (!principal_may(s->who.role, "read"))
        return steward_forbid(s, "read", "metrics", err);
    int rc = latest_run(s, id, &run, err);
    sqlite3_stmt *st;
    rc = rc ? rc : store_prepare(s->db, "SELECT ms.name, m.step, m.value "
        "FROM metrics m JOIN metric_series ms ON ms.id = m.series_id "
        "WHERE ms.run_id = ? ORDER BY ms.name, m.step", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, run);
    json_t *all = json_object();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = store_col_text(st, 0);
        json_t *series = json_object_get(all, name);
        if (!series)
            json_object_set_new(all, name, series = json_array());
        double v = sqlite3_column_type(st, 2) == SQLITE_NULL
                   ? NAN : sqlite3_column_double(st, 2);
        json_array_append_new(series, json_pack("[I,o]",
            (json_int_t)sqlite3_column_int64(st, 1), json_from_double(v)));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        json_decref(all);
        return store_fail(s->db, rc, "reading metrics", err);
    }
    *out = all;
    return 0;
}

int steward_run_dir(struct steward *s, int64_t id, char *out, size_t n,
                    struct err *err)
{
    int64_t run;
    if (!principal_may(s->who.role, "read"))
        return steward_forbid(s, "read", "logs", err);
    int rc = latest_run(s, id, &run, err);
    if (rc)
        return rc;
    if ((size_t)snprintf(out, n, "%s/runs/%lld", s->home, (long long)run) >= n)
        return err_set(err, ERR_USER, "path too long");
    return 0;
}
