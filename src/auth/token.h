/*
 * token — bearer tokens bound to a role.
 *
 * A token is "stw_" followed by 64 hex digits of randomness (libsodium).
 * It is shown once, at creation; the database keeps only its SHA-256, so a
 * stolen database yields no usable token. Tokens can expire and be
 * revoked; a revoked or expired token authenticates nobody.
 */
#ifndef STEWARD_AUTH_TOKEN_H
#define STEWARD_AUTH_TOKEN_H

#include <sqlite3.h>
#include <stdint.h>
#include <jansson.h>
#include "core/err.h"

#define TOKEN_TEXT_MAX 80

/* Creates a token inside the caller's transaction; writes its text (to
 * show once) into out. ttl_s = 0 means no expiry. */
int token_create(sqlite3 *db, const char *name, const char *role,
                 int64_t ttl_s, const char *created_by, char *out, size_t n,
                 struct err *err) MUST_USE;

/* Finds the token's name and role. Fails with ERR_FORBIDDEN for an
 * unknown, revoked or expired token. */
int token_lookup(sqlite3 *db, const char *text, char *name, size_t name_n,
                 char *role, size_t role_n, struct err *err) MUST_USE;

/* Binds the token to a person: a human's token then authenticates as
 * "user:PERSON", so one person holding two tokens is still one person. */
int token_set_person(sqlite3 *db, const char *name, const char *person,
                     struct err *err) MUST_USE;

/* Revokes the named token inside the caller's transaction. */
int token_revoke(sqlite3 *db, const char *name, struct err *err) MUST_USE;

/* All tokens (never their secrets). */
int token_list(sqlite3 *db, json_t **out, struct err *err) MUST_USE;

#endif
