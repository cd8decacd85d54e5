/*
 * search — samplers and pruners: the search half of a campaign.
 *
 * A search owns a space (what may be tried), a sampler (random, grid or
 * multivariate TPE), a pruner (none, ASHA, median) and the history of its
 * trials. A driver asks for a trial, runs it, reports intermediate values
 * (the pruner answers "stop or go on") and tells the final value. The same
 * object serves `steward search --stdio` and campaigns; its whole state
 * can be written to JSON and read back, so a campaign that restarts goes on
 * with no trial duplicated or lost (same seed, same history: same asks).
 *
 * Values inside a search: each trial holds one double per parameter, the
 * parameter's natural value (a float, an integer, or a choice's index) or
 * NaN when the parameter is inactive because its condition does not hold.
 * Directions: values are stored as given; "loss" below means the value
 * turned so that smaller is better.
 */
#ifndef STEWARD_SEARCH_SEARCH_H
#define STEWARD_SEARCH_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

#include "core/err.h"

/* Limits on every input, so no space file or caller can eat the machine. */
#define SEARCH_NAME_MAX 64           /* parameter name, with NUL */
#define SEARCH_CHOICE_MAX 64         /* choice value, with NUL */
#define SEARCH_PARAMS_MAX 128        /* parameters in a space */
#define SEARCH_CHOICES_MAX 256       /* values in one choice() */
#define SEARCH_SPACE_TEXT_MAX (1 << 20)
#define SEARCH_LINE_MAX 4096         /* one line of a space file */
#define SEARCH_TRIALS_MAX 1000000    /* trials in one search */
#define SEARCH_REPORTS_MAX 100000    /* reports kept per trial */

/* ---- the space ---------------------------------------------------- */

enum search_kind { SEARCH_UNIFORM, SEARCH_INT, SEARCH_CHOICE };
enum search_op { SEARCH_EQ, SEARCH_NE, SEARCH_LT, SEARCH_LE, SEARCH_GT,
                 SEARCH_GE };

/* "if parent OP value": value is a number, or a choice index when the
 * parent is a choice (then only == and != are allowed). */
struct search_cond {
    int on;
    size_t parent;
    enum search_op op;
    double value;
};

struct search_param {
    char name[SEARCH_NAME_MAX];
    enum search_kind kind;
    int log;                  /* loguniform, int(..., log) */
    double lo, hi;            /* numeric bounds, inclusive */
    char (*choices)[SEARCH_CHOICE_MAX];
    size_t n_choices, cap_choices;
    struct search_cond cond;
    int line;                 /* where it was declared, for messages */
};

/* Parameters in declaration order; a condition refers only to a parameter
 * declared above it, so evaluating in order always sees the parent. */
struct search_space {
    struct search_param *params;
    size_t n;
};

/* Parses a space. `filename` only names the text in messages, which read
 * "FILE:LINE:COLUMN: what is wrong (what to do)". */
int search_space_parse(const char *text, const char *filename,
                       struct search_space **out, struct err *err) MUST_USE;
/* Reads and parses a space file (at most SEARCH_SPACE_TEXT_MAX bytes). */
int search_space_load(const char *path, struct search_space **out,
                      struct err *err) MUST_USE;
void search_space_free(struct search_space *space);
/* Index of the named parameter, or -1. */
int search_space_find(const struct search_space *space, const char *name);
/* Whether parameter i is active given the values of those before it. */
int search_space_active(const struct search_space *space, const double *x,
                        size_t i);
/* Typed parameters: floats as numbers, ints as integers, choices as their
 * string; inactive parameters absent. NULL when out of memory. */
json_t *search_space_to_json(const struct search_space *space,
                             const double *x);
/* The reverse, checking every value against the space (an agent's own
 * proposal added to a search goes through here). */
int search_space_from_json(const struct search_space *space, const json_t *o,
                           double *x, struct err *err) MUST_USE;

/* ---- the search --------------------------------------------------- */

enum search_sampler { SEARCH_TPE, SEARCH_RANDOM, SEARCH_GRID };
enum search_pruner { SEARCH_PRUNE_NONE, SEARCH_PRUNE_ASHA,
                     SEARCH_PRUNE_MEDIAN };
enum search_state { SEARCH_RUNNING, SEARCH_COMPLETE, SEARCH_PRUNED,
                    SEARCH_FAILED };

