/*
 * parzen — the multivariate Parzen estimator TPE builds twice per ask,
 * once over the good trials and once over the bad ones.
 *
 * One kernel per observation plus a prior kernel, each a product over all
 * parameters jointly (Falkner et al. 2018; Watanabe 2023 found the joint
 * kernel better than independent ones). Numeric parameters work in unit
 * coordinates (log scale for log parameters) with a truncated normal:
 * floats take its density, ints the mass of their slice, so an int with
 * few values is not blurred, and no narrower than its own integer. Choices
 * use a kernel that keeps 1 on the observed value plus prior_weight/(n+1)
 * spread over all values, blended with the choice's own smoothed
 * distribution over all observations (cat_share of the weight). A
 * parameter an observation did not have (its condition failed) takes the
 * prior's kernel in that dimension: missing is treated as "anything".
 */
#include "search/parzen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LOG_SQRT_2PI 0.91893853320467274178

static double norm_cdf(double z)
{
    return 0.5 * erfc(-z / M_SQRT2);
}

/* log(Phi(b) - Phi(a)) for a < b, careful in both tails. */
static double log_mass(double a, double b)
{
    double m = a > 0 ? 0.5 * (erfc(a / M_SQRT2) - erfc(b / M_SQRT2))
                     : norm_cdf(b) - norm_cdf(a);
    if (m > 1e-300)
        return log(m);
    double z = fabs(a) < fabs(b) ? a : b;
    return -0.5 * z * z - LOG_SQRT_2PI + log(b - a);
}

static void parzen_weights(struct parzen *pz, double prior_weight)
{
    /* Optuna's default: the newest 25 weigh 1, older ones ramp down. */
    size_t n = pz->n, flat = 25;
    double total = prior_weight;
    for (size_t k = 0; k < n; k++) {
        double w = 1.0;
        if (n > flat && k < n - flat)
            w = 1.0 / (double)n + (1.0 - 1.0 / (double)n) * (double)k /
                                      (double)(n - flat);
        pz->logw[k] = w;
        total += w;
    }
    pz->logw[n] = prior_weight;
    for (size_t k = 0; k <= n; k++)
        pz->logw[k] = pz->logw[k] > 0 ? log(pz->logw[k] / total) : -INFINITY;
}

/* An int kernel is never narrower than the slice of its own integer in
 * unit space (a log int's slices narrow as its values grow). Narrower
 * than half a slice, every draw lands back on the kernel's integer and
 * the search stops moving along the int; at half a slice (the rule
 * before) a good set that has settled one integer off the optimum still
 * proposes the neighbours too rarely to leave it (docs/search.md, "Ints"). */
static double int_floor(const struct search_param *p, double mu)
{
    double a, b;
    search_int_slice(p, search_from_unit(p, mu), &a, &b);
    return b - a;
}

/* Bandwidth per numeric dimension: Scott's rule over the joint space on
 * the spread of the observations, clipped below ("magic clip") so it
 * never collapses and above by the whole range. */
static void parzen_bandwidth(struct parzen *pz, const struct search_space *sp,
                             const struct parzen_tuning *tune)
{
    double dims = (double)sp->n;
    for (size_t d = 0; d < sp->n; d++) {
        size_t n = 0;
        double sum = 0, sq = 0;
        for (size_t k = 0; k < pz->n; k++) {
            double u = pz->u[k * sp->n + d];
            if (isnan(u))
                continue;
            n++;
            sum += u;
            sq += u * u;
        }
        double scale = pow(n ? (double)n : 1.0, -1.0 / (dims + 4.0));
        double spread = tune->sigma0;
        if (tune->adaptive && n > 1) {
            double var = (sq - sum * sum / (double)n) / (double)(n - 1);
            double sd = sqrt(var > 0 ? var : 0);
            spread = tune->adaptive * sd > spread ? spread
                                                  : tune->adaptive * sd;
        }
        double sigma = spread * scale;
        double minsigma = 1.0 / fmin(100.0, (double)n + 2.0);
        minsigma *= tune->clip;
        pz->sigma[d] = sigma < minsigma ? minsigma : sigma > 1 ? 1 : sigma;
    }
}

/* Kernel k's bandwidth in dimension d: the prior's (and a missing
 * observation's) is the whole range. */
static double kernel_sigma(const struct parzen *pz,
                           const struct search_param *p, size_t k, size_t d)
{
    double mu = k < pz->n ? pz->u[k * pz->dims + d] : NAN;
    if (isnan(mu))
        return 1.0;
    if (p->kind == SEARCH_INT)
        return fmin(1.0, fmax(pz->sigma[d], int_floor(p, mu)));
    return pz->sigma[d];
}

