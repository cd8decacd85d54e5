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
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void entry_from_row(sqlite3_stmt *st, struct entry *e)
{
    e->seq = sqlite3_column_int64(st, 0);
    e->time_ms = sqlite3_column_int64(st, 1);
    e->principal = store_col_text(st, 2);
    e->action = store_col_text(st, 3);
    e->object = store_col_text(st, 4);
    e->payload = store_col_text(st, 5);
    e->prev_hash = store_col_text(st, 6);
}

static const char select_entries[] =
    "SELECT seq, time_ms, principal, action, object, payload, prev_hash, "
    "hash FROM ledger WHERE seq >= ? ORDER BY seq";

static int bad(struct ledger_check *c, int64_t seq, const char *what)
{
    c->first_bad = seq;
    snprintf(c->problem, sizeof c->problem, "%s", what);
    return 1;
}

/* Checks one entry against the chain so far; returns 1 when it is bad. */
static int check_entry(sqlite3_stmt *st, struct ledger_check *c)
{
    struct entry e;
    char want[LEDGER_HASH_HEX];
    entry_from_row(st, &e);
    int64_t expect = c->entries + 1;
    if (e.seq != expect)
        return bad(c, expect, e.seq > expect
                   ? "entry missing (deleted), sequence jumps"
                   : "sequence out of order");
    if (strcmp(e.prev_hash, c->head))
        return bad(c, e.seq, "prev_hash does not match the previous entry "
                   "(entry inserted, deleted or reordered)");
    ledger_entry_hash(&e, want);
    if (strcmp(want, store_col_text(st, 7)))
        return bad(c, e.seq, "hash does not match the content (entry edited)");
    snprintf(c->head, sizeof c->head, "%s", want);
    c->entries++;
    return 0;
}

static int check_head(sqlite3 *db, struct ledger_check *c, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT value FROM meta "
                           "WHERE key = 'ledger_head'", &st, err);
    if (rc)
        return rc;
    char want[LEDGER_HASH_HEX + 32] = "0:";
    if (c->entries == 0)
        snprintf(want, sizeof want, "%s", "");
    else
        snprintf(want, sizeof want, "%lld:%s", (long long)c->entries, c->head);
    rc = sqlite3_step(st);
    const char *head = rc == SQLITE_ROW ? store_col_text(st, 0) : "";
    if (strcmp(head, want))
        bad(c, c->entries + (*head ? 1 : 0),
            "the chain ends before the recorded head (entries cut off the "
            "end) or the head was altered");
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
           : store_fail(db, rc, "reading the ledger head", err);
}

int ledger_verify(sqlite3 *db, struct ledger_check *check, struct err *err)
{
    sqlite3_stmt *st;
    memset(check, 0, sizeof *check);
    memset(check->head, '0', LEDGER_HASH_HEX - 1);
    int rc = store_prepare(db, select_entries, &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, 1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (check_entry(st, check))
            break;
    int done = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(st);
    if (!done)
        return store_fail(db, rc, "reading the ledger", err);
    return check->first_bad ? 0 : check_head(db, check, err);
}

static json_t *entry_json(sqlite3_stmt *st)
{
    struct entry e;
    entry_from_row(st, &e);
    json_t *payload = json_loads(e.payload, JSON_DECODE_ANY, NULL);
    return json_pack("{s:I,s:I,s:s,s:s,s:s,s:o,s:s,s:s}", "seq",
                     (json_int_t)e.seq, "time_ms", (json_int_t)e.time_ms,
                     "principal", e.principal, "action", e.action, "object",
                     e.object, "payload",
                     payload ? payload : json_string(e.payload), "prev_hash",
                     e.prev_hash, "hash", store_col_text(st, 7));
}

int ledger_each(sqlite3 *db, int64_t from_seq, ledger_visit_fn fn, void *ctx,
                struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, select_entries, &st, err), stop = 0;
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, from_seq);
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *e = entry_json(st);
        stop = e ? fn(e, ctx) : err_set(err, ERR_INTERNAL, "out of memory");
        json_decref(e);
    }
    int ok = stop || rc == SQLITE_DONE;
    sqlite3_finalize(st);
    if (!ok)
        return store_fail(db, rc, "reading the ledger", err);
    return stop;
}
