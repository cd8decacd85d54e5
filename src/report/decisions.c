/*
 * decisions — stored comparisons with their verdicts, and the decisions
 * timeline (timeline.c gathered it from the ledger).
 */
#include "report/internal.h"
#include "core/json.h"

#include <stdio.h>

static void comparison_row(struct doc *d, const json_t *cmp)
{
    char id[32], when[40];
    const json_t *res = json_object_get(cmp, "result");
    const json_t *first = json_array_get(json_object_get(res, "comparisons"),
                                         0);
    char p[64];
    snprintf(id, sizeof id, "%lld", (long long)jint(cmp, "id"));
    cell_time(jint(cmp, "created_ms"), when, sizeof when);
    double pv;
    if (json_get_double(json_object_get(first, "pvalue_adjusted"), &pv))
        snprintf(p, sizeof p, "-");
    else
        snprintf(p, sizeof p, "%.3g", pv);
    const char *cells[] = {id, jstr(cmp, "a"), jstr(cmp, "b"),
                           jstr(first, "metric"), p, jstr(res, "verdict"),
                           jstr(cmp, "principal"), when};
    doc_row_marked(d, cells, json_is_true(json_object_get(first,
                                                          "significant")));
}

void sec_comparisons(struct doc *d, const json_t *list)
{
    static const char *const heads[] = {"id", "A", "B", "metric",
        "adjusted p", "verdict", "by", "when", NULL};
    size_t i;
    json_t *cmp;
    doc_section(d, "comparisons", "Comparisons");
    if (!json_array_size(list))
        return doc_para(d, "No stored comparison names this campaign or its "
                        "experiments (steward compare stores each one).");
    doc_table_begin(d, heads);
    json_array_foreach(list, i, cmp)
        if (i < REPORT_ROWS_MAX)
            comparison_row(d, cmp);
    doc_table_end(d);
}

void sec_timeline(struct rcampaign *c)
{
    static const char *const heads[] = {"when", "who", "decision", "object",
                                        "waited", "reason", NULL};
    size_t i;
    json_t *r;
    doc_section(&c->d, "decisions", "Decisions timeline");
    doc_paraf(&c->d, "%lld trials ran inside the approved envelope without "
              "asking anyone.", (long long)jint(c->sum, "auto_approved"));
    doc_table_begin(&c->d, heads);
    json_array_foreach(c->timeline, i, r) {
        char when[40], waited[32];
        cell_time(jint(r, "time_ms"), when, sizeof when);
        cell_duration_ms(jint(r, "waited_ms"), waited, sizeof waited);
        const char *cells[] = {when, jstr(r, "who"), jstr(r, "what"),
                               jstr(r, "object"), waited, jstr(r, "reason")};
        doc_row(&c->d, cells);
    }
    doc_table_end(&c->d);
}
