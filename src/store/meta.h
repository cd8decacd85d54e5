/*
 * meta — the `meta` table: single values the project keeps by name
 * (the ledger's head, the policy's hash, a policy pending installation).
 */
#ifndef STEWARD_STORE_META_H
#define STEWARD_STORE_META_H

#include <sqlite3.h>
#include <stddef.h>
#include "core/err.h"

/* The value under key into out ("" when there is none): 1, or 0 when
 * there is none. */
int store_meta_get(sqlite3 *db, const char *key, char *out, size_t n,
                   struct err *err) MUST_USE;

/* Sets key to value, or removes it when value is NULL. */
int store_meta_set(sqlite3 *db, const char *key, const char *value,
                   struct err *err) MUST_USE;

#endif
