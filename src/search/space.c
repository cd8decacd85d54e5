/*
 * space — the search-space language, shared by `search --stdio` and
 * campaigns.
 *
 *     # comment
 *     x0: uniform(-5, 10)
 *     lr: loguniform(1e-5, 1)
 *     layers: int(1, 8)
 *     batch: int(16, 256, log)
 *     opt: choice(adam, sgd, rmsprop)
 *     momentum: uniform(0, 0.99) if opt == sgd
 *
 * One parameter per line. A condition compares one parameter declared
 * above with a value: == and != for choices, also <, <=, >, >= for
 * numbers. Every error names FILE:LINE:COLUMN of the offending token and
 * says what to write instead; a space that parses is valid (non-empty
 * ranges, positive log bounds, unique names, conditions on known values).
 */
#include "search/search.h"
#include "core/grow.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct scan {
    const char *file;
    int line;
    const char *start;   /* first character of the line */
    const char *p;       /* cursor */
    const char *end;     /* end of the line (exclusive) */
    struct err *err;
};

__attribute__((format(printf, 3, 4)))
static int scan_fail(struct scan *sc, const char *at, const char *fmt, ...)
{
    char msg[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set(sc->err, ERR_USER, "%s:%d:%d: %s", sc->file, sc->line,
                   (int)(at - sc->start) + 1, msg);
}

static void skip_space(struct scan *sc)
{
    while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '\t' ||
                               *sc->p == '\r'))
        sc->p++;
}

static int at_end(struct scan *sc)
{
    skip_space(sc);
    return sc->p >= sc->end || *sc->p == '#';
}

static int is_ident(int c, int first)
{
    return isalpha(c) || c == '_' || (!first && (isdigit(c) || c == '.' ||
                                                 c == '-'));
}

/* A name into out (size n); fails naming `what` when there is none. */
static int scan_ident(struct scan *sc, char *out, size_t n, const char *what)
{
    skip_space(sc);
    const char *s = sc->p;
    while (sc->p < sc->end && is_ident((unsigned char)*sc->p, sc->p == s))
        sc->p++;
    size_t len = (size_t)(sc->p - s);
    if (!len)
        return scan_fail(sc, s, "expected %s", what);
    if (len >= n)
        return scan_fail(sc, s, "%s is longer than %zu characters", what,
                         n - 1);
    memcpy(out, s, len);
    out[len] = 0;
    return 0;
}

static int scan_char(struct scan *sc, char c, const char *hint)
{
    skip_space(sc);
    if (sc->p < sc->end && *sc->p == c) {
        sc->p++;
        return 0;
    }
    if (sc->p >= sc->end)
        return scan_fail(sc, sc->p, "expected '%c' at the end of the line "
                         "(%s)", c, hint);
    return scan_fail(sc, sc->p, "expected '%c', found '%c' (%s)", c, *sc->p,
                     hint);
}

/* A bare token: everything up to a delimiter. */
static int scan_token(struct scan *sc, char *out, size_t n, const char *what)
{
    skip_space(sc);
    const char *s = sc->p;
    while (sc->p < sc->end && !strchr(",()# \t\r", *sc->p))
        sc->p++;
    size_t len = (size_t)(sc->p - s);
    if (!len)
        return scan_fail(sc, s, "expected %s", what);
    if (len >= n)
        return scan_fail(sc, s, "%s is longer than %zu characters", what,
                         n - 1);
    memcpy(out, s, len);
    out[len] = 0;
    return 0;
}

static int scan_number(struct scan *sc, double *out, const char **at)
{
    char tok[64], *e;
    skip_space(sc);
    *at = sc->p;
    if (scan_token(sc, tok, sizeof tok, "a number"))
        return ERR_USER;
    errno = 0;
    *out = strtod(tok, &e);
    if (*e || errno || !isfinite(*out))
        return scan_fail(sc, *at, "'%s' is not a finite number", tok);
    return 0;
}

/* ---- distributions ----------------------------------------------- */

