/*
 * examples — per-example comparison of A and B. Ids shared by both files
 * are paired (McNemar for correct flags, sign-flip permutation test and
 * paired bootstrap BCa interval for scores); with no shared ids the
 * samples are compared unpaired (Welch, with Mann-Whitney beside it).
 * Examples present on one side only are flagged, never silently dropped.
 */
#include "compare/row.h"
#include "stats/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct pairs {
    double *a, *b;
    size_t n, only_a, only_b;
};

static int pair_up(const struct compare_examples *a,
                   const struct compare_examples *b, struct pairs *p,
                   struct err *err)
{
    size_t cap = a->n < b->n ? a->n : b->n, i = 0, j = 0;
    memset(p, 0, sizeof *p);
    p->a = malloc((cap ? cap : 1) * sizeof *p->a);
    p->b = malloc((cap ? cap : 1) * sizeof *p->b);
    if (!p->a || !p->b)
        return err_set(err, ERR_INTERNAL, "out of memory");
    while (i < a->n && j < b->n) {
        int c = strcmp(a->ids[i], b->ids[j]);
        if (c == 0) {
            p->a[p->n] = a->values[i++];
            p->b[p->n++] = b->values[j++];
        } else if (c < 0) {
            i++, p->only_a++;
        } else {
            j++, p->only_b++;
        }
    }
    p->only_a += a->n - i;
    p->only_b += b->n - j;
    return 0;
}

static double mean_of(const double *v, size_t n)
{
    double m = NAN, sd;
    struct err ignored = ERR_INIT;
    return stats_mean_sd(v, n, &m, &sd, &ignored) ? NAN : m;
}

/* Paired bootstrap BCa interval of B − A and the MDE from sd(B − A). */
static int paired_interval(struct row *r, const struct pairs *p,
                           const struct settings *s, struct err *err)
{
    struct stats_interval ci;
    int rc = stats_paired_bootstrap(p->b, p->a, p->n, 1 - s->alpha,
                                    s->n_resamples, s->seed, STATS_CI_BCA,
                                    &ci, err);
    if (rc)
        return rc;
    r->diff = ci.estimate;
    r->lo = ci.lo;
    r->hi = ci.hi;
    double *d = malloc(p->n * sizeof *d), m, sd;
    if (!d)
        return err_set(err, ERR_INTERNAL, "out of memory");
    for (size_t i = 0; i < p->n; i++)
        d[i] = p->b[i] - p->a[i];
    if (p->n >= 2 && !stats_mean_sd(d, p->n, &m, &sd, err))
        r->mde = row_mde_factor(s->alpha) * sd / sqrt((double)p->n);
    free(d);
    return 0;
}

static int paired_binary(struct row *r, const struct pairs *p, struct err *err)
{
    double b = 0, c = 0;
    int exact = 0;
    struct stats_result res;
    for (size_t i = 0; i < p->n; i++) {
        b += p->a[i] == 1 && p->b[i] == 0;
        c += p->a[i] == 0 && p->b[i] == 1;
    }
    int rc = stats_mcnemar(b, c, STATS_MCNEMAR_AUTO, &res, &exact, err);
    if (rc)
        return rc;
    r->kind = "paired_binary";
    r->test = exact ? "McNemar exact" : "McNemar chi-square";
    r->method = "paired bootstrap, McNemar";
    r->p = res.pvalue;
    r->has_p = 1;
    row_effect(r, "discordant_a_right", b);
    row_effect(r, "discordant_b_right", c);
    return 0;
}

static int paired_scores(struct row *r, const struct pairs *p,
                         const struct settings *s, struct err *err)
{
    struct stats_result res;
    struct err ignored = ERR_INIT;
    double v;
    int rc = stats_paired_permutation(p->b, p->a, p->n, STATS_TWO_SIDED,
                                      s->n_resamples, s->seed, &res, err);
    if (rc)
        return rc;
    r->kind = "paired_scores";
    r->test = p->n <= STATS_PERM_EXACT_MAX ? "sign-flip permutation (exact)"
                                           : "sign-flip permutation";
    r->method = "paired bootstrap";
    r->p = res.pvalue;
    r->has_p = 1;
    if (!stats_cohens_dz(p->b, p->a, p->n, &v, &ignored))
        row_effect(r, "cohens_dz", v);
    if (!stats_cliffs_delta(p->b, p->n, p->a, p->n, &v, &ignored))
        row_effect(r, "cliffs_delta", v);
    return 0;
}

