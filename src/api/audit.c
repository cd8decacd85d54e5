/*
 * audit — does the current state follow from the ledger?
 *
 * The hash chain proves that no entry was edited; this proves the tables
 * were not edited beside it. The chain is replayed into what it implies
 * (each experiment's state, content hash and approvals; the halts in
 * force; each token's role and revocation; the policy last recorded, whose
 * text the ledger holds) and the tables are compared with it. The first
 * mismatch is named. Budgets follow from experiments: every experiment's
 * content hash, recomputed from its row, must be the one the ledger
 * recorded, so its resources (what budgets count) cannot change either.
 *
 * An entry's action decides the state it implies; actions that change no
 * table compared here are skipped.
 */
#include "api/handle.h"
#include "api/audit.h"
#include "api/policy_file.h"
#include "api/proposal.h"
#include "ledger/ledger.h"
#include "store/audit.h"
#include "store/experiment_lists.h"
#include "store/reviews.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT_ARGV_MAX 1024

struct replay {
    json_t *exps;       /* "N" -> {"state", "hash", "approvals"} */
    json_t *halts;      /* scope -> number in force */
    int64_t nhalts;
    json_t *tokens;     /* name -> {"role", "revoked"} */
    json_t *policy;     /* last policy entry's payload */
};

struct move {
    const char *action, *state; /* NULL state: from the payload */
};

static const struct move moves[] = {
    {"experiment.reject", "rejected"}, {"experiment.cancel", "cancelled"},
    {"experiment.expire", "expired"},  {"run.queue", "queued"},
    {"run.start", "running"},          {"run.held", "approved"},
    {"run.refused", "failed"},         {"run.lost", "lost"},
    {"run.end", NULL},
};

static json_t *exp_of(struct replay *r, const char *object, int create)
{
    if (strncmp(object, "experiment:", 11))
        return NULL;
    json_t *e = json_object_get(r->exps, object + 11);
    if (!e && create) {
        e = json_pack("{s:s,s:s,s:i}", "state", "", "hash", "", "approvals",
                      0);
        json_object_set_new(r->exps, object + 11, e);
    }
    return e;
}

static const char *verdict_state(const json_t *payload)
{
    const char *v = json_string_value(json_object_get(
        json_object_get(payload, "decision"), "verdict"));
    return !v ? "" : !strcmp(v, "auto") ? "approved"
           : !strcmp(v, "deny") ? "denied" : "pending_review";
}

static void replay_experiment(struct replay *r, const char *action,
                              json_t *e, const json_t *p)
{
    if (!strcmp(action, "experiment.propose")) {
        json_object_set_new(e, "state", json_string(verdict_state(p)));
        json_object_set(e, "hash", json_object_get(p, "content_hash"));
        return;
    }
    if (!strcmp(action, "experiment.redecide")) {
        json_object_set(e, "state", json_object_get(p, "state"));
        if (json_is_true(json_object_get(p, "approvals_void")))
            json_object_set_new(e, "approvals", json_integer(0));
        return;
    }
    if (!strcmp(action, "experiment.approve")) {
        json_object_set_new(e, "approvals", json_integer(json_integer_value(
            json_object_get(e, "approvals")) + 1));
        if (json_integer_value(json_object_get(p, "approvals")) >=
            json_integer_value(json_object_get(p, "needed")))
            json_object_set_new(e, "state", json_string("approved"));
        return;
    }
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
        if (!strcmp(action, moves[i].action))
            json_object_set_new(e, "state", json_string(moves[i].state
                                ? moves[i].state
                                : json_string_value(json_object_get(p,
                                                                    "state"))));
}

