/* manifest_int — the in-memory manifest, shared inside src/snapshot/. */
#ifndef STEWARD_SNAPSHOT_MANIFEST_INT_H
#define STEWARD_SNAPSHOT_MANIFEST_INT_H

#include "snapshot/snapshot.h"
#include "core/buf.h"

struct snap_entry {
    char *path;                  /* relative to the root, malloc'd */
    uint32_t mode;               /* permission bits */
    int is_dir;
    int64_t size, ino, dev, mtime_ns, ctime_ns;
    char sha[SNAPSHOT_HASH_HEX]; /* files only */
};

struct snapshot_manifest {
    int root_fd;
    struct buf entries;          /* struct snap_entry records */
    int64_t bytes;
    size_t files;
};

static inline struct snap_entry *manifest_entry(
    const struct snapshot_manifest *m, size_t i)
{
    return (struct snap_entry *)m->entries.data + i;
}

static inline size_t manifest_count(const struct snapshot_manifest *m)
{
    return m->entries.len / sizeof(struct snap_entry);
}

/* Opens path (relative) below root_fd, following no symlink anywhere. */
int manifest_open_beneath(int root_fd, const char *path, int *fd,
                          struct err *err) MUST_USE;

/* Hashes (and with a store, stores) every file whose hash the cache does
 * not give, on several threads. */
int manifest_hash_files(struct snapshot_manifest *m,
                        const struct snapshot_opts *o, struct err *err)
    MUST_USE;

/* The metadata cache: path, size, inode, times -> sha256. */
struct snapcache;
int snapcache_load(const char *path, struct snapcache **out);
const char *snapcache_lookup(const struct snapcache *c,
                             const struct snap_entry *e);
void snapcache_free(struct snapcache *c);
void snapcache_save(const char *path, const struct snapshot_manifest *m);

#endif
