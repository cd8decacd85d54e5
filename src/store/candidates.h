/*
 * candidates — the `candidates` table: a run's artifact offered for
 * promotion, with its hash, size, parent candidate and lineage. Whether
 * it may be promoted is src/promote/'s.
 */
#ifndef STEWARD_STORE_CANDIDATES_H
#define STEWARD_STORE_CANDIDATES_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

struct store_candidate {
    int64_t id, experiment, run, parent, size;  /* parent 0: none */
    char name[72];
    char path[4096];
    char sha[65];
};

/* Inserts c (its id is ignored) with its lineage (JSON text); *id is the
 * new candidate's. */
int store_candidates_insert(sqlite3 *db, const struct store_candidate *c,
                            const char *lineage, const char *added_by,
                            int64_t added_ms, int64_t *id,
                            struct err *err) MUST_USE;

/* Candidate id: 1, or 0 when there is none. */
int store_candidates_get(sqlite3 *db, int64_t id, struct store_candidate *c,
                         struct err *err) MUST_USE;

/* The same as JSON, with its lineage, added_by and added_ms: 1, or 0. */
int store_candidates_json(sqlite3 *db, int64_t id, json_t **out,
                          struct err *err) MUST_USE;

/* Every candidate's id, oldest first. */
int store_candidates_ids(sqlite3 *db, json_t **ids, struct err *err) MUST_USE;

#endif
