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

static int parse(int argc, char **argv, struct runs_opts *o, struct err *err)
{
    static const struct option lo[] = {
        {"metric", 1, NULL, 'm'}, {"lower-is-better", 0, NULL, 'l'},
        {"bh", 0, NULL, 'B'}, {"json", 0, NULL, 'j'}, {"seed", 1, NULL, 's'},
        {"per-example", 1, NULL, 'e'}, {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        if (c == 'm' && o->n < RUNS_METRICS_MAX) {
            o->lower[o->n] = o->lower_next;
            o->names[o->n++] = optarg;
        } else if (c == 'e') {
            o->artifact = optarg;
        } else if (c == 'l') {
            o->lower_next = 1;
        } else if (c == 'B') {
            o->in.correction = COMPARE_BH;
        } else if (c == 'j') {
            o->json = 1;
        } else if (c == 's') {
            o->in.seed = strtoull(optarg, NULL, 10);
        } else {
            return err_set(err, ERR_USER, "compare A B: unknown option or "
                           "more than %d metrics", RUNS_METRICS_MAX);
        }
    }
    if (!o->n && !o->artifact)
        o->names[o->n++] = "val_acc";
    return 0;
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

int compare_runs(int argc, char **argv)
{
    struct runs_opts o;
    struct compare_metric m[RUNS_METRICS_MAX];
    struct err err = ERR_INIT;
    struct steward *s = NULL;
    struct compare_examples ex[2];
    json_t *result = NULL;
    memset(ex, 0, sizeof ex);
    memset(&o, 0, sizeof o);
    memset(m, 0, sizeof m);
    const char *a = argv[1], *b = argv[2];
    int rc = parse(argc - 2, argv + 2, &o, &err);
    if (!rc && (rc = cli_open(&s, o.json)))
        return rc;
    rc = rc ? rc : load(s, a, b, &o, m, &err);
    if (!rc && o.artifact) {
        rc = load_examples(s, a, b, o.artifact, ex, &err);
        o.in.ex_a = &ex[0];
        o.in.ex_b = &ex[1];
        o.in.example_metric = o.artifact;
    }
    o.in.label_a = a;
    o.in.label_b = b;
    if (s && !o.in.candidates_a)
        o.in.candidates_a = picked_from(s, a);
    if (s && !o.in.candidates_b)
        o.in.candidates_b = picked_from(s, b);
    o.in.metrics = m;
    o.in.n_metrics = o.n;
    rc = rc ? rc : compare_groups(&o.in, &result, &err);
    rc = rc ? rc : report(s, a, b, result, o.json, &err);
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
