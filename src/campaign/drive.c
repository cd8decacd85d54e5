/*
 * drive — a searching campaign explores on its own, inside its envelope.
 *
 * Each step, for every approved campaign with a search space: rebuild its
 * search from the state saved in SQLite, feed it what its trials did
 * since the last step (intermediate values of the objective, for the
 * pruner; final values; failures), stop the trials the pruner cuts, and
 * propose new trials up to the campaign's slots. A new trial's proposal,
 * its bookkeeping row and the search state that asked for it commit in
 * one transaction, so killing steward at any point and starting it again
 * continues the search with no duplicated or lost trials.
 */
#include "api/handle.h"
#include "campaign/drive_int.h"
#include "api/state.h"
#include "store/campaigns.h"
#include "core/grow.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static int load_search(struct driven *d, const char *space_text,
                       const char *state_text, struct err *err)
{
    struct search_options opt;
    int rc = search_space_parse(space_text, d->name, &d->space, err);
    if (rc)
        return rc;
    if (state_text) {
        json_t *j = json_loads(state_text, 0, NULL);
        rc = j ? search_state_from_json(d->space, j, &d->search, err)
             : err_set(err, ERR_INTERNAL, "campaign %s: saved search state "
                       "is not JSON", d->name);
        json_decref(j);
        return rc;
    }
    drive_options(d, &opt);
    rc = campaign_check_options(d->options, d->maximize, err);
    return rc ? rc : search_create(d->space, &opt, &d->search, err);
}

static void driven_free(struct driven *d)
{
    search_free(d->search);
    search_space_free(d->space);
    json_decref(d->argv);
    json_decref(d->envelope);
    json_decref(d->options);
    memset(d, 0, sizeof *d);
}

static int load_row(const struct store_campaign *c, struct driven *d,
                    struct err *err)
{
    d->id = c->id;
    snprintf(d->name, sizeof d->name, "%s", c->name);
    snprintf(d->metric, sizeof d->metric, "%s", c->metric);
    d->maximize = !strcmp(c->direction, "maximize");
    d->envelope = json_incref(c->envelope);
    d->argv = json_incref(c->argv);
    d->options = json_incref(c->options);
    snprintf(d->snapshot, sizeof d->snapshot, "%s", c->snapshot);
    if (!d->envelope || !d->argv || !d->options)
        return err_set(err, ERR_INTERNAL, "campaign %s: bad stored JSON",
                       d->name);
    return load_search(d, c->space ? c->space : "", c->search_state, err);
}

static int drive_one(struct steward *s, struct driven *d, int *proposed,
                     struct err *err)
{
    int rc = drive_sync(s, d, err);
    return rc ? rc : drive_ask(s, d, proposed, err);
}

/* One driver at a time per project: a search's state is read, advanced
 * and saved across several transactions, and two dispatchers (the
 * server's and a `dispatch --once` it runs for a client) reading the same
 * state would each ask for the same trial. flock, because the kernel
 * drops it when a driver dies. */
static int drive_lock(struct steward *s, int *fd, struct err *err)
{
    char path[API_PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/campaign.lock",
                         steward_home(s)) >= sizeof path)
        return err_set(err, ERR_USER, "path too long: %s", steward_home(s));
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (*fd < 0)
        return err_errno(err, "%s", path);
    while (flock(*fd, LOCK_EX) < 0)
        if (errno != EINTR)
            return err_errno(err, "locking %s", path);
    return 0;
}

static int drive_all(struct steward *s, int *proposed, struct err *err);

int campaign_drive(struct steward *s, int *proposed, struct err *err)
{
    int fd = -1;
    *proposed = 0;
    int rc = drive_lock(s, &fd, err);
    rc = rc ? rc : drive_all(s, proposed, err);
    if (fd >= 0)
        close(fd);
    return rc;
}

/* A campaign whose step failed is marked failed and the others go on; a
 * database that stays busy is the caller's problem (it retries). */
static int isolate(struct steward *s, const struct driven *d, int rc,
                   struct err *err)
{
    if (!rc || rc == ERR_BUSY)
        return rc;
    char why[ERR_MSG_MAX];
    struct err ignored = ERR_INIT;
    snprintf(why, sizeof why, "%s", err->msg);
    err_clear(err);
    if (campaign_fail(s, d->id, d->name, why, &ignored))
        fprintf(stderr, "steward: campaign %s failed (%s) and could not be "
                "marked: %s\n", d->name, why, ignored.msg);
    else
        fprintf(stderr, "steward: campaign %s failed: %s\n", d->name, why);
    return 0;
}

/* Campaigns driven in one step, each with its search in memory: far more
 * than anyone runs at once, and a step past it refuses instead of
 * exhausting the host. */
#define DRIVE_CAMPAIGNS_MAX 10000

struct loaded {
    struct driven *all;
    size_t n, cap;
    struct err *err;
};

static int load_one(const struct store_campaign *c, void *ctx)
{
    struct loaded *l = ctx;
    int rc = grow_array(&l->all, &l->cap, l->n + 1, sizeof *l->all,
                        DRIVE_CAMPAIGNS_MAX, "searching campaigns", l->err);
    if (rc)
        return rc;
    struct driven *d = &l->all[l->n++];
    memset(d, 0, sizeof *d);
    d->load_rc = load_row(c, d, &d->load_err);
    return 0;
}

/* Every approved searching campaign; one that cannot be loaded keeps its
 * error in load_err, to be marked failed like a failing step. */
static int load_all(struct steward *s, struct driven **all, size_t *n,
                    struct err *err)
{
    struct loaded l = {*all, *n, *n, err};
    int rc = store_campaigns_each_searching(s->db, load_one, &l, err);
    *all = l.all;
    *n = l.n;
    return rc;
}

static int drive_all(struct steward *s, int *proposed, struct err *err)
{
    struct driven *all = NULL;
    size_t n = 0;
    *proposed = 0;
    int rc = load_all(s, &all, &n, err);
    for (size_t i = 0; !rc && i < n; i++) {
        struct driven *d = &all[i];
        int r = d->load_rc ? d->load_rc : drive_one(s, d, proposed,
                                                    &d->load_err);
        rc = isolate(s, d, r, &d->load_err);
        if (rc)
            *err = d->load_err;
    }
    for (size_t i = 0; i < n; i++)
        driven_free(&all[i]);
    free(all);
    return rc;
}
