/*
 * snapshot — copies the proposal's working directory into the run's own
 * work directory, so the run sees the tree as it was when dispatched and
 * can write freely without touching the user's files.
 *
 * The copy never follows symlinks (they are recreated as symlinks, and
 * inside the sandbox they resolve in the run's read-only view), skips the
 * .steward state directory, and stops with a clear error past a cap on
 * files, bytes or depth, so a proposal made from a huge directory fails
 * fast instead of filling the disk.
 */
#include "dispatch/dispatch_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SNAPSHOT_FILES_MAX 20000
#define SNAPSHOT_DEPTH_MAX 64

struct copy {
    int64_t bytes, max_bytes, files;
    const char *root;
    struct err *err;
};

static int copy_tree(struct copy *c, int src_dir, int dst_dir, int depth);

static int copy_file(struct copy *c, int src_dir, int dst_dir,
                     const char *name, const struct stat *st)
{
    char block[65536];
    c->bytes += st->st_size;
    if (c->bytes > c->max_bytes)
        return err_set(c->err, ERR_USER, "working directory %s is larger "
                       "than the run's disk limit (%lld bytes); propose from "
                       "a smaller directory or raise --disk", c->root,
                       (long long)c->max_bytes);
    int in = openat(src_dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    int out = openat(dst_dir, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                     st->st_mode & 0777);
    ssize_t n = 0;
    while (in >= 0 && out >= 0 && (n = read(in, block, sizeof block)) > 0)
        if (write(out, block, (size_t)n) != n)
            n = -1;
    int rc = in < 0 || out < 0 || n < 0
             ? err_errno(c->err, "copying %s", name) : 0;
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    return rc;
}

static int copy_link(struct copy *c, int src_dir, int dst_dir,
                     const char *name)
{
    char target[4096];
    ssize_t n = readlinkat(src_dir, name, target, sizeof target - 1);
    if (n < 0)
        return err_errno(c->err, "reading link %s", name);
    target[n] = '\0';
    return symlinkat(target, dst_dir, name)
           ? err_errno(c->err, "copying link %s", name) : 0;
}

static int copy_subdir(struct copy *c, int src_dir, int dst_dir,
                       const char *name, int depth)
{
    if (mkdirat(dst_dir, name, 0755))
        return err_errno(c->err, "creating %s", name);
    int s = openat(src_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
                   O_CLOEXEC);
    int d = openat(dst_dir, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = s < 0 || d < 0 ? err_errno(c->err, "opening %s", name)
             : copy_tree(c, s, d, depth + 1);
    if (d >= 0)
        close(d);
    if (s >= 0)
        close(s);
    return rc;
}

static int copy_entry(struct copy *c, int src_dir, int dst_dir,
                      const char *name, int depth)
{
    struct stat st;
    if (!strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, ".steward"))
        return 0;
    if (++c->files > SNAPSHOT_FILES_MAX)
        return err_set(c->err, ERR_USER, "working directory %s has more than "
                       "%d files; propose from a smaller directory", c->root,
                       SNAPSHOT_FILES_MAX);
    if (fstatat(src_dir, name, &st, AT_SYMLINK_NOFOLLOW))
        return err_errno(c->err, "reading %s", name);
    if (S_ISREG(st.st_mode))
        return copy_file(c, src_dir, dst_dir, name, &st);
    if (S_ISLNK(st.st_mode))
        return copy_link(c, src_dir, dst_dir, name);
    if (S_ISDIR(st.st_mode))
        return copy_subdir(c, src_dir, dst_dir, name, depth);
    return 0; /* sockets, fifos, devices: not part of a snapshot */
}

static int copy_tree(struct copy *c, int src_dir, int dst_dir, int depth)
{
    if (depth > SNAPSHOT_DEPTH_MAX)
        return err_set(c->err, ERR_USER, "working directory %s is nested "
                       "deeper than %d levels", c->root, SNAPSHOT_DEPTH_MAX);
    int fd = dup(src_dir);
    DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
    if (!dir) {
        if (fd >= 0)
            close(fd);
        return err_errno(c->err, "listing %s", c->root);
    }
    struct dirent *e;
    int rc = 0;
    while (!rc && (e = readdir(dir)))
        rc = copy_entry(c, src_dir, dst_dir, e->d_name, depth);
    closedir(dir);
    return rc;
}

int snapshot_dir(const char *src, const char *dst, int64_t max_bytes,
                 struct err *err)
{
    struct copy c = {0, max_bytes, 0, src, err};
    if (mkdir(dst, 0755) && errno != EEXIST)
        return err_errno(err, "creating %s", dst);
    int s = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int d = open(dst, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = s < 0 ? err_errno(err, "working directory %s", src)
             : d < 0 ? err_errno(err, "%s", dst) : copy_tree(&c, s, d, 0);
    if (s >= 0)
        close(s);
    if (d >= 0)
        close(d);
    return rc;
}
