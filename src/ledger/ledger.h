/*
 * ledger — the append-only, hash-chained record of every state change.
 *
 * Each entry is (seq, time, principal, action, object, payload, prev_hash,
 * hash). hash = SHA-256 over a canonical encoding of every other field
 * (each field length-prefixed, so no two different entries encode alike),
 * and prev_hash is the hash of entry seq-1 (64 zeros for seq 1). The
 * newest (seq, hash) is also kept in meta as the head, so cutting entries
 * off the end is detected too.
 *
 * ledger_append must be called inside the transaction of the mutation it
 * records: the change and its entry commit together or not at all.
 * ledger_verify recomputes the whole chain and names the first bad seq:
 * an edited entry breaks its own hash, a deleted or inserted one breaks the
 * sequence or the next prev_hash, a reordered one breaks both.
 */
#ifndef STEWARD_LEDGER_LEDGER_H
#define STEWARD_LEDGER_LEDGER_H

#include <sqlite3.h>
#include <stdint.h>
#include <jansson.h>
#include "core/err.h"

#define LEDGER_HASH_HEX 65

/* Appends an entry. payload is stored as canonical JSON (sorted keys). */
int ledger_append(sqlite3 *db, const char *principal, const char *action,
                  const char *object, const json_t *payload,
                  struct err *err) MUST_USE;

struct ledger_check {
    int64_t entries;   /* entries read */
    int64_t first_bad; /* 0 when the chain verifies */
    char problem[256]; /* what is wrong at first_bad */
    char head[LEDGER_HASH_HEX];
};

/* Recomputes the chain. Returns 0 when it could be read (check says
 * whether it verified) or a negative code when the database failed. */
int ledger_verify(sqlite3 *db, struct ledger_check *check,
                  struct err *err) MUST_USE;

/* Calls fn for each entry in seq order as a JSON object. Stops early and
 * returns fn's value when it is non-zero. */
typedef int (*ledger_visit_fn)(json_t *entry, void *ctx);
int ledger_each(sqlite3 *db, int64_t from_seq, ledger_visit_fn fn, void *ctx,
                struct err *err) MUST_USE;

#endif
