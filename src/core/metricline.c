/*
 * metricline — a strict parser for one flat metrics object: the one
 * definition of a good metrics line, shared by capture (which stores the
 * points) and the digest (which counts the same lines as malformed), so
 * that `status`, a run's digest and a file's digest give one number.
 *
 * Hand-written rather than jansson because ingest is the hot path (the
 * goal is millions of points per second) and because runs write NaN as
 * bare tokens that a conforming JSON parser rejects. It accepts only
 * {"name": number, ...}; string values other than nan/inf, booleans and
 * nulls are skipped, nested values make the line bad.
 */
#include "core/metricline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct cursor {
    const char *p, *end;
};

static void skip_ws(struct cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r'))
        c->p++;
}

static int eat(struct cursor *c, char ch)
{
    skip_ws(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

/* A string without escapes (metric names need none); -1 if malformed. */
static int read_string(struct cursor *c, char *out, size_t n)
{
    if (!eat(c, '"'))
        return -1;
    const char *start = c->p;
    while (c->p < c->end && *c->p != '"' && *c->p != '\\' &&
           (unsigned char)*c->p >= 0x20)
        c->p++;
    size_t len = (size_t)(c->p - start);
    if (c->p >= c->end || *c->p != '"' || len == 0 || len >= n)
        return -1;
    memcpy(out, start, len);
    out[len] = '\0';
    c->p++;
    return 0;
}

static int match_word(struct cursor *c, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(c->end - c->p) >= n && !memcmp(c->p, word, n)) {
        c->p += n;
        return 1;
    }
    return 0;
}

/* A string value: "nan", "inf", "-inf" are numbers; any other string
 * (an ISO timestamp, a run name, with escapes or not) is skipped. */
static int string_value(struct cursor *c, char *text, size_t n, double *v)
{
    const char *start = ++c->p;
    while (c->p < c->end && *c->p != '"') {
        if ((unsigned char)*c->p < 0x20)
            return -1;
        c->p += *c->p == '\\' && c->p + 1 < c->end ? 2 : 1;
    }
    if (c->p >= c->end)
        return -1;
    size_t len = (size_t)(c->p++ - start);
    if (len >= n)
        return 0;
    memcpy(text, start, len);
    text[len] = '\0';
    if (!strcmp(text, "nan") || !strcmp(text, "inf") || !strcmp(text, "-inf"))
        return *v = strtod(text, NULL), 1;
    return 0;
}

/* 1 = number read, 0 = value skipped, -1 = malformed. */
static int read_value(struct cursor *c, double *v)
{
    char text[8];
    skip_ws(c);
    if (match_word(c, "NaN") || match_word(c, "nan"))
        return *v = NAN, 1;
    if (match_word(c, "Infinity"))
        return *v = INFINITY, 1;
    if (match_word(c, "-Infinity"))
        return *v = -INFINITY, 1;
    if (match_word(c, "true") || match_word(c, "false") ||
        match_word(c, "null"))
        return 0;
    if (c->p < c->end && *c->p == '"')
        return string_value(c, text, sizeof text, v);
    char num[64];
    size_t len = 0;
    while (c->p + len < c->end && len < sizeof num - 1 &&
           strchr("0123456789+-.eE", c->p[len]))
        len++;
    if (!len)
        return -1;
    memcpy(num, c->p, len);
    num[len] = '\0';
    char *end;
    *v = strtod(num, &end);
    if (*end)
        return -1;
    c->p += len;
    return 1;
}

int metrics_parse_line(const char *line, size_t len, int64_t *step,
                       struct metrics_point *points, int max)
{
    struct cursor c = {line, line + len};
    int n = 0;
    *step = -1;
    if (!eat(&c, '{'))
        return -1;
    if (eat(&c, '}'))
        return c.p == c.end || (skip_ws(&c), c.p == c.end) ? 0 : -1;
    do {
        char name[METRICS_NAME_MAX];
        double v;
        if (read_string(&c, name, sizeof name) || !eat(&c, ':'))
            return -1;
        int got = read_value(&c, &v);
        if (got < 0)
            return -1;
        if (got && !strcmp(name, "step")) {
            if (!(v >= 0 && v < 9e18 && v == floor(v)))
                return -1;
            *step = (int64_t)v;
        } else if (got && n < max) {
            memcpy(points[n].name, name, sizeof name);
            points[n++].value = v;
        }
    } while (eat(&c, ','));
    if (!eat(&c, '}'))
        return -1;
    skip_ws(&c);
    return c.p == c.end ? n : -1;
}
