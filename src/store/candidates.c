/* candidates — the candidates table; see candidates.h. */
#include "store/candidates.h"
#include "store/store.h"

#include <stdio.h>

int store_candidates_insert(sqlite3 *db, const struct store_candidate *c,
                            const char *lineage, const char *added_by,
                            int64_t added_ms, int64_t *id, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO candidates(name, "
        "experiment_id, run_id, path, sha256, size, parent_id, lineage, "
        "added_by, added_ms) VALUES (?,?,?,?,?,?,?,?,?,?)", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, c->name);
    sqlite3_bind_int64(st, 2, c->experiment);
    sqlite3_bind_int64(st, 3, c->run);
    store_bind_text(st, 4, c->path);
    store_bind_text(st, 5, c->sha);
    sqlite3_bind_int64(st, 6, c->size);
    if (c->parent)
        sqlite3_bind_int64(st, 7, c->parent);
    store_bind_text(st, 8, lineage);
    store_bind_text(st, 9, added_by);
    sqlite3_bind_int64(st, 10, added_ms);
    return store_exec_insert(st, id, err);
}

static void cand_row(sqlite3_stmt *st, struct store_candidate *c)
{
    c->id = sqlite3_column_int64(st, 0);
    snprintf(c->name, sizeof c->name, "%s", store_col_text(st, 1));
    c->experiment = sqlite3_column_int64(st, 2);
    c->run = sqlite3_column_int64(st, 3);
    snprintf(c->path, sizeof c->path, "%s", store_col_text(st, 4));
    snprintf(c->sha, sizeof c->sha, "%s", store_col_text(st, 5));
    c->size = sqlite3_column_int64(st, 6);
    c->parent = sqlite3_column_int64(st, 7);
}

/* Steps to candidate id's row: 1 with st open on it, else 0 or an ERR_*
 * with st finalized. */
static int cand_step(sqlite3 *db, int64_t id, sqlite3_stmt **st,
                     struct err *err)
{
    int rc = store_prepare(db, "SELECT id, name, experiment_id, run_id, "
        "path, sha256, size, ifnull(parent_id, 0), lineage, added_by, "
        "added_ms FROM candidates WHERE id = ?", st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(*st, 1, id);
    rc = store_step(*st, "reading candidates", err);
    if (rc != 1)
        sqlite3_finalize(*st);
    return rc;
}

int store_candidates_get(sqlite3 *db, int64_t id, struct store_candidate *c,
                         struct err *err)
{
    sqlite3_stmt *st;
    int rc = cand_step(db, id, &st, err);
    if (rc == 1) {
        cand_row(st, c);
        sqlite3_finalize(st);
    }
    return rc;
}

static json_t *cand_json(sqlite3_stmt *st)
{
    struct store_candidate c;
    cand_row(st, &c);
    json_t *lineage = json_loads(store_col_text(st, 8), 0, NULL);
    return json_pack("{s:I,s:s,s:I,s:I,s:s,s:s,s:I,s:o,s:o,s:s,s:I}",
        "id", (json_int_t)c.id, "name", c.name, "experiment",
        (json_int_t)c.experiment, "run", (json_int_t)c.run, "path", c.path,
        "sha256", c.sha, "size", (json_int_t)c.size, "parent",
        c.parent ? json_integer(c.parent) : json_null(), "lineage",
        lineage ? lineage : json_object(), "added_by", store_col_text(st, 9),
        "added_ms", (json_int_t)sqlite3_column_int64(st, 10));
}

int store_candidates_json(sqlite3 *db, int64_t id, json_t **out,
                          struct err *err)
{
    sqlite3_stmt *st;
    int rc = cand_step(db, id, &st, err);
    if (rc != 1)
        return rc;
    *out = cand_json(st);
    sqlite3_finalize(st);
    return *out ? 1 : err_set(err, ERR_INTERNAL, "out of memory");
}

int store_candidates_ids(sqlite3 *db, json_t **ids, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT id FROM candidates ORDER BY id",
                           &st, err);
    return rc ? rc : store_json_rows(st, store_row_id, "listing candidates",
                                     ids, err);
}
