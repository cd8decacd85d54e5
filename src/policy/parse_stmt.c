/*
 * parse_stmt — the policy's statements, one per line (or per ';').
 *
 *   deny|review|auto COND {and COND} [unless COND {or COND}]
 *   budget N METRIC [per SCOPE [NAME]] (per day | per week | in total)
 *   reviews expire after DURATION
 *   approvals (valid for | expire after) DURATION
 *   promotion needs ITEM {and ITEM}
 *       ITEM := N approval[s] [from humans|owners|reviewers]
 *               [other than [the] requester]  |  gate NAME
 *   promotion gate|deploy|first|rollback ...   (promotion.c)
 *   secret PATH            require token
 *   accept unenforced LIMIT {[,] LIMIT}
 *   default LIMIT VALUE {[,] LIMIT VALUE}
 *   include "FILE"
 *
 * A statement with an error is dropped whole and parsing resumes on the
 * next line, so one check reports every mistake in the file.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "policy/pstate.h"

#define RULE_TEXT_MAX 512

static const char *const keywords[] = {
    "deny", "review", "auto", "budget", "reviews", "approvals", "promotion",
    "secret", "require", "accept", "default", "include", "retain",
};
#define NKEYWORDS (sizeof keywords / sizeof keywords[0])

int perr(struct pstate *ps, const struct token *tok, const char *hint,
         const char *fmt, ...)
{
    struct pctx *ctx = ps->ctx;
    if (tok && tok->type == T_ERROR && tok->msg == NULL)
        return -1;  /* already reported when lexed */
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = tok ? tok->line : 0, col = tok ? tok->col : 0;
    if (ctx->nerrors++ == 0)
        err_set(ctx->err, ERR_USER, "policy error: %s:%d:%d: %s%s%s", ps->path,
                line, col, msg, hint ? " (hint: " : "", hint ? hint : "");
    struct policy_diags *d = ctx->diags;
    if (!d)
        return -1;
    if (d->n >= POLICY_DIAG_MAX)
        return d->dropped++, -1;
    struct policy_diag *g = &d->items[d->n++];
    snprintf(g->file, sizeof g->file, "%s", ps->path);
    g->line = line;
    g->col = col;
    snprintf(g->msg, sizeof g->msg, "%s", msg);
    snprintf(g->hint, sizeof g->hint, "%s", hint ? hint : "");
    return -1;
}

void padvance(struct pstate *ps)
{
    /* before the first token tok.s is NULL, and NULL + 0 is undefined */
    if (ps->tok.s)
        ps->last_end = ps->tok.s + ps->tok.n;
    ps->tok = lex_next(&ps->lx);
    if (ps->tok.type == T_ERROR) {
        (void)perr(ps, &ps->tok, NULL, "%s", ps->tok.msg);
        ps->tok.msg = NULL;  /* reported: perr stays quiet on it */
    }
}

int paccept(struct pstate *ps, const char *word)
{
    if (!tok_is(&ps->tok, word))
        return 0;
    padvance(ps);
    return 1;
}

int pexpect(struct pstate *ps, const char *word, const char *hint)
{
    char show[64];
    if (paccept(ps, word))
        return 0;
    return perr(ps, &ps->tok, hint, "expected '%s' here, not %s", word,
                tok_show(&ps->tok, show, sizeof show));
}

int pat_cond_end(const struct pstate *ps)
{
    const struct token *t = &ps->tok;
    return t->type == T_EOL || t->type == T_EOF || tok_is(t, "and") ||
           tok_is(t, "or") || tok_is(t, "unless");
}

int pvalue(struct pstate *ps, const char *what, char *out, size_t n)
{
    struct token at = ps->tok;
    if (at.type != T_WORD && at.type != T_STRING)
        return perr(ps, &at, "a word, or text in double quotes",
                    "expected %s", what);
    if (tok_text(&at, out, n))
        return perr(ps, &at, NULL, "%s is too long (at most %zu bytes)", what,
                    n - 1);
    padvance(ps);
    return 0;
}

/* The statement's text from its first token to its last, each run of
 * blanks (and continuation backslashes) collapsed to one space. */
