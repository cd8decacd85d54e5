/*
 * audit_promote — do the promotion tables follow from the ledger? The
 * production pointer is the last row of its history, so a row inserted,
 * edited or deleted without its `promote.deploy` / `promote.rollback`
 * entry would move production silently; and a candidate's hash edited in
 * its row would let another artifact pass the deploy-time check. Both
 * are replayed from the ledger and compared row by row (see audit.c).
 */
#include "api/handle.h"
#include "api/audit.h"
#include "ledger/ledger.h"
#include "store/audit.h"

#include <stdio.h>
#include <string.h>

struct replay_promote {
    json_t *moves;      /* ["name=candidate", ...] in ledger order */
    json_t *cands;      /* "id" -> "name sha256" */
};

static int visit(json_t *entry, void *ctx)
{
    struct replay_promote *r = ctx;
    const char *action = json_string_value(json_object_get(entry, "action"));
    const char *object = json_string_value(json_object_get(entry, "object"));
    const json_t *p = json_object_get(entry, "payload");
    char text[256];
    if ((!strcmp(action, "promote.deploy") ||
         !strcmp(action, "promote.rollback")) &&
        !strncmp(object, "production:", 11)) {
        snprintf(text, sizeof text, "%s=%lld", object + 11, (long long)
                 json_integer_value(json_object_get(p, "candidate")));
        json_array_append_new(r->moves, json_string(text));
    } else if (!strcmp(action, "candidate.add") &&
               !strncmp(object, "candidate:", 10)) {
        snprintf(text, sizeof text, "%s %s", json_string_value(
                 json_object_get(p, "name")), json_string_value(
                 json_object_get(p, "sha256")));
        json_object_set_new(r->cands, object + 10, json_string(text));
    }
    return 0;
}

struct moves_check {
    const json_t *moves;
    char *why;
    size_t n, i;
    int bad;
};

static int check_move(const char *seq, const char *move, void *ctx)
{
    struct moves_check *c = ctx;
    const char *want = json_string_value(json_array_get(c->moves, c->i++));
    if (!want || strcmp(want, move))
        c->bad = snprintf(c->why, c->n, "production pointer move %zu (%s) "
                          "is not on the ledger (which has %s): the pointer "
                          "was changed behind steward's back", c->i, move,
                          want ? want : "nothing") > 0;
    return c->bad;
}

static int check_moves(struct steward *s, const json_t *moves, char *why,
                       size_t n)
{
    struct moves_check c = {moves, why, n, 0, 0};
    struct err ignored = ERR_INIT;
    if (store_audit_moves(s->db, check_move, &c, &ignored) < 0)
        return snprintf(why, n, "cannot read the production table"), 1;
    if (!c.bad && c.i != json_array_size(moves))
        c.bad = snprintf(why, n, "the production table has %zu moves where "
                         "the ledger has %zu", c.i,
                         json_array_size(moves)) > 0;
    return c.bad;
}

int audit_promotion(struct steward *s, char *why, size_t n, struct err *err)
{
    struct replay_promote r = {json_array(), json_object()};
    int rc = ledger_each(s->db, 1, visit, &r, err);
    rc = rc ? rc : check_moves(s, r.moves, why, n);
    rc = rc ? rc : audit_compare(s, store_audit_candidates, r.cands,
                                 "candidate", "candidates", why, n);
    json_decref(r.moves);
    json_decref(r.cands);
    return rc;
}
