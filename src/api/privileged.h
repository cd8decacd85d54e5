/*
 * privileged — the shape of every governing act: check the role, record a
 * refusal in the ledger, else run the act in one transaction.
 */
#ifndef STEWARD_API_PRIVILEGED_H
#define STEWARD_API_PRIVILEGED_H

#include "api/api.h"

typedef int (*txn_fn)(struct steward *s, void *arg, struct err *err);

/* Runs fn in one transaction after checking that the principal may do
 * action; records refusals (steward_forbid). */
int privileged(struct steward *s, const char *action, const char *object,
               txn_fn fn, void *arg, struct err *err) MUST_USE;

#endif
