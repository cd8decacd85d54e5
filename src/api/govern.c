/*
 * govern — the owner's and reviewers' levers: tokens and halts.
 *
 * Each is a privileged act: the role is checked first, a refusal is
 * recorded in the ledger (steward_forbid), and the act itself commits with
 * its ledger entry. A halt stops dispatch at once (the dispatcher checks
 * it before queueing anything) and with kill also stops running runs; only
 * a human lifts it.
 */
#include "api/handle.h"
#include "api/api.h"
#include "api/people.h"
#include "api/principal.h"
#include "api/privileged.h"
#include "api/state.h"
#include "auth/token.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "store/campaigns.h"
#include "store/experiment_lists.h"
#include "store/halts.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define HALT_CANCEL_MAX 256

int privileged(struct steward *s, const char *action, const char *object,
               txn_fn fn, void *arg, struct err *err)
{
    if (!principal_may(s->who.role, action))
        return steward_forbid(s, action, object, err);
    int rc = store_begin(s->db, err);
    rc = rc ? rc : fn(s, arg, err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    return rc;
}

struct token_args {
    const char *name, *role;
    int64_t ttl_s;
    char *out;
    size_t n;
    const char *person;   /* humans' tokens: whose; NULL for agents */
};

static int create_txn(struct steward *s, void *arg, struct err *err)
{
    struct token_args *a = arg;
    int rc = a->person ? people_for_token(s->db, a->person, a->role,
                                          s->who.name, err) : 0;
    rc = rc ? rc : token_create(s->db, a->name, a->role, a->ttl_s,
                                s->who.name, a->out, a->n, err);
    rc = rc || !a->person ? rc : token_set_person(s->db, a->name, a->person,
                                                  err);
    json_t *p = json_pack("{s:s,s:s,s:I,s:s?}", "name", a->name, "role",
                          a->role, "ttl_s", (json_int_t)a->ttl_s, "person",
                          a->person);
    rc = rc ? rc : ledger_append(s->db, s->who.name, "token.create", "token",
                                 p, err);
    json_decref(p);
    return rc;
}

int steward_token_create(struct steward *s, const char *name, const char *role,
                         int64_t ttl_s, char *out, size_t n, struct err *err)
{
    return steward_token_create_for(s, name, role, NULL, ttl_s, out, n, err);
}

int steward_token_create_for(struct steward *s, const char *name,
                             const char *role, const char *person,
                             int64_t ttl_s, char *out, size_t n,
                             struct err *err)
{
    if (strcmp(role, "owner") && strcmp(role, "reviewer") &&
        strcmp(role, "agent"))
        return err_set(err, ERR_USER, "unknown role '%s'; roles are owner, "
                       "reviewer and agent", role);
    if (!*name || strlen(name) > 64)
        return err_set(err, ERR_USER, "token name must be 1 to 64 characters");
    int human = strcmp(role, "agent") != 0;
    struct token_args a = {name, role, ttl_s, out, n,
                           human ? (person ? person : name) : NULL};
    return privileged(s, "token", "token", create_txn, &a, err);
}

static int revoke_txn(struct steward *s, void *arg, struct err *err)
{
    const char *name = arg;
    int rc = token_revoke(s->db, name, err);
    json_t *p = json_pack("{s:s}", "name", name);
    rc = rc ? rc : ledger_append(s->db, s->who.name, "token.revoke", "token",
                                 p, err);
    json_decref(p);
    return rc;
}

int steward_token_revoke(struct steward *s, const char *name, struct err *err)
{
    return privileged(s, "token", "token", revoke_txn, (void *)name, err);
}

int steward_token_list(struct steward *s, json_t **out, struct err *err)
{
    if (!principal_may(s->who.role, "token"))
        return steward_forbid(s, "token list", "token", err);
    return token_list(s->db, out, err);
}

struct halt_args {
    const char *scope, *reason;
    int kill;
};

/* halt --kill: queued work of the scope is cancelled in the halt's own
 * transaction (its supervisor, about to start, finds it cancelled), in
 * batches until none is left. */
static int cancel_batch(struct steward *s, const struct halt_args *a,
                        size_t *count, struct err *err)
{
    int64_t ids[HALT_CANCEL_MAX];
    size_t n = 0;
    int rc = store_experiments_queued_in(s->db, a->scope, ids,
                                         HALT_CANCEL_MAX, &n, err);
    for (size_t i = 0; !rc && i < n; i++) {
        char object[48];
        snprintf(object, sizeof object, "experiment:%lld", (long long)ids[i]);
        json_t *p = json_pack("{s:s,s:s}", "reason", "halted (halt --kill)",
                              "was", "queued");
        rc = state_move(s->db, ids[i], "queued", "cancelled", err);
        rc = rc ? rc : ledger_append(s->db, s->who.name, "experiment.cancel",
                                     object, p, err);
        json_decref(p);
    }
    *count = n;
    return rc;
}

static int cancel_queued(struct steward *s, const struct halt_args *a,
                         struct err *err)
{
    size_t n = HALT_CANCEL_MAX;
    int rc = 0;
    while (!rc && n == HALT_CANCEL_MAX)
        rc = cancel_batch(s, a, &n, err);
    return rc;
}

/* A campaign halt names a campaign that exists: a typo must not look
 * like a halt in force. */
static int scope_exists(struct steward *s, const char *scope,
                        struct err *err)
{
    char state[16];
    if (strncmp(scope, "campaign:", 9))
        return 0;
    int rc = store_campaigns_live_state(s->db, scope + 9, state,
                                        sizeof state, err);
    if (rc == 0)
        return err_set(err, ERR_USER, "no campaign '%s'; see 'steward "
                       "campaign list'", scope + 9);
    return rc < 0 ? rc : 0;
}

static int halt_txn(struct steward *s, void *arg, struct err *err)
{
    struct halt_args *a = arg;
    if (scope_exists(s, a->scope, err))
        return err->code;
    int rc = store_halts_insert(s->db, a->scope, a->reason, s->who.name,
                                clock_wall_ms(), err);
    json_t *p = json_pack("{s:s,s:s}", "scope", a->scope, "reason", a->reason);
    rc = rc ? rc : ledger_append(s->db, s->who.name, "halt", a->scope, p, err);
    json_decref(p);
    return rc || !a->kill ? rc : cancel_queued(s, a, err);
}

int steward_halt(struct steward *s, const char *scope, const char *reason,
                 struct err *err)
{
    struct halt_args a = {scope, reason, 0};
    return privileged(s, "halt", scope, halt_txn, &a, err);
}

/* Running experiments of scope, asked to stop after the halt committed:
 * one that started before the halt is running now, one that had not yet
 * started never will (its start sees the halt). */
static int stop_running(struct steward *s, const char *scope, int *stopped)
{
    static const char *const running[] = {"running", NULL};
    struct err err = ERR_INIT;
    json_t *list, *e;
    size_t i;
    if (steward_list(s, running, &list, &err))
        return 0;
    json_array_foreach(list, i, e) {
        const char *c = json_string_value(json_object_get(e, "campaign"));
        char in[96];
        snprintf(in, sizeof in, "campaign:%s", c ? c : "");
        if (strcmp(scope, "global") && strcmp(scope, in))
            continue;
        err_clear(&err);
        if (!steward_stop_run_why(s, json_integer_value(json_object_get(e,
                                  "id")), "halted (halt --kill)", &err))
            (*stopped)++;
    }
    json_decref(list);
    return 0;
}

int steward_halt_kill(struct steward *s, const char *scope,
                      const char *reason, int *stopped, struct err *err)
{
    struct halt_args a = {scope, reason, 1};
    *stopped = 0;
    int rc = privileged(s, "halt", scope, halt_txn, &a, err);
    return rc ? rc : stop_running(s, scope, stopped);
}

static int resume_txn(struct steward *s, void *arg, struct err *err)
{
    struct halt_args *a = arg;
    int rc = store_halts_resume(s->db, a->scope, s->who.name,
                                clock_wall_ms(), err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return err_set(err, ERR_CONFLICT, "no halt in force for %s", a->scope);
    json_t *p = json_pack("{s:s,s:s}", "scope", a->scope, "reason", a->reason);
    rc = ledger_append(s->db, s->who.name, "resume", a->scope, p,
                                 err);
    json_decref(p);
    return rc;
}

int steward_resume(struct steward *s, const char *scope, const char *reason,
                   struct err *err)
{
    struct halt_args a = {scope, reason, 0};
    return privileged(s, "resume", scope, resume_txn, &a, err);
}

int steward_halts(struct steward *s, json_t **out, struct err *err)
{
    return store_halts_in_force(s->db, out, err);
}
