/*
 * promotion — see promotion.h. The rendering takes any object of the
 * documented shape, so wiring the promotion module in is one function.
 */
#include "report/promotion.h"
#include "report/internal.h"

#include <stdio.h>
#include <string.h>

json_t *report_promotion_json(struct steward *s, const char *campaign)
{
    (void)s;
    (void)campaign;
    return NULL;   /* the lead wires this to src/promote/ after merging */
}

static void gates(struct doc *d, const json_t *list)
{
    static const char *const heads[] = {"gate", "met", "why", NULL};
    size_t i;
    json_t *g;
    if (!json_array_size(list))
        return;
    doc_table_begin(d, heads);
    json_array_foreach(list, i, g) {
        int met = json_is_true(json_object_get(g, "met"));
        const char *cells[] = {jstr(g, "name"), met ? "yes" : "no",
                               jstr(g, "why")};
        doc_row_marked(d, cells, !met);
    }
    doc_table_end(d);
}

static void approvals(struct doc *d, const json_t *list)
{
    static const char *const heads[] = {"approved by", "when", NULL};
    size_t i;
    json_t *a;
    if (!json_array_size(list))
        return;
    doc_table_begin(d, heads);
    json_array_foreach(list, i, a) {
        char when[40];
        cell_time(jint(a, "time_ms"), when, sizeof when);
        const char *cells[] = {jstr(a, "by"), when};
        doc_row(d, cells);
    }
    doc_table_end(d);
}

static void scalars(struct doc *d, const json_t *p)
{
    const char *key;
    const json_t *v;
    doc_list_begin(d);
    json_object_foreach((json_t *)p, key, v) {
        char text[512];
        if (json_is_array(v) || json_is_object(v))
            continue;
        cell_value(v, text, sizeof text);
        doc_item(d, key, text);
    }
    doc_list_end(d);
}

void sec_promotion(struct doc *d, struct steward *s, const char *campaign)
{
    json_t *p = report_promotion_json(s, campaign);
    doc_section(d, "promotion", "Promotion");
    if (!p)
        return doc_para(d, "no promotion requested");
    scalars(d, p);
    gates(d, json_object_get(p, "gates"));
    approvals(d, json_object_get(p, "approvals"));
    json_decref(p);
}
