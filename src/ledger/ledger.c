/* ledger — hash chain append and verify; see ledger.h. */
#include "ledger/ledger.h"
#include "ledger/entry.h"
#include "core/clock.h"
#include "store/store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zero_hash[LEDGER_HASH_HEX] =
    "0000000000000000000000000000000000000000000000000000000000000000";


static void hash_field(crypto_hash_sha256_state *h, const char *s)
{
    char len[24];
    size_t n = strlen(s);
    snprintf(len, sizeof len, "%zu:", n);
    crypto_hash_sha256_update(h, (const unsigned char *)len, strlen(len));
    crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

/* The canonical encoding: "steward-ledger-v1" then each field as
 * "<length>:<bytes>", integers in decimal. */
void ledger_entry_hash(const struct entry *e, char out[LEDGER_HASH_HEX])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    char num[24];
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    hash_field(&h, "steward-ledger-v1");
    snprintf(num, sizeof num, "%lld", (long long)e->seq);
    hash_field(&h, num);
    snprintf(num, sizeof num, "%lld", (long long)e->time_ms);
    hash_field(&h, num);
    hash_field(&h, e->principal);
    hash_field(&h, e->action);
    hash_field(&h, e->object);
    hash_field(&h, e->payload);
    hash_field(&h, e->prev_hash);
    crypto_hash_sha256_final(&h, digest);
    sodium_bin2hex(out, LEDGER_HASH_HEX, digest, sizeof digest);
}

static int read_head(sqlite3 *db, int64_t *seq, char hash[LEDGER_HASH_HEX],
                     struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT seq, hash FROM ledger "
                               "ORDER BY seq DESC LIMIT 1", &st, err);
    if (rc)
        return rc;
    *seq = 0;
    memcpy(hash, zero_hash, LEDGER_HASH_HEX);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        snprintf(hash, LEDGER_HASH_HEX, "%s", store_col_text(st, 1));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
           : store_fail(db, rc, "reading the ledger", err);
}

static int insert_entry(sqlite3 *db, const struct entry *e, const char *hash,
                        struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO ledger(seq, time_ms, principal, "
                           "action, object, payload, prev_hash, hash) "
                           "VALUES (?,?,?,?,?,?,?,?)", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, e->seq);
    sqlite3_bind_int64(st, 2, e->time_ms);
    store_bind_text(st, 3, e->principal);
    store_bind_text(st, 4, e->action);
    store_bind_text(st, 5, e->object);
    store_bind_text(st, 6, e->payload);
    store_bind_text(st, 7, e->prev_hash);
    store_bind_text(st, 8, hash);
    return store_exec_stmt(st, err);
}

static int write_head(sqlite3 *db, int64_t seq, const char *hash,
                      struct err *err)
{
    char value[LEDGER_HASH_HEX + 32];
    snprintf(value, sizeof value, "%lld:%s", (long long)seq, hash);
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO meta(key, value) VALUES "
                           "('ledger_head', ?) ON CONFLICT(key) DO UPDATE "
                           "SET value = excluded.value", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, value);
    return store_exec_stmt(st, err);
}

int ledger_append(sqlite3 *db, const char *principal, const char *action,
                  const char *object, const json_t *payload, struct err *err)
{
    char prev[LEDGER_HASH_HEX], hash[LEDGER_HASH_HEX];
    int64_t last;
    if (sqlite3_get_autocommit(db))
        return err_set(err, ERR_INTERNAL, "ledger_append outside a "
                       "transaction (action %s)", action);
    int rc = read_head(db, &last, prev, err);
    if (rc)
        return rc;
    char *text = payload ? json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS)
                         : strdup("{}");
    if (!text)
        return err_set(err, ERR_INTERNAL, "ledger: cannot encode payload");
    struct entry e = {last + 1, clock_wall_ms(), principal, action, object,
                      text, prev};
    ledger_entry_hash(&e, hash);
    rc = insert_entry(db, &e, hash, err);
    if (!rc)
        rc = write_head(db, e.seq, hash, err);
    free(text);
    return rc;
}
