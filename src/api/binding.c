/* binding — is an experiment still what was decided? See api.h and
 * snapshot.c for why. */
#include "api/handle.h"
#include "api/api.h"
#include "api/proposal.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BINDING_ARGV_MAX 1024

static int recompute(struct steward *s, int64_t id, char hash[65],
                     json_t **exp, struct err *err)
{
    static char *argv[BINDING_ARGV_MAX + 1];
    struct proposal p;
    int rc = steward_load(s, id, exp, err);
    if (rc)
        return rc;
    proposal_from_json(*exp, &p, argv, BINDING_ARGV_MAX);
    json_t *content = p.name && p.workdir ? proposal_content(&p) : NULL;
    rc = content && !proposal_hash(content, hash) ? 0
         : err_set(err, ERR_CONFLICT, "experiment %lld's record is damaged",
                   (long long)id);
    json_decref(content);
    return rc;
}

/* The content hash the ledger's proposal entry recorded. */
static int ledger_hash(struct steward *s, int64_t id, char out[65],
                       struct err *err)
{
    sqlite3_stmt *st;
    char object[48];
    snprintf(object, sizeof object, "experiment:%lld", (long long)id);
    int rc = store_prepare(s->db, "SELECT payload FROM ledger WHERE action = "
                           "'experiment.propose' AND object = ? ORDER BY seq "
                           "LIMIT 1", &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, object);
    json_t *p = sqlite3_step(st) == SQLITE_ROW
                ? json_loads(store_col_text(st, 0), 0, NULL) : NULL;
    sqlite3_finalize(st);
    const char *h = json_string_value(json_object_get(p, "content_hash"));
    snprintf(out, 65, "%s", h ? h : "");
    json_decref(p);
    return 0;
}

static int approvals_match(struct steward *s, int64_t id, const char *hash,
                           struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, "SELECT principal, content_hash FROM reviews "
                           "WHERE experiment_id = ? AND verdict = 'approved' "
                           "AND content_hash != ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, hash);
    if (sqlite3_step(st) == SQLITE_ROW)
        rc = err_set(err, ERR_CONFLICT, "experiment %lld changed after %s "
                     "approved it: the approval is void", (long long)id,
                     store_col_text(st, 0));
    sqlite3_finalize(st);
    return rc;
}

int steward_check_binding(struct steward *s, int64_t id, struct err *err)
{
    char now[65], logged[65];
    json_t *exp = NULL;
    int rc = recompute(s, id, now, &exp, err);
    rc = rc ? rc : ledger_hash(s, id, logged, err);
    const char *stored = json_string_value(json_object_get(exp,
                                                           "content_hash"));
    if (!rc && json_is_null(json_object_get(exp, "snapshot")))
        rc = err_set(err, ERR_CONFLICT, "experiment %lld has no snapshot of "
                     "its working directory (proposed before snapshots); "
                     "propose it again", (long long)id);
    if (!rc && (!stored || strcmp(stored, now) || strcmp(logged, now)))
        rc = err_set(err, ERR_CONFLICT, "experiment %lld is not what was "
                     "proposed and decided (content hash %.12s, recorded "
                     "%.12s, ledger %.12s): refused", (long long)id, now,
                     stored ? stored : "none", logged);
    rc = rc ? rc : approvals_match(s, id, now, err);
    json_decref(exp);
    return rc;
}
