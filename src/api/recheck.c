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
#include "api/handle.h"
#include "api/decide.h"
#include "api/proposal.h"
#include "api/recheck.h"

#include <stdio.h>
#include <string.h>


int recheck_approval(struct steward *s, int64_t id, struct err *err)
{
    json_t *exp = NULL, *d = NULL;
    int rc = steward_load(s, id, &exp, err);
    if (rc)
        return rc;
    rc = decide_as_proposer(s, exp, id, NULL, &d, err);
    const char *verdict = d ? json_string_value(json_object_get(d, "verdict"))
                            : NULL;
    if (!rc && verdict && !strcmp(verdict, "deny"))
        rc = err_set(err, ERR_DENIED, "experiment %lld cannot be approved: "
                     "%s", (long long)id, decide_summary(d));
    json_decref(d);
    json_decref(exp);
    return rc;
}
