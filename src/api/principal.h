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
#include <sys/types.h>
#include "api/api.h"

/* Resolves the principal of this process from $STEWARD_TOKEN, else the
 * local user as owner (nobody when the policy requires a token). db and
 * home may be NULL before a project exists. */
int principal_resolve(sqlite3 *db, const char *home, struct principal *who,
                      struct err *err) MUST_USE;

/* A server's request child acts for whom the server says: the peer's uid
 * (mapped through the people table), or an agent session ("agent:NAME"
 * whatever else is sent), or the token the client sent. */
void principal_impose(uid_t uid, const char *agent, const char *token);
/* The same decision for a given peer: an agent session is agent:NAME
 * whatever else is sent; else the token; else the uid's person; an
 * unknown uid is nobody ("uid:N", no role). */
int principal_resolve_peer(sqlite3 *db, uid_t uid, const char *agent,
                           const char *token, struct principal *who,
                           struct err *err) MUST_USE;
int principal_imposed(void);

/* 1 when role may perform action ("approve", "propose", "halt", ...). */
int principal_may(const char *role, const char *action);

/* The policy file `steward init` writes. */
const char *principal_default_policy(void);

#endif
