/*
 * scan — reading a working tree into a manifest, with the caller's own
 * permissions.
 *
 * The walk opens every directory relative to its parent with O_NOFOLLOW
 * and files with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS, so a symlink
 * planted anywhere in the tree is never followed: it, and anything that is
 * neither a directory nor a regular file, is left out. `.steward` (at any
 * depth) and the excluded paths (the policy's secrets) are left out too,
 * however many there are. Caps on files, bytes and depth end the walk
 * with a clear error instead of filling the store.
 */
#include "snapshot/manifest_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

struct walk {
    const struct snapshot_opts *o;
    struct snapshot_manifest *m;
    struct err *err;
};

int manifest_open_beneath(int root_fd, const char *path, int *fd,
                          struct err *err)
{
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS;
    *fd = (int)syscall(SYS_openat2, root_fd, path, &how, sizeof how);
    if (*fd < 0 && errno == ENOSYS)
        *fd = openat(root_fd, path, (int)how.flags);
    if (*fd < 0)
        return err_errno(err, "opening %s in the working directory", path);
    struct stat st;
    if (fstat(*fd, &st) || !S_ISREG(st.st_mode)) {
        close(*fd);
        *fd = -1;
        return err_set(err, ERR_USER, "%s changed while it was read (no "
                       "longer a regular file); propose again", path);
    }
    return 0;
}

static int excluded(const struct snapshot_opts *o, const char *rel)
{
    size_t rl = strlen(o->root);
    for (size_t i = 0; i < o->nexclude; i++) {
        const char *x = o->exclude[i];
        size_t xl = strlen(x);
        /* x == root/rel, or x is a parent of it */
        if (xl <= rl || strncmp(x, o->root, rl) || x[rl] != '/')
            continue;
        size_t tail = xl - rl - 1;
        if (!strncmp(x + rl + 1, rel, tail) &&
            (rel[tail] == '\0' || rel[tail] == '/'))
            return 1;
    }
    return 0;
}

static int add_entry(struct walk *w, const char *rel, const struct stat *st)
{
    struct snap_entry e;
    memset(&e, 0, sizeof e);
    e.is_dir = S_ISDIR(st->st_mode);
    e.mode = st->st_mode & 07777;
    e.size = e.is_dir ? 0 : st->st_size;
    e.ino = (int64_t)st->st_ino;
    e.dev = (int64_t)st->st_dev;
    e.mtime_ns = st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
    e.ctime_ns = st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec;
    if ((int64_t)manifest_count(w->m) >= w->o->max_files)
        return err_set(w->err, ERR_USER, "working directory %s has more than "
                       "%lld files; propose from a smaller directory",
                       w->o->root, (long long)w->o->max_files);
    w->m->bytes += e.size;
    if (w->m->bytes > w->o->max_bytes)
        return err_set(w->err, ERR_USER, "working directory %s is larger than "
                       "%lld bytes; propose from a smaller directory or raise "
                       "--disk", w->o->root, (long long)w->o->max_bytes);
    if (!(e.path = strdup(rel)))
        return err_set(w->err, ERR_INTERNAL, "out of memory");
    w->m->files += !e.is_dir;
    int rc = buf_append(&w->m->entries, &e, sizeof e, w->err);
    if (rc)
        free(e.path);
    return rc;
}

static int walk_dir(struct walk *w, int dir, const char *rel, int depth);

static int walk_entry(struct walk *w, int dir, const char *prefix,
                      const char *name, int depth)
{
    char rel[4096];
    struct stat st;
    if (!strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, ".steward"))
        return 0;
    int n = snprintf(rel, sizeof rel, "%s%s%s", prefix, *prefix ? "/" : "",
                     name);
    if (n < 0 || (size_t)n >= sizeof rel || strchr(name, '\n'))
        return err_set(w->err, ERR_USER, "working directory %s holds a path "
                       "too long or with a newline (%s...)", w->o->root, rel);
    if (excluded(w->o, rel))
        return 0;
    if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW))
        return err_errno(w->err, "reading %s", rel);
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        return 0; /* symlinks, sockets, fifos, devices: not in a snapshot */
    int rc = add_entry(w, rel, &st);
    if (rc || !S_ISDIR(st.st_mode))
        return rc;
    int sub = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
                     O_CLOEXEC);
    if (sub < 0)
        return err_errno(w->err, "opening %s", rel);
    rc = walk_dir(w, sub, rel, depth + 1);
    close(sub);
    return rc;
}

static int walk_dir(struct walk *w, int dir, const char *rel, int depth)
{
    if (depth > SNAPSHOT_DEPTH_MAX)
        return err_set(w->err, ERR_USER, "working directory %s is nested "
                       "deeper than %d levels", w->o->root,
                       SNAPSHOT_DEPTH_MAX);
    int fd = dup(dir);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return err_errno(w->err, "listing %s/%s", w->o->root, rel);
    }
    struct dirent *e;
    int rc = 0;
    errno = 0;
    while (!rc && (e = readdir(d)))
        rc = walk_entry(w, dir, rel, e->d_name, depth);
    if (!rc && errno)
        rc = err_errno(w->err, "listing %s/%s", w->o->root, rel);
    closedir(d);
    return rc;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const struct snap_entry *)a)->path,
                  ((const struct snap_entry *)b)->path);
}

/* The root itself may not lie inside an excluded path. */
static int root_excluded(const struct snapshot_opts *o)
{
    size_t rl = strlen(o->root);
    for (size_t i = 0; i < o->nexclude; i++) {
        size_t xl = strlen(o->exclude[i]);
        if (xl <= rl && !strncmp(o->exclude[i], o->root, xl) &&
            (o->root[xl] == '/' || o->root[xl] == '\0'))
            return 1;
    }
    return 0;
}

int snapshot_scan(const struct snapshot_opts *o,
                  struct snapshot_manifest **out, struct err *err)
{
    if (o->root[0] != '/' || root_excluded(o))
        return err_set(err, ERR_USER, "working directory %s is not absolute "
                       "or lies inside a secret path", o->root);
    struct snapshot_manifest *m = calloc(1, sizeof *m);
    if (!m)
        return err_set(err, ERR_INTERNAL, "out of memory");
    buf_init(&m->entries, (size_t)(o->max_files + 1) *
             sizeof(struct snap_entry));
    m->root_fd = open(o->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct walk w = {o, m, err};
    int rc = m->root_fd < 0 ? err_errno(err, "working directory %s", o->root)
             : walk_dir(&w, m->root_fd, "", 0);
    if (!rc && manifest_count(m))   /* an empty tree has no array at all */
        qsort(m->entries.data, manifest_count(m), sizeof(struct snap_entry),
              by_path);
    rc = rc ? rc : manifest_hash_files(m, o, err);
    if (rc) {
        snapshot_manifest_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

void snapshot_manifest_free(struct snapshot_manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < manifest_count(m); i++)
        free(manifest_entry(m, i)->path);
    buf_free(&m->entries);
    if (m->root_fd >= 0)
        close(m->root_fd);
    free(m);
}
