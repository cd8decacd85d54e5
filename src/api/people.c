/* people — the uid → person table; see people.h and api.h. */
#include "api/handle.h"
#include "api/people.h"
#include "api/privileged.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "store/people.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>

int people_lookup_uid(sqlite3 *db, uid_t uid, struct principal *who,
                      struct err *err)
{
    char name[sizeof who->name];
    int rc = store_people_by_uid(db, (int64_t)uid, name, sizeof name,
                                 who->role, sizeof who->role, err);
    if (rc == 1)
        snprintf(who->name, sizeof who->name, "user:%s", name);
    return rc;
}

int people_none(sqlite3 *db)
{
    struct err err = ERR_INIT;
    int64_t n = 1;
    return !store_people_count(db, &n, &err) && n == 0;
}

int people_insert(sqlite3 *db, const char *name, int64_t uid,
                         const char *role, const char *by, struct err *err)
{
    int rc = store_people_insert(db, name, uid, role, by, clock_wall_ms(),
                                 err);
    if (rc == ERR_CONFLICT) {
        err_clear(err);
        return err_set(err, ERR_CONFLICT, "a person named '%s' or with uid "
                       "%lld exists already; see 'steward person list'",
                       name, (long long)uid);
    }
    return rc;
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
    char have[16] = "";
    int rc = store_people_role(db, person, have, sizeof have, err);
    if (rc < 0)
        return rc;
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
    int w = snprintf(name, sizeof name, "%s", pw ? pw->pw_name : "");
    /* a login name too long to hold is not cut (cut, it is not theirs
     * and could be someone else's): the uid names them */
    if (!name[0] || w < 0 || (size_t)w >= sizeof name)
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
    int rc = store_people_delete(s->db, name, err);
    if (rc == 0)
        return err_set(err, ERR_NOTFOUND, "no person named '%s'; see "
                       "'steward person list'", name);
    return rc < 0 ? rc : person_ledger(s->db, s->who.name, "person.remove",
                                       name, -1, NULL, err);
}

int steward_person_remove(struct steward *s, const char *name,
                          struct err *err)
{
    return privileged(s, "people", "person", remove_txn, (void *)name, err);
}

int steward_people(struct steward *s, json_t **out, struct err *err)
{
    return store_people_list(s->db, out, err);
}
