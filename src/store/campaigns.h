/*
 * campaigns — the `campaigns` table: a campaign's objective, envelope,
 * search space and options, its state (proposed, approved, paused,
 * failed, deleted) with the reason, its denials in a row and its saved
 * search state. What those mean is src/campaign/'s.
 */
#ifndef STEWARD_STORE_CAMPAIGNS_H
#define STEWARD_STORE_CAMPAIGNS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

/* A new campaign; JSON columns as their text, argv and space NULL for a
 * campaign that does not search. */
struct store_campaign_new {
    const char *name, *metric, *direction, *envelope, *argv, *space;
    const char *options, *created_by, *snapshot;
    int64_t created_ms;
};

/* Inserts it as 'proposed'; a taken name fails with ERR_CONFLICT. */
int store_campaigns_insert(sqlite3 *db, const struct store_campaign_new *c,
                           struct err *err) MUST_USE;

/* A campaign as stored. The JSON columns are parsed (NULL when absent or
 * not JSON); space and search_state are NULL when absent. */
struct store_campaign {
    int64_t id;
    char name[128], metric[128], direction[16], state[16], snapshot[65];
    json_t *envelope, *argv, *options;
    char *space, *search_state;
};
void store_campaign_release(struct store_campaign *c);

/* The campaign named name (deleted or not): 1, or 0 when none is. */
int store_campaigns_by_name(sqlite3 *db, const char *name,
                            struct store_campaign *out,
                            struct err *err) MUST_USE;

/* Calls fn with each approved campaign that searches, oldest first, until
 * fn returns non-zero; returns that value, 0 at the end, or an ERR_*. */
typedef int (*store_campaign_fn)(const struct store_campaign *c, void *ctx);
int store_campaigns_each_searching(sqlite3 *db, store_campaign_fn fn,
                                   void *ctx, struct err *err) MUST_USE;

/* The state of the campaign named name unless it was deleted: 1, or 0
 * when there is no such campaign. */
int store_campaigns_live_state(sqlite3 *db, const char *name, char *state,
                               size_t n, struct err *err) MUST_USE;

/* Campaigns not deleted, oldest first, as {name, metric, direction,
 * state, envelope, created_by, approved_by, searching, experiments,
 * reason?}. */
int store_campaigns_list(sqlite3 *db, json_t **out, struct err *err) MUST_USE;

/* State changes; each returns the number of campaigns changed (0 when
 * the campaign is not in the state the change starts from). */
int store_campaigns_approve(sqlite3 *db, const char *name, const char *by,
                            int64_t now_ms, struct err *err) MUST_USE;
int store_campaigns_resume(sqlite3 *db, const char *name, const char *reason,
                           struct err *err) MUST_USE;
int store_campaigns_delete(sqlite3 *db, const char *name, const char *reason,
                           struct err *err) MUST_USE;
/* Sets any state, with its reason (failed, paused). */
int store_campaigns_set_state(sqlite3 *db, int64_t id, const char *state,
                              const char *reason, struct err *err) MUST_USE;

int store_campaigns_save_search(sqlite3 *db, int64_t id, const char *state,
                                struct err *err) MUST_USE;

/* Counts one more denied trial in a row, or with denied = 0 resets the
 * count; *denials is the count after. */
int store_campaigns_count_denial(sqlite3 *db, int64_t id, int denied,
                                 int64_t *denials, struct err *err) MUST_USE;

#endif
