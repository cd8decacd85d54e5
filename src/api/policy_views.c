/*
 * policy_views — the policy seen through stored proposals: why one was
 * decided as it was, and what a new policy version would decide
 * differently for the last N proposals (the dry run a human reads before
 * switching).
 */
#include "api/handle.h"
#include "api/policy_file.h"
#include "api/api.h"
#include "api/decide.h"
#include "api/principal.h"
#include "api/proposal.h"
#include "api/recheck.h"
#include "policy/policy.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIFF_MAX 1000

int steward_explain(struct steward *s, int64_t id, char **text,
                    struct err *err)
{
    json_t *exp = NULL;
    int rc = steward_load(s, id, &exp, err);
    if (rc)
        return rc;
    json_t *d = json_object_get(exp, "decision");
    rc = json_is_object(d) ? policy_explain(d, text, err)
         : err_set(err, ERR_USER, "experiment %lld has no policy decision",
                   (long long)id);
    json_decref(exp);
    return rc;
}

/* One experiment decided by both policies, as its proposer, by the very
 * code that decides a proposal (decide_with_policy: envelope, rolling
 * sums, repeat-of-failed and all); a change goes to out. A stored
 * experiment that can no longer be decided (its campaign deleted) is
 * skipped. */
static int diff_one(struct steward *s, const json_t *exp,
                    const struct policy *old, const struct policy *next,
                    json_t *out, struct err *err)
{
    char **argv = calloc(RECHECK_ARGV_MAX + 1, sizeof *argv);
    struct proposal p;
    json_t *a = NULL, *b = NULL;
    struct principal asker = s->who;
    int64_t id = json_integer_value(json_object_get(exp, "id"));
    if (!argv)
        return err_set(err, ERR_INTERNAL, "out of memory");
    proposal_from_json(exp, &p, argv, RECHECK_ARGV_MAX);
    snprintf(s->who.name, sizeof s->who.name, "%s",
             json_string_value(json_object_get(exp, "proposer")));
    snprintf(s->who.role, sizeof s->who.role, "%s",
             json_string_value(json_object_get(exp, "role")));
    int rc = decide_with_policy(s, &p, id, old, &a, err);
    rc = rc ? rc : decide_with_policy(s, &p, id, next, &b, err);
    s->who = asker;
    const char *va = a ? json_string_value(json_object_get(a, "verdict")) : 0;
    const char *vb = b ? json_string_value(json_object_get(b, "verdict")) : 0;
    if (!rc && va && vb && strcmp(va, vb))
        json_array_append_new(out, json_pack("{s:I,s:s,s:s,s:O,s:O}", "id",
            (json_int_t)id, "before", va, "after", vb, "before_reasons",
            json_object_get(a, "reasons"), "after_reasons",
            json_object_get(b, "reasons")));
    if (rc == ERR_USER)
        err_clear(err), rc = 0;
    json_decref(a);
    json_decref(b);
    free(argv);
    return rc;
}

static int diff_list(struct steward *s, const json_t *list,
                     const struct policy *old, const struct policy *next,
                     json_t **out, struct err *err)
{
    json_t *changes = json_array();
    int rc = changes ? 0 : err_set(err, ERR_INTERNAL, "out of memory");
    for (size_t i = 0; !rc && i < json_array_size(list); i++) {
        json_t *exp = NULL;
        rc = steward_show(s, json_integer_value(json_object_get(
                 json_array_get(list, i), "id")), &exp, err);
        rc = rc ? rc : diff_one(s, exp, old, next, changes, err);
        json_decref(exp);
    }
    if (rc)
        json_decref(changes);
    else
        *out = changes;
    return rc;
}

int steward_policy_diff(struct steward *s, const char *new_path, int last_n,
                        json_t **out, struct err *err)
{
    struct policy *old = NULL, *next = NULL;
    json_t *list = NULL;
    if (last_n < 1 || last_n > DIFF_MAX)
        return err_set(err, ERR_USER, "--last must be in [1, %d]", DIFF_MAX);
    int rc = policy_load(new_path, &next, NULL, err);
    if (!rc && policy_file_load(s->home, &old, err))
        err_clear(err); /* a broken current policy decides deny: compare */
    rc = rc ? rc : steward_list(s, NULL, &list, err);
    if (!rc) {
        size_t n = json_array_size(list);
        while (n > (size_t)last_n)
            json_array_remove(list, 0), n--;
        rc = diff_list(s, list, old, next, out, err);
    }
    json_decref(list);
    policy_free(old);
    policy_free(next);
    return rc;
}
