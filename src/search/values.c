/*
 * values — a trial's parameter vector: conditions, the unit coordinates
 * samplers use, and typed JSON in both directions.
 */
#include "search/internal.h"

#include <math.h>
#include <string.h>

static int compare(enum search_op op, double a, double b)
{
    switch (op) {
    case SEARCH_EQ: return a == b;
    case SEARCH_NE: return a != b;
    case SEARCH_LT: return a < b;
    case SEARCH_LE: return a <= b;
    case SEARCH_GT: return a > b;
    case SEARCH_GE: return a >= b;
    }
    return 0;
}

int search_space_active(const struct search_space *space, const double *x,
                        size_t i)
{
    const struct search_cond *c = &space->params[i].cond;
    if (!c->on)
        return 1;
    double v = x[c->parent];
    return !isnan(v) && compare(c->op, v, c->value);
}

/* The interval the unit coordinate spans, in (log-)natural units. */
static void unit_span(const struct search_param *p, double *a, double *b)
{
    double lo = p->lo, hi = p->hi;
    if (p->kind == SEARCH_INT) {
        lo -= 0.5;
        hi += 0.5;
    }
    *a = p->log ? log(lo) : lo;
    *b = p->log ? log(hi) : hi;
}

double search_to_unit(const struct search_param *p, double x)
{
    double a, b;
    unit_span(p, &a, &b);
    double t = p->log ? log(x) : x;
    return (t - a) / (b - a);
}

double search_from_unit(const struct search_param *p, double u)
{
    double a, b;
    unit_span(p, &a, &b);
    double t = a + u * (b - a);
    double x = p->log ? exp(t) : t;
    if (p->kind == SEARCH_INT)
        x = round(x);
    return x < p->lo ? p->lo : x > p->hi ? p->hi : x;
}

void search_int_slice(const struct search_param *p, double x, double *a,
                      double *b)
{
    double lo = x - 0.5, hi = x + 0.5, ta, tb;
    unit_span(p, &ta, &tb);
    *a = ((p->log ? log(lo) : lo) - ta) / (tb - ta);
    *b = ((p->log ? log(hi) : hi) - ta) / (tb - ta);
}

static json_t *param_json(const struct search_param *p, double x)
{
    if (p->kind == SEARCH_CHOICE)
        return json_string(p->choices[(size_t)x]);
    if (p->kind == SEARCH_INT)
        return json_integer((json_int_t)x);
    return json_real(x);
}

json_t *search_space_to_json(const struct search_space *space,
                             const double *x)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < space->n; i++) {
        if (isnan(x[i]))
            continue;
        if (json_object_set_new(o, space->params[i].name,
                                param_json(&space->params[i], x[i]))) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

static int choice_from_json(const struct search_param *p, const json_t *v,
                            double *x, struct err *err)
{
    const char *s = json_string_value(v);
    for (size_t i = 0; s && i < p->n_choices; i++)
        if (!strcmp(p->choices[i], s)) {
            *x = (double)i;
            return 0;
        }
    return err_set(err, ERR_USER, "parameter '%s': not one of its choices",
                   p->name);
}

static int param_from_json(const struct search_param *p, const json_t *v,
                           double *x, struct err *err)
{
    if (p->kind == SEARCH_CHOICE)
        return choice_from_json(p, v, x, err);
    if (!json_is_number(v))
        return err_set(err, ERR_USER, "parameter '%s': expected a number",
                       p->name);
    *x = json_number_value(v);
    if (p->kind == SEARCH_INT && *x != floor(*x))
        return err_set(err, ERR_USER, "parameter '%s': expected an integer",
                       p->name);
    if (!(*x >= p->lo && *x <= p->hi))
        return err_set(err, ERR_USER, "parameter '%s': %g is outside "
                       "[%g, %g]", p->name, *x, p->lo, p->hi);
    return 0;
}

int search_space_from_json(const struct search_space *space, const json_t *o,
                           double *x, struct err *err)
{
    if (!json_is_object(o))
        return err_set(err, ERR_USER, "params: expected an object");
    for (size_t i = 0; i < space->n; i++) {
        const struct search_param *p = &space->params[i];
        const json_t *v = json_object_get(o, p->name);
        x[i] = NAN;
        int active = search_space_active(space, x, i);
        if (active && !v)
            return err_set(err, ERR_USER, "params: '%s' is missing",
                           p->name);
        if (!active && v)
            return err_set(err, ERR_USER, "params: '%s' is given but its "
                           "condition does not hold", p->name);
        if (active && param_from_json(p, v, &x[i], err))
            return ERR_USER;
    }
    return 0;
}
