/*
 * compare — does B beat A? The honest-statistics core behind
 * `steward compare`, shared by the CLI, HTTP and MCP front ends.
 *
 * Inputs are already loaded: per-example results for A and B (one value
 * per example id, from an eval harness's JSON lines) and/or metric groups
 * (seed repeats: final values of several metrics for A and B). The core
 * picks the test (paired when example ids match: McNemar for correct/
 * incorrect, paired bootstrap BCa interval + sign-flip permutation test
 * for scores; Welch + Mann-Whitney when unpaired; Welch or a prediction
 * t-test for seed groups), computes effect sizes and the minimum
 * detectable effect, corrects across metrics (Holm by default, BH on
 * request), and raises honesty flags: mismatched example sets, too few
 * examples, best-of-many-seeds selection, a difference inside A's
 * seed-to-seed noise floor. The result is a json_t; compare_render_text
 * prints the one-line verdict and a small table.
 *
 * Differences are always B − A; "better" follows each metric's direction.
 */
#ifndef STEWARD_COMPARE_COMPARE_H
#define STEWARD_COMPARE_COMPARE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>
#include "core/err.h"

/* Bounds on what a per-example file may hold. */
#define COMPARE_MAX_EXAMPLES 10000000
#define COMPARE_MAX_LINE ((size_t)1 << 20)
#define COMPARE_MAX_ID 1024
/* Below this many examples (or pairs) the comparison is flagged. */
#define COMPARE_FEW_EXAMPLES 30

/* One side's per-example results, sorted by id. */
struct compare_examples {
    char **ids;
    double *values;
    size_t n;
    int binary;          /* every value is 0 or 1 (correct flags) */
};

/* Reads JSON lines {"id"|"example_id": ..., "score"|"correct"|"value": ...}.
 * Duplicate ids, missing keys and non-numbers fail with path:line. */
int compare_load_examples(const char *path, struct compare_examples *out,
                          struct err *err) MUST_USE;
/* Takes ownership of nothing; copies ids and values (n <= max). */
int compare_examples_from(const char *const *ids, const double *values,
                          size_t n, struct compare_examples *out,
                          struct err *err) MUST_USE;
void compare_examples_free(struct compare_examples *ex);

/* Seed repeats of one metric: final values for A and B. */
struct compare_metric {
    const char *name;
    const double *a;
    size_t na;
    const double *b;
    size_t nb;
    int lower_is_better;
};

enum compare_correction { COMPARE_HOLM, COMPARE_BH };

struct compare_input {
    const char *label_a, *label_b;      /* "A" and "B" when NULL */
    const struct compare_examples *ex_a, *ex_b;   /* both or neither */
    const char *example_metric;         /* name for the per-example row */
    int example_lower_is_better;
    const struct compare_metric *metrics;
    size_t n_metrics;
    enum compare_correction correction;
    double alpha;                       /* 0 means 0.05 */
    uint64_t seed;
    size_t n_resamples;                 /* 0 means 9999 */
    /* Honesty guards the caller knows about: how many runs B (and A) were
     * picked from when a group holds fewer, and how many metrics were
     * looked at before these were chosen (0: just these). */
    size_t candidates_a, candidates_b;
    size_t metrics_considered;
};

/* --alpha: a number strictly between 0 and 1. */
int compare_parse_alpha(const char *text, double *alpha,
                        struct err *err) MUST_USE;
/* Runs every comparison and builds the result object (see docs/stats.md
 * for its keys). */
int compare_groups(const struct compare_input *in, json_t **out,
                   struct err *err) MUST_USE;

/* Prints the verdict line and the table for a compare_groups result. */
int compare_render_text(const json_t *result, FILE *out,
                        struct err *err) MUST_USE;

#endif
