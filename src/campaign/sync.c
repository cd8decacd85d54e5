/*
 * sync — what a campaign's trials did since the last step, fed back to
 * its search: intermediate values of the objective (the pruner decides
 * on them), final values, and failures. Everything learned in one step
 * commits together with the search state.
 */
#include "api/handle.h"
#include "campaign/drive_int.h"
#include "api/state.h"
#include "store/metrics.h"
#include "store/store.h"
#include "store/trials.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SYNC_TRIALS_MAX 1024
#define SYNC_POINTS_MAX 100000

struct trial_row {
    size_t trial;
    int64_t exp;
    int64_t reported;
    char state[16];      /* campaign_trials.state after the step */
    double value;
    char note[160];
    int stop;            /* the pruner cut it: stop its run */
};

static int load_rows(struct steward *s, const struct driven *d,
                     struct trial_row *rows, size_t *n, struct err *err)
{
    static struct store_trial got[SYNC_TRIALS_MAX];
    int rc = store_trials_running(s->db, d->id, got, SYNC_TRIALS_MAX, n,
                                  err);
    for (size_t i = 0; !rc && i < *n; i++) {
        struct trial_row *r = &rows[i];
        memset(r, 0, sizeof *r);
        r->trial = (size_t)got[i].trial;
        r->exp = got[i].experiment;
        r->reported = got[i].reported_step;
        snprintf(r->state, sizeof r->state, "running");
        r->value = NAN;
    }
    return rc;
}

struct feed {
    struct driven *d;
    struct trial_row *r;
    int pruning;
    int rc;
    struct err *err;
};

static int feed_point(int64_t step, double value, void *ctx)
{
    struct feed *f = ctx;
    struct trial_row *r = f->r;
    r->value = value;
    r->reported = step;
    if (f->pruning)
        f->rc = search_report(f->d->search, r->trial, (double)step, value,
                              &r->stop, f->err);
    if (!f->rc && r->stop) {
        snprintf(r->state, sizeof r->state, "pruned");
        snprintf(r->note, sizeof r->note, "pruned at step %lld (rung %d)",
                 (long long)step, search_trial(f->d->search,
                                               r->trial)->rung);
    }
    return f->rc || r->stop;
}

/* Reports new points to the pruner; keeps the last value seen. */
static int feed_reports(struct steward *s, struct driven *d,
                        struct trial_row *r, struct err *err)
{
    struct feed f = {d, r, 0, 0, err};
    f.pruning = search_options_of(d->search)->pruner != SEARCH_PRUNE_NONE;
    int rc = store_metrics_each_point(s->db, r->exp, d->metric, r->reported,
                                      SYNC_POINTS_MAX, feed_point, &f, err);
    return rc < 0 ? rc : f.rc;
}

struct last {
    double value;
    int seen;
};

static int keep_last(int64_t step, double value, void *ctx)
{
    struct last *l = ctx;
    l->value = value;
    l->seen = 1;
    return 0;
}

/* The objective's last value over the whole run (NaN if never). */
static int last_value(struct steward *s, const struct driven *d,
                      struct trial_row *r, int *seen, struct err *err)
{
    struct last l = {r->value, 0};
    int rc = store_metrics_each_point(s->db, r->exp, d->metric, -1,
                                      SYNC_POINTS_MAX, keep_last, &l, err);
    r->value = l.value;
    *seen = l.seen;
    return rc < 0 ? rc : 0;
}

static int conclude(struct steward *s, struct driven *d, struct trial_row *r,
                    const char *exp_state, struct err *err)
{
    int seen = 0, rc = 0;
    if (!strcmp(exp_state, "succeeded"))
        rc = last_value(s, d, r, &seen, err);
    if (rc)
        return rc;
    if (seen && isfinite(r->value)) {
        snprintf(r->state, sizeof r->state, "complete");
        return search_tell(d->search, r->trial, r->value, err);
    }
    snprintf(r->state, sizeof r->state, "failed");
    snprintf(r->note, sizeof r->note, "%s", seen ? "objective is NaN or "
             "infinite (diverged)" : strcmp(exp_state, "succeeded") ? exp_state
             : "the run never reported the objective metric");
    if (seen && strstr(r->note, "diverged"))
        snprintf(r->note, sizeof r->note, "diverged: %s is %g", d->metric,
                 r->value);
    return search_tell_failed(d->search, r->trial, err);
}

static int update_row(struct steward *s, const struct driven *d,
                      const struct trial_row *r, struct err *err)
{
    return store_trials_update(s->db, d->id, (int64_t)r->trial, r->state,
                               r->value, r->reported, r->note, err);
}

static int sync_trial(struct steward *s, struct driven *d,
                      struct trial_row *r, struct err *err)
{
    char exp_state[32];
    int rc = state_get(s->db, r->exp, exp_state, sizeof exp_state, err);
    if (!rc && !strcmp(exp_state, "running"))
        rc = feed_reports(s, d, r, err);
    else if (!rc && state_final(exp_state)) {
        rc = feed_reports(s, d, r, err);
        if (!rc && !r->stop)
            rc = conclude(s, d, r, exp_state, err);
    }
    return rc ? rc : update_row(s, d, r, err);
}

/* An agent's own finished proposal in this campaign feeds the sampler
 * like a trial (marked external); one outside the space is noted and
 * left out. */
static int adopt_one(struct steward *s, struct driven *d, int64_t exp,
                     const char *params, const char *exp_state,
                     struct err *err)
{
    double x[SEARCH_PARAMS_MAX];
    struct err bad = ERR_INIT;
    json_t *p = json_loads(params, 0, NULL);
    int valid = p && !search_space_from_json(d->space, p, x, &bad);
    json_decref(p);
    if (!valid)
        return store_trials_insert(s->db, d->id, -exp, exp, "ignored", NAN,
                                   "agent: outside the space", err);
    struct trial_row r;
    memset(&r, 0, sizeof r);
    r.exp = exp;
    r.value = NAN;
    r.reported = -1;
    size_t id;
    int rc = search_add(d->search, x, &id, err);
    r.trial = id;
    rc = rc ? rc : conclude(s, d, &r, exp_state, err);
    return rc ? rc : store_trials_insert(s->db, d->id, (int64_t)id, exp,
                                         r.state, r.value, "agent", err);
}

struct adopt {
    struct steward *s;
    struct driven *d;
    struct err *err;
};

static int adopt_row(int64_t exp, const char *params, const char *state,
                     void *ctx)
{
    struct adopt *a = ctx;
    return adopt_one(a->s, a->d, exp, params, state, a->err);
}

static int adopt_agent_runs(struct steward *s, struct driven *d,
                            struct err *err)
{
    struct adopt a = {s, d, err};
    return store_trials_each_unadopted(s->db, d->name, adopt_row, &a, err);
}

int drive_sync(struct steward *s, struct driven *d, struct err *err)
{
    static struct trial_row rows[SYNC_TRIALS_MAX];
    size_t n;
    int rc = load_rows(s, d, rows, &n, err);
    rc = rc ? rc : store_begin(s->db, err);
    for (size_t i = 0; !rc && i < n; i++)
        rc = sync_trial(s, d, &rows[i], err);
    rc = rc ? rc : adopt_agent_runs(s, d, err);
    rc = rc ? rc : drive_save(s, d, err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc) {
        store_rollback(s->db);
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        struct err ignored = ERR_INIT;
        if (rows[i].stop && steward_stop_run_why(s, rows[i].exp,
                                                 rows[i].note, &ignored))
            (void)0; /* it ended on its own meanwhile */
    }
    return 0;
}
