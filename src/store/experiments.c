/* experiments — the experiments table's rows; see experiments.h. */
#include "store/experiments.h"
#include "store/store.h"

#include <stdio.h>

static void bind_new(sqlite3_stmt *st, const struct store_experiment_new *e)
{
    store_bind_text(st, 1, e->name);
    store_bind_text(st, 2, e->proposer);
    store_bind_text(st, 3, e->role);
    store_bind_text(st, 4, e->campaign);
    store_bind_text(st, 5, e->argv);
    store_bind_text(st, 6, e->workdir);
    store_bind_text(st, 7, e->params);
    sqlite3_bind_double(st, 8, e->cpus);
    sqlite3_bind_int64(st, 9, e->mem_bytes);
    sqlite3_bind_int64(st, 10, e->gpus);
    sqlite3_bind_int64(st, 11, e->time_s);
    sqlite3_bind_int64(st, 12, e->disk_bytes);
    sqlite3_bind_int(st, 13, e->network);
    store_bind_text(st, 14, e->tags);
    store_bind_text(st, 15, e->rationale);
    store_bind_text(st, 16, e->content_hash);
    sqlite3_bind_int64(st, 17, e->now_ms);
    sqlite3_bind_int64(st, 18, e->now_ms);
    store_bind_text(st, 19, e->snapshot);
}

int store_experiments_insert(sqlite3 *db, const struct store_experiment_new *e,
                             int64_t *id, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO experiments(name, state, "
        "proposer, proposer_role, campaign, argv, workdir, params, cpus, "
        "mem_bytes, gpus, time_s, disk_bytes, network, tags, rationale, "
        "content_hash, created_ms, updated_ms, snapshot) VALUES "
        "(?,'proposed',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st, err);
    if (rc)
        return rc;
    bind_new(st, e);
    return store_exec_insert(st, id, err);
}

int store_experiments_set_decision(sqlite3 *db, int64_t id,
                                   const char *decision,
                                   const char *policy_hash, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE experiments SET decision = ?, "
                           "policy_hash = ? WHERE id = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, decision);
    store_bind_text(st, 2, policy_hash);
    sqlite3_bind_int64(st, 3, id);
    return store_exec_stmt(st, err);
}

static json_t *col_string_or_null(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? json_null()
           : json_string(store_col_text(st, i));
}

static json_t *experiment_json(sqlite3_stmt *st)
{
    return json_pack(
        "{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:o,"
        "s:{s:f,s:I,s:I,s:I,s:I},s:b,s:o,s:s,s:s,s:o,s:s,s:I,s:I,s:o,s:I,s:I}",
        "id", (json_int_t)sqlite3_column_int64(st, 0),
        "name", store_col_text(st, 1), "state", store_col_text(st, 2),
        "proposer", store_col_text(st, 3), "role", store_col_text(st, 4),
        "campaign", col_string_or_null(st, 5),
        "argv", store_col_json(st, 6), "workdir", store_col_text(st, 7),
        "params", store_col_json(st, 8), "resources",
        "cpus", sqlite3_column_double(st, 9),
        "mem_bytes", (json_int_t)sqlite3_column_int64(st, 10),
        "gpus", (json_int_t)sqlite3_column_int64(st, 11),
        "time_s", (json_int_t)sqlite3_column_int64(st, 12),
        "disk_bytes", (json_int_t)sqlite3_column_int64(st, 13),
        "network", sqlite3_column_int(st, 14),
        "tags", store_col_json(st, 15),
        "rationale", store_col_text(st, 16),
        "content_hash", store_col_text(st, 17),
        "decision", store_col_json(st, 18),
        "policy_hash", store_col_text(st, 19),
        "created_ms", (json_int_t)sqlite3_column_int64(st, 20),
        "updated_ms", (json_int_t)sqlite3_column_int64(st, 21),
        "snapshot", col_string_or_null(st, 22),
        "snapshot_files", (json_int_t)sqlite3_column_int64(st, 23),
        "snapshot_bytes", (json_int_t)sqlite3_column_int64(st, 24));
}

int store_experiments_json(sqlite3 *db, int64_t id, json_t **out,
                           struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id, name, state, proposer, "
        "proposer_role, campaign, argv, workdir, params, cpus, mem_bytes, "
        "gpus, time_s, disk_bytes, network, tags, rationale, content_hash, "
        "decision, policy_hash, created_ms, updated_ms, snapshot, (SELECT "
        "files FROM snapshots WHERE hash = snapshot), (SELECT bytes FROM "
        "snapshots WHERE hash = snapshot) FROM experiments WHERE id = ?",
        &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = store_step(st, "reading experiment", err);
    if (rc == 1 && !(*out = experiment_json(st)))
        rc = err_set(err, ERR_INTERNAL, "reading experiment %lld: out of "
                     "memory", (long long)id);
    sqlite3_finalize(st);
    return rc;
}

int store_experiments_exists(sqlite3 *db, int64_t id, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT 1 FROM experiments WHERE id = ?",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    return store_exists(st, "reading experiments", err);
}

int store_experiments_state(sqlite3 *db, int64_t id, char *out, size_t n,
                            struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT state FROM experiments WHERE id = ?",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = store_step(st, "reading state", err);
    if (rc == 1)
        snprintf(out, n, "%s", store_col_text(st, 0));
    sqlite3_finalize(st);
    return rc;
}

int store_experiments_move(sqlite3 *db, int64_t id, const char *from,
                           const char *to, int64_t now_ms, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE experiments SET state = ?, "
                           "updated_ms = ? WHERE id = ? AND state = ?",
                           &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, to);
    sqlite3_bind_int64(st, 2, now_ms);
    sqlite3_bind_int64(st, 3, id);
    store_bind_text(st, 4, from);
    rc = store_exec_changes(st, err);
    return rc < 0 ? rc : rc == 1;
}
