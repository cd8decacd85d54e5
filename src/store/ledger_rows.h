/*
 * ledger_rows — the `ledger` table's rows, read and appended. The hash
 * chain they form, and what makes an entry valid, is src/ledger/'s.
 */
#ifndef STEWARD_STORE_LEDGER_ROWS_H
#define STEWARD_STORE_LEDGER_ROWS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

/* One row; the strings live as long as the call that hands it over. */
struct store_ledger_row {
    int64_t seq, time_ms;
    const char *principal, *action, *object, *payload, *prev_hash, *hash;
};

int store_ledger_insert(sqlite3 *db, const struct store_ledger_row *row,
                        struct err *err) MUST_USE;

/* The newest entry's seq and hash: 1, or 0 when the ledger is empty. */
int store_ledger_last(sqlite3 *db, int64_t *seq, char hash[65],
                      struct err *err) MUST_USE;

/* The hash of entry seq into out ("" when there is none): 1, or 0. */
int store_ledger_hash_at(sqlite3 *db, int64_t seq, char out[65],
                         struct err *err) MUST_USE;

/* Calls fn with each entry from from_seq on, in order, until fn returns
 * non-zero; returns that value, 0 at the end, or a negative ERR_*. */
typedef int (*store_ledger_fn)(const struct store_ledger_row *row,
                               void *ctx);
int store_ledger_each(sqlite3 *db, int64_t from_seq, store_ledger_fn fn,
                      void *ctx, struct err *err) MUST_USE;

/* The payload of the oldest (or with newest, the newest) entry of action
 * on object (any object when NULL), parsed; NULL when there is none or it
 * is not JSON. */
int store_ledger_payload(sqlite3 *db, const char *action, const char *object,
                         int newest, json_t **out, struct err *err) MUST_USE;

#endif
