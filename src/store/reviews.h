/*
 * reviews — the `reviews` table: each human verdict on an experiment
 * (approved, rejected, or void when a new policy voided it), bound to the
 * content hash the human saw.
 */
#ifndef STEWARD_STORE_REVIEWS_H
#define STEWARD_STORE_REVIEWS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

/* Records principal's verdict on experiment, bound to its content hash
 * now. */
int store_reviews_insert(sqlite3 *db, int64_t experiment,
                         const char *principal, const char *verdict,
                         const char *reason, int64_t now_ms,
                         struct err *err) MUST_USE;

/* How many approvals of experiment stand. */
int store_reviews_count_approved(sqlite3 *db, int64_t experiment,
                                 int64_t *n, struct err *err) MUST_USE;

/* Voids every approval of experiment. */
int store_reviews_void_approvals(sqlite3 *db, int64_t experiment,
                                 struct err *err) MUST_USE;

/* For a quorum: the distinct principals whose approval of experiment
 * stands, those of principal, and the experiment's proposer. 1, or 0
 * when there is no such experiment. */
int store_reviews_quorum(sqlite3 *db, int64_t experiment,
                         const char *principal, int64_t *approvers,
                         int64_t *mine, char *proposer, size_t n,
                         struct err *err) MUST_USE;

/* Someone whose approval of experiment was of another content than
 * hash: 1 with their name, or 0. */
int store_reviews_stale_approver(sqlite3 *db, int64_t experiment,
                                 const char *hash, char *principal, size_t n,
                                 struct err *err) MUST_USE;

/* experiment's reviews, oldest first, as {principal, verdict, reason,
 * time_ms}. */
int store_reviews_of(sqlite3 *db, int64_t experiment, json_t **out,
                     struct err *err) MUST_USE;

#endif
