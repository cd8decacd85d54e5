/*
 * cas — contents stored once, by SHA-256, under <home>/cas/.
 *
 * An object is <home>/cas/<first 2 hex>/<other 62 hex>, mode 0444. It is
 * written to a temp file in cas/tmp/, hashed as it is written, made
 * durable, and only then renamed to its name: a process killed at any
 * point leaves at most a temp file (removed by the next `steward gc`),
 * never a half-written object under a name. A content that does not hash
 * to the name it was offered under is refused.
 *
 * A scan may store thousands of objects; fsync of each (or of each of the
 * 256 fan-out directories: ~6 ms apiece here) would cost more than the
 * copy, so a scan's objects wait as temp files until cas_commit_pending:
 * one syncfs (the contents are durable), every rename, then a second
 * syncfs (the names are durable). With only a few new objects, each is
 * fsynced with its directory instead (syncfs also waits for everything
 * else being written to the file system). Nothing refers to an object
 * before it is renamed, and no snapshot names it before the second syncfs.
 */
#include "snapshot/cas_int.h"
#include "core/sha256.h"
#include "core/buf.h"
#include "core/crash.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define CAS_BLOCK (256 * 1024)
#define CAS_FEW 32            /* fewer pending objects: fsync each */

struct pending {
    char tmp[32];
    char sha[SNAPSHOT_HASH_HEX];
};

struct cas {
    int dir;                  /* <home>/cas */
    int lock;                 /* cas/lock: shared while in use, gc excl. */
    pthread_mutex_t mu;       /* pending */
    struct buf pending;       /* struct pending records */
};

static int mkdir_at(int dir, const char *name, struct err *err)
{
    if (mkdirat(dir, name, 0755) && errno != EEXIST)
        return err_errno(err, "creating the content store's %s", name);
    return 0;
}