struct search_options {
    enum search_sampler sampler;
    enum search_pruner pruner;
    uint64_t seed;
    int maximize;
    double min_resource;      /* ASHA's first rung; > 0 */
    double max_resource;      /* resource of a full trial */
    double eta;               /* ASHA's reduction factor; > 1 */
    size_t n_startup;         /* TPE: random trials before modelling */
    size_t n_candidates;      /* TPE: candidates scored per ask; 0: 64,
                               * or 24 in spaces of mostly choices */
    double gamma;             /* TPE: fraction of trials called good */
    double prior_weight;      /* TPE: weight of the uniform prior kernel */
    size_t grid_points;       /* grid: points per continuous parameter */
    size_t median_startup;    /* median: finished trials before pruning */
};

/* Defaults: TPE, no pruner, seed 0, minimize, resource 1..100, eta 3. */
void search_options_init(struct search_options *opt);
/* Checks an options struct; messages name the command-line option. */
int search_options_check(const struct search_options *opt, struct err *err)
    MUST_USE;
/* Grid points per continuous parameter so that a grid has at least
 * `trials` points (2..100). */
size_t search_grid_points_for(const struct search_space *space,
                              size_t trials);

struct search_report {
    double step;
    double value;
};

struct search_trial {
    size_t id;
    enum search_state state;
    double *x;                /* one per parameter, NaN when inactive */
    double value;             /* final value (complete) or last report */
    struct search_report *reports;
    size_t n_reports, cap_reports;
    int rung;                 /* highest ASHA rung reached, -1 for none */
    int told_without_reports; /* resource spent is then max_resource */
    int external;             /* proposed by an agent, not the sampler */
};

struct search;

/* The search borrows `space`: keep it alive until search_free. */
int search_create(const struct search_space *space,
                  const struct search_options *opt, struct search **out,
                  struct err *err) MUST_USE;
void search_free(struct search *s);

/* Whether the sampler can propose anything new (a grid runs out). */
int search_exhausted(const struct search *s);
/* A new trial: its id in *id; its parameters via search_trial(). */
int search_ask(struct search *s, size_t *id, struct err *err) MUST_USE;
/* A trial with the caller's own parameters (an agent's proposal in a
 * searching campaign), validated against the space; it runs and is told
 * like any other and feeds the sampler, but is marked external. */
int search_add(struct search *s, const double *x, size_t *id,
               struct err *err) MUST_USE;
/* The first failed trial with the same parameters as x (floats equal to
 * 1e-9 of their range), or NULL: a proposal that repeats a dead end. */
const struct search_trial *search_find_failed(const struct search *s,
                                              const double *x);
/* An intermediate value at resource `step` (steps only grow). *stop says
 * whether the pruner ends the trial; a stopped trial is pruned. */
int search_report(struct search *s, size_t id, double step, double value,
                  int *stop, struct err *err) MUST_USE;
/* A final value; NaN or infinite marks the trial failed. */
int search_tell(struct search *s, size_t id, double value,
                struct err *err) MUST_USE;
int search_tell_failed(struct search *s, size_t id, struct err *err)
    MUST_USE;

size_t search_n_trials(const struct search *s);
const struct search_trial *search_trial(const struct search *s, size_t id);
/* The best completed trial (never a failed or non-finite one), or NULL. */
const struct search_trial *search_best(const struct search *s);
/* Trials in a state. */
size_t search_count(const struct search *s, enum search_state state);
/* Resource spent by a trial: its last step, or max_resource for a trial
 * told without reports. */
double search_trial_spent(const struct search *s, const struct search_trial *t);
/* Resource spent by all trials. */
double search_spent(const struct search *s);
const struct search_space *search_space_of(const struct search *s);
const struct search_options *search_options_of(const struct search *s);
/* The ASHA rung a trial is at as a resource, for messages. */
double search_rung_resource(const struct search *s, int rung);

/* The whole state (options, PRNG, trials with params, reports, values and
 * states) as JSON, and back. Restoring needs the same space. */
json_t *search_state_to_json(const struct search *s);
int search_state_from_json(const struct search_space *space, const json_t *j,
                           struct search **out, struct err *err) MUST_USE;

const char *search_state_name(enum search_state state);

/* ---- the JSON-lines conversation (steward search --stdio) ---------- */

#define SEARCH_STDIO_LINE_MAX (1 << 20)

struct search_stdio_options {
    size_t trials;            /* completed-or-pruned trials; 0: no limit */
    double budget;            /* resource units; 0: no limit */
    size_t parallel;          /* asks outstanding at most */
};

/* Runs the conversation of the search-stdio contract: asks on `out`,
 * answers read from `in`, until --trials, --budget, the end of a grid or
 * the end of input; then writes the `done` message. Errors in the caller's
 * lines are answered {"error": ...} and the conversation goes on; only a
 * failure to write fails. */
int search_stdio_run(struct search *s, const struct search_stdio_options *o,
                     FILE *in, FILE *out, struct err *err) MUST_USE;

#endif
