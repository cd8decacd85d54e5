/*
 * sandbox_disk — how much a run has written under a directory, for the
 * disk quota. Walks with openat/fstatat and never follows symlinks or
 * crosses into other mounts; counts allocated blocks (a sparse file costs
 * what it really uses). Bounded: after SBX_DISK_MAX_ENTRIES entries it
 * stops and charges a terabyte, as it does for a tree deeper than
 * SBX_DISK_MAX_DEPTH: a run cannot hide its bytes in breadth or depth.
 */
#include "sandbox/sandbox_int.h"

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SBX_DISK_MAX_ENTRIES 200000
#define SBX_DISK_MAX_DEPTH 64

struct walk {
    int64_t bytes;
    long entries;
    dev_t dev;
};

static void walk_dir(int dfd, struct walk *w, int depth)
{
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) && w->entries < SBX_DISK_MAX_ENTRIES) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        struct stat st;
        w->entries++;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            continue;
        w->bytes += (int64_t)st.st_blocks * 512;
        if (!S_ISDIR(st.st_mode) || st.st_dev != w->dev)
            continue;
        if (depth >= SBX_DISK_MAX_DEPTH) {
            w->bytes += (int64_t)1 << 40;  /* hiding in depth: over */
            continue;
        }
        int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY |
                         O_NOFOLLOW | O_CLOEXEC);
        if (sub >= 0)
            walk_dir(sub, w, depth + 1);
    }
    closedir(d);
}

int64_t sbx_disk_usage(const char *dir)
{
    struct walk w = {0, 0, 0};
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return 0;
    if (fstat(fd, &st) < 0) {
        close(fd);
        return 0;
    }
    w.dev = st.st_dev;
    walk_dir(fd, &w, 0);
    if (w.entries >= SBX_DISK_MAX_ENTRIES)
        w.bytes += (int64_t)1 << 40;   /* too many files: treat as over */
    return w.bytes;
}
