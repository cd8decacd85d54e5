/*
 * redecide — a new policy decides waiting and approved work again; see
 * redecide.c for the rules.
 */
#ifndef STEWARD_API_REDECIDE_H
#define STEWARD_API_REDECIDE_H

#include "api/api.h"

struct policy;

/* Inside the caller's transaction: decides every experiment waiting for
 * review or approved but not started again with pol (old: the policy it
 * replaces, NULL if unreadable: quorums count as changed), and appends to
 * changes one {"id", "from", "state", "approvals_void", "why",
 * "decision"} per experiment whose state or approvals changed. */
int redecide_all(struct steward *s, const struct policy *pol,
                 const struct policy *old, json_t *changes,
                 struct err *err) MUST_USE;

#endif
