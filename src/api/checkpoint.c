/*
 * checkpoint — the ledger verified against its tables and against a signed
 * head kept elsewhere.
 *
 * A hash chain alone proves nothing against someone who rewrites all of
 * it consistently (and the tables with it). `steward ledger checkpoint`
 * prints the head (seq, hash, time) signed with the project's Ed25519 key
 * (.steward/ledger.key, created on first use, mode 0600) and the public
 * key; the human keeps that text outside the machine. `ledger verify
 * --checkpoint FILE` then proves the current ledger extends it: the chain
 * verifies and the entry at the checkpoint's seq still has the
 * checkpoint's hash; because each entry holds its predecessor's hash,
 * nothing up to that seq changed. The signature proves the checkpoint
 * itself came from this project's key, not from whoever hands it over.
 */
#include "api/handle.h"
#include "api/api.h"
#include "api/audit.h"
#include "api/principal.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "store/ledger_rows.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CHECKPOINT_FORMAT "steward-checkpoint-v1"

static int load_key(struct steward *s, unsigned char sk[crypto_sign_SECRETKEYBYTES],
                    struct err *err)
{
    char path[API_PATH_MAX + 16];
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    snprintf(path, sizeof path, "%s/ledger.key", s->home);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 && errno == ENOENT) {
        crypto_sign_keypair(pk, sk);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        int bad = fd < 0 || write(fd, sk, crypto_sign_SECRETKEYBYTES) !=
                  crypto_sign_SECRETKEYBYTES || fsync(fd);
        if (fd >= 0)
            close(fd);
        return bad ? err_errno(err, "creating %s", path) : 0;
    }
    ssize_t got = fd < 0 ? -1 : read(fd, sk, crypto_sign_SECRETKEYBYTES);
    if (fd >= 0)
        close(fd);
    return got == crypto_sign_SECRETKEYBYTES ? 0
           : err_set(err, ERR_INTERNAL, "cannot read the ledger key %s",
                     path);
}

static void signed_text(char *out, size_t n, int64_t seq, const char *head,
                        int64_t time_ms)
{
    snprintf(out, n, "%s\n%lld\n%s\n%lld\n", CHECKPOINT_FORMAT,
             (long long)seq, head, (long long)time_ms);
}

static json_t *sign_head(const unsigned char *sk, int64_t seq,
                         const char *head)
{
    char text[256], pk_hex[2 * crypto_sign_PUBLICKEYBYTES + 1];
    char sig_hex[2 * crypto_sign_BYTES + 1];
    unsigned char sig[crypto_sign_BYTES], pk[crypto_sign_PUBLICKEYBYTES];
    int64_t now = clock_wall_ms();
    signed_text(text, sizeof text, seq, head, now);
    crypto_sign_detached(sig, NULL, (const unsigned char *)text, strlen(text),
                         sk);
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    sodium_bin2hex(pk_hex, sizeof pk_hex, pk, sizeof pk);
    sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
    return json_pack("{s:s,s:I,s:s,s:I,s:s,s:s}", "format", CHECKPOINT_FORMAT,
                     "seq", (json_int_t)seq, "head", head, "time_ms",
                     (json_int_t)now, "public_key", pk_hex, "signature",
                     sig_hex);
}

int steward_ledger_checkpoint(struct steward *s, json_t **out,
                              struct err *err)
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    struct ledger_check c;
    *out = NULL;
    int rc = ledger_verify(s->db, &c, err);
    if (!rc && c.first_bad)
        rc = err_set(err, ERR_CONFLICT, "the ledger does not verify (seq "
                     "%lld: %s); no checkpoint", (long long)c.first_bad,
                     c.problem);
    rc = rc ? rc : load_key(s, sk, err);
    if (!rc && !(*out = sign_head(sk, c.entries, c.head)))
        rc = err_set(err, ERR_INTERNAL, "out of memory");
    sodium_memzero(sk, sizeof sk);
    return rc;
}

