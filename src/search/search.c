/*
 * search — the trial history and the ask/report/tell life cycle.
 *
 * A trial is born RUNNING by search_ask and ends exactly once: COMPLETE
 * (told a finite value), FAILED (told failed or a non-finite value) or
 * PRUNED (a report the pruner stopped). Anything sent for a trial that has
 * ended is refused, so a caller's mistakes never rewrite history.
 */
#include "search/internal.h"
#include "core/grow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void search_options_init(struct search_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->sampler = SEARCH_TPE;
    opt->pruner = SEARCH_PRUNE_NONE;
    opt->min_resource = 1;
    opt->max_resource = 100;
    opt->eta = 3;
    opt->n_startup = 10;
    opt->n_candidates = 0;    /* TPE's default for the space */
    opt->gamma = 0.10;
    opt->prior_weight = 1.0;
    opt->grid_points = 0;
    opt->median_startup = 5;
}

int search_options_check(const struct search_options *o, struct err *err)
{
    if (!(o->min_resource > 0) || !isfinite(o->min_resource))
        return err_set(err, ERR_USER, "--min-resource must be positive");
    if (!(o->max_resource >= o->min_resource) || !isfinite(o->max_resource))
        return err_set(err, ERR_USER, "--max-resource must be at least "
                       "--min-resource (%g)", o->min_resource);
    if (!(o->eta > 1) || !isfinite(o->eta))
        return err_set(err, ERR_USER, "--reduction-factor must be above 1");
    if (o->n_candidates > 10000)
        return err_set(err, ERR_USER, "TPE candidates must be 1..10000");
    if (!(o->gamma > 0 && o->gamma < 1))
        return err_set(err, ERR_USER, "TPE gamma must be in (0, 1)");
    if (!(o->prior_weight >= 0) || !isfinite(o->prior_weight))
        return err_set(err, ERR_USER, "TPE prior weight must be >= 0");
    if (o->grid_points > 1000)
        return err_set(err, ERR_USER, "grid points must be at most 1000");
    return 0;
}

int search_create(const struct search_space *space,
                  const struct search_options *opt, struct search **out,
                  struct err *err)
{
    if (search_options_check(opt, err))
        return ERR_USER;
    struct search *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(err, ERR_INTERNAL, "out of memory");
    s->space = space;
    s->opt = *opt;
    rng_seed(&s->rng, opt->seed);
    s->n_rungs = search_asha_rungs(opt);
    if (opt->sampler == SEARCH_GRID) {
        if (!s->opt.grid_points)
            s->opt.grid_points = 5;
        s->grid_size = search_grid_count(s);
    }
    *out = s;
    return 0;
}

void search_free(struct search *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->trials[i].x);
        free(s->trials[i].reports);
    }
    free(s->trials);
    free(s);
}

double search_loss(const struct search *s, double value)
{
    return s->opt.maximize ? -value : value;
}

int search_exhausted(const struct search *s)
{
    if (s->n >= SEARCH_TRIALS_MAX)
        return 1;
    return s->opt.sampler == SEARCH_GRID && s->grid_next >= s->grid_size;
}

int search_same_point(const struct search_space *sp, const double *a,
                      const double *b)
{
    for (size_t i = 0; i < sp->n; i++) {
        const struct search_param *p = &sp->params[i];
        if (isnan(a[i]) || isnan(b[i])) {
            if (isnan(a[i]) != isnan(b[i]))
                return 0;
            continue;
        }
        double tol = p->kind == SEARCH_UNIFORM ? 1e-9 * (p->hi - p->lo) : 0;
        if (fabs(a[i] - b[i]) > tol)
            return 0;
    }
    return 1;
}

/* Whether a float is active in every point: then no point repeats. */
static int always_new(const struct search_space *sp)
{
    for (size_t i = 0; i < sp->n; i++)
        if (sp->params[i].kind == SEARCH_UNIFORM && !sp->params[i].cond.on)
            return 1;
    return 0;
}

int search_tried(const struct search *s, const double *x)
{
    if (always_new(s->space))
        return 0;
    for (size_t i = 0; i + 1 < s->n; i++)
        if (search_same_point(s->space, s->trials[i].x, x))
            return 1;
    return 0;
}

