/* people — the uid → person table; see people.h and api.h. */
#include "api/handle.h"
#include "api/people.h"
#include "api/privileged.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "store/store.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>

int people_lookup_uid(sqlite3 *db, uid_t uid, struct principal *who,
                      struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT name, role FROM people WHERE uid = ?",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)uid);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(who->name, sizeof who->name, "user:%s", store_col_text(st, 0));
        snprintf(who->role, sizeof who->role, "%s", store_col_text(st, 1));
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : store_fail(db, rc, "reading people", err);
}

int people_none(sqlite3 *db)
{
    sqlite3_stmt *st;
    struct err err = ERR_INIT;
    if (store_prepare(db, "SELECT count(*) FROM people", &st, &err))
        return 0;
    int none = sqlite3_step(st) == SQLITE_ROW && !sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return none;
}

int people_insert(sqlite3 *db, const char *name, int64_t uid,
                         const char *role, const char *by, struct err *err)
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
    store_bind_text(st, 4, by);
    sqlite3_bind_int64(st, 5, clock_wall_ms());
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_CONSTRAINT)
        return err_set(err, ERR_CONFLICT, "a person named '%s' or with uid "
                       "%lld exists already; see 'steward person list'",
                       name, (long long)uid);
    return rc == SQLITE_DONE ? 0 : store_fail(db, rc, "adding a person", err);
}

static int person_ledger(sqlite3 *db, const char *by, const char *action,
                         const char *name, int64_t uid, const char *role,
                         struct err *err)
{
    json_t *p = json_pack("{s:s,s:I,s:s}", "name", name, "uid",
                          (json_int_t)uid, "role", role ? role : "");
    int rc = ledger_append(db, by, action, "person", p, err);
    json_decref(p);
    return rc;
}

static int role_rank(const char *role)
{
    return !strcmp(role, "owner") ? 3 : !strcmp(role, "reviewer") ? 2 : 1;
}

/* The person a human's token belongs to: person, else one of the token's
 * own name, made now (known by tokens only) when nobody has that name. A
 * token never holds more than its person's role. */
int people_for_token(sqlite3 *db, const char *person, const char *role,
                     const char *by, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT role FROM people WHERE name = ?", &st,
                           err);
    if (rc)
        return rc;
    store_bind_text(st, 1, person);
    rc = sqlite3_step(st);
    char have[16] = "";
    if (rc == SQLITE_ROW)
        snprintf(have, sizeof have, "%s", store_col_text(st, 0));
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(db, rc, "reading people", err);
    if (!have[0])
        return people_insert(db, person, -1, role, by, err) ? err->code
               : person_ledger(db, by, "person.add", person, -1, role, err);
    if (role_rank(role) > role_rank(have))
        return err_set(err, ERR_USER, "%s is a %s; a token of theirs cannot "
                       "be %s", person, have, role);
    return 0;
}

int people_add_first_owner(sqlite3 *db, uid_t uid, struct err *err)
{
    char name[64];
    struct passwd *pw = getpwuid(uid);
    snprintf(name, sizeof name, "%s", pw ? pw->pw_name : "");
    if (!name[0])
        snprintf(name, sizeof name, "uid%u", (unsigned)uid);
    int rc = people_insert(db, name, (int64_t)uid, "owner", "steward init",
                           err);
    return rc ? rc : person_ledger(db, "steward init", "person.add", name,
                                   (int64_t)uid, "owner", err);
}

struct person_args {
    const char *name, *role;
    int64_t uid;
};

static int add_txn(struct steward *s, void *arg, struct err *err)
{
    struct person_args *a = arg;
    int rc = people_insert(s->db, a->name, a->uid, a->role, s->who.name, err);
    return rc ? rc : person_ledger(s->db, s->who.name, "person.add", a->name,
                                   a->uid, a->role, err);
}

static int valid_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 64)
        return 0;
    return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "0123456789._-") == n;
}

int steward_person_add(struct steward *s, const char *name, int64_t uid,
                       const char *role, struct err *err)
{
    if (!valid_name(name))
        return err_set(err, ERR_USER, "a person's name is 1 to 64 letters, "
                       "digits, '.', '_' or '-', not '%.80s'", name);
    if (strcmp(role, "owner") && strcmp(role, "reviewer") &&
        strcmp(role, "agent"))
        return err_set(err, ERR_USER, "unknown role '%s'; roles are owner, "
                       "reviewer and agent", role);
    if (uid < -1 || uid > 0x7fffffff)
        return err_set(err, ERR_USER, "uid %lld is out of range",
                       (long long)uid);
    struct person_args a = {name, role, uid};
    return privileged(s, "people", "person", add_txn, &a, err);
}

static int remove_txn(struct steward *s, void *arg, struct err *err)
{
    const char *name = arg;
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "DELETE FROM people WHERE name = ?", &st,
                           err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    rc = store_exec_stmt(st, err);
    if (!rc && sqlite3_changes(s->db) != 1)
        return err_set(err, ERR_NOTFOUND, "no person named '%s'; see "
                       "'steward person list'", name);
    return rc ? rc : person_ledger(s->db, s->who.name, "person.remove", name,
                                   -1, NULL, err);
}

int steward_person_remove(struct steward *s, const char *name,
                          struct err *err)
{
    return privileged(s, "people", "person", remove_txn, (void *)name, err);
}

int steward_people(struct steward *s, json_t **out, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT name, uid, role, added_by, "
                           "added_ms FROM people ORDER BY name", &st, err);
    if (rc)
        return rc;
    *out = json_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(*out, json_pack("{s:s,s:o,s:s,s:s,s:I}",
            "name", store_col_text(st, 0), "uid",
            sqlite3_column_type(st, 1) == SQLITE_NULL ? json_null()
                : json_integer(sqlite3_column_int64(st, 1)),
            "role", store_col_text(st, 2), "added_by", store_col_text(st, 3),
            "added_ms", (json_int_t)sqlite3_column_int64(st, 4)));
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return 0;
    json_decref(*out);
    *out = NULL;
    return store_fail(s->db, rc, "listing people", err);
}
