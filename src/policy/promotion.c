/*
 * promotion — the policy statements that say what promoting a model needs
 * beyond approvals (`promotion needs` is in parse_stmt.c):
 *
 *   promotion gate NAME is comparison METRIC better at alpha A
 *   promotion gate NAME is runs tagged TAG exit 0
 *   promotion gate NAME is runs tagged TAG with METRIC (<=|>=) X
 *   promotion deploy "COMMAND" [within DURATION] [with network]
 *             [reading "PATH" {, "PATH"}]
 *   promotion first skips comparisons
 *   promotion rollback by owners|reviewers|humans
 *
 * A gate only names what would satisfy it; src/promote/ finds the
 * evidence and judges. The policy stays free of the store: it neither
 * knows candidates nor reads runs. Everything here fails closed: a gate
 * `needs` names but no statement defines is never met.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/pstate.h"

#define DEPLOY_DEFAULT_S 300

static int gate_runs_check(struct pstate *ps, struct policy_gate *g)
{
    double v = 0;
    if (paccept(ps, "exit")) {
        struct token at = ps->tok;
        if (parse_number(ps, U_NUMBER, "exit status", &v))
            return -1;
        if (v != 0)
            return perr(ps, &at, "runs pass with 'exit 0'",
                        "only exit 0 can be required");
        g->check = POLICY_CHECK_EXIT0;
        return 0;
    }
    if (pexpect(ps, "with", "e.g. 'exit 0' or 'with findings <= 0'") ||
        pvalue(ps, "metric name", g->metric, sizeof g->metric))
        return -1;
    if (ps->tok.type != T_OP || ps->tok.n != 2 || ps->tok.s[1] != '=' ||
        (ps->tok.s[0] != '<' && ps->tok.s[0] != '>'))
        return perr(ps, &ps->tok, "<= or >=", "expected a comparison");
    g->check = ps->tok.s[0] == '<' ? POLICY_CHECK_LE : POLICY_CHECK_GE;
    padvance(ps);
    if (parse_number(ps, U_NUMBER, "bound", &v))
        return -1;
    g->value = v;
    return 0;
}

static int gate_comparison(struct pstate *ps, struct policy_gate *g)
{
    struct token at;
    if (pvalue(ps, "metric name", g->metric, sizeof g->metric) ||
        pexpect(ps, "better", "comparison METRIC better at alpha 0.05") ||
        pexpect(ps, "at", NULL) || pexpect(ps, "alpha", NULL))
        return -1;
    at = ps->tok;
    if (parse_number(ps, U_NUMBER, "alpha", &g->alpha))
        return -1;
    if (!(g->alpha > 0 && g->alpha < 1))
        return perr(ps, &at, "e.g. 0.05", "alpha must be between 0 and 1");
    return 0;
}

static int st_gate(struct pstate *ps)
{
    struct policy *p = ps->ctx->p;
    struct policy_gate g = {.line = ps->tok.line};
    if (pvalue(ps, "gate name", g.name, sizeof g.name))
        return -1;
    if (policy_gate_find(p, g.name))
        return perr(ps, &ps->tok, NULL, "gate %s is defined twice", g.name);
    if (p->ngatedefs >= POLICY_GATES_MAX)
        return perr(ps, &ps->tok, NULL, "too many gates (at most %d)",
                    POLICY_GATES_MAX);
    if (pexpect(ps, "is", "e.g. promotion gate evals is runs tagged eval "
                "exit 0"))
        return -1;
    int rc;
    if (paccept(ps, "comparison")) {
        g.kind = POLICY_GATE_COMPARISON;
        rc = gate_comparison(ps, &g);
    } else if (paccept(ps, "runs")) {
        g.kind = POLICY_GATE_RUNS;
        rc = pexpect(ps, "tagged", NULL) ||
             pvalue(ps, "tag", g.tag, sizeof g.tag) ||
             gate_runs_check(ps, &g) ? -1 : 0;
    } else {
        rc = perr(ps, &ps->tok, "comparison METRIC better at alpha A, or "
                  "runs tagged TAG ...", "what satisfies the gate?");
    }
    if (!rc)
        p->gatedefs[p->ngatedefs++] = g;
    return rc;
}

static int deploy_reads(struct pstate *ps, struct policy_deploy *d)
{
    do {
        if (d->nreads >= POLICY_DEPLOY_READS)
            return perr(ps, &ps->tok, NULL, "at most %d credential files",
                        POLICY_DEPLOY_READS);
        if (pvalue(ps, "file path", d->reads[d->nreads],
                   sizeof d->reads[0]))
            return -1;
        d->nreads++;
        if (ps->tok.type != T_COMMA)
            return 0;
        padvance(ps);
    } while (1);
}

/* One option of the deploy statement: within, with network, reading. */
static int deploy_option(struct pstate *ps, struct policy_deploy *d)
{
    double v;
    if (paccept(ps, "within")) {
        if (parse_number(ps, U_DURATION, "deploy time limit", &v))
            return -1;
        d->time_s = (int64_t)v;
        return 0;
    }
    if (paccept(ps, "with")) {
        if (pexpect(ps, "network", NULL))
            return -1;
        d->network = 1;
        return 0;
    }
    if (paccept(ps, "reading"))
        return deploy_reads(ps, d);
    return perr(ps, &ps->tok, "within DURATION, with network, reading "
                "\"PATH\"", "unexpected word in deploy");
}

