/*
 * row — one comparison (one metric) while compare_groups builds it; shared
 * by the per-example and seed-group files and the JSON encoder.
 */
#ifndef STEWARD_COMPARE_ROW_H
#define STEWARD_COMPARE_ROW_H

#include <stddef.h>
#include <jansson.h>
#include "compare/compare.h"

struct row {
    const char *metric;
    const char *kind;       /* paired_binary, paired_scores, unpaired, seeds */
    const char *test;       /* the test behind the p-value */
    const char *method;     /* short name for the verdict line */
    double unit_scale;      /* 100 for correct flags (points), else 1 */
    const char *unit;       /* "pts" or "" */
    size_t n_a, n_b, n_pairs;
    double mean_a, mean_b, diff, lo, hi, p, p_adj, mde, noise_floor;
    int has_p, lower_is_better;
    json_t *effect;         /* object: cohens_d / cohens_dz / cliffs_delta ... */
    json_t *flags;          /* array of strings */
};

struct settings {
    double alpha;
    uint64_t seed;
    size_t n_resamples;
};

int row_init(struct row *r, const char *metric, int lower_is_better,
             struct err *err) MUST_USE;
void row_free(struct row *r);
void row_flag(struct row *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void row_effect(struct row *r, const char *key, double v);

int row_examples(struct row *r, const struct compare_examples *a,
                 const struct compare_examples *b, const struct settings *s,
                 struct err *err) MUST_USE;
int row_seeds(struct row *r, const struct compare_metric *m,
              const struct settings *s, struct err *err) MUST_USE;

/* Flags a side of n runs chosen from more candidates. */
void row_best_of(struct row *r, const char *side, size_t n, size_t candidates);

/* z_{1−α/2} + z_{0.8}: the MDE multiplier at 80% power. */
double row_mde_factor(double alpha);

#endif
