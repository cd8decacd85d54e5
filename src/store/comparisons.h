/*
 * comparisons — the `comparisons` table, append-only: each comparison
 * of two groups of runs with its result, kept so that promotion gates can
 * cite it by id.
 */
#ifndef STEWARD_STORE_COMPARISONS_H
#define STEWARD_STORE_COMPARISONS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

/* Records a comparison (result as JSON text); *id is the new one's. */
int store_comparisons_insert(sqlite3 *db, const char *a, const char *b,
                             const char *result, const char *principal,
                             int64_t created_ms, int64_t *id,
                             struct err *err) MUST_USE;

/* The oldest limit comparisons as {id, a, b, principal, created_ms,
 * result}. */
int store_comparisons_list(sqlite3 *db, int64_t limit, json_t **out,
                           struct err *err) MUST_USE;

/* Calls fn with each comparison, newest first, until fn returns
 * non-zero. a and b are the groups compared, result its JSON text. */
typedef int (*store_comparison_fn)(int64_t id, const char *a, const char *b,
                                   const char *result, void *ctx);
int store_comparisons_each_newest(sqlite3 *db, store_comparison_fn fn,
                                  void *ctx, struct err *err) MUST_USE;

#endif
