/*
 * seeds — comparing seed repeats of one metric: Welch's t-test when both
 * sides have two or more runs, a prediction t-test (is the lone run inside
 * the other side's seed spread?) when one side has a single run, and no
 * test at all for one run each. A's seed-to-seed spread is the noise
 * floor, and a lone run picked from many candidates is flagged as a
 * best-of-N selection.
 */
#include "compare/row.h"
#include "stats/stats.h"

#include <math.h>

struct side {
    double mean, sd;
    size_t n;
};

static int describe(const char *what, const double *v, size_t n,
                    struct side *s, struct err *err)
{
    s->n = n;
    struct err inner = ERR_INIT;
    if (stats_mean_sd(v, n, &s->mean, &s->sd, &inner))
        return err_set(err, ERR_USER, "compare: metric %s: %s", what, inner.msg);
    return 0;
}

static void set_interval(struct row *r, double se, double df, double alpha)
{
    double q = stats_t_ppf(1 - alpha / 2, df);
    r->lo = r->diff - q * se;
    r->hi = r->diff + q * se;
    r->mde = row_mde_factor(alpha) * se;
}

static void welch(struct row *r, const struct compare_metric *m,
                  const struct side *a, const struct side *b, double alpha)
{
    struct stats_result w;
    struct err e = ERR_INIT;
    double v;
    r->test = r->method = "Welch t-test over seeds";
    if (stats_welch_ttest(m->b, m->nb, m->a, m->na, STATS_TWO_SIDED, &w, &e)) {
        row_flag(r, "no seed-to-seed variation on either side: no test");
        return;
    }
    r->p = w.pvalue;
    r->has_p = 1;
    set_interval(r, sqrt(a->sd * a->sd / (double)a->n + b->sd * b->sd / (double)b->n),
                 w.df, alpha);
    if (!stats_cohens_d(m->b, m->nb, m->a, m->na, &v, &e))
        row_effect(r, "cohens_d", v);
}

/* One run on one side against the other side's spread. */
static void prediction(struct row *r, const struct side *many, double sign,
                       double alpha)
{
    r->test = r->method = "prediction t-test (one run vs seed spread)";
    if (!(many->sd > 0)) {
        row_flag(r, "no seed-to-seed variation: no test");
        return;
    }
    double se = many->sd * sqrt(1 + 1 / (double)many->n), df = (double)many->n - 1;
    double t = sign * r->diff / se;
    r->p = fmin(1, 2 * stats_t_sf(fabs(t), df));
    r->has_p = 1;
    set_interval(r, se, df, alpha);
}

static void one_each(struct row *r)
{
    r->test = r->method = "none (one run each)";
    row_flag(r, "one run each: repeat seeds to measure run-to-run noise");
}

void row_best_of(struct row *r, const char *side, size_t n, size_t candidates)
{
    if (candidates > n)
        row_flag(r, "%s is %zu run%s picked from %zu: a best-of-%zu pick "
                 "inflates the difference; compare all seeds", side, n,
                 n == 1 ? "" : "s", candidates, candidates);
}

int row_seeds(struct row *r, const struct compare_metric *m,
              const struct settings *s, struct err *err)
{
    struct side a, b;
    struct err ignored = ERR_INIT;
    double v;
    int rc = describe(m->name, m->a, m->na, &a, err);
    rc = rc ? rc : describe(m->name, m->b, m->nb, &b, err);
    if (rc)
        return rc;
    r->kind = "seeds";
    r->n_a = a.n;
    r->n_b = b.n;
    r->mean_a = a.mean;
    r->mean_b = b.mean;
    r->diff = b.mean - a.mean;
    r->lo = r->hi = NAN;
    r->noise_floor = a.sd;
    if (a.n >= 2 && b.n >= 2)
        welch(r, m, &a, &b, s->alpha);
    else if (a.n >= 2 || b.n >= 2)
        prediction(r, a.n >= 2 ? &a : &b, 1, s->alpha);
    else
        one_each(r);
    if (a.n >= 2 && fabs(r->diff) < 2 * a.sd)
        row_flag(r, "the difference is within A's seed-to-seed noise "
                 "(sd %.3g over %zu seeds)", a.sd, a.n);
    if (!stats_cliffs_delta(m->b, m->nb, m->a, m->na, &v, &ignored))
        row_effect(r, "cliffs_delta", v);
    return 0;
}
