/*
 * rng — xoshiro256** seeded through splitmix64 (Blackman and Vigna).
 *
 * The one random number generator of steward: fast, four words of state,
 * and the same sequence on every platform for a seed, so searches and
 * resampling statistics are reproducible.
 */
#ifndef STEWARD_CORE_RNG_H
#define STEWARD_CORE_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
    uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
double rng_uniform(struct rng *r);          /* [0, 1) */
double rng_normal(struct rng *r);           /* standard normal */
size_t rng_below(struct rng *r, size_t n);  /* [0, n), 0 when n == 0 */

#endif
