/*
 * parse_cond — one condition of a rule, compiled.
 *
 *   cond  := 'not' cond | 'any' | 'any' cond
 *          | 'inside' ['approved'] ['campaign'] 'envelope'
 *          | BOOL | 'campaign'                       (network, novel-campaign…)
 *          | 'role' ['='|'!='] ROLE
 *          | NAME ( VALUE | ('='|'!=') VALUE | ['not'] 'matching' GLOB )
 *          | NUMBER-FIELD OP VALUE [per-tail]
 *          | OP VALUE [per-tail]       (after 'and': the previous field again)
 *
 * Values are converted to base units here (bytes, seconds), and sizes and
 * durations must carry a unit: "mem > 4" is far more likely a mistake than
 * a limit of four bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "policy/pstate.h"

#define VALUE_MAX 1024

static const char *const field_names[] = {
    "role", "principal", "command", "workdir", "campaign", "tag",
    "param.<name>", "network", "cpus", "mem", "gpus", "time", "disk",
    "cpu-hours", "gpu-hours", "mem-gb-hours", "runs", "envelope",
    "novel-campaign", "repeat-of-failed", "any",
};
#define NFIELD_NAMES (sizeof field_names / sizeof field_names[0])

void pcond_release(struct pcond *c)
{
    free(c->str);
    free(c->param);
    free(c->scope_name);
    memset(c, 0, sizeof *c);
}

static int unknown_field(struct pstate *ps)
{
    char hint[384], show[64];
    const struct token *t = &ps->tok;
    const char *near = policy_closest(t->s, t->n, field_names, NFIELD_NAMES);
    int o = snprintf(hint, sizeof hint, "%s%s%svalid fields: ",
                     near ? "did you mean '" : "", near ? near : "",
                     near ? "'? " : "");
    for (size_t i = 0; i < NFIELD_NAMES && o > 0 && (size_t)o < sizeof hint;
         i++)
        o += snprintf(hint + o, sizeof hint - (size_t)o, "%s%s",
                      i ? ", " : "", field_names[i]);
    return perr(ps, t, hint, "unknown field %s",
                tok_show(t, show, sizeof show));
}

static int is_metric(int f)
{
    return f >= F_CPU_HOURS && f <= F_RUNS;
}

static int op_of(const struct token *t)
{
    static const char *const ops[] = {"<", "<=", ">", ">=", "=", "!="};
    if (t->type != T_OP)
        return -1;
    if (t->n == 2 && !memcmp(t->s, "==", 2))
        return OP_EQ;
    for (int i = 0; i < 6; i++)
        if (strlen(ops[i]) == t->n && !memcmp(ops[i], t->s, t->n))
            return i;
    return -1;
}

static int needs_unit(const char *v)
{
    size_t n = strlen(v);
    return n && (v[n - 1] >= '0' && v[n - 1] <= '9');
}

int parse_number(struct pstate *ps, int unit, const char *what, double *out)
{
    struct token at = ps->tok;
    char v[64];
    struct err e = ERR_INIT;
    int64_t i = 0;
    if (at.type != T_WORD || tok_text(&at, v, sizeof v))
        return perr(ps, &at, "e.g. 1, 0.5, 4G or 2h", "expected a value for %s",
                    what);
    int rc = 0;
    if (unit == U_SIZE && needs_unit(v))
        return perr(ps, &at, "write a unit: K, M, G or T (e.g. 4G)",
                    "%s '%s' has no unit", what, v);
    if (unit == U_DURATION && needs_unit(v))
        return perr(ps, &at, "write a unit: s, m, h, d or w (e.g. 2h)",
                    "%s '%s' has no unit", what, v);
    if (unit == U_SIZE)
        rc = parse_size(v, what, &i, &e);
    else if (unit == U_DURATION)
        rc = parse_duration(v, what, &i, &e);
    else
        rc = parse_double(v, what, out, &e);
    if (rc)
        return perr(ps, &at, unit == U_SIZE ? "sizes: 512M, 4G, 1T"
                    : unit == U_DURATION ? "durations: 90s, 5m, 2h, 1h30m, 1d"
                    : "numbers: 1, 0.5, 100", "bad value: %s", e.msg);
    if (unit == U_SIZE || unit == U_DURATION)
        *out = (double)i;
    padvance(ps);
    return 0;
}

/* The optional account and window of a metric: 'per run',
 * 'per SCOPE [NAME]' with 'per day' / 'per week' / 'in total', or a window
 * alone for the global account. */
