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
#include "store/store.h"

#define SIMILAR_FILES_MAX 20
#define CODE_DIFF_FILE_MAX (16 * 1024)   /* one file's diff on a card */
#define CODE_DIFF_MAX (64 * 1024)        /* all of a card's diffs */

#include <stdlib.h>
#include <string.h>

static json_t *params_of(sqlite3_stmt *st, int col)
{
    json_t *p = json_loads(store_col_text(st, col), 0, NULL);
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

static void note_file(json_t *out, const char *kind, const char *path)
{
    json_t *list = json_object_get(out, kind);
    if (json_array_size(list) < SIMILAR_FILES_MAX)
        json_array_append_new(list, json_string(path));
    json_object_set_new(out, "count", json_integer(json_integer_value(
        json_object_get(out, "count")) + 1));
}

/* Which files changed, were added or removed between two snapshots: the
 * code change a reviewer reads, not only the parameters. */
static json_t *diff_files(struct steward *s, const json_t *now_hash,
                          const json_t *was_hash)
{
    if (!json_is_string(now_hash) || !json_is_string(was_hash))
        return NULL;
    json_t *now = file_map(s, now_hash), *was = file_map(s, was_hash), *v;
    json_t *out = json_pack("{s:[],s:[],s:[],s:i}", "changed", "added",
                            "removed", "count", 0);
    const char *k;
    json_object_foreach(now, k, v) {
        json_t *old = json_object_get(was, k);
        if (!old || !json_equal(old, v))
            note_file(out, old ? "changed" : "added", k);
    }
    json_object_foreach(was, k, v)
        if (!json_object_get(now, k))
            note_file(out, "removed", k);
    json_decref(now);
    json_decref(was);
    return out;
}

/* The id of the best earlier match, or 0. */
static int64_t best_match(struct steward *s, const char *argv, int64_t id,
                          const json_t *params)
{
    sqlite3_stmt *st;
    int64_t best = 0;
    size_t best_overlap = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT id, params FROM experiments WHERE "
                           "argv = ? AND id < ? ORDER BY id DESC LIMIT 200",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, argv, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *p = params_of(st, 1);
        size_t o = overlap(params, p);
        if (!best || o > best_overlap) {
            best = sqlite3_column_int64(st, 0);
            best_overlap = o;
        }
        json_decref(p);
    }
    sqlite3_finalize(st);
    return best;
}

int steward_similar(struct steward *s, const json_t *exp, json_t **out,
                    struct err *err)
{
    json_t *argv = json_object_get(exp, "argv"), *was = NULL;
    char *text = json_dumps(argv, JSON_COMPACT);
    int64_t id = json_integer_value(json_object_get(exp, "id"));
    int64_t match = text ? best_match(s, text, id,
                                      json_object_get(exp, "params")) : 0;
    free(text);
    *out = NULL;
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
    json_t *files = diff_files(s, json_object_get(exp, "snapshot"),
                               json_object_get(was, "snapshot"));
    *out = json_pack("{s:I,s:O,s:o,s:o,s:o,s:O}", "id", (json_int_t)match,
                     "state", json_object_get(was, "state"), "params", params,
                     "resources", res, "files", files ? files : json_null(),
                     "snapshot", json_object_get(was, "snapshot"));
    json_decref(was);
    return 0;
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

/* The unified diffs of the files that differ between two snapshots
 * (changed and added, then removed), bounded: the code a reviewer reads
 * on the card. */
static json_t *code_diff(struct steward *s, const json_t *now_hash,
                         const json_t *was_hash)
{
    struct cas *c = NULL;
    struct err err = ERR_INIT;
    if (!json_is_string(now_hash) || !json_is_string(was_hash) ||
        json_equal(now_hash, was_hash) || cas_open(s->home, &c, &err))
        return NULL;
    json_t *now = file_map(s, now_hash), *was = file_map(s, was_hash);
    json_t *list = json_array(), *v;
    size_t budget = CODE_DIFF_MAX;
    const char *k;
    json_object_foreach(now, k, v) {
        json_t *old = json_object_get(was, k);
        if (json_array_size(list) < SIMILAR_FILES_MAX &&
            (!old || !json_equal(old, v)))
            json_array_append_new(list, file_diff(c, k, old, v, &budget));
    }
    json_object_foreach(was, k, v)
        if (json_array_size(list) < SIMILAR_FILES_MAX &&
            !json_object_get(now, k))
            json_array_append_new(list, file_diff(c, k, v, NULL, &budget));
    json_decref(now);
    json_decref(was);
    cas_free(c);
    return list;
}

void steward_card_extras(struct steward *s, json_t *exp)
{
    json_t *similar = NULL;
    struct err ignored = ERR_INIT;
    if (steward_similar(s, exp, &similar, &ignored) || !similar)
        return;
    json_t *diff = code_diff(s, json_object_get(exp, "snapshot"),
                             json_object_get(similar, "snapshot"));
    json_object_set_new(exp, "similar", similar);
    if (diff)
        json_object_set_new(exp, "code_diff", diff);
}
