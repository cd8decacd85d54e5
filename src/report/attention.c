/*
 * attention — `steward report --since 24h`: the daily page of what needs
 * a human. Each section answers one question, in the order a reviewer
 * acts on them: is anything halted, what waits for me (and since when),
 * which approvals lapse before I am back, what went wrong in runs that
 * finished in the window, which budgets are near their limit, which
 * campaigns stopped.
 *
 * "Soon" for an approval is the window's own length ahead: reading the
 * page daily (--since 24h), you see every approval that lapses before
 * tomorrow's page. A budget alarms at 80% of its limit (reserved counts,
 * as approval reserved it).
 */
#include "report/internal.h"
#include "report/attention.h"
#include "api/policy_file.h"
#include "campaign/campaign.h"
#include "policy/policy.h"

#include "core/parse.h"

#include <stdio.h>
#include <string.h>

static void halts(struct rattn *a)
{
    static const char *const heads[] = {"scope", "since", "by", "reason",
                                        NULL};
    json_t *list = NULL, *h;
    size_t i;
    doc_section(&a->d, "halts", "Active halts");
    if (steward_halts(a->s, &list, a->d.err) && !a->d.rc)
        a->d.rc = a->d.err->code;
    doc_table_begin(&a->d, heads);
    json_array_foreach(list, i, h) {
        char when[40];
        cell_time(jint(h, "since_ms"), when, sizeof when);
        const char *cells[] = {jstr(h, "scope"), when, jstr(h, "by"),
                               jstr(h, "reason")};
        doc_row_marked(&a->d, cells, 1);
    }
    doc_table_end(&a->d);
    if (!json_array_size(list))
        doc_para(&a->d, "No halt is in force: dispatch runs.");
    json_decref(list);
}

static void pending(struct rattn *a)
{
    static const char *const heads[] = {"experiment", "name", "proposer",
        "waiting", "why it needs you", "rationale", "params", "tags", NULL};
    size_t i, n = 0;
    json_t *e;
    doc_section(&a->d, "pending", "Pending cards");
    doc_table_begin(&a->d, heads);
    json_array_foreach(a->all, i, e) {
        char id[32], waited[32], params[1024], tags[256];
        if (strcmp(jstr(e, "state"), "pending_review") || n++ >=
            REPORT_ROWS_MAX)
            continue;
        snprintf(id, sizeof id, "%lld", (long long)jint(e, "id"));
        cell_duration_ms(a->now - jint(e, "created_ms"), waited,
                         sizeof waited);
        cell_params(json_object_get(e, "params"), params, sizeof params);
        cell_tags(json_object_get(e, "tags"), tags, sizeof tags);
        const json_t *why = json_array_get(json_object_get(json_object_get(e,
                                           "decision"), "reasons"), 0);
        const char *cells[] = {id, jstr(e, "name"), jstr(e, "proposer"),
            waited, json_string_value(why) ? json_string_value(why) : "",
            jstr(e, "rationale"), params, tags};
        doc_row(&a->d, cells);
    }
    doc_table_end(&a->d);
    doc_paraf(&a->d, "%zu proposals wait for a human (steward queue).", n);
}

static void expiring(struct rattn *a)
{
    static const char *const heads[] = {"experiment", "name", "approved",
                                        "lapses in", NULL};
    size_t i, n = 0;
    json_t *e;
    doc_section(&a->d, "expiring", "Approvals expiring soon");
    doc_table_begin(&a->d, heads);
    json_array_foreach(a->all, i, e) {
        char id[32], when[40], left[32];
        int64_t lapse = jint(e, "updated_ms") + a->validity_s * 1000;
        if (strcmp(jstr(e, "state"), "approved") || a->validity_s <= 0 ||
            lapse > a->now + a->since_s * 1000 || n++ >= REPORT_ROWS_MAX)
            continue;
        snprintf(id, sizeof id, "%lld", (long long)jint(e, "id"));
        cell_time(jint(e, "updated_ms"), when, sizeof when);
        cell_duration_ms(lapse - a->now, left, sizeof left);
        const char *cells[] = {id, jstr(e, "name"), when, left};
        doc_row_marked(&a->d, cells, 1);
    }
    doc_table_end(&a->d);
    doc_paraf(&a->d, "%zu approvals lapse within the window ahead unless "
              "their run starts.", n);
}

static void load_validity(struct rattn *a)
{
    struct policy *pol = NULL;
    struct err ignored = ERR_INIT;
    a->validity_s = 0;
    if (policy_file_load(steward_home(a->s), &pol, &ignored))
        return;   /* a broken policy denies new work: nothing lapses */
    a->validity_s = policy_approval_validity(pol);
    policy_free(pol);
}

static void write_all(struct rattn *a)
{
    char title[128], since[32], when[40];
    format_duration(a->since_s, since, sizeof since);
    cell_time(a->now, when, sizeof when);
    snprintf(title, sizeof title, "What needs your attention (last %s)",
             since);
    doc_begin(&a->d, title);
    doc_paraf(&a->d, "As of %s; the window began %s ago.", when, since);
    halts(a);
    pending(a);
    expiring(a);
    attention_promotions(a);
    attention_anomalies(a);
    attention_budgets(a);
    attention_campaigns(a);
    doc_end(&a->d);
}

int report_attention(struct steward *s, int64_t since_s, int64_t now_ms,
                     struct report_out *out, struct err *err)
{
    struct rattn a = {.s = s, .since_s = since_s, .now = now_ms};
    int rc = steward_list(s, NULL, &a.all, err);
    load_validity(&a);
    doc_init(&a.d, err);
    if (!rc) {
        write_all(&a);
        rc = doc_status(&a.d);
    }
    if (!rc) {
        out->md = buf_take(&a.d.md);
        out->html = buf_take(&a.d.html);
    }
    doc_free(&a.d);
    json_decref(a.all);
    return rc;
}
