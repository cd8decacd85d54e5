/* tokens — the tokens table; see tokens.h. */
#include "store/tokens.h"
#include "store/store.h"

#include <stdio.h>

int store_tokens_insert(sqlite3 *db, const char *name, const char *role,
                        const char *hash, const char *created_by,
                        int64_t created_ms, int64_t expires_ms,
                        struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO tokens(name, role, hash, "
                           "created_by, created_ms, expires_ms) "
                           "VALUES (?, ?, ?, ?, ?, ?)", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    store_bind_text(st, 2, role);
    store_bind_text(st, 3, hash);
    store_bind_text(st, 4, created_by);
    sqlite3_bind_int64(st, 5, created_ms);
    if (expires_ms)
        sqlite3_bind_int64(st, 6, expires_ms);
    return store_exec_insert(st, NULL, err);
}

static void token_row(sqlite3_stmt *st, struct store_token *t)
{
    snprintf(t->name, sizeof t->name, "%s", store_col_text(st, 0));
    snprintf(t->role, sizeof t->role, "%s", store_col_text(st, 1));
    t->has_expiry = sqlite3_column_type(st, 2) != SQLITE_NULL;
    t->expires_ms = sqlite3_column_int64(st, 2);
    t->revoked = sqlite3_column_type(st, 3) != SQLITE_NULL;
    t->has_person = sqlite3_column_type(st, 4) != SQLITE_NULL;
    snprintf(t->person, sizeof t->person, "%s", store_col_text(st, 4));
}

int store_tokens_by_hash(sqlite3 *db, const char *hash,
                         struct store_token *out, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT name, role, expires_ms, revoked_ms, "
                           "person FROM tokens WHERE hash = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, hash);
    rc = store_step(st, "reading tokens", err);
    if (rc == 1)
        token_row(st, out);
    sqlite3_finalize(st);
    return rc;
}

int store_tokens_set_person(sqlite3 *db, const char *name,
                            const char *person, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE tokens SET person = ? WHERE name = ?",
                           &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, person);
    store_bind_text(st, 2, name);
    return store_exec_stmt(st, err);
}

int store_tokens_revoke(sqlite3 *db, const char *name, int64_t now_ms,
                        struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE tokens SET revoked_ms = ? WHERE "
                           "name = ? AND revoked_ms IS NULL", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, now_ms);
    store_bind_text(st, 2, name);
    rc = store_exec_changes(st, err);
    return rc < 0 ? rc : rc == 1;
}

static json_t *token_json(sqlite3_stmt *st)
{
    return json_pack("{s:s,s:s,s:s,s:I,s:o,s:o}",
        "name", store_col_text(st, 0), "role", store_col_text(st, 1),
        "created_by", store_col_text(st, 2), "created_ms",
        (json_int_t)sqlite3_column_int64(st, 3), "expires_ms",
        store_col_int_or_null(st, 4), "revoked_ms",
        store_col_int_or_null(st, 5));
}

int store_tokens_list(sqlite3 *db, json_t **out, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT name, role, created_by, created_ms, "
                           "expires_ms, revoked_ms FROM tokens ORDER BY id",
                           &st, err);
    return rc ? rc : store_json_rows(st, token_json, "reading tokens", out,
                                     err);
}
