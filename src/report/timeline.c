/*
 * timeline — the decisions of a campaign, from the ledger: who approved
 * or rejected what, when, and how long it had waited since it was
 * proposed (or the campaign created); policy verdicts that sent a trial
 * to a human or denied it; expiries; halts and resumes of the campaign or
 * of everything. Trials policy let run inside the approved envelope are
 * counted, not listed: they cost no human attention.
 */
#include "report/internal.h"

#include <stdio.h>
#include <string.h>

struct walk {
    struct rcampaign *c;
    json_t *born;    /* object -> time_ms it was proposed/created */
    char campaign[256];
    int64_t autos;
};

static int is_ours(struct walk *w, const char *object)
{
    if (!strcmp(object, w->campaign) || !strcmp(object, "global"))
        return 1;
    if (strncmp(object, "experiment:", 11))
        return 0;
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(w->c->sum, "trials"), i, t) {
        char want[48];
        snprintf(want, sizeof want, "experiment:%lld",
                 (long long)jint(t, "experiment"));
        if (!strcmp(want, object))
            return 1;
    }
    return 0;
}

static const char *decision_of(const char *action, const json_t *p)
{
    static const char *const listed[] = {"campaign.create",
        "campaign.approve", "campaign.pause", "campaign.resume",
        "campaign.delete", "campaign.fail", "experiment.approve",
        "experiment.reject", "experiment.expire", "experiment.cancel",
        "halt", "resume", NULL};
    if (!strcmp(action, "experiment.propose")) {
        const char *v = jstr(json_object_get(p, "decision"), "verdict");
        return !strcmp(v, "auto") ? NULL : !strcmp(v, "deny")
               ? "denied by policy" : "sent to review by policy";
    }
    for (size_t i = 0; listed[i]; i++)
        if (!strcmp(action, listed[i]))
            return action;
    return NULL;
}

static void add_row(struct walk *w, const json_t *e, const char *what)
{
    const char *object = jstr(e, "object");
    const json_t *p = json_object_get(e, "payload");
    const json_t *born = json_object_get(w->born, object);
    int64_t t = jint(e, "time_ms");
    json_t *row = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I}", "time_ms",
        (json_int_t)t, "who", jstr(e, "principal"), "what", what,
        "object", object, "reason", jstr(p, "reason"), "waited_ms",
        (json_int_t)(born ? t - json_integer_value(born) : -1));
    if (json_array_size(w->c->timeline) < REPORT_ROWS_MAX)
        json_array_append_new(w->c->timeline, row);
    else
        json_decref(row);
}

static int visit(json_t *e, void *ctx)
{
    struct walk *w = ctx;
    const char *action = jstr(e, "action"), *object = jstr(e, "object");
    if (!is_ours(w, object))
        return 0;
    if (!strcmp(action, "experiment.propose") ||
        !strcmp(action, "campaign.create"))
        json_object_set_new(w->born, object, json_integer(jint(e, "time_ms")));
    const char *what = decision_of(action, json_object_get(e, "payload"));
    if (what)
        add_row(w, e, what);
    else if (!strcmp(action, "experiment.propose"))
        w->autos++;
    return 0;
}

int timeline_gather(struct rcampaign *c, struct err *err)
{
    struct walk w = {c, json_object(), "", 0};
    int n = snprintf(w.campaign, sizeof w.campaign, "campaign:%s", c->name);
    if (n < 0 || (size_t)n >= sizeof w.campaign)
        return err_set(err, ERR_USER, "campaign name too long");
    c->timeline = json_array();
    int rc = steward_ledger_each(c->s, visit, &w, err);
    json_decref(w.born);
    json_object_set_new(c->sum, "auto_approved", json_integer(w.autos));
    return rc;
}