static void parzen_norms(struct parzen *pz, const struct search_space *sp)
{
    for (size_t k = 0; k <= pz->n; k++)
        for (size_t d = 0; d < sp->n; d++) {
            double mu = k < pz->n ? pz->u[k * sp->n + d] : NAN;
            double sg = kernel_sigma(pz, &sp->params[d], k, d);
            pz->ksigma[k * sp->n + d] = sg;
            mu = isnan(mu) ? 0.5 : mu;
            double lz = log_mass(-mu / sg, (1 - mu) / sg);
            /* floats fold the density's constant in: one log less per
             * evaluation, where TPE spends its time */
            if (sp->params[d].kind == SEARCH_UNIFORM)
                lz += log(sg) + LOG_SQRT_2PI;
            pz->logz[k * sp->n + d] = lz;
        }
}

/* A choice parameter's own model: the smoothed distribution over its
 * values, P(v) = sum_k w_k (1[v = obs_k] + f) / (1 + C f) + w_prior / C
 * with f = prior_weight / (n + 1) (Optuna's categorical estimator), i.e.
 * the mixture's marginal. Taken apart from the joint kernel, what is good
 * about a value is learnt from every good trial that had it, not only from
 * those that also sit near the candidate in every other dimension. */
static void cat_row(const struct parzen *pz, size_t d, size_t c,
                    double *row)
{
    double f = pz->cat_fill, norm = 1.0 + (double)c * f;
    for (size_t v = 0; v < c; v++)
        row[v] = exp(pz->logw[pz->n]) / (double)c;
    for (size_t k = 0; k < pz->n; k++) {
        double w = exp(pz->logw[k]), mu = pz->u[k * pz->dims + d];
        for (size_t v = 0; v < c; v++)
            row[v] += isnan(mu) ? w / (double)c : w * f / norm;
        if (!isnan(mu))
            row[(size_t)mu] += w / norm;
    }
}

/* The log kernel terms of every choice value, looked up per kernel: a
 * kernel whose observation has the value, one whose has another, and the
 * prior's (or a missing observation's). */
static void cat_logs(struct parzen *pz, size_t c, size_t off, size_t total)
{
    double f = pz->cat_fill, norm = 1.0 + (double)c * f, a = pz->cat_share;
    for (size_t v = off; v < off + c; v++) {
        double own = a * pz->cat_p[v];
        pz->cat_p[total + v] = log((1 - a) * (1 + f) / norm + own);
        pz->cat_p[2 * total + v] = log((1 - a) * f / norm + own);
        pz->cat_p[3 * total + v] = log((1 - a) / (double)c + own);
    }
}

static int parzen_categorical(struct parzen *pz,
                              const struct search_space *sp)
{
    size_t total = 0;
    pz->cat_off = malloc(sp->n * sizeof *pz->cat_off);
    if (!pz->cat_off)
        return -1;
    for (size_t d = 0; d < sp->n; d++) {
        pz->cat_off[d] = total;
        if (sp->params[d].kind == SEARCH_CHOICE)
            total += sp->params[d].n_choices;
    }
    pz->cat_total = total;
    pz->cat_p = malloc((4 * total + 1) * sizeof *pz->cat_p);
    if (!pz->cat_p)
        return -1;
    for (size_t d = 0; d < sp->n; d++) {
        if (sp->params[d].kind != SEARCH_CHOICE)
            continue;
        size_t c = sp->params[d].n_choices;
        cat_row(pz, d, c, pz->cat_p + pz->cat_off[d]);
        cat_logs(pz, c, pz->cat_off[d], total);
    }
    return 0;
}

int parzen_build(struct parzen *pz, const struct search *s,
                 const size_t *obs, size_t n,
                 const struct parzen_tuning *tune)
{
    const struct search_space *sp = s->space;
    memset(pz, 0, sizeof *pz);
    pz->n = n;
    pz->dims = sp->n;
    pz->cat_fill = tune->prior_weight / (double)(n + 1);
    pz->u = malloc((n + 1) * sp->n * sizeof *pz->u);
    pz->logz = malloc((n + 1) * sp->n * sizeof *pz->logz);
    pz->sigma = malloc(sp->n * sizeof *pz->sigma);
    pz->ksigma = malloc((n + 1) * sp->n * sizeof *pz->ksigma);
    pz->logw = malloc((n + 1) * sizeof *pz->logw);
    pz->terms = malloc((n + 1) * sizeof *pz->terms);
    if (!pz->u || !pz->logz || !pz->sigma || !pz->ksigma || !pz->logw ||
        !pz->terms)
        return -1;
    for (size_t k = 0; k < n; k++)
        for (size_t d = 0; d < sp->n; d++) {
            const struct search_param *p = &sp->params[d];
            double x = s->trials[obs[k]].x[d];
            pz->u[k * sp->n + d] = isnan(x) || p->kind == SEARCH_CHOICE
                                       ? x : search_to_unit(p, x);
        }
    parzen_weights(pz, tune->prior_weight);
    parzen_bandwidth(pz, sp, tune);
    parzen_norms(pz, sp);
    pz->cat_share = tune->cat_share;
    return parzen_categorical(pz, sp);
}

