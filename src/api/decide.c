/*
 * decide — asks the policy what to do with a proposal.
 *
 * The policy is read from .steward/policy at each decision (it is small
 * and this keeps every process on the version on disk), applied to the
 * proposal's facts, and its rolling sums come from the database inside
 * the caller's write transaction: two proposals can never both fit into
 * the same remaining budget, however many processes race (BEGIN IMMEDIATE
 * serialises them). Any failure decides deny: fail closed.
 */
#include "api/handle.h"
#include "api/policy_file.h"
#include "api/decide.h"
#include "api/envelope.h"
#include "api/policy_record.h"
#include "api/proposal.h"
#include "store/experiment_lists.h"
#include "api/usage.h"
#include "policy/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMAND_TEXT_MAX 8192

static void join_argv(char *const *argv, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; argv[i] && used + 1 < n; i++) {
        int w = snprintf(out + used, n - used, "%s%s", i ? " " : "", argv[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

static void fill_request(struct steward *s, const struct proposal *p,
                         const char *command, const char **tags,
                         struct policy_request *req, struct usage_ctx *u)
{
    policy_request_init(req);
    req->principal = s->who.name;
    req->role = s->who.role;
    req->command = command;
    req->workdir = p->workdir;
    req->campaign = p->campaign;
    req->cpus = p->cpus;
    req->mem_bytes = p->mem_bytes;
    req->gpus = (double)p->gpus;
    req->time_seconds = p->time_s;
    req->disk_bytes = p->disk_bytes;
    req->network = p->network;
    req->params = p->params;
    req->ntags = 0;
    for (size_t i = 0; i < json_array_size(p->tags) && i < 64; i++)
        tags[req->ntags++] = json_string_value(json_array_get(p->tags, i));
    req->tags = tags;
    req->envelope_reason = "not part of a campaign";
    u->db = s->db;
    u->exclude_id = 0;
    req->usage = usage_sum;
    req->usage_ctx = u;
}

/* An earlier experiment with the same command and params that failed
 * (exit, time limit, or a campaign trial that diverged), or 0: a
 * proposal repeating a dead end is flagged for the reviewer. */
static int64_t repeat_of_failed(struct steward *s, const struct proposal *p,
                                int64_t id)
{
    struct err ignored = ERR_INIT;
    json_t *argv = proposal_argv_json(p);
    char *a = json_dumps(argv, JSON_COMPACT);
    char *params = json_dumps(p->params, JSON_COMPACT | JSON_SORT_KEYS);
    int64_t found = 0;
    json_decref(argv);
    if (a && params &&
        store_experiments_failed_like(s->db, a, params, id, &found,
                                      &ignored) < 0)
        found = 0;
    free(a);
    free(params);
    return found;
}

static json_t *fail_closed(const char *why)
{
    char reason[ERR_MSG_MAX + 32];
    static const char prefix[] = "policy error: ";
    snprintf(reason, sizeof reason, "%s%s", strncmp(why, prefix,
             sizeof prefix - 1) ? prefix : "", why);
    return json_pack("{s:s,s:[s],s:s,s:s}", "verdict", "deny", "reasons",
                     reason, "policy_hash", "", "error", reason);
}

/* A campaign proposal outside its envelope always goes to a human, even
 * where another rule (the default agent rule) would let it run. */
static void never_auto(json_t *out, const char *campaign, const char *why)
{
    char reason[512];
    if (strcmp(json_string_value(json_object_get(out, "verdict")), "auto"))
        return;
    snprintf(reason, sizeof reason, "outside the envelope of campaign %s "
             "(%s): a human decides", campaign, why);
    json_object_set_new(out, "verdict", json_string("review"));
    json_array_insert_new(json_object_get(out, "reasons"), 0,
                          json_string(reason));
}

static json_t *decide_with(struct steward *s, const struct proposal *p,
                           int64_t id, const struct policy *pol,
                           const struct envelope_verdict *env)
{
    struct policy_request req;
    struct policy_decision d;
    struct usage_ctx u;
    struct err err = ERR_INIT;
    const char *tags[64];
    char *command = malloc(COMMAND_TEXT_MAX);
    if (!command)
        return fail_closed("out of memory");
    join_argv(p->argv, command, COMMAND_TEXT_MAX);
    fill_request(s, p, command, tags, &req, &u);
    u.exclude_id = id;
    int64_t repeat = repeat_of_failed(s, p, id);
    req.repeat_of_failed = repeat != 0;
    if (p->campaign) {
        req.in_envelope = env->inside;
        req.campaign_novel = env->novel;
        req.envelope_reason = env->reason;
    }
    if (policy_decide(pol, &req, &d, &err) && !d.error[0])
        policy_decision_fail(&d, err.msg);
    json_t *out = policy_decision_json(pol, &req, &d);
    if (out && p->campaign && !env->inside)
        never_auto(out, p->campaign, env->reason);
    if (out && repeat)
        json_object_set_new(out, "repeat_of_failed", json_integer(repeat));
    free(command);
    return out ? out : fail_closed("cannot encode the decision");
}

int decide_with_policy(struct steward *s, const struct proposal *p,
                       int64_t id, const struct policy *pol,
                       json_t **decision, struct err *err)
{
    struct envelope_verdict env = {0, 0, ""};
    if (p->campaign && envelope_check(s->db, p, id, &env, err))
        return err->code;
    *decision = pol ? decide_with(s, p, id, pol, &env)
                : fail_closed("the policy could not be read");
    return *decision ? 0 : err_set(err, ERR_INTERNAL, "out of memory");
}

int decide_proposal(struct steward *s, const struct proposal *p, int64_t id,
                    json_t **decision, struct err *err)
{
    struct policy *pol = NULL;
    struct err perr = ERR_INIT;
    int rc;
    *decision = NULL;
    if (p->campaign) { /* an unknown campaign is an error, not a denial */
        struct envelope_verdict env;
        if (envelope_check(s->db, p, id, &env, err))
            return err->code;
    }
    if (policy_file_load(s->home, &pol, &perr))
        *decision = fail_closed(perr.msg);
    else if (policy_record_current(s->db, s->home, policy_hash(pol),
                                   err))
        return policy_free(pol), err->code;
    rc = *decision ? 0 : decide_with_policy(s, p, id, pol, decision, err);
    policy_free(pol);
    return rc ? rc : *decision ? 0 : err_set(err, ERR_INTERNAL,
                                             "out of memory");
}

const char *decide_summary(const json_t *decision)
{
    json_t *r = json_array_get(json_object_get(decision, "reasons"), 0);
    if (json_is_object(r))
        r = json_object_get(r, "reason");
    return json_is_string(r) ? json_string_value(r) : "no reason given";
}

#define PROPOSER_ARGV_MAX 1024

int decide_as_proposer(struct steward *s, const json_t *exp, int64_t id,
                       const struct policy *pol, json_t **decision,
                       struct err *err)
{
    static char *argv[PROPOSER_ARGV_MAX + 1];
    struct principal asker = s->who;
    struct proposal p;
    proposal_from_json(exp, &p, argv, PROPOSER_ARGV_MAX);
    snprintf(s->who.name, sizeof s->who.name, "%s",
             json_string_value(json_object_get(exp, "proposer")));
    snprintf(s->who.role, sizeof s->who.role, "%s",
             json_string_value(json_object_get(exp, "role")));
    int rc = pol ? decide_with_policy(s, &p, id, pol, decision, err)
                 : decide_proposal(s, &p, id, decision, err);
    s->who = asker;
    return rc;
}
