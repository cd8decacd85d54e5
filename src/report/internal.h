/*
 * internal — what the report's sections share: the facts gathered once
 * (gather.c) and the helpers that turn JSON values into cell text.
 */
#ifndef STEWARD_REPORT_INTERNAL_H
#define STEWARD_REPORT_INTERNAL_H

#include "report/doc.h"
#include "report/report.h"

#define REPORT_ROWS_MAX 200   /* rows of one table; the rest are counted */

/* A campaign's facts. trials: the summary's trials, each with "show"
 * (steward_show) and, when its run left one, "digest" added. */
struct rcampaign {
    struct steward *s;
    const char *name;
    int64_t now_ms;
    json_t *sum;          /* steward_campaign_summary */
    json_t *budgets;      /* steward_budgets */
    json_t *comparisons;  /* of this campaign (see gather.c) */
    json_t *timeline;     /* decisions, see timeline.c */
    struct doc d;
};

int gather_campaign(struct rcampaign *c, struct err *err) MUST_USE;
void gather_release(struct rcampaign *c);
/* The digest a finished run left (runs/RUN/digest.json), or NULL. */
json_t *gather_digest(struct steward *s, int64_t experiment);
/* Ledger decisions about the campaign and its experiments. */
int timeline_gather(struct rcampaign *c, struct err *err) MUST_USE;

void sec_overview(struct rcampaign *c);
void sec_budget(struct rcampaign *c);
void sec_trials(struct rcampaign *c);
void sec_curves(struct rcampaign *c);
void sec_parallel(struct rcampaign *c);
void sec_anomalies(struct rcampaign *c);
void sec_comparisons(struct doc *d, const json_t *list);
void sec_timeline(struct rcampaign *c);
void sec_promotion(struct doc *d, struct steward *s, const char *campaign);

/* Cell text of JSON values. */
void cell_value(const json_t *v, char *out, size_t n);
void cell_params(const json_t *params, char *out, size_t n);
void cell_tags(const json_t *tags, char *out, size_t n);
void cell_time(int64_t ms, char *out, size_t n);
void cell_duration_ms(int64_t ms, char *out, size_t n);
const char *jstr(const json_t *o, const char *key);
int64_t jint(const json_t *o, const char *key);

#endif
