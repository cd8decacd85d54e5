/*
 * explain — turns a decision's compact record into words with the values
 * the decision saw: "gpus 2 > 1 (policy:7)", "cpu-hours per principal bob
 * per day: 3.75 used + 0.5 asked = 4.25 > 4 (policy:9)". Rendering happens
 * here, after deciding, so the evaluator stays free of text formatting.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "policy/internal.h"

struct sb {
    char *s;
    size_t n, o;
};

static void sbf(struct sb *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void sbf(struct sb *b, const char *fmt, ...)
{
    if (b->o + 1 >= b->n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(b->s + b->o, b->n - b->o, fmt, ap);
    va_end(ap);
    if (w > 0)
        b->o = b->o + (size_t)w < b->n ? b->o + (size_t)w : b->n - 1;
}

static void value_text(int unit, double v, char *out, size_t n)
{
    if (unit == U_SIZE)
        format_size((int64_t)v, out, n);
    else if (unit == U_DURATION)
        format_duration((int64_t)v, out, n);
    else
        snprintf(out, n, "%g", v);
}

static double seen_value(const struct policy_decision *d, int metric,
                         int scope, int window, const char *name, int *found)
{
    for (size_t i = 0; i < d->nseen; i++) {
        const struct policy_usage_seen *s = &d->seen[i];
        if (s->metric == metric && s->scope == scope && s->window == window &&
            s->name == name)
            return *found = 1, s->value;
    }
    return *found = 0, 0;
}

/* The request's own amount of a field (mirrors eval's fact table). */
static double own_amount(const struct policy_request *r, int field)
{
    double h = (double)r->time_seconds / 3600.0;
    switch (field) {
    case F_CPUS: return r->cpus;
    case F_MEM: return (double)r->mem_bytes;
    case F_GPUS: return r->gpus;
    case F_TIME: return (double)r->time_seconds;
    case F_DISK: return (double)r->disk_bytes;
    case F_CPU_HOURS: return r->cpus * h;
    case F_GPU_HOURS: return r->gpus * h;
    case F_MEM_GB_HOURS:
        return (double)r->mem_bytes / (1024.0 * 1024 * 1024) * h;
    default: return 1;
    }
}

static const char *account_name(const struct policy_request *r, int scope,
                                const char *named)
{
    if (named || scope == POLICY_SCOPE_GLOBAL)
        return named;
    if (scope == POLICY_SCOPE_PRINCIPAL)
        return r->principal;
    if (scope == POLICY_SCOPE_CAMPAIGN)
        return r->campaign;
    for (int i = ROLE_OWNER; i <= ROLE_AGENT; i++)
        if (r->role && !strcmp(r->role, prole_name(i)))
            return prole_name(i);
    return r->role;
}

/* "cpu-hours per principal bob per day: 3.75 used + 0.5 asked = 4.25" */
static void rolling_text(struct sb *b, const struct policy_decision *d,
                         const struct policy_request *r, int metric,
                         int scope, const char *named, int window)
{
    const char *name = account_name(r, scope, named);
    int found;
    double own = own_amount(r, F_CPU_HOURS + metric);
    double used = seen_value(d, metric, scope, window, name, &found);
    int mine = !named || (name && account_name(r, scope, NULL) &&
                          !strcmp(name, account_name(r, scope, NULL)));
    sbf(b, "%s per %s%s%s per %s: ", policy_metric_name(metric),
        policy_scope_name(scope), name ? " " : "", name ? name : "",
        policy_window_name(window));
    if (!found) {
        sbf(b, "%g asked", own);
        return;
    }
    sbf(b, "%g used + %g asked = %g", used, mine ? own : 0,
        used + (mine ? own : 0));
}

static void numeric_text(struct sb *b, const struct policy_decision *d,
                         const struct policy_request *r,
                         const struct pcond *c, int raw)
{
    char v[64], lim[64];
    int unit = pfield_unit(c->field);
    value_text(unit, c->num, lim, sizeof lim);
    if (c->scope != POLICY_SCOPE_RUN) {
        if (c->scope == POLICY_SCOPE_CAMPAIGN && !c->scope_name &&
            !(r->campaign && *r->campaign)) {
            sbf(b, "%s per campaign: not in a campaign",
                pfield_name(c->field));
            return;
        }
        rolling_text(b, d, r, c->field - F_CPU_HOURS, c->scope,
                     c->scope_name, c->window);
        sbf(b, " %s %s", pop_text(c->op, !raw), lim);
        return;
    }
    value_text(unit, own_amount(r, c->field), v, sizeof v);
    sbf(b, "%s %s %s %s", pfield_name(c->field), v, pop_text(c->op, !raw),
        lim);
}

