/*
 * materialize — a run's working tree built from a recorded snapshot.
 *
 * Every file is a fresh copy out of the store (never a hard link: the run
 * may write its tree, and a write through a link would change the stored
 * content of every other run), hashed as it is copied, so the bytes the
 * run sees are the bytes that were approved or the run does not start.
 * Paths come from the manifest; one with an empty, "." or ".." component
 * is refused, and files are created with RESOLVE_BENEATH.
 */
#include "snapshot/cas_int.h"

#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int safe_path(const char *p)
{
    if (!p || !*p || *p == '/' || strlen(p) >= 4096)
        return 0;
    for (const char *s = p; s; s = strchr(s, '/') ? strchr(s, '/') + 1 : NULL)
        if (*s == '/' || *s == '\0' || !strncmp(s, "./", 2) ||
            !strcmp(s, ".") || !strncmp(s, "../", 3) || !strcmp(s, ".."))
            return 0;
    return 1;
}

static int make_dir(int root, const json_t *d, struct err *err)
{
    const char *path = json_string_value(json_array_get(d, 0));
    mode_t mode = (mode_t)json_integer_value(json_array_get(d, 1)) & 0777;
    if (!safe_path(path))
        return err_set(err, ERR_CONFLICT, "snapshot lists a bad path");
    if (mkdirat(root, path, mode | 0700))
        return err_errno(err, "creating %s", path);
    return 0;
}

static int create_beneath(int root, const char *path, mode_t mode)
{
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
    how.mode = mode;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS;
    int fd = (int)syscall(SYS_openat2, root, path, &how, sizeof how);
    if (fd < 0 && errno == ENOSYS)
        fd = openat(root, path, (int)how.flags, mode);
    return fd;
}

static int make_file(struct cas *c, int root, const json_t *f,
                     struct err *err)
{
    const char *path = json_string_value(json_array_get(f, 0));
    mode_t mode = (mode_t)json_integer_value(json_array_get(f, 1)) & 0777;
    if (!safe_path(path))
        return err_set(err, ERR_CONFLICT, "snapshot lists a bad path");
    int out = create_beneath(root, path, mode);
    if (out < 0)
        return err_errno(err, "creating %s", path);
    int rc = cas_copy_out(c, json_string_value(json_array_get(f, 3)), out,
                          err);
    if (close(out) && !rc)
        rc = err_errno(err, "writing %s", path);
    return rc;
}

int snapshot_materialize(struct cas *c, const json_t *m, const char *dst,
                         struct err *err)
{
    json_t *e;
    size_t i;
    int rc = 0;
    if (mkdir(dst, 0755) && errno != EEXIST)
        rc = err_errno(err, "creating %s", dst);
    int root = rc ? -1 : open(dst, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (!rc && root < 0)
        rc = err_errno(err, "opening %s", dst);
    json_array_foreach(json_object_get(m, "dirs"), i, e)
        if (!rc)
            rc = make_dir(root, e, err);
    json_array_foreach(json_object_get(m, "files"), i, e)
        if (!rc)
            rc = make_file(c, root, e, err);
    if (root >= 0)
        close(root);
    return rc;
}

static int remove_one(const char *path, const struct stat *st, int type,
                      struct FTW *f)
{
    (void)st;
    (void)f;
    if (type == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

void snapshot_remove_tree(const char *dst)
{
    if (dst && *dst)
        nftw(dst, remove_one, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}
