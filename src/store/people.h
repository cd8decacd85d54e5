/*
 * people — the `people` table: each person's name, the Unix uid the
 * server knows them by (if any) and their role.
 */
#ifndef STEWARD_STORE_PEOPLE_H
#define STEWARD_STORE_PEOPLE_H

#include <jansson.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

/* The person with uid: name and role, 1; or 0 when nobody has it. */
int store_people_by_uid(sqlite3 *db, int64_t uid, char *name, size_t name_n,
                        char *role, size_t role_n, struct err *err) MUST_USE;

/* The role of the person named name: 1, or 0 when there is none. */
int store_people_role(sqlite3 *db, const char *name, char *role, size_t n,
                      struct err *err) MUST_USE;

/* How many people there are. */
int store_people_count(sqlite3 *db, int64_t *n, struct err *err) MUST_USE;

/* Adds a person (uid < 0: none); a taken name or uid fails with
 * ERR_CONFLICT. */
int store_people_insert(sqlite3 *db, const char *name, int64_t uid,
                        const char *role, const char *added_by,
                        int64_t added_ms, struct err *err) MUST_USE;

/* Removes the person named name: 1, or 0 when there is none. */
int store_people_delete(sqlite3 *db, const char *name,
                        struct err *err) MUST_USE;

/* Everyone, by name, as {name, uid, role, added_by, added_ms}. */
int store_people_list(sqlite3 *db, json_t **out, struct err *err) MUST_USE;

#endif
