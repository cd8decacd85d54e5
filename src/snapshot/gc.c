/*
 * gc — removing what nothing references any more.
 *
 * Runs with the content store's lock held exclusively (nobody is
 * proposing or starting a run), so no object is removed between a scan's
 * check that it is present and the snapshot that names it. A snapshot is
 * kept while any experiment or campaign names it; an object while any
 * kept snapshot lists it; an artifact while any run's manifest names it,
 * on record or in the outcome a supervisor left and the server has not
 * recorded yet (runs/<id>/end.json: a supervisor holds the store's lock
 * from collecting its artifacts until that file is written). Temp files
 * (of a write killed half-way) are never referenced and go.
 */
#include "snapshot/cas_int.h"
#include "core/path.h"
#include "store/runs.h"
#include "store/snapshots.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct sweep {
    json_t *keep;           /* sha -> true */
    int64_t removed, bytes;
};

static int drop_snapshots(sqlite3 *db, int64_t *n, struct err *err)
{
    int rc = store_snapshots_drop_unused(db, err);
    *n = rc < 0 ? 0 : rc;
    return rc < 0 ? rc : 0;
}

/* Where a manifest lists the hashes to keep: at index idx of each entry
 * of its array `list`, or under key `field` when field is set. */
struct listed {
    const char *list;
    int idx;
    const char *field;
    json_t *keep;
};

static void keep_in(const json_t *m, const struct listed *l)
{
    json_t *f;
    size_t i;
    json_array_foreach(json_object_get(m, l->list), i, f) {
        json_t *v = l->field ? json_object_get(f, l->field)
                             : json_array_get(f, (size_t)l->idx);
        if (json_is_string(v))
            json_object_set_new(l->keep, json_string_value(v), json_true());
    }
}

/* A manifest stored as JSON text (a store_text_fn). */
static void keep_listed(const char *text, void *ctx)
{
    json_t *m = json_loads(text, 0, NULL);
    keep_in(m, ctx);
    json_decref(m);
}

static void sweep_dir(int dir, const char *prefix, struct sweep *s,
                      int all)
{
    int fd = dup(dir);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    struct dirent *e;
    char sha[80];
    struct stat st;
    while (d && (e = readdir(d))) {
        snprintf(sha, sizeof sha, "%s%s", prefix, e->d_name);
        if (e->d_name[0] == '.' && (!e->d_name[1] || !strcmp(e->d_name, "..")))
            continue;
        if ((all || !json_object_get(s->keep, sha)) &&
            !fstatat(dir, e->d_name, &st, AT_SYMLINK_NOFOLLOW) &&
            !S_ISDIR(st.st_mode) && !unlinkat(dir, e->d_name, 0)) {
            s->removed++;
            s->bytes += st.st_size;
        }
    }
    if (d)
        closedir(d);
    else if (fd >= 0)
        close(fd);
}

static void sweep_objects(struct cas *c, struct sweep *s)
{
    char fan[3];
    for (int i = 0; i < 256; i++) {
        snprintf(fan, sizeof fan, "%02x", i);
        int d = openat(cas_dirfd(c), fan, O_RDONLY | O_DIRECTORY |
                       O_NOFOLLOW | O_CLOEXEC);
        if (d >= 0) {
            sweep_dir(d, fan, s, 0);
            close(d);
        }
    }
}

/* A path that does not fit is an error, never swept: cut, it could name
 * the state directory itself. */
static int sweep_path(const char *home, const char *sub, struct sweep *s,
                      int all, struct err *err)
{
    char path[4096];
    if (path_format(path, sizeof path, err, "%s/%s", home, sub))
        return err->code;
    int d = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (d >= 0) {
        sweep_dir(d, "", s, all);
        close(d);
    }
    return 0;
}

/* The artifacts of runs whose outcome is not on record yet. */
static int collect_pending(sqlite3 *db, const char *home,
                           const struct listed *artifacts, struct err *err)
{
    int64_t runs[STORE_RUNS_UNENDED_MAX];
    char path[4096];
    size_t n = 0;
    int rc = store_runs_unended(db, runs, STORE_RUNS_UNENDED_MAX, &n, err);
    for (size_t i = 0; !rc && i < n; i++) {
        /* cut, it is another file, and this run's artifacts would go */
        rc = path_format(path, sizeof path, err, "%s/runs/%lld/end.json",
                         home, (long long)runs[i]);
        json_t *end = rc ? NULL : json_load_file(path, 0, NULL);
        keep_in(json_object_get(end, "artifacts"), artifacts);
        json_decref(end);
    }
    return rc;
}

int snapshot_gc(sqlite3 *db, const char *home, json_t **report,
                struct err *err)
{
    struct cas *c = NULL;
    struct sweep obj = {json_object(), 0, 0}, art = {json_object(), 0, 0};
    struct sweep tmp = {NULL, 0, 0};
    int64_t snaps = 0;
    int rc = cas_open(home, &c, err);
    rc = rc ? rc : cas_lock_exclusive(c, err);
    struct listed objects = {"files", 3, NULL, obj.keep};
    struct listed artifacts = {"files", 0, "sha256", art.keep};
    rc = rc ? rc : drop_snapshots(db, &snaps, err);
    rc = rc ? rc : store_snapshots_each_manifest(db, keep_listed, &objects,
                                                 err);
    rc = rc ? rc : store_runs_each_artifacts(db, keep_listed, &artifacts,
                                             err);
    rc = rc ? rc : collect_pending(db, home, &artifacts, err);
    if (!rc) {
        sweep_objects(c, &obj);
        rc = sweep_path(home, "cas/tmp", &tmp, 1, err);
        rc = rc ? rc : sweep_path(home, "artifacts", &art, 0, err);
    }
    if (!rc)
        *report = json_pack("{s:I,s:I,s:I,s:I,s:I}", "snapshots",
                            (json_int_t)snaps, "objects",
                            (json_int_t)obj.removed, "artifacts",
                            (json_int_t)art.removed, "temp",
                            (json_int_t)tmp.removed, "bytes",
                            (json_int_t)(obj.bytes + art.bytes + tmp.bytes));
    json_decref(obj.keep);
    json_decref(art.keep);
    cas_free(c);
    return rc;
}
