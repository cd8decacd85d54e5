/*
 * rollback — one command back to the candidate the current production
 * candidate replaced (who may is the policy's `promotion rollback by`,
 * owners by default; agents never), and the pointer's history. A rollback
 * deploys the older artifact through the same hook, checked the same
 * way; its own row's `previous` is what that candidate had replaced, so
 * rolling back again keeps walking back.
 */
#include "promote/promote_int.h"
#include "api/policy_file.h"
#include "api/principal.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

struct back {
    const char *name;
    int64_t expect;     /* the pointer when the rollback began */
};

static int may_roll_back(struct steward *s, const char *name,
                         struct err *err)
{
    struct policy *pol = NULL;
    char object[96];
    snprintf(object, sizeof object, "production:%s", name);
    if (!principal_may(s->who.role, "promote.rollback"))
        return steward_forbid(s, "promote.rollback", object, err);
    if (policy_file_load(s->home, &pol, err))
        return ERR_DENIED;
    int owners = policy_rollback_by(pol) == POLICY_APPROVERS_OWNERS;
    policy_free(pol);
    if (owners && strcmp(s->who.role, "owner"))
        return steward_forbid(s, "promote.rollback", object, err);
    return 0;
}

static int previous_of(struct steward *s, const char *name, int64_t cand,
                       int64_t *prev, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT ifnull(previous_id, 0) FROM "
        "production WHERE name = ? AND candidate_id = ? ORDER BY seq DESC "
        "LIMIT 1", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    sqlite3_bind_int64(st, 2, cand);
    *prev = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return 0;
}

static int still(struct steward *s, void *arg, struct err *err)
{
    struct back *b = arg;
    int64_t cur = 0, prev = 0;
    int rc = pointer_get(s, b->name, &cur, &prev, err);
    if (!rc && cur != b->expect)
        rc = err_set(err, ERR_CONFLICT, "%s's production pointer moved while "
                     "the hook ran; nothing was rolled back", b->name);
    return rc;
}

int steward_promote_rollback(struct steward *s, const char *name,
                             const char *target, const char *reason,
                             json_t **out, struct err *err)
{
    struct candidate c;
    int64_t cur = 0, prev = 0, before = 0;
    if (!target || strcmp(target, PROMOTE_TARGET))
        return err_set(err, ERR_USER, "rollback targets: production (give "
                       "--to production)");
    int rc = may_roll_back(s, name, err);
    rc = rc ? rc : pointer_get(s, name, &cur, &prev, err);
    if (!rc && !cur)
        rc = err_set(err, ERR_NOTFOUND, "nothing named %s is in production",
                     name);
    if (!rc && !prev)
        rc = err_set(err, ERR_CONFLICT, "%s's production candidate %lld "
                     "replaced nothing: there is no earlier candidate to roll "
                     "back to", name, (long long)cur);
    rc = rc ? rc : cand_load(s, prev, &c, err);
    rc = rc ? rc : previous_of(s, name, prev, &before, err);
    struct back b = {name, cur};
    struct move m = {&c, 0, before, "promote.rollback", NULL, reason, NULL,
                     NULL};
    rc = rc ? rc : pointer_deploy(s, &m, still, &b, err);
    if (!rc)
        *out = json_pack("{s:s,s:I,s:I,s:O?}", "name", name, "candidate",
                         (json_int_t)prev, "replaced", (json_int_t)cur,
                         "hook", m.hook);
    json_decref(m.hook);
    return rc;
}

static json_t *history_row(sqlite3_stmt *st)
{
    json_t *ev = json_loads(store_col_text(st, 7), 0, NULL);
    return json_pack("{s:I,s:s,s:I,s:o,s:o,s:s,s:I,s:o}", "seq",
        (json_int_t)sqlite3_column_int64(st, 0), "action",
        store_col_text(st, 1), "candidate",
        (json_int_t)sqlite3_column_int64(st, 2), "previous",
        sqlite3_column_type(st, 3) == SQLITE_NULL ? json_null()
        : json_integer(sqlite3_column_int64(st, 3)), "promotion",
        sqlite3_column_type(st, 4) == SQLITE_NULL ? json_null()
        : json_integer(sqlite3_column_int64(st, 4)), "by",
        store_col_text(st, 5), "time_ms",
        (json_int_t)sqlite3_column_int64(st, 6), "evidence",
        ev ? ev : json_object());
}

int steward_promote_history(struct steward *s, const char *name,
                            json_t **out, struct err *err)
{
    sqlite3_stmt *st;
    int rc = principal_may(s->who.role, "read") ? store_prepare(s->db,
        "SELECT seq, action, candidate_id, previous_id, promotion_id, by, "
        "created_ms, evidence FROM production WHERE name = ? ORDER BY seq",
        &st, err) : steward_forbid(s, "read", "production", err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    *out = json_array();
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(*out, history_row(st));
    sqlite3_finalize(st);
    return 0;
}
