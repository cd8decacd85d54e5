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
#include "store/store.h"

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

static int check_moves(struct steward *s, const json_t *moves, char *why,
                       size_t n)
{
    sqlite3_stmt *st;
    size_t i = 0;
    int bad = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT name || '=' || candidate_id FROM "
                           "production ORDER BY seq", -1, &st, NULL))
        return snprintf(why, n, "cannot read the production table"), 1;
    while (!bad && sqlite3_step(st) == SQLITE_ROW) {
        const char *want = json_string_value(json_array_get(moves, i++));
        if (!want || strcmp(want, store_col_text(st, 0)))
            bad = snprintf(why, n, "production pointer move %zu (%s) is not "
                           "on the ledger (which has %s): the pointer was "
                           "changed behind steward's back", i,
                           store_col_text(st, 0), want ? want : "nothing") > 0;
    }
    sqlite3_finalize(st);
    if (!bad && i != json_array_size(moves))
        bad = snprintf(why, n, "the production table has %zu moves where the "
                       "ledger has %zu", i, json_array_size(moves)) > 0;
    return bad;
}

static int check_cands(struct steward *s, const json_t *cands, char *why,
                       size_t n)
{
    sqlite3_stmt *st;
    size_t rows = 0;
    int bad = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT id, name || ' ' || sha256 FROM "
                           "candidates", -1, &st, NULL))
        return snprintf(why, n, "cannot read the candidates table"), 1;
    while (!bad && sqlite3_step(st) == SQLITE_ROW) {
        const char *want = json_string_value(json_object_get(cands,
                                             store_col_text(st, 0)));
        rows++;
        if (!want || strcmp(want, store_col_text(st, 1)))
            bad = snprintf(why, n, "candidate %s is \"%s\" in the table but "
                           "\"%s\" on the ledger", store_col_text(st, 0),
                           store_col_text(st, 1), want ? want : "absent") > 0;
    }
    sqlite3_finalize(st);
    if (!bad && rows != json_object_size(cands))
        bad = snprintf(why, n, "the candidates table has %zu rows where the "
                       "ledger has %zu", rows, json_object_size(cands)) > 0;
    return bad;
}

int audit_promotion(struct steward *s, char *why, size_t n, struct err *err)
{
    struct replay_promote r = {json_array(), json_object()};
    int rc = ledger_each(s->db, 1, visit, &r, err);
    rc = rc ? rc : check_moves(s, r.moves, why, n);
    rc = rc ? rc : check_cands(s, r.cands, why, n);
    json_decref(r.moves);
    json_decref(r.cands);
    return rc;
}
