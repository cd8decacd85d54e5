/* retention — pruning the files of old runs; see retention.h. */
#include "api/handle.h"
#include "api/runpath.h"
#include "api/retention.h"
#include "api/policy_file.h"
#include "api/principal.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "policy/policy.h"
#include "store/runs.h"
#include "store/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TREE_DEPTH_MAX 64

/* What one pass decided and did. */
struct pass {
    const struct retention *r;
    int64_t now;
    json_t *prune;      /* run ids whose files go */
    json_t *kept;       /* sha256 -> true, named by a kept run */
    json_t *orphans;    /* sha256 -> true, named only by pruned runs */
    int64_t bytes, blobs;
};

int retention_pruned(const char *dir)
{
    char path[API_PATH_MAX + 32];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, RETENTION_MARKER)
        >= sizeof path)
        return 0;
    return access(path, F_OK) == 0;
}

static int run_dir(struct steward *s, int64_t run, char *out, size_t n)
{
    return run_path(s->home, run, NULL, out, n);
}

static void add_hashes(json_t *set, const char *manifest)
{
    json_t *m = manifest ? json_loads(manifest, 0, NULL) : NULL, *f;
    size_t i;
    json_array_foreach(json_object_get(m, "files"), i, f) {
        const char *sha = json_string_value(json_object_get(f, "sha256"));
        if (sha)
            json_object_set_new(set, sha, json_true());
    }
    json_decref(m);
}

/* Whether a run keeps its files; rank counts the ended runs seen so far,
 * newest (highest id: last started) first. */
static int keeps(const struct pass *p, int ended, int64_t ended_ms,
                 int64_t rank)
{
    if (!ended)
        return 1;   /* still going: not ours to touch */
    if (p->r->keep_last >= 0 && rank < p->r->keep_last)
        return 1;
    return p->r->keep_ms >= 0 && ended_ms >= p->now - p->r->keep_ms;
}

struct planning {
    struct steward *s;
    struct pass *p;
    int64_t rank;
};

static void plan_run(int64_t run, int ended, int64_t ended_ms,
                     const char *manifest, void *ctx)
{
    struct planning *g = ctx;
    struct pass *p = g->p;
    char dir[API_PATH_MAX];
    int keep = keeps(p, ended, ended_ms, g->rank);
    g->rank += ended;
    if (keep) {
        add_hashes(p->kept, manifest);
        return;
    }
    add_hashes(p->orphans, manifest);
    if (!run_dir(g->s, run, dir, sizeof dir) && !retention_pruned(dir))
        json_array_append_new(p->prune, json_integer(run));
}

static int plan(struct steward *s, struct pass *p, struct err *err)
{
    struct planning g = {s, p, 0};
    return store_runs_each_newest(s->db, plan_run, &g, err);
}

static int remove_at(int dirfd, const char *name, int dry, int depth,
                     int64_t *bytes);

/* Removes (or, dry, measures) everything inside the directory fd. A run
 * may have left directories without search permission: they are opened
 * after a chmod, as they are ours. */
static int empty_dir(int fd, int dry, int depth, int64_t *bytes)
{
    DIR *d = fdopendir(fd);
    struct dirent *e;
    int rc = 0;
    if (!d)
        return close(fd), -1;
    while (!rc && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            rc = remove_at(dirfd(d), e->d_name, dry, depth + 1, bytes);
    closedir(d);
    return rc;
}

static int open_subdir(int dirfd, const char *name)
{
    int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    int fd = openat(dirfd, name, flags);
    if (fd < 0 && errno == EACCES && !fchmodat(dirfd, name, 0700, 0))
        fd = openat(dirfd, name, flags);
    return fd;
}

static int remove_at(int dirfd, const char *name, int dry, int depth,
                     int64_t *bytes)
{
    struct stat sb;
    if (depth > TREE_DEPTH_MAX)
        return -1;
    if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW))
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(sb.st_mode)) {
        *bytes += S_ISREG(sb.st_mode) ? sb.st_size : 0;
        return dry || !unlinkat(dirfd, name, 0) || errno == ENOENT ? 0 : -1;
    }
    int fd = open_subdir(dirfd, name);
    if (fd < 0 || empty_dir(fd, dry, depth, bytes))
        return -1;
    return dry || !unlinkat(dirfd, name, AT_REMOVEDIR) ? 0 : -1;
}

