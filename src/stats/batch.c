/*
 * batch — `steward stats --batch`: the dispatch table and the line loop
 * (see batch.h and shared/contracts/stats-batch.md).
 *
 * Memory is bounded per line: a request is parsed, answered and freed
 * before the next is read, and a line longer than the cap is skipped to
 * its newline without being stored, so a 100,000-line batch runs in the
 * memory of its largest line.
 */
#include "stats/batch.h"
#include "stats/batch_args.h"
#include "stats/stats.h"
#include "core/buf.h"
#include "core/json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int put(json_t *obj, const char *key, double v)
{
    return json_object_set_new(obj, key, json_from_double(v));
}

static int put_result(json_t *r, const struct stats_result *res, int with_df)
{
    int rc = put(r, "statistic", res->statistic);
    if (with_df)
        rc |= put(r, "df", res->df);
    rc |= put(r, "pvalue", res->pvalue);
    return rc ? ERR_INTERNAL : 0;
}

static int run_special(const struct stats_batch_fn *f, const json_t *args,
                       json_t *result, struct err *err)
{
    double v[3] = {0, 0, 0}, value;
    int rc = 0;
    for (int i = 0; i < 3 && f->params[i] && !rc; i++)
        rc = arg_number(args, f->name, f->params[i], &v[i], err);
    if (rc)
        return rc;
    value = f->f1 ? f->f1(v[0]) : f->f2 ? f->f2(v[0], v[1]) : f->f3(v[0], v[1], v[2]);
    return put(result, "value", value) ? ERR_INTERNAL : 0;
}

/* Two samples under the given names, freed by the caller. */
static int two_arrays(const json_t *args, const char *fn, const char *k1,
                      const char *k2, double **a, size_t *na, double **b,
                      size_t *nb, struct err *err)
{
    *a = *b = NULL;
    int rc = arg_array(args, fn, k1, a, na, err);
    return rc ? rc : arg_array(args, fn, k2, b, nb, err);
}

static int paired_arrays(const json_t *args, const char *fn, double **x,
                         double **y, size_t *n, struct err *err)
{
    size_t ny;
    int rc = two_arrays(args, fn, "x", "y", x, n, y, &ny, err);
    if (!rc && *n != ny)
        rc = err_set(err, ERR_USER, "%s: paired samples have different "
                     "lengths (x has %zu values, y has %zu)", fn, *n, ny);
    return rc;
}

static int run_welch(const struct stats_batch_fn *f, const json_t *args,
                     json_t *result, struct err *err)
{
    double *a, *b;
    size_t na, nb;
    int alt = 0;
    struct stats_result res;
    int rc = two_arrays(args, f->name, "a", "b", &a, &na, &b, &nb, err);
    rc = rc ? rc : arg_alternative(args, f->name, &alt, err);
    rc = rc ? rc : stats_welch_ttest(a, na, b, nb, alt, &res, err);
    rc = rc ? rc : put_result(result, &res, 1);
    free(a);
    free(b);
    return rc;
}

static int run_mwu(const struct stats_batch_fn *f, const json_t *args,
                   json_t *result, struct err *err)
{
    static const char *const methods[] = {"auto", "exact", "asymptotic", NULL};
    double *x, *y;
    size_t nx, ny;
    int alt = 0, method = 0, cont = 1;
    struct stats_result res;
    int rc = two_arrays(args, f->name, "x", "y", &x, &nx, &y, &ny, err);
    rc = rc ? rc : arg_alternative(args, f->name, &alt, err);
    rc = rc ? rc : arg_enum(args, f->name, "method", methods, 0, &method, err);
    rc = rc ? rc : arg_bool(args, f->name, "use_continuity", 1, &cont, err);
    rc = rc ? rc : stats_mann_whitney_u(x, nx, y, ny, alt, method, cont, &res, err);
    rc = rc ? rc : put_result(result, &res, 0);
    free(x);
    free(y);
    return rc;
}

