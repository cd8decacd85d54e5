/*
 * eval — decides one request under a compiled policy.
 *
 * Most restrictive wins. Every rule is evaluated (so the explanation lists
 * all that fired); any matching deny → deny; else any matching review →
 * review; else any matching auto → auto; else review, because a proposal
 * no rule speaks about is exactly the one a human should see. Budgets are
 * checked on top: a request that would overspend an account it belongs to
 * is denied (an owner raises the budget; a reviewer cannot approve past it).
 *
 * Rolling sums (cpu-hours <= 4 per agent per day) add the request's own
 * amount to what the caller's usage callback reports, so ten small runs
 * cannot together slip past a limit each one is under: the run that would
 * cross it falls through to review.
 *
 * Deciding formats no text and allocates nothing: the request's facts go
 * into a table indexed by field, each condition is a switch and a compare,
 * and what fired is recorded as indices for policy_decision_json to render.
 * Any error yields the fail-closed deny.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "policy/internal.h"

struct facts {
    double num[F_NUMERIC_END];
    const json_t *pv[PARAMS_FAST];  /* the request's value per param slot */
    int role;
    const struct policy_request *req;
    struct policy_decision *d;
};

static int role_of(const char *s)
{
    if (!s)
        return -1;
    for (int r = ROLE_OWNER; r <= ROLE_AGENT; r++)
        if (!strcmp(s, prole_name(r)))
            return r;
    return -1;
}

static int check_amounts(const struct policy_request *r, struct err *e)
{
    if (!isfinite(r->cpus) || r->cpus < 0 || !isfinite(r->gpus) || r->gpus < 0)
        return err_set(e, ERR_USER, "cpus %g or gpus %g is not a count",
                       r->cpus, r->gpus);
    if (r->mem_bytes < 0 || r->time_seconds < 0 || r->disk_bytes < 0)
        return err_set(e, ERR_USER, "negative mem, time or disk");
    if (r->params && !json_is_object(r->params))
        return err_set(e, ERR_USER, "params is not a JSON object");
    if (r->ntags && !r->tags)
        return err_set(e, ERR_USER, "tags missing");
    return 0;
}

/* Looks each param the policy mentions up once: by walking the request's
 * params when it has fewer than the policy names, else by name. */
static void resolve_params(const struct policy *p, struct facts *f)
{
    const json_t *params = f->req->params;
    size_t n = p->nparams < PARAMS_FAST ? p->nparams : PARAMS_FAST;
    const char *k;
    json_t *v;
    memset(f->pv, 0, n * sizeof *f->pv);
    if (!params || !n)
        return;
    if (json_object_size(params) >= n) {
        for (size_t i = 0; i < n; i++)
            f->pv[i] = json_object_get(params, p->param_names[i]);
        return;
    }
    json_object_foreach((json_t *)params, k, v) {
        int slot = policy_param_find(p, k);
        if (slot >= 0 && slot < PARAMS_FAST)
            f->pv[slot] = v;
    }
}

static int facts_init(struct facts *f, const struct policy *p,
                      const struct policy_request *r,
                      struct policy_decision *d, struct err *e)
{
    f->req = r;
    f->d = d;
    f->role = role_of(r->role);
    if (f->role < 0)
        return err_set(e, ERR_USER, "unknown role '%s' (owner, reviewer or "
                       "agent)", r->role ? r->role : "(none)");
    if (check_amounts(r, e))
        return e->code;
    double hours = (double)r->time_seconds / 3600.0;
    f->num[F_CPUS] = r->cpus;
    f->num[F_MEM] = (double)r->mem_bytes;
    f->num[F_GPUS] = r->gpus;
    f->num[F_TIME] = (double)r->time_seconds;
    f->num[F_DISK] = (double)r->disk_bytes;
    f->num[F_CPU_HOURS] = r->cpus * hours;
    f->num[F_GPU_HOURS] = r->gpus * hours;
    f->num[F_MEM_GB_HOURS] = (double)r->mem_bytes / (1 << 30) * hours;
    f->num[F_RUNS] = 1;
    f->num[F_NETWORK] = r->network != 0;
    f->num[F_ENVELOPE] = r->in_envelope != 0;
    f->num[F_NOVEL] = r->campaign_novel != 0;
    f->num[F_REPEAT] = r->repeat_of_failed != 0;
    f->num[F_IN_CAMPAIGN] = r->campaign && *r->campaign;
    f->num[F_ANY] = 1;
    resolve_params(p, f);
    return 0;
}