static char *rule_text(const char *s, const char *end)
{
    char *out = malloc(RULE_TEXT_MAX);
    size_t o = 0;
    int space = 0;
    if (!out)
        return NULL;
    for (; s < end && o + 6 < RULE_TEXT_MAX; s++) {
        int blank = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
                    (*s == '\\' && s + 1 < end &&
                     (s[1] == '\n' || s[1] == '\r'));
        if (blank) {
            space = 1;
            continue;
        }
        if (space && o)
            out[o++] = ' ';
        space = 0;
        out[o++] = *s;
    }
    if (s < end) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = 0;
    return out;
}

enum { SET_REVIEWS, SET_APPROVALS, SET_PROMOTION, SET_QUORUM,
       SET_DEFAULT_FIRST };

/* A setting made twice is an error, not "the last one wins": with
 * includes, which one is last is easy to misread. */
static int set_once(struct pstate *ps, const struct token *at, int bit,
                    const char *what)
{
    struct policy *p = ps->ctx->p;
    if (p->settings & (1u << bit))
        return perr(ps, at, "keep one of them", "%s is set twice", what);
    p->settings |= 1u << bit;
    return 0;
}

/* Room for one more element in one of the policy's arrays; a refusal is
 * reported at `at` like any mistake in the file. */
static int pgrow(struct pstate *ps, const struct token *at, void *items,
                 size_t *cap, size_t n, size_t size, size_t max,
                 const char *what)
{
    struct err e = ERR_INIT;
    if (!grow_array(items, cap, n + 1, size, max, what, &e))
        return 0;
    return perr(ps, at, NULL, "%s", e.msg);
}

static int push_cond(struct pstate *ps, struct pcond *c)
{
    struct policy *p = ps->ctx->p;
    if (pgrow(ps, &ps->tok, &p->conds, &p->capconds, p->nconds, sizeof *c,
              POLICY_CONDS_MAX, "conditions")) {
        pcond_release(c);
        return -1;
    }
    p->conds[p->nconds++] = *c;
    return 0;
}

/* Conditions joined by `joiner` ("and" or "or"); the other word is an
 * error with a hint, since mixing them would need parentheses. */
static int parse_conds(struct pstate *ps, const char *joiner,
                       const char *other, const char *hint, uint32_t *count)
{
    const struct pcond *prev = NULL;
    for (;;) {
        struct pcond c;
        if (parse_cond(ps, prev, &c)) {
            pcond_release(&c);
            return -1;
        }
        if (push_cond(ps, &c))
            return -1;
        prev = &ps->ctx->p->conds[ps->ctx->p->nconds - 1];
        (*count)++;
        if (tok_is(&ps->tok, other))
            return perr(ps, &ps->tok, hint, "'%s' is not allowed here", other);
        if (!paccept(ps, joiner))
            return 0;
    }
}

static void truncate_conds(struct policy *p, size_t n)
{
    while (p->nconds > n)
        pcond_release(&p->conds[--p->nconds]);
}

static int add_rule(struct pstate *ps, struct prule *r, const char *start)
{
    struct policy *p = ps->ctx->p;
    if (pgrow(ps, &ps->tok, &p->rules, &p->caprules, p->nrules, sizeof *r,
              POLICY_RULES_MAX, "rules"))
        return -1;
    r->text = rule_text(start, ps->last_end);
    if (!r->text)
        return perr(ps, &ps->tok, NULL, "out of memory");
    p->rules[p->nrules++] = *r;
    return 0;
}

static int parse_approvals(struct pstate *ps, struct policy_promotion *pr,
                           int setting);

/* "review needs 2 approvals from humans other than the proposer": the
 * two-person rule for proposals a human reviews. */
static int st_review_quorum(struct pstate *ps)
{
    if (parse_approvals(ps, &ps->ctx->p->review_quorum, SET_QUORUM))
        return -1;
    if (ps->tok.type != T_EOL && ps->tok.type != T_EOF)
        return perr(ps, &ps->tok, "e.g. review needs 2 approvals from humans "
                    "other than the proposer", "unexpected text");
    return 0;
}