struct search_trial *search_push_trial(struct search *s, struct err *err)
{
    if (grow_array(&s->trials, &s->cap, s->n + 1, sizeof *s->trials,
                   SEARCH_TRIALS_MAX, "trials in one search", err))
        return NULL;
    struct search_trial *t = &s->trials[s->n];
    memset(t, 0, sizeof *t);
    t->x = calloc(s->space->n, sizeof *t->x);
    if (!t->x)
        return err_set(err, ERR_INTERNAL, "out of memory"), NULL;
    t->id = s->n++;
    t->state = SEARCH_RUNNING;
    t->value = NAN;
    t->rung = -1;
    return t;
}

int search_ask(struct search *s, size_t *id, struct err *err)
{
    if (search_exhausted(s))
        return err_set(err, ERR_CONFLICT, "the search has nothing left to "
                       "propose");
    struct search_trial *t = search_push_trial(s, err);
    if (!t)
        return ERR_INTERNAL;
    int rc = 0;
    if (s->opt.sampler == SEARCH_GRID)
        rc = search_sample_grid(s, t->x, err);
    else if (s->opt.sampler == SEARCH_TPE)
        rc = search_sample_tpe(s, t->x, err);
    else
        (void)search_sample_fresh(s, t->x);
    if (rc) {
        free(t->x);
        s->n--;
        return rc;
    }
    *id = t->id;
    return 0;
}

static int running_trial(struct search *s, size_t id,
                         struct search_trial **out, struct err *err)
{
    if (id >= s->n)
        return err_set(err, ERR_NOTFOUND, "unknown trial %zu", id);
    struct search_trial *t = &s->trials[id];
    if (t->state != SEARCH_RUNNING)
        return err_set(err, ERR_CONFLICT, "trial %zu is over (%s); send "
                       "nothing more for it", id, search_state_name(t->state));
    *out = t;
    return 0;
}

static int add_report(struct search_trial *t, double step, double value,
                      struct err *err)
{
    if (t->n_reports && step < t->reports[t->n_reports - 1].step)
        return err_set(err, ERR_USER, "trial %zu: step %g is below the last "
                       "step %g (steps only grow)", t->id, step,
                       t->reports[t->n_reports - 1].step);
    struct err e = ERR_INIT;
    if (grow_array(&t->reports, &t->cap_reports, t->n_reports + 1,
                   sizeof *t->reports, SEARCH_REPORTS_MAX, "reports", &e))
        return err_set(err, e.code, "trial %zu: %s", t->id, e.msg);
    t->reports[t->n_reports++] = (struct search_report){step, value};
    return 0;
}

int search_report(struct search *s, size_t id, double step, double value,
                  int *stop, struct err *err)
{
    struct search_trial *t = NULL;
    int rc = running_trial(s, id, &t, err);
    if (rc)
        return rc;
    if (!isfinite(step) || step < 0)
        return err_set(err, ERR_USER, "trial %zu: step must be a finite "
                       "number >= 0", id);
    rc = add_report(t, step, value, err);
    if (rc)
        return rc;
    t->value = value;
    *stop = 0;
    if (s->opt.pruner == SEARCH_PRUNE_ASHA)
        *stop = search_prune_asha(s, t);
    else if (s->opt.pruner == SEARCH_PRUNE_MEDIAN)
        *stop = search_prune_median(s, t);
    if (*stop)
        t->state = SEARCH_PRUNED;
    return 0;
}

int search_tell(struct search *s, size_t id, double value, struct err *err)
{
    struct search_trial *t = NULL;
    int rc = running_trial(s, id, &t, err);
    if (rc)
        return rc;
    t->value = value;
    t->state = isfinite(value) ? SEARCH_COMPLETE : SEARCH_FAILED;
    t->told_without_reports = !t->n_reports;
    return 0;
}

int search_tell_failed(struct search *s, size_t id, struct err *err)
{
    struct search_trial *t = NULL;
    int rc = running_trial(s, id, &t, err);
    if (rc)
        return rc;
    t->value = NAN;
    t->state = SEARCH_FAILED;
    t->told_without_reports = !t->n_reports;
    return 0;
}
