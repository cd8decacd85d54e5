/*
 * logfmt — splits a log line into its header fields and its message.
 *
 * Formats use logparser's syntax: "<Name>" captures a field lazily, a run
 * of spaces matches one or more whitespace characters, "\x" is the
 * literal x, "(...)?" is an optional group, any other character is
 * itself. The format is compiled to a flat node list and matched by
 * backtracking, anchored at both ends against the line with surrounding
 * whitespace stripped. Backtracking has a step budget, so a hostile line
 * costs a bounded amount; a line that does not match (or runs out of
 * budget) is all content.
 *
 * Without a format, a default strips what most logs put first: bracketed
 * timestamps or levels, date and time tokens, month names, level words
 * and "-" separators, at most DEFAULT_MAX_STRIP tokens.
 */
#include "digest/digest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FMT_MAX_NODES 256
#define FMT_MAX_FIELDS 32
#define FMT_STEP_BUDGET 200000
#define DEFAULT_MAX_STRIP 8

enum node_kind { N_LIT, N_SPACE, N_FIELD, N_OPT_BEGIN, N_OPT_END };

struct fmt_node {
    enum node_kind kind;
    char ch;          /* N_LIT */
    int field;        /* N_FIELD: index */
    int skip;         /* N_OPT_BEGIN: node after the group */
};

struct digest_logfmt {
    int is_default;
    int nnodes, nfields;
    int content_field, time_field;
    struct fmt_node nodes[FMT_MAX_NODES];
};

struct fmt_match {
    const struct digest_logfmt *f;
    const char *s;
    size_t n;
    long steps;
    size_t fstart[FMT_MAX_FIELDS], fend[FMT_MAX_FIELDS];
};

static const char *const LEVELS[] = {"INFO", "WARN", "WARNING", "ERROR",
    "DEBUG", "TRACE", "FATAL", "CRITICAL", "NOTICE", "SEVERE", "info",
    "warn", "warning", "error", "debug", "trace", "fatal", "notice",
    "critical", "I", "W", "E", "D", NULL};

/* By first byte, bit n set when a level word of length n starts with it;
 * the bytes a stamp holds besides digits; whitespace. */
static uint16_t level_lens[256];
static unsigned char stamp_punct[256], ws_tab[256];

__attribute__((constructor)) static void logfmt_tables(void)
{
    for (int i = 0; LEVELS[i]; i++)
        level_lens[(unsigned char)LEVELS[i][0]] |=
            (uint16_t)(1u << strlen(LEVELS[i]));
    for (const char *p = "-:.,/TZ+[]()"; *p; p++)
        stamp_punct[(unsigned char)*p] = 1;
    for (const char *p = " \t\r\n\f\v"; *p; p++)
        ws_tab[(unsigned char)*p] = 1;
}

static int is_ws(char c)
{
    return ws_tab[(unsigned char)c];
}

static int add_node(struct digest_logfmt *f, struct fmt_node nd,
                    struct err *err)
{
    if (f->nnodes >= FMT_MAX_NODES)
        return err_set(err, ERR_USER, "--log-format: too long (at most %d "
                       "elements)", FMT_MAX_NODES);
    f->nodes[f->nnodes++] = nd;
    return 0;
}

/* "<Name>" at fmt[*i]: adds a field node. */
static int compile_field(struct digest_logfmt *f, const char *fmt, size_t *i,
                         struct err *err)
{
    const char *end = strchr(fmt + *i, '>');
    if (!end)
        return err_set(err, ERR_USER, "--log-format: '<' without '>' at "
                       "column %zu", *i + 1);
    size_t nl = (size_t)(end - (fmt + *i)) - 1;
    if (f->nfields >= FMT_MAX_FIELDS)
        return err_set(err, ERR_USER, "--log-format: more than %d fields",
                       FMT_MAX_FIELDS);
    const char *name = fmt + *i + 1;
    if (nl == 7 && !memcmp(name, "Content", 7))
        f->content_field = f->nfields;
    if ((nl == 4 && !memcmp(name, "Time", 4)) ||
        (nl == 9 && !memcmp(name, "Timestamp", 9)))
        if (f->time_field < 0)
            f->time_field = f->nfields;
    *i += nl + 2;
    return add_node(f, (struct fmt_node){N_FIELD, 0, f->nfields++, 0}, err);
}