/* Which account a scope names for this request: 1 and *name set (and
 * *mine: the request belongs to it), 0 when it does not apply (no
 * campaign), negative on error. */
static int account(const struct facts *f, int scope, const char *named,
                   const char **name, int *mine, struct err *e)
{
    const char *own = scope == POLICY_SCOPE_PRINCIPAL ? f->req->principal
                    : scope == POLICY_SCOPE_ROLE ? prole_name(f->role)
                    : scope == POLICY_SCOPE_CAMPAIGN ? f->req->campaign : NULL;
    if (scope == POLICY_SCOPE_GLOBAL) {
        *name = NULL;
        *mine = 1;
        return 1;
    }
    if (scope == POLICY_SCOPE_PRINCIPAL && !own && !named)
        return err_set(e, ERR_USER, "the request names no principal");
    if (scope == POLICY_SCOPE_CAMPAIGN && (!own || !*own) && !named)
        return 0;
    *name = named ? named : own;
    *mine = !named || (own && !strcmp(named, own));
    return 1;
}

static int seen_find(const struct policy_decision *d, int metric, int scope,
                     int window, int kind, const char *name)
{
    for (size_t i = 0; i < d->nseen; i++) {
        const struct policy_usage_seen *s = &d->seen[i];
        if (s->metric == metric && s->scope == scope && s->window == window &&
            s->kind == kind && s->name == name)
            return (int)i;
    }
    return -1;
}

static int usage_query(struct facts *f, int metric, int scope,
                       const char *name, int window, int kind, double *out,
                       struct err *e)
{
    struct policy_decision *d = f->d;
    int i = seen_find(d, metric, scope, window, kind, name);
    if (i >= 0)
        return *out = d->seen[i].value, 0;
    if (!f->req->usage)
        return err_set(e, ERR_INTERNAL, "no usage figures to check %s per %s "
                       "per %s", policy_metric_name(metric),
                       policy_scope_name(scope), policy_window_name(window));
    double v = f->req->usage(f->req->usage_ctx, metric, scope, name, window,
                             kind);
    if (!isfinite(v) || v < 0)
        return err_set(e, ERR_INTERNAL, "usage of %s per %s %s per %s is "
                       "unavailable", policy_metric_name(metric),
                       policy_scope_name(scope), name ? name : "",
                       policy_window_name(window));
    if (d->nseen < POLICY_USAGE_SEEN)
        d->seen[d->nseen++] = (struct policy_usage_seen){
            (uint8_t)metric, (uint8_t)scope, (uint8_t)window, (uint8_t)kind,
            name, v};
    *out = v;
    return 0;
}

static int compare(int op, double a, double b)
{
    switch (op) {
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    default: return a != 0;
    }
}

/* The value a numeric condition compares: the request's own, plus the
 * rolling sum when the condition names an account. 0 when it does not
 * apply. */
static int numeric_value(struct facts *f, const struct pcond *c, int kind,
                         double *v, struct err *e)
{
    const char *name;
    int mine;
    double used;
    *v = f->num[c->field];
    if (c->scope == POLICY_SCOPE_RUN)
        return 1;
    int rc = account(f, c->scope, c->scope_name, &name, &mine, e);
    if (rc <= 0)
        return rc;
    if (usage_query(f, c->field - F_CPU_HOURS, c->scope, name, c->window,
                    kind, &used, e))
        return e->code;
    *v = used + (mine ? *v : 0);
    return 1;
}

static int text_test(int op, const char *actual, const char *operand)
{
    actual = actual ? actual : "";
    switch (op) {
    case OP_EQ: return !strcmp(actual, operand);
    case OP_NE: return strcmp(actual, operand) != 0;
    case OP_MATCH: return policy_glob(operand, actual);
    default: return !policy_glob(operand, actual);
    }
}