static int st_rule(struct pstate *ps)
{
    char show[64];
    struct policy *p = ps->ctx->p;
    const char *start = ps->tok.s;
    struct prule r = {0};
    size_t mark = p->nconds;
    r.action = tok_is(&ps->tok, "deny") ? POLICY_DENY
             : tok_is(&ps->tok, "review") ? POLICY_REVIEW : POLICY_AUTO;
    r.file = ps->file;
    r.line = ps->tok.line;
    padvance(ps);
    if (r.action == POLICY_REVIEW && paccept(ps, "needs"))
        return st_review_quorum(ps);
    r.first = (uint32_t)p->nconds;
    int rc = parse_conds(ps, "and", "or", "'or' only joins the alternatives "
                         "after 'unless'; write two rules instead", &r.ncond);
    r.unless = (uint32_t)p->nconds;
    if (!rc && paccept(ps, "unless"))
        rc = parse_conds(ps, "or", "and", "after 'unless', alternatives are "
                         "joined with 'or'", &r.nunless);
    if (!rc && ps->tok.type != T_EOL && ps->tok.type != T_EOF)
        rc = perr(ps, &ps->tok, "join conditions with 'and'; end the rule "
                  "with a newline or ';'", "unexpected %s in rule",
                  tok_show(&ps->tok, show, sizeof show));
    if (!rc)
        rc = add_rule(ps, &r, start);
    if (rc)
        truncate_conds(p, mark);
    return rc;
}

static int parse_approvals(struct pstate *ps, struct policy_promotion *pr,
                           int setting)
{
    double n = 0;
    struct token at = ps->tok;
    if (parse_number(ps, U_NUMBER, "approvals", &n))
        return -1;
    if (n < 1 || n > 10 || n != (int)n)
        return perr(ps, &at, "a whole number from 1 to 10",
                    "bad number of approvals");
    if (set_once(ps, &at, setting, setting == SET_QUORUM
                 ? "the number of review approvals"
                 : "the number of promotion approvals"))
        return -1;
    pr->approvals = (int)n;
    if (!paccept(ps, "approvals") && !paccept(ps, "approval"))
        return perr(ps, &ps->tok, "e.g. promotion needs 2 approvals",
                    "expected 'approvals'");
    if (paccept(ps, "from")) {
        if (paccept(ps, "humans"))
            pr->from = POLICY_APPROVERS_HUMANS;
        else if (paccept(ps, "owners"))
            pr->from = POLICY_APPROVERS_OWNERS;
        else if (paccept(ps, "reviewers"))
            pr->from = POLICY_APPROVERS_REVIEWERS;
        else
            return perr(ps, &ps->tok, "humans, owners or reviewers",
                        "approvals from whom?");
    }
    if (paccept(ps, "other")) {
        if (pexpect(ps, "than", NULL))
            return -1;
        (void)paccept(ps, "the");
        if (!paccept(ps, "proposer") && pexpect(ps, "requester", NULL))
            return -1;
        pr->distinct_from_requester = 1;
    }
    return 0;
}

static int parse_gate(struct pstate *ps)
{
    struct policy *p = ps->ctx->p;
    char v[256];
    if (pvalue(ps, "gate name", v, sizeof v))
        return -1;
    if (pgrow(ps, &ps->tok, &p->gates, &p->capgates, p->ngates,
              sizeof *p->gates, POLICY_GATES_MAX, "gates"))
        return -1;
    if (!(p->gates[p->ngates] = strdup(v)))
        return perr(ps, &ps->tok, NULL, "out of memory");
    p->ngates++;
    p->promotion.gates = (const char *const *)p->gates;
    p->promotion.ngates = p->ngates;
    return 0;
}

static int st_promotion(struct pstate *ps)
{
    padvance(ps);
    if (ps->tok.type == T_WORD && !tok_is(&ps->tok, "needs"))
        return parse_promotion_more(ps);
    if (pexpect(ps, "needs", "e.g. promotion needs 2 approvals from humans "
                "other than the requester"))
        return -1;
    do {
        int rc = paccept(ps, "gate") ? parse_gate(ps)
               : parse_approvals(ps, &ps->ctx->p->promotion, SET_PROMOTION);
        if (rc)
            return -1;
    } while (paccept(ps, "and"));
    return 0;
}