static int signature_ok(const json_t *cp)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    char text[256];
    const char *pk_hex = json_string_value(json_object_get(cp, "public_key"));
    const char *sig_hex = json_string_value(json_object_get(cp, "signature"));
    const char *head = json_string_value(json_object_get(cp, "head"));
    size_t pl = 0, sl = 0;
    if (!pk_hex || !sig_hex || !head || strlen(head) != 64 ||
        sodium_hex2bin(pk, sizeof pk, pk_hex, strlen(pk_hex), NULL, &pl,
                       NULL) || pl != sizeof pk ||
        sodium_hex2bin(sig, sizeof sig, sig_hex, strlen(sig_hex), NULL, &sl,
                       NULL) || sl != sizeof sig)
        return 0;
    signed_text(text, sizeof text, json_integer_value(json_object_get(cp,
                "seq")), head, json_integer_value(json_object_get(cp,
                "time_ms")));
    return !crypto_sign_verify_detached(sig, (const unsigned char *)text,
                                        strlen(text), pk);
}

static int hash_at(struct steward *s, int64_t seq, char out[65],
                   struct err *err)
{
    int rc = store_ledger_hash_at(s->db, seq, out, err);
    return rc < 0 ? rc : 0;
}

/* 0 when the ledger extends the checkpoint in file; else why is set. */
static int check_checkpoint(struct steward *s, const char *file, char *why,
                            size_t n, struct err *err)
{
    json_error_t jerr;
    char have[65];
    json_t *cp = json_load_file(file, 0, &jerr);
    if (!cp)
        return err_set(err, ERR_USER, "checkpoint %s: %s", file, jerr.text);
    int64_t seq = json_integer_value(json_object_get(cp, "seq"));
    const char *head = json_string_value(json_object_get(cp, "head"));
    int rc = hash_at(s, seq, have, err);
    if (!rc && !signature_ok(cp))
        rc = snprintf(why, n, "checkpoint %s is not validly signed", file) > 0;
    else if (!rc && strcmp(have, head))
        rc = snprintf(why, n, "the ledger does not extend the checkpoint: "
                      "entry %lld is %.16s… where the checkpoint says "
                      "%.16s…", (long long)seq, *have ? have : "missing",
                      head) > 0;
    json_decref(cp);
    return rc;
}

/* The chain, the tables and the checkpoint, read from one snapshot: a
 * run that starts between reading the ledger and reading the tables
 * would otherwise look like a table edited behind the ledger's back. */
static int verify_snapshot(struct steward *s, const char *checkpoint,
                           struct ledger_check *c, char *why, size_t n,
                           int *bad, struct err *err)
{
    int rc = store_begin_read(s->db, err);
    if (rc)
        return rc;
    rc = ledger_verify(s->db, c, err);
    if (!rc && c->first_bad)
        *bad = snprintf(why, n, "seq %lld: %s", (long long)c->first_bad,
                        c->problem) > 0;
    rc = rc || *bad ? rc : (*bad = audit_tables(s, why, n, err)) < 0
                           ? *bad : 0;
    rc = rc || *bad || !checkpoint ? rc
         : (*bad = check_checkpoint(s, checkpoint, why, n, err)) < 0
           ? *bad : 0;
    store_rollback(s->db);
    return rc;
}

int steward_ledger_verify(struct steward *s, const char *checkpoint,
                          json_t **report, struct err *err)
{
    struct ledger_check c;
    char why[512] = "";
    int bad = 0;
    *report = NULL;
    if (!principal_may(s->who.role, "read"))
        return steward_forbid(s, "ledger verify", "ledger", err);
    int rc = verify_snapshot(s, checkpoint, &c, why, sizeof why, &bad, err);
    if (rc)
        return rc;
    *report = json_pack("{s:b,s:I,s:s,s:I,s:s,s:b}", "ok", !bad, "entries",
                        (json_int_t)c.entries, "head", c.head, "first_bad",
                        (json_int_t)c.first_bad, "problem", why,
                        "checkpoint", checkpoint != NULL);
    return *report ? 0 : err_set(err, ERR_INTERNAL, "out of memory");
}
