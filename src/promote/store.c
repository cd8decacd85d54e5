/*
 * store — the promotion tables (migration 9): candidates, promotions and
 * the production pointer's history. The pointer is the newest history row
 * of a name, so moving it appends and never overwrites: history cannot
 * lose a step, and `ledger verify` compares the rows with the ledger.
 */
#include "promote/promote_int.h"
#include "core/clock.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cand_insert(struct steward *s, struct candidate *c, const json_t *lineage,
                struct err *err)
{
    sqlite3_stmt *st;
    char *text = json_dumps(lineage, JSON_COMPACT | JSON_SORT_KEYS);
    int rc = text ? store_prepare(s->db, "INSERT INTO candidates(name, "
        "experiment_id, run_id, path, sha256, size, parent_id, lineage, "
        "added_by, added_ms) VALUES (?,?,?,?,?,?,?,?,?,?)", &st, err)
        : err_set(err, ERR_INTERNAL, "out of memory");
    if (!rc) {
        store_bind_text(st, 1, c->name);
        sqlite3_bind_int64(st, 2, c->exp);
        sqlite3_bind_int64(st, 3, c->run);
        store_bind_text(st, 4, c->path);
        store_bind_text(st, 5, c->sha);
        sqlite3_bind_int64(st, 6, c->size);
        if (c->parent)
            sqlite3_bind_int64(st, 7, c->parent);
        store_bind_text(st, 8, text);
        store_bind_text(st, 9, s->who.name);
        sqlite3_bind_int64(st, 10, clock_wall_ms());
        rc = store_exec_stmt(st, err);
        c->id = sqlite3_last_insert_rowid(s->db);
    }
    free(text);
    return rc;
}

static const char cand_select[] = "SELECT id, name, experiment_id, run_id, "
    "path, sha256, size, ifnull(parent_id, 0), lineage, added_by, added_ms "
    "FROM candidates WHERE id = ?";

static void cand_row(sqlite3_stmt *st, struct candidate *c)
{
    c->id = sqlite3_column_int64(st, 0);
    snprintf(c->name, sizeof c->name, "%s", store_col_text(st, 1));
    c->exp = sqlite3_column_int64(st, 2);
    c->run = sqlite3_column_int64(st, 3);
    snprintf(c->path, sizeof c->path, "%s", store_col_text(st, 4));
    snprintf(c->sha, sizeof c->sha, "%s", store_col_text(st, 5));
    c->size = sqlite3_column_int64(st, 6);
    c->parent = sqlite3_column_int64(st, 7);
}

static int cand_step(struct steward *s, int64_t id, sqlite3_stmt **st,
                     struct err *err)
{
    int rc = store_prepare(s->db, cand_select, st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(*st, 1, id);
    rc = sqlite3_step(*st);
    if (rc == SQLITE_ROW)
        return 0;
    sqlite3_finalize(*st);
    return rc == SQLITE_DONE
        ? err_set(err, ERR_NOTFOUND, "no candidate %lld; 'steward candidate "
                  "list' shows them", (long long)id)
        : store_fail(s->db, rc, "reading candidates", err);
}

int cand_load(struct steward *s, int64_t id, struct candidate *c,
              struct err *err)
{
    sqlite3_stmt *st;
    int rc = cand_step(s, id, &st, err);
    if (rc)
        return rc;
    cand_row(st, c);
    sqlite3_finalize(st);
    return 0;
}

int cand_json(struct steward *s, int64_t id, json_t **out, struct err *err)
{
    sqlite3_stmt *st;
    struct candidate c;
    int rc = cand_step(s, id, &st, err);
    if (rc)
        return rc;
    cand_row(st, &c);
    json_t *lineage = json_loads(store_col_text(st, 8), 0, NULL);
    *out = json_pack("{s:I,s:s,s:I,s:I,s:s,s:s,s:I,s:o,s:o,s:s,s:I}",
        "id", (json_int_t)c.id, "name", c.name, "experiment",
        (json_int_t)c.exp, "run", (json_int_t)c.run, "path", c.path,
        "sha256", c.sha, "size", (json_int_t)c.size, "parent",
        c.parent ? json_integer(c.parent) : json_null(), "lineage",
        lineage ? lineage : json_object(), "added_by", store_col_text(st, 9),
        "added_ms", (json_int_t)sqlite3_column_int64(st, 10));
    sqlite3_finalize(st);
    return *out ? 0 : err_set(err, ERR_INTERNAL, "out of memory");
}

int cand_ids(struct steward *s, json_t **ids, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT id FROM candidates ORDER BY id",
                           &st, err);
    if (rc)
        return rc;
    *ids = json_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(*ids, json_integer(sqlite3_column_int64(st, 0)));
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return 0;
    json_decref(*ids);
    return store_fail(s->db, rc, "listing candidates", err);
}

