/* trials — the campaign_trials table; see trials.h. */
#include "store/trials.h"
#include "store/store.h"

#include <math.h>

int store_trials_insert(sqlite3 *db, int64_t campaign, int64_t trial,
                        int64_t experiment, const char *state, double value,
                        const char *note, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "INSERT INTO campaign_trials(campaign_id, "
        "trial, experiment_id, state, value, note) VALUES (?,?,?,?,?,?)",
        &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, campaign);
    sqlite3_bind_int64(st, 2, trial);
    sqlite3_bind_int64(st, 3, experiment);
    store_bind_text(st, 4, state);
    if (isfinite(value))
        sqlite3_bind_double(st, 5, value);
    store_bind_text(st, 6, note);
    return store_exec_stmt(st, err);
}

int store_trials_update(sqlite3 *db, int64_t campaign, int64_t trial,
                        const char *state, double value,
                        int64_t reported_step, const char *note,
                        struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "UPDATE campaign_trials SET state = ?, "
        "value = ?, reported_step = ?, note = ? WHERE campaign_id = ? AND "
        "trial = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, state);
    if (isfinite(value))
        sqlite3_bind_double(st, 2, value);
    sqlite3_bind_int64(st, 3, reported_step);
    store_bind_text(st, 4, note);
    sqlite3_bind_int64(st, 5, campaign);
    sqlite3_bind_int64(st, 6, trial);
    return store_exec_stmt(st, err);
}

int store_trials_count_running(sqlite3 *db, int64_t campaign,
                               int64_t *running, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT count(*) FROM campaign_trials "
                           "WHERE campaign_id = ? AND state = 'running'",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, campaign);
    rc = store_step(st, "counting", err);
    *running = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc < 0 ? rc : 0;
}

int store_trials_running(sqlite3 *db, int64_t campaign,
                         struct store_trial *rows, size_t max, size_t *n,
                         struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT trial, experiment_id, "
        "reported_step FROM campaign_trials WHERE campaign_id = ? AND "
        "state = 'running' ORDER BY trial LIMIT ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, campaign);
    sqlite3_bind_int64(st, 2, (int64_t)max);
    *n = 0;
    while ((rc = store_step(st, "reading trials", err)) == 1) {
        struct store_trial *r = &rows[(*n)++];
        r->trial = sqlite3_column_int64(st, 0);
        r->experiment = sqlite3_column_int64(st, 1);
        r->reported_step = sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    return rc;
}

int store_trials_each_unadopted(sqlite3 *db, const char *campaign,
                                store_unadopted_fn fn, void *ctx,
                                struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT e.id, e.params, e.state FROM "
        "experiments e WHERE e.campaign = ? AND e.state IN ('succeeded', "
        "'failed', 'timed_out', 'killed', 'lost') AND NOT EXISTS (SELECT 1 "
        "FROM campaign_trials t WHERE t.experiment_id = e.id) ORDER BY e.id "
        "LIMIT 64", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, campaign);
    while (!rc && sqlite3_step(st) == SQLITE_ROW)
        rc = fn(sqlite3_column_int64(st, 0), store_col_text(st, 1),
                store_col_text(st, 2), ctx);
    sqlite3_finalize(st);
    return rc;
}

static void experiment_row(sqlite3_stmt *st,
                           struct store_campaign_experiment *e)
{
    e->experiment = sqlite3_column_int64(st, 0);
    e->name = store_col_text(st, 1);
    e->state = store_col_text(st, 2);
    e->params = store_col_text(st, 3);
    e->proposer = store_col_text(st, 4);
    e->has_trial = sqlite3_column_type(st, 5) != SQLITE_NULL;
    e->trial_state = sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL
                     : store_col_text(st, 6);
    e->has_value = sqlite3_column_type(st, 7) != SQLITE_NULL;
    e->value = sqlite3_column_double(st, 7);
    e->note = store_col_text(st, 8);
    e->last_run = sqlite3_column_int64(st, 9);
}

int store_trials_each_experiment(sqlite3 *db, const char *campaign,
                                 store_campaign_experiment_fn fn, void *ctx,
                                 struct err *err)
{
    sqlite3_stmt *st;
    struct store_campaign_experiment e;
    int rc = store_prepare(db, "SELECT e.id, e.name, e.state, e.params, "
        "e.proposer, t.trial, t.state, t.value, t.note, (SELECT max(r.id) "
        "FROM runs r WHERE r.experiment_id = e.id) FROM experiments e "
        "LEFT JOIN campaign_trials t ON t.experiment_id = e.id WHERE "
        "e.campaign = ? ORDER BY e.id", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, campaign);
    while ((rc = store_step(st, "reading", err)) == 1) {
        experiment_row(st, &e);
        fn(&e, ctx);
    }
    sqlite3_finalize(st);
    return rc;
}
