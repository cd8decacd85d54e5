/*
 * cells — JSON values as the short text of a table cell. A cell is cut to
 * its buffer (a param list of a hundred entries ends in "..."); cutting is
 * by bytes, and escape.c passes a cut UTF-8 sequence through harmlessly.
 */
#include "report/internal.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/parse.h"

#include <stdio.h>
#include <string.h>

const char *jstr(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

int64_t jint(const json_t *o, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(o, key));
}

/* Marks a cut: the last bytes become "...". */
static void mark_cut(int w, char *out, size_t n)
{
    if (w >= 0 && (size_t)w < n)
        return;
    if (n >= 4)
        memcpy(out + n - 4, "...", 4);
}

void cell_value(const json_t *v, char *out, size_t n)
{
    double x;
    if (json_is_string(v)) {
        mark_cut(snprintf(out, n, "%s", json_string_value(v)), out, n);
    } else if (!json_get_double(v, &x)) {
        json_format_double(x, out, n);
    } else if (json_is_boolean(v)) {
        mark_cut(snprintf(out, n, "%s", json_is_true(v) ? "true" : "false"),
                 out, n);
    } else {
        char *s = v && !json_is_null(v) ? json_dump_compact(v) : NULL;
        mark_cut(snprintf(out, n, "%s", s ? s : "-"), out, n);
        free(s);
    }
}

void cell_params(const json_t *params, char *out, size_t n)
{
    const char *key;
    const json_t *v;
    size_t used = 0;
    out[0] = '\0';
    json_object_foreach((json_t *)params, key, v) {
        char val[256];
        if (json_is_real(v))   /* a sampler's 0.0088901218574724 */
            snprintf(val, sizeof val, "%.6g", json_real_value(v));
        else
            cell_value(v, val, sizeof val);
        int w = snprintf(out + used, n - used, "%s%s=%s", used ? " " : "",
                         key, val);
        if (w < 0 || (size_t)w >= n - used)
            return mark_cut(-1, out, n);
        used += (size_t)w;
    }
}

void cell_tags(const json_t *tags, char *out, size_t n)
{
    size_t i, used = 0;
    const json_t *t;
    out[0] = '\0';
    json_array_foreach(tags, i, t) {
        int w = snprintf(out + used, n - used, "%s%s", used ? ", " : "",
                         json_string_value(t) ? json_string_value(t) : "");
        if (w < 0 || (size_t)w >= n - used)
            return mark_cut(-1, out, n);
        used += (size_t)w;
    }
}

void cell_time(int64_t ms, char *out, size_t n)
{
    if (ms <= 0) {
        snprintf(out, n, "-");
        return;
    }
    clock_format_iso(ms, out, n);
}

void cell_duration_ms(int64_t ms, char *out, size_t n)
{
    if (ms < 0) {
        snprintf(out, n, "-");
        return;
    }
    if (ms < 1000) {
        mark_cut(snprintf(out, n, "%lldms", (long long)ms), out, n);
        return;
    }
    format_duration((ms + 500) / 1000, out, n);
}
