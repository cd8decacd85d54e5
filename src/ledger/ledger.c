/* ledger — hash chain append and verify; see ledger.h. */
#include "ledger/ledger.h"
#include "core/sha256.h"
#include "ledger/entry.h"
#include "core/clock.h"
#include "store/ledger_rows.h"
#include "store/store.h"
#include "store/meta.h"

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
    sha256_final_hex(&h, out);
}

static int read_head(sqlite3 *db, int64_t *seq, char hash[LEDGER_HASH_HEX],
                     struct err *err)
{
    *seq = 0;
    memcpy(hash, zero_hash, LEDGER_HASH_HEX);
    int rc = store_ledger_last(db, seq, hash, err);
    return rc < 0 ? rc : 0;
}

static int insert_entry(sqlite3 *db, const struct entry *e, const char *hash,
                        struct err *err)
{
    struct store_ledger_row row = {e->seq, e->time_ms, e->principal,
                                   e->action, e->object, e->payload,
                                   e->prev_hash, hash};
    return store_ledger_insert(db, &row, err);
}

static int write_head(sqlite3 *db, int64_t seq, const char *hash,
                      struct err *err)
{
    char value[LEDGER_HASH_HEX + 32];
    snprintf(value, sizeof value, "%lld:%s", (long long)seq, hash);
    return store_meta_set(db, "ledger_head", value, err);
}

int ledger_append(sqlite3 *db, const char *principal, const char *action,
                  const char *object, const json_t *payload, struct err *err)
{
    char prev[LEDGER_HASH_HEX], hash[LEDGER_HASH_HEX];
    int64_t last;
    if (!store_in_transaction(db))
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
