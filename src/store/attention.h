/*
 * attention — the counts behind the human-attention figures: proposals,
 * runs, human decisions, what the policy decided alone, and how long
 * each human decision took, over all experiments or one campaign's.
 */
#ifndef STEWARD_STORE_ATTENTION_H
#define STEWARD_STORE_ATTENTION_H

#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

struct store_attention {
    int64_t proposals, runs, decisions, autos, denied, expired;
};

/* Over the campaign's experiments, or all when campaign is NULL. */
int store_attention_counts(sqlite3 *db, const char *campaign,
                           struct store_attention *out,
                           struct err *err) MUST_USE;

/* Calls fn with the time from proposal to each human decision, shortest
 * first. */
typedef int (*store_wait_fn)(int64_t wait_ms, void *ctx);
int store_attention_waits(sqlite3 *db, const char *campaign,
                          store_wait_fn fn, void *ctx,
                          struct err *err) MUST_USE;

#endif