static int st_budget(struct pstate *ps)
{
    struct policy *p = ps->ctx->p;
    struct policy_budget b = {0};
    struct pcond c = {0};
    struct token at = ps->tok;
    padvance(ps);
    struct token num = ps->tok;
    if (parse_number(ps, U_NUMBER, "budget", &b.limit))
        return -1;
    if (b.limit < 0 || b.limit > 1e9)
        return perr(ps, &num, "a number from 0 to 1e9", "absurd budget");
    int f = pfield_lookup(ps->tok.s, ps->tok.n);
    if (ps->tok.type != T_WORD || f < F_CPU_HOURS || f > F_RUNS)
        return perr(ps, &ps->tok, "cpu-hours, gpu-hours, mem-gb-hours or runs",
                    "expected what the budget counts");
    padvance(ps);
    if (parse_per(ps, &c, 1)) {
        pcond_release(&c);
        return -1;
    }
    if (pgrow(ps, &at, &p->budgets, &p->capbudgets, p->nbudgets, sizeof b,
              POLICY_BUDGETS_MAX, "budgets")) {
        pcond_release(&c);
        return -1;
    }
    b.metric = (enum policy_metric)(f - F_CPU_HOURS);
    b.scope = (enum policy_scope)c.scope;
    b.window = (enum policy_window)c.window;
    b.name = c.scope_name;  /* owned by the budget now */
    b.line = at.line;
    b.file = p->files[ps->file];
    p->budgets[p->nbudgets++] = b;
    p->needs_usage = 1;
    return 0;
}

static int duration_after(struct pstate *ps, const char *w1, const char *w2,
                          int64_t *out)
{
    double v;
    struct token at = ps->tok;
    if (pexpect(ps, w1, NULL) || (w2 && pexpect(ps, w2, NULL)) ||
        parse_number(ps, U_DURATION, "duration", &v))
        return -1;
    if (v <= 0)
        return perr(ps, &at, "e.g. 24h", "the duration must be positive");
    *out = (int64_t)v;
    return 0;
}

static int st_reviews(struct pstate *ps)
{
    if (set_once(ps, &ps->tok, SET_REVIEWS, "'reviews expire after'"))
        return -1;
    padvance(ps);
    return duration_after(ps, "expire", "after", &ps->ctx->p->review_expiry);
}

static int st_approvals(struct pstate *ps)
{
    if (set_once(ps, &ps->tok, SET_APPROVALS, "approval validity"))
        return -1;
    padvance(ps);
    if (tok_is(&ps->tok, "valid"))
        return duration_after(ps, "valid", "for",
                              &ps->ctx->p->approval_validity);
    return duration_after(ps, "expire", "after",
                          &ps->ctx->p->approval_validity);
}

static int st_secret(struct pstate *ps)
{
    struct policy *p = ps->ctx->p;
    char v[4096];
    padvance(ps);
    struct token at = ps->tok;
    if (pvalue(ps, "a path", v, sizeof v))
        return -1;
    if (v[0] != '/' && !(v[0] == '~' && (v[1] == '/' || !v[1])))
        return perr(ps, &at, "e.g. secret ~/.aws or secret /etc/munge",
                    "secret paths must be absolute or start with ~/");
    if (pgrow(ps, &at, &p->secrets, &p->capsecrets, p->nsecrets,
              sizeof *p->secrets, POLICY_SECRETS_MAX, "secret paths"))
        return -1;
    if (!(p->secrets[p->nsecrets] = strdup(v)))
        return perr(ps, &at, NULL, "out of memory");
    p->nsecrets++;
    return 0;
}

static int st_require(struct pstate *ps)
{
    padvance(ps);
    if (pexpect(ps, "token", "the only requirement is 'require token'"))
        return -1;
    ps->ctx->p->require_token = 1;
    return 0;
}

static int limit_of(const struct token *t)
{
    for (int l = 0; l < POLICY_LIMIT_COUNT; l++)
        if (tok_is(t, policy_limit_name((enum policy_limit)l)))
            return l;
    return -1;
}

static int st_accept(struct pstate *ps)
{
    char show[64];
    padvance(ps);
    if (pexpect(ps, "unenforced", "e.g. accept unenforced disk"))
        return -1;
    do {
        int l = limit_of(&ps->tok);
        if (l < 0)
            return perr(ps, &ps->tok, "cpus, mem, gpus, time, disk, network, "
                        "pids", "expected a limit, found %s",
                        tok_show(&ps->tok, show, sizeof show));
        ps->ctx->p->accepted |= 1u << l;
        padvance(ps);
        if (ps->tok.type == T_COMMA)
            padvance(ps);
    } while (ps->tok.type == T_WORD);
    return 0;
}