static int st_deploy(struct pstate *ps)
{
    struct policy *p = ps->ctx->p;
    struct policy_deploy d = {.time_s = DEPLOY_DEFAULT_S};
    struct token at = ps->tok;
    if (p->deploy_set)
        return perr(ps, &at, NULL, "the deploy hook is set twice");
    if (pvalue(ps, "deploy command", d.command, sizeof d.command))
        return -1;
    if (!d.command[strspn(d.command, " \t")])
        return perr(ps, &at, NULL, "the deploy command is empty");
    while (ps->tok.type == T_WORD)
        if (deploy_option(ps, &d))
            return -1;
    p->deploy = d;
    p->deploy_set = 1;
    return 0;
}

static int st_rollback(struct pstate *ps)
{
    struct policy *p = ps->ctx->p;
    if (pexpect(ps, "by", "e.g. promotion rollback by owners"))
        return -1;
    if (paccept(ps, "owners"))
        p->rollback_by = POLICY_APPROVERS_OWNERS;
    else if (paccept(ps, "reviewers"))
        p->rollback_by = POLICY_APPROVERS_REVIEWERS;
    else if (paccept(ps, "humans"))
        p->rollback_by = POLICY_APPROVERS_HUMANS;
    else
        return perr(ps, &ps->tok, "owners, reviewers or humans",
                    "rollback by whom?");
    return 0;
}

int parse_promotion_more(struct pstate *ps)
{
    if (paccept(ps, "gate"))
        return st_gate(ps);
    if (paccept(ps, "deploy"))
        return st_deploy(ps);
    if (paccept(ps, "rollback"))
        return st_rollback(ps);
    if (paccept(ps, "first")) {
        if (pexpect(ps, "skips", "promotion first skips comparisons") ||
            pexpect(ps, "comparisons", NULL))
            return -1;
        ps->ctx->p->first_skips = 1;
        return 0;
    }
    return perr(ps, &ps->tok, "promotion needs|gate|deploy|first|rollback",
                "unknown promotion statement");
}

const struct policy_gate *policy_gate_find(const struct policy *p,
                                           const char *name)
{
    for (size_t i = 0; p && i < p->ngatedefs; i++)
        if (!strcmp(p->gatedefs[i].name, name))
            return &p->gatedefs[i];
    return NULL;
}

const struct policy_deploy *policy_deploy(const struct policy *p)
{
    return p && p->deploy_set ? &p->deploy : NULL;
}

int policy_first_skips_comparisons(const struct policy *p)
{
    return p ? p->first_skips : 0;
}

enum policy_approvers policy_rollback_by(const struct policy *p)
{
    return p ? (enum policy_approvers)p->rollback_by
             : POLICY_APPROVERS_OWNERS;
}
