/* batch_args — request argument decoders; see batch_args.h. */
#include "stats/batch_args.h"
#include "core/json.h"
#include "stats/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EXACT_INT 9007199254740992.0   /* 2^53 */

int arg_number(const json_t *args, const char *fn, const char *key,
               double *out, struct err *err)
{
    const json_t *v = json_object_get(args, key);
    if (!v)
        return err_set(err, ERR_USER, "%s: missing argument \"%s\"", fn, key);
    if (json_get_double(v, out))
        return err_set(err, ERR_USER, "%s: argument \"%s\" must be a number "
                       "(or \"nan\", \"inf\", \"-inf\")", fn, key);
    return 0;
}

int arg_number_opt(const json_t *args, const char *fn, const char *key,
                   double dflt, double *out, struct err *err)
{
    if (!json_object_get(args, key)) {
        *out = dflt;
        return 0;
    }
    return arg_number(args, fn, key, out, err);
}

int arg_array(const json_t *args, const char *fn, const char *key,
              double **out, size_t *n, struct err *err)
{
    const json_t *v = json_object_get(args, key), *item;
    size_t i;
    if (!v)
        return err_set(err, ERR_USER, "%s: missing argument \"%s\"", fn, key);
    if (!json_is_array(v))
        return err_set(err, ERR_USER, "%s: argument \"%s\" must be an array "
                       "of numbers", fn, key);
    *n = json_array_size(v);
    *out = malloc((*n ? *n : 1) * sizeof **out);
    if (!*out)
        return err_set(err, ERR_INTERNAL, "%s: out of memory", fn);
    json_array_foreach(v, i, item) {
        if (json_get_double(item, &(*out)[i])) {
            free(*out);
            *out = NULL;
            return err_set(err, ERR_USER, "%s: %s[%zu] is not a number (or "
                           "\"nan\", \"inf\", \"-inf\")", fn, key, i);
        }
    }
    return 0;
}

int arg_enum(const json_t *args, const char *fn, const char *key,
             const char *const *names, int dflt, int *out, struct err *err)
{
    const json_t *v = json_object_get(args, key);
    if (!v) {
        *out = dflt;
        return 0;
    }
    for (int i = 0; json_is_string(v) && names[i]; i++)
        if (!strcmp(names[i], json_string_value(v))) {
            *out = i;
            return 0;
        }
    char list[256] = "";
    for (int i = 0; names[i]; i++) {
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s\"%s\"", i ? ", " : "",
                 names[i]);
    }
    return err_set(err, ERR_USER, "%s: argument \"%s\" must be one of %s", fn,
                   key, list);
}

int arg_bool(const json_t *args, const char *fn, const char *key, int dflt,
             int *out, struct err *err)
{
    const json_t *v = json_object_get(args, key);
    if (!v) {
        *out = dflt;
        return 0;
    }
    if (!json_is_boolean(v))
        return err_set(err, ERR_USER, "%s: argument \"%s\" must be true or "
                       "false", fn, key);
    *out = json_is_true(v);
    return 0;
}

int arg_count(const json_t *args, const char *fn, const char *key,
              uint64_t dflt, uint64_t max, uint64_t *out, struct err *err)
{
    const json_t *v = json_object_get(args, key);
    double d;
    if (!v) {
        *out = dflt;
        return 0;
    }
    if (json_is_integer(v) && json_integer_value(v) >= 0 &&
        (uint64_t)json_integer_value(v) <= max) {
        *out = (uint64_t)json_integer_value(v);
        return 0;
    }
    if (json_is_real(v) && (d = json_real_value(v)) >= 0 && d == floor(d) &&
        d <= MAX_EXACT_INT && d <= (double)max) {
        *out = (uint64_t)d;
        return 0;
    }
    return err_set(err, ERR_USER, "%s: argument \"%s\" must be an integer "
                   "in [0, %llu]", fn, key, (unsigned long long)max);
}

int arg_alternative(const json_t *args, const char *fn, int *out,
                    struct err *err)
{
    static const char *const names[] = {"two-sided", "less", "greater", NULL};
    return arg_enum(args, fn, "alternative", names, STATS_TWO_SIDED, out, err);
}