static void replay_governance(struct replay *r, const char *action,
                              const char *object, const json_t *p)
{
    if (!strcmp(action, "halt")) {
        r->nhalts++;
        json_object_set_new(r->halts, object, json_integer(
            json_integer_value(json_object_get(r->halts, object)) + 1));
    } else if (!strcmp(action, "resume")) {
        json_object_del(r->halts, object);
    } else if (!strcmp(action, "token.create")) {
        json_object_set_new(r->tokens, json_string_value(json_object_get(p,
            "name")), json_pack("{s:O,s:b}", "role", json_object_get(p,
            "role"), "revoked", 0));
    } else if (!strcmp(action, "token.revoke")) {
        json_object_set_new(json_object_get(r->tokens, json_string_value(
            json_object_get(p, "name"))), "revoked", json_true());
    } else if (!strncmp(action, "policy.", 7)) {
        json_decref(r->policy);
        r->policy = json_incref((json_t *)p);
    }
}

static int visit(json_t *entry, void *ctx)
{
    struct replay *r = ctx;
    const char *action = json_string_value(json_object_get(entry, "action"));
    const char *object = json_string_value(json_object_get(entry, "object"));
    const json_t *p = json_object_get(entry, "payload");
    json_t *e = exp_of(r, object, !strcmp(action, "experiment.propose"));
    if (e)
        replay_experiment(r, action, e, p);
    else if (strncmp(object, "experiment:", 11))
        replay_governance(r, action, object, p);
    return 0;
}

/* ---- comparing the tables with the replay ------------------------- */

static int row_hash(struct steward *s, int64_t id, char out[65])
{
    static char *argv[AUDIT_ARGV_MAX + 1];
    struct err ignored = ERR_INIT;
    struct proposal p;
    json_t *exp = NULL;
    if (steward_load(s, id, &exp, &ignored))
        return -1;
    proposal_from_json(exp, &p, argv, AUDIT_ARGV_MAX);
    json_t *c = p.name && p.workdir ? proposal_content(&p) : NULL;
    int rc = c ? proposal_hash(c, out) : -1;
    json_decref(c);
    json_decref(exp);
    return rc;
}

static int approvals_in_table(struct steward *s, int64_t id)
{
    struct err ignored = ERR_INIT;
    int64_t n = -1;
    return store_reviews_count_approved(s->db, id, &n, &ignored) ? -1
           : (int)n;
}

static int check_row(struct steward *s, struct replay *r, int64_t id,
                     const char *state, const char *hash, char *why,
                     size_t n)
{
    char key[32], now[65];
    snprintf(key, sizeof key, "%lld", (long long)id);
    json_t *e = json_object_get(r->exps, key);
    const char *want = json_string_value(json_object_get(e, "state"));
    if (!e)
        return snprintf(why, n, "experiment %s is in the table but was "
                        "never proposed on the ledger", key), 1;
    if (strcmp(state, want))
        return snprintf(why, n, "experiment %s is %s in the table but %s "
                        "on the ledger", key, state, want), 1;
    if (strcmp(hash, json_string_value(json_object_get(e, "hash"))) ||
        row_hash(s, id, now) || strcmp(now, hash))
        return snprintf(why, n, "experiment %s's row (command, params, "
                        "resources or snapshot) is not what the ledger "
                        "recorded", key), 1;
    if (approvals_in_table(s, id) != json_integer_value(json_object_get(e,
                                                             "approvals")))
        return snprintf(why, n, "experiment %s has %d approvals in the table "
                        "but %lld on the ledger", key,
                        approvals_in_table(s, id), (long long)
                        json_integer_value(json_object_get(e, "approvals"))),
               1;
    json_object_set_new(e, "seen", json_true());
    return 0;
}

struct rows_check {
    struct steward *s;
    struct replay *r;
    char *why;
    size_t n;
};

static int check_one(int64_t id, const char *state, const char *hash,
                     void *ctx)
{
    struct rows_check *c = ctx;
    return check_row(c->s, c->r, id, state, hash, c->why, c->n);
}

static int check_experiments(struct steward *s, struct replay *r, char *why,
                             size_t n, struct err *err)
{
    struct rows_check c = {s, r, why, n};
    const char *key;
    json_t *e;
    int bad = store_experiments_each(s->db, check_one, &c, err);
    if (bad < 0)
        return bad;
    json_object_foreach(r->exps, key, e)
        if (!bad && !json_object_get(e, "seen"))
            bad = snprintf(why, n, "experiment %s on the ledger is missing "
                           "from the table", key) > 0;
    return bad;
}

