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
#include <stdint.h>
#include <sys/types.h>
#include "api/api.h"

/* Fills who with "user:NAME" and its role when uid is a known person.
 * Returns 1 when found, 0 when not, negative on a database error. */
int people_lookup_uid(sqlite3 *db, uid_t uid, struct principal *who,
                      struct err *err) MUST_USE;

/* Records uid as the first owner, named after its login (inside the
 * caller's transaction). */
int people_add_first_owner(sqlite3 *db, uid_t uid, struct err *err) MUST_USE;

/* Inserts a person (uid -1: known by tokens only), inside the caller's
 * transaction. */
int people_insert(sqlite3 *db, const char *name, int64_t uid,
                  const char *role, const char *by, struct err *err) MUST_USE;

/* Makes sure person exists for a token of role (creating a token-only
 * person), and that the role is not above the person's. */
int people_for_token(sqlite3 *db, const char *person, const char *role,
                     const char *by, struct err *err) MUST_USE;

/* 1 when the people table is empty (a project made before it existed). */
int people_none(sqlite3 *db);

#endif
