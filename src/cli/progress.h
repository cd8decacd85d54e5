/*
 * progress — the facts a user watches a run by: how long it has run (or
 * ran), and the value of its campaign's objective metric. Shared by the
 * dispatcher's progress lines, `status` and `logs -f`.
 */
#ifndef STEWARD_CLI_PROGRESS_H
#define STEWARD_CLI_PROGRESS_H

#include <stdint.h>
#include <jansson.h>
#include "api/api.h"

/* "4.2s" since the run started (running) or its duration (ended); ""
 * before it starts. now_ms is the clock to measure a running run by. */
void progress_time(const json_t *exp, int64_t now_ms, char *out, size_t n);

/* The campaigns (steward_campaign_list), to look objectives up in; NULL
 * when they cannot be read (objectives then show as ""). */
json_t *progress_campaigns(struct steward *s);

/* "val_acc=0.8945" — the last value of the objective metric of exp's
 * campaign; "" when exp has no campaign or the metric has no value. */
void progress_objective(struct steward *s, const json_t *campaigns,
                        const json_t *exp, char *out, size_t n);

/* How dispatch and serve report each run start and end (one line). */
struct progress_ctx {
    int json;
    json_t *campaigns;
};
void progress_print(void *ctx, struct steward *s, int64_t exp, int64_t run,
                    int ended);

#endif
