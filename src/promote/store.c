/*
 * store — the promotion tables (migration 9) as the promote module sees
 * them: candidates, promotions and the production pointer's history, read
 * into its own structs with its own messages (the SQL is in
 * store/candidates.c, store/promotions.c and store/production.c). The
 * pointer is the newest history row of a name, so moving it appends and
 * never overwrites: history cannot lose a step, and `ledger verify`
 * compares the rows with the ledger.
 */
#include "promote/promote_int.h"
#include "core/clock.h"
#include "store/candidates.h"
#include "store/production.h"
#include "store/promotions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cand_from(const struct store_candidate *row, struct candidate *c)
{
    c->id = row->id;
    c->exp = row->experiment;
    c->run = row->run;
    c->parent = row->parent;
    c->size = row->size;
    snprintf(c->name, sizeof c->name, "%s", row->name);
    snprintf(c->path, sizeof c->path, "%s", row->path);
    snprintf(c->sha, sizeof c->sha, "%s", row->sha);
}

int cand_insert(struct steward *s, struct candidate *c, const json_t *lineage,
                struct err *err)
{
    struct store_candidate row = {0, c->exp, c->run, c->parent, c->size,
                                  "", "", ""};
    snprintf(row.name, sizeof row.name, "%s", c->name);
    snprintf(row.path, sizeof row.path, "%s", c->path);
    snprintf(row.sha, sizeof row.sha, "%s", c->sha);
    char *text = json_dumps(lineage, JSON_COMPACT | JSON_SORT_KEYS);
    int rc = text ? store_candidates_insert(s->db, &row, text, s->who.name,
                                            clock_wall_ms(), &c->id, err)
                  : err_set(err, ERR_INTERNAL, "out of memory");
    free(text);
    return rc;
}

static int no_candidate(int64_t id, struct err *err)
{
    return err_set(err, ERR_NOTFOUND, "no candidate %lld; 'steward "
                   "candidate list' shows them", (long long)id);
}

int cand_load(struct steward *s, int64_t id, struct candidate *c,
              struct err *err)
{
    struct store_candidate row;
    int rc = store_candidates_get(s->db, id, &row, err);
    if (rc == 1)
        cand_from(&row, c);
    return rc == 0 ? no_candidate(id, err) : rc < 0 ? rc : 0;
}

int cand_json(struct steward *s, int64_t id, json_t **out, struct err *err)
{
    int rc = store_candidates_json(s->db, id, out, err);
    return rc == 0 ? no_candidate(id, err) : rc < 0 ? rc : 0;
}

int cand_ids(struct steward *s, json_t **ids, struct err *err)
{
    return store_candidates_ids(s->db, ids, err);
}

int pointer_get(struct steward *s, const char *name, int64_t *cand,
                int64_t *previous, struct err *err)
{
    int rc = store_production_pointer(s->db, name, PROMOTE_TARGET, cand,
                                      previous, err);
    return rc < 0 ? rc : 0;
}

int pointer_move(struct steward *s, const char *name, int64_t cand,
                 int64_t previous, int64_t promo, const char *action,
                 const json_t *evidence, struct err *err)
{
    char *text = json_dumps(evidence, JSON_COMPACT | JSON_SORT_KEYS);
    struct store_production_move m = {name, PROMOTE_TARGET, cand, previous,
                                      promo, action, s->who.name, text,
                                      clock_wall_ms()};
    int rc = text ? store_production_append(s->db, &m, err)
                  : err_set(err, ERR_INTERNAL, "out of memory");
    free(text);
    return rc;
}

int promo_load(struct steward *s, int64_t id, struct promotion *p,
               struct err *err)
{
    struct store_promotion row;
    int rc = store_promotions_get(s->db, id, &row, err);
    if (rc == 0)
        return err_set(err, ERR_NOTFOUND, "no promotion %lld; 'steward "
                       "promote status' lists those waiting", (long long)id);
    if (rc < 0)
        return rc;
    p->id = row.id;
    p->candidate = row.candidate;
    snprintf(p->state, sizeof p->state, "%s", row.state);
    snprintf(p->requester, sizeof p->requester, "%s", row.requester);
    snprintf(p->target, sizeof p->target, "%s", row.target);
    return 0;
}

int steward_promote_of_campaign(struct steward *s, const char *campaign,
                                json_t **out, struct err *err)
{
    struct promotion p;
    char fp[65];
    int64_t id;
    *out = NULL;
    int rc = store_promotions_last_of_campaign(s->db, campaign, &id, err);
    if (rc <= 0)
        return rc;
    rc = promo_load(s, id, &p, err);
    return rc ? rc : promo_card(s, &p, out, fp, err);
}
