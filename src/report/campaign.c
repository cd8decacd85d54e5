/*
 * campaign — `steward report CAMPAIGN`: the sections in reading order,
 * from the facts gather.c read once.
 */
#include "report/internal.h"

#include <stdio.h>
#include <stdlib.h>

static void header(struct rcampaign *c)
{
    char when[40];
    cell_time(c->now_ms, when, sizeof when);
    doc_paraf(&c->d, "Campaign %s as of %s. Everything below was read from "
              "the project's record; nothing was changed.", c->name, when);
}

static void write_all(struct rcampaign *c)
{
    char title[300];
    snprintf(title, sizeof title, "Campaign report: %s", c->name);
    doc_begin(&c->d, title);
    header(c);
    sec_overview(c);
    sec_budget(c);
    sec_trials(c);
    sec_curves(c);
    sec_parallel(c);
    sec_anomalies(c);
    sec_comparisons(&c->d, c->comparisons);
    sec_timeline(c);
    sec_promotion(&c->d, c->s, c->name);
    doc_end(&c->d);
}

int report_campaign(struct steward *s, const char *name, int64_t now_ms,
                    struct report_out *out, struct err *err)
{
    struct rcampaign c = {.s = s, .name = name, .now_ms = now_ms};
    int rc = gather_campaign(&c, err);
    doc_init(&c.d, err);
    if (!rc) {
        write_all(&c);
        rc = doc_status(&c.d);
    }
    if (!rc) {
        out->md = buf_take(&c.d.md);
        out->html = buf_take(&c.d.html);
    }
    doc_free(&c.d);
    gather_release(&c);
    return rc;
}

void report_out_free(struct report_out *o)
{
    free(o->md);
    free(o->html);
    o->md = o->html = NULL;
}