void parzen_release(struct parzen *pz)
{
    free(pz->u);
    free(pz->logz);
    free(pz->sigma);
    free(pz->ksigma);
    free(pz->logw);
    free(pz->terms);
    free(pz->cat_off);
    free(pz->cat_p);
    memset(pz, 0, sizeof *pz);
}

/* One kernel's log density in dimension d at x (natural value). */
static double kernel_term(const struct parzen *pz, const struct search_param *p,
                          size_t k, size_t d, double x, double ux)
{
    double mu = k < pz->n ? pz->u[k * pz->dims + d] : NAN;
    if (p->kind == SEARCH_CHOICE) {
        size_t i = pz->cat_off[d] + (size_t)x, t = pz->cat_total;
        return pz->cat_p[(isnan(mu) ? 3 : mu == x ? 1 : 2) * t + i];
    }
    double sg = pz->ksigma[k * pz->dims + d];
    mu = isnan(mu) ? 0.5 : mu;
    double lz = pz->logz[k * pz->dims + d];
    if (p->kind == SEARCH_INT) {
        double a, b;
        search_int_slice(p, x, &a, &b);
        return log_mass((a - mu) / sg, (b - mu) / sg) - lz;
    }
    double z = (ux - mu) / sg;
    return -0.5 * z * z - lz;
}

double parzen_log_pdf(const struct parzen *pz, const struct search_space *sp,
                      const double *x, const double *ux)
{
    double top = -INFINITY;
    for (size_t k = 0; k <= pz->n; k++) {
        double t = pz->logw[k];
        for (size_t d = 0; d < sp->n && t > -INFINITY; d++)
            if (!isnan(x[d]))
                t += kernel_term(pz, &sp->params[d], k, d, x[d], ux[d]);
        pz->terms[k] = t;
        top = t > top ? t : top;
    }
    if (top == -INFINITY)
        return top;
    double sum = 0;
    for (size_t k = 0; k <= pz->n; k++)
        sum += exp(pz->terms[k] - top);
    return top + log(sum);
}

static size_t pick_kernel(const struct parzen *pz, struct rng *rng)
{
    double u = rng_uniform(rng), acc = 0;
    for (size_t k = 0; k <= pz->n; k++) {
        acc += exp(pz->logw[k]);
        if (u < acc)
            return k;
    }
    return pz->n;
}

static double truncnorm(struct rng *rng, double mu, double sg)
{
    for (int i = 0; i < 100; i++) {
        double v = mu + sg * rng_normal(rng);
        if (v >= 0 && v <= 1)
            return v;
    }
    return rng_uniform(rng);
}

static double sample_choice(const struct parzen *pz, size_t n_choices,
                            double mu, struct rng *rng)
{
    if (isnan(mu))
        return (double)rng_below(rng, n_choices);
    double f = pz->cat_fill, total = 1.0 + (double)n_choices * f;
    double u = rng_uniform(rng) * total, acc = 0;
    for (size_t c = 0; c < n_choices; c++) {
        acc += f + ((double)c == mu ? 1.0 : 0.0);
        if (u < acc)
            return (double)c;
    }
    return mu;
}

static double sample_own(const double *p, size_t n_choices,
                         struct rng *rng)
{
    double u = rng_uniform(rng), acc = 0;
    for (size_t c = 0; c < n_choices; c++) {
        acc += p[c];
        if (u < acc)
            return (double)c;
    }
    return (double)(n_choices - 1);
}

void parzen_sample(const struct parzen *pz, const struct search_space *sp,
                   struct rng *rng, double *x)
{
    size_t k = pick_kernel(pz, rng);
    for (size_t d = 0; d < sp->n; d++) {
        const struct search_param *p = &sp->params[d];
        x[d] = NAN;
        if (!search_space_active(sp, x, d))
            continue;
        double mu = k < pz->n ? pz->u[k * sp->n + d] : NAN;
        if (p->kind == SEARCH_CHOICE) {
            x[d] = pz->cat_share > 0 && rng_uniform(rng) < pz->cat_share
                       ? sample_own(pz->cat_p + pz->cat_off[d],
                                    p->n_choices, rng)
                       : sample_choice(pz, p->n_choices, mu, rng);
            continue;
        }
        double u = isnan(mu) ? truncnorm(rng, 0.5, 1.0)
                             : truncnorm(rng, mu, pz->ksigma[k * sp->n + d]);
        x[d] = search_from_unit(p, u);
    }
}
