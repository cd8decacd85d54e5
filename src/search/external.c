/*
 * external — trials the sampler did not propose: an agent's own proposals
 * added to a search, and the check that a proposal repeats a failure.
 */
#include "search/internal.h"

#include <math.h>
#include <string.h>

static int check_point(const struct search_space *sp, const double *x,
                       struct err *err)
{
    for (size_t i = 0; i < sp->n; i++) {
        const struct search_param *p = &sp->params[i];
        int active = search_space_active(sp, x, i);
        if (active == isnan(x[i]))
            return err_set(err, ERR_USER, "parameter '%s' is %s", p->name,
                           active ? "missing" : "given but inactive");
        if (!active)
            continue;
        double hi = p->kind == SEARCH_CHOICE ? (double)p->n_choices - 1
                                             : p->hi;
        double lo = p->kind == SEARCH_CHOICE ? 0 : p->lo;
        if (!(x[i] >= lo && x[i] <= hi) ||
            (p->kind != SEARCH_UNIFORM && x[i] != floor(x[i])))
            return err_set(err, ERR_USER, "parameter '%s' is outside its "
                           "range", p->name);
    }
    return 0;
}

int search_add(struct search *s, const double *x, size_t *id,
               struct err *err)
{
    if (s->n >= SEARCH_TRIALS_MAX)
        return err_set(err, ERR_USER, "more than %d trials",
                       SEARCH_TRIALS_MAX);
    int rc = check_point(s->space, x, err);
    if (rc)
        return rc;
    struct search_trial *t = search_push_trial(s, err);
    if (!t)
        return ERR_INTERNAL;
    memcpy(t->x, x, s->space->n * sizeof *x);
    t->external = 1;
    *id = t->id;
    return 0;
}

const struct search_trial *search_find_failed(const struct search *s,
                                              const double *x)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->trials[i].state == SEARCH_FAILED &&
            search_same_point(s->space, s->trials[i].x, x))
            return &s->trials[i];
    return NULL;
}
