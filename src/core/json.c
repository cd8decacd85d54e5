/* json — non-finite numbers and shortest doubles; see json.h. */
#include "core/json.h"
#include "core/buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int json_get_double(const json_t *v, double *out)
{
    if (json_is_number(v)) {
        *out = json_number_value(v);
        return 0;
    }
    if (!json_is_string(v))
        return -1;
    const char *s = json_string_value(v);
    if (!strcmp(s, "nan"))
        *out = NAN;
    else if (!strcmp(s, "inf"))
        *out = INFINITY;
    else if (!strcmp(s, "-inf"))
        *out = -INFINITY;
    else
        return -1;
    return 0;
}

json_t *json_from_double(double x)
{
    if (isnan(x))
        return json_string("nan");
    if (isinf(x))
        return json_string(x > 0 ? "inf" : "-inf");
    return json_real(x);
}

/* Plain decimals where a reader expects them: %g writes 100 as "1e+02".
 * Between 1e-5 and 1e17 the shortest round-trip form is written without
 * an exponent; beyond, the exponent is the readable form. */
static void plain_decimal(double x, char *out, size_t n)
{
    double a = fabs(x);
    if (!strchr(out, 'e') || a < 1e-5 || a >= 1e17)
        return;
    for (int digits = 0; digits <= 22; digits++) {
        char text[64];
        snprintf(text, sizeof text, "%.*f", digits, x);
        if (strtod(text, NULL) == x) {
            snprintf(out, n, "%s", text);
            return;
        }
    }
}

void json_format_double(double x, char *out, size_t n)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(out, n, "%.*g", prec, x);
        if (strtod(out, NULL) == x)
            break;
    }
    if (isfinite(x))
        plain_decimal(x, out, n);
}

/* Jansson writes reals with a fixed precision ("0.10000000000000001");
 * steward promises the shortest round-trip form, so reals are written here
 * and everything else is left to jansson. */
static int dump_value(const json_t *v, struct buf *out, struct err *err);

static int dump_real(double x, struct buf *out, struct err *err)
{
    char text[40];
    if (!isfinite(x)) {
        const char *s = isnan(x) ? "\"nan\"" : x > 0 ? "\"inf\"" : "\"-inf\"";
        return buf_append(out, s, strlen(s), err);
    }
    json_format_double(x, text, sizeof text);
    if (!strpbrk(text, ".eEn"))
        strncat(text, ".0", sizeof text - strlen(text) - 1);
    return buf_append(out, text, strlen(text), err);
}

/* A string as jansson writes it. Most need no escape ('"', '\\' or a
 * control character); those are copied between quotes without asking
 * jansson for a string of their own, which a large answer does for every
 * key and value. */
static int dump_string(const char *s, size_t len, struct buf *out,
                       struct err *err)
{
    size_t i = 0;
    while (i < len && s[i] != '"' && s[i] != '\\' &&
           (unsigned char)s[i] >= 0x20)
        i++;
    if (i == len)
        return buf_append(out, "\"", 1, err) ||
               buf_append(out, s, len, err) ||
               buf_append(out, "\"", 1, err) ? -1 : 0;
    json_t *k = json_stringn_nocheck(s, len);
    char *text = k ? json_dumps(k, JSON_ENCODE_ANY) : NULL;
    json_decref(k);
    if (!text)
        return err_set(err, ERR_INTERNAL, "out of memory");
    int rc = buf_append(out, text, strlen(text), err);
    free(text);
    return rc;
}

static int dump_object(const json_t *v, struct buf *out, struct err *err)
{
    const char *key;
    json_t *item;
    int first = 1, rc = buf_append(out, "{", 1, err);
    json_object_foreach((json_t *)v, key, item) {
        rc = rc || (!first && buf_append(out, ",", 1, err));
        rc = rc || dump_string(key, strlen(key), out, err);
        rc = rc || buf_append(out, ":", 1, err);
        rc = rc || dump_value(item, out, err);
        first = 0;
    }
    return rc ? -1 : buf_append(out, "}", 1, err);
}

static int dump_array(const json_t *v, struct buf *out, struct err *err)
{
    size_t i;
    json_t *item;
    int rc = buf_append(out, "[", 1, err);
    json_array_foreach(v, i, item) {
        if (!rc && i)
            rc = buf_append(out, ",", 1, err);
        rc = rc ? rc : dump_value(item, out, err);
    }
    return rc ? rc : buf_append(out, "]", 1, err);
}

static int dump_value(const json_t *v, struct buf *out, struct err *err)
{
    char text[32];
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return dump_object(v, out, err);
    case JSON_ARRAY:
        return dump_array(v, out, err);
    case JSON_REAL:
        return dump_real(json_real_value(v), out, err);
    case JSON_STRING:
        return dump_string(json_string_value(v), json_string_length(v), out,
                           err);
    case JSON_INTEGER:
        snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT,
                 json_integer_value(v));
        return buf_append(out, text, strlen(text), err);
    case JSON_TRUE:
        return buf_append(out, "true", 4, err);
    case JSON_FALSE:
        return buf_append(out, "false", 5, err);
    default:
        return buf_append(out, "null", 4, err);
    }
}

char *json_dump_compact(const json_t *v)
{
    struct buf out;
    struct err err = ERR_INIT;
    buf_init(&out, (size_t)1 << 30);
    if (dump_value(v, &out, &err)) {
        buf_free(&out);
        return NULL;
    }
    return buf_take(&out);
}

json_t *json_pick_each(const json_t *list, const char *const *keys)
{
    json_t *out = json_array(), *e;
    size_t i;
    json_array_foreach(list, i, e) {
        json_t *o = json_object();
        for (size_t k = 0; keys[k]; k++)
            if (json_object_get(e, keys[k]))
                json_object_set(o, keys[k], json_object_get(e, keys[k]));
        json_array_append_new(out, o);
    }
    return out;
}
