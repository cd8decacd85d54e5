/*
 * evidence — what the store says about a gate: the newest stored
 * comparison citing production's run (side A) and the candidate's run
 * (side B) with a row for the gate's metric, or the runs tagged for the
 * gate that name the candidate with the param `candidate`. Reading only;
 * gates.c judges.
 */
#include "promote/gates.h"
#include "promote/promote_int.h"
#include "store/store.h"

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

static void take_row(sqlite3_stmt *st, const char *metric,
                     struct gate_facts *f, struct owned *o)
{
    json_t *res = json_loads(store_col_text(st, 3), 0, NULL);
    const json_t *row = metric_row(res, metric);
    if (row) {
        f->comparison_id = sqlite3_column_int64(st, 0);
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

static int find_comparison(struct steward *s, const struct candidate *c,
                           const char *metric, int64_t prod_exp,
                           struct gate_facts *f, struct owned *o,
                           struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT id, a, b, result FROM comparisons "
                           "ORDER BY id DESC", &st, err);
    if (rc)
        return rc;
    while (!f->comparison_id && (rc = sqlite3_step(st)) == SQLITE_ROW)
        if (side_has(store_col_text(st, 1), prod_exp) &&
            side_has(store_col_text(st, 2), c->exp))
            take_row(st, metric, f, o);
    sqlite3_finalize(st);
    return 0;
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
    sqlite3_stmt *st;
    if (def->check == POLICY_CHECK_EXIT0 || sqlite3_prepare_v2(s->db,
        "SELECT m.value FROM metrics m JOIN metric_series ms ON ms.id = "
        "m.series_id WHERE ms.run_id = (SELECT max(id) FROM runs WHERE "
        "experiment_id = ?) AND ms.name = ? ORDER BY m.step DESC LIMIT 1",
        -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(st, 1, r->id);
    store_bind_text(st, 2, def->metric);
    if (sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) != SQLITE_NULL) {
        r->has_value = 1;
        r->value = sqlite3_column_double(st, 0);
    }
    sqlite3_finalize(st);
}

static int find_runs(struct steward *s, const struct candidate *c,
                     const struct policy_gate *def, struct gate_facts *f,
                     struct owned *o, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT id, state, ifnull(tags, '[]'), "
        "ifnull(params, '{}') FROM experiments WHERE state NOT IN "
        "('denied', 'rejected', 'expired', 'cancelled') ORDER BY id",
        &st, err);
    if (rc)
        return rc;
    while (f->nruns < EVIDENCE_RUNS_MAX && sqlite3_step(st) == SQLITE_ROW) {
        if (!has_tag(store_col_text(st, 2), def->tag) ||
            !names_candidate(store_col_text(st, 3), c->id))
            continue;
        struct gate_run *r = &o->runs[f->nruns];
        r->id = sqlite3_column_int64(st, 0);
        snprintf(o->states[f->nruns], sizeof o->states[0], "%s",
                 store_col_text(st, 1));
        r->state = o->states[f->nruns++];
        run_value(s, def, r);
    }
    sqlite3_finalize(st);
    f->runs = o->runs;
    return 0;
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
