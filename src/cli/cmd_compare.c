/*
 * cmd_compare — `steward compare`: does B beat A? Works without a project
 * on per-example result files or on seed-repeat values given inline; the
 * statistics live in src/compare/ (compare_groups) so HTTP and MCP share
 * them. Run and campaign ids as A and B are resolved by the store (later).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "compare/compare.h"
#include "core/parse.h"

#define MAX_METRICS 64
#define MAX_VALUES 100000

struct opts {
    const char *file_a, *file_b;
    struct compare_metric metrics[MAX_METRICS];
    double *values[2 * MAX_METRICS];
    const char *names[MAX_METRICS];
    size_t n_metrics, n_names;
    int json, lower;
    struct compare_input in;
};

void compare_help(void);

void compare_help(void)
{
    printf("usage: steward compare A B [--metric NAME]... [--lower-is-better] [--bh]\n"
           "       steward compare --per-example FILE_A FILE_B [options]\n"
           "       steward compare --metric NAME --values A_VALUES B_VALUES [...]\n\n"
           "Says whether B beats A with honest statistics: the right test, an\n"
           "interval, the minimum detectable effect, correction over metrics,\n"
           "and flags for mismatched example sets, too few examples, best-of-N\n"
           "picks and differences inside the seed-to-seed noise.\n\n"
           "  A B                runs of this project: an experiment id (7), seed\n"
           "                     repeats (7,8,9) or campaign:NAME (its succeeded\n"
           "                     runs); each --metric compares the last values\n"
           "                     they reported (default val_acc; names with loss\n"
           "                     or err are lower-is-better). The result is\n"
           "                     stored and its id printed for promotion gates.\n"
           "                     With --per-example NAME, two single runs are\n"
           "                     compared on their artifact NAME (per-example\n"
           "                     results, as for the files below).\n"
           "  --per-example A B  JSON-lines files, one example per line with \"id\"\n"
           "                     (or \"example_id\") and \"score\", \"correct\" or\n"
           "                     \"value\". Matching ids: paired (McNemar for correct\n"
           "                     flags; sign-flip permutation test and paired\n"
           "                     bootstrap BCa interval for scores). Otherwise\n"
           "                     unpaired (Welch, Mann-Whitney).\n"
           "  --metric NAME      names the next --values pair (and the per-example\n"
           "                     metric when given before --per-example results)\n"
           "  --values A B       comma-separated final values of seed repeats,\n"
           "                     e.g. --values 0.71,0.72,0.70 0.74,0.73,0.75; repeat\n"
           "                     --metric/--values for several metrics (Holm)\n"
           "  --lower-is-better  smaller values are better (losses, errors); applies\n"
           "                     to the --values given after it and to --per-example\n"
           "  --bh               Benjamini-Hochberg instead of Holm\n"
           "  --alpha A          significance level (default 0.05)\n"
           "  --seed N           bootstrap / permutation seed (default 0)\n"
           "  --resamples N      bootstrap and Monte Carlo resamples (default 9999)\n"
           "  --candidates-b N   B was picked from N runs (best-of-N guard); also\n"
           "  --candidates-a N   and --metrics-considered N (metrics looked at)\n"
           "  --json             the full result object for scripts and agents\n\n"
           "Output: one verdict line, e.g. \"B better than A on val_acc: +1.8 pts\n"
           "[0.9, 2.7], p = 0.0004, paired bootstrap, Holm over 3 metrics\", then a\n"
           "table and the flags. Exit 0 whatever the verdict; 1 on bad input.\n");
}

static int parse_values(const char *text, double **out, size_t *n, struct err *err)
{
    size_t cap = 1;
    for (const char *p = text; *p; p++)
        cap += *p == ',';
    if (cap > MAX_VALUES)
        return err_set(err, ERR_USER, "--values: more than %d values", MAX_VALUES);
    char *copy = strdup(text), *save = NULL;
    *out = malloc(cap * sizeof **out);
    *n = 0;
    int rc = copy && *out ? 0 : err_set(err, ERR_INTERNAL, "out of memory");
    for (char *tok = copy ? strtok_r(copy, ",", &save) : NULL; !rc && tok;
         tok = strtok_r(NULL, ",", &save))
        rc = parse_double(tok, "--values", &(*out)[(*n)++], err);
    free(copy);
    if (!rc && *n == 0)
        rc = err_set(err, ERR_USER, "--values: '%s' holds no numbers", text);
    return rc;
}

static int add_values(struct opts *o, const char *a, const char *b, struct err *err)
{
    if (o->n_metrics == MAX_METRICS)
        return err_set(err, ERR_USER, "at most %d metrics", MAX_METRICS);
    struct compare_metric *m = &o->metrics[o->n_metrics];
    double **va = &o->values[2 * o->n_metrics], **vb = &o->values[2 * o->n_metrics + 1];
    int rc = parse_values(a, va, &m->na, err);
    rc = rc ? rc : parse_values(b, vb, &m->nb, err);
    m->a = *va;
    m->b = *vb;
    m->name = o->n_names > o->n_metrics ? o->names[o->n_metrics] : "value";
    m->lower_is_better = o->lower;
    o->n_metrics++;
    return rc;
}

static int count_opt(const char *s, const char *what, size_t *out, struct err *err)
{
    int64_t v;
    int rc = parse_int64(s, what, 0, 100000000, &v, err);
    *out = (size_t)v;
    return rc;
}

/* Handles one option; 1 asks for help. */
static int one_opt(int c, struct opts *o, int argc, char **argv, struct err *err)
{
    const char *next = optind < argc ? argv[optind] : NULL;
    int64_t seed;
    switch (c) {
    case 'p': case 'v':
        if (!next)
            return err_set(err, ERR_USER, "--%s needs two arguments (A and B)",
                           c == 'p' ? "per-example" : "values");
        optind++;
        if (c == 'v')
            return add_values(o, optarg, next, err);
        o->file_a = optarg;
        o->file_b = next;
        return 0;
    case 'm':
        if (o->n_names == MAX_METRICS)
            return err_set(err, ERR_USER, "at most %d metrics", MAX_METRICS);
        o->names[o->n_names++] = optarg;
        return 0;
    case 'l': o->lower = 1; return 0;
    case 'B': o->in.correction = COMPARE_BH; return 0;
    case 'j': o->json = 1; return 0;
    case 'a': return compare_parse_alpha(optarg, &o->in.alpha, err);
    case 's':
        if (parse_int64(optarg, "--seed", 0, INT64_MAX, &seed, err))
            return err->code;
        o->in.seed = (uint64_t)seed;
        return 0;
    case 'r': return count_opt(optarg, "--resamples", &o->in.n_resamples, err);
    case 'A': return count_opt(optarg, "--candidates-a", &o->in.candidates_a, err);
    case 'C': return count_opt(optarg, "--candidates-b", &o->in.candidates_b, err);
    case 'M': return count_opt(optarg, "--metrics-considered", &o->in.metrics_considered, err);
    case 'h': return 1;
    default: return err_set(err, ERR_USER, "unknown option (see 'steward compare --help')");
    }
}

