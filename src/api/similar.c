/*
 * similar — what differs from the most similar earlier experiment.
 *
 * A reviewer reads a card faster as a difference: "like #12, but lr 0.1
 * instead of 0.01 and 4 cpus instead of 1". The most similar earlier
 * experiment is the latest one with the same command (argv) and the most
 * parameters in common; the difference lists changed, added and removed
 * params and changed resources, and the files of the snapshot that
 * changed, were added or were removed (by content hash).
 */
#include "api/handle.h"
#include "api/api.h"
#include "snapshot/snapshot.h"
#include "store/experiment_lists.h"

#define SIMILAR_FILES_MAX 20
#define CODE_DIFF_FILE_MAX (16 * 1024)   /* one file's diff on a card */
#define CODE_DIFF_MAX (64 * 1024)        /* all of a card's diffs */

#include <stdlib.h>
#include <string.h>

static json_t *params_of(const char *text)
{
    json_t *p = json_loads(text, 0, NULL);
    return p ? p : json_object();
}

static size_t overlap(const json_t *a, const json_t *b)
{
    const char *k;
    json_t *v;
    size_t n = 0;
    json_object_foreach((json_t *)a, k, v) n += json_object_get(b, k) != NULL;
    return n;
}

static void diff_params(const json_t *now, const json_t *was, json_t *out)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)now, k, v) {
        json_t *old = json_object_get(was, k);
        if (!old || !json_equal(old, v))
            json_object_set_new(out, k, json_pack("{s:O,s:O}", "was",
                                old ? old : json_null(), "now", v));
    }
    json_object_foreach((json_t *)was, k, v)
        if (!json_object_get(now, k))
            json_object_set_new(out, k, json_pack("{s:O,s:n}", "was", v,
                                                  "now"));
}

static void diff_resources(const json_t *now, const json_t *was, json_t *out)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)now, k, v) {
        json_t *old = json_object_get(was, k);
        if (old && !json_equal(old, v))
            json_object_set_new(out, k, json_pack("{s:O,s:O}", "was", old,
                                                  "now", v));
    }
}

/* path -> content hash of a snapshot's files. */
static json_t *file_map(struct steward *s, const json_t *hash)
{
    json_t *m = NULL, *map = json_object(), *f;
    struct err ignored = ERR_INIT;
    size_t i;
    if (!json_is_string(hash) ||
        snapshot_load(s->db, json_string_value(hash), &m, &ignored))
        return map;
    json_array_foreach(json_object_get(m, "files"), i, f)
        json_object_set(map, json_string_value(json_array_get(f, 0)),
                        json_array_get(f, 3));
    json_decref(m);
    return map;
}

/* The files of two snapshots (path -> hash maps), or NULL maps when
 * either side has no snapshot. */
struct file_maps {
    json_t *now, *was;
};

static struct file_maps maps_of(struct steward *s, const json_t *now_hash,
                                const json_t *was_hash)
{
    struct file_maps m = {NULL, NULL};
    if (json_is_string(now_hash) && json_is_string(was_hash)) {
        m.now = file_map(s, now_hash);
        m.was = file_map(s, was_hash);
    }
    return m;
}

static void maps_free(struct file_maps *m)
{
    json_decref(m->now);
    json_decref(m->was);
}

/* Calls visit for each file that differs: changed and added ones first,
 * then removed ones (was or now NULL for a side without the file). */
typedef void (*visit_fn)(const char *path, json_t *was, json_t *now,
                         void *ctx);

static void each_difference(const struct file_maps *m, visit_fn visit,
                            void *ctx)
{
    const char *k;
    json_t *v;
    json_object_foreach(m->now, k, v) {
        json_t *old = json_object_get(m->was, k);
        if (!old || !json_equal(old, v))
            visit(k, old, v, ctx);
    }
    json_object_foreach(m->was, k, v)
        if (!json_object_get(m->now, k))
            visit(k, v, NULL, ctx);
}

static void note_file(const char *path, json_t *was, json_t *now, void *ctx)
{
    json_t *out = ctx;
    json_t *list = json_object_get(out, !was ? "added" : !now ? "removed"
                                                              : "changed");
    if (json_array_size(list) < SIMILAR_FILES_MAX)
        json_array_append_new(list, json_string(path));
    json_object_set_new(out, "count", json_integer(json_integer_value(
        json_object_get(out, "count")) + 1));
}

/* Which files changed, were added or removed between two snapshots: the
 * code change a reviewer reads, not only the parameters. */
static json_t *diff_files(const struct file_maps *m)
{
    if (!m->now)
        return NULL;
    json_t *out = json_pack("{s:[],s:[],s:[],s:i}", "changed", "added",
                            "removed", "count", 0);
    each_difference(m, note_file, out);
    return out;
}

struct match {
    const json_t *params;
    int64_t best;
    size_t overlap;
};

