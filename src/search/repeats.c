/*
 * repeats — whether asking a point already tried can teach anything.
 *
 * In spaces of ints and choices TPE proposed a point already tried on a
 * fifth to a third of its asks once the good set had settled. A
 * deterministic objective answers such a repeat with the value it gave
 * before: a run wasted. A noisy one answers with a new draw, and
 * replicates of the best points are what keeps one lucky draw from being
 * taken for the best (avoiding every repeat on noisy_cat4 doubled
 * the regret: bench/RESULTS.md, 2026-12-06, late night). Nothing tells
 * the two kinds apart until a point has been asked twice, so the first
 * repeat TPE proposes is asked; if its answer equals the first one,
 * repeats are avoided from then on, and if any two answers for one point
 * differ, they are allowed.
 *
 * The verdict is read from the history each time it is needed, not kept:
 * a search restored from JSON judges exactly as the original did.
 */
#include "search/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct keyed {
    uint64_t hash;
    size_t id;
};

/* FNV-1a over the values, inactive parameters as one NaN, -0 as 0. */
static uint64_t point_hash(const struct search_space *sp, const double *x)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < sp->n; i++) {
        double v = isnan(x[i]) ? NAN : x[i] == 0 ? 0.0 : x[i];
        unsigned char b[sizeof v];
        memcpy(b, &v, sizeof v);
        for (size_t k = 0; k < sizeof v; k++)
            h = (h ^ b[k]) * 1099511628211u;
    }
    return h;
}

static int cmp_keyed(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* What two trials of one point say: their final values if both
 * completed, else their reports at a step both reached (under ASHA a
 * repeat is often pruned, and its first report already tells). -1 when
 * they say nothing yet. */
static int pair_verdict(const struct search_trial *a,
                        const struct search_trial *b)
{
    int v = -1;
    if (a->state == SEARCH_COMPLETE && b->state == SEARCH_COMPLETE) {
        if (a->value != b->value)
            return SEARCH_REPEATS_INFORMATIVE;
        v = SEARCH_REPEATS_WASTED;
    }
    for (size_t i = 0, j = 0; i < a->n_reports && j < b->n_reports;) {
        const struct search_report *ra = &a->reports[i], *rb = &b->reports[j];
        if (ra->step == rb->step) {
            if (ra->value != rb->value)
                return SEARCH_REPEATS_INFORMATIVE;
            v = SEARCH_REPEATS_WASTED;
        }
        i += ra->step <= rb->step;
        j += rb->step <= ra->step;
    }
    return v;
}

/* Walks the runs of equal hashes; within a run, pairs of the same point. */
static enum search_repeats judge_runs(const struct search *s,
                                      const struct keyed *k, size_t n)
{
    enum search_repeats v = SEARCH_REPEATS_UNTESTED;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n && k[j].hash == k[i].hash; j++) {
            const struct search_trial *a = &s->trials[k[i].id];
            const struct search_trial *b = &s->trials[k[j].id];
            if (!search_same_point(s->space, a->x, b->x))
                continue;
            int p = pair_verdict(a, b);
            if (p == SEARCH_REPEATS_INFORMATIVE)
                return SEARCH_REPEATS_INFORMATIVE;
            if (p == SEARCH_REPEATS_WASTED || v == SEARCH_REPEATS_UNTESTED)
                v = p < 0 ? SEARCH_REPEATS_PENDING : SEARCH_REPEATS_WASTED;
        }
    return v;
}

enum search_repeats search_repeats(const struct search *s)
{
    size_t n = s->n ? s->n - 1 : 0;      /* not the trial being asked */
    struct keyed *k = malloc((n ? n : 1) * sizeof *k);
    if (!k)
        return SEARCH_REPEATS_PENDING;   /* unknown: the safe side */
    for (size_t i = 0; i < n; i++)
        k[i] = (struct keyed){point_hash(s->space, s->trials[i].x), i};
    qsort(k, n, sizeof *k, cmp_keyed);
    enum search_repeats v = judge_runs(s, k, n);
    free(k);
    return v;
}

int search_repeats_allowed(const struct search *s)
{
    enum search_repeats v = search_repeats(s);
    return v == SEARCH_REPEATS_UNTESTED || v == SEARCH_REPEATS_INFORMATIVE;
}
