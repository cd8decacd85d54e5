/*
 * sample_tpe — the Tree-structured Parzen Estimator (Bergstra et al.
 * 2011), multivariate (Falkner et al. 2018), with the components Watanabe
 * (2023) found to matter.
 *
 * After n_startup random trials, finished trials are ranked: completed
 * ones by loss, then pruned ones (further along first, then by their last
 * value), then failed ones. The best gamma·n (at most 25) form the good
 * set, the rest the bad set (under ASHA n is the resource spent in whole
 * trials, see model_count); failed trials are always bad, so TPE steers
 * away from regions that crash or diverge. Candidates are drawn from the
 * good estimator l and the one maximising log l(x) - log g(x) is asked.
 * Running trials are not modelled.
 */
#include "search/internal.h"
#include "search/parzen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TPE_GOOD_MAX 25

struct ranked {
    size_t id;
    int group;            /* 0 complete, 1 pruned, 2 failed */
    double step, loss;
};

static int cmp_ranked(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group - b->group;
    if (a->step != b->step)
        return a->step > b->step ? -1 : 1;
    if (a->loss != b->loss)
        return a->loss < b->loss ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static int cmp_size(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return (a > b) - (a < b);
}

static size_t rank_finished(const struct search *s, struct ranked *r)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        const struct search_trial *t = &s->trials[i];
        if (t->state == SEARCH_RUNNING)
            continue;
        double loss = search_loss(s, t->value);
        r[n] = (struct ranked){i, t->state == SEARCH_COMPLETE ? 0
                                  : t->state == SEARCH_PRUNED ? 1 : 2,
                               0, isfinite(loss) ? loss : INFINITY};
        if (t->state == SEARCH_PRUNED && t->n_reports)
            r[n].step = t->reports[t->n_reports - 1].step;
        n++;
    }
    qsort(r, n, sizeof *r, cmp_ranked);
    return n;
}

/* Spaces of mostly choices (at least three quarters of the parameters)
 * are combinatorial: what is good is often two or more values together.
 * There the choices' own model, which scores each value apart from the
 * others, and many candidates, which keep proposing near copies of the
 * best trials, held the search on one local optimum; the joint kernel
 * alone and Optuna's 24 candidates did better on every such function
 * seen (flags16, perm_cat5, cat8x4, cat_mix; no worse on tune_cat and
 * cat_heavy: bench/RESULTS.md, 2026-12-06, evening). */
static int choice_dominated(const struct search_space *sp)
{
    size_t choices = 0;
    for (size_t d = 0; d < sp->n; d++)
        choices += sp->params[d].kind == SEARCH_CHOICE;
    return 4 * choices >= 3 * sp->n;
}

/* Candidates per ask: the caller's number, else 64 (24 in spaces of
 * mostly choices). More candidates optimise the acquisition harder. */
static size_t n_candidates(const struct search *s)
{
    if (s->opt.n_candidates)
        return s->opt.n_candidates;
    return choice_dominated(s->space) ? 24 : 64;
}

/* Chosen on the bench (bench/RESULTS.md, ## search): Optuna's sigma0,
 * Scott's rule shrinking with the observations' own spread, and a magic
 * clip at 0.7 of Optuna's so a tight good set can concentrate the search
 * at 50 trials, while the floor still keeps multimodal functions (Levy)
 * from collapsing onto one basin. Choices give a fifth of their weight to
 * their own smoothed distribution (docs/search.md): on the tuning
 * functions any share from 0 to 0.35 was within noise, and the own model
 * is what generalises when many choices each matter on their own (but
 * not in spaces of mostly choices, see choice_dominated). */
static void tpe_tuning(const struct search *s, struct parzen_tuning *t)
{
    t->sigma0 = 0.2;
    t->adaptive = 1.0;
    t->clip = 0.7;
    t->prior_weight = s->opt.prior_weight;
    t->cat_share = choice_dominated(s->space) ? 0 : 0.2;
}

static void unit_coords(const struct search_space *sp, const double *x,
                        double *ux)
{
    for (size_t d = 0; d < sp->n; d++)
        ux[d] = isnan(x[d]) || sp->params[d].kind == SEARCH_CHOICE
                    ? x[d] : search_to_unit(&sp->params[d], x[d]);
}

/* Batches of candidates drawn when every one so far repeats a trial. */
#define TPE_FRESH_BATCHES 8

/* Whether candidate x should lose to any new point: it repeats a trial
 * and repeats are not allowed (repeats.c). *allowed is the verdict,
 * read from the history once per ask (-1 until needed). */
