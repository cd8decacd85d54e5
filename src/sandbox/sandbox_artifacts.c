/*
 * sandbox_artifacts — collects what a run left in its artifacts directory
 * into a content-addressed store, after the run has ended.
 *
 * The directory was written by untrusted code, so the walk trusts nothing
 * in it: every step is openat/fstatat relative to an fd already checked,
 * never following a symlink (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW); symlinks,
 * FIFOs, sockets and devices are skipped and reported; a file is re-checked
 * after open (same inode, still regular) so a swap between stat and open
 * cannot smuggle another file in. Sizes, counts and depth are capped.
 * Each kept file is hashed (SHA-256) while it is copied to
 * <store>/<sha256> (fsynced before the rename, the store directory after
 * the walk); identical content is stored once.
 *
 * sandbox_open_run_file applies the same distrust to single files the
 * supervisor reads while the run is alive (the metrics sink).
 */
#include "sandbox/sandbox.h"
#include "core/sha256.h"
#include "core/crash.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

struct collect {
    const struct sandbox_artifact_caps *caps;
    int store_fd;
    json_t *files, *skipped;
    int64_t total;
    int64_t count;
};

static void skip(struct collect *c, const char *path, const char *why)
{
    if (json_array_size(c->skipped) < 1000)
        json_array_append_new(c->skipped, json_pack("{s:s,s:s}", "path",
                                                    path, "reason", why));
}

/* Copies fd into a temp file in the store while hashing; renames it to
 * its hash. */
static int store_copy(struct collect *c, int fd, char *sha, struct err *err)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, ".tmp-%d-%lld", (int)getpid(),
             (long long)c->count);
    int out = openat(c->store_fd, tmp, O_WRONLY | O_CREAT | O_EXCL |
                     O_CLOEXEC | O_NOFOLLOW, 0644);
    if (out < 0)
        return err_errno(err, "artifacts: cannot write to the store");
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0 && rc == 0) {
        crypto_hash_sha256_update(&st, buf, (unsigned long long)n);
        if (write(out, buf, (size_t)n) != n)
            rc = err_errno(err, "artifacts: store write");
        crash_point("collect-mid-file");
    }
    if (n < 0 && rc == 0)
        rc = err_errno(err, "artifacts: read");
    if (rc == 0 && fsync(out) < 0) /* durable before it has a name */
        rc = err_errno(err, "artifacts: store sync");
    close(out);
    sha256_final_hex(&st, sha);
    if (rc == 0 && renameat(c->store_fd, tmp, c->store_fd, sha) < 0)
        rc = err_errno(err, "artifacts: store rename");
    if (rc < 0)
        unlinkat(c->store_fd, tmp, 0);
    return rc;
}

static int take_file(struct collect *c, int dfd, const char *name,
                     const char *rel, const struct stat *st, struct err *err)
{
    const struct sandbox_artifact_caps *k = c->caps;
    if (st->st_size > k->max_file_bytes)
        return skip(c, rel, "larger than the per-file cap"), 0;
    if (c->total + st->st_size > k->max_total_bytes)
        return skip(c, rel, "over the total size cap"), 0;
    if (c->count >= k->max_files)
        return skip(c, rel, "over the file count cap"), 0;
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat again;
    if (fd < 0 || fstat(fd, &again) < 0 || !S_ISREG(again.st_mode) ||
        again.st_ino != st->st_ino || again.st_dev != st->st_dev ||
        again.st_size > k->max_file_bytes) {
        if (fd >= 0)
            close(fd);
        return skip(c, rel, "changed or unreadable"), 0;
    }
    char sha[65];
    int rc = store_copy(c, fd, sha, err);
    close(fd);
    if (rc < 0)
        return rc;
    c->count++;
    c->total += again.st_size;
    json_array_append_new(c->files, json_pack("{s:s,s:I,s:s}", "path", rel,
                          "size", (json_int_t)again.st_size, "sha256", sha));
    return 0;
}

static int walk(struct collect *c, int dfd, const char *prefix, int depth,
                struct err *err);

