/*
 * status — a promotion's card: each gate met or not, why, and the
 * evidence it cites; the approvals and whether each still counts; the
 * deploy hook's grants. The fingerprint binds approvals: SHA-256 over
 * the candidate's hash, the policy's hash and every gate's result
 * (evidence included), so changing any of them voids what was approved.
 */
#include "promote/gates.h"
#include "core/sha256.h"
#include "promote/promote_int.h"
#include "api/policy_file.h"
#include "core/clock.h"
#include "store/promotions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int production_exp(struct steward *s, const char *name, int64_t *exp,
                          int64_t *cand, struct err *err)
{
    int64_t prev = 0;
    struct candidate c;
    *exp = 0;
    int rc = pointer_get(s, name, cand, &prev, err);
    rc = rc || !*cand ? rc : cand_load(s, *cand, &c, err);
    if (!rc && *cand)
        *exp = c.exp;
    return rc;
}

static int judge_all(struct steward *s, const struct candidate *c,
                     const struct policy *pol, int64_t prod_exp,
                     json_t *gates, struct err *err)
{
    const struct policy_promotion *pr = policy_promotion(pol);
    int rc = 0;
    for (size_t i = 0; !rc && i < pr->ngates; i++) {
        const struct policy_gate *def = policy_gate_find(pol, pr->gates[i]);
        struct gate_facts f = {0};
        void *owned = NULL;
        f.first_skips = policy_first_skips_comparisons(pol);
        rc = evidence_gather(s, c, def, prod_exp, &f, &owned, err);
        if (!rc)
            json_array_append_new(gates, gate_judge(pr->gates[i], def, &f));
        evidence_release(owned);
    }
    return rc;
}

static void fingerprint_of(const struct candidate *c, const char *policy,
                           const json_t *gates, char out[65])
{
    json_t *all = json_pack("{s:s,s:s,s:O}", "candidate", c->sha, "policy",
                            policy, "gates", gates);
    char *text = json_dumps(all, JSON_COMPACT | JSON_SORT_KEYS);
    sha256_text_hex(text ? text : "", out);
    free(text);
    json_decref(all);
}

struct tally {
    const char *fp;
    int64_t valid_ms;
    int *have, *voided;
    json_t *list;
};

static void tally_approval(const char *by, const char *fp, const char *reason,
                           int64_t at, void *ctx)
{
    struct tally *t = ctx;
    int expired = t->valid_ms > 0 && clock_wall_ms() - at > t->valid_ms;
    int valid = !strcmp(fp, t->fp) && !expired;
    *t->have += valid;
    *t->voided += !valid;
    json_array_append_new(t->list, json_pack("{s:s,s:s,s:s,s:I,s:b,s:b}",
        "cites", "approval", "by", by, "reason", reason, "time_ms",
        (json_int_t)at, "valid", valid, "expired", expired));
}

/* The approvals of p; *have counts those bound to fp and given within
 * the policy's `approvals valid for` (an approval of long ago is not a
 * human's word on today's evidence). */
static int approvals(struct steward *s, const struct promotion *p,
                     const char *fp, int64_t valid_ms, int *have,
                     int *voided, json_t **list, struct err *err)
{
    struct tally t = {fp, valid_ms, have, voided, json_array()};
    *list = t.list;
    return store_approvals_each(s->db, p->id, tally_approval, &t, err);
}

static int all_met(const json_t *gates)
{
    size_t i;
    json_t *g;
    json_array_foreach(gates, i, g)
        if (!json_is_true(json_object_get(g, "met")))
            return 0;
    return 1;
}

static json_t *card_of(const struct promotion *p, json_t *cand,
                       int64_t prod, json_t *gates, const char *fp,
                       const struct policy *pol)
{
    const struct policy_deploy *d = policy_deploy(pol);
    return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:s,s:b,s:o}",
        "promotion", (json_int_t)p->id, "target", p->target, "state",
        p->state, "requester", p->requester, "candidate", cand,
        "production", prod ? json_integer(prod) : json_null(), "gates",
        gates, "fingerprint", fp, "policy_hash", policy_hash(pol), "ready",
        all_met(gates), "deploy", d ? deploy_grants(d) : json_null());
}

static int card_with(struct steward *s, const struct promotion *p,
                     const struct policy *pol, json_t **card, char fp[65],
                     struct err *err)
{
    struct candidate c;
    int64_t prod_exp = 0, prod = 0;
    int have = 0, voided = 0;
    json_t *gates = json_array(), *list = NULL, *cand = NULL;
    int rc = cand_load(s, p->candidate, &c, err);
    rc = rc ? rc : production_exp(s, c.name, &prod_exp, &prod, err);
    rc = rc ? rc : judge_all(s, &c, pol, prod_exp, gates, err);
    if (!rc)
        fingerprint_of(&c, policy_hash(pol), gates, fp);
    rc = rc ? rc : approvals(s, p, fp, policy_approval_validity(pol) * 1000,
                             &have, &voided, &list, err);
    rc = rc ? rc : cand_json(s, c.id, &cand, err);
    if (rc) {
        json_decref(gates);
        json_decref(list);
        return rc;
    }
    json_array_append_new(gates, gate_approvals(have,
        policy_promotion(pol)->approvals, voided, list));
    *card = card_of(p, cand, prod, gates, fp, pol);
    return 0;
}

int promo_card(struct steward *s, const struct promotion *p, json_t **card,
               char fingerprint[65], struct err *err)
{
    struct policy *pol = NULL;
    if (policy_file_load(s->home, &pol, err))
        return err_set(err, ERR_DENIED, "the policy cannot be read, so no "
                       "gate can be judged; fix it ('steward policy check')");
    int rc = card_with(s, p, pol, card, fingerprint, err);
    policy_free(pol);
    return rc;
}