int pointer_get(struct steward *s, const char *name, int64_t *cand,
                int64_t *previous, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT candidate_id, ifnull(previous_id, "
        "0) FROM production WHERE name = ? AND target = ? ORDER BY seq DESC "
        "LIMIT 1", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    store_bind_text(st, 2, PROMOTE_TARGET);
    *cand = *previous = 0;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *cand = sqlite3_column_int64(st, 0);
        *previous = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
           : store_fail(s->db, rc, "reading the production pointer", err);
}

int pointer_move(struct steward *s, const char *name, int64_t cand,
                 int64_t previous, int64_t promo, const char *action,
                 const json_t *evidence, struct err *err)
{
    sqlite3_stmt *st;
    char *text = json_dumps(evidence, JSON_COMPACT | JSON_SORT_KEYS);
    int rc = text ? store_prepare(s->db, "INSERT INTO production(name, "
        "target, candidate_id, previous_id, promotion_id, action, by, "
        "evidence, created_ms) VALUES (?,?,?,?,?,?,?,?,?)", &st, err)
        : err_set(err, ERR_INTERNAL, "out of memory");
    if (!rc) {
        store_bind_text(st, 1, name);
        store_bind_text(st, 2, PROMOTE_TARGET);
        sqlite3_bind_int64(st, 3, cand);
        if (previous)
            sqlite3_bind_int64(st, 4, previous);
        if (promo)
            sqlite3_bind_int64(st, 5, promo);
        store_bind_text(st, 6, action);
        store_bind_text(st, 7, s->who.name);
        store_bind_text(st, 8, text);
        sqlite3_bind_int64(st, 9, clock_wall_ms());
        rc = store_exec_stmt(st, err);
    }
    free(text);
    return rc;
}

int promo_load(struct steward *s, int64_t id, struct promotion *p,
               struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT id, candidate_id, state, "
        "requester, target FROM promotions WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        p->id = sqlite3_column_int64(st, 0);
        p->candidate = sqlite3_column_int64(st, 1);
        snprintf(p->state, sizeof p->state, "%s", store_col_text(st, 2));
        snprintf(p->requester, sizeof p->requester, "%s",
                 store_col_text(st, 3));
        snprintf(p->target, sizeof p->target, "%s", store_col_text(st, 4));
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return 0;
    return rc == SQLITE_DONE
        ? err_set(err, ERR_NOTFOUND, "no promotion %lld; 'steward promote "
                  "status' lists those waiting", (long long)id)
        : store_fail(s->db, rc, "reading promotions", err);
}

int steward_promote_of_campaign(struct steward *s, const char *campaign,
                                json_t **out, struct err *err)
{
    sqlite3_stmt *st;
    struct promotion p;
    char fp[65];
    *out = NULL;
    int rc = store_prepare(s->db, "SELECT p.id FROM promotions p JOIN "
        "candidates c ON c.id = p.candidate_id JOIN experiments e ON e.id = "
        "c.experiment_id WHERE e.campaign = ? ORDER BY p.id DESC LIMIT 1",
        &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, campaign);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0)
                                                : 0;
    sqlite3_finalize(st);
    if (!id)
        return 0;
    rc = promo_load(s, id, &p, err);
    return rc ? rc : promo_card(s, &p, out, fp, err);
}
