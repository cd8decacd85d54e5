/*
 * rng — xoshiro256** seeded through splitmix64 (Blackman and Vigna).
 * Every random choice a search makes comes from here, so one seed and one
 * history give one sequence of asks on any machine.
 */
#include "search/internal.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void search_rng_seed(struct search_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t search_rng_next(struct search_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double search_rng_uniform(struct search_rng *r)
{
    return (double)(search_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Box-Muller without a cached second value, so the state is only s[]. */
double search_rng_normal(struct search_rng *r)
{
    double u = 1.0 - search_rng_uniform(r);   /* (0, 1] */
    double v = search_rng_uniform(r);
    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

size_t search_rng_below(struct search_rng *r, size_t n)
{
    return n ? (size_t)(search_rng_uniform(r) * (double)n) % n : 0;
}