static int run_wilcoxon(const struct stats_batch_fn *f, const json_t *args,
                        json_t *result, struct err *err)
{
    static const char *const zeros[] = {"wilcox", "pratt", "zsplit", NULL};
    static const char *const methods[] = {"auto", "exact", "approx", NULL};
    double *x, *y;
    size_t n;
    int alt = 0, zm = 0, corr = 0, method = 0;
    struct stats_result res;
    int rc = paired_arrays(args, f->name, &x, &y, &n, err);
    rc = rc ? rc : arg_alternative(args, f->name, &alt, err);
    rc = rc ? rc : arg_enum(args, f->name, "zero_method", zeros, 0, &zm, err);
    rc = rc ? rc : arg_bool(args, f->name, "correction", 0, &corr, err);
    rc = rc ? rc : arg_enum(args, f->name, "method", methods, 0, &method, err);
    struct stats_wilcoxon_opts o = {zm, corr, alt, method};
    rc = rc ? rc : stats_wilcoxon(x, y, n, &o, &res, err);
    rc = rc ? rc : put_result(result, &res, 0);
    free(x);
    free(y);
    return rc;
}

static int run_mcnemar(const struct stats_batch_fn *f, const json_t *args,
                       json_t *result, struct err *err)
{
    static const char *const methods[] = {"auto", "exact", "chi2", NULL};
    uint64_t b, c, ignored;
    int method = 0, exact = 0;
    struct stats_result res;
    int rc = arg_count(args, f->name, "b", UINT64_MAX, UINT64_MAX >> 11, &b, err);
    rc = rc ? rc : arg_count(args, f->name, "c", UINT64_MAX, UINT64_MAX >> 11, &c, err);
    if (!rc && (b == UINT64_MAX || c == UINT64_MAX))
        rc = err_set(err, ERR_USER, "%s: missing argument \"%s\"", f->name,
                     b == UINT64_MAX ? "b" : "c");
    rc = rc ? rc : arg_count(args, f->name, "a", 0, UINT64_MAX >> 11, &ignored, err);
    rc = rc ? rc : arg_count(args, f->name, "d", 0, UINT64_MAX >> 11, &ignored, err);
    rc = rc ? rc : arg_enum(args, f->name, "method", methods, 0, &method, err);
    rc = rc ? rc : stats_mcnemar((double)b, (double)c, method, &res, &exact, err);
    if (rc)
        return rc;
    if (!exact)
        rc |= put(result, "statistic", res.statistic);
    rc |= put(result, "pvalue", res.pvalue);
    rc |= json_object_set_new(result, "method", json_string(exact ? "exact" : "chi2"));
    return rc ? ERR_INTERNAL : 0;
}

static int run_permutation(const struct stats_batch_fn *f, const json_t *args,
                           json_t *result, struct err *err)
{
    double *x, *y;
    size_t n;
    uint64_t nres, seed;
    int alt = 0;
    struct stats_result res;
    int rc = paired_arrays(args, f->name, &x, &y, &n, err);
    rc = rc ? rc : arg_alternative(args, f->name, &alt, err);
    rc = rc ? rc : arg_count(args, f->name, "n_resamples", 9999, STATS_MAX_RESAMPLES, &nres, err);
    rc = rc ? rc : arg_count(args, f->name, "seed", 0, UINT64_MAX, &seed, err);
    rc = rc ? rc : stats_paired_permutation(x, y, n, alt, nres, seed, &res, err);
    rc = rc ? rc : put_result(result, &res, 0);
    int exact = n <= STATS_PERM_EXACT_MAX;
    if (!rc && json_object_set_new(result, "exact", json_boolean(exact)))
        rc = ERR_INTERNAL;
    /* the Monte Carlo standard error of the p-value */
    if (!rc && !exact && put(result, "mc_stderr",
                             sqrt(res.pvalue * (1 - res.pvalue) / (double)nres)))
        rc = ERR_INTERNAL;
    free(x);
    free(y);
    return rc;
}