int cas_open(const char *home, struct cas **out, struct err *err)
{
    char path[4096 + 8];
    int n = snprintf(path, sizeof path, "%s/cas", home);
    if (n < 0 || (size_t)n >= sizeof path)
        return err_set(err, ERR_USER, "state directory path too long");
    if (mkdir(path, 0755) && errno != EEXIST)
        return err_errno(err, "creating %s", path);
    struct cas *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(err, ERR_INTERNAL, "out of memory");
    c->dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (c->dir < 0 || mkdir_at(c->dir, "tmp", err)) {
        int rc = c->dir < 0 ? err_errno(err, "opening %s", path) : err->code;
        if (c->dir >= 0)
            close(c->dir);
        free(c);
        return rc;
    }
    /* Whoever uses the store holds a shared lock until cas_free, so gc
     * (exclusive) never removes an object between its check and its use. */
    c->lock = openat(c->dir, "lock", O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (c->lock < 0 || flock(c->lock, LOCK_SH)) {
        int rc = err_errno(err, "locking the content store");
        if (c->lock >= 0)
            close(c->lock);
        close(c->dir);
        free(c);
        return rc;
    }
    pthread_mutex_init(&c->mu, NULL);
    buf_init(&c->pending, (size_t)SNAPSHOT_FILES_MAX * sizeof(struct pending));
    *out = c;
    return 0;
}

void cas_free(struct cas *c)
{
    if (!c)
        return;
    /* Pending temp files were never named: they are garbage now. */
    struct pending *p = (struct pending *)c->pending.data;
    for (size_t i = 0; p && i < c->pending.len / sizeof *p; i++)
        unlinkat(c->dir, p[i].tmp, 0);
    buf_free(&c->pending);
    pthread_mutex_destroy(&c->mu);
    close(c->lock);
    close(c->dir);
    free(c);
}

int cas_dirfd(struct cas *c)
{
    return c->dir;
}

static int valid_sha(const char *sha)
{
    if (!sha || strlen(sha) != 64)
        return 0;
    for (size_t i = 0; i < 64; i++)
        if (!strchr("0123456789abcdef", sha[i]))
            return 0;
    return 1;
}

/* "ab/cdef..." relative to the store's directory. */
static int object_name(const char *sha, char out[67])
{
    if (!valid_sha(sha))
        return -1;
    snprintf(out, 67, "%.2s/%s", sha, sha + 2);
    return 0;
}

int cas_has(struct cas *c, const char *sha)
{
    char name[67];
    struct stat st;
    return !object_name(sha, name) && !fstatat(c->dir, name, &st, 0) &&
           S_ISREG(st.st_mode);
}

int cas_path(struct cas *c, const char *sha, char *out, size_t n,
             struct err *err)
{
    char name[67], self[64], dir[4096];
    if (object_name(sha, name))
        return err_set(err, ERR_USER, "'%s' is not a SHA-256", sha);
    snprintf(self, sizeof self, "/proc/self/fd/%d", c->dir);
    ssize_t len = readlink(self, dir, sizeof dir - 1);
    if (len < 0)
        return err_errno(err, "locating the content store");
    dir[len] = '\0';
    int w = snprintf(out, n, "%s/%s", dir, name);
    return w < 0 || (size_t)w >= n
           ? err_set(err, ERR_USER, "content store path too long") : 0;
}

static int copy_hashing(int in, int out, char sha[65], int64_t *bytes,
                        struct err *err)
{
    static __thread unsigned char block[CAS_BLOCK];
    crypto_hash_sha256_state h;
    ssize_t n;
    crypto_hash_sha256_init(&h);
    *bytes = 0;
    while ((n = read(in, block, sizeof block)) > 0) {
        crypto_hash_sha256_update(&h, block, (unsigned long long)n);
        if (out >= 0 && write(out, block, (size_t)n) != n)
            return err_errno(err, "writing to the content store");
        if (out >= 0)
            crash_point("store-mid-file");
        *bytes += n;
    }
    if (n < 0)
        return err_errno(err, "reading a file to store");
    sha256_final_hex(&h, sha);
    return 0;
}

int cas_hash_fd(int fd, char sha[65], int64_t *bytes, struct err *err)
{
    return copy_hashing(fd, -1, sha, bytes, err);
}

/* Copies fd into a new temp file of the store, hashing; the temp file's
 * name goes to tmp (relative to the store's directory). */
int cas_write_tmp(struct cas *c, int fd, char tmp[32], char sha[65],
                  int64_t *bytes, struct err *err)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char rnd[8];
    randombytes_buf(rnd, sizeof rnd);
    memcpy(tmp, "tmp/", 4);
    for (size_t i = 0; i < sizeof rnd; i++) {
        tmp[4 + 2 * i] = hex[rnd[i] >> 4];
        tmp[5 + 2 * i] = hex[rnd[i] & 15];
    }
    tmp[4 + 2 * sizeof rnd] = '\0';
    int out = openat(c->dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                     0444);
    if (out < 0)
        return err_errno(err, "creating a temp file in the content store");
    int rc = copy_hashing(fd, out, sha, bytes, err);
    if (close(out) && !rc)
        rc = err_errno(err, "writing to the content store");
    if (rc)
        unlinkat(c->dir, tmp, 0);
    return rc;
}

/* Names tmp as object sha; an object already there is kept (same bytes). */
static int name_object(struct cas *c, const char *tmp, const char *sha,
                       struct err *err)
{
    char name[67], fan[3];
    if (object_name(sha, name))
        return err_set(err, ERR_INTERNAL, "bad object name");
    memcpy(fan, sha, 2);
    fan[2] = '\0';
    if (cas_has(c, sha))
        return unlinkat(c->dir, tmp, 0), 0;
    if (mkdir_at(c->dir, fan, err))
        return err->code;
    if (renameat(c->dir, tmp, c->dir, name))
        return err_errno(err, "storing object %s", sha);
    return 0;
}

static int fsync_at(int dir, const char *name, struct err *err)
{
    int fd = openat(dir, name, O_RDONLY | O_CLOEXEC);
    int rc = fd < 0 || fsync(fd) ? err_errno(err, "syncing %s", name) : 0;
    if (fd >= 0)
        close(fd);
    return rc;
}

