/*
 * report — what a human reads to learn, in minutes, what happened:
 * the campaign report (`steward report CAMPAIGN`) and the daily
 * "what needs your attention" page (`steward report --since 24h`).
 *
 * Reports only read: every fact comes from the api's JSON (campaign
 * summary, show, metrics, budgets, halts, comparisons, the ledger, the
 * digests runs left), checked against the caller's read grant there.
 * The result is two texts, Markdown and one self-contained HTML page
 * (inline CSS and SVG, a CSP that allows no script); where they are
 * written is the caller's business (see cli/cmd_report.c: never by the
 * server, always by the client).
 */
#ifndef STEWARD_REPORT_REPORT_H
#define STEWARD_REPORT_REPORT_H

#include "api/api.h"

struct report_out {
    char *md, *html;   /* malloc'd, NUL-terminated */
};

/* The report of campaign name as of now_ms. ERR_NOTFOUND: no campaign. */
int report_campaign(struct steward *s, const char *name, int64_t now_ms,
                    struct report_out *out, struct err *err) MUST_USE;
/* The attention page over the window [now_ms - since_s, now_ms]. */
int report_attention(struct steward *s, int64_t since_s, int64_t now_ms,
                     struct report_out *out, struct err *err) MUST_USE;
void report_out_free(struct report_out *o);

#endif