static int check_range(struct scan *sc, struct search_param *p,
                       const char *at_lo, const char *at_hi)
{
    if (p->kind == SEARCH_INT && (p->lo != floor(p->lo) ||
                                  fabs(p->lo) > 1e15))
        return scan_fail(sc, at_lo, "int bound %g is not an integer", p->lo);
    if (p->kind == SEARCH_INT && (p->hi != floor(p->hi) ||
                                  fabs(p->hi) > 1e15))
        return scan_fail(sc, at_hi, "int bound %g is not an integer", p->hi);
    if (p->kind == SEARCH_INT ? p->lo > p->hi : p->lo >= p->hi)
        return scan_fail(sc, at_lo, "empty range [%g, %g] (the low bound "
                         "must be below the high bound)", p->lo, p->hi);
    if (p->log && p->lo <= 0)
        return scan_fail(sc, at_lo, "log scale needs positive bounds, got "
                         "%g (use uniform() or int() for ranges that "
                         "reach 0)", p->lo);
    return 0;
}

static int scan_numeric(struct scan *sc, struct search_param *p)
{
    const char *at_lo, *at_hi;
    if (scan_number(sc, &p->lo, &at_lo) || scan_char(sc, ',', "two bounds: "
                                                     "(low, high)") ||
        scan_number(sc, &p->hi, &at_hi))
        return ERR_USER;
    skip_space(sc);
    if (p->kind == SEARCH_INT && sc->p < sc->end && *sc->p == ',') {
        char word[16];
        sc->p++;
        skip_space(sc);
        const char *at = sc->p;
        if (scan_ident(sc, word, sizeof word, "'log'"))
            return ERR_USER;
        if (strcmp(word, "log"))
            return scan_fail(sc, at, "unknown int option '%s' (the only "
                             "option is 'log')", word);
        p->log = 1;
    }
    if (scan_char(sc, ')', p->kind == SEARCH_INT ? "int(low, high) or "
                  "int(low, high, log)" : "two bounds: (low, high)"))
        return ERR_USER;
    return check_range(sc, p, at_lo, at_hi);
}

static int add_choice(struct scan *sc, struct search_param *p,
                      const char *value, const char *at)
{
    for (size_t i = 0; i < p->n_choices; i++)
        if (!strcmp(p->choices[i], value))
            return scan_fail(sc, at, "choice value '%s' appears twice",
                             value);
    struct err e = ERR_INIT;
    if (grow_array(&p->choices, &p->cap_choices, p->n_choices + 1,
                   sizeof *p->choices, SEARCH_CHOICES_MAX, "choice values",
                   &e))
        return e.code == ERR_USER ? scan_fail(sc, at, "%s", e.msg)
                                  : err_set(sc->err, e.code, "%s", e.msg);
    snprintf(p->choices[p->n_choices++], SEARCH_CHOICE_MAX, "%s", value);
    return 0;
}

static int scan_choices(struct scan *sc, struct search_param *p)
{
    for (;;) {
        char value[SEARCH_CHOICE_MAX];
        skip_space(sc);
        const char *at = sc->p;
        if (scan_token(sc, value, sizeof value, "a choice value") ||
            add_choice(sc, p, value, at))
            return ERR_USER;
        skip_space(sc);
        if (sc->p < sc->end && *sc->p == ',') {
            sc->p++;
            continue;
        }
        return scan_char(sc, ')', "choice(a, b, c)");
    }
}

static int scan_distribution(struct scan *sc, struct search_param *p)
{
    char word[32];
    skip_space(sc);
    const char *at = sc->p;
    if (scan_ident(sc, word, sizeof word, "a distribution: uniform, "
                   "loguniform, int or choice"))
        return ERR_USER;
    if (!strcmp(word, "uniform") || !strcmp(word, "loguniform")) {
        p->kind = SEARCH_UNIFORM;
        p->log = word[0] == 'l';
    } else if (!strcmp(word, "int")) {
        p->kind = SEARCH_INT;
    } else if (!strcmp(word, "choice")) {
        p->kind = SEARCH_CHOICE;
    } else {
        return scan_fail(sc, at, "unknown distribution '%s' (use uniform, "
                         "loguniform, int or choice)", word);
    }
    if (scan_char(sc, '(', "arguments follow the distribution"))
        return ERR_USER;
    return p->kind == SEARCH_CHOICE ? scan_choices(sc, p)
                                    : scan_numeric(sc, p);
}