/* "(" ... ")?" optional groups; a plain "(...)" just groups. */
static int compile_paren(struct digest_logfmt *f, const char *fmt, size_t *i,
                         int *stack, int *depth, struct err *err)
{
    if (fmt[*i] == '(') {
        if (*depth >= 8)
            return err_set(err, ERR_USER, "--log-format: groups nested too "
                           "deeply");
        stack[(*depth)++] = f->nnodes;
        (*i)++;
        return add_node(f, (struct fmt_node){N_OPT_BEGIN, 0, 0, -1}, err);
    }
    if (*depth == 0)
        return err_set(err, ERR_USER, "--log-format: ')' without '(' at "
                       "column %zu", *i + 1);
    int open = stack[--(*depth)];
    (*i)++;
    if (fmt[*i] == '?')
        (*i)++;
    else
        f->nodes[open].skip = -2;   /* not optional */
    int rc = add_node(f, (struct fmt_node){N_OPT_END, 0, 0, 0}, err);
    if (f->nodes[open].skip != -2)
        f->nodes[open].skip = f->nnodes;
    return rc;
}

static int compile_one(struct digest_logfmt *f, const char *fmt, size_t *i,
                       int *stack, int *depth, struct err *err)
{
    char c = fmt[*i];
    if (c == '<')
        return compile_field(f, fmt, i, err);
    if (c == '(' || c == ')')
        return compile_paren(f, fmt, i, stack, depth, err);
    if (c == ' ') {
        while (fmt[*i] == ' ')
            (*i)++;
        return add_node(f, (struct fmt_node){N_SPACE, 0, 0, 0}, err);
    }
    if (c == '\\' && fmt[*i + 1]) {
        *i += 2;
        if (fmt[*i - 1] == 's')
            return add_node(f, (struct fmt_node){N_SPACE, 0, 0, 0}, err);
        return add_node(f, (struct fmt_node){N_LIT, fmt[*i - 1], 0, 0}, err);
    }
    (*i)++;
    return add_node(f, (struct fmt_node){N_LIT, c, 0, 0}, err);
}

static int compile(struct digest_logfmt *f, const char *fmt, struct err *err)
{
    int stack[8], depth = 0;
    size_t i = 0;
    while (fmt[i]) {
        int rc = compile_one(f, fmt, &i, stack, &depth, err);
        if (rc)
            return rc;
    }
    if (depth)
        return err_set(err, ERR_USER, "--log-format: unclosed '('");
    if (f->content_field < 0)
        return err_set(err, ERR_USER, "--log-format: no <Content> field "
                       "(templates are mined over <Content>)");
    return 0;
}

int digest_logfmt_new(const char *format, struct digest_logfmt **out,
                      struct err *err)
{
    struct digest_logfmt *f = calloc(1, sizeof *f);
    if (!f)
        return err_set(err, ERR_INTERNAL, "out of memory");
    f->content_field = f->time_field = -1;
    if (!format || !*format) {
        f->is_default = 1;
    } else {
        int rc = compile(f, format, err);
        if (rc) {
            free(f);
            return rc;
        }
    }
    *out = f;
    return 0;
}

void digest_logfmt_free(struct digest_logfmt *f)
{
    free(f);
}

/* ---- matching ------------------------------------------------------- */

static int match_at(struct fmt_match *mt, int i, size_t pos);

static int match_field(struct fmt_match *mt, int i, size_t pos)
{
    int fld = mt->f->nodes[i].field;
    for (size_t e = pos; e <= mt->n; e++) {
        mt->fstart[fld] = pos;
        mt->fend[fld] = e;
        if (match_at(mt, i + 1, e))
            return 1;
        if (mt->steps < 0)
            return 0;
    }
    return 0;
}

static int match_space(struct fmt_match *mt, int i, size_t pos)
{
    size_t e = pos;
    while (e < mt->n && is_ws(mt->s[e]))
        e++;
    for (; e > pos; e--)   /* greedy, giving back on failure */
        if (match_at(mt, i + 1, e))
            return 1;
    return 0;
}

static int match_at(struct fmt_match *mt, int i, size_t pos)
{
    if (--mt->steps < 0)
        return 0;
    if (i == mt->f->nnodes)
        return pos == mt->n;
    const struct fmt_node *nd = &mt->f->nodes[i];
    switch (nd->kind) {
    case N_LIT:
        return pos < mt->n && mt->s[pos] == nd->ch && match_at(mt, i + 1,
                                                               pos + 1);
    case N_SPACE:
        return match_space(mt, i, pos);
    case N_FIELD:
        return match_field(mt, i, pos);
    case N_OPT_BEGIN:
        if (match_at(mt, i + 1, pos))
            return 1;
        return nd->skip >= 0 && match_at(mt, nd->skip, pos);
    case N_OPT_END:
        return match_at(mt, i + 1, pos);
    }
    return 0;
}

