/*
 * candidate — registering a run's artifact as a candidate for
 * production, with lineage (run, params, code snapshot, the policy that
 * decided the run, parent), and reading candidates back.
 */
#include "promote/promote_int.h"
#include "api/artifacts.h"
#include "api/principal.h"
#include "ledger/ledger.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define NAME_OK "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
                "0123456789._-"

static int check_name(const char *name, struct err *err)
{
    size_t n = strlen(name);
    if (!n || n > 64 || strspn(name, NAME_OK) != n || name[0] == '-')
        return err_set(err, ERR_USER, "candidate name '%.80s': use 1-64 "
                       "letters, digits, '.', '_' or '-' (e.g. classifier)",
                       name);
    return 0;
}

/* The experiment's state, run and manifest entry for path. */
static int find_artifact(struct steward *s, const json_t *exp,
                         const char *path, struct candidate *c,
                         struct err *err)
{
    const char *state = json_string_value(json_object_get(exp, "state"));
    json_t *run = json_object_get(exp, "run"), *f;
    size_t i;
    if (!state || strcmp(state, "succeeded"))
        return err_set(err, ERR_USER, "experiment %lld is %s, not succeeded: "
                       "only a run that succeeded can give a candidate",
                       (long long)c->exp, state ? state : "unknown");
    c->run = json_integer_value(json_object_get(run, "id"));
    json_array_foreach(json_object_get(json_object_get(run, "artifacts"),
                                       "files"), i, f) {
        const char *p = json_string_value(json_object_get(f, "path"));
        if (!p || strcmp(p, path))
            continue;
        snprintf(c->sha, sizeof c->sha, "%s",
                 json_string_value(json_object_get(f, "sha256")));
        c->size = json_integer_value(json_object_get(f, "size"));
        return 0;
    }
    (void)s;
    return err_set(err, ERR_NOTFOUND, "experiment %lld has no artifact '%s'; "
                   "'steward artifacts %lld' lists them", (long long)c->exp,
                   path, (long long)c->exp);
}

static json_t *lineage(const json_t *exp, const struct candidate *c)
{
    return json_pack("{s:I,s:I,s:O,s:O,s:O,s:O,s:O}", "experiment",
        (json_int_t)c->exp, "run", (json_int_t)c->run, "params",
        json_object_get(exp, "params"), "argv", json_object_get(exp, "argv"),
        "snapshot", json_object_get(exp, "snapshot") ?
        json_object_get(exp, "snapshot") : json_null(),
        "policy_hash", json_object_get(exp, "policy_hash") ?
        json_object_get(exp, "policy_hash") : json_null(),
        "proposer", json_object_get(exp, "proposer"));
}

static int add_txn(struct steward *s, struct candidate *c, const json_t *exp,
                   struct err *err)
{
    int64_t prev = 0;
    int rc = c->parent ? 0 : pointer_get(s, c->name, &c->parent, &prev, err);
    struct candidate parent;
    rc = rc || !c->parent ? rc : cand_load(s, c->parent, &parent, err);
    json_t *lin = lineage(exp, c);
    json_object_set_new(lin, "parent", c->parent ? json_integer(c->parent)
                                                 : json_null());
    rc = rc ? rc : cand_insert(s, c, lin, err);
    char object[48];
    snprintf(object, sizeof object, "candidate:%lld", (long long)c->id);
    json_t *p = json_pack("{s:s,s:I,s:s,s:s,s:O}", "name", c->name,
                          "experiment", (json_int_t)c->exp, "path", c->path,
                          "sha256", c->sha, "parent", json_object_get(lin,
                          "parent"));
    rc = rc ? rc : ledger_append(s->db, s->who.name, "candidate.add", object,
                                 p, err);
    json_decref(p);
    json_decref(lin);
    return rc;
}

int steward_candidate_add(struct steward *s, int64_t exp, const char *path,
                          const char *name, int64_t parent, int64_t *id,
                          struct err *err)
{
    struct candidate c = {.exp = exp, .parent = parent};
    json_t *e = NULL;
    if (!principal_may(s->who.role, "candidate.add"))
        return steward_forbid(s, "candidate.add", "candidate", err);
    int rc = check_name(name, err);
    rc = rc ? rc : artifact_name_check(path, err);
    rc = rc ? rc : steward_show(s, exp, &e, err);
    snprintf(c.name, sizeof c.name, "%s", name);
    snprintf(c.path, sizeof c.path, "%s", path);
    rc = rc ? rc : find_artifact(s, e, path, &c, err);
    rc = rc ? rc : cand_verify(s, &c, err);
    rc = rc ? rc : store_begin(s->db, err);
    if (!rc) {
        rc = add_txn(s, &c, e, err);
        rc = rc ? rc : store_commit(s->db, err);
        if (rc)
            store_rollback(s->db);
    }
    json_decref(e);
    *id = c.id;
    return rc;
}

int steward_candidate_show(struct steward *s, int64_t id, json_t **out,
                           struct err *err)
{
    if (!principal_may(s->who.role, "read"))
        return steward_forbid(s, "read", "candidate", err);
    int rc = cand_json(s, id, out, err);
    int64_t cur = 0, prev = 0;
    rc = rc ? rc : pointer_get(s, json_string_value(json_object_get(*out,
                               "name")), &cur, &prev, err);
    if (!rc)
        json_object_set_new(*out, "in_production", json_boolean(cur == id));
    return rc;
}

int steward_candidate_list(struct steward *s, json_t **out, struct err *err)
{
    json_t *ids = NULL, *v;
    size_t i;
    int rc = principal_may(s->who.role, "read") ? cand_ids(s, &ids, err)
             : steward_forbid(s, "read", "candidate", err);
    if (rc)
        return rc;
    *out = json_array();
    json_array_foreach(ids, i, v) {
        json_t *c = NULL;
        rc = steward_candidate_show(s, json_integer_value(v), &c, err);
        if (rc)
            break;
        json_array_append_new(*out, c);
    }
    json_decref(ids);
    if (rc)
        json_decref(*out);
    return rc;
}
