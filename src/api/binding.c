/* binding — is an experiment still what was decided? See api.h and
 * snapshot.c for why. */
#include "api/handle.h"
#include "api/api.h"
#include "api/proposal.h"
#include "store/ledger_rows.h"
#include "store/reviews.h"

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
    char object[48];
    json_t *p = NULL;
    snprintf(object, sizeof object, "experiment:%lld", (long long)id);
    int rc = store_ledger_payload(s->db, "experiment.propose", object, 0, &p,
                                  err);
    const char *h = json_string_value(json_object_get(p, "content_hash"));
    snprintf(out, 65, "%s", h ? h : "");
    json_decref(p);
    return rc < 0 ? rc : 0;
}

static int approvals_match(struct steward *s, int64_t id, const char *hash,
                           struct err *err)
{
    char who[128];
    int rc = store_reviews_stale_approver(s->db, id, hash, who, sizeof who,
                                          err);
    if (rc == 1)
        return err_set(err, ERR_CONFLICT, "experiment %lld changed after %s "
                       "approved it: the approval is void", (long long)id,
                       who);
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