static int run_bootstrap(const struct stats_batch_fn *f, const json_t *args,
                         json_t *result, struct err *err)
{
    static const char *const methods[] = {"percentile", "bca", "BCa", NULL};
    double *x, *y, level;
    size_t n;
    uint64_t nres, seed;
    int method = 1;
    struct stats_interval ci;
    int rc = paired_arrays(args, f->name, &x, &y, &n, err);
    rc = rc ? rc : arg_number_opt(args, f->name, "confidence_level", 0.95, &level, err);
    rc = rc ? rc : arg_count(args, f->name, "n_resamples", 9999, STATS_MAX_RESAMPLES, &nres, err);
    rc = rc ? rc : arg_count(args, f->name, "seed", 0, UINT64_MAX, &seed, err);
    rc = rc ? rc : arg_enum(args, f->name, "method", methods, 1, &method, err);
    rc = rc ? rc : stats_paired_bootstrap(x, y, n, level, nres, seed,
                                          method ? STATS_CI_BCA : STATS_CI_PERCENTILE,
                                          &ci, err);
    if (!rc && (put(result, "lo", ci.lo) || put(result, "hi", ci.hi) ||
                put(result, "estimate", ci.estimate)))
        rc = ERR_INTERNAL;
    free(x);
    free(y);
    return rc;
}

typedef int (*adjust_fn)(const double *, size_t, double *, struct err *);

static int run_adjust(const struct stats_batch_fn *f, const json_t *args,
                      json_t *result, adjust_fn adjust, struct err *err)
{
    double *p, *adj = NULL;
    size_t n;
    int rc = arg_array(args, f->name, "p", &p, &n, err);
    if (rc)
        return rc;
    adj = malloc((n ? n : 1) * sizeof *adj);
    json_t *arr = json_array();
    rc = !adj || !arr ? err_set(err, ERR_INTERNAL, "%s: out of memory", f->name)
                      : adjust(p, n, adj, err);
    for (size_t i = 0; !rc && i < n; i++)
        rc = json_array_append_new(arr, json_from_double(adj[i])) ? ERR_INTERNAL : 0;
    if (!rc && json_object_set(result, "adjusted", arr))
        rc = ERR_INTERNAL;
    json_decref(arr);
    free(p);
    free(adj);
    return rc;
}

static int run_holm(const struct stats_batch_fn *f, const json_t *args,
                    json_t *result, struct err *err)
{
    return run_adjust(f, args, result, stats_holm, err);
}

static int run_bh(const struct stats_batch_fn *f, const json_t *args,
                  json_t *result, struct err *err)
{
    return run_adjust(f, args, result, stats_benjamini_hochberg, err);
}

static int run_cohens_d(const struct stats_batch_fn *f, const json_t *args,
                        json_t *result, struct err *err)
{
    double *a, *b, v;
    size_t na, nb;
    int rc = two_arrays(args, f->name, "a", "b", &a, &na, &b, &nb, err);
    rc = rc ? rc : stats_cohens_d(a, na, b, nb, &v, err);
    if (!rc && put(result, "d", v))
        rc = ERR_INTERNAL;
    free(a);
    free(b);
    return rc;
}

static int run_cohens_dz(const struct stats_batch_fn *f, const json_t *args,
                         json_t *result, struct err *err)
{
    double *x, *y, v;
    size_t n;
    int rc = paired_arrays(args, f->name, &x, &y, &n, err);
    rc = rc ? rc : stats_cohens_dz(x, y, n, &v, err);
    if (!rc && put(result, "d", v))
        rc = ERR_INTERNAL;
    free(x);
    free(y);
    return rc;
}

static int run_cliffs(const struct stats_batch_fn *f, const json_t *args,
                      json_t *result, struct err *err)
{
    double *a, *b, v;
    size_t na, nb;
    int rc = two_arrays(args, f->name, "a", "b", &a, &na, &b, &nb, err);
    rc = rc ? rc : stats_cliffs_delta(a, na, b, nb, &v, err);
    if (!rc && put(result, "delta", v))
        rc = ERR_INTERNAL;
    free(a);
    free(b);
    return rc;
}

#define SPECIAL1(n, p0, fn) {n, p0, "value", run_special, {p0, NULL, NULL}, fn, NULL, NULL}
#define SPECIAL2(n, p0, p1, fn) {n, p0 ", " p1, "value", run_special, {p0, p1, NULL}, NULL, fn, NULL}
#define SPECIAL3(n, p0, p1, p2, fn) \
    {n, p0 ", " p1 ", " p2, "value", run_special, {p0, p1, p2}, NULL, NULL, fn}
#define TEST(n, a, r, fn) {n, a, r, fn, {NULL, NULL, NULL}, NULL, NULL, NULL}