static int write_marker(int dirfd, struct steward *s, int64_t now,
                        int64_t bytes)
{
    json_t *m = json_pack("{s:I,s:s,s:I}", "time_ms", (json_int_t)now, "by",
                          s->who.name, "bytes", (json_int_t)bytes);
    char *text = m ? json_dumps(m, JSON_COMPACT) : NULL;
    int fd = openat(dirfd, RETENTION_MARKER,
                    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    ssize_t want = text ? (ssize_t)strlen(text) : -1;
    int ok = fd >= 0 && want > 0 && write(fd, text, (size_t)want) == want;
    if (fd >= 0 && close(fd))
        ok = 0;
    json_decref(m);
    free(text);
    return ok ? 0 : -1;
}

/* The bulky files of one run: its logs and its io/ directory. */
static const char *const run_files[] = {
    "stdout.log", "stderr.log", "supervisor.log", "io", NULL,
};

static int prune_run(struct steward *s, struct pass *p, int64_t run,
                     struct err *err)
{
    char dir[API_PATH_MAX];
    int64_t bytes = 0;
    int fd = run_dir(s, run, dir, sizeof dir) ? -1
             : open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0 : err_errno(err, "opening %s", dir);
    int rc = 0;
    for (const char *const *f = run_files; !rc && *f; f++)
        rc = remove_at(fd, *f, p->r->dry_run, 0, &bytes);
    if (!rc && !p->r->dry_run)
        rc = write_marker(fd, s, p->now, bytes);
    close(fd);
    p->bytes += bytes;
    return rc ? err_errno(err, "pruning %s", dir) : 0;
}

/* How long a stored artifact is safe from pruning after it was written
 * ($STEWARD_RETENTION_GRACE_MS overrides, for tests). */
static int64_t blob_grace_ms(void)
{
    const char *env = getenv("STEWARD_RETENTION_GRACE_MS");
    char *end;
    long long v = env ? strtoll(env, &end, 10) : -1;
    return env && *env && !*end && v >= 0 ? v : RETENTION_BLOB_GRACE_MS;
}

/* Removes stored artifacts no kept run names, unless they are fresh. */
static int prune_blobs(struct steward *s, struct pass *p, struct err *err)
{
    char dir[API_PATH_MAX];
    const char *sha;
    json_t *v;
    struct stat sb;
    if ((size_t)snprintf(dir, sizeof dir, "%s/artifacts", s->home) >=
        sizeof dir)
        return err_set(err, ERR_USER, "path too long: %s", s->home);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0 : err_errno(err, "opening %s", dir);
    json_object_foreach(p->orphans, sha, v) {
        if (json_object_get(p->kept, sha) || strchr(sha, '/') ||
            fstatat(fd, sha, &sb, AT_SYMLINK_NOFOLLOW) ||
            !S_ISREG(sb.st_mode) ||
            (int64_t)sb.st_mtime * 1000 > p->now - blob_grace_ms())
            continue;
        if (!p->r->dry_run && unlinkat(fd, sha, 0))
            continue;
        p->bytes += sb.st_size;
        p->blobs++;
    }
    close(fd);
    return 0;
}

static int record(struct steward *s, const struct pass *p, struct err *err)
{
    json_t *payload = json_pack("{s:O,s:I,s:I,s:I,s:I}", "runs", p->prune,
        "bytes", (json_int_t)p->bytes, "artifacts", (json_int_t)p->blobs,
        "keep_ms", (json_int_t)p->r->keep_ms,
        "keep_last", (json_int_t)p->r->keep_last);
    int rc = store_begin(s->db, err);
    rc = rc ? rc : ledger_append(s->db, s->who.name, "retention", "runs",
                                 payload, err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    json_decref(payload);
    return rc;
}

static int run_pass(struct steward *s, struct pass *p, struct err *err)
{
    size_t i;
    json_t *run;
    int rc = plan(s, p, err);
    json_array_foreach(p->prune, i, run)
        if (!rc)
            rc = prune_run(s, p, json_integer_value(run), err);
    rc = rc ? rc : prune_blobs(s, p, err);
    if (!rc && !p->r->dry_run && (json_array_size(p->prune) || p->blobs))
        rc = record(s, p, err);
    return rc;
}

int steward_retention(struct steward *s, const struct retention *r,
                      json_t **report, struct err *err)
{
    if (r->keep_ms < 0 && r->keep_last < 0)
        return err_set(err, ERR_USER, "retention needs a rule: keep runs "
                       "for some days, or the last N runs (or both)");
    if (!principal_may(s->who.role, "retention"))
        return steward_forbid(s, "retention", "runs", err);
    struct pass p = {r, clock_wall_ms(), json_array(), json_object(),
                     json_object(), 0, 0};
    int rc = run_pass(s, &p, err);
    if (!rc)
        *report = json_pack("{s:O,s:I,s:I,s:b,s:I,s:I}", "runs", p.prune,
            "bytes", (json_int_t)p.bytes, "artifacts", (json_int_t)p.blobs,
            "dry_run", r->dry_run, "keep_ms", (json_int_t)r->keep_ms,
            "keep_last", (json_int_t)r->keep_last);
    json_decref(p.prune);
    json_decref(p.kept);
    json_decref(p.orphans);
    return rc;
}

int steward_retention_policy(struct steward *s, struct retention *r,
                             int *found, struct err *err)
{
    struct policy *pol = NULL;
    int64_t seconds, last;
    int rc = policy_file_load(s->home, &pol, err);
    if (rc)
        return rc;
    *found = policy_retention(pol, &seconds, &last);
    r->keep_ms = seconds < 0 ? -1 : seconds * 1000;
    r->keep_last = last;
    policy_free(pol);
    return 0;
}

int steward_retention_auto(struct steward *s, json_t **report,
                           struct err *err)
{
    struct retention r = {-1, -1, 0};
    int found = 0;
    *report = NULL;
    if (!principal_may(s->who.role, "retention"))
        return 0;
    int rc = steward_retention_policy(s, &r, &found, err);
    return rc || !found ? rc : steward_retention(s, &r, report, err);
}
