/* status_view — the list and summaries `steward status` prints. */
#ifndef STEWARD_CLI_STATUS_VIEW_H
#define STEWARD_CLI_STATUS_VIEW_H

#include <stdio.h>
#include <jansson.h>
#include "api/api.h"

/* Splits "running,queued" in place into states (NULL-terminated, at most
 * max - 1 entries); fails on a word that is no state. */
int status_parse_states(char *list, const char **states, size_t max,
                        struct err *err) MUST_USE;

/* Keeps the experiments of campaign (NULL: all), then the last limit
 * (0: all). */
/* How much of the list to keep: ids above after (0: all), then the oldest
 * first (0: all) or the newest limit (0: all). */
struct status_page {
    int64_t after, first, limit;
};
void status_filter(json_t *list, const char *campaign,
                   const struct status_page *page);

/* A header and one line per experiment: id, state, name, time,
 * objective, proposer. */
void status_print_list(struct steward *s, const json_t *list, FILE *out);

/* One line (two when something is not enforced): how many limits the
 * sandbox held and which not. */
void status_enforcement(const json_t *exp, FILE *out);

#endif
