/*
 * uploads — the `uploads` table: which contents each principal sent, and
 * how large, so a snapshot names only contents its principal has and a
 * day's uploads can be bounded.
 */
#ifndef STEWARD_STORE_UPLOADS_H
#define STEWARD_STORE_UPLOADS_H

#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

/* Records that principal sent sha (once: a second send is no news). */
int store_uploads_record(sqlite3 *db, const char *principal, const char *sha,
                         int64_t size, int64_t now_ms,
                         struct err *err) MUST_USE;

/* The bytes principal sent since since_ms. */
int store_uploads_sent_since(sqlite3 *db, const char *principal,
                             int64_t since_ms, int64_t *bytes,
                             struct err *err) MUST_USE;

/* 1 when principal sent sha, else 0. */
int store_uploads_known(sqlite3 *db, const char *principal, const char *sha,
                        struct err *err) MUST_USE;

#endif
