/* gates — met or not, and why; see gates.h. */
#include "promote/gates.h"

#include <stdio.h>
#include <string.h>

#define WHY_MAX 400

static json_t *result(const char *name, const char *kind, int met,
                      const char *why, json_t *evidence)
{
    return json_pack("{s:s,s:s,s:b,s:s,s:o}", "gate", name, "kind", kind,
                     "met", met, "why", why,
                     "evidence", evidence ? evidence : json_array());
}

static json_t *judge_comparison(const char *name, const struct policy_gate *g,
                                const struct gate_facts *f)
{
    char why[WHY_MAX];
    if (!f->production_exp) {
        int ok = f->first_skips;
        snprintf(why, sizeof why, ok ? "nothing in production yet: the "
                 "policy lets a first promotion skip comparisons" :
                 "nothing in production to compare against, and the policy "
                 "has no 'promotion first skips comparisons'");
        return result(name, "comparison", ok, why, NULL);
    }
    if (!f->comparison_id) {
        snprintf(why, sizeof why, "no stored comparison of production's run "
                 "%lld against the candidate's run on %s; run 'steward "
                 "compare %lld RUN --metric %s'", (long long)f->production_exp,
                 g->metric, (long long)f->production_exp, g->metric);
        return result(name, "comparison", 0, why, NULL);
    }
    int better = f->direction && !strcmp(f->direction, "better");
    int met = better && f->pvalue_adjusted < g->alpha;
    snprintf(why, sizeof why, "comparison %lld: %s on %s, p(adj) = %.3g %s "
             "alpha %.3g", (long long)f->comparison_id,
             better ? "better" : "not better", g->metric, f->pvalue_adjusted,
             f->pvalue_adjusted < g->alpha ? "<" : ">=", g->alpha);
    json_t *ev = json_pack("[{s:s,s:I,s:s,s:f,s:f}]", "cites", "comparison",
                           "id", (json_int_t)f->comparison_id, "metric",
                           g->metric, "pvalue_adjusted", f->pvalue_adjusted,
                           "alpha", g->alpha);
    return result(name, "comparison", met, why, ev);
}

/* Why run r fails g, or NULL when it passes. */
static const char *run_fails(const struct policy_gate *g,
                             const struct gate_run *r)
{
    static const char *const unfinished[] = {
        "proposed", "pending_review", "approved", "queued", "running",
    };
    for (size_t i = 0; i < sizeof unfinished / sizeof *unfinished; i++)
        if (!strcmp(r->state, unfinished[i]))
            return "has not finished";
    if (strcmp(r->state, "succeeded"))
        return "did not exit 0";
    if (g->check == POLICY_CHECK_EXIT0)
        return NULL;
    if (!r->has_value)
        return "reported no value of the metric";
    int ok = g->check == POLICY_CHECK_LE ? r->value <= g->value
                                         : r->value >= g->value;
    return ok ? NULL : "is outside the bound";
}

static json_t *run_evidence(const struct policy_gate *g,
                            const struct gate_run *r)
{
    json_t *e = json_pack("{s:s,s:I,s:s}", "cites", "run", "id",
                          (json_int_t)r->id, "state", r->state);
    if (g->check != POLICY_CHECK_EXIT0 && r->has_value)
        json_object_set_new(e, g->metric, json_real(r->value));
    return e;
}

static void check_text(const struct policy_gate *g, char *out, size_t n)
{
    if (g->check == POLICY_CHECK_EXIT0)
        snprintf(out, n, "exit 0");
    else
        snprintf(out, n, "%s %s %g", g->metric,
                 g->check == POLICY_CHECK_LE ? "<=" : ">=", g->value);
}

static json_t *judge_runs(const char *name, const struct policy_gate *g,
                          const struct gate_facts *f)
{
    char why[WHY_MAX], check[POLICY_GATE_TEXT + 32];
    json_t *ev = json_array();
    const struct gate_run *bad = NULL;
    const char *bad_why = NULL;
    check_text(g, check, sizeof check);
    for (size_t i = 0; i < f->nruns; i++) {
        json_array_append_new(ev, run_evidence(g, &f->runs[i]));
        const char *w = run_fails(g, &f->runs[i]);
        if (w && !bad)
            bad = &f->runs[i], bad_why = w;
    }
    if (!f->nruns)
        snprintf(why, sizeof why, "no run tagged %s names candidate %lld; "
                 "propose one with --tag %s --param candidate=%lld", g->tag,
                 (long long)f->candidate, g->tag, (long long)f->candidate);
    else if (bad)
        snprintf(why, sizeof why, "run %lld (tagged %s) %s: %s needed",
                 (long long)bad->id, g->tag, bad_why, check);
    else
        snprintf(why, sizeof why, "%zu run(s) tagged %s pass: %s", f->nruns,
                 g->tag, check);
    return result(name, "runs", f->nruns && !bad, why, ev);
}

json_t *gate_judge(const char *name, const struct policy_gate *def,
                   const struct gate_facts *f)
{
    char why[WHY_MAX];
    if (!def) {
        snprintf(why, sizeof why, "the policy names gate %s but never says "
                 "what satisfies it (promotion gate %s is ...)", name, name);
        return result(name, "undefined", 0, why, NULL);
    }
    return def->kind == POLICY_GATE_COMPARISON
           ? judge_comparison(name, def, f) : judge_runs(name, def, f);
}

json_t *gate_approvals(int have, int need, int voided, json_t *evidence)
{
    char why[WHY_MAX];
    int n = snprintf(why, sizeof why, "%d of %d human approval(s)", have,
                     need);
    if (voided && n > 0 && (size_t)n < sizeof why)
        snprintf(why + n, sizeof why - (size_t)n, "; %d void: given before "
                 "the candidate, policy or evidence changed, or older than "
                 "the policy's approvals valid for", voided);
    return result("approvals", "approvals", have >= need, why, evidence);
}
