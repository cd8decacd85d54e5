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

/* Checks a new campaign's envelope (max_runs, cpus, mem_bytes, time_s,
 * gpus, cpu_hours, params ranges) and search options (sampler, pruner,
 * trials, slots, min_resource, max_resource, eta); messages name the
 * command-line option. */
int campaign_check_envelope(const json_t *env, struct err *err) MUST_USE;
int campaign_check_options(const json_t *options, int maximize,
                           struct err *err) MUST_USE;
struct search_options;
/* The search options a campaign's stored options describe. */
void campaign_search_options(const json_t *options, int maximize,
                             struct search_options *o);

/* Lifecycle beyond approval. A campaign whose search cannot go on is
 * `failed` (its driver hit an error) or `paused` (CAMPAIGN_DENIALS_MAX
 * trials in a row were denied); only a human resumes it. Deleting hides a
 * campaign nobody wants and stops its search; its experiments stay on
 * record. Each is a ledger entry. */
#define CAMPAIGN_DENIALS_MAX 3
int steward_campaign_resume(struct steward *s, const char *name,
                            const char *reason, struct err *err) MUST_USE;
int steward_campaign_delete(struct steward *s, const char *name,
                            const char *reason, struct err *err) MUST_USE;

/* One step of every approved searching campaign: feed finished and
 * running trials back to the search, prune, and propose new trials up to
 * the campaign's slots. *proposed counts the new trials. A campaign whose
 * step fails is marked failed with the reason and the others go on; only
 * a database that stays busy is returned as an error. */
int campaign_drive(struct steward *s, int *proposed, struct err *err)
    MUST_USE;

#endif
