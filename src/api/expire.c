/*
 * expire — reviews and approvals do not wait forever.
 *
 * A proposal pending review longer than the policy's `reviews expire
 * after`, or approved but not started within `approvals valid for`,
 * becomes `expired` (with a ledger entry) the next time steward opens the
 * project. A stale approval must not start a run whose context a human
 * may no longer remember: it needs a new proposal and a new decision.
 */
#include "api/handle.h"
#include "api/policy_file.h"
#include "api/expire.h"
#include "api/state.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "policy/policy.h"
#include "store/experiment_lists.h"
#include "store/store.h"

#include <stdio.h>

#define EXPIRE_BATCH 64

static int expire_one(struct steward *s, int64_t id, const char *from,
                      struct err *err)
{
    char object[48];
    int rc = store_begin(s->db, err);
    rc = rc ? rc : state_move(s->db, id, from, "expired", err);
    snprintf(object, sizeof object, "experiment:%lld", (long long)id);
    json_t *p = json_pack("{s:s}", "was", from);
    rc = rc ? rc : ledger_append(s->db, "steward", "experiment.expire",
                                 object, p, err);
    json_decref(p);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc) {
        store_rollback(s->db);
        if (err->code == ERR_CONFLICT) /* decided meanwhile: fine */
            return err_clear(err), 0;
    }
    return rc;
}

/* Expires experiments in `state` last changed before cutoff_ms. */
static int expire_state(struct steward *s, const char *state,
                        int64_t cutoff_ms, struct err *err)
{
    int64_t ids[EXPIRE_BATCH];
    size_t n = 0;
    int rc = store_experiments_stale(s->db, state, cutoff_ms, ids,
                                     EXPIRE_BATCH, &n, err);
    for (size_t i = 0; !rc && i < n; i++)
        rc = expire_one(s, ids[i], state, err);
    return rc;
}

static int same_file(const struct expiry_periods *e, const struct stat *st)
{
    return e->known && e->dev == st->st_dev && e->ino == st->st_ino &&
           e->size == st->st_size &&
           e->mtime.tv_sec == st->st_mtim.tv_sec &&
           e->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

/* The periods from the policy file, parsed only when it changed since
 * this handle last looked; both 0 when the file is broken: a broken
 * policy denies new work; it expires nothing. */
static void expiry_periods(struct steward *s, int64_t *review_s,
                           int64_t *approval_s)
{
    struct expiry_periods *e = &s->expiry;
    char path[API_PATH_MAX + 16];
    struct stat st;
    struct policy *pol = NULL;
    struct err ignored = ERR_INIT;
    int seen = !policy_file_path(s->home, path, sizeof path, &ignored) &&
               stat(path, &st) == 0;   /* before reading: a later change */
    if (seen && same_file(e, &st)) {   /* shows as a new stat next time */
        *review_s = e->review_s, *approval_s = e->approval_s;
        return;
    }
    e->known = 0;
    *review_s = *approval_s = 0;
    if (!seen || policy_file_load(s->home, &pol, &ignored))
        return;
    *review_s = e->review_s = policy_review_expiry(pol);
    *approval_s = e->approval_s = policy_approval_validity(pol);
    policy_free(pol);
    e->mtime = st.st_mtim, e->dev = st.st_dev, e->ino = st.st_ino;
    e->size = st.st_size, e->known = 1;
}

int expire_stale(struct steward *s, struct err *err)
{
    int64_t review_s, approval_s;
    expiry_periods(s, &review_s, &approval_s);
    int64_t now = clock_wall_ms();
    int rc = review_s > 0 ? expire_state(s, "pending_review",
                                         now - review_s * 1000, err) : 0;
    return rc ? rc : approval_s > 0 ? expire_state(s, "approved",
                                      now - approval_s * 1000, err) : 0;
}
