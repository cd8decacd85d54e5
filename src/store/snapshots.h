/*
 * snapshots — the `snapshots` table: each manifest under the hash that
 * names it, with its file count and size. What a manifest holds and why
 * it can be trusted is src/snapshot/'s.
 */
#ifndef STEWARD_STORE_SNAPSHOTS_H
#define STEWARD_STORE_SNAPSHOTS_H

#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"
#include "store/store.h"

/* Records manifest (its canonical text) under hash, unless it is
 * recorded already. */
int store_snapshots_insert(sqlite3 *db, const char *hash,
                           const char *manifest, int64_t files,
                           int64_t bytes, int64_t created_ms,
                           struct err *err) MUST_USE;

/* The manifest text recorded under hash (malloc'd, for the caller to
 * free): 1, or 0 when none is. */
int store_snapshots_manifest(sqlite3 *db, const char *hash, char **out,
                             struct err *err) MUST_USE;

/* 1 when a snapshot is recorded under hash, else 0. */
int store_snapshots_exists(sqlite3 *db, const char *hash,
                           struct err *err) MUST_USE;

/* Removes the snapshots no experiment or campaign names; returns how
 * many it removed (>= 0). */
int store_snapshots_drop_unused(sqlite3 *db, struct err *err) MUST_USE;

/* Calls fn with each recorded manifest's text. */
int store_snapshots_each_manifest(sqlite3 *db, store_text_fn fn, void *ctx,
                                  struct err *err) MUST_USE;

#endif
