/* token — creation, lookup, revocation; see token.h. */
#include "auth/token.h"
#include "core/clock.h"
#include "store/store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void token_hash(const char *text, char out[65])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)text, strlen(text));
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

int token_create(sqlite3 *db, const char *name, const char *role,
                 int64_t ttl_s, const char *created_by, char *out, size_t n,
                 struct err *err)
{
    unsigned char secret[32];
    char hex[65], hash[65];
    if (sodium_init() < 0)
        return err_set(err, ERR_INTERNAL, "libsodium failed to start");
    randombytes_buf(secret, sizeof secret);
    sodium_bin2hex(hex, sizeof hex, secret, sizeof secret);
    snprintf(out, n, "stw_%s", hex);
    token_hash(out, hash);
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO tokens(name, role, hash, "
                           "created_by, created_ms, expires_ms) "
                           "VALUES (?, ?, ?, ?, ?, ?)", &st, err);
    if (rc)
        return rc;
    int64_t now = clock_wall_ms();
    store_bind_text(st, 1, name);
    store_bind_text(st, 2, role);
    store_bind_text(st, 3, hash);
    store_bind_text(st, 4, created_by);
    sqlite3_bind_int64(st, 5, now);
    if (ttl_s > 0)
        sqlite3_bind_int64(st, 6, now + ttl_s * 1000);
    rc = store_exec_stmt(st, err);
    if (rc && sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE) {
        err_clear(err);
        return err_set(err, ERR_USER, "a token named '%s' exists; pick "
                       "another name or revoke it first", name);
    }
    return rc;
}

int token_lookup(sqlite3 *db, const char *text, char *name, size_t name_n,
                 char *role, size_t role_n, struct err *err)
{
    char hash[65];
    sqlite3_stmt *st;
    token_hash(text, hash);
    int rc = store_prepare(db, "SELECT name, role, expires_ms, revoked_ms, "
                           "person FROM tokens WHERE hash = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, hash);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? err_set(err, ERR_FORBIDDEN, "STEWARD_TOKEN "
                   "is not a known token; ask an owner for one")
               : store_fail(db, rc, "reading tokens", err);
    }
    /* a human's token acts as that person: quorums count persons */
    int person = sqlite3_column_type(st, 4) != SQLITE_NULL &&
                 strcmp(store_col_text(st, 1), "agent");
    snprintf(name, name_n, "%s:%s", person ? "user" : "token",
             store_col_text(st, person ? 4 : 0));
    snprintf(role, role_n, "%s", store_col_text(st, 1));
    int expired = sqlite3_column_type(st, 2) != SQLITE_NULL &&
                  sqlite3_column_int64(st, 2) <= clock_wall_ms();
    int revoked = sqlite3_column_type(st, 3) != SQLITE_NULL;
    sqlite3_finalize(st);
    if (revoked || expired)
        return err_set(err, ERR_FORBIDDEN, "token %s is %s; ask an owner for "
                       "a new one", name, revoked ? "revoked" : "expired");
    return 0;
}

int token_set_person(sqlite3 *db, const char *name, const char *person,
                     struct err *err)
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

int token_revoke(sqlite3 *db, const char *name, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE tokens SET revoked_ms = ? WHERE "
                           "name = ? AND revoked_ms IS NULL", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, clock_wall_ms());
    store_bind_text(st, 2, name);
    rc = store_exec_stmt(st, err);
    if (!rc && sqlite3_changes(db) != 1)
        return err_set(err, ERR_NOTFOUND, "no active token named '%s'; see "
                       "'steward token list'", name);
    return rc;
}

int token_list(sqlite3 *db, json_t **out, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT name, role, created_by, created_ms, "
                           "expires_ms, revoked_ms FROM tokens ORDER BY id",
                           &st, err);
    if (rc)
        return rc;
    json_t *list = json_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:I,s:o,s:o}",
            "name", store_col_text(st, 0), "role", store_col_text(st, 1),
            "created_by", store_col_text(st, 2), "created_ms",
            (json_int_t)sqlite3_column_int64(st, 3), "expires_ms",
            sqlite3_column_type(st, 4) == SQLITE_NULL ? json_null()
                : json_integer(sqlite3_column_int64(st, 4)),
            "revoked_ms", sqlite3_column_type(st, 5) == SQLITE_NULL
                ? json_null() : json_integer(sqlite3_column_int64(st, 5))));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return store_fail(db, rc, "reading tokens", err);
    }
    *out = list;
    return 0;
}
