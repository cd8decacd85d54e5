/*
 * gates — judging a promotion's gates from facts already gathered.
 *
 * Pure: no store, no clock, no files. evidence.c reads the facts (the
 * newest stored comparison of the candidate's run against production's,
 * the runs tagged for a gate); this file decides met / not met, says why
 * in words a human can act on, and lists the evidence it relied on. Kept
 * apart so that every rule of the judgement is a unit test
 * (tests/test_promote.c).
 *
 * Fail closed: a gate `needs` names that no statement defines, a
 * comparison gate with nothing to compare against (unless the policy lets
 * a first promotion skip it), a runs gate with no run, a run not finished:
 * each is "not met".
 */
#ifndef STEWARD_PROMOTE_GATES_H
#define STEWARD_PROMOTE_GATES_H

#include <stdint.h>
#include <jansson.h>
#include "policy/policy.h"

/* One run a runs gate looks at. */
struct gate_run {
    int64_t id;
    const char *state;      /* the experiment's state */
    int has_value;          /* the checked metric was reported */
    double value;           /* its last value */
};

struct gate_facts {
    int64_t candidate;          /* candidate id, for messages */
    int64_t production_exp;     /* production's experiment; 0 = none */
    int first_skips;            /* policy: first promotion skips them */
    /* comparison gates: the newest stored comparison citing both runs
     * with a row for the gate's metric; comparison_id 0 = none */
    int64_t comparison_id;
    const char *direction;      /* "better", "worse" or "none" */
    double pvalue_adjusted;
    /* runs gates */
    const struct gate_run *runs;
    size_t nruns;
};

/* {"gate", "kind", "met", "why", "evidence": [...]} for gate name with
 * definition def (NULL: undefined, never met). Caller owns it. */
json_t *gate_judge(const char *name, const struct policy_gate *def,
                   const struct gate_facts *f);

/* The approvals gate: have valid approvals of need; voided ones were
 * given before the candidate, policy or evidence changed. */
json_t *gate_approvals(int have, int need, int voided, json_t *evidence);

#endif