static int walk_entry(struct collect *c, int dfd, const char *name,
                      const char *prefix, int depth, struct err *err)
{
    char rel[1024];
    if ((size_t)snprintf(rel, sizeof rel, "%s%s", prefix, name) >= sizeof rel)
        return skip(c, prefix, "path too long"), 0;
    struct stat st;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return skip(c, rel, "vanished"), 0;
    if (S_ISLNK(st.st_mode))
        return skip(c, rel, "symlink"), 0;
    if (S_ISREG(st.st_mode))
        return take_file(c, dfd, name, rel, &st, err);
    if (!S_ISDIR(st.st_mode))
        return skip(c, rel, "not a regular file"), 0;
    if (depth >= c->caps->max_depth)
        return skip(c, rel, "too deep"), 0;
    char next[1024];   /* cut, the slash goes and names run together */
    if ((size_t)snprintf(next, sizeof next, "%s/", rel) >= sizeof next)
        return skip(c, rel, "path too long"), 0;
    int sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
                     O_CLOEXEC);
    if (sub < 0)
        return skip(c, rel, "unreadable directory"), 0;
    return walk(c, sub, next, depth + 1, err);
}

/* Takes ownership of dfd. */
static int walk(struct collect *c, int dfd, const char *prefix, int depth,
                struct err *err)
{
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return err_errno(err, "artifacts: opendir");
    }
    struct dirent *e;
    int rc = 0;
    long seen = 0;
    while (rc == 0 && (e = readdir(d)) && seen++ < 100000)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            rc = walk_entry(c, dirfd(d), e->d_name, prefix, depth, err);
    closedir(d);
    return rc;
}

static void caps_default(struct sandbox_artifact_caps *k,
                         const struct sandbox_artifact_caps *in)
{
    k->max_file_bytes = in && in->max_file_bytes ? in->max_file_bytes
                                                 : 1LL << 30;
    k->max_total_bytes = in && in->max_total_bytes ? in->max_total_bytes
                                                   : 4LL << 30;
    k->max_files = in && in->max_files ? in->max_files : 10000;
    k->max_depth = in && in->max_depth ? in->max_depth : 16;
}

int sandbox_collect_artifacts(const char *dir, const char *store,
                              const struct sandbox_artifact_caps *caps,
                              json_t **manifest, struct err *err)
{
    struct sandbox_artifact_caps k;
    caps_default(&k, caps);
    *manifest = NULL;
    if (sodium_init() < 0)
        return err_set(err, ERR_INTERNAL, "artifacts: libsodium init failed");
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0)
        return err_errno(err, "artifacts: cannot open %s", dir);
    struct collect c = {&k, -1, json_array(), json_array(), 0, 0};
    c.store_fd = open(store, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = c.store_fd < 0
        ? err_errno(err, "artifacts: cannot open store %s", store)
        : walk(&c, dfd, "", 0, err);
    /* The names made durable; none made, nothing to wait for (most runs
     * keep no artifact, and a sync costs milliseconds on a busy disk). */
    if (rc == 0 && json_array_size(c.files) && fsync(c.store_fd) < 0)
        rc = err_errno(err, "artifacts: store sync");
    if (c.store_fd < 0)
        close(dfd);
    else
        close(c.store_fd);
    if (rc == 0)
        *manifest = json_pack("{s:o,s:o,s:I,s:I}", "files", c.files, "skipped",
                              c.skipped, "count", (json_int_t)c.count,
                              "total_bytes", (json_int_t)c.total);
    else {
        json_decref(c.files);
        json_decref(c.skipped);
    }
    return rc;
}

int sandbox_open_run_file(const char *path, struct err *err)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
                  O_NOCTTY);
    if (fd < 0 && errno == ENOENT)
        return err_set(err, ERR_NOTFOUND, "%s: not written by the run", path);
    if (fd < 0 && errno == ELOOP)
        return err_set(err, ERR_DENIED, "%s: a symlink; not followed", path);
    if (fd < 0)
        return err_errno(err, "cannot open %s", path);
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return err_set(err, ERR_DENIED, "%s: not a regular file; ignored",
                       path);
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}
