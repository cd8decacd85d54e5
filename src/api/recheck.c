/*
 * recheck — a human's approval reserves budget like an auto-approval.
 *
 * When a reviewer approves a proposal that waited, the policy decides
 * again, as the proposer, with the rolling sums as they are now and inside
 * the approval's own transaction: an approval that would overspend an
 * account (or that a red line added since would deny) is refused, so
 * humans approving one card at a time can no more split a budget than
 * agents can.
 */
#include "api/decide.h"
#include "api/recheck.h"

#include <stdio.h>
#include <string.h>


void recheck_fill(const json_t *exp, struct proposal *p, char **argv)
{
    const json_t *r = json_object_get(exp, "resources");
    size_t i;
    json_t *a;
    proposal_defaults(p);
    json_array_foreach(json_object_get(exp, "argv"), i, a)
        if (i < RECHECK_ARGV_MAX)
            argv[i] = (char *)json_string_value(a);
    size_t n = json_array_size(json_object_get(exp, "argv"));
    argv[n < RECHECK_ARGV_MAX ? n : RECHECK_ARGV_MAX] = NULL;
    p->name = json_string_value(json_object_get(exp, "name"));
    p->argv = argv;
    p->workdir = json_string_value(json_object_get(exp, "workdir"));
    p->params = json_object_get(exp, "params");
    p->tags = json_object_get(exp, "tags");
    p->cpus = json_number_value(json_object_get(r, "cpus"));
    p->mem_bytes = json_integer_value(json_object_get(r, "mem_bytes"));
    p->gpus = json_integer_value(json_object_get(r, "gpus"));
    p->time_s = json_integer_value(json_object_get(r, "time_s"));
    p->disk_bytes = json_integer_value(json_object_get(r, "disk_bytes"));
    p->network = json_is_true(json_object_get(exp, "network"));
    p->campaign = json_string_value(json_object_get(exp, "campaign"));
}

int recheck_approval(struct steward *s, int64_t id, struct err *err)
{
    static char *argv[RECHECK_ARGV_MAX + 1];
    struct proposal p;
    json_t *exp = NULL, *d = NULL;
    struct principal approver = s->who;
    int rc = steward_show(s, id, &exp, err);
    if (rc)
        return rc;
    recheck_fill(exp, &p, argv);
    snprintf(s->who.name, sizeof s->who.name, "%s",
             json_string_value(json_object_get(exp, "proposer")));
    snprintf(s->who.role, sizeof s->who.role, "%s",
             json_string_value(json_object_get(exp, "role")));
    rc = decide_proposal(s, &p, id, &d, err);
    s->who = approver;
    const char *verdict = d ? json_string_value(json_object_get(d, "verdict"))
                            : NULL;
    if (!rc && verdict && !strcmp(verdict, "deny"))
        rc = err_set(err, ERR_DENIED, "experiment %lld cannot be approved: "
                     "%s", (long long)id, decide_summary(d));
    json_decref(d);
    json_decref(exp);
    return rc;
}
