/*
 * summary — the memory of a campaign, so nobody proposes the same dead
 * end twice: every trial with its params, value and fate (complete,
 * pruned at which rung, failed and why), the best trial, the best region
 * (the range each parameter spans over the best quarter of completed
 * trials), and the proposals agents added themselves, told apart.
 */
#include "api/handle.h"
#include "campaign/campaign.h"
#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int load_head(struct steward *s, const char *name, json_t **out,
                     struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT id, metric, direction, state, "
        "envelope FROM campaigns WHERE name = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = json_pack("{s:s,s:I,s:s,s:s,s:s,s:o}", "name", name, "id",
            (json_int_t)sqlite3_column_int64(st, 0), "metric",
            store_col_text(st, 1), "direction", store_col_text(st, 2),
            "state", store_col_text(st, 3), "envelope",
            json_loads(store_col_text(st, 4), 0, NULL));
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOTFOUND, "no campaign '%s'", name);
    return rc == SQLITE_ROW ? 0 : store_fail(s->db, rc, "reading", err);
}

/* The anomaly kinds the run's digest flagged ("nan", "divergence"...),
 * so a dead end says how it died. */
static json_t *digest_flags(struct steward *s, int64_t run)
{
    char path[API_PATH_MAX + 64];
    json_t *flags = json_array();
    snprintf(path, sizeof path, "%s/runs/%lld/digest.json", s->home,
             (long long)run);
    json_t *d = run ? json_load_file(path, 0, NULL) : NULL;
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(d, "anomalies"), i, a) {
        json_t *kind = json_object_get(a, "kind");
        int seen = 0;
        size_t k;
        json_t *f;
        json_array_foreach(flags, k, f) seen |= json_equal(f, kind);
        if (json_is_string(kind) && !seen)
            json_array_append(flags, kind);
    }
    json_decref(d);
    return flags;
}

/* Every experiment of the campaign, with its trial row when the search
 * proposed it (else it is an agent's own). */
static int load_trials(struct steward *s, json_t *sum, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT e.id, e.name, e.state, e.params, "
        "e.proposer, t.trial, t.state, t.value, t.note, (SELECT max(r.id) "
        "FROM runs r WHERE r.experiment_id = e.id) FROM experiments e "
        "LEFT JOIN campaign_trials t ON t.experiment_id = e.id WHERE "
        "e.campaign = ? ORDER BY e.id", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, json_string_value(json_object_get(sum, "name")));
    json_t *list = json_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int searched = sqlite3_column_type(st, 5) != SQLITE_NULL &&
                       strncmp(store_col_text(st, 8), "agent", 5) != 0;
        json_array_append_new(list, json_pack(
            "{s:I,s:s,s:s,s:o,s:s,s:s,s:o,s:s,s:s,s:o}",
            "experiment", (json_int_t)sqlite3_column_int64(st, 0),
            "name", store_col_text(st, 1), "state", store_col_text(st, 2),
            "params", json_loads(store_col_text(st, 3), 0, NULL),
            "proposer", store_col_text(st, 4),
            "source", searched ? "search" : "agent",
            "value", sqlite3_column_type(st, 7) == SQLITE_NULL ? json_null()
                     : json_real(sqlite3_column_double(st, 7)),
            "outcome", sqlite3_column_type(st, 6) != SQLITE_NULL
                       ? store_col_text(st, 6) : store_col_text(st, 2),
            "note", store_col_text(st, 8),
            "flags", digest_flags(s, sqlite3_column_int64(st, 9))));
    }
    sqlite3_finalize(st);
    json_object_set_new(sum, "trials", list);
    return rc == SQLITE_DONE ? 0 : store_fail(s->db, rc, "reading", err);
}

static int better(const json_t *sum, double a, double b)
{
    int max = !strcmp(json_string_value(json_object_get(sum, "direction")),
                      "maximize");
    return max ? a > b : a < b;
}

static void add_best(json_t *sum)
{
    size_t i;
    json_t *t, *best = NULL;
    json_array_foreach(json_object_get(sum, "trials"), i, t) {
        json_t *v = json_object_get(t, "value");
        if (!json_is_number(v) || strcmp(json_string_value(
                json_object_get(t, "outcome")), "complete"))
            continue;
        if (!best || better(sum, json_number_value(v), json_number_value(
                json_object_get(best, "value"))))
            best = t;
    }
    json_object_set(sum, "best", best ? best : json_null());
}

static void count_outcomes(json_t *sum)
{
    static const char *const outcomes[] = {"complete", "pruned", "failed",
                                           "running"};
    json_t *counts = json_object();
    size_t i;
    json_t *t;
    for (size_t k = 0; k < 4; k++)
        json_object_set_new(counts, outcomes[k], json_integer(0));
    json_array_foreach(json_object_get(sum, "trials"), i, t) {
        const char *o = json_string_value(json_object_get(t, "outcome"));
        json_t *c = json_object_get(counts, o);
        if (c)
            json_integer_set(c, json_integer_value(c) + 1);
    }
    json_object_set_new(sum, "counts", counts);
}

/* Per numeric param, [min, max] over the best quarter of completed
 * trials: where to look next. */
static void add_region(json_t *sum)
{
    json_t *done = json_array(), *region = json_object();
    size_t i, n;
    json_t *t;
    json_array_foreach(json_object_get(sum, "trials"), i, t)
        if (json_is_number(json_object_get(t, "value")) &&
            !strcmp(json_string_value(json_object_get(t, "outcome")),
                    "complete"))
            json_array_append(done, t);
    n = json_array_size(done);
    for (size_t a = 0; a < n; a++) /* small n: selection by insertion */
        for (size_t b = a + 1; b < n; b++)
            if (better(sum, json_number_value(json_object_get(
                    json_array_get(done, b), "value")), json_number_value(
                    json_object_get(json_array_get(done, a), "value")))) {
                json_t *x = json_incref(json_array_get(done, a));
                json_array_set(done, a, json_array_get(done, b));
                json_array_set_new(done, b, x);
            }
    size_t top = n ? (n + 3) / 4 : 0;
    for (size_t k = 0; k < top; k++) {
        const char *name;
        json_t *v;
        json_object_foreach(json_object_get(json_array_get(done, k),
                                            "params"), name, v) {
            if (!json_is_number(v))
                continue;
            json_t *r = json_object_get(region, name);
            double x = json_number_value(v);
            if (!r)
                json_object_set_new(region, name, json_pack("[f,f]", x, x));
            else if (x < json_number_value(json_array_get(r, 0)))
                json_array_set_new(r, 0, json_real(x));
            else if (x > json_number_value(json_array_get(r, 1)))
                json_array_set_new(r, 1, json_real(x));
        }
    }
    json_object_set_new(sum, "best_region", region);
    json_decref(done);
}

int steward_campaign_summary(struct steward *s, const char *name,
                             json_t **out, struct err *err)
{
    json_t *sum = NULL;
    int rc = load_head(s, name, &sum, err);
    rc = rc ? rc : load_trials(s, sum, err);
    if (rc) {
        json_decref(sum);
        return rc;
    }
    add_best(sum);
    count_outcomes(sum);
    add_region(sum);
    *out = sum;
    return 0;
}