static void trim(const char **s, size_t *n)
{
    while (*n && is_ws(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_ws((*s)[*n - 1]))
        (*n)--;
}

/* ---- the default: strip common prefixes ----------------------------- */

static int is_level(const char *t, size_t n)
{
    const char *const *lv = LEVELS;
    while (n && (t[n - 1] == ':' || t[n - 1] == ']'))
        n--;
    if (n && t[0] == '[') {
        t++;
        n--;
    }
    if (n == 0 || n > 8 || !(level_lens[(unsigned char)t[0]] >> n & 1))
        return 0;
    for (int i = 0; lv[i]; i++)
        if (lv[i][0] == t[0] && strlen(lv[i]) == n && !memcmp(t, lv[i], n))
            return 1;
    return 0;
}

static int is_month(const char *t, size_t n)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (n != 3 || t[0] < 'A' || t[0] > 'Z')
        return 0;
    for (int i = 0; i < 12; i++)
        if (!memcmp(t, months + 3 * i, 3))
            return 1;
    return 0;
}

/* Dates, times, epoch stamps: digits with only date/time punctuation. */
static int is_stamp(const char *t, size_t n)
{
    int digits = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (!stamp_punct[(unsigned char)c])
            return 0;
        if (i == 0 && !digits && c != '[' && c != '(')
            return 0;   /* a stamp starts with a digit or a bracket */
    }
    return digits >= 2;
}

/* Length of a leading "[...]" that holds a digit or a level, else 0. */
static size_t bracket_prefix(const char *s, size_t n)
{
    if (!n || s[0] != '[')
        return 0;
    size_t lim = n < 64 ? n : 64;
    const char *close = memchr(s, ']', lim);
    if (!close)
        return 0;
    size_t len = (size_t)(close - s) + 1;
    for (size_t i = 1; i + 1 < len; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return len;
    return is_level(s, len) ? len : 0;
}

static int is_day(const char *s, size_t t)
{
    return (t == 1 || t == 2) && s[0] >= '0' && s[0] <= '9' &&
           s[t - 1] >= '0' && s[t - 1] <= '9';
}

static size_t strip_one(const char *s, size_t n, int after_month, int *stamp)
{
    size_t b = bracket_prefix(s, n);
    if (b) {
        *stamp = 1;
        return b;
    }
    size_t t = 0;
    while (t < n && !is_ws(s[t]))
        t++;
    *stamp = is_stamp(s, t) || is_month(s, t) || (after_month && is_day(s, t));
    if (*stamp || is_level(s, t) || (t == 1 && s[0] == '-'))
        return t;
    return 0;
}

static void split_default(const char *s, size_t n, struct digest_fields *o)
{
    o->matched = 1;
    int month = 0;
    for (int k = 0; k < DEFAULT_MAX_STRIP && n; k++) {
        int stamp = 0;
        size_t t = strip_one(s, n, month, &stamp);
        if (!t)
            break;
        month = is_month(s, t);
        if (stamp && !o->time)
            o->time = s;
        if (stamp)
            o->time_len = (size_t)(s + t - o->time);
        s += t;
        n -= t;
        trim(&s, &n);
    }
    o->content = s;
    o->content_len = n;
}

void digest_logfmt_split(const struct digest_logfmt *f, const char *line,
                         size_t len, struct digest_fields *out)
{
    memset(out, 0, sizeof *out);
    trim(&line, &len);
    if (f->is_default) {
        split_default(line, len, out);
        return;
    }
    struct fmt_match mt = {.f = f, .s = line, .n = len,
                           .steps = FMT_STEP_BUDGET};
    out->content = line;
    out->content_len = len;
    if (!match_at(&mt, 0, 0))
        return;
    out->matched = 1;
    const char *c = line + mt.fstart[f->content_field];
    size_t cn = mt.fend[f->content_field] - mt.fstart[f->content_field];
    trim(&c, &cn);
    out->content = c;
    out->content_len = cn;
    if (f->time_field >= 0) {
        out->time = line + mt.fstart[f->time_field];
        out->time_len = mt.fend[f->time_field] - mt.fstart[f->time_field];
    }
}