/* ---- conditions ---------------------------------------------------- */

static int scan_op(struct scan *sc, enum search_op *op)
{
    static const struct { const char *text; enum search_op op; } ops[] = {
        {"==", SEARCH_EQ}, {"!=", SEARCH_NE}, {"<=", SEARCH_LE},
        {">=", SEARCH_GE}, {"<", SEARCH_LT}, {">", SEARCH_GT},
    };
    skip_space(sc);
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t n = strlen(ops[i].text);
        if ((size_t)(sc->end - sc->p) >= n && !memcmp(sc->p, ops[i].text, n)) {
            sc->p += n;
            *op = ops[i].op;
            return 0;
        }
    }
    return scan_fail(sc, sc->p, "expected a comparison: ==, !=, <, <=, > "
                     "or >=");
}

static int cond_value(struct scan *sc, const struct search_param *parent,
                      struct search_cond *c)
{
    char value[SEARCH_CHOICE_MAX];
    skip_space(sc);
    const char *at = sc->p;
    if (parent->kind != SEARCH_CHOICE) {
        const char *ignored;
        return scan_number(sc, &c->value, &ignored);
    }
    if (c->op != SEARCH_EQ && c->op != SEARCH_NE)
        return scan_fail(sc, at, "'%s' is a choice: compare it with == or "
                         "!=", parent->name);
    if (scan_token(sc, value, sizeof value, "a value"))
        return ERR_USER;
    for (size_t i = 0; i < parent->n_choices; i++)
        if (!strcmp(parent->choices[i], value)) {
            c->value = (double)i;
            return 0;
        }
    return scan_fail(sc, at, "'%s' is not one of the values of '%s'", value,
                     parent->name);
}

static int scan_condition(struct scan *sc, const struct search_space *space,
                          struct search_param *p)
{
    char name[SEARCH_NAME_MAX];
    skip_space(sc);
    const char *at = sc->p;
    if (scan_ident(sc, name, sizeof name, "a parameter name after 'if'"))
        return ERR_USER;
    int parent = search_space_find(space, name);
    if (parent < 0)
        return scan_fail(sc, at, "condition on unknown parameter '%s' "
                         "(a condition names a parameter declared above)",
                         name);
    p->cond.on = 1;
    p->cond.parent = (size_t)parent;
    if (scan_op(sc, &p->cond.op))
        return ERR_USER;
    return cond_value(sc, &space->params[parent], &p->cond);
}

/* ---- lines --------------------------------------------------------- */

static int scan_tail(struct scan *sc, const struct search_space *space,
                     struct search_param *p)
{
    char word[8];
    if (at_end(sc))
        return 0;
    const char *at = sc->p;
    if (!is_ident((unsigned char)*sc->p, 1) ||
        scan_ident(sc, word, sizeof word, "'if'") || strcmp(word, "if"))
        return scan_fail(sc, at, "unexpected text after the distribution "
                         "(only 'if NAME == VALUE' or a # comment may "
                         "follow)");
    if (scan_condition(sc, space, p))
        return ERR_USER;
    if (!at_end(sc))
        return scan_fail(sc, sc->p, "unexpected text after the condition");
    return 0;
}

static int scan_param(struct scan *sc, const struct search_space *space,
                      struct search_param *p)
{
    skip_space(sc);
    const char *at = sc->p;
    if (scan_ident(sc, p->name, sizeof p->name, "a parameter name (letters, "
                   "digits, _ . -)"))
        return ERR_USER;
    if (search_space_find(space, p->name) >= 0)
        return scan_fail(sc, at, "duplicate parameter '%s' (first declared "
                         "on line %d)", p->name,
                         space->params[search_space_find(space, p->name)]
                             .line);
    if (scan_char(sc, ':', "write NAME: DISTRIBUTION(...)"))
        return ERR_USER;
    if (scan_distribution(sc, p))
        return ERR_USER;
    return scan_tail(sc, space, p);
}

