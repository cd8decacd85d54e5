/*
 * attention — how much human attention steward is spending, the figure
 * the whole design exists to keep small: human decisions per 100 runs,
 * median time from proposal to a human decision, the share of proposals
 * the policy decided alone, and reviews that expired unread.
 */
#include "api/handle.h"
#include "api/api.h"
#include "store/store.h"

#include <stdlib.h>

static const char counts_sql[] =
    "SELECT "
    " (SELECT count(*) FROM experiments e WHERE ?1 IS NULL OR e.campaign = ?1),"
    " (SELECT count(*) FROM runs r JOIN experiments e ON e.id = "
    "   r.experiment_id WHERE ?1 IS NULL OR e.campaign = ?1),"
    " (SELECT count(*) FROM reviews v JOIN experiments e ON e.id = "
    "   v.experiment_id WHERE ?1 IS NULL OR e.campaign = ?1),"
    " (SELECT count(*) FROM experiments e WHERE (?1 IS NULL OR e.campaign = "
    "   ?1) AND json_extract(e.decision, '$.verdict') = 'auto'),"
    " (SELECT count(*) FROM experiments e WHERE (?1 IS NULL OR e.campaign = "
    "   ?1) AND json_extract(e.decision, '$.verdict') = 'deny'),"
    " (SELECT count(*) FROM experiments e WHERE (?1 IS NULL OR e.campaign = "
    "   ?1) AND e.state = 'expired')";

static const char waits_sql[] =
    "SELECT v.time_ms - e.created_ms FROM reviews v JOIN experiments e ON "
    "e.id = v.experiment_id WHERE ?1 IS NULL OR e.campaign = ?1 ORDER BY 1";

static int median_wait(struct steward *s, const char *campaign, double *ms,
                       struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s->db, waits_sql, &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, campaign);
    int64_t *v = NULL;
    size_t n = 0, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            int64_t *p = realloc(v, (cap = cap ? cap * 2 : 64) * sizeof *v);
            if (!p)
                break;
            v = p;
        }
        v[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    *ms = n == 0 ? -1 : n % 2 ? (double)v[n / 2]
                              : (double)(v[n / 2 - 1] + v[n / 2]) / 2;
    free(v);
    return rc == SQLITE_DONE ? 0 : store_fail(s->db, rc, "reading reviews",
                                              err);
}

int steward_attention(struct steward *s, const char *campaign, json_t **out,
                      struct err *err)
{
    sqlite3_stmt *st;
    double wait_ms;
    int rc = store_prepare(s->db, counts_sql, &st, err);
    if (rc)
        return rc;
    store_bind_text(st, 1, campaign);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return store_fail(s->db, rc, "counting", err);
    }
    int64_t proposals = sqlite3_column_int64(st, 0);
    int64_t runs = sqlite3_column_int64(st, 1);
    int64_t decisions = sqlite3_column_int64(st, 2);
    int64_t autos = sqlite3_column_int64(st, 3);
    int64_t denied = sqlite3_column_int64(st, 4);
    int64_t expired = sqlite3_column_int64(st, 5);
    sqlite3_finalize(st);
    rc = median_wait(s, campaign, &wait_ms, err);
    if (rc)
        return rc;
    *out = json_pack("{s:I,s:I,s:I,s:o,s:o,s:o,s:I,s:I}",
        "proposals", (json_int_t)proposals, "runs", (json_int_t)runs,
        "human_decisions", (json_int_t)decisions,
        "human_decisions_per_100_runs", runs ? json_real(100.0 *
            (double)decisions / (double)runs) : json_null(),
        "median_time_to_decision_s", wait_ms >= 0 ? json_real(wait_ms / 1000)
            : json_null(),
        "auto_approval_rate", proposals ? json_real((double)autos /
            (double)proposals) : json_null(),
        "denied", (json_int_t)denied, "expired_reviews", (json_int_t)expired);
    return *out ? 0 : err_set(err, ERR_INTERNAL, "out of memory");
}