struct compare {
    const json_t *want;
    const char *what;
    char *why;
    size_t n, rows;
    int bad;
};

static int compare_pair(const char *k, const char *v, void *ctx)
{
    struct compare *c = ctx;
    const char *w = json_string_value(json_object_get(c->want, k));
    c->rows++;
    if (!w || strcmp(w, v))
        c->bad = snprintf(c->why, c->n, "%s %s is \"%s\" in the table but "
                          "\"%s\" on the ledger", c->what, k, v,
                          w ? w : "absent") > 0;
    return c->bad;
}

int audit_compare(struct steward *s, audit_reader read, const json_t *want,
                  const char *what, const char *table, char *why, size_t n)
{
    struct compare c = {want, what, why, n, 0, 0};
    struct err ignored = ERR_INIT;
    if (read(s->db, compare_pair, &c, &ignored) < 0)
        return snprintf(why, n, "cannot read the %s table", table), 1;
    if (!c.bad && c.rows != json_object_size(want))
        c.bad = snprintf(why, n, "the %s table has %zu rows where the ledger "
                         "has %zu", table, c.rows, json_object_size(want)) > 0;
    return c.bad;
}

static int check_halts(struct steward *s, struct replay *r, char *why,
                       size_t n)
{
    json_t *want = json_object(), *v;
    const char *k;
    char total[32];
    snprintf(total, sizeof total, "%lld", (long long)r->nhalts);
    json_object_set_new(want, "(all)", json_string(total));
    json_object_foreach(r->halts, k, v) {
        snprintf(total, sizeof total, "%lld", (long long)json_integer_value(v));
        json_object_set_new(want, k, json_string(total));
    }
    int bad = audit_compare(s, store_audit_halts, want, "halt in force",
                            "halt in force", why, n);
    json_decref(want);
    return bad;
}

static int check_tokens(struct steward *s, struct replay *r, char *why,
                        size_t n)
{
    json_t *want = json_object(), *v;
    const char *k;
    json_object_foreach(r->tokens, k, v) {
        char text[64];
        snprintf(text, sizeof text, "%s%s", json_string_value(
                 json_object_get(v, "role")), json_is_true(json_object_get(
                 v, "revoked")) ? " revoked" : "");
        json_object_set_new(want, k, json_string(text));
    }
    int bad = audit_compare(s, store_audit_tokens, want, "token", "token",
                            why, n);
    json_decref(want);
    return bad;
}

static int check_policy(struct steward *s, struct replay *r, char *why,
                        size_t n)
{
    struct policy *pol = NULL;
    struct err ignored = ERR_INIT;
    const char *want = json_string_value(json_object_get(r->policy,
                                                         "new_hash"));
    if (!want)
        return 0; /* no decision was ever made: nothing recorded yet */
    if (policy_file_load(s->home, &pol, &ignored))
        return snprintf(why, n, "the policy file cannot be read: %s",
                        ignored.msg), 1;
    int bad = strcmp(policy_hash(pol), want) != 0;
    if (bad)
        snprintf(why, n, "the policy file (%.12s) is not the policy last "
                 "recorded on the ledger (%.12s)", policy_hash(pol), want);
    policy_free(pol);
    return bad;
}

int audit_tables(struct steward *s, char *why, size_t n, struct err *err)
{
    struct replay r = {json_object(), json_object(), 0, json_object(), NULL};
    int rc = ledger_each(s->db, 1, visit, &r, err);
    rc = rc ? rc : check_experiments(s, &r, why, n, err);
    rc = rc ? rc : check_halts(s, &r, why, n);
    rc = rc ? rc : check_tokens(s, &r, why, n);
    rc = rc ? rc : check_policy(s, &r, why, n);
    rc = rc ? rc : audit_promotion(s, why, n, err);
    json_decref(r.exps);
    json_decref(r.halts);
    json_decref(r.tokens);
    json_decref(r.policy);
    return rc;
}
