/*
 * load — per-example result files: JSON lines with an example id and a
 * score or correct flag, as eval harnesses write them. Accepted keys:
 * "id" or "example_id" (string or integer) and "score", "correct" or
 * "value" (number or boolean). Examples are kept sorted by id so that
 * pairing A with B is a merge.
 */
#include "compare/compare.h"
#include "core/buf.h"
#include "core/grow.h"
#include "core/json.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct example {
    char *id;
    double value;
};

struct loader {
    struct example *items;
    size_t n, cap;
    const char *path;
    size_t line;
};

static int id_text(const json_t *v, char *out, size_t n)
{
    if (json_is_string(v) && json_string_length(v) < n) {
        snprintf(out, n, "%s", json_string_value(v));
        return 0;
    }
    if (json_is_integer(v)) {
        snprintf(out, n, "%lld", (long long)json_integer_value(v));
        return 0;
    }
    return -1;
}

static const json_t *first_key(const json_t *o, const char *const *keys)
{
    for (int i = 0; keys[i]; i++)
        if (json_object_get(o, keys[i]))
            return json_object_get(o, keys[i]);
    return NULL;
}

static int value_of(const json_t *v, double *out)
{
    if (json_is_boolean(v)) {
        *out = json_is_true(v);
        return 0;
    }
    return json_get_double(v, out) || !isfinite(*out) ? -1 : 0;
}

/* Room for one more example; a refusal names the file. */
static int make_room(struct loader *l, struct err *err)
{
    if (l->n < l->cap)
        return 0;   /* the common case: no err to zero on every line */
    struct err e = ERR_INIT;
    if (!grow_array(&l->items, &l->cap, l->n + 1, sizeof *l->items,
                    COMPARE_MAX_EXAMPLES, "examples", &e))
        return 0;
    return err_set(err, e.code, "%s: %s", l->path, e.msg);
}

static int push(struct loader *l, const char *id, double value, struct err *err)
{
    int rc = make_room(l, err);
    if (rc)
        return rc;
    l->items[l->n].id = strdup(id);
    if (!l->items[l->n].id)
        return err_set(err, ERR_INTERNAL, "out of memory");
    l->items[l->n++].value = value;
    return 0;
}

static int parse_line(struct loader *l, const char *text, size_t len,
                      struct err *err)
{
    static const char *const id_keys[] = {"id", "example_id", NULL};
    static const char *const val_keys[] = {"score", "correct", "value", NULL};
    json_error_t jerr;
    char id[COMPARE_MAX_ID];
    double v;
    json_t *o = json_loadb(text, len, 0, &jerr);
    int rc = 0;
    if (!json_is_object(o))
        rc = err_set(err, ERR_USER, "%s:%zu: not a JSON object", l->path, l->line);
    else if (id_text(first_key(o, id_keys), id, sizeof id))
        rc = err_set(err, ERR_USER, "%s:%zu: no \"id\" or \"example_id\" (a "
                     "string or integer)", l->path, l->line);
    else if (value_of(first_key(o, val_keys), &v))
        rc = err_set(err, ERR_USER, "%s:%zu: no finite \"score\", \"correct\" "
                     "or \"value\"", l->path, l->line);
    else
        rc = push(l, id, v, err);
    json_decref(o);
    return rc;
}

static int cmp_example(const void *a, const void *b)
{
    return strcmp(((const struct example *)a)->id, ((const struct example *)b)->id);
}

/* Sorts, rejects duplicates and moves the items into out. */
static int finish(struct loader *l, struct compare_examples *out, struct err *err)
{
    qsort(l->items, l->n, sizeof *l->items, cmp_example);
    for (size_t i = 1; i < l->n; i++)
        if (!strcmp(l->items[i].id, l->items[i - 1].id))
            return err_set(err, ERR_USER, "%s: example id \"%s\" appears "
                           "twice", l->path, l->items[i].id);
    out->ids = malloc((l->n ? l->n : 1) * sizeof *out->ids);
    out->values = malloc((l->n ? l->n : 1) * sizeof *out->values);
    if (!out->ids || !out->values)
        return err_set(err, ERR_INTERNAL, "out of memory");
    out->binary = 1;
    for (size_t i = 0; i < l->n; i++) {
        out->ids[i] = l->items[i].id;
        out->values[i] = l->items[i].value;
        out->binary &= out->values[i] == 0 || out->values[i] == 1;
        l->items[i].id = NULL;
    }
    out->n = l->n;
    return 0;
}

static void loader_free(struct loader *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i].id);
    free(l->items);
}

static int read_lines(FILE *f, struct loader *l, struct err *err)
{
    struct buf line;
    char chunk[4096];
    int rc = 0;
    buf_init(&line, COMPARE_MAX_LINE);
    while (!rc && fgets(chunk, sizeof chunk, f)) {
        size_t len = strlen(chunk);
        int end = len && chunk[len - 1] == '\n';
        rc = buf_append(&line, chunk, len - (size_t)end, err);
        if (rc || (!end && !feof(f)))
            continue;
        l->line++;
        if (strspn(line.data, " \t\r") != line.len)
            rc = parse_line(l, line.data, line.len, err);
        buf_clear(&line);
    }
    if (!rc && ferror(f))
        rc = err_errno(err, "%s: read", l->path);
    buf_free(&line);
    return rc;
}

int compare_load_examples(const char *path, struct compare_examples *out,
                          struct err *err)
{
    struct loader l = {NULL, 0, 0, path, 0};
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "re");
    if (!f)
        return err_errno(err, "%s", path);
    int rc = read_lines(f, &l, err);
    fclose(f);
    if (!rc && l.n == 0)
        rc = err_set(err, ERR_USER, "%s: no examples", path);
    rc = rc ? rc : finish(&l, out, err);
    loader_free(&l);
    if (rc)
        compare_examples_free(out);
    return rc;
}

int compare_examples_from(const char *const *ids, const double *values,
                          size_t n, struct compare_examples *out,
                          struct err *err)
{
    struct loader l = {NULL, 0, 0, "examples", 0};
    int rc = 0;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; !rc && i < n; i++) {
        l.line = i + 1;
        rc = isfinite(values[i]) ? push(&l, ids[i], values[i], err)
             : err_set(err, ERR_USER, "examples: value %zu is not finite", i);
    }
    rc = rc ? rc : finish(&l, out, err);
    loader_free(&l);
    if (rc)
        compare_examples_free(out);
    return rc;
}

void compare_examples_free(struct compare_examples *ex)
{
    for (size_t i = 0; ex->ids && i < ex->n; i++)
        free(ex->ids[i]);
    free(ex->ids);
    free(ex->values);
    memset(ex, 0, sizeof *ex);
}
