/*
 * retain — the policy's retention statement: how long the logs and
 * artifacts of ended runs are kept (api/retention.h does the pruning).
 *
 *   retain logs and artifacts for 30d
 *   retain logs and artifacts of the last 200 runs
 *   retain logs and artifacts for 30d and of the last 200 runs
 *
 * With both, a run keeps its files while either holds. Without the
 * statement nothing is pruned on its own; `steward gc` then needs its
 * rules on the command line.
 */
#include "policy/pstate.h"

#include <math.h>

int st_retain(struct pstate *ps);

static int retain_for(struct pstate *ps, struct policy *p)
{
    double v;
    struct token at = ps->tok;
    if (parse_number(ps, U_DURATION, "duration", &v))
        return -1;
    if (v <= 0)
        return perr(ps, &at, "e.g. 30d", "the duration must be positive");
    p->retain_s = (int64_t)v;
    return 0;
}

static int retain_last(struct pstate *ps, struct policy *p)
{
    double v;
    struct token at = ps->tok;
    if (pexpect(ps, "the", NULL) || pexpect(ps, "last", NULL) ||
        parse_number(ps, U_NUMBER, "number of runs", &v))
        return -1;
    if (v < 1 || v > 1e9 || v != floor(v))
        return perr(ps, &at, "e.g. of the last 200 runs",
                    "the number of runs must be a whole number from 1");
    p->retain_last = (int64_t)v;
    return pexpect(ps, "runs", "e.g. of the last 200 runs");
}

int st_retain(struct pstate *ps)
{
    struct policy *p = ps->ctx->p;
    struct token at = ps->tok;
    if (p->retain_set)
        return perr(ps, &at, "keep one of them", "retention is set twice");
    p->retain_set = 1;
    padvance(ps);
    if (pexpect(ps, "logs", NULL) || pexpect(ps, "and", NULL) ||
        pexpect(ps, "artifacts", NULL))
        return -1;
    int rc = 0, any = 0;
    if (paccept(ps, "for")) {
        rc = retain_for(ps, p);
        any = 1;
        if (!rc && paccept(ps, "and"))
            rc = pexpect(ps, "of", "e.g. for 30d and of the last 200 runs");
        else if (!rc)
            return 0;
    } else if (!(any = paccept(ps, "of")))
        return perr(ps, &ps->tok, "e.g. retain logs and artifacts for 30d",
                    "say for how long ('for 30d') or of how many runs "
                    "('of the last 200 runs')");
    return rc ? rc : retain_last(ps, p);
}

int policy_retention(const struct policy *p, int64_t *seconds, int64_t *last)
{
    *seconds = p && p->retain_s ? p->retain_s : -1;
    *last = p && p->retain_last ? p->retain_last : -1;
    return p && p->retain_set;
}