/* Welch interval and p for B − A (two-sided), with Mann-Whitney beside. */
static int unpaired(struct row *r, const struct compare_examples *a,
                    const struct compare_examples *b, const struct settings *s,
                    struct err *err)
{
    struct stats_result w, u;
    struct err ignored = ERR_INIT;
    double v, va, vb, ma, mb;
    r->kind = "unpaired";
    r->test = "Welch t-test";
    r->method = "Welch t-test";
    r->diff = mean_of(b->values, b->n) - mean_of(a->values, a->n);
    if (!stats_mann_whitney_u(b->values, b->n, a->values, a->n, STATS_TWO_SIDED,
                              STATS_MWU_AUTO, 1, &u, &ignored))
        row_effect(r, "mann_whitney_p", u.pvalue);
    if (!stats_cliffs_delta(b->values, b->n, a->values, a->n, &v, &ignored))
        row_effect(r, "cliffs_delta", v);
    if (!stats_cohens_d(b->values, b->n, a->values, a->n, &v, &ignored))
        row_effect(r, "cohens_d", v);
    if (stats_welch_ttest(b->values, b->n, a->values, a->n, STATS_TWO_SIDED, &w, &ignored)) {
        row_flag(r, "Welch t-test undefined (%s); p from Mann-Whitney", ignored.msg);
        r->test = "Mann-Whitney U";
        r->p = u.pvalue;
        r->has_p = 1;
        r->lo = r->hi = NAN;
        return 0;
    }
    if (stats_mean_sd(a->values, a->n, &ma, &va, err) ||
        stats_mean_sd(b->values, b->n, &mb, &vb, err))
        return err->code;
    double se = sqrt(va * va / (double)a->n + vb * vb / (double)b->n);
    double q = stats_t_ppf(1 - s->alpha / 2, w.df);
    r->p = w.pvalue;
    r->has_p = 1;
    r->lo = r->diff - q * se;
    r->hi = r->diff + q * se;
    r->mde = row_mde_factor(s->alpha) * se;
    return 0;
}

static int paired(struct row *r, const struct pairs *p, int binary,
                  const struct settings *s, struct err *err)
{
    r->n_pairs = p->n;
    if (p->only_a || p->only_b)
        row_flag(r, "mismatched example sets: %zu only in A, %zu only in B; "
                 "compared on the %zu shared", p->only_a, p->only_b, p->n);
    int rc = paired_interval(r, p, s, err);
    rc = rc ? rc : binary ? paired_binary(r, p, err) : paired_scores(r, p, s, err);
    return rc;
}

int row_examples(struct row *r, const struct compare_examples *a,
                 const struct compare_examples *b, const struct settings *s,
                 struct err *err)
{
    struct pairs p;
    int binary = a->binary && b->binary;
    int rc = pair_up(a, b, &p, err);
    r->n_a = a->n;
    r->n_b = b->n;
    r->mean_a = mean_of(a->values, a->n);
    r->mean_b = mean_of(b->values, b->n);
    r->unit_scale = binary ? 100 : 1;
    r->unit = binary ? "pts" : "";
    if (!rc && p.n >= 2) {
        rc = paired(r, &p, binary, s, err);
    } else if (!rc) {
        row_flag(r, "no example ids in common (%zu shared): compared unpaired", p.n);
        rc = a->n < 2 || b->n < 2
             ? err_set(err, ERR_USER, "compare: need at least 2 examples on each side")
             : unpaired(r, a, b, s, err);
    }
    size_t n = p.n >= 2 ? p.n : (a->n < b->n ? a->n : b->n);
    if (!rc && n < COMPARE_FEW_EXAMPLES)
        row_flag(r, "too few examples (%zu): the smallest effect this can "
                 "detect is %.3g%s", n, r->mde * r->unit_scale, binary ? " pts" : "");
    free(p.a);
    free(p.b);
    return rc;
}
