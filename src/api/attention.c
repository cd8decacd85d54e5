/*
 * attention — how much human attention steward is spending, the figure
 * the whole design exists to keep small: human decisions per 100 runs,
 * median time from proposal to a human decision, the share of proposals
 * the policy decided alone, and reviews that expired unread.
 */
#include "api/handle.h"
#include "api/api.h"
#include "store/attention.h"
#include "core/grow.h"

#include <stdlib.h>

/* Ten million human decisions (80 MB of waits) is more than a team makes
 * in decades; past it the median is refused rather than the host's memory
 * spent. */
#define ATTENTION_WAITS_MAX 10000000

struct waits {
    int64_t *v;
    size_t n, cap;
    struct err *err;
    int rc;     /* why the reading stopped early */
};

static int add_wait(int64_t ms, void *ctx)
{
    struct waits *w = ctx;
    w->rc = grow_array(&w->v, &w->cap, w->n + 1, sizeof *w->v,
                       ATTENTION_WAITS_MAX, "decided reviews", w->err);
    if (w->rc)
        return 1;
    w->v[w->n++] = ms;
    return 0;
}

static int median_wait(struct steward *s, const char *campaign, double *ms,
                       struct err *err)
{
    struct waits w = {NULL, 0, 0, err, 0};
    int rc = store_attention_waits(s->db, campaign, add_wait, &w, err);
    if (!rc)
        rc = w.rc;
    size_t n = w.n;
    *ms = n == 0 ? -1 : n % 2 ? (double)w.v[n / 2]
                              : (double)(w.v[n / 2 - 1] + w.v[n / 2]) / 2;
    free(w.v);
    return rc;
}

int steward_attention(struct steward *s, const char *campaign, json_t **out,
                      struct err *err)
{
    struct store_attention c;
    double wait_ms;
    int rc = store_attention_counts(s->db, campaign, &c, err);
    rc = rc ? rc : median_wait(s, campaign, &wait_ms, err);
    if (rc)
        return rc;
    int64_t proposals = c.proposals, runs = c.runs, decisions = c.decisions;
    *out = json_pack("{s:I,s:I,s:I,s:o,s:o,s:o,s:I,s:I}",
        "proposals", (json_int_t)proposals, "runs", (json_int_t)runs,
        "human_decisions", (json_int_t)decisions,
        "human_decisions_per_100_runs", runs ? json_real(100.0 *
            (double)decisions / (double)runs) : json_null(),
        "median_time_to_decision_s", wait_ms >= 0 ? json_real(wait_ms / 1000)
            : json_null(),
        "auto_approval_rate", proposals ? json_real((double)c.autos /
            (double)proposals) : json_null(),
        "denied", (json_int_t)c.denied, "expired_reviews",
        (json_int_t)c.expired);
    return *out ? 0 : err_set(err, ERR_INTERNAL, "out of memory");
}
