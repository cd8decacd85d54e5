/* drive_int — the pieces of a campaign's search driver (internal). */
#ifndef STEWARD_CAMPAIGN_DRIVE_INT_H
#define STEWARD_CAMPAIGN_DRIVE_INT_H

#include "campaign/campaign.h"
#include "search/search.h"

struct driven {
    int64_t id;
    char name[72];
    char metric[128];
    int maximize;
    json_t *argv, *envelope, *options;
    struct search_space *space;
    struct search *search;
    char snapshot[65];     /* taken with the campaign; "" for none */
    int paused;          /* too many denials in a row: stop asking */
    int load_rc;         /* loading or driving it failed: */
    struct err load_err; /* why (the campaign is then marked failed) */
};

/* The search options the campaign was created with. */
void drive_options(const struct driven *d, struct search_options *opt);
/* Feeds trials' progress and outcomes to the search; prunes. */
int drive_sync(struct steward *s, struct driven *d, struct err *err) MUST_USE;
/* Proposes new trials up to the campaign's slots. */
int drive_ask(struct steward *s, struct driven *d, int *proposed,
              struct err *err) MUST_USE;
/* Saves the search state (inside the caller's transaction). */
int drive_save(struct steward *s, const struct driven *d,
               struct err *err) MUST_USE;

/* Sets the campaign's state (failed or paused) with the reason and a
 * ledger entry, inside the caller's transaction. */
int campaign_mark(struct steward *s, int64_t id, const char *name,
                  const char *state, const char *reason,
                  struct err *err) MUST_USE;
/* Same, in its own transaction. */
int campaign_fail(struct steward *s, int64_t id, const char *name,
                  const char *reason, struct err *err) MUST_USE;

#endif
