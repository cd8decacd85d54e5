/*
 * principal — who is asking.
 *
 * Every request carries a principal: the local CLI user acting as owner by
 * default, or whoever the token in $STEWARD_TOKEN belongs to. Roles decide
 * what a principal may do (DESIGN.md's table); principal_may is the one
 * place that table lives.
 */
#ifndef STEWARD_API_PRINCIPAL_H
#define STEWARD_API_PRINCIPAL_H

#include <sqlite3.h>
#include "api/api.h"

/* Resolves the principal of this process from $STEWARD_TOKEN, else the
 * local user as owner (nobody when the policy requires a token). db and
 * home may be NULL before a project exists. */
int principal_resolve(sqlite3 *db, const char *home, struct principal *who,
                      struct err *err) MUST_USE;

/* 1 when role may perform action ("approve", "propose", "halt", ...). */
int principal_may(const char *role, const char *action);

/* The policy file `steward init` writes. */
const char *principal_default_policy(void);

#endif
