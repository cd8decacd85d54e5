/*
 * sync — what a campaign's trials did since the last step, fed back to
 * its search: intermediate values of the objective (the pruner decides
 * on them), final values, and failures. Everything learned in one step
 * commits together with the search state.
 */
#include "api/handle.h"
#include "campaign/drive_int.h"
#include "api/state.h"
#include "store/store.h"

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
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT trial, experiment_id, "
        "reported_step FROM campaign_trials WHERE campaign_id = ? AND "
        "state = 'running' ORDER BY trial LIMIT ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, d->id);
    sqlite3_bind_int(st, 2, SYNC_TRIALS_MAX);
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct trial_row *r = &rows[(*n)++];
        memset(r, 0, sizeof *r);
        r->trial = (size_t)sqlite3_column_int64(st, 0);
        r->exp = sqlite3_column_int64(st, 1);
        r->reported = sqlite3_column_int64(st, 2);
        snprintf(r->state, sizeof r->state, "running");
        r->value = NAN;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_fail(s->db, rc, "reading trials", err);
}

static sqlite3_stmt *points_stmt(struct steward *s, const struct driven *d,
                                 const struct trial_row *r, struct err *err)
{
    sqlite3_stmt *st;
    if (store_prepare(s->db, "SELECT m.step, m.value FROM metrics m JOIN "
            "metric_series ms ON ms.id = m.series_id JOIN runs r ON r.id = "
            "ms.run_id WHERE r.experiment_id = ? AND ms.name = ? AND "
            "m.step > ? ORDER BY m.step LIMIT ?", &st, err))
        return NULL;
    sqlite3_bind_int64(st, 1, r->exp);
    sqlite3_bind_text(st, 2, d->metric, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, r->reported);
    sqlite3_bind_int(st, 4, SYNC_POINTS_MAX);
    return st;
}

static double col_value(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL
           ? NAN : sqlite3_column_double(st, i);
}

/* Reports new points to the pruner; keeps the last value seen. */
static int feed_reports(struct steward *s, struct driven *d,
                        struct trial_row *r, struct err *err)
{
    int pruning = search_options_of(d->search)->pruner != SEARCH_PRUNE_NONE;
    sqlite3_stmt *st = points_stmt(s, d, r, err);
    if (!st)
        return err->code;
    int rc = 0, step_rc;
    while (!rc && !r->stop && (step_rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t step = sqlite3_column_int64(st, 0);
        r->value = col_value(st, 1);
        r->reported = step;
        if (pruning)
            rc = search_report(d->search, r->trial, (double)step, r->value,
                               &r->stop, err);
        if (!rc && r->stop) {
            snprintf(r->state, sizeof r->state, "pruned");
            snprintf(r->note, sizeof r->note, "pruned at step %lld (rung %d)",
                     (long long)step, search_trial(d->search, r->trial)->rung);
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* The objective's last value over the whole run (NaN if never). */
static int last_value(struct steward *s, const struct driven *d,
                      struct trial_row *r, int *seen, struct err *err)
{
    struct trial_row all = *r;
    all.reported = -1;
    sqlite3_stmt *st = points_stmt(s, d, &all, err);
    if (!st)
        return err->code;
    *seen = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        r->value = col_value(st, 1);
        *seen = 1;
    }
    sqlite3_finalize(st);
    return 0;
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
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "UPDATE campaign_trials SET state = ?, "
        "value = ?, reported_step = ?, note = ? WHERE campaign_id = ? AND "
        "trial = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, r->state);
    if (isfinite(r->value))
        sqlite3_bind_double(st, 2, r->value);
    sqlite3_bind_int64(st, 3, r->reported);
    store_bind_text(st, 4, r->note);
    sqlite3_bind_int64(st, 5, d->id);
    sqlite3_bind_int64(st, 6, (int64_t)r->trial);
    return store_exec_stmt(st, err);
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

static int insert_adopted(struct steward *s, const struct driven *d,
                          int64_t trial, int64_t exp, const char *state,
                          double value, const char *note, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "INSERT INTO campaign_trials(campaign_id, "
        "trial, experiment_id, state, value, note) VALUES (?,?,?,?,?,?)",
        &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, d->id);
    sqlite3_bind_int64(st, 2, trial);
    sqlite3_bind_int64(st, 3, exp);
    store_bind_text(st, 4, state);
    if (isfinite(value))
        sqlite3_bind_double(st, 5, value);
    store_bind_text(st, 6, note);
    return store_exec_stmt(st, err);
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
        return insert_adopted(s, d, -exp, exp, "ignored", NAN,
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
    return rc ? rc : insert_adopted(s, d, (int64_t)id, exp, r.state, r.value,
                                    "agent", err);
}

static int adopt_agent_runs(struct steward *s, struct driven *d,
                            struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT e.id, e.params, e.state FROM "
        "experiments e WHERE e.campaign = ? AND e.state IN ('succeeded', "
        "'failed', 'timed_out', 'killed', 'lost') AND NOT EXISTS (SELECT 1 "
        "FROM campaign_trials t WHERE t.experiment_id = e.id) ORDER BY e.id "
        "LIMIT 64", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, d->name);
    while (!rc && sqlite3_step(st) == SQLITE_ROW)
        rc = adopt_one(s, d, sqlite3_column_int64(st, 0),
                       store_col_text(st, 1), store_col_text(st, 2), err);
    sqlite3_finalize(st);
    return rc;
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
