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
#include "store/production.h"

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
    int rc = store_production_previous_of(s->db, name, cand, prev, err);
    return rc < 0 ? rc : 0;
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

int steward_promote_history(struct steward *s, const char *name,
                            json_t **out, struct err *err)
{
    if (!principal_may(s->who.role, "read"))
        return steward_forbid(s, "read", "production", err);
    return store_production_history(s->db, name, out, err);
}
