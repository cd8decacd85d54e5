/*
 * people — who a Unix uid is.
 *
 * A server decides each request's principal from the peer's uid
 * (SO_PEERCRED), never from what the client says. This table maps uids to
 * named persons with a role; only an owner changes it. `steward init`
 * records the uid that created the project as its first owner. Identity
 * never depends on parsing the policy.
 */
#ifndef STEWARD_API_PEOPLE_H
#define STEWARD_API_PEOPLE_H

#include <sqlite3.h>
#include <sys/types.h>
#include "api/api.h"

/* Fills who with "user:NAME" and its role when uid is a known person.
 * Returns 1 when found, 0 when not, negative on a database error. */
int people_lookup_uid(sqlite3 *db, uid_t uid, struct principal *who,
                      struct err *err) MUST_USE;

/* Records uid as the first owner, named after its login (inside the
 * caller's transaction). */
int people_add_first_owner(sqlite3 *db, uid_t uid, struct err *err) MUST_USE;

/* 1 when the people table is empty (a project made before it existed). */
int people_none(sqlite3 *db);

#endif
