/* parzen — TPE's multivariate Parzen estimator; see parzen.c. */
#ifndef STEWARD_SEARCH_PARZEN_H
#define STEWARD_SEARCH_PARZEN_H

#include "search/internal.h"

struct parzen_tuning {
    double sigma0;        /* bandwidth before Scott's shrink, unit range */
    double adaptive;      /* > 0: also shrink to this times the spread */
    double clip;          /* scales the minimum bandwidth */
    double prior_weight;
    double cat_share;     /* choices: weight of each one's own smoothed
                           * distribution against the joint kernel */
};

struct parzen {
    size_t n;             /* observation kernels; kernel n is the prior */
    size_t dims;
    double cat_fill;      /* choice kernels: mass on every value */
    double *u;            /* (n+1) x dims unit coordinates, NaN missing */
    double *logz;         /* (n+1) x dims log truncation masses (floats:
                           * plus log(sigma sqrt(2 pi))) */
    double *sigma;        /* dims: the bandwidth rule's */
    double *ksigma;       /* (n+1) x dims: each kernel's (ints floored at
                           * their own integer's slice; 1 for the prior) */
    double *logw;         /* n+1 log mixture weights */
    double *terms;        /* n+1 scratch */
    double cat_share;
    size_t *cat_off;      /* dims: offset of a choice's row in cat_p */
    size_t cat_total;     /* values of all choice parameters */
    double *cat_p;        /* 4 x cat_total: P(value) of each choice's own
                           * model, then the log kernel terms for a
                           * matching, another and a missing observation */
};

/* Builds over the trials obs[0..n) (ordered oldest first). -1 on OOM. */
int parzen_build(struct parzen *pz, const struct search *s, const size_t *obs,
                 size_t n, const struct parzen_tuning *tune);
void parzen_release(struct parzen *pz);
/* Log density at natural values x (NaN: inactive, skipped) with their
 * unit coordinates ux. */
double parzen_log_pdf(const struct parzen *pz, const struct search_space *sp,
                      const double *x, const double *ux);
/* Draws one point, honouring conditions. */
void parzen_sample(const struct parzen *pz, const struct search_space *sp,
                   struct rng *rng, double *x);

#endif