static int parse_line(struct scan *sc, struct search_space *space)
{
    if (at_end(sc))
        return 0;
    if (space->n == SEARCH_PARAMS_MAX)
        return scan_fail(sc, sc->p, "more than %d parameters",
                         SEARCH_PARAMS_MAX);
    struct search_param *p = &space->params[space->n];
    memset(p, 0, sizeof *p);
    p->line = sc->line;
    int rc = scan_param(sc, space, p);
    if (rc) {
        free(p->choices);
        p->choices = NULL;
        return rc;
    }
    space->n++;
    return 0;
}

static int parse_lines(struct scan *sc, const char *text,
                       struct search_space *space)
{
    const char *s = text;
    for (sc->line = 1; *s; sc->line++) {
        const char *nl = strchr(s, '\n');
        const char *e = nl ? nl : s + strlen(s);
        sc->start = sc->p = s;
        sc->end = e;
        if (e - s > SEARCH_LINE_MAX)
            return scan_fail(sc, s + SEARCH_LINE_MAX, "line longer than %d "
                             "characters", SEARCH_LINE_MAX);
        if (parse_line(sc, space))
            return ERR_USER;
        s = nl ? nl + 1 : e;
    }
    return 0;
}

int search_space_parse(const char *text, const char *filename,
                       struct search_space **out, struct err *err)
{
    struct scan sc = {.file = filename ? filename : "<space>", .err = err};
    struct search_space *space = calloc(1, sizeof *space);
    if (space)
        space->params = calloc(SEARCH_PARAMS_MAX, sizeof *space->params);
    if (!space || !space->params) {
        search_space_free(space);
        return err_set(err, ERR_INTERNAL, "out of memory");
    }
    if (strlen(text) > SEARCH_SPACE_TEXT_MAX) {
        search_space_free(space);
        return err_set(err, ERR_USER, "%s: larger than %d bytes", sc.file,
                       SEARCH_SPACE_TEXT_MAX);
    }
    int rc = parse_lines(&sc, text, space);
    if (!rc && !space->n)
        rc = err_set(err, ERR_USER, "%s:1:1: the space declares no "
                     "parameters (write one per line, e.g. 'x: uniform(0, "
                     "1)')", sc.file);
    if (rc) {
        search_space_free(space);
        return rc;
    }
    *out = space;
    return 0;
}

int search_space_load(const char *path, struct search_space **out,
                      struct err *err)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return err_errno(err, "space file %s", path);
    char *text = malloc(SEARCH_SPACE_TEXT_MAX + 2);
    size_t n = text ? fread(text, 1, SEARCH_SPACE_TEXT_MAX + 1, f) : 0;
    int bad = !text || ferror(f);
    fclose(f);
    if (bad) {
        free(text);
        return err_set(err, ERR_USER, "cannot read space file %s", path);
    }
    text[n] = 0;
    int rc = n > SEARCH_SPACE_TEXT_MAX
                 ? err_set(err, ERR_USER, "%s: larger than %d bytes", path,
                           SEARCH_SPACE_TEXT_MAX)
             : memchr(text, 0, n) ? err_set(err, ERR_USER, "%s: contains a "
                                            "NUL byte; is it a text file?",
                                            path)
                                  : search_space_parse(text, path, out, err);
    free(text);
    return rc;
}

void search_space_free(struct search_space *space)
{
    if (!space)
        return;
    if (space->params)
        for (size_t i = 0; i < space->n; i++)
            free(space->params[i].choices);
    free(space->params);
    free(space);
}

int search_space_find(const struct search_space *space, const char *name)
{
    for (size_t i = 0; i < space->n; i++)
        if (!strcmp(space->params[i].name, name))
            return (int)i;
    return -1;
}
