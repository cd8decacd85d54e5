/*
 * production — the `production` table: the history of each name's
 * production pointer, whose newest row is the pointer. Moving it appends
 * a row and never overwrites one.
 */
#ifndef STEWARD_STORE_PRODUCTION_H
#define STEWARD_STORE_PRODUCTION_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

/* The pointer of name at target: the candidate (0 for none) and the one
 * it replaced (0 for none). 1, or 0 when it never moved. */
int store_production_pointer(sqlite3 *db, const char *name,
                             const char *target, int64_t *candidate,
                             int64_t *previous, struct err *err) MUST_USE;

/* What candidate replaced when it last became name's pointer (0 for
 * none): 1, or 0 when it never did. */
int store_production_previous_of(sqlite3 *db, const char *name,
                                 int64_t candidate, int64_t *previous,
                                 struct err *err) MUST_USE;

/* One move of the pointer; previous and promotion 0 for none. */
struct store_production_move {
    const char *name, *target;
    int64_t candidate, previous, promotion;
    const char *action, *by, *evidence;    /* evidence: JSON text */
    int64_t time_ms;
};
int store_production_append(sqlite3 *db,
                            const struct store_production_move *m,
                            struct err *err) MUST_USE;

/* name's history, oldest first, as {seq, action, candidate, previous,
 * promotion, by, time_ms, evidence}. */
int store_production_history(sqlite3 *db, const char *name, json_t **out,
                             struct err *err) MUST_USE;

#endif
