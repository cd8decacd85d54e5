/*
 * hash — the file contents of a scan, hashed on every core.
 *
 * A file whose path, size, inode and times match the metadata cache keeps
 * its cached hash without being read (as git's index does), as long as the
 * store (when one is given) still holds that content. Every other file is
 * read once: hashed, and with a store written to a temp object in the same
 * pass. Workers take files by an atomic index; the first failure stops
 * them all.
 */
#include "snapshot/cas_int.h"
#include "snapshot/manifest_int.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HASH_THREADS_MAX 8

struct job {
    struct snapshot_manifest *m;
    const struct snapshot_opts *o;
    const struct snapcache *cache;
    atomic_size_t next;
    atomic_int failed;
    pthread_mutex_t lock;
    struct err *err;
};

/* Reads file e: hashes it, and stores it when the job has a store. */
static int read_file(struct job *j, struct snap_entry *e, struct err *err)
{
    int fd;
    char tmp[32];
    int64_t bytes;
    int rc = manifest_open_beneath(j->m->root_fd, e->path, &fd, err);
    if (rc)
        return rc;
    rc = j->o->store ? cas_write_tmp(j->o->store, fd, tmp, e->sha, &bytes, err)
                     : cas_hash_fd(fd, e->sha, &bytes, err);
    close(fd);
    if (!rc && bytes != e->size)
        rc = err_set(err, ERR_USER, "%s changed while it was read; propose "
                     "again", e->path);
    if (j->o->store && !rc && cas_has(j->o->store, e->sha))
        unlinkat(cas_dirfd(j->o->store), tmp, 0); /* stored already */
    else if (j->o->store && !rc)
        rc = cas_add_pending(j->o->store, tmp, e->sha, err);
    return rc;
}

static int hash_one(struct job *j, struct snap_entry *e, struct err *err)
{
    const char *sha = j->cache ? snapcache_lookup(j->cache, e) : NULL;
    if (sha && (!j->o->store || cas_has(j->o->store, sha))) {
        memcpy(e->sha, sha, SNAPSHOT_HASH_HEX);
        return 0;
    }
    return read_file(j, e, err);
}

static void *worker(void *arg)
{
    struct job *j = arg;
    struct err err = ERR_INIT;
    size_t n = manifest_count(j->m), i;
    while (!atomic_load(&j->failed) && (i = atomic_fetch_add(&j->next, 1)) < n) {
        struct snap_entry *e = manifest_entry(j->m, i);
        if (e->is_dir || !hash_one(j, e, &err))
            continue;
        pthread_mutex_lock(&j->lock);
        if (!atomic_exchange(&j->failed, 1))
            err_set(j->err, err.code, "%s", err.msg);
        pthread_mutex_unlock(&j->lock);
    }
    return NULL;
}

static int thread_count(const struct snapshot_opts *o)
{
    long n = o->threads > 0 ? o->threads : sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > HASH_THREADS_MAX ? HASH_THREADS_MAX : (int)n;
}

int manifest_hash_files(struct snapshot_manifest *m,
                        const struct snapshot_opts *o, struct err *err)
{
    struct snapcache *cache = NULL;
    if (o->cache_path && snapcache_load(o->cache_path, &cache))
        cache = NULL; /* an unreadable cache only costs time */
    struct job j = {m, o, cache, 0, 0, PTHREAD_MUTEX_INITIALIZER, err};
    pthread_t t[HASH_THREADS_MAX];
    int n = thread_count(o), started = 0;
    for (; started < n; started++)
        if (pthread_create(&t[started], NULL, worker, &j))
            break;
    if (!started)
        worker(&j);
    for (int i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    snapcache_free(cache);
    pthread_mutex_destroy(&j.lock);
    if (j.failed)
        return err->code ? err->code : ERR_INTERNAL;
    int rc = o->store ? cas_commit_pending(o->store, err) : 0;
    if (!rc && o->cache_path)
        snapcache_save(o->cache_path, m);
    return rc;
}
