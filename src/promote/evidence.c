/*
 * evidence — what the store says about a gate: the newest stored
 * comparison citing production's run (side A) and the candidate's run
 * (side B) with a row for the gate's metric, or the runs tagged for the
 * gate that name the candidate with the param `candidate`. Reading only;
 * gates.c judges.
 */
#include "promote/gates.h"
#include "promote/promote_int.h"
#include "store/comparisons.h"
#include "store/experiment_lists.h"
#include "store/metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVIDENCE_RUNS_MAX 64

struct owned {
    struct gate_run runs[EVIDENCE_RUNS_MAX];
    char states[EVIDENCE_RUNS_MAX][24];
    char direction[16];
};

/* Whether the comma-separated id list side names id. */
static int side_has(const char *side, int64_t id)
{
    char want[32];
    snprintf(want, sizeof want, "%lld", (long long)id);
    size_t n = strlen(want);
    for (const char *p = side; *p; p += strcspn(p, ","), p += *p == ',')
        if (strcspn(p, ",") == n && !strncmp(p, want, n))
            return 1;
    return 0;
}

static const json_t *metric_row(const json_t *result, const char *metric)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(result, "comparisons"), i, r)
        if (!strcmp(json_string_value(json_object_get(r, "metric")) ?
                    json_string_value(json_object_get(r, "metric")) : "",
                    metric))
            return r;
    return NULL;
}

static void take_row(int64_t id, const char *result, const char *metric,
                     struct gate_facts *f, struct owned *o)
{
    json_t *res = json_loads(result, 0, NULL);
    const json_t *row = metric_row(res, metric);
    if (row) {
        f->comparison_id = id;
        snprintf(o->direction, sizeof o->direction, "%s", json_string_value(
            json_object_get(row, "direction")) ? json_string_value(
            json_object_get(row, "direction")) : "none");
        f->direction = o->direction;
        double p = json_number_value(json_object_get(row, "pvalue_adjusted"));
        f->pvalue_adjusted = json_is_number(json_object_get(row,
                             "pvalue_adjusted")) ? p : 1;
    }
    json_decref(res);
}

struct seek {
    const struct candidate *c;
    const char *metric;
    int64_t prod_exp;
    struct gate_facts *f;
    struct owned *o;
};

static int consider_comparison(int64_t id, const char *a, const char *b,
                               const char *result, void *ctx)
{
    struct seek *k = ctx;
    if (side_has(a, k->prod_exp) && side_has(b, k->c->exp))
        take_row(id, result, k->metric, k->f, k->o);
    return k->f->comparison_id != 0;
}

static int find_comparison(struct steward *s, const struct candidate *c,
                           const char *metric, int64_t prod_exp,
                           struct gate_facts *f, struct owned *o,
                           struct err *err)
{
    struct seek k = {c, metric, prod_exp, f, o};
    int rc = f->comparison_id ? 0
             : store_comparisons_each_newest(s->db, consider_comparison, &k,
                                             err);
    return rc < 0 ? rc : 0;
}

static int names_candidate(const char *params, int64_t cand)
{
    json_t *p = json_loads(params, 0, NULL);
    json_t *v = json_object_get(p, "candidate");
    char want[32];
    snprintf(want, sizeof want, "%lld", (long long)cand);
    int yes = (json_is_integer(v) && json_integer_value(v) == cand) ||
              (json_is_string(v) && !strcmp(json_string_value(v), want));
    json_decref(p);
    return yes;
}

static int has_tag(const char *tags, const char *tag)
{
    json_t *t = json_loads(tags, 0, NULL), *v;
    size_t i;
    int yes = 0;
    json_array_foreach(t, i, v)
        yes |= json_is_string(v) && !strcmp(json_string_value(v), tag);
    json_decref(t);
    return yes;
}

static void run_value(struct steward *s, const struct policy_gate *def,
                      struct gate_run *r)
{
    struct err ignored = ERR_INIT;
    double v;
    if (def->check != POLICY_CHECK_EXIT0 &&
        store_metrics_last_value(s->db, r->id, def->metric, &v,
                                 &ignored) == 1 && !isnan(v)) {
        r->has_value = 1;
        r->value = v;
    }
}

struct gather {
    struct steward *s;
    const struct candidate *c;
    const struct policy_gate *def;
    struct gate_facts *f;
    struct owned *o;
};

static int consider_run(int64_t id, const char *state, const char *tags,
                        const char *params, void *ctx)
{
    struct gather *g = ctx;
    struct gate_facts *f = g->f;
    if (!has_tag(tags, g->def->tag) || !names_candidate(params, g->c->id))
        return 0;
    struct gate_run *r = &g->o->runs[f->nruns];
    r->id = id;
    snprintf(g->o->states[f->nruns], sizeof g->o->states[0], "%s", state);
    r->state = g->o->states[f->nruns++];
    run_value(g->s, g->def, r);
    return f->nruns >= EVIDENCE_RUNS_MAX;
}

static int find_runs(struct steward *s, const struct candidate *c,
                     const struct policy_gate *def, struct gate_facts *f,
                     struct owned *o, struct err *err)
{
    struct gather g = {s, c, def, f, o};
    int rc = f->nruns < EVIDENCE_RUNS_MAX
             ? store_experiments_each_live(s->db, consider_run, &g, err) : 0;
    f->runs = o->runs;
    return rc < 0 ? rc : 0;
}

int evidence_gather(struct steward *s, const struct candidate *c,
                    const struct policy_gate *def, int64_t production_exp,
                    struct gate_facts *f, void **owned, struct err *err)
{
    struct owned *o = calloc(1, sizeof *o);
    *owned = o;
    f->candidate = c->id;
    f->production_exp = production_exp;
    if (!o)
        return err_set(err, ERR_INTERNAL, "out of memory");
    if (!def)
        return 0;
    if (def->kind == POLICY_GATE_COMPARISON)
        return production_exp ? find_comparison(s, c, def->metric,
                                                production_exp, f, o, err) : 0;
    return find_runs(s, c, def, f, o, err);
}

void evidence_release(void *owned)
{
    free(owned);
}
