/* token — creation, lookup, revocation; see token.h. */
#include "auth/token.h"
#include "core/sha256.h"
#include "core/clock.h"
#include "store/tokens.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int token_create(sqlite3 *db, const char *name, const char *role,
                 int64_t ttl_s, const char *created_by, char *out, size_t n,
                 struct err *err)
{
    unsigned char secret[32];
    char hex[65], hash[65];
    if (sodium_init() < 0)
        return err_set(err, ERR_INTERNAL, "libsodium failed to start");
    randombytes_buf(secret, sizeof secret);
    sodium_bin2hex(hex, sizeof hex, secret, sizeof secret);
    snprintf(out, n, "stw_%s", hex);
    sha256_text_hex(out, hash);
    int64_t now = clock_wall_ms();
    int rc = store_tokens_insert(db, name, role, hash, created_by, now,
                                 ttl_s > 0 ? now + ttl_s * 1000 : 0, err);
    if (rc == ERR_CONFLICT) {
        err_clear(err);
        return err_set(err, ERR_USER, "a token named '%s' exists; pick "
                       "another name or revoke it first", name);
    }
    return rc;
}

int token_lookup(sqlite3 *db, const char *text, char *name, size_t name_n,
                 char *role, size_t role_n, struct err *err)
{
    char hash[65];
    struct store_token t;
    sha256_text_hex(text, hash);
    int rc = store_tokens_by_hash(db, hash, &t, err);
    if (rc <= 0)
        return rc ? rc : err_set(err, ERR_FORBIDDEN, "STEWARD_TOKEN is not "
                                 "a known token; ask an owner for one");
    /* a human's token acts as that person: quorums count persons */
    int person = t.has_person && strcmp(t.role, "agent");
    snprintf(name, name_n, "%s:%s", person ? "user" : "token",
             person ? t.person : t.name);
    snprintf(role, role_n, "%s", t.role);
    int expired = t.has_expiry && t.expires_ms <= clock_wall_ms();
    if (t.revoked || expired)
        return err_set(err, ERR_FORBIDDEN, "token %s is %s; ask an owner for "
                       "a new one", name, t.revoked ? "revoked" : "expired");
    return 0;
}

int token_set_person(sqlite3 *db, const char *name, const char *person,
                     struct err *err)
{
    return store_tokens_set_person(db, name, person, err);
}

int token_revoke(sqlite3 *db, const char *name, struct err *err)
{
    int rc = store_tokens_revoke(db, name, clock_wall_ms(), err);
    if (rc == 0)
        return err_set(err, ERR_NOTFOUND, "no active token named '%s'; see "
                       "'steward token list'", name);
    return rc < 0 ? rc : 0;
}

int token_list(sqlite3 *db, json_t **out, struct err *err)
{
    return store_tokens_list(db, out, err);
}
