/*
 * promotions — the `promotions` and `promotion_approvals` tables: the
 * promotions asked for, their state and outcome, and each human's
 * approval bound to the fingerprint it approved. Gates and quorums are
 * src/promote/'s.
 */
#ifndef STEWARD_STORE_PROMOTIONS_H
#define STEWARD_STORE_PROMOTIONS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

struct store_promotion {
    int64_t id, candidate;
    char state[16];
    char requester[128];
    char target[32];
};

/* Promotion id: 1, or 0 when there is none. */
int store_promotions_get(sqlite3 *db, int64_t id, struct store_promotion *p,
                         struct err *err) MUST_USE;

/* Records a waiting promotion of candidate; *id is the new one's. */
int store_promotions_insert(sqlite3 *db, int64_t candidate,
                            const char *target, const char *requester,
                            const char *reason, int64_t created_ms,
                            int64_t *id, struct err *err) MUST_USE;

/* The promotion of candidate still waiting into *id: 1, or 0. */
int store_promotions_waiting_for(sqlite3 *db, int64_t candidate,
                                 int64_t *id, struct err *err) MUST_USE;

/* The ids of the promotions waiting, oldest first. */
int store_promotions_waiting(sqlite3 *db, json_t **ids,
                             struct err *err) MUST_USE;

/* The newest promotion of a candidate from the campaign: 1, or 0. */
int store_promotions_last_of_campaign(sqlite3 *db, const char *campaign,
                                      int64_t *id, struct err *err) MUST_USE;

/* Ends a promotion: its state, who decided, when, and the outcome. */
int store_promotions_decide(sqlite3 *db, int64_t id, const char *state,
                            const char *by, int64_t now_ms,
                            const char *outcome, struct err *err) MUST_USE;

/* Records principal's approval of promotion, or renews it. */
int store_approvals_put(sqlite3 *db, int64_t promotion,
                        const char *principal, const char *fingerprint,
                        const char *reason, int64_t now_ms,
                        struct err *err) MUST_USE;

/* Calls fn with each approval of promotion, oldest first. */
typedef void (*store_approval_fn)(const char *principal,
                                  const char *fingerprint,
                                  const char *reason, int64_t time_ms,
                                  void *ctx);
int store_approvals_each(sqlite3 *db, int64_t promotion,
                         store_approval_fn fn, void *ctx,
                         struct err *err) MUST_USE;

#endif
