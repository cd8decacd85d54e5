/*
 * anomalies — what the digest flagged in the campaign's runs (NaN,
 * divergence, stalls, novel log templates...), one row per flag, with
 * the digest's own message: a log line an agent's code printed is as
 * untrusted as a rationale, and doc escapes it.
 */
#include "report/internal.h"

#include <stdio.h>

static size_t flag_rows(struct doc *d, const json_t *t, size_t shown)
{
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(json_object_get(t, "digest"),
                                       "anomalies"), i, a) {
        char id[32], count[32];
        if (shown++ >= REPORT_ROWS_MAX)
            continue;
        snprintf(id, sizeof id, "%lld", (long long)jint(t, "experiment"));
        snprintf(count, sizeof count, "%lld", (long long)jint(a, "count"));
        const char *cells[] = {id, jstr(t, "name"), jstr(a, "kind"),
                               jstr(a, "message"), count};
        doc_row(d, cells);
    }
    return shown;
}

void sec_anomalies(struct rcampaign *c)
{
    static const char *const heads[] = {"experiment", "name", "kind",
                                        "what the digest saw", "count", NULL};
    size_t i, shown = 0;
    json_t *t;
    doc_section(&c->d, "anomalies", "Anomalies found by the digest");
    doc_table_begin(&c->d, heads);
    json_array_foreach(json_object_get(c->sum, "trials"), i, t)
        shown = flag_rows(&c->d, t, shown);
    doc_table_end(&c->d);
    if (!shown)
        doc_para(&c->d, "The digest flagged nothing in this campaign's runs.");
    else
        doc_paraf(&c->d, "%zu anomalies flagged.", shown);
}
