/*
 * upload — contents sent ahead of a proposal; see upload.h.
 *
 * A tree too large for one request is sent in batches before the
 * proposal (client/upload.c), a content larger than a batch in parts: each
 * part is appended to this principal's own temp file for that content
 * (cas/tmp/part-<principal>-<sha>), which must be exactly as long as the
 * part's offset says, and the content is stored once the last part makes
 * it whole and it hashes to its name.
 */
#include "api/handle.h"
#include "core/sha256.h"
#include "api/upload.h"
#include "api/principal.h"
#include "core/b64.h"
#include "core/clock.h"
#include "core/fdio.h"
#include "store/store.h"
#include "store/uploads.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define UPLOAD_TOTAL_MAX (64LL << 30)   /* one content: 64 GiB */
#define UPLOAD_DAY_MAX (64LL << 30)     /* what one principal sends a day */

static int record(sqlite3 *db, const char *who, const char *sha,
                  int64_t size, struct err *err)
{
    return store_uploads_record(db, who, sha, size, clock_wall_ms(), err);
}

/* *sent = bytes of new content who sent in the last 24 hours. */
static int sent_today(sqlite3 *db, const char *who, int64_t *sent,
                      struct err *err)
{
    return store_uploads_sent_since(db, who, clock_wall_ms() - 86400000LL,
                                    sent, err);
}

static int recorded(sqlite3 *db, const char *who, const char *sha)
{
    struct err ignored = ERR_INIT;
    return store_uploads_known(db, who, sha, &ignored) == 1;
}

int upload_known(sqlite3 *db, struct cas *c, const char *who,
                 const char *sha)
{
    return cas_has(c, sha) && recorded(db, who, sha);
}

/* Room for who to send size more bytes of sha: a content it sent before
 * costs nothing; new ones count against UPLOAD_DAY_MAX over 24 hours, so
 * a principal cannot fill the store's disk between two `steward gc`. The
 * day's total is read once per request (q), then counted down. */
static int upload_room(sqlite3 *db, const char *who, const char *sha,
                       int64_t size, struct upload_quota *q, struct err *err)
{
    if (recorded(db, who, sha))
        return 0;
    if (!q->loaded && sent_today(db, who, &q->sent, err))
        return err->code;
    q->loaded = 1;
    if (q->sent + size > UPLOAD_DAY_MAX)
        return err_set(err, ERR_BUSY, "%s sent %.1f GiB of new content in "
                       "the last 24 hours; %lld more bytes would pass the "
                       "%lld GiB a principal may send a day: propose from a "
                       "smaller tree, or wait", who,
                       (double)q->sent / (1 << 30), (long long)size,
                       UPLOAD_DAY_MAX >> 30);
    q->sent += size;
    return 0;
}

/* 1 when the n bytes of p hash to sha: what proves the sender has them,
 * also when the store holds the content already. */
static int hashes_to(const unsigned char *p, size_t n, const char *sha)
{
    char hex[SHA256_HEX];
    sha256_hex(p, n, hex);
    return !strcmp(hex, sha);
}

static int store_bytes(struct cas *c, const unsigned char *p, size_t n,
                       const char *sha, struct err *err)
{
    int fd = memfd_create("steward-content", MFD_CLOEXEC);
    int rc = fd >= 0 && fd_write_all(fd, p, n) == 0 &&
             lseek(fd, 0, SEEK_SET) == 0
             ? cas_put(c, fd, sha, err)
             : err_errno(err, "holding a sent content");
    if (fd >= 0)
        close(fd);
    return rc;
}

int upload_put(sqlite3 *db, struct cas *c, const char *who, const char *sha,
               const char *b64, struct upload_quota *q, struct err *err)
{
    size_t n = 0;
    unsigned char *bin = b64_decode(b64, strlen(b64), &n);
    int rc = !bin ? err_set(err, ERR_USER, "the content sent as %.16s… is "
                            "not base64", sha)
             : !hashes_to(bin, n, sha)
             ? err_set(err, ERR_USER, "the content sent as %.16s… does not "
                       "hash to it", sha)
             : upload_room(db, who, sha, (int64_t)n, q, err) ? err->code
             : cas_has(c, sha) ? 0 : store_bytes(c, bin, n, sha, err);
    free(bin);
    return rc ? rc : record(db, who, sha, (int64_t)n, err);
}

static int valid_sha(const char *sha)
{
    return sha && strlen(sha) == 64 &&
           strspn(sha, "0123456789abcdef") == 64;
}

static int fd_hashes_to(int fd, const char *sha, struct err *err)
{
    crypto_hash_sha256_state h;
    unsigned char block[1 << 16];
    char hex[SHA256_HEX];
    ssize_t r;
    crypto_hash_sha256_init(&h);
    if (lseek(fd, 0, SEEK_SET) < 0)
        return err_errno(err, "upload part");
    while ((r = read(fd, block, sizeof block)) > 0)
        crypto_hash_sha256_update(&h, block, (unsigned long long)r);
    sha256_final_hex(&h, hex);
    return r == 0 && !strcmp(hex, sha) ? 0
           : err_set(err, ERR_USER, "the parts sent as %.16s… do not hash "
                     "to it", sha);
}

