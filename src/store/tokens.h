/*
 * tokens — the `tokens` table: bearer tokens by the SHA-256 of their text
 * (never the text), their role, expiry, revocation and person. What a
 * token means (who it authenticates as, whether it still does) is
 * auth/token.c's.
 */
#ifndef STEWARD_STORE_TOKENS_H
#define STEWARD_STORE_TOKENS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

struct store_token {
    char name[256];
    char role[16];
    char person[256];           /* "" when bound to no person */
    int has_person, has_expiry, revoked;
    int64_t expires_ms;
};

/* Inserts a token; expires_ms = 0 means none. A taken name (or hash)
 * fails with ERR_CONFLICT. */
int store_tokens_insert(sqlite3 *db, const char *name, const char *role,
                        const char *hash, const char *created_by,
                        int64_t created_ms, int64_t expires_ms,
                        struct err *err) MUST_USE;

/* The token whose text hashes to hash: 1, or 0 when there is none. */
int store_tokens_by_hash(sqlite3 *db, const char *hash,
                         struct store_token *out, struct err *err) MUST_USE;

int store_tokens_set_person(sqlite3 *db, const char *name,
                            const char *person, struct err *err) MUST_USE;

/* Revokes the named token if it is active: 1, or 0 when no active token
 * has that name. */
int store_tokens_revoke(sqlite3 *db, const char *name, int64_t now_ms,
                        struct err *err) MUST_USE;

/* Every token as {name, role, created_by, created_ms, expires_ms,
 * revoked_ms}, oldest first. */
int store_tokens_list(sqlite3 *db, json_t **out, struct err *err) MUST_USE;

#endif
