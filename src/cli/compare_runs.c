/*
 * compare_runs — `steward compare A B [--metric NAME]...`: A and B are
 * stored runs, seed repeats ("3,4,5") or campaigns ("campaign:NAME").
 * Each metric compares the last values the runs reported; several
 * metrics are corrected (Holm, or --bh). --per-example NAME compares the
 * per-example results two runs left as the artifact NAME (JSON lines with
 * an id and a score or correct flag): paired when the ids match. The result is stored and its id
 * printed, so a promotion gate can cite it.
 */
#include "cli/util.h"
#include "campaign/campaign.h"
#include "compare/compare.h"
#include "core/parse.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUNS_METRICS_MAX 16

struct runs_opts {
    const char *artifact;      /* per-example results file of each run */
    const char *names[RUNS_METRICS_MAX];
    int lower[RUNS_METRICS_MAX];
    size_t n;
    int json, lower_next;
    struct compare_input in;
};

static int count(const char *text, const char *what, size_t *out,
                 struct err *err)
{
    int64_t v;
    int rc = parse_int64(text, what, 0, 100000000, &v, err);
    *out = (size_t)v;
    return rc;
}

static int add_metric(struct runs_opts *o, const char *name, struct err *err)
{
    if (o->n == RUNS_METRICS_MAX)
        return err_set(err, ERR_USER, "compare A B: at most %d metrics",
                       RUNS_METRICS_MAX);
    o->lower[o->n] = o->lower_next;
    o->names[o->n++] = name;
    return 0;
}

/* One option; 1 asks for help. */
static int one(int c, struct runs_opts *o, struct err *err)
{
    int64_t seed;
    switch (c) {
    case 'm': return add_metric(o, optarg, err);
    case 'e': o->artifact = optarg; return 0;
    case 'l': o->lower_next = 1; return 0;
    case 'B': o->in.correction = COMPARE_BH; return 0;
    case 'j': o->json = 1; return 0;
    case 's':
        if (parse_int64(optarg, "--seed", 0, INT64_MAX, &seed, err))
            return err->code;
        o->in.seed = (uint64_t)seed;
        return 0;
    case 'a': return compare_parse_alpha(optarg, &o->in.alpha, err);
    case 'r': return count(optarg, "--resamples", &o->in.n_resamples, err);
    case 'A': return count(optarg, "--candidates-a", &o->in.candidates_a,
                           err);
    case 'C': return count(optarg, "--candidates-b", &o->in.candidates_b,
                           err);
    case 'M': return count(optarg, "--metrics-considered",
                           &o->in.metrics_considered, err);
    case 'h': return 1;
    default: return err_set(err, ERR_USER, "compare A B: unknown option "
                            "(see 'steward compare --help')");
    }
}

/* Options anywhere on the line; A and B are the two operands. */
static int parse(int argc, char **argv, struct runs_opts *o,
                 const char **ab, struct err *err)
{
    static const struct option lo[] = {
        {"metric", 1, NULL, 'm'}, {"lower-is-better", 0, NULL, 'l'},
        {"bh", 0, NULL, 'B'}, {"json", 0, NULL, 'j'}, {"seed", 1, NULL, 's'},
        {"per-example", 1, NULL, 'e'}, {"alpha", 1, NULL, 'a'},
        {"resamples", 1, NULL, 'r'}, {"candidates-a", 1, NULL, 'A'},
        {"candidates-b", 1, NULL, 'C'},
        {"metrics-considered", 1, NULL, 'M'}, {"help", 0, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, rc = 0;
    optind = 1;
    while (!rc && (c = getopt_long(argc, argv, "", lo, NULL)) != -1)
        rc = one(c, o, err);
    if (!rc && argc - optind != 2)
        rc = err_set(err, ERR_USER, "compare needs two groups A and B");
    if (!rc) {
        ab[0] = argv[optind];
        ab[1] = argv[optind + 1];
    }
    if (!rc && !o->n && !o->artifact)
        o->names[o->n++] = "val_acc";
    return rc;
}

static int load(struct steward *s, const char *a, const char *b,
                struct runs_opts *o, struct compare_metric *m,
                struct err *err)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < o->n; i++) {
        double *va = NULL, *vb = NULL;
        m[i].name = o->names[i];
        m[i].lower_is_better = o->lower[i] ||
            strstr(o->names[i], "loss") || strstr(o->names[i], "err");
        rc = steward_group_values(s, a, o->names[i], &va, &m[i].na, err);
        rc = rc ? rc : steward_group_values(s, b, o->names[i], &vb, &m[i].nb,
                                            err);
        m[i].a = va;
        m[i].b = vb;
    }
    return rc;
}