static int parse_scope(struct pstate *ps, struct pcond *c)
{
    struct token at = ps->tok;
    char show[64];
    static const char *const scopes[] = {"principal", "agent", "role",
                                         "campaign"};
    static const int ids[] = {POLICY_SCOPE_PRINCIPAL, POLICY_SCOPE_PRINCIPAL,
                              POLICY_SCOPE_ROLE, POLICY_SCOPE_CAMPAIGN};
    for (int i = 0; i < 4; i++) {
        if (!tok_is(&at, scopes[i]))
            continue;
        if (c->scope != POLICY_SCOPE_RUN)   /* found by fuzz/: leaked */
            return perr(ps, &at, "e.g. per agent per day",
                        "a rolling sum counts one account, found a second");
        c->scope = (uint8_t)ids[i];
        padvance(ps);
        if (ps->tok.type == T_STRING || (ps->tok.type == T_WORD &&
            !tok_is(&ps->tok, "per") && !tok_is(&ps->tok, "in") &&
            !tok_is(&ps->tok, "total") && !pat_cond_end(ps))) {
            char v[256];
            if (pvalue(ps, "account name", v, sizeof v))
                return -1;
            c->scope_name = strdup(v);
            if (!c->scope_name)
                return perr(ps, &at, NULL, "out of memory");
        }
        return 0;
    }
    return perr(ps, &at, "per run, per day, per week, per principal, per "
                "agent, per role, per campaign", "'per' needs a window or an account, found %s",
                tok_show(&at, show, sizeof show));
}

static int parse_per_one(struct pstate *ps, struct pcond *c, int *saw_run)
{
    if (paccept(ps, "total"))
        return c->window = POLICY_WINDOW_TOTAL, 0;
    if (paccept(ps, "in"))
        return c->window = POLICY_WINDOW_TOTAL, pexpect(ps, "total", NULL);
    padvance(ps);  /* 'per' */
    if (paccept(ps, "run"))
        return *saw_run = 1, 0;
    if (paccept(ps, "day"))
        return c->window = POLICY_WINDOW_DAY, 0;
    if (paccept(ps, "week"))
        return c->window = POLICY_WINDOW_WEEK, 0;
    return parse_scope(ps, c);
}

int parse_per(struct pstate *ps, struct pcond *c, int for_budget)
{
    struct token at = ps->tok;
    int saw_run = 0;
    c->scope = POLICY_SCOPE_RUN;
    c->window = POLICY_WINDOW_NONE;
    while (tok_is(&ps->tok, "per") || tok_is(&ps->tok, "in") ||
           tok_is(&ps->tok, "total"))
        if (parse_per_one(ps, c, &saw_run))
            return -1;
    if (c->scope == POLICY_SCOPE_RUN && c->window != POLICY_WINDOW_NONE)
        c->scope = POLICY_SCOPE_GLOBAL;
    if (saw_run && c->scope != POLICY_SCOPE_RUN)
        return perr(ps, &at, "write 'per run' alone, or an account and a "
                    "window such as 'per agent per day'",
                    "'per run' cannot be combined with an account or window");
    if (c->scope != POLICY_SCOPE_RUN && c->window == POLICY_WINDOW_NONE)
        return perr(ps, &at, "add 'per day', 'per week' or 'in total'",
                    "a rolling sum needs a window");
    if (for_budget && c->scope == POLICY_SCOPE_RUN)
        return perr(ps, &at, "e.g. budget 100 cpu-hours per agent per week",
                    "a budget needs a window: per day, per week or in total");
    if (c->scope == POLICY_SCOPE_ROLE && c->scope_name &&
        strcmp(c->scope_name, "owner") && strcmp(c->scope_name, "reviewer") &&
        strcmp(c->scope_name, "agent"))
        return perr(ps, &at, "roles: owner, reviewer, agent",
                    "unknown role '%s'", c->scope_name);
    return 0;
}

static int parse_role(struct pstate *ps, struct pcond *c)
{
    int op = op_of(&ps->tok);
    c->op = OP_EQ;
    if (op == OP_EQ || op == OP_NE) {
        c->op = (uint8_t)op;
        padvance(ps);
    }
    for (int r = ROLE_OWNER; r <= ROLE_HUMAN; r++) {
        if (paccept(ps, prole_name(r))) {
            c->num = r;
            return 0;
        }
    }
    return perr(ps, &ps->tok, "roles: owner, reviewer, agent, human (owner "
                "or reviewer)", "expected a role after 'role'");
}

static int parse_glob(struct pstate *ps, struct pcond *c, int op)
{
    char v[VALUE_MAX];
    c->op = (uint8_t)op;
    if (pvalue(ps, "pattern", v, sizeof v))
        return -1;
    c->str = strdup(v);
    return c->str ? 0 : perr(ps, &ps->tok, NULL, "out of memory");
}

/* A param compared with < <= > >= takes a number; with = or != a word that
 * reads as a number compares as one, anything else (or a quoted string)
 * compares as text. */
static int parse_param_value(struct pstate *ps, struct pcond *c, int op)
{
    char v[VALUE_MAX];
    int quoted = ps->tok.type == T_STRING;
    c->op = (uint8_t)op;
    if (op <= OP_GE)
        return c->num_param = 1, parse_number(ps, U_NUMBER, "param", &c->num);
    struct token at = ps->tok;
    if (pvalue(ps, "value", v, sizeof v))
        return -1;
    char *end;
    double d = strtod(v, &end);
    if (!quoted && *v && !*end) {
        c->num_param = 1;
        c->num = d;
        return 0;
    }
    c->str = strdup(v);
    return c->str ? 0 : perr(ps, &at, NULL, "out of memory");
}