static int default_one(struct pstate *ps)
{
    struct policy_defaults *d = &ps->ctx->p->defaults;
    int l = limit_of(&ps->tok);
    double v;
    char show[64];
    if (l < 0 || l > POLICY_LIMIT_DISK || l == POLICY_LIMIT_GPUS)
        return perr(ps, &ps->tok, "cpus, mem, time, disk (GPUs are always "
                    "asked for explicitly)", "no default limit for %s",
                    tok_show(&ps->tok, show, sizeof show));
    if (set_once(ps, &ps->tok, SET_DEFAULT_FIRST + l, "a default limit"))
        return -1;
    padvance(ps);
    int unit = l == POLICY_LIMIT_MEM || l == POLICY_LIMIT_DISK ? U_SIZE
             : l == POLICY_LIMIT_TIME ? U_DURATION : U_NUMBER;
    if (parse_number(ps, unit, policy_limit_name((enum policy_limit)l), &v))
        return -1;
    if (l == POLICY_LIMIT_CPUS) d->cpus = v;
    if (l == POLICY_LIMIT_MEM) d->mem_bytes = (int64_t)v;
    if (l == POLICY_LIMIT_TIME) d->time_seconds = (int64_t)v;
    if (l == POLICY_LIMIT_DISK) d->disk_bytes = (int64_t)v;
    return 0;
}

static int st_default(struct pstate *ps)
{
    padvance(ps);
    do {
        if (default_one(ps))
            return -1;
        if (ps->tok.type == T_COMMA)
            padvance(ps);
    } while (ps->tok.type == T_WORD);
    return 0;
}

static int st_include(struct pstate *ps)
{
    char name[1024];
    struct token at = ps->tok;
    padvance(ps);
    if (ps->tok.type != T_STRING)
        return perr(ps, &ps->tok, "e.g. include \"team.policy\"",
                    "include takes a file name in double quotes");
    if (pvalue(ps, "file name", name, sizeof name))
        return -1;
    if (ps->tok.type != T_EOL && ps->tok.type != T_EOF)
        return perr(ps, &ps->tok, NULL, "one file per include");
    return parse_include(ps, &at, name);
}

static int unknown_statement(struct pstate *ps)
{
    char hint[384], show[64];
    const struct token *t = &ps->tok;
    const char *near = t->type == T_WORD
        ? policy_closest(t->s, t->n, keywords, NKEYWORDS) : NULL;
    snprintf(hint, sizeof hint, "%s%s%sstatements start with deny, review, "
             "auto, budget, reviews, approvals, promotion, secret, require, "
             "accept, default, include or retain", near ? "did you mean '" : "",
             near ? near : "", near ? "'? " : "");
    return perr(ps, t, hint, "unknown statement %s",
                tok_show(t, show, sizeof show));
}

int st_retain(struct pstate *ps);   /* retain.c */

int parse_statement(struct pstate *ps)
{
    char show[64];
    static int (*const fns[])(struct pstate *) = {
        st_rule, st_rule, st_rule, st_budget, st_reviews, st_approvals,
        st_promotion, st_secret, st_require, st_accept, st_default,
        st_include, st_retain,
    };
    for (size_t i = 0; i < NKEYWORDS; i++) {
        if (!tok_is(&ps->tok, keywords[i]))
            continue;
        if (fns[i](ps))
            return -1;
        if (ps->tok.type == T_EOL || ps->tok.type == T_EOF)
            return 0;
        return perr(ps, &ps->tok, "one statement per line (or separate them "
                    "with ';')", "unexpected %s after the statement",
                    tok_show(&ps->tok, show, sizeof show));
    }
    return unknown_statement(ps);
}

void parse_file(struct pctx *ctx, const char *text, size_t len,
                const char *path)
{
    struct pstate ps = {ctx, {0}, {0}, (int)ctx->p->nfiles - 1, path, text};
    lex_init(&ps.lx, text, len);
    padvance(&ps);
    while (ps.tok.type != T_EOF) {
        if (ps.tok.type == T_EOL) {
            padvance(&ps);
            continue;
        }
        if (parse_statement(&ps) == 0)
            continue;
        while (ps.tok.type != T_EOL && ps.tok.type != T_EOF)
            padvance(&ps);
    }
}
