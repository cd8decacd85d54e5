/*
 * sample_basic — the random and grid samplers.
 *
 * Grid: each choice contributes all its values, each int up to
 * grid_points evenly spaced values (on a log scale for log ints), each
 * float grid_points values from low to high inclusive (log-spaced for
 * loguniform). The grid is visited in a seeded affine permutation of its
 * mixed-radix index, so a budget smaller than the grid still spreads over
 * the whole space, and the order is the same for the same seed. Points
 * that differ only in parameters that are inactive are visited once.
 */
#include "search/internal.h"

#include <math.h>

void search_sample_random(struct search *s, double *x)
{
    const struct search_space *sp = s->space;
    for (size_t i = 0; i < sp->n; i++) {
        const struct search_param *p = &sp->params[i];
        x[i] = NAN;
        if (!search_space_active(sp, x, i))
            continue;
        if (p->kind == SEARCH_CHOICE)
            x[i] = (double)rng_below(&s->rng, p->n_choices);
        else
            x[i] = search_from_unit(p, rng_uniform(&s->rng));
    }
}

/* In a space of ints and choices a random draw repeats a trial often
 * once a tenth of the space is tried (ten startup trials over 2^4 flags),
 * and a repeat of a deterministic run teaches nothing. Floats never
 * repeat, so their draws are exactly search_sample_random's. */
int search_sample_fresh(struct search *s, double *x)
{
    for (int i = 0; i < SEARCH_FRESH_TRIES; i++) {
        search_sample_random(s, x);
        if (!search_tried(s, x))
            return 1;
    }
    return 0;
}

static size_t grid_levels(const struct search *s, const struct search_param *p)
{
    if (p->kind == SEARCH_CHOICE)
        return p->n_choices;
    size_t g = s->opt.grid_points;
    if (p->kind == SEARCH_INT && p->hi - p->lo + 1 < (double)g)
        return (size_t)(p->hi - p->lo + 1);
    return g;
}

#define GRID_MAX ((size_t)1 << 52)

size_t search_grid_count(const struct search *s)
{
    size_t n = 1;
    for (size_t i = 0; i < s->space->n; i++) {
        size_t l = grid_levels(s, &s->space->params[i]);
        n = n > GRID_MAX / l ? GRID_MAX : n * l;
    }
    return n;
}

size_t search_grid_points_for(const struct search_space *space,
                              size_t trials)
{
    size_t discrete = 1, continuous = 0;
    for (size_t i = 0; i < space->n; i++) {
        const struct search_param *p = &space->params[i];
        if (p->kind == SEARCH_CHOICE)
            discrete = discrete > GRID_MAX / p->n_choices
                           ? GRID_MAX : discrete * p->n_choices;
        else
            continuous++;
    }
    if (!continuous)
        return 2;
    double per = pow((double)trials / (double)discrete, 1.0 / continuous);
    size_t k = (size_t)ceil(per - 1e-9);
    return k < 2 ? 2 : k > 100 ? 100 : k;
}

/* Level j of `levels` for a numeric parameter, spaced in its unit range
 * (ints: from the low to the high integer, not the half-widened range). */
static double grid_value(const struct search_param *p, size_t j,
                         size_t levels)
{
    if (p->kind == SEARCH_CHOICE)
        return (double)j;
    if (levels == 1)
        return search_from_unit(p, 0.5);
    double a = p->log ? log(p->lo) : p->lo, b = p->log ? log(p->hi) : p->hi;
    double t = a + (b - a) * (double)j / (double)(levels - 1);
    double v = p->log ? exp(t) : t;
    v = p->kind == SEARCH_INT ? round(v) : v;
    return v < p->lo ? p->lo : v > p->hi ? p->hi : v;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* The grid index visited at position i: (a i + b) mod N with a coprime to
 * N, a and b drawn from the seed alone so a restored search agrees. */
static size_t grid_index(const struct search *s, size_t i)
{
    uint64_t n = s->grid_size, seed = s->opt.seed ^ 0x5eed6a1dULL;
    struct rng r;
    rng_seed(&r, seed);
    uint64_t a = 1 + rng_next(&r) % n, b = rng_next(&r) % n;
    while (gcd(a, n) != 1)
        a = a % n + 1;
    return (size_t)(((unsigned __int128)a * i + b) % n);
}

/* Decodes grid index idx into x; fails when a digit of an inactive
 * parameter is not 0 (that point is a duplicate of the one with 0). */
static int grid_decode(const struct search *s, size_t idx, double *x)
{
    for (size_t i = 0; i < s->space->n; i++) {
        const struct search_param *p = &s->space->params[i];
        size_t levels = grid_levels(s, p), j = idx % levels;
        idx /= levels;
        x[i] = NAN;
        if (!search_space_active(s->space, x, i)) {
            if (j)
                return -1;
            continue;
        }
        x[i] = grid_value(p, j, levels);
    }
    return 0;
}

int search_sample_grid(struct search *s, double *x, struct err *err)
{
    while (s->grid_next < s->grid_size)
        if (!grid_decode(s, grid_index(s, s->grid_next++), x))
            return 0;
    return err_set(err, ERR_CONFLICT, "the grid is exhausted");
}
