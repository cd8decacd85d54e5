/*
 * promotion — see promotion.h: the card of the campaign's latest
 * promotion (src/promote/), in the report's shape.
 */
#include "report/promotion.h"
#include "report/internal.h"
#include "promote/promote.h"
#include "core/json.h"

#include <stdio.h>
#include <string.h>

/* The human approvals a card's approvals gate cites, still counting. */
static json_t *approvals_of(const json_t *gates)
{
    json_t *out = json_array(), *g, *e;
    size_t i, k;
    json_array_foreach(gates, i, g)
        json_array_foreach(json_object_get(g, "evidence"), k, e)
            if (json_is_true(json_object_get(e, "valid")))
                json_array_append_new(out, json_pack("{s:O,s:O}", "by",
                    json_object_get(e, "by"), "time_ms",
                    json_object_get(e, "time_ms")));
    return out;
}


json_t *report_promotion_json(struct steward *s, const char *campaign)
{
    static const char *const gate_keys[] = {"gate", "met", "why", NULL};
    json_t *card = NULL;
    struct err ignored = ERR_INIT;
    if (steward_promote_of_campaign(s, campaign, &card, &ignored) || !card)
        return NULL;
    const json_t *cand = json_object_get(card, "candidate");
    char what[160];
    snprintf(what, sizeof what, "%s (candidate #%lld)",
             jstr(cand, "name"), (long long)jint(cand, "id"));
    json_t *out = json_pack("{s:O,s:s,s:O,s:O,s:b,s:o,s:o}", "state",
        json_object_get(card, "state"), "candidate", what, "target",
        json_object_get(card, "target"), "requester",
        json_object_get(card, "requester"), "every gate met",
        json_is_true(json_object_get(card, "ready")), "gates",
        json_pick_each(json_object_get(card, "gates"), gate_keys), "approvals",
        approvals_of(json_object_get(card, "gates")));
    json_decref(card);
    return out;
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
        const char *cells[] = {jstr(g, "gate"), met ? "yes" : "no",
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
