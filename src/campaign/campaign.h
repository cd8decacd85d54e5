/*
 * campaign — an objective, an envelope a human approves once, and
 * optionally a search that proposes its own trials.
 *
 * Creating a campaign (any principal that may propose) records its
 * objective (a metric and a direction), its envelope (max runs, resources
 * per run, command pattern, parameter ranges, total cpu-hours) and, for a
 * searching campaign, the command template, the search space and the
 * sampler/pruner options. Nothing runs until an owner approves the
 * envelope; from then on proposals inside it run without review, and a
 * searching campaign's driver (called by the dispatcher) asks its sampler
 * for trials and proposes them like any agent — every trial still passes
 * through policy and budgets.
 */
#ifndef STEWARD_CAMPAIGN_CAMPAIGN_H
#define STEWARD_CAMPAIGN_CAMPAIGN_H

#include <jansson.h>
#include "api/api.h"

struct campaign_spec {
    const char *name;
    const char *metric;       /* objective metric, e.g. "val_acc" */
    const char *direction;    /* "minimize" or "maximize" */
    json_t *envelope;         /* see campaign.c for the keys */
    char *const *argv;        /* trial command (searching campaigns) */
    const char *space_text;   /* search space (searching campaigns) */
    json_t *options;          /* sampler, pruner, seed, trials, slots,
                                 min_resource, max_resource, eta */
};

/* Parses "maximize val_acc" / "minimize loss" into spec. */
int campaign_parse_objective(const char *text, struct campaign_spec *spec,
                             char *metric, size_t n, struct err *err) MUST_USE;

int steward_campaign_create(struct steward *s, const struct campaign_spec *c,
                            struct err *err) MUST_USE;
/* The owner approves the envelope once (ledger entry). */
int steward_campaign_approve(struct steward *s, const char *name,
                             const char *reason, struct err *err) MUST_USE;
int steward_campaign_list(struct steward *s, json_t **out,
                          struct err *err) MUST_USE;
/* What was tried, the best, failures with their flags, what was pruned,
 * and which trials an agent added itself. */
int steward_campaign_summary(struct steward *s, const char *name,
                             json_t **out, struct err *err) MUST_USE;

/* One step of every approved searching campaign: feed finished and
 * running trials back to the search, prune, and propose new trials up to
 * the campaign's slots. *proposed counts the new trials. */
int campaign_drive(struct steward *s, int *proposed, struct err *err)
    MUST_USE;

#endif