static void consider(int64_t id, const char *params, void *ctx)
{
    struct match *m = ctx;
    json_t *p = params_of(params);
    size_t o = overlap(m->params, p);
    if (!m->best || o > m->overlap) {
        m->best = id;
        m->overlap = o;
    }
    json_decref(p);
}

/* The id of the best earlier match, or 0. */
static int64_t best_match(struct steward *s, const char *argv, int64_t id,
                          const json_t *params)
{
    struct match m = {params, 0, 0};
    struct err ignored = ERR_INIT;
    if (store_experiments_same_command(s->db, argv, id, consider, &m,
                                       &ignored))
        return 0;
    return m.best;
}

/* steward_similar, also handing back the two snapshots' files (free
 * them with maps_free). */
static int similar_with_maps(struct steward *s, const json_t *exp,
                             json_t **out, struct file_maps *m,
                             struct err *err)
{
    json_t *argv = json_object_get(exp, "argv"), *was = NULL;
    char *text = json_dumps(argv, JSON_COMPACT);
    int64_t id = json_integer_value(json_object_get(exp, "id"));
    int64_t match = text ? best_match(s, text, id,
                                      json_object_get(exp, "params")) : 0;
    free(text);
    *out = NULL;
    m->now = m->was = NULL;
    if (!match)
        return 0;
    int rc = steward_load(s, match, &was, err);
    if (rc)
        return rc;
    json_t *params = json_object(), *res = json_object();
    diff_params(json_object_get(exp, "params"), json_object_get(was, "params"),
                params);
    diff_resources(json_object_get(exp, "resources"),
                   json_object_get(was, "resources"), res);
    *m = maps_of(s, json_object_get(exp, "snapshot"),
                 json_object_get(was, "snapshot"));
    json_t *files = diff_files(m);
    *out = json_pack("{s:I,s:O,s:o,s:o,s:o,s:O}", "id", (json_int_t)match,
                     "state", json_object_get(was, "state"), "params", params,
                     "resources", res, "files", files ? files : json_null(),
                     "snapshot", json_object_get(was, "snapshot"));
    json_decref(was);
    return 0;
}

int steward_similar(struct steward *s, const json_t *exp, json_t **out,
                    struct err *err)
{
    struct file_maps m;
    int rc = similar_with_maps(s, exp, out, &m, err);
    maps_free(&m);
    return rc;
}

/* One file's entry: its diff while the card's budget lasts, then a note. */
static json_t *file_diff(struct cas *c, const char *path, json_t *was,
                         json_t *now, size_t *budget)
{
    json_t *d = NULL;
    struct err err = ERR_INIT;
    const char *change = !was ? "added" : !now ? "removed" : "changed";
    if (*budget < 256)
        return json_pack("{s:s,s:s,s:s}", "path", path, "change", change,
                         "note", "not shown: the card's diff budget is spent");
    size_t cap = *budget < CODE_DIFF_FILE_MAX ? *budget : CODE_DIFF_FILE_MAX;
    if (snapshot_diff_file(c, path, json_string_value(was),
                           json_string_value(now), cap, &d, &err))
        return json_pack("{s:s,s:s,s:s}", "path", path, "change", change,
                         "note", err.msg);
    *budget -= strlen(json_string_value(json_object_get(d, "diff"))
                      ? json_string_value(json_object_get(d, "diff")) : "");
    return d;
}

struct diffs {
    struct cas *c;
    json_t *list;
    size_t budget;
};

static void add_diff(const char *path, json_t *was, json_t *now, void *ctx)
{
    struct diffs *d = ctx;
    if (json_array_size(d->list) < SIMILAR_FILES_MAX)
        json_array_append_new(d->list, file_diff(d->c, path, was, now,
                                                 &d->budget));
}

/* The unified diffs of the files that differ between two snapshots
 * (changed and added, then removed), bounded: the code a reviewer reads
 * on the card. NULL when the snapshots are the same or either is
 * missing. */
static json_t *code_diff(struct steward *s, const struct file_maps *m,
                         const json_t *now_hash, const json_t *was_hash)
{
    struct diffs d = {NULL, NULL, CODE_DIFF_MAX};
    struct err err = ERR_INIT;
    if (!m->now || json_equal(now_hash, was_hash) ||
        cas_open(s->home, &d.c, &err))
        return NULL;
    d.list = json_array();
    each_difference(m, add_diff, &d);
    cas_free(d.c);
    return d.list;
}

void steward_card_extras(struct steward *s, json_t *exp)
{
    json_t *similar = NULL;
    struct file_maps m;
    struct err ignored = ERR_INIT;
    if (similar_with_maps(s, exp, &similar, &m, &ignored) || !similar) {
        maps_free(&m);
        return;
    }
    json_t *diff = code_diff(s, &m, json_object_get(exp, "snapshot"),
                             json_object_get(similar, "snapshot"));
    maps_free(&m);
    json_object_set_new(exp, "similar", similar);
    if (diff)
        json_object_set_new(exp, "code_diff", diff);
}