/* --per-example NAME: the artifact NAME of run A and of run B. */
static int load_examples(struct steward *s, const char *a, const char *b,
                         const char *name, struct compare_examples *ex,
                         struct err *err)
{
    const char *ids[2] = {a, b};
    int rc = 0;
    for (int k = 0; !rc && k < 2; k++) {
        char path[API_PATH_MAX + 96];
        int64_t id;
        rc = cli_parse_id(ids[k], &id, err);
        if (rc)
            return err_set(err, ERR_USER, "--per-example compares two single "
                           "runs; '%s' is not one experiment id", ids[k]);
        rc = steward_artifact_path(s, id, name, path, sizeof path, err);
        rc = rc ? rc : compare_load_examples(path, &ex[k], err);
    }
    return rc;
}

/* Honesty guard: a single run that belongs to a campaign was picked from
 * its campaign's runs (best of N after the fact), unless told otherwise. */
static size_t picked_from(struct steward *s, const char *group)
{
    struct err err = ERR_INIT;
    int64_t id;
    json_t *exp = NULL, *sum = NULL;
    size_t n = 0;
    if (strchr(group, ',') || cli_parse_id(group, &id, &err) ||
        steward_show(s, id, &exp, &err))
        return 0;
    const char *c = json_string_value(json_object_get(exp, "campaign"));
    if (c && !steward_campaign_summary(s, c, &sum, &err))
        n = json_array_size(json_object_get(sum, "trials"));
    json_decref(sum);
    json_decref(exp);
    return n > 1 ? n : 0;
}

static int report(struct steward *s, const char *a, const char *b,
                  json_t *result, int json, struct err *err)
{
    int64_t id = 0;
    int rc = steward_record_comparison(s, a, b, result, &id, err);
    if (rc)
        return rc;
    json_object_set_new(result, "comparison_id", json_integer(id));
    if (json)
        return cli_print_json(result) ? err_set(err, ERR_INTERNAL, "print")
               : 0;
    rc = compare_render_text(result, stdout, err);
    if (!rc)
        printf("(stored as comparison %lld)\n", (long long)id);
    return rc;
}

void compare_help(void);

/* Loads the values (and per-example results) of A and B, with the
 * best-of-N guards, into o->in. */
static int gather(struct steward *s, const char *a, const char *b,
                  struct runs_opts *o, struct compare_metric *m,
                  struct compare_examples *ex, struct err *err)
{
    int rc = load(s, a, b, o, m, err);
    if (!rc && o->artifact) {
        rc = load_examples(s, a, b, o->artifact, ex, err);
        o->in.ex_a = &ex[0];
        o->in.ex_b = &ex[1];
        o->in.example_metric = o->artifact;
    }
    o->in.label_a = a;
    o->in.label_b = b;
    if (!o->in.candidates_a)
        o->in.candidates_a = picked_from(s, a);
    if (!o->in.candidates_b)
        o->in.candidates_b = picked_from(s, b);
    o->in.metrics = m;
    o->in.n_metrics = o->n;
    return rc;
}

int compare_runs(int argc, char **argv)
{
    struct runs_opts o;
    struct compare_metric m[RUNS_METRICS_MAX];
    struct err err = ERR_INIT;
    struct steward *s = NULL;
    struct compare_examples ex[2];
    json_t *result = NULL;
    const char *ab[2] = {NULL, NULL};
    memset(ex, 0, sizeof ex);
    memset(&o, 0, sizeof o);
    memset(m, 0, sizeof m);
    int rc = parse(argc, argv, &o, ab, &err);
    if (rc == 1)
        return compare_help(), 0;
    if (!rc && (rc = cli_open(&s, o.json)))
        return rc;
    rc = rc ? rc : gather(s, ab[0], ab[1], &o, m, ex, &err);
    rc = rc ? rc : compare_groups(&o.in, &result, &err);
    rc = rc ? rc : report(s, ab[0], ab[1], result, o.json, &err);
    json_decref(result);
    compare_examples_free(&ex[0]);
    compare_examples_free(&ex[1]);
    for (size_t i = 0; i < o.n; i++) {
        free((double *)m[i].a);
        free((double *)m[i].b);
    }
    steward_close(s);
    return rc ? cli_fail(&err, o.json) : 0;
}
