/*
 * decide — asks the policy what to do with a proposal.
 *
 * The decision is a JSON object: {"verdict": "deny"|"review"|"auto",
 * "reasons": [...], "policy_hash": "..."}. Any failure to load or apply
 * the policy decides deny (fail closed), with the failure as the reason.
 */
#ifndef STEWARD_API_DECIDE_H
#define STEWARD_API_DECIDE_H

#include "api/api.h"

int decide_proposal(struct steward *s, const struct proposal *p, int64_t id,
                    json_t **decision, struct err *err) MUST_USE;

struct policy;
/* The decision pol makes on p (experiment id) now: the very code of
 * decide_proposal with a given policy, for dry runs (policy diff). NULL
 * pol decides deny, as a policy that cannot be read does. */
int decide_with_policy(struct steward *s, const struct proposal *p,
                       int64_t id, const struct policy *pol,
                       json_t **decision, struct err *err) MUST_USE;

/* Decides a stored experiment (exp as from steward_load, id) again, as
 * its proposer whoever asks: with pol, or the project's policy when pol
 * is NULL. */
int decide_as_proposer(struct steward *s, const json_t *exp, int64_t id,
                       const struct policy *pol, json_t **decision,
                       struct err *err) MUST_USE;

/* The reasons of a decision as one line, for messages. */
const char *decide_summary(const json_t *decision);

#endif
