/*
 * ask — a searching campaign proposes its next trials.
 *
 * Trials are proposed by the principal "campaign:<name>" with the agent
 * role: the campaign has no more power than an agent, and every trial
 * passes through policy and budgets like any other proposal (inside the
 * approved envelope the policy lets it run; outside, a human sees it).
 */
#include "api/handle.h"
#include "campaign/drive_int.h"
#include "core/json.h"
#include "store/campaigns.h"
#include "store/trials.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DRIVE_ARGV_MAX 256

static const char *decide_reason(const json_t *decision)
{
    json_t *r = json_array_get(json_object_get(decision, "reasons"), 0);
    if (json_is_object(r))
        r = json_object_get(r, "reason");
    return json_is_string(r) ? json_string_value(r) : "no reason given";
}

static json_t *opt(const struct driven *d, const char *key)
{
    return json_object_get(d->options, key);
}

static int64_t opt_int(const struct driven *d, const char *key, int64_t dflt)
{
    json_t *v = opt(d, key);
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

void drive_options(const struct driven *d, struct search_options *o)
{
    campaign_search_options(d->options, d->maximize, o);
}

int drive_save(struct steward *s, const struct driven *d, struct err *err)
{
    json_t *j = search_state_to_json(d->search);
    char *text = j ? json_dump_compact(j) : NULL;
    json_decref(j);
    if (!text)
        return err_set(err, ERR_INTERNAL, "out of memory");
    int rc = store_campaigns_save_search(s->db, d->id, text, err);
    free(text);
    return rc;
}

struct ask_ctx {
    struct driven *d;
    size_t trial;
};

/* Counts denials in a row (any other verdict resets the count); at
 * CAMPAIGN_DENIALS_MAX the campaign pauses until a human resumes it. */
static int count_denial(struct steward *s, struct driven *d, int denied,
                        const json_t *decision, struct err *err)
{
    char why[512];
    int64_t n;
    int rc = store_campaigns_count_denial(s->db, d->id, denied, &n, err);
    if (rc || n < CAMPAIGN_DENIALS_MAX)
        return rc;
    snprintf(why, sizeof why, "%d consecutive trials denied by policy (last: "
             "%s); fix the cause, then 'steward campaign resume %s'",
             CAMPAIGN_DENIALS_MAX, decide_reason(decision), d->name);
    d->paused = 1;
    return campaign_mark(s, d->id, d->name, "paused", why, err);
}

/* Inside the proposal's transaction: the trial row and the search state
 * that asked for it. A denied trial is failed at once. */
static int record_trial(struct steward *s, int64_t id, const json_t *decision,
                        void *ctx, struct err *err)
{
    struct ask_ctx *a = ctx;
    const char *verdict = json_string_value(json_object_get(decision,
                                                            "verdict"));
    int denied = verdict && !strcmp(verdict, "deny");
    int rc = denied ? search_tell_failed(a->d->search, a->trial, err) : 0;
    rc = rc ? rc : store_trials_insert(s->db, a->d->id, (int64_t)a->trial,
                                       id, denied ? "failed" : "running",
                                       NAN, denied ? "denied by policy" : "",
                                       err);
    rc = rc ? rc : count_denial(s, a->d, denied, decision, err);
    return rc ? rc : drive_save(s, a->d, err);
}

static void fill_proposal(const struct driven *d, struct proposal *p,
                          char **argv, json_t *params, char *name, size_t n,
                          size_t trial)
{
    const json_t *env = d->envelope;
    size_t i;
    json_t *a;
    proposal_defaults(p);
    json_array_foreach(d->argv, i, a) if (i < DRIVE_ARGV_MAX)
        argv[i] = (char *)json_string_value(a);
    argv[json_array_size(d->argv) < DRIVE_ARGV_MAX
         ? json_array_size(d->argv) : DRIVE_ARGV_MAX] = NULL;
    snprintf(name, n, "%s-t%zu", d->name, trial);
    p->name = name;
    p->argv = argv;
    p->params = params;
    p->campaign = d->name;
    p->rationale = "trial proposed by the campaign's search";
    if (json_is_number(json_object_get(env, "cpus")))
        p->cpus = json_number_value(json_object_get(env, "cpus"));
    if (json_is_integer(json_object_get(env, "mem_bytes")))
        p->mem_bytes = json_integer_value(json_object_get(env, "mem_bytes"));
    if (json_is_integer(json_object_get(env, "time_s")))
        p->time_s = json_integer_value(json_object_get(env, "time_s"));
    if (json_is_integer(json_object_get(env, "disk_bytes")))
        p->disk_bytes = json_integer_value(json_object_get(env, "disk_bytes"));
}

static int propose_trial(struct steward *s, struct driven *d, const char *dir,
                         struct err *err)
{
    struct ask_ctx a = {d, 0};
    struct proposal p;
    char *argv[DRIVE_ARGV_MAX + 1], name[128];
    int64_t id;
    json_t *decision = NULL;
    int rc = search_ask(d->search, &a.trial, err);
    if (rc)
        return rc;
    json_t *params = search_space_to_json(d->space,
                                          search_trial(d->search, a.trial)->x);
    json_t *tags = json_pack("[s]", "search");
    fill_proposal(d, &p, argv, params, name, sizeof name, a.trial);
    p.tags = tags;
    p.workdir = dir;
    p.snapshot = d->snapshot[0] ? d->snapshot : NULL; /* approved with it */
    rc = steward_propose_hooked(s, &p, record_trial, &a, &id, &decision, err);
    if (rc == ERR_DENIED)
        err_clear(err), rc = 0;
    json_decref(decision);
    json_decref(params);
    json_decref(tags);
    return rc;
}

int drive_ask(struct steward *s, struct driven *d, int *proposed,
              struct err *err)
{
    int64_t running, slots = opt_int(d, "slots", 2);
    int64_t max = opt_int(d, "trials", 20);
    const char *dir = json_string_value(opt(d, "workdir"));
    struct principal saved = s->who;
    int rc = store_trials_count_running(s->db, d->id, &running, err);
    snprintf(s->who.name, sizeof s->who.name, "campaign:%s", d->name);
    snprintf(s->who.role, sizeof s->who.role, "agent");
    while (!rc && !d->paused && running < slots &&
           !search_exhausted(d->search) &&
           (int64_t)search_n_trials(d->search) < max) {
        rc = propose_trial(s, d, dir ? dir : s->root, err);
        running++;
        (*proposed)++;
    }
    s->who = saved;
    return rc;
}
