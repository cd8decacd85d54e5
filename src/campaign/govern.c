/*
 * govern — a campaign's life after approval: failed, paused, resumed,
 * deleted.
 *
 * A searching campaign runs unattended, so whatever stops it must be
 * visible and reversible by a human only: its driver marks it `failed`
 * with the error (the dispatcher goes on with everything else), or
 * `paused` after CAMPAIGN_DENIALS_MAX trials in a row were denied (a
 * runaway loop of denied proposals otherwise fills the database). Only a
 * human (owner or reviewer) resumes it; only an owner deletes it.
 * Deleting keeps the row and its experiments (history stays whole; the
 * name stays taken) but hides it from `campaign list`, stops its search
 * and refuses new proposals into it. Every change is a ledger entry in
 * the change's own transaction.
 */
#include "api/handle.h"
#include "campaign/drive_int.h"
#include "api/principal.h"
#include "ledger/ledger.h"
#include "store/campaigns.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static int record(struct steward *s, const char *name, const char *action,
                  const char *reason, struct err *err)
{
    char object[96];
    snprintf(object, sizeof object, "campaign:%s", name);
    json_t *p = json_pack("{s:s}", "reason", reason ? reason : "");
    int rc = ledger_append(s->db, s->who.name, action, object, p, err);
    json_decref(p);
    return rc;
}

int campaign_mark(struct steward *s, int64_t id, const char *name,
                  const char *state, const char *reason, struct err *err)
{
    char action[32];
    int rc = store_campaigns_set_state(s->db, id, state, reason, err);
    snprintf(action, sizeof action, "campaign.%s",
             !strcmp(state, "failed") ? "fail" : "pause");
    return rc ? rc : record(s, name, action, reason, err);
}

int campaign_fail(struct steward *s, int64_t id, const char *name,
                  const char *reason, struct err *err)
{
    int rc = store_begin(s->db, err);
    rc = rc ? rc : campaign_mark(s, id, name, "failed", reason, err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    return rc;
}

/* Why a change changed nothing: no such campaign, or the wrong state. */
static int explain_none(struct steward *s, const char *name, const char *want,
                        struct err *err)
{
    char state[16];
    int rc = store_campaigns_live_state(s->db, name, state, sizeof state,
                                        err);
    if (rc == 1)
        return err_set(err, ERR_CONFLICT, "campaign %s is %s, not %s", name,
                       state, want);
    return rc < 0 ? rc : err_set(err, ERR_USER, "no campaign '%s'; see "
                                 "'steward campaign list'", name);
}

/* A change of a named campaign: returns the campaigns it changed. */
typedef int (*change_fn)(sqlite3 *db, const char *name, const char *reason,
                         struct err *err);

static int change_txn(struct steward *s, change_fn fn, const char *name,
                      const char *action, const char *want,
                      const char *reason, struct err *err)
{
    int rc = fn(s->db, name, reason, err);
    if (rc < 0)
        return rc;
    if (rc != 1)
        return explain_none(s, name, want, err);
    return record(s, name, action, reason, err);
}

static int change(struct steward *s, change_fn fn, const char *name,
                  const char *action, const char *want, const char *reason,
                  struct err *err)
{
    int rc = store_begin(s->db, err);
    rc = rc ? rc : change_txn(s, fn, name, action, want, reason, err);
    rc = rc ? rc : store_commit(s->db, err);
    if (rc)
        store_rollback(s->db);
    return rc;
}

int steward_campaign_resume(struct steward *s, const char *name,
                            const char *reason, struct err *err)
{
    char object[96];
    snprintf(object, sizeof object, "campaign:%s", name);
    if (!principal_may(s->who.role, "resume"))
        return steward_forbid(s, "campaign resume", object, err);
    return change(s, store_campaigns_resume, name, "campaign.resume",
                  "paused or failed", reason, err);
}

int steward_campaign_delete(struct steward *s, const char *name,
                            const char *reason, struct err *err)
{
    char object[96];
    snprintf(object, sizeof object, "campaign:%s", name);
    if (!principal_may(s->who.role, "campaign.delete"))
        return steward_forbid(s, "campaign delete", object, err);
    return change(s, store_campaigns_delete, name, "campaign.delete",
                  "deletable", reason, err);
}
