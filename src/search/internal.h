/*
 * internal — what the search module's files share and nobody else sees:
 * the PRNG, the transformed coordinates samplers work in, and the
 * sampler/pruner entry points.
 */
#ifndef STEWARD_SEARCH_INTERNAL_H
#define STEWARD_SEARCH_INTERNAL_H

#include "core/rng.h"
#include "search/search.h"


struct search {
    const struct search_space *space;
    struct search_options opt;
    struct rng rng;
    struct search_trial *trials;
    size_t n, cap;
    size_t grid_next;         /* grid: asks made so far */
    size_t grid_size;         /* grid: points in the grid, 0 if unknown */
    int n_rungs;              /* ASHA rungs below max_resource */
};

/* Numeric parameters live in [0, 1] for the samplers: the range (on a log
 * scale for log parameters, widened by half a unit for ints so that every
 * integer owns an equal slice) mapped linearly. */
double search_to_unit(const struct search_param *p, double x);
double search_from_unit(const struct search_param *p, double u);
/* The slice [a, b] of the unit interval that rounds to integer x. */
void search_int_slice(const struct search_param *p, double x, double *a,
                      double *b);

/* Appends a RUNNING trial with zeroed params; NULL when out of memory. */
struct search_trial *search_push_trial(struct search *s, struct err *err);

/* Loss: the value turned so that smaller is better. */
double search_loss(const struct search *s, double value);

/* Samplers fill x (one per parameter, NaN when inactive). */
void search_sample_random(struct search *s, double *x);
int search_sample_grid(struct search *s, double *x, struct err *err);
size_t search_grid_count(const struct search *s);
int search_sample_tpe(struct search *s, double *x, struct err *err);

/* Pruners: whether trial t, which just reported, should stop. */
int search_prune_asha(struct search *s, struct search_trial *t);
int search_prune_median(struct search *s, const struct search_trial *t);
int search_asha_rungs(const struct search_options *opt);

#endif