static const struct stats_batch_fn catalogue[] = {
    SPECIAL1("norm_cdf", "x", stats_norm_cdf),
    SPECIAL1("norm_sf", "x", stats_norm_sf),
    SPECIAL1("norm_ppf", "p", stats_norm_ppf),
    SPECIAL2("t_cdf", "x", "df", stats_t_cdf),
    SPECIAL2("t_sf", "x", "df", stats_t_sf),
    SPECIAL2("t_ppf", "p", "df", stats_t_ppf),
    SPECIAL2("chi2_cdf", "x", "df", stats_chi2_cdf),
    SPECIAL2("chi2_sf", "x", "df", stats_chi2_sf),
    SPECIAL3("betainc", "a", "b", "x", stats_betainc),
    SPECIAL2("gammainc", "a", "x", stats_gammainc),
    SPECIAL2("gammaincc", "a", "x", stats_gammaincc),
    TEST("welch_ttest", "a, b, alternative", "statistic, df, pvalue", run_welch),
    TEST("mann_whitney_u", "x, y, alternative, method (auto|exact|asymptotic), "
         "use_continuity", "statistic, pvalue", run_mwu),
    TEST("wilcoxon_signed_rank", "x, y, zero_method (wilcox|pratt|zsplit), "
         "correction, alternative, method (auto|exact|approx)",
         "statistic, pvalue", run_wilcoxon),
    TEST("mcnemar", "b, c, a, d, method (auto|exact|chi2)",
         "pvalue, statistic (chi2), method", run_mcnemar),
    TEST("paired_permutation_test", "x, y, alternative, n_resamples, seed",
         "statistic, pvalue, exact, mc_stderr (Monte Carlo)", run_permutation),
    TEST("paired_bootstrap_ci", "x, y, confidence_level, n_resamples, seed, "
         "method (percentile|bca)", "lo, hi, estimate", run_bootstrap),
    TEST("holm", "p", "adjusted", run_holm),
    TEST("benjamini_hochberg", "p", "adjusted", run_bh),
    TEST("cohens_d", "a, b", "d", run_cohens_d),
    TEST("cohens_dz", "x, y", "d", run_cohens_dz),
    TEST("cliffs_delta", "a, b", "delta", run_cliffs),
    {NULL, NULL, NULL, NULL, {NULL, NULL, NULL}, NULL, NULL, NULL},
};

const struct stats_batch_fn *stats_batch_catalogue(void)
{
    return catalogue;
}

static const struct stats_batch_fn *find_fn(const char *name)
{
    for (const struct stats_batch_fn *f = catalogue; f->name; f++)
        if (!strcmp(f->name, name))
            return f;
    return NULL;
}

static int answer_into(const json_t *req, json_t *result, struct err *err)
{
    if (!json_is_object(req))
        return err_set(err, ERR_USER, "a request must be a JSON object");
    const json_t *fn = json_object_get(req, "fn");
    const json_t *args = json_object_get(req, "args");
    if (!json_is_string(fn))
        return err_set(err, ERR_USER, "request has no \"fn\" string");
    const struct stats_batch_fn *f = find_fn(json_string_value(fn));
    if (!f)
        return err_set(err, ERR_USER, "unknown fn \"%.64s\" (see 'steward "
                       "stats --help' for the catalogue)", json_string_value(fn));
    if (args && !json_is_object(args))
        return err_set(err, ERR_USER, "%s: \"args\" must be an object", f->name);
    json_t *empty = args ? NULL : json_object();
    int rc = f->run(f, args ? args : empty, result, err);
    json_decref(empty);
    return rc;
}

json_t *stats_batch_answer(const json_t *request)
{
    struct err err = ERR_INIT;
    json_t *id = json_is_object(request) ? json_object_get(request, "id") : NULL;
    json_t *answer = json_object(), *result = json_object();
    if (!answer || !result) {
        json_decref(answer);
        json_decref(result);
        return NULL;
    }
    json_object_set_new(answer, "id", id ? json_incref(id) : json_null());
    if (answer_into(request, result, &err) == 0) {
        json_object_set_new(answer, "result", result);
    } else {
        json_decref(result);
        json_object_set_new(answer, "error", json_string(err.msg[0] ? err.msg
                                                         : "internal error"));
    }
    return answer;
}
