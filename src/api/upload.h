/*
 * upload — contents a client sent, and who sent them.
 *
 * A client proves it has a file by sending its bytes; a hash alone proves
 * nothing (a low-entropy secret's hash can be guessed, and a manifest may
 * show another's). So the server records (principal, sha) for every
 * content a principal sent, and a snapshot may name a content without
 * sending it only when its principal sent it before.
 */
#ifndef STEWARD_API_UPLOAD_H
#define STEWARD_API_UPLOAD_H

#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"
#include "snapshot/snapshot.h"

/* What one principal sent today, read once per request and counted down
 * as contents arrive (zero-initialise: {0, 0}). */
struct upload_quota {
    int64_t sent;
    int loaded;
};

/* Stores the base64 content b64 under sha (refused unless it hashes to
 * it, or when it would pass who's daily allowance q) and records it as
 * sent by who. */
int upload_put(sqlite3 *db, struct cas *c, const char *who, const char *sha,
               const char *b64, struct upload_quota *q,
               struct err *err) MUST_USE;

/* 1 when who sent sha before and the store still holds it. */
int upload_known(sqlite3 *db, struct cas *c, const char *who,
                 const char *sha);

/* snapshot_client.c: a field of the request's "snapshot" object. */
const json_t *snapshot_sent_field(const char *name);

#endif