static void bool_text(struct sb *b, const struct policy_request *r,
                      const struct pcond *c, int raw)
{
    const char *no = raw ? "" : "not ";
    if (c->field == F_ENVELOPE)
        sbf(b, "%sinside envelope%s%s", no,
            r->envelope_reason ? ": " : "",
            r->envelope_reason ? r->envelope_reason : "");
    else if (c->field == F_IN_CAMPAIGN)
        sbf(b, raw ? "in campaign %s" : "not in a campaign%s",
            r->campaign ? r->campaign : "");
    else
        sbf(b, "%s%s", no, pfield_name(c->field));
}

static void role_text(struct sb *b, const struct policy_request *r,
                      const struct pcond *c, int raw)
{
    const char *actual = r->role ? r->role : "(none)";
    int is = c->op == OP_NE ? !raw : raw;
    if (is)
        sbf(b, "role %s", actual);
    else
        sbf(b, "role %s is not %s", actual, prole_name((int)c->num));
}

static void param_text(struct sb *b, const struct policy_request *r,
                       const struct pcond *c, int raw)
{
    const json_t *v = r->params ? json_object_get(r->params, c->param) : NULL;
    const char *op = pop_text(c->op, !raw);
    if (!v)
        sbf(b, "param.%s absent", c->param);
    else if (c->num_param)
        sbf(b, "param.%s %g %s %g", c->param, json_number_value(v), op,
            c->num);
    else
        sbf(b, "param.%s \"%s\" %s \"%s\"", c->param, json_is_string(v)
            ? json_string_value(v) : json_is_true(v) ? "true" : "false", op,
            c->str);
}

static void text_text(struct sb *b, const struct policy_request *r,
                      const struct pcond *c, int raw)
{
    const char *actual = c->field == F_PRINCIPAL ? r->principal
                       : c->field == F_COMMAND ? r->command
                       : c->field == F_WORKDIR ? r->workdir : r->campaign;
    if (c->field == F_TAG) {
        int positive = c->op == OP_EQ || c->op == OP_MATCH;
        int matching = c->op == OP_MATCH || c->op == OP_NMATCH;
        sbf(b, "%s tag %s\"%s\"", raw == positive ? "has" : "no",
            matching ? "matching " : "", c->str);
        return;
    }
    sbf(b, "%s \"%s\" %s \"%s\"", pfield_name(c->field),
        actual ? actual : "", pop_text(c->op, !raw), c->str);
}

/* One condition, as it came out: holds says whether the condition (with
 * its 'not') held. */
static void cond_text(struct sb *b, const struct policy_decision *d,
                      const struct policy_request *r, const struct pcond *c,
                      int holds)
{
    int raw = holds ^ c->negate;
    if (c->field == F_ANY)
        sbf(b, "any");
    else if (c->field == F_ROLE)
        role_text(b, r, c, raw);
    else if (c->field == F_PARAM)
        param_text(b, r, c, raw);
    else if (c->field >= F_NUMERIC_END)
        text_text(b, r, c, raw);
    else if (pfield_unit(c->field) == U_BOOL)
        bool_text(b, r, c, raw);
    else
        numeric_text(b, d, r, c, raw);
}

static void match_text(struct sb *b, const struct policy *p,
                       const struct policy_decision *d,
                       const struct policy_request *r, const struct prule *ru)
{
    for (uint32_t i = 0; i < ru->ncond; i++) {
        if (i)
            sbf(b, " and ");
        cond_text(b, d, r, &p->conds[ru->first + i], 1);
    }
    for (uint32_t i = 0; i < ru->nunless; i++) {
        sbf(b, ", ");
        cond_text(b, d, r, &p->conds[ru->unless + i], 0);
    }
}

static void budget_text(struct sb *b, const struct policy_decision *d,
                        const struct policy_request *r,
                        const struct policy_budget *bu)
{
    sbf(b, "over budget %g %s: ", bu->limit, policy_metric_name(bu->metric));
    rolling_text(b, d, r, bu->metric, bu->scope, bu->name, bu->window);
    sbf(b, " > %g (%s:%d)", bu->limit, bu->file, bu->line);
}

int policy_fired_reason(const struct policy *p,
                        const struct policy_request *r,
                        const struct policy_decision *d,
                        const struct policy_fired *f, char *out, size_t n)
{
    struct sb b = {out, n, 0};
    out[0] = 0;
    if (f->kind == POLICY_FIRED_DEFAULT)
        sbf(&b, "no rule matched; review is the default");
    if (!p || !r || f->kind == POLICY_FIRED_ERROR ||
        f->kind == POLICY_FIRED_DEFAULT)
        return 0;
    if (f->kind == POLICY_FIRED_BUDGET) {
        budget_text(&b, d, r, &p->budgets[f->index]);
        return 0;
    }
    const struct prule *ru = &p->rules[f->index];
    if (f->kind == POLICY_FIRED_UNMET) {
        sbf(&b, "auto not applied: ");
        cond_text(&b, d, r, &p->conds[f->cond], 0);
    } else {
        match_text(&b, p, d, r, ru);
    }
    sbf(&b, " (%s:%d)", p->files[ru->file], ru->line);
    return 0;
}