static int tag_test(const struct pcond *c, const struct policy_request *r)
{
    int positive = c->op == OP_EQ || c->op == OP_MATCH;
    int want = c->op == OP_EQ || c->op == OP_NE ? OP_EQ : OP_MATCH;
    for (size_t i = 0; i < r->ntags; i++)
        if (text_test(want, r->tags[i], c->str))
            return positive;
    return !positive;
}

static int param_test(const struct pcond *c, const struct facts *f,
                      struct err *e)
{
    const json_t *params = f->req->params;
    const json_t *v = c->slot < PARAMS_FAST ? f->pv[c->slot]
                    : params ? json_object_get(params, c->param) : NULL;
    if (!v)
        return 0;
    if (c->num_param) {
        double x = json_number_value(v);
        if (!json_is_number(v) || !isfinite(x))
            return err_set(e, ERR_USER, "param.%s is not a number",
                           c->param);
        return compare(c->op, x, c->num);
    }
    if (json_is_boolean(v))
        return text_test(c->op, json_is_true(v) ? "true" : "false", c->str);
    if (!json_is_string(v))
        return err_set(e, ERR_USER, "param.%s is not text", c->param);
    return text_test(c->op, json_string_value(v), c->str);
}

static int role_test(const struct pcond *c, int role)
{
    int is = (int)c->num == ROLE_HUMAN ? role != ROLE_AGENT
                                       : role == (int)c->num;
    return c->op == OP_NE ? !is : is;
}

/* 1 holds, 0 does not, negative on error (message in e). */
static int eval_cond(struct facts *f, const struct pcond *c, int kind,
                     struct err *e)
{
    const struct policy_request *r = f->req;
    double v;
    int rc;
    switch (c->field) {
    case F_ROLE: rc = role_test(c, f->role); break;
    case F_PRINCIPAL: rc = text_test(c->op, r->principal, c->str); break;
    case F_COMMAND: rc = text_test(c->op, r->command, c->str); break;
    case F_WORKDIR: rc = text_test(c->op, r->workdir, c->str); break;
    case F_CAMPAIGN: rc = text_test(c->op, r->campaign, c->str); break;
    case F_TAG: rc = tag_test(c, r); break;
    case F_PARAM: rc = param_test(c, f, e); break;
    default:
        rc = numeric_value(f, c, kind, &v, e);
        if (rc > 0)
            rc = compare(c->op, v, c->num);
    }
    return rc < 0 ? rc : rc ^ c->negate;
}

/* 1 when the rule fires; 0 when not, with *failed the condition that
 * failed (-1 when an unless alternative held instead). */
static int eval_rule(const struct policy *p, const struct prule *r,
                     struct facts *f, int32_t *failed, struct err *e)
{
    int kind = r->action == POLICY_AUTO ? POLICY_USAGE_AUTO
                                        : POLICY_USAGE_APPROVED;
    for (uint32_t i = r->first; i < r->first + r->ncond; i++) {
        int rc = eval_cond(f, &p->conds[i], kind, e);
        if (rc <= 0)
            return *failed = (int32_t)i, rc;
    }
    for (uint32_t i = r->unless; i < r->unless + r->nunless; i++) {
        int rc = eval_cond(f, &p->conds[i], kind, e);
        if (rc != 0)
            return *failed = -1, rc < 0 ? rc : 0;
    }
    return 1;
}

static void record(struct policy_decision *d, int kind, size_t index,
                   int32_t cond, double used)
{
    if (d->nfired >= POLICY_FIRED_MAX) {
        d->dropped++;
        return;
    }
    d->fired[d->nfired++] = (struct policy_fired){(uint8_t)kind,
                                                  (int32_t)index, cond, used};
}

