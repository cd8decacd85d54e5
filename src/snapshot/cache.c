/*
 * cache — what a previous scan learnt: path, size, inode, device and
 * times of each file with its hash, so that an unchanged tree is not read
 * again.
 *
 * One text line per file, "sha size ino dev mtime_ns ctime_ns path",
 * sorted by path (paths never hold a newline; see scan.c). The cache is
 * only a speed-up: an unreadable or malformed one is ignored, and an entry
 * is used only when every field matches. A file changed within the same
 * clock tick as the scan that cached it could keep its old times, so
 * files modified in the last two seconds before a save are not cached.
 */
#include "snapshot/manifest_int.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CACHE_MAX_BYTES (64 << 20)

struct cached {
    const char *path;
    const char *sha;
    int64_t size, ino, dev, mtime_ns, ctime_ns;
};

struct snapcache {
    char *text;
    struct cached *e;
    size_t n;
};

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "re");
    struct buf b;
    char chunk[65536];
    size_t n;
    struct err err = ERR_INIT;
    if (!f)
        return NULL;
    buf_init(&b, CACHE_MAX_BYTES);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (buf_append(&b, chunk, n, &err))
            break;
    fclose(f);
    if (err.code) {
        buf_free(&b);
        return NULL;
    }
    return buf_take(&b);
}

static int parse_line(char *line, struct cached *c)
{
    int off = 0;
    line[64] = '\0';
    c->sha = line;
    if (sscanf(line + 65, "%" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64
               " %" SCNd64 " %n", &c->size, &c->ino, &c->dev, &c->mtime_ns,
               &c->ctime_ns, &off) != 5 || !off)
        return -1;
    c->path = line + 65 + off;
    return 0;
}

int snapcache_load(const char *path, struct snapcache **out)
{
    struct snapcache *c = calloc(1, sizeof *c);
    if (!c || !(c->text = slurp(path)))
        return free(c), -1;
    size_t lines = 0;
    for (char *p = c->text; *p; p++)
        lines += *p == '\n';
    c->e = calloc(lines + 1, sizeof *c->e);
    char *save = NULL;
    for (char *l = c->e ? strtok_r(c->text, "\n", &save) : NULL; l;
         l = strtok_r(NULL, "\n", &save))
        if (strlen(l) > 66 && !parse_line(l, &c->e[c->n]))
            c->n++;
    *out = c;
    return 0;
}

static int cmp_path(const void *key, const void *elem)
{
    return strcmp(key, ((const struct cached *)elem)->path);
}

const char *snapcache_lookup(const struct snapcache *c,
                             const struct snap_entry *e)
{
    const struct cached *h = bsearch(e->path, c->e, c->n, sizeof *c->e,
                                     cmp_path);
    if (!h || h->size != e->size || h->ino != e->ino || h->dev != e->dev ||
        h->mtime_ns != e->mtime_ns || h->ctime_ns != e->ctime_ns)
        return NULL;
    return h->sha;
}

void snapcache_free(struct snapcache *c)
{
    if (!c)
        return;
    free(c->text);
    free(c->e);
    free(c);
}

/* Written to a temp file and renamed: a reader sees the old or new. */
void snapcache_save(const char *path, const struct snapshot_manifest *m)
{
    char tmp[4096 + 16];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp%d", path, (int)getpid());
    FILE *f = n > 0 && (size_t)n < sizeof tmp ? fopen(tmp, "we") : NULL;
    if (!f)
        return;
    int64_t fresh = (int64_t)time(NULL) * 1000000000LL - 2000000000LL;
    for (size_t i = 0; i < manifest_count(m); i++) {
        const struct snap_entry *e = manifest_entry(m, i);
        if (!e->is_dir && e->mtime_ns < fresh && e->ctime_ns < fresh)
            fprintf(f, "%s %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %"
                    PRId64 " %s\n", e->sha, e->size, e->ino, e->dev,
                    e->mtime_ns, e->ctime_ns, e->path);
    }
    if (fclose(f) || rename(tmp, path))
        unlink(tmp);
}