static int wasted_repeat(const struct search *s, const double *x,
                         int *allowed)
{
    if (!search_tried(s, x))
        return 0;
    if (*allowed < 0)
        *allowed = search_repeats_allowed(s);
    return !*allowed;
}

/* Draws candidates from l and keeps in x the best log l - log g, a new
 * point before a repeat that teaches nothing (repeats.c). When a whole
 * batch repeats, another is drawn, then random points; a trial is
 * repeated in vain only when the space is nearly used up. Floats never
 * repeat, so their asks are those of the first batch alone. */
static void pick_candidate(struct search *s, const struct parzen *good,
                           const struct parzen *bad, double *x,
                           double *cand, double *ux)
{
    const struct search_space *sp = s->space;
    double best = -INFINITY;
    int have = 0, allowed = -1;   /* have: 0 nothing, 1 a repeat, 2 new */
    size_t n = n_candidates(s);
    for (int b = 0; b < TPE_FRESH_BATCHES && have < 2; b++)
        for (size_t c = 0; c < n; c++) {
            parzen_sample(good, sp, &s->rng, cand);
            unit_coords(sp, cand, ux);
            double score = parzen_log_pdf(good, sp, cand, ux) -
                           parzen_log_pdf(bad, sp, cand, ux);
            int rank = wasted_repeat(s, cand, &allowed) ? 1 : 2;
            if (rank > have || (rank == have && score > best)) {
                have = rank;
                best = score;
                memcpy(x, cand, sp->n * sizeof *x);
            }
        }
    if (have < 2 && search_sample_fresh(s, cand))
        memcpy(x, cand, sp->n * sizeof *x);
}

/* How many trials the good set is a fraction of. Under ASHA, the
 * resource spent in whole trials (what an unpruned search of the same
 * budget would have run), not the number of trials: ASHA runs many
 * cheap trials, and gamma of all of them (25 from 250 on) is a third to
 * a half of the completed ones, so l(x) is nearly as wide as the
 * survivors, who under noisy early rungs are chosen by luck. Sized by
 * resource, the good set is the best few completed trials, as large as
 * unpruned TPE's at the same budget (bench/RESULTS.md, 2026-12-07,
 * later). */
static double model_count(const struct search *s, size_t n)
{
    if (s->opt.pruner != SEARCH_PRUNE_ASHA)
        return (double)n;
    double full = search_spent(s) / s->opt.max_resource;
    return full < 1 ? 1 : full < (double)n ? full : (double)n;
}

static size_t n_good(const struct search *s, const struct ranked *r,
                     size_t n)
{
    size_t g = (size_t)ceil(s->opt.gamma * model_count(s, n));
    size_t usable = 0;
    g = g > TPE_GOOD_MAX ? TPE_GOOD_MAX : g;
    while (usable < n && r[usable].group < 2)
        usable++;
    return g < usable ? g : usable;
}

static int model_and_pick(struct search *s, struct ranked *r, size_t n,
                          double *x, size_t *ids)
{
    struct parzen good = {0}, bad = {0};
    struct parzen_tuning tune;
    size_t g = n_good(s, r, n);
    for (size_t i = 0; i < n; i++)
        ids[i] = r[i].id;
    qsort(ids, g, sizeof *ids, cmp_size);         /* oldest first */
    qsort(ids + g, n - g, sizeof *ids, cmp_size);
    tpe_tuning(s, &tune);
    double *scratch = malloc(2 * s->space->n * sizeof *scratch);
    int rc = !scratch || parzen_build(&good, s, ids, g, &tune) ||
             parzen_build(&bad, s, ids + g, n - g, &tune);
    if (!rc)
        pick_candidate(s, &good, &bad, x, scratch, scratch + s->space->n);
    parzen_release(&good);
    parzen_release(&bad);
    free(scratch);
    return rc ? -1 : 0;
}

int search_sample_tpe(struct search *s, double *x, struct err *err)
{
    size_t finished = s->n - search_count(s, SEARCH_RUNNING);
    struct ranked *r = NULL;
    size_t *ids = NULL, n = 0;
    if (finished >= s->opt.n_startup && finished > 0) {
        r = malloc(s->n * sizeof *r);
        ids = malloc(s->n * sizeof *ids);
        if (!r || !ids) {
            free(r);
            free(ids);
            return err_set(err, ERR_INTERNAL, "out of memory");
        }
        n = rank_finished(s, r);
    }
    int rc = 0;
    if (!n || !n_good(s, r, n))
        (void)search_sample_fresh(s, x);
    else
        rc = model_and_pick(s, r, n, x, ids);
    free(r);
    free(ids);
    return rc ? err_set(err, ERR_INTERNAL, "out of memory") : 0;
}
