/*
 * prune — ASHA and median stopping, decided on each report.
 *
 * ASHA (Li et al. 2020, asynchronous successive halving): rungs sit at
 * min_resource * eta^k below max_resource. The first report at or past a
 * rung records the trial's value there (the mean of its reports since the
 * previous rung); the trial goes on only if that value is among the best
 * 1/eta of all values recorded at the rung so far (at least the best
 * one), so no trial waits for others to finish. A
 * non-finite report is a diverged trial: pruned at once by either pruner.
 *
 * When the first steps' reports are mostly noise, the early rungs rank
 * by luck (docs/search.md, "Where ASHA lost"). What made TPE model that
 * luck was a good set as wide as the survivors; TPE now sizes it by the
 * resource spent (sample_tpe.c, model_count). Cutting only a trial worse
 * than the bar by one or two standard errors of the noise, and skipping
 * a rung whose ranks do not correlate with the next rung's, did not
 * help. Curves whose early rungs rank by convergence speed rather than
 * by final value (branin-exp-heavy) still lose to no pruning.
 *
 * Median stopping (Golovin et al. 2017): once median_startup trials have
 * completed, a trial whose best value so far is worse than the median of
 * the completed trials' best values up to the same step is stopped. Steps
 * below min_resource are a warm-up and never pruned.
 */
#include "search/internal.h"

#include <math.h>
#include <stdlib.h>

#define ASHA_RUNGS_MAX 64

int search_asha_rungs(const struct search_options *opt)
{
    int k = 0;
    while (k < ASHA_RUNGS_MAX &&
           opt->min_resource * pow(opt->eta, k) < opt->max_resource)
        k++;
    return k;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The loss a trial recorded at the first report at or past `step`. */
static double loss_at(const struct search *s, const struct search_trial *t,
                      double step)
{
    size_t lo = 0, hi = t->n_reports;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->reports[mid].step < step)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == t->n_reports)
        return NAN;
    double v = search_loss(s, t->reports[lo].value);
    return isfinite(v) ? v : INFINITY;
}

/* A trial's value at rung k: the mean loss of its reports after rung k-1
 * up to its first report at or past rung k. One noisy report decides
 * little; the reports since the last rung are as recent and, averaged,
 * rank trials with less noise. A caller that reports only at the rungs
 * gets exactly its report there. NaN if the trial never got there. */
static double rung_value(const struct search *s, const struct search_trial *t,
                         int k)
{
    double rung = search_rung_resource(s, k);
    double x = loss_at(s, t, rung);
    if (isnan(x))
        return x;
    double lower = k > 0 ? search_rung_resource(s, k - 1) : 0, sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < t->n_reports; i++) {
        if (t->reports[i].step <= lower)
            continue;
        double v = search_loss(s, t->reports[i].value);
        sum += isfinite(v) ? v : INFINITY;
        n++;
        if (t->reports[i].step >= rung)
            break;
    }
    return n ? sum / (double)n : x;
}

/* Whether t's value at rung k is among the best 1/eta recorded there. */
static int asha_promotable(struct search *s, const struct search_trial *t,
                           int k)
{
    double *v = malloc(s->n * sizeof *v);
    if (!v)
        return 1;   /* out of memory: never cut a trial by accident */
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->trials[i].rung >= k) {
            double x = rung_value(s, &s->trials[i], k);
            if (!isnan(x))
                v[n++] = x;
        }
    qsort(v, n, sizeof *v, cmp_double);
    size_t keep = (size_t)floor((double)n / s->opt.eta);
    double bar = n ? v[keep ? keep - 1 : 0] : INFINITY;
    double mine = rung_value(s, t, k);
    free(v);
    return mine <= bar;
}

int search_prune_asha(struct search *s, struct search_trial *t)
{
    double step = t->reports[t->n_reports - 1].step;
    if (!isfinite(search_loss(s, t->value)))
        return 1;
    for (int k = t->rung + 1; k < s->n_rungs; k++) {
        if (step < search_rung_resource(s, k))
            break;
        t->rung = k;
        if (!asha_promotable(s, t, k))
            return 1;
    }
    return 0;
}

/* A trial's best loss over its reports up to `step`, NaN if none. */
static double best_up_to(const struct search *s, const struct search_trial *t,
                         double step)
{
    double best = NAN;
    for (size_t i = 0; i < t->n_reports && t->reports[i].step <= step; i++) {
        double v = search_loss(s, t->reports[i].value);
        v = isfinite(v) ? v : INFINITY;
        if (isnan(best) || v < best)
            best = v;
    }
    return best;
}

int search_prune_median(struct search *s, const struct search_trial *t)
{
    double step = t->reports[t->n_reports - 1].step;
    if (!isfinite(search_loss(s, t->value)))
        return 1;
    if (step < s->opt.min_resource ||
        search_count(s, SEARCH_COMPLETE) < s->opt.median_startup)
        return 0;
    double *v = malloc(s->n * sizeof *v);
    if (!v)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->trials[i].state == SEARCH_COMPLETE) {
            double x = best_up_to(s, &s->trials[i], step);
            if (!isnan(x))
                v[n++] = x;
        }
    qsort(v, n, sizeof *v, cmp_double);
    double median = n ? (n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]))
                      : NAN;
    free(v);
    return n && best_up_to(s, t, step) > median;
}
