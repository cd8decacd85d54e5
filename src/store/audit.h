/*
 * audit — the tables as `ledger verify` compares them with a replay of
 * the ledger: each as (key, value) text pairs, so one comparison serves
 * them all (api/audit.c, api/audit_promote.c).
 */
#ifndef STEWARD_STORE_AUDIT_H
#define STEWARD_STORE_AUDIT_H

#include <sqlite3.h>
#include "core/err.h"

/* Called with each pair until it returns non-zero. */
typedef int (*store_pair_fn)(const char *key, const char *value, void *ctx);

/* "(all)" -> how many halts were ever called, then each scope -> how
 * many of its halts are in force. */
int store_audit_halts(sqlite3 *db, store_pair_fn fn, void *ctx,
                      struct err *err) MUST_USE;

/* Each token's name -> its role, followed by " revoked" if it is. */
int store_audit_tokens(sqlite3 *db, store_pair_fn fn, void *ctx,
                       struct err *err) MUST_USE;

/* Each move of a production pointer, in order: its seq ->
 * "name=candidate". */
int store_audit_moves(sqlite3 *db, store_pair_fn fn, void *ctx,
                      struct err *err) MUST_USE;

/* Each candidate's id -> "name sha256". */
int store_audit_candidates(sqlite3 *db, store_pair_fn fn, void *ctx,
                           struct err *err) MUST_USE;

#endif
