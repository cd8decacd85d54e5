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

/* The reasons of a decision as one line, for messages. */
const char *decide_summary(const json_t *decision);

#endif