int cas_put(struct cas *c, int fd, const char *sha, struct err *err)
{
    char tmp[32], got[65], name[67];
    int64_t bytes;
    if (object_name(sha, name))
        return err_set(err, ERR_USER, "'%s' is not a SHA-256", sha);
    int rc = cas_write_tmp(c, fd, tmp, got, &bytes, err);
    if (rc)
        return rc;
    if (strcmp(got, sha)) {
        unlinkat(c->dir, tmp, 0);
        return err_set(err, ERR_USER, "content offered as %s hashes to %s; "
                       "not stored", sha, got);
    }
    rc = fsync_at(c->dir, tmp, err);
    rc = rc ? rc : name_object(c, tmp, sha, err);
    name[2] = '\0';
    rc = rc ? rc : fsync_at(c->dir, name, err);
    if (rc)
        unlinkat(c->dir, tmp, 0);
    return rc;
}

int cas_add_pending(struct cas *c, const char *tmp, const char *sha,
                    struct err *err)
{
    struct pending p;
    memset(&p, 0, sizeof p);
    snprintf(p.tmp, sizeof p.tmp, "%s", tmp);
    snprintf(p.sha, sizeof p.sha, "%s", sha);
    pthread_mutex_lock(&c->mu);
    int rc = buf_append(&c->pending, &p, sizeof p, err);
    pthread_mutex_unlock(&c->mu);
    if (rc)
        unlinkat(c->dir, tmp, 0);
    return rc;
}

/* A few objects: fsync each, and the directories they are named in
 * (syncfs flushes the whole file system, other processes' writes too). */
static int commit_few(struct cas *c, struct pending *p, size_t n,
                      struct err *err)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++)
        rc = fsync_at(c->dir, p[i].tmp, err);
    for (size_t i = 0; !rc && i < n; i++) {
        char fan[3] = {p[i].sha[0], p[i].sha[1], '\0'};
        rc = name_object(c, p[i].tmp, p[i].sha, err);
        rc = rc ? rc : fsync_at(c->dir, fan, err);
    }
    return rc;
}

static int commit_many(struct cas *c, struct pending *p, size_t n,
                       struct err *err)
{
    int rc = syncfs(c->dir) ? err_errno(err, "syncing the store") : 0;
    for (size_t i = 0; !rc && i < n; i++)
        rc = name_object(c, p[i].tmp, p[i].sha, err);
    return rc ? rc : syncfs(c->dir) ? err_errno(err, "syncing the store")
                                    : 0;
}

int cas_commit_pending(struct cas *c, struct err *err)
{
    struct pending *p = (struct pending *)c->pending.data;
    size_t n = c->pending.len / sizeof *p;
    int rc = n == 0 ? 0 : n <= CAS_FEW ? commit_few(c, p, n, err)
                                       : commit_many(c, p, n, err);
    if (!rc)
        buf_clear(&c->pending);
    return rc;
}

int cas_copy_out(struct cas *c, const char *sha, int out, struct err *err)
{
    char name[67], got[65];
    int64_t bytes;
    if (object_name(sha, name))
        return err_set(err, ERR_USER, "'%s' is not a SHA-256", sha);
    int in = openat(c->dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
                    O_NONBLOCK);
    if (in < 0)
        return err_errno(err, "content %s is missing from the store", sha);
    int rc = copy_hashing(in, out, got, &bytes, err);
    close(in);
    if (!rc && strcmp(got, sha))
        rc = err_set(err, ERR_CONFLICT, "stored content %s was altered (it "
                     "hashes to %s): refused", sha, got);
    return rc;
}

int cas_lock_exclusive(struct cas *c, struct err *err)
{
    if (flock(c->lock, LOCK_EX | LOCK_NB))
        return err_set(err, ERR_BUSY, "the content store is in use (a "
                       "proposal or a run start); try gc again later");
    return 0;
}
