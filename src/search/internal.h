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

/* Appends a RUNNING trial with zeroed params; NULL when out of memory or
 * past SEARCH_TRIALS_MAX (which callers check first, to say why). */
struct search_trial *search_push_trial(struct search *s, struct err *err);

/* Whether a and b are the same point: the same active parameters, equal
 * values (floats within 1e-9 of their range). */
int search_same_point(const struct search_space *sp, const double *a,
                      const double *b);
/* Whether x repeats a trial asked or added before the one being asked
 * (which is always the last). */
int search_tried(const struct search *s, const double *x);

/* Whether asking a point already tried can teach anything (repeats.c):
 * untested (no point asked twice yet), pending (a point asked twice, an
 * answer missing), wasted (its answers were equal: deterministic) or
 * informative (two answers for one point differ: noisy). */
enum search_repeats { SEARCH_REPEATS_UNTESTED, SEARCH_REPEATS_PENDING,
                      SEARCH_REPEATS_WASTED, SEARCH_REPEATS_INFORMATIVE };
enum search_repeats search_repeats(const struct search *s);
/* Untested (so the first repeat finds out) or informative. */
int search_repeats_allowed(const struct search *s);

/* Loss: the value turned so that smaller is better. */
double search_loss(const struct search *s, double value);

/* Samplers fill x (one per parameter, NaN when inactive). */
void search_sample_random(struct search *s, double *x);
/* A random point not tried yet, if one is found in SEARCH_FRESH_TRIES
 * draws: 1, else 0 with the last draw in x (the space is nearly used
 * up). */
#define SEARCH_FRESH_TRIES 64
int search_sample_fresh(struct search *s, double *x);
int search_sample_grid(struct search *s, double *x, struct err *err);
size_t search_grid_count(const struct search *s);
int search_sample_tpe(struct search *s, double *x, struct err *err);

/* Pruners: whether trial t, which just reported, should stop. */
int search_prune_asha(struct search *s, struct search_trial *t);
int search_prune_median(struct search *s, const struct search_trial *t);
int search_asha_rungs(const struct search_options *opt);

#endif