/* This principal's own temp file for a content sent in parts. */
static void part_path(struct steward *s, const char *sha, char *out,
                      size_t n)
{
    char who[SHA256_HEX];
    sha256_text_hex(s->who.name, who);
    snprintf(out, n, "%s/cas/tmp/part-%.16s-%s", s->home, who, sha);
}

/* Appends the part's bytes at its offset, which must be where the file
 * ends (a lost part is sent again, never skipped). */
static int append_part(int fd, int64_t offset, const unsigned char *p,
                       size_t n, struct err *err)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return err_errno(err, "upload part");
    if (offset == 0 && ftruncate(fd, 0) < 0)
        return err_errno(err, "upload part");
    if (offset && st.st_size != offset)
        return err_set(err, ERR_CONFLICT, "a part at byte %lld, but %lld "
                       "bytes of this content arrived: send from there",
                       (long long)offset, (long long)st.st_size);
    if (lseek(fd, offset, SEEK_SET) < 0 || fd_write_all(fd, p, n) < 0)
        return err_errno(err, "upload part");
    return 0;
}

static int take_part(struct steward *s, struct cas *c, const json_t *part,
                     struct upload_quota *q, json_t **state,
                     struct err *err)
{
    const char *sha = json_string_value(json_object_get(part, "sha"));
    const char *b64 = json_string_value(json_object_get(part, "data"));
    json_int_t off = json_integer_value(json_object_get(part, "offset"));
    json_int_t total = json_integer_value(json_object_get(part, "total"));
    char path[API_PATH_MAX + 128];
    size_t n = 0;
    unsigned char *bin = b64 ? b64_decode(b64, strlen(b64), &n) : NULL;
    if (!valid_sha(sha) || !bin || off < 0 || total <= 0 ||
        total > UPLOAD_TOTAL_MAX || off + (json_int_t)n > total) {
        free(bin);
        return err_set(err, ERR_USER, "a part needs sha, offset, total and "
                       "base64 data within the total");
    }
    if (off == 0 && upload_room(s->db, s->who.name, sha, total, q, err)) {
        free(bin);
        return err->code;
    }
    part_path(s, sha, path, sizeof path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    int rc = fd < 0 ? err_errno(err, "upload part")
             : append_part(fd, off, bin, n, err);
    free(bin);
    int whole = !rc && off + (json_int_t)n == total;
    if (whole)   /* cas_put checks the bytes; a stored content, here */
        rc = cas_has(c, sha) ? fd_hashes_to(fd, sha, err)
             : lseek(fd, 0, SEEK_SET) < 0 ? err_errno(err, "upload part")
             : cas_put(c, fd, sha, err);
    if (whole && !rc)
        rc = record(s->db, s->who.name, sha, total, err);
    if (fd >= 0)
        close(fd);
    if (whole || (rc && rc != ERR_CONFLICT))
        unlink(path);
    *state = rc ? NULL : json_pack("{s:s,s:I}", "sha", sha, "have",
                                   (json_int_t)(off + (json_int_t)n));
    return rc;
}

int steward_upload(struct steward *s, json_t **report, struct err *err)
{
    const json_t *contents = snapshot_sent_field("contents");
    const json_t *part = snapshot_sent_field("part");
    struct cas *c = NULL;
    struct upload_quota q = {0, 0};
    json_t *state = NULL, *b64;
    const char *sha;
    json_int_t stored = 0;
    *report = NULL;
    if (!principal_may(s->who.role, "propose"))
        return steward_forbid(s, "upload", "store", err);
    int rc = cas_open(s->home, &c, err);
    rc = rc ? rc : store_begin(s->db, err);
    json_object_foreach((json_t *)contents, sha, b64) {
        if (rc || !json_is_string(b64))
            break;
        rc = upload_put(s->db, c, s->who.name, sha, json_string_value(b64),
                        &q, err);
        stored += !rc;
    }
    rc = rc || !part ? rc : take_part(s, c, part, &q, &state, err);
    rc = rc ? (store_rollback(s->db), rc) : store_commit(s->db, err);
    cas_free(c);
    if (!rc)
        *report = json_pack("{s:I,s:o?}", "stored", stored, "part", state);
    else
        json_decref(state);
    return rc;
}

int steward_uploaded(struct steward *s, json_t **list, struct err *err)
{
    const json_t *ask = snapshot_sent_field("ask"), *sha;
    struct cas *c = NULL;
    size_t i;
    *list = NULL;
    if (!principal_may(s->who.role, "propose"))
        return steward_forbid(s, "upload", "store", err);
    int rc = cas_open(s->home, &c, err);
    if (rc)
        return rc;
    *list = json_array();
    json_array_foreach(ask, i, sha)
        if (valid_sha(json_string_value(sha)) &&
            upload_known(s->db, c, s->who.name, json_string_value(sha)))
            json_array_append(*list, (json_t *)sha);
    cas_free(c);
    return 0;
}
