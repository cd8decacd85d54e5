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
    sqlite3_stmt *st;
    char action[32];
    int rc = store_prepare(s->db, "UPDATE campaigns SET state = ?, "
                           "state_reason = ? WHERE id = ?", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, state);
    store_bind_text(st, 2, reason);
    sqlite3_bind_int64(st, 3, id);
    rc = store_exec_stmt(st, err);
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

/* Why an UPDATE changed nothing: no such campaign, or the wrong state. */
static int explain_none(struct steward *s, const char *name, const char *want,
                        struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT state FROM campaigns WHERE name = ?"
                           " AND state != 'deleted'", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    if (sqlite3_step(st) == SQLITE_ROW)
        rc = err_set(err, ERR_CONFLICT, "campaign %s is %s, not %s", name,
                     store_col_text(st, 0), want);
    else
        rc = err_set(err, ERR_USER, "no campaign '%s'; see 'steward campaign "
                     "list'", name);
    sqlite3_finalize(st);
    return rc;
}

static int change_txn(struct steward *s, const char *sql, const char *name,
                      const char *action, const char *want,
                      const char *reason, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, sql, &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, reason);
    store_bind_text(st, 2, name);
    rc = store_exec_stmt(st, err);
    if (!rc && sqlite3_changes(s->db) != 1)
        return explain_none(s, name, want, err);
    return rc ? rc : record(s, name, action, reason, err);
}

static int change(struct steward *s, const char *sql, const char *name,
                  const char *action, const char *want, const char *reason,
                  struct err *err)
{
    int rc = store_begin(s->db, err);
    rc = rc ? rc : change_txn(s, sql, name, action, want, reason, err);
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
    return change(s, "UPDATE campaigns SET state = 'approved', state_reason "
                  "= ?, denials = 0 WHERE name = ? AND state IN ('paused', "
                  "'failed')", name, "campaign.resume", "paused or failed",
                  reason, err);
}

int steward_campaign_delete(struct steward *s, const char *name,
                            const char *reason, struct err *err)
{
    char object[96];
    snprintf(object, sizeof object, "campaign:%s", name);
    if (!principal_may(s->who.role, "campaign.delete"))
        return steward_forbid(s, "campaign delete", object, err);
    return change(s, "UPDATE campaigns SET state = 'deleted', state_reason "
                  "= ? WHERE name = ? AND state != 'deleted'", name,
                  "campaign.delete", "deletable", reason, err);
}
