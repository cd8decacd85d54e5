/*
 * verify — recomputes the ledger's hash chain and streams its entries.
 *
 * Verification reads entries in seq order and checks, for each, that its
 * seq follows the previous one, that its prev_hash is the previous entry's
 * hash, and that its own hash matches its content; finally that the last
 * entry is the head recorded in meta. The first failure is reported with
 * its seq and stops the walk: everything after it is suspect anyway.
 */
#include "ledger/ledger.h"
#include "ledger/entry.h"
#include "store/ledger_rows.h"
#include "store/meta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void entry_from_row(const struct store_ledger_row *row,
                           struct entry *e)
{
    e->seq = row->seq;
    e->time_ms = row->time_ms;
    e->principal = row->principal;
    e->action = row->action;
    e->object = row->object;
    e->payload = row->payload;
    e->prev_hash = row->prev_hash;
}

static int bad(struct ledger_check *c, int64_t seq, const char *what)
{
    c->first_bad = seq;
    snprintf(c->problem, sizeof c->problem, "%s", what);
    return 1;
}

/* Checks one entry against the chain so far; returns 1 when it is bad. */
static int check_entry(const struct store_ledger_row *row, void *ctx)
{
    struct ledger_check *c = ctx;
    struct entry e;
    char want[LEDGER_HASH_HEX];
    entry_from_row(row, &e);
    int64_t expect = c->entries + 1;
    if (e.seq != expect)
        return bad(c, expect, e.seq > expect
                   ? "entry missing (deleted), sequence jumps"
                   : "sequence out of order");
    if (strcmp(e.prev_hash, c->head))
        return bad(c, e.seq, "prev_hash does not match the previous entry "
                   "(entry inserted, deleted or reordered)");
    ledger_entry_hash(&e, want);
    if (strcmp(want, row->hash))
        return bad(c, e.seq, "hash does not match the content (entry edited)");
    snprintf(c->head, sizeof c->head, "%s", want);
    c->entries++;
    return 0;
}

static int check_head(sqlite3 *db, struct ledger_check *c, struct err *err)
{
    char head[256], want[LEDGER_HASH_HEX + 32] = "";
    int rc = store_meta_get(db, "ledger_head", head, sizeof head, err);
    if (rc < 0)
        return rc;
    if (c->entries)
        snprintf(want, sizeof want, "%lld:%s", (long long)c->entries, c->head);
    if (strcmp(head, want))
        bad(c, c->entries + (*head ? 1 : 0),
            "the chain ends before the recorded head (entries cut off the "
            "end) or the head was altered");
    return 0;
}

int ledger_verify(sqlite3 *db, struct ledger_check *check, struct err *err)
{
    memset(check, 0, sizeof *check);
    memset(check->head, '0', LEDGER_HASH_HEX - 1);
    int rc = store_ledger_each(db, 1, check_entry, check, err);
    if (rc < 0)
        return rc;
    return check->first_bad ? 0 : check_head(db, check, err);
}

static json_t *entry_json(const struct store_ledger_row *row)
{
    json_t *payload = json_loads(row->payload, JSON_DECODE_ANY, NULL);
    return json_pack("{s:I,s:I,s:s,s:s,s:s,s:o,s:s,s:s}", "seq",
                     (json_int_t)row->seq, "time_ms",
                     (json_int_t)row->time_ms, "principal", row->principal,
                     "action", row->action, "object", row->object,
                     "payload", payload ? payload : json_string(row->payload),
                     "prev_hash", row->prev_hash, "hash", row->hash);
}

struct visit {
    ledger_visit_fn fn;
    void *ctx;
    struct err *err;
};

static int visit_entry(const struct store_ledger_row *row, void *ctx)
{
    struct visit *v = ctx;
    json_t *e = entry_json(row);
    int stop = e ? v->fn(e, v->ctx)
                 : err_set(v->err, ERR_INTERNAL, "out of memory");
    json_decref(e);
    return stop;
}

int ledger_each(sqlite3 *db, int64_t from_seq, ledger_visit_fn fn, void *ctx,
                struct err *err)
{
    struct visit v = {fn, ctx, err};
    return store_ledger_each(db, from_seq, visit_entry, &v, err);
}
