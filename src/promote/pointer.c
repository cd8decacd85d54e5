/*
 * pointer — moving a name's production pointer: verify the artifact, run
 * the policy's deploy hook on it (outside any transaction: it may take
 * minutes), then in one transaction check that nothing changed meanwhile
 * (the caller's recheck), append the history row and its ledger entry.
 * A failed or hung hook, a tampered artifact or a change during the hook
 * leave the pointer where it was, with a ledger entry saying why.
 */
#include "promote/promote_int.h"
#include "api/policy_file.h"
#include "ledger/ledger.h"
#include "core/json.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static json_t *gates_summary(const json_t *card)
{
    static const char *const keys[] = {"gate", "why", "evidence", NULL};
    return json_pick_each(json_object_get(card, "gates"), keys);
}

/* Moves the pointer (inside the caller's transaction), with the entry
 * whose payload `ledger verify` replays. */
static int promote_move(struct steward *s, const struct move *m,
                        struct err *err)
{
    json_t *ev = json_pack("{s:o,s:s?,s:O?,s:s}", "gates", m->card ?
                           gates_summary(m->card) : json_array(),
                           "fingerprint", m->fp, "hook", m->hook, "reason",
                           m->reason ? m->reason : "");
    int rc = pointer_move(s, m->c->name, m->c->id, m->previous, m->promo,
                          m->action, ev, err);
    char object[96];
    snprintf(object, sizeof object, "production:%s", m->c->name);
    json_t *p = json_pack("{s:I,s:o,s:o,s:O}", "candidate",
        (json_int_t)m->c->id, "previous", m->previous ?
        json_integer(m->previous) : json_null(), "promotion", m->promo ?
        json_integer(m->promo) : json_null(), "evidence", ev);
    rc = rc ? rc : ledger_append(s->db, s->who.name, m->action, object, p,
                                 err);
    json_decref(p);
    json_decref(ev);
    return rc;
}

static int record_failure(struct steward *s, const struct move *m,
                          const struct err *why)
{
    struct err e = ERR_INIT;
    char object[96];
    snprintf(object, sizeof object, "production:%s", m->c->name);
    json_t *p = json_pack("{s:I,s:s,s:s,s:O?}", "candidate",
                          (json_int_t)m->c->id, "step", m->action, "error",
                          why->msg, "hook", m->hook);
    int rc = store_begin(s->db, &e);
    rc = rc ? rc : ledger_append(s->db, s->who.name, "promote.failed",
                                 object, p, &e);
    rc = rc ? rc : store_commit(s->db, &e);
    if (rc)
        store_rollback(s->db);
    json_decref(p);
    return rc;
}

static int hook(struct steward *s, const struct candidate *c,
                json_t **report, struct err *err)
{
    struct policy *pol = NULL;
    int rc = policy_file_load(s->home, &pol, err) ? ERR_DENIED : 0;
    if (!rc && policy_deploy(pol))
        rc = deploy_run(s, c, pol, report, err);
    else if (!rc)
        rc = cand_verify(s, c, err);
    policy_free(pol);
    return rc;
}

int pointer_deploy(struct steward *s, struct move *m, recheck_fn recheck,
                   void *arg, struct err *err)
{
    json_t *report = NULL;
    int rc = hook(s, m->c, &report, err);
    m->hook = report;
    if (rc) {
        if (record_failure(s, m, err))
            fprintf(stderr, "steward: could not record the failure\n");
        return rc;
    }
    rc = store_begin(s->db, err);
    rc = rc ? rc : recheck(s, arg, err);
    rc = rc ? rc : promote_move(s, m, err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    return rc;
}