static int parse_opts(int argc, char **argv, struct opts *o, struct err *err)
{
    static const struct option lo[] = {
        {"per-example", required_argument, NULL, 'p'}, {"values", required_argument, NULL, 'v'},
        {"metric", required_argument, NULL, 'm'}, {"lower-is-better", no_argument, NULL, 'l'},
        {"bh", no_argument, NULL, 'B'}, {"json", no_argument, NULL, 'j'},
        {"alpha", required_argument, NULL, 'a'}, {"seed", required_argument, NULL, 's'},
        {"resamples", required_argument, NULL, 'r'},
        {"candidates-a", required_argument, NULL, 'A'},
        {"candidates-b", required_argument, NULL, 'C'},
        {"metrics-considered", required_argument, NULL, 'M'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    int c, rc = 0;
    while (!rc && (c = getopt_long(argc, argv, "+", lo, NULL)) != -1)
        rc = one_opt(c, o, argc, argv, err);
    if (!rc && optind < argc)
        rc = err_set(err, ERR_USER, "compare: run and campaign ids as A and B need a "
                     "project; use --per-example or --values here");
    if (!rc && !o->file_a && !o->n_metrics)
        rc = err_set(err, ERR_USER, "compare: give --per-example FILE_A FILE_B or "
                     "--values A B (see 'steward compare --help')");
    return rc;
}

static int run(struct opts *o, struct err *err)
{
    struct compare_examples a = {0}, b = {0};
    json_t *result = NULL;
    int rc = 0;
    if (o->file_a) {
        rc = compare_load_examples(o->file_a, &a, err);
        rc = rc ? rc : compare_load_examples(o->file_b, &b, err);
        o->in.ex_a = &a;
        o->in.ex_b = &b;
        o->in.example_metric = o->n_names > o->n_metrics ? o->names[o->n_names - 1] : "score";
        o->in.example_lower_is_better = o->lower;
    }
    o->in.metrics = o->metrics;
    o->in.n_metrics = o->n_metrics;
    rc = rc ? rc : compare_groups(&o->in, &result, err);
    if (!rc && o->json)
        rc = cli_print_json(result) ? err_set(err, ERR_INTERNAL, "out of memory") : 0;
    else if (!rc)
        rc = compare_render_text(result, stdout, err);
    json_decref(result);
    compare_examples_free(&a);
    compare_examples_free(&b);
    return rc;
}

int compare_runs(int argc, char **argv);

/* Whether the command line compares stored runs: exactly two operands
 * (A and B) wherever the options are, and no --values. Options that take
 * an argument are skipped with it; --per-example takes one (an artifact
 * name) with runs, two (files) without, so two files leave one operand. */
static int compares_runs(int argc, char **argv)
{
    static const char *const with_arg[] = {"--alpha", "--seed",
        "--resamples", "--candidates-a", "--candidates-b",
        "--metrics-considered", "--metric", "--per-example", NULL};
    int operands = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            return operands + argc - i - 1 == 2;
        if (!strcmp(argv[i], "--values"))
            return 0;
        if (argv[i][0] != '-') {
            operands++;
            continue;
        }
        for (size_t k = 0; with_arg[k]; k++)
            if (!strcmp(argv[i], with_arg[k]))
                i++;
    }
    return operands == 2;
}

int cmd_compare(int argc, char **argv)
{
    if (compares_runs(argc, argv))
        return compare_runs(argc, argv);
    struct opts *o = calloc(1, sizeof *o);
    struct err err = ERR_INIT;
    int status = 0;
    if (!o)
        return 3;
    int rc = parse_opts(argc, argv, o, &err);
    if (rc == 1)
        compare_help();
    else if (rc || run(o, &err))
        status = cli_fail(&err, o->json);
    for (size_t i = 0; i < 2 * o->n_metrics; i++)
        free(o->values[i]);
    free(o);
    return status;
}