void policy_decision_fail(struct policy_decision *out, const char *why)
{
    out->verdict = POLICY_DENY;
    out->hash[0] = 0;
    out->nfired = out->dropped = out->nseen = 0;
    snprintf(out->error, sizeof out->error, "%s%s",
             strncmp(why, "policy error:", 13) ? "policy error: " : "", why);
    record(out, POLICY_FIRED_ERROR, 0, -1, 0);
}

static int fail(struct policy_decision *out, struct err *err,
                const struct err *why, const struct policy *p,
                const struct prule *r)
{
    char msg[ERR_MSG_MAX];
    if (r)
        snprintf(msg, sizeof msg, "%s (%s:%d)", why->msg, p->files[r->file],
                 r->line);
    else
        snprintf(msg, sizeof msg, "%s", why->msg);
    policy_decision_fail(out, msg);
    if (p)
        memcpy(out->hash, p->hash, POLICY_HASH_HEX);
    err_set(err, why->code ? why->code : ERR_INTERNAL, "%s", out->error);
    return why->code ? why->code : ERR_INTERNAL;
}

static int check_budgets(const struct policy *p, struct facts *f,
                         int *over, struct err *e)
{
    for (size_t i = 0; i < p->nbudgets; i++) {
        const struct policy_budget *b = &p->budgets[i];
        const char *name;
        int mine;
        double used;
        int rc = account(f, b->scope, b->name, &name, &mine, e);
        if (rc < 0)
            return rc;
        if (rc == 0 || !mine)
            continue;
        if (usage_query(f, b->metric, b->scope, name, b->window,
                        POLICY_USAGE_APPROVED, &used, e))
            return e->code;
        if (used + f->num[F_CPU_HOURS + b->metric] > b->limit) {
            record(f->d, POLICY_FIRED_BUDGET, i, -1, used);
            *over = 1;
        }
    }
    return 0;
}

/* Drops the "why not auto" entries when they explain nothing. */
static void drop_unmet(struct policy_decision *d)
{
    size_t o = 0;
    for (size_t i = 0; i < d->nfired; i++)
        if (d->fired[i].kind != POLICY_FIRED_UNMET)
            d->fired[o++] = d->fired[i];
    d->nfired = o;
}

static void conclude(struct policy_decision *d, const int *seen)
{
    if (seen[POLICY_DENY] || seen[POLICY_AUTO + 1])
        d->verdict = POLICY_DENY;
    else if (seen[POLICY_REVIEW])
        d->verdict = POLICY_REVIEW;
    else if (seen[POLICY_AUTO])
        d->verdict = POLICY_AUTO;
    else {
        d->verdict = POLICY_REVIEW;
        record(d, POLICY_FIRED_DEFAULT, 0, -1, 0);
    }
    if (d->verdict != POLICY_REVIEW)
        drop_unmet(d);
}

int policy_decide(const struct policy *p, const struct policy_request *req,
                  struct policy_decision *out, struct err *err)
{
    struct err e = ERR_INIT;
    struct facts f;
    int seen[4] = {0};
    memcpy(out->hash, p ? p->hash : "", p ? POLICY_HASH_HEX : 1);
    out->nfired = out->dropped = out->nseen = 0;
    out->error[0] = 0;
    if (!p || !req) {
        err_set(&e, ERR_INTERNAL, "no policy loaded");
        return fail(out, err, &e, p, NULL);
    }
    if (facts_init(&f, p, req, out, &e))
        return fail(out, err, &e, p, NULL);
    for (size_t i = 0; i < p->nrules; i++) {
        const struct prule *r = &p->rules[i];
        int32_t failed = -1;
        int rc = eval_rule(p, r, &f, &failed, &e);
        if (rc < 0)
            return fail(out, err, &e, p, r);
        if (rc > 0) {
            seen[r->action] = 1;
            record(out, POLICY_FIRED_MATCH, i, -1, 0);
        } else if (r->action == POLICY_AUTO && failed >= 0) {
            record(out, POLICY_FIRED_UNMET, i, failed, 0);
        }
    }
    if (check_budgets(p, &f, &seen[POLICY_AUTO + 1], &e))
        return fail(out, err, &e, p, NULL);
    conclude(out, seen);
    return 0;
}