static int parse_string_tail(struct pstate *ps, struct pcond *c)
{
    int op = op_of(&ps->tok);
    if (c->field == F_CAMPAIGN && pat_cond_end(ps))
        return c->field = F_IN_CAMPAIGN, c->op = OP_TRUE, 0;
    if (paccept(ps, "matching"))
        return parse_glob(ps, c, OP_MATCH);
    if (tok_is(&ps->tok, "not")) {
        padvance(ps);
        if (pexpect(ps, "matching", "write 'not matching \"glob\"'"))
            return -1;
        return parse_glob(ps, c, OP_NMATCH);
    }
    if (op >= 0)
        padvance(ps);
    if (op >= 0 && op != OP_EQ && op != OP_NE && c->field != F_PARAM)
        return perr(ps, &ps->tok, "use =, != or matching",
                    "%s is text and cannot be compared with <, >",
                    pfield_name(c->field));
    if (op < 0)
        op = OP_EQ;
    if (c->field == F_PARAM)
        return parse_param_value(ps, c, op);
    return parse_glob(ps, c, op);
}

static int parse_numeric_tail(struct pstate *ps, struct pcond *c)
{
    int op = op_of(&ps->tok);
    const char *name = pfield_name(c->field);
    if (pfield_unit(c->field) == U_BOOL)
        return c->op = OP_TRUE, 0;
    if (op < 0)
        return perr(ps, &ps->tok, "e.g. gpus > 1, time <= 2h, mem < 16G",
                    "%s needs a comparison (<, <=, >, >=, =, !=)", name);
    c->op = (uint8_t)op;
    padvance(ps);
    if (parse_number(ps, pfield_unit(c->field), name, &c->num))
        return -1;
    if (tok_is(&ps->tok, "per") || tok_is(&ps->tok, "in") ||
        tok_is(&ps->tok, "total")) {
        if (!is_metric(c->field))
            return perr(ps, &ps->tok, "only cpu-hours, gpu-hours, "
                        "mem-gb-hours and runs add up over a window",
                        "%s cannot be summed", name);
        if (parse_per(ps, c, 0))
            return -1;
        if (c->scope != POLICY_SCOPE_RUN)
            ps->ctx->p->needs_usage = 1;
    }
    return 0;
}

static int parse_field(struct pstate *ps, struct pcond *c)
{
    const struct token *t = &ps->tok;
    if (t->type != T_WORD)
        return perr(ps, t, "e.g. gpus > 1, network, role owner",
                    "expected a condition");
    if (t->n > 6 && !memcmp(t->s, "param.", 6)) {
        c->field = F_PARAM;
        c->param = strndup(t->s + 6, t->n - 6);
        if (!c->param || policy_param_slot(ps->ctx->p, c))
            return perr(ps, t, NULL, "out of memory or more than %d distinct "
                        "params", PARAMS_MAX);
        padvance(ps);
        return 0;
    }
    int f = pfield_lookup(t->s, t->n);
    if (f < 0)
        return unknown_field(ps);
    c->field = (uint8_t)f;
    padvance(ps);
    return 0;
}

static int parse_envelope(struct pstate *ps, struct pcond *c)
{
    (void)paccept(ps, "approved");
    (void)paccept(ps, "campaign");
    c->field = F_ENVELOPE;
    c->op = OP_TRUE;
    return pexpect(ps, "envelope", "write 'inside envelope'");
}

static int parse_tail(struct pstate *ps, struct pcond *c)
{
    if (c->field == F_ROLE)
        return parse_role(ps, c);
    if (c->field >= F_NUMERIC_END)
        return parse_string_tail(ps, c);
    return parse_numeric_tail(ps, c);
}

int parse_cond(struct pstate *ps, const struct pcond *prev, struct pcond *c)
{
    memset(c, 0, sizeof *c);
    while (paccept(ps, "not"))
        c->negate ^= 1;
    if (prev && ps->tok.type == T_OP && prev->field != F_ROLE) {
        c->field = prev->field;
        c->slot = prev->slot;
        if (prev->param && !(c->param = strdup(prev->param)))
            return perr(ps, &ps->tok, NULL, "out of memory");
        return parse_tail(ps, c);
    }
    if (paccept(ps, "inside"))
        return parse_envelope(ps, c);
    /* 'any' alone matches everything; before a condition ("deny any
     * network") it is only a word that reads well. */
    if (paccept(ps, "any") && pat_cond_end(ps))
        return c->field = F_ANY, c->op = OP_TRUE, 0;
    if (parse_field(ps, c))
        return -1;
    return parse_tail(ps, c);
}
