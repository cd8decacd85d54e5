/*
 * query — reading experiments, runs and metrics as JSON.
 *
 * Every front end renders these objects; the keys are the stable names
 * that --json prints.
 */
#include "api/handle.h"
#include "api/runpath.h"
#include "api/api.h"
#include "api/principal.h"
#include "api/state.h"
#include "store/experiment_lists.h"
#include "store/experiments.h"
#include "store/metrics.h"
#include "store/reviews.h"
#include "store/runs.h"

#include <stdio.h>
#include <string.h>

static int attach_run(struct steward *s, json_t *exp, int64_t id,
                      struct err *err)
{
    json_t *run = NULL;
    int rc = store_runs_latest_json(s->db, id, &run, err);
    if (!rc)
        json_object_set_new(exp, "run", run);
    return rc;
}

static int attach_reviews(struct steward *s, json_t *exp, int64_t id,
                          struct err *err)
{
    json_t *list = NULL;
    int rc = store_reviews_of(s->db, id, &list, err);
    if (!rc)
        json_object_set_new(exp, "reviews", list);
    return rc;
}

int steward_show(struct steward *s, int64_t id, json_t **out, struct err *err)
{
    if (!principal_may(s->who.role, "read"))
        return steward_forbid(s, "read", "experiment", err);
    return steward_load(s, id, out, err);
}

int steward_load(struct steward *s, int64_t id, json_t **out, struct err *err)
{
    json_t *exp = NULL;
    int rc = store_experiments_json(s->db, id, &exp, err);
    if (rc == 0)
        return err_set(err, ERR_NOTFOUND, "no experiment %lld; 'steward "
                       "status' lists them", (long long)id);
    if (rc < 0)
        return rc;
    rc = attach_run(s, exp, id, err);
    rc = rc ? rc : attach_reviews(s, exp, id, err);
    if (rc)
        json_decref(exp);
    else
        *out = exp;
    return rc;
}

static int state_wanted(const char *state, const char *const *states)
{
    if (!states)
        return 1;
    for (; *states; states++)
        if (!strcmp(*states, state))
            return 1;
    return 0;
}

struct listing {
    struct steward *s;
    const char *const *states;
    json_t *list;
    struct err *err;
};

static int list_one(int64_t id, const char *state, const char *hash,
                    void *ctx)
{
    struct listing *l = ctx;
    json_t *exp = NULL;
    if (!state_wanted(state, l->states))
        return 0;
    int rc = steward_load(l->s, id, &exp, l->err);
    if (!rc)
        json_array_append_new(l->list, exp);
    return rc;
}

int steward_list(struct steward *s, const char *const *states, json_t **out,
                 struct err *err)
{
    if (!principal_may(s->who.role, "read"))
        return steward_forbid(s, "read", "experiments", err);
    struct listing l = {s, states, json_array(), err};
    int rc = store_experiments_each(s->db, list_one, &l, err);
    if (rc) {
        json_decref(l.list);
        return rc;
    }
    *out = l.list;
    return 0;
}

static int latest_run(struct steward *s, int64_t id, int64_t *run,
                      struct err *err)
{
    int rc = store_runs_latest_id(s->db, id, run, err);
    if (rc == 0) {
        char state[32];
        rc = state_get(s->db, id, state, sizeof state, err);
        return rc ? rc : err_set(err, ERR_USER, "experiment %lld has not run "
                                 "yet (it is %s)", (long long)id, state);
    }
    return rc < 0 ? rc : 0;
}

int steward_metrics(struct steward *s, int64_t id, json_t **out,
                    struct err *err)
{
    int64_t run;
    if (!principal_may(s->who.role, "read"))
        return steward_forbid(s, "read", "metrics", err);
    int rc = latest_run(s, id, &run, err);
    return rc ? rc : store_metrics_of_run(s->db, run, out, err);
}

int steward_run_dir(struct steward *s, int64_t id, char *out, size_t n,
                    struct err *err)
{
    int64_t run;
    if (!principal_may(s->who.role, "read"))
        return steward_forbid(s, "read", "logs", err);
    int rc = latest_run(s, id, &run, err);
    if (rc)
        return rc;
    if (run_path(s->home, run, NULL, out, n))
        return err_set(err, ERR_USER, "path too long");
    return 0;
}
