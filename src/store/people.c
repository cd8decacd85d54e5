/* people — the people table; see people.h. */
#include "store/people.h"
#include "store/store.h"

#include <stdio.h>

int store_people_by_uid(sqlite3 *db, int64_t uid, char *name, size_t name_n,
                        char *role, size_t role_n, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT name, role FROM people WHERE uid = ?",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, uid);
    rc = store_step(st, "reading people", err);
    if (rc == 1) {
        snprintf(name, name_n, "%s", store_col_text(st, 0));
        snprintf(role, role_n, "%s", store_col_text(st, 1));
    }
    sqlite3_finalize(st);
    return rc;
}

int store_people_role(sqlite3 *db, const char *name, char *role, size_t n,
                      struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT role FROM people WHERE name = ?", &st,
                           err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    rc = store_step(st, "reading people", err);
    snprintf(role, n, "%s", rc == 1 ? store_col_text(st, 0) : "");
    sqlite3_finalize(st);
    return rc;
}

int store_people_count(sqlite3 *db, int64_t *n, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT count(*) FROM people", &st, err);
    rc = rc ? rc : store_one_int64(st, n, "reading people", err);
    return rc < 0 ? rc : 0;
}

int store_people_insert(sqlite3 *db, const char *name, int64_t uid,
                        const char *role, const char *added_by,
                        int64_t added_ms, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO people(name, uid, role, added_by,"
                           " added_ms) VALUES (?, ?, ?, ?, ?)", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    if (uid >= 0)
        sqlite3_bind_int64(st, 2, uid);
    store_bind_text(st, 3, role);
    store_bind_text(st, 4, added_by);
    sqlite3_bind_int64(st, 5, added_ms);
    return store_exec_insert(st, NULL, err);
}

int store_people_delete(sqlite3 *db, const char *name, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "DELETE FROM people WHERE name = ?", &st,
                           err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    rc = store_exec_changes(st, err);
    return rc < 0 ? rc : rc == 1;
}

static json_t *person_json(sqlite3_stmt *st)
{
    return json_pack("{s:s,s:o,s:s,s:s,s:I}", "name", store_col_text(st, 0),
                     "uid", store_col_int_or_null(st, 1), "role",
                     store_col_text(st, 2), "added_by", store_col_text(st, 3),
                     "added_ms", (json_int_t)sqlite3_column_int64(st, 4));
}

int store_people_list(sqlite3 *db, json_t **out, struct err *err)
{
    sqlite3_stmt *st;
    *out = NULL;
    int rc = store_prepare(db, "SELECT name, uid, role, added_by, "
                           "added_ms FROM people ORDER BY name", &st, err);
    return rc ? rc : store_json_rows(st, person_json, "listing people", out,
                                     err);
}
