/*
 * attention_more — the attention page's look back: anomalies of runs that
 * finished in the window, budgets near or over their limit, campaigns
 * that stopped (paused, failed, or halted on their own).
 */
#include "report/attention.h"
#include "promote/promote.h"
#include "campaign/campaign.h"

#include <stdio.h>
#include <string.h>

#define BUDGET_ALARM 0.8

static size_t run_anomalies(struct rattn *a, const json_t *e, size_t shown)
{
    json_t *d = gather_digest(a->s, jint(e, "id"));
    size_t i;
    json_t *an;
    json_array_foreach(json_object_get(d, "anomalies"), i, an) {
        char id[32];
        if (shown++ >= REPORT_ROWS_MAX)
            continue;
        snprintf(id, sizeof id, "%lld", (long long)jint(e, "id"));
        const char *cells[] = {id, jstr(e, "name"), jstr(e, "state"),
                               jstr(an, "kind"), jstr(an, "message")};
        doc_row(&a->d, cells);
    }
    json_decref(d);
    return shown;
}

void attention_anomalies(struct rattn *a)
{
    static const char *const heads[] = {"experiment", "name", "state",
                                        "kind", "what the digest saw", NULL};
    size_t i, shown = 0, ended = 0;
    json_t *e;
    doc_section(&a->d, "anomalies", "Anomalies of runs finished in the "
                "window");
    doc_table_begin(&a->d, heads);
    json_array_foreach(a->all, i, e) {
        int64_t end = jint(json_object_get(e, "run"), "ended_ms");
        if (end <= 0 || end < a->now - a->since_s * 1000)
            continue;
        ended++;
        shown = run_anomalies(a, e, shown);
    }
    doc_table_end(&a->d);
    doc_paraf(&a->d, "%zu runs finished in the window; the digest flagged "
              "%zu anomalies.", ended, shown);
}

void attention_budgets(struct rattn *a)
{
    static const char *const heads[] = {"account", "metric", "window",
                                        "used", "limit", "used %", NULL};
    json_t *list = NULL, *b;
    size_t i, n = 0;
    doc_section(&a->d, "budgets", "Budget alarms");
    if (steward_budgets(a->s, &list, a->d.err) && !a->d.rc)
        a->d.rc = a->d.err->code;
    doc_table_begin(&a->d, heads);
    json_array_foreach(list, i, b) {
        double used = json_number_value(json_object_get(b, "spent")) +
                      json_number_value(json_object_get(b, "reserved"));
        double limit = json_number_value(json_object_get(b, "limit"));
        char u[32], l[32], pct[32];
        if (limit <= 0 || used < BUDGET_ALARM * limit)
            continue;
        n++;
        snprintf(u, sizeof u, "%.4g", used);
        snprintf(l, sizeof l, "%.4g", limit);
        snprintf(pct, sizeof pct, "%.0f%%", 100 * used / limit);
        const char *cells[] = {json_is_string(json_object_get(b, "name"))
            ? jstr(b, "name") : jstr(b, "scope"), jstr(b, "metric"),
            jstr(b, "window"), u, l, pct};
        doc_row_marked(&a->d, cells, used >= limit);
    }
    doc_table_end(&a->d);
    doc_paraf(&a->d, "%zu budget accounts at or above %.0f%% of their limit.",
              n, BUDGET_ALARM * 100);
    json_decref(list);
}

void attention_campaigns(struct rattn *a)
{
    static const char *const heads[] = {"campaign", "state", "why", NULL};
    json_t *list = NULL, *c;
    size_t i, n = 0;
    doc_section(&a->d, "campaigns", "Halted campaigns");
    if (steward_campaign_list(a->s, &list, a->d.err) && !a->d.rc)
        a->d.rc = a->d.err->code;
    doc_table_begin(&a->d, heads);
    json_array_foreach(list, i, c) {
        const char *st = jstr(c, "state");
        if (strcmp(st, "paused") && strcmp(st, "failed"))
            continue;
        n++;
        const char *cells[] = {jstr(c, "name"), st, jstr(c, "reason")};
        doc_row_marked(&a->d, cells, 1);
    }
    doc_table_end(&a->d);
    doc_paraf(&a->d, "%zu campaigns stopped and wait for a human "
              "(steward campaign resume).", n);
    json_decref(list);
}

/* Promotions waiting for their gates or humans: what is not met yet. */
void attention_promotions(struct rattn *a)
{
    static const char *const heads[] = {"promotion", "candidate", "target",
        "requested by", "not met yet", NULL};
    json_t *list = NULL, *card;
    struct err ignored = ERR_INIT;
    size_t i;
    doc_section(&a->d, "promotions", "Promotions waiting");
    if (steward_promote_waiting(a->s, &list, &ignored) ||
        !json_array_size(list)) {
        json_decref(list);
        return doc_para(&a->d, "No promotion waits.");
    }
    doc_table_begin(&a->d, heads);
    json_array_foreach(list, i, card) {
        char id[32], cand[160], open[512] = "";
        const json_t *c = json_object_get(card, "candidate"), *g;
        size_t k;
        snprintf(id, sizeof id, "%lld", (long long)jint(card, "promotion"));
        snprintf(cand, sizeof cand, "%s (#%lld)", jstr(c, "name"),
                 (long long)jint(c, "id"));
        json_array_foreach(json_object_get(card, "gates"), k, g)
            if (!json_is_true(json_object_get(g, "met")))
                snprintf(open + strlen(open), sizeof open - strlen(open),
                         "%s%s: %s", *open ? "; " : "", jstr(g, "gate"),
                         jstr(g, "why"));
        const char *cells[] = {id, cand, jstr(card, "target"),
                               jstr(card, "requester"), open};
        doc_row_marked(&a->d, cells, 1);
    }
    doc_table_end(&a->d);
    doc_paraf(&a->d, "%zu promotion(s) wait (steward promote status).",
              json_array_size(list));
    json_decref(list);
}
