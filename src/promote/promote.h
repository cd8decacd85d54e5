/*
 * promote — candidates and their promotion to production.
 *
 * A candidate is one artifact of a succeeded run, named (`classifier`),
 * with its lineage: run, params, code snapshot, the policy that decided
 * the run, and its parent (by default the candidate then in production
 * under that name). Its SHA-256 is checked against the content store when
 * it is added and again before it is deployed.
 *
 * A promotion asks to move a candidate to production. Its gates come from
 * the policy (gates.h); the last one is always N approvals from distinct
 * humans other than the requester. Each approval is bound to a
 * fingerprint of (candidate hash, policy hash, gate evidence): any change
 * voids it. When the final approval completes every gate, the policy's
 * deploy hook runs sandboxed with the artifact's path, and only if it
 * exits 0 does the production pointer move. Agents may request and read;
 * approving, rejecting and rolling back are privileged acts.
 *
 * Every step is a ledger entry; the pointer's history is the table
 * `production`, checked against the ledger by `steward ledger verify`.
 */
#ifndef STEWARD_PROMOTE_PROMOTE_H
#define STEWARD_PROMOTE_PROMOTE_H

#include <stdint.h>
#include <jansson.h>
#include "api/api.h"

/* Registers artifact path of experiment exp's latest run as candidate
 * name; parent 0 = the production candidate of name, if any. */
int steward_candidate_add(struct steward *s, int64_t exp, const char *path,
                          const char *name, int64_t parent, int64_t *id,
                          struct err *err) MUST_USE;
/* [{candidate}] newest last; one candidate with lineage. */
int steward_candidate_list(struct steward *s, json_t **out,
                           struct err *err) MUST_USE;
int steward_candidate_show(struct steward *s, int64_t id, json_t **out,
                           struct err *err) MUST_USE;

/* Asks to promote candidate to target ("production"). */
int steward_promote_request(struct steward *s, int64_t candidate,
                            const char *target, const char *reason,
                            int64_t *id, struct err *err) MUST_USE;
/* One promotion's card: gates met or not, why, evidence, deploy grants. */
int steward_promote_status(struct steward *s, int64_t id, json_t **out,
                           struct err *err) MUST_USE;
/* Promotions still waiting: [card]. */
int steward_promote_waiting(struct steward *s, json_t **out,
                            struct err *err) MUST_USE;
/* A human's approval; with every gate met, deploys. *out = the card
 * after it, with "deployed" true when the pointer moved. */
int steward_promote_approve(struct steward *s, int64_t id, const char *reason,
                            json_t **out, struct err *err) MUST_USE;
int steward_promote_reject(struct steward *s, int64_t id, const char *reason,
                           struct err *err) MUST_USE;
/* Moves name's target pointer back to the candidate it replaced. */
int steward_promote_rollback(struct steward *s, const char *name,
                             const char *target, const char *reason,
                             json_t **out, struct err *err) MUST_USE;
/* The card of the latest promotion of a candidate made from one of
 * campaign's runs; *out NULL when there is none. */
int steward_promote_of_campaign(struct steward *s, const char *campaign,
                                json_t **out, struct err *err) MUST_USE;
/* The pointer's history: [{"seq","action","candidate","previous","by",
 * "time_ms","evidence"}]. */
int steward_promote_history(struct steward *s, const char *name,
                            json_t **out, struct err *err) MUST_USE;

#endif
