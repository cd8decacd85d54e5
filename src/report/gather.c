/*
 * gather — a campaign's facts, read once through the api before any
 * section is written: the summary (trials, best, counts), each trial's
 * full record and digest, the budgets, the comparisons that name the
 * campaign or its experiments, and the decisions timeline.
 */
#include "report/internal.h"
#include "api/comparisons.h"
#include "campaign/campaign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *gather_digest(struct steward *s, int64_t experiment)
{
    char dir[API_PATH_MAX], path[API_PATH_MAX + 16];
    struct err ignored = ERR_INIT;
    if (steward_run_dir(s, experiment, dir, sizeof dir, &ignored))
        return NULL;   /* never ran: no digest */
    int n = snprintf(path, sizeof path, "%s/digest.json", dir);
    if (n < 0 || (size_t)n >= sizeof path)
        return NULL;
    return json_load_file(path, 0, NULL);
}

static int add_records(struct rcampaign *c, struct err *err)
{
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(c->sum, "trials"), i, t) {
        json_t *show = NULL;
        int64_t id = jint(t, "experiment");
        int rc = steward_show(c->s, id, &show, err);
        if (rc)
            return rc;
        json_object_set_new(t, "show", show);
        json_t *d = gather_digest(c->s, id);
        if (d)
            json_object_set_new(t, "digest", d);
    }
    return 0;
}

/* 1 when group (as `steward compare` takes it: "7", "7,8,9" or
 * "campaign:NAME") names the campaign or one of its experiments. */
static int names_campaign(const struct rcampaign *c, const char *group)
{
    char want[256];
    int n = snprintf(want, sizeof want, "campaign:%s", c->name);
    if (n > 0 && (size_t)n < sizeof want && !strcmp(group, want))
        return 1;
    for (const char *p = group; *p;) {
        char *end;
        long long id = strtoll(p, &end, 10);
        size_t i;
        json_t *t;
        json_array_foreach(json_object_get(c->sum, "trials"), i, t)
            if (end != p && jint(t, "experiment") == id)
                return 1;
        p = *end ? end + 1 : end;
    }
    return 0;
}

static int add_comparisons(struct rcampaign *c, struct err *err)
{
    json_t *all = NULL;
    int rc = steward_comparisons(c->s, &all, err);
    if (rc)
        return rc;
    c->comparisons = json_array();
    size_t i;
    json_t *cmp;
    json_array_foreach(all, i, cmp)
        if (names_campaign(c, jstr(cmp, "a")) ||
            names_campaign(c, jstr(cmp, "b")))
            json_array_append(c->comparisons, cmp);
    json_decref(all);
    return 0;
}

int gather_campaign(struct rcampaign *c, struct err *err)
{
    int rc = steward_campaign_summary(c->s, c->name, &c->sum, err);
    rc = rc ? rc : add_records(c, err);
    rc = rc ? rc : steward_budgets(c->s, &c->budgets, err);
    rc = rc ? rc : add_comparisons(c, err);
    return rc ? rc : timeline_gather(c, err);
}

void gather_release(struct rcampaign *c)
{
    json_decref(c->sum);
    json_decref(c->budgets);
    json_decref(c->comparisons);
    json_decref(c->timeline);
}
