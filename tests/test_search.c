/* test_search — the space language, samplers, pruners and saved state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "search/search.h"

static const char *full_space =
    "# every kind of parameter\n"
    "x0: uniform(-5, 10)\n"
    "lr: loguniform(1e-5, 1)   # learning rate\n"
    "layers: int(1, 8)\n"
    "batch: int(16, 256, log)\n"
    "opt: choice(adam, sgd, rmsprop)\n"
    "momentum: uniform(0, 0.99) if opt == sgd\n"
    "beta: uniform(0.8, 0.999) if opt != sgd\n"
    "deep: uniform(0, 1) if layers >= 5\n";

static struct search_space *parse_ok(const char *text)
{
    struct search_space *sp = NULL;
    struct err err = ERR_INIT;
    int rc = search_space_parse(text, "t.space", &sp, &err);
    if (rc)
        fail_msg("%s", err.msg);
    return sp;
}

/* Fails unless parsing fails with a message starting with `where`
 * (t.space:LINE:COL:) and containing `what`. */
static void parse_fails(const char *text, const char *where, const char *what)
{
    struct search_space *sp = NULL;
    struct err err = ERR_INIT;
    assert_int_equal(search_space_parse(text, "t.space", &sp, &err), ERR_USER);
    assert_null(sp);
    if (strncmp(err.msg, where, strlen(where)) || !strstr(err.msg, what))
        fail_msg("got '%s', want '%s ... %s'", err.msg, where, what);
}

static void space_parses_every_kind(void **state)
{
    struct search_space *sp = parse_ok(full_space);
    assert_int_equal(sp->n, 8);
    assert_string_equal(sp->params[1].name, "lr");
    assert_true(sp->params[1].log);
    assert_int_equal(sp->params[3].kind, SEARCH_INT);
    assert_true(sp->params[3].log);
    assert_int_equal(sp->params[4].n_choices, 3);
    assert_string_equal(sp->params[4].choices[1], "sgd");
    assert_true(sp->params[5].cond.on);
    assert_int_equal(sp->params[5].cond.parent, 4);
    assert_true(sp->params[5].cond.value == 1.0);
    assert_int_equal(sp->params[7].cond.op, SEARCH_GE);
    search_space_free(sp);
}

static void space_errors_name_line_and_column(void **state)
{
    parse_fails("x: uniform(1, 1)\n", "t.space:1:12:", "empty range");
    parse_fails("a: int(0, 3)\nx: int(5, 2)\n", "t.space:2:8:", "empty range");
    parse_fails("x: loguniform(0, 1)\n", "t.space:1:15:", "positive");
    parse_fails("x: int(-1, 4, log)\n", "t.space:1:8:", "positive");
    parse_fails("x: uniform(0, 1)\nx: int(1, 2)\n", "t.space:2:1:",
                "duplicate parameter 'x'");
    parse_fails("x: normal(0, 1)\n", "t.space:1:4:", "unknown distribution");
    parse_fails("y: uniform(0, 1) if z == 1\n", "t.space:1:21:",
                "unknown parameter 'z'");
    parse_fails("o: choice(a, b)\ny: uniform(0, 1) if o == c\n",
                "t.space:2:26:", "not one of the values");
    parse_fails("o: choice(a, b)\ny: uniform(0, 1) if o < a\n",
                "t.space:2:25:", "== or !=");
    parse_fails("x: uniform(0, 1) junk\n", "t.space:1:18:", "unexpected");
    parse_fails("x: uniform(0, 1) if\n", "t.space:1:20:", "parameter name");
    parse_fails("x: uniform(0, abc)\n", "t.space:1:15:", "not a finite");
    parse_fails("x: uniform(0 1)\n", "t.space:1:14:", "expected ','");
    parse_fails("x: int(0.5, 3)\n", "t.space:1:8:", "not an integer");
    parse_fails("x: choice(a, a)\n", "t.space:1:14:", "twice");
    parse_fails("x uniform(0, 1)\n", "t.space:1:3:", "expected ':'");
    parse_fails("# nothing\n\n", "t.space:1:1:", "no parameters");
    parse_fails("x: int(1, 4, lag)\n", "t.space:1:14:", "'log'");
}

static void conditions_follow_their_parent(void **state)
{
    struct search_space *sp = parse_ok(full_space);
    double x[8] = {0, 0.1, 6, 32, 1, NAN, NAN, NAN};
    assert_true(search_space_active(sp, x, 5));    /* opt == sgd */
    assert_false(search_space_active(sp, x, 6));   /* opt != sgd */
    assert_true(search_space_active(sp, x, 7));    /* layers >= 5 */
    x[4] = 0;
    x[2] = 4;
    assert_false(search_space_active(sp, x, 5));
    assert_true(search_space_active(sp, x, 6));
    assert_false(search_space_active(sp, x, 7));
    search_space_free(sp);
}

static void params_are_typed_and_round_trip(void **state)
{
    struct search_space *sp = parse_ok(full_space);
    double x[8] = {2.5, 0.001, 3, 64, 0, NAN, 0.9, NAN}, back[8];
    struct err err = ERR_INIT;
    json_t *j = search_space_to_json(sp, x);
    assert_true(json_is_real(json_object_get(j, "x0")));
    assert_true(json_is_integer(json_object_get(j, "layers")));
    assert_string_equal(json_string_value(json_object_get(j, "opt")), "adam");
    assert_null(json_object_get(j, "momentum"));
    assert_int_equal(search_space_from_json(sp, j, back, &err), 0);
    for (int i = 0; i < 8; i++)
        assert_true(isnan(x[i]) ? isnan(back[i]) : x[i] == back[i]);
    json_object_set_new(j, "momentum", json_real(0.5));
    assert_int_equal(search_space_from_json(sp, j, back, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "condition"));
    json_decref(j);
    search_space_free(sp);
}

static struct search *make_dir(const char *text, enum search_sampler sampler,
                               enum search_pruner pruner, int maximize,
                               struct search_space **sp)
{
    struct search_options o;
    struct search *s = NULL;
    struct err err = ERR_INIT;
    search_options_init(&o);
    o.sampler = sampler;
    o.pruner = pruner;
    o.seed = 7;
    o.min_resource = 1;
    o.max_resource = 27;
    o.eta = 3;
    o.maximize = maximize;
    *sp = parse_ok(text);
    assert_int_equal(search_create(*sp, &o, &s, &err), 0);
    return s;
}

static struct search *make(const char *text, enum search_sampler sampler,
                           enum search_pruner pruner,
                           struct search_space **sp)
{
    return make_dir(text, sampler, pruner, 0, sp);
}

static size_t ask(struct search *s)
{
    size_t id;
    struct err err = ERR_INIT;
    assert_int_equal(search_ask(s, &id, &err), 0);
    return id;
}

static int report(struct search *s, size_t id, double step, double v)
{
    int stop = -1;
    struct err err = ERR_INIT;
    assert_int_equal(search_report(s, id, step, v, &stop, &err), 0);
    return stop;
}

static void asha_keeps_the_top_third_at_each_rung(void **state)
{
    struct search_space *sp;
    struct search *s = make("x: uniform(0, 1)\n", SEARCH_RANDOM,
                            SEARCH_PRUNE_ASHA, &sp);
    size_t a = ask(s), b = ask(s), c = ask(s), d = ask(s);
    assert_false(report(s, a, 1, 5.0));   /* first at rung 1: the best */
    assert_true(report(s, b, 1, 6.0));    /* 2 values, keep 1: 6 > 5 */
    assert_false(report(s, c, 1, 4.0));   /* new best */
    /* 4 values at rung 1 {4, 5, 6, 7}: floor(4/3) = 1 kept, 7 is cut */
    assert_true(report(s, d, 1, 7.0));
    assert_int_equal(search_trial(s, b)->state, SEARCH_PRUNED);
    assert_int_equal(search_trial(s, d)->rung, 0);
    /* below the next rung (3) nothing is decided */
    assert_false(report(s, a, 2, 9.0));
    assert_false(report(s, c, 3, 1.0));   /* first at rung 3 */
    assert_true(report(s, a, 3, 2.0));    /* worse than c at rung 3 */
    /* a pruned trial takes nothing more */
    struct err err = ERR_INIT;
    int stop;
    assert_int_equal(search_report(s, b, 2, 1.0, &stop, &err), ERR_CONFLICT);
    assert_int_equal(search_tell(s, b, 1.0, &err), ERR_CONFLICT);
    search_free(s);
    search_space_free(sp);
}

static void asha_respects_direction_and_divergence(void **state)
{
    struct search_space *sp;
    struct search *s = make_dir("x: uniform(0, 1)\n", SEARCH_RANDOM,
                                SEARCH_PRUNE_ASHA, 1, &sp);
    size_t a = ask(s), b = ask(s), c = ask(s);
    assert_false(report(s, a, 1, 5.0));
    assert_false(report(s, b, 1, 6.0));   /* larger is better now */
    assert_true(report(s, c, 1, NAN));    /* diverged: pruned at once */
    assert_int_equal(search_count(s, SEARCH_PRUNED), 1);
    search_free(s);
    search_space_free(sp);
}

static void asha_jumping_past_rungs_is_judged_at_each(void **state)
{
    struct search_space *sp;
    struct search *s = make("x: uniform(0, 1)\n", SEARCH_RANDOM,
                            SEARCH_PRUNE_ASHA, &sp);
    size_t a = ask(s), b = ask(s);
    assert_false(report(s, a, 1, 1.0));
    assert_false(report(s, a, 9, 1.0));   /* rungs 3 and 9 at once */
    assert_int_equal(search_trial(s, a)->rung, 2);
    assert_true(report(s, b, 10, 2.0));   /* cut at rung 1 already */
    assert_int_equal(search_trial(s, b)->rung, 0);
    assert_true(search_spent(s) == 19.0);
    search_free(s);
    search_space_free(sp);
}

static void asha_ranks_the_mean_since_the_last_rung(void **state)
{
    /* Rung 3 compares the mean of steps 2..3: b's lucky 1.0 at step 3
     * after 9.0 at step 2 (mean 5) loses to a's steady 3, 3. */
    struct search_space *sp;
    struct search *s = make("x: uniform(0, 1)\n", SEARCH_RANDOM,
                            SEARCH_PRUNE_ASHA, &sp);
    size_t a = ask(s), b = ask(s);
    assert_false(report(s, a, 1, 4.0));
    assert_false(report(s, b, 1, 3.0));   /* 2 values, keep the best */
    assert_false(report(s, a, 2, 3.0));
    assert_false(report(s, a, 3, 3.0));   /* first at rung 3: mean 3 */
    assert_false(report(s, b, 2, 9.0));
    assert_true(report(s, b, 3, 1.0));    /* mean 5 > 3, though 1 < 3 */
    search_free(s);
    search_space_free(sp);
}

static void median_stops_trials_worse_than_the_median(void **state)
{
    struct search_space *sp;
    struct search *s = make("x: uniform(0, 1)\n", SEARCH_RANDOM,
                            SEARCH_PRUNE_MEDIAN, &sp);
    struct err err = ERR_INIT;
    for (int i = 0; i < 5; i++) {
        size_t t = ask(s);
        assert_false(report(s, t, 1, (double)i));  /* too few to judge */
        assert_int_equal(search_tell(s, t, (double)i, &err), 0);
    }
    size_t good = ask(s), bad = ask(s);
    assert_false(report(s, good, 1, 1.5));   /* median of 0..4 is 2 */
    assert_true(report(s, bad, 1, 2.5));
    search_free(s);
    search_space_free(sp);
}

static void steps_only_grow_and_nan_fails(void **state)
{
    struct search_space *sp;
    struct search *s = make("x: uniform(0, 1)\n", SEARCH_TPE,
                            SEARCH_PRUNE_NONE, &sp);
    struct err err = ERR_INIT;
    int stop;
    size_t a = ask(s), b = ask(s);
    assert_false(report(s, a, 5, 1.0));
    assert_int_equal(search_report(s, a, 4, 1.0, &stop, &err), ERR_USER);
    assert_int_equal(search_tell(s, a, INFINITY, &err), 0);
    assert_int_equal(search_trial(s, a)->state, SEARCH_FAILED);
    assert_int_equal(search_tell(s, b, 3.0, &err), 0);
    assert_int_equal(search_best(s)->id, b);
    /* spent: a's last step, b told without reports: max_resource */
    assert_true(search_spent(s) == 5.0 + 27.0);
    assert_int_equal(search_tell(s, 99, 1.0, &err), ERR_NOTFOUND);
    search_free(s);
    search_space_free(sp);
}

static void grid_visits_every_point_once(void **state)
{
    struct search_space *sp;
    struct search *s = make("a: choice(p, q, r)\nb: int(1, 4)\n"
                            "c: uniform(0, 1) if a == q\n", SEARCH_GRID,
                            SEARCH_PRUNE_NONE, &sp);
    /* grid_points 5: a=p,r give 4 points each, a=q gives 4*5 */
    int seen[3][5][6] = {{{0}}};
    size_t n = 0;
    while (!search_exhausted(s)) {
        size_t id;
        struct err err = ERR_INIT;
        if (search_ask(s, &id, &err))
            break;
        const double *x = search_trial(s, id)->x;
        int ci = isnan(x[2]) ? 5 : (int)lround(x[2] * 4);
        assert_true(isnan(x[2]) == (x[0] != 1.0));
        seen[(int)x[0]][(int)x[1]][ci]++;
        n++;
    }
    assert_int_equal(n, 4 + 4 + 20);
    for (int a = 0; a < 3; a++)
        for (int b = 1; b <= 4; b++)
            for (int c = 0; c < 6; c++)
                assert_true(seen[a][b][c] <= 1);
    search_free(s);
    search_space_free(sp);
}

static void run_some(struct search *s, size_t n)
{
    struct err err = ERR_INIT;
    for (size_t i = 0; i < n; i++) {
        size_t id = ask(s);
        const double *x = search_trial(s, id)->x;
        double v = (x[0] - 0.3) * (x[0] - 0.3) + (x[4] == 1 ? 0 : 0.5);
        if (i % 7 == 3)
            assert_int_equal(search_tell_failed(s, id, &err), 0);
        else if (i % 5 == 1)
            assert_false(report(s, id, 2, v));
        else
            assert_int_equal(search_tell(s, id, v, &err), 0);
    }
}

static void saved_state_continues_identically(void **state)
{
    struct search_space *sp;
    struct err err = ERR_INIT;
    struct search *s = make(full_space, SEARCH_TPE, SEARCH_PRUNE_NONE, &sp);
    run_some(s, 25);
    json_t *j = search_state_to_json(s);
    assert_non_null(j);
    char *text = json_dumps(j, 0);
    json_decref(j);
    json_t *back = json_loads(text, 0, NULL);
    free(text);
    struct search *r = NULL;
    assert_int_equal(search_state_from_json(sp, back, &r, &err), 0);
    json_decref(back);
    assert_int_equal(search_n_trials(r), 25);
    assert_int_equal(search_count(r, SEARCH_RUNNING),
                     search_count(s, SEARCH_RUNNING));
    for (int i = 0; i < 10; i++) {
        size_t a = ask(s), b = ask(r);
        assert_int_equal(a, b);
        assert_memory_equal(search_trial(s, a)->x, search_trial(r, b)->x,
                            sp->n * sizeof(double));
        assert_int_equal(search_tell(s, a, i, &err), 0);
        assert_int_equal(search_tell(r, b, i, &err), 0);
    }
    search_free(s);
    search_free(r);
    search_space_free(sp);
}

static void tpe_respects_bounds_types_and_conditions(void **state)
{
    struct search_space *sp;
    struct search *s = make(full_space, SEARCH_TPE, SEARCH_PRUNE_NONE, &sp);
    run_some(s, 60);
    for (size_t i = 0; i < search_n_trials(s); i++) {
        const double *x = search_trial(s, i)->x;
        for (size_t d = 0; d < sp->n; d++) {
            const struct search_param *p = &sp->params[d];
            assert_true(isnan(x[d]) == !search_space_active(sp, x, d));
            if (isnan(x[d]))
                continue;
            if (p->kind == SEARCH_CHOICE)
                assert_true(x[d] >= 0 && x[d] < (double)p->n_choices);
            else
                assert_true(x[d] >= p->lo && x[d] <= p->hi);
            if (p->kind != SEARCH_UNIFORM)
                assert_true(x[d] == floor(x[d]));
        }
    }
    search_free(s);
    search_space_free(sp);
}

static void tpe_steers_away_from_failures(void **state)
{
    /* x does not change the value, but x > 0.6 crashes: failed trials
     * are bad observations, so TPE should learn to avoid that region
     * (a sampler that ignored failures would keep x uniform). */
    struct search_space *sp;
    struct search *s = make("x: uniform(0, 1)\ny: uniform(0, 1)\n",
                            SEARCH_TPE, SEARCH_PRUNE_NONE, &sp);
    struct err err = ERR_INIT;
    int late_failures = 0;
    for (int i = 0; i < 80; i++) {
        size_t id = ask(s);
        const double *x = search_trial(s, id)->x;
        if (x[0] > 0.6) {
            assert_int_equal(search_tell_failed(s, id, &err), 0);
            late_failures += i >= 40;
        } else {
            assert_int_equal(search_tell(s, id, x[1], &err), 0);
        }
    }
    print_message("late failures: %d of 40\n", late_failures);
    assert_true(late_failures < 8);   /* random search: about 16 of 40 */
    search_free(s);
    search_space_free(sp);
}

/* Runs n sequential TPE trials of fn; returns how many of the last half
 * satisfied good. */
static int tpe_late_hits(struct search *s, int n,
                         double (*fn)(const double *),
                         int (*good)(const double *))
{
    struct err err = ERR_INIT;
    int hits = 0;
    for (int i = 0; i < n; i++) {
        size_t id = ask(s);
        const double *x = search_trial(s, id)->x;
        hits += i >= n / 2 && good(x);
        assert_int_equal(search_tell(s, id, fn(x), &err), 0);
    }
    return hits;
}

/* Four choices that each matter on their own: the best value of every
 * one is 0, the others cost 1 each. */
static double cat_cost(const double *x)
{
    return (x[0] != 0) + (x[1] != 0) + (x[2] != 0) + (x[3] != 0) +
           0.1 * x[4];
}

static int cat_best(const double *x)
{
    return cat_cost(x) < 1;
}

static void tpe_learns_each_choice_on_its_own(void **state)
{
    struct search_space *sp;
    struct search *s = make("a: choice(p, q, r, s)\nb: choice(p, q, r, s)\n"
                            "c: choice(p, q, r, s)\nd: choice(p, q, r, s)\n"
                            "y: uniform(0, 1)\n",
                            SEARCH_TPE, SEARCH_PRUNE_NONE, &sp);
    int hits = tpe_late_hits(s, 80, cat_cost, cat_best);
    print_message("all four best values: %d of the last 40 asks\n", hits);
    assert_true(hits >= 10);   /* random search: 40/256, about 0 */
    search_free(s);
    search_space_free(sp);
}

/* An int with a wide range whose best value is off where the search
 * starts: a kernel narrower than half an integer would keep proposing
 * the integers already seen. */
static double int_cost(const double *x)
{
    return fabs(x[0] - 37) + 0.01 * x[1];
}

static int int_near(const double *x)
{
    return fabs(x[0] - 37) <= 1;
}

static void tpe_moves_along_integers(void **state)
{
    struct search_space *sp;
    struct search *s = make("k: int(0, 60)\ny: uniform(0, 1)\n", SEARCH_TPE,
                            SEARCH_PRUNE_NONE, &sp);
    int hits = tpe_late_hits(s, 80, int_cost, int_near);
    print_message("k within 1 of 37: %d of the last 40 asks\n", hits);
    assert_true(hits >= 10);   /* random search: 3/61 of 40, about 2 */
    for (size_t i = 0; i < search_n_trials(s); i++)
        assert_true(search_trial(s, i)->x[0] == floor(search_trial(s, i)->x[0]));
    search_free(s);
    search_space_free(sp);
}

/* Runs 100 sequential TPE trials of fn for each of `seeds` seeds;
 * returns on how many seeds the best trial satisfied good. */
static int tpe_best_hits(const char *space, double (*fn)(const double *),
                         int (*good)(const double *), int seeds)
{
    int hits = 0;
    for (uint64_t seed = 1; seed <= (uint64_t)seeds; seed++) {
        struct search_options o;
        struct search_space *sp = parse_ok(space);
        struct search *s = NULL;
        struct err err = ERR_INIT;
        search_options_init(&o);
        o.seed = seed;
        assert_int_equal(search_create(sp, &o, &s, &err), 0);
        (void)tpe_late_hits(s, 100, fn, good);
        hits += good(search_best(s)->x);
        search_free(s);
        search_space_free(sp);
    }
    return hits;
}

/* Narrow ints with interior optima, one setting a float's optimum. */
static double narrow_cost(const double *x)
{
    return 0.06 * pow(x[0] - 4, 2) + 0.1 * pow(x[1] - 1, 2) +
           0.04 * pow(x[2] - 7, 2) + 3 * pow(x[3] - 0.08 * x[0], 2) +
           pow(x[4] - 0.5, 2);
}

static int narrow_best(const double *x)
{
    return x[0] == 4 && x[1] == 1 && x[2] == 7;
}

/* A kernel floored at half an integer's slice lets the good set settle
 * one integer off and stay (the best trial was off on 11 of these 20
 * seeds); floored at a whole slice, the neighbours are proposed often
 * enough to be found. */
static void tpe_settles_on_the_best_narrow_ints(void **state)
{
    int hits = tpe_best_hits("a: int(1, 6)\nb: int(0, 4)\nc: int(2, 9)\n"
                             "r: uniform(0, 1)\ns: uniform(-1, 1)\n",
                             narrow_cost, narrow_best, 20);
    print_message("best trial on a = 4, b = 1, c = 7: %d of 20 seeds\n",
                  hits);
    assert_true(hits >= 16);
}

/* Log ints from 1: their slices in unit space narrow as values grow. */
static double logint_cost(const double *x)
{
    return 0.3 * pow(log2(x[0] / 6), 2) + 0.5 * pow(log2(x[1] / 3), 2) +
           0.2 * pow(log2(x[2] / 90), 2) + pow(x[3] - 0.25, 2);
}

static int logint_best(const double *x)
{
    return x[0] == 6 && x[1] == 3 && fabs(log2(x[2] / 90)) < 0.15;
}

/* Each kernel is floored at its own integer's slice; a floor at the
 * widest slice (the lowest value's) blurs a log int's large values
 * (10 of these 20 seeds), and half of it settles off (15 of 20). */
static void tpe_settles_on_the_best_log_ints(void **state)
{
    int hits = tpe_best_hits("a: int(1, 128, log)\nc: int(1, 16, log)\n"
                             "b: int(2, 1000, log)\nz: uniform(0, 1)\n",
                             logint_cost, logint_best, 20);
    print_message("best trial on a = 6, c = 3, b in 81..99: %d of 20 "
                  "seeds\n", hits);
    assert_true(hits >= 17);
}

static void space_files_are_checked(void **state)
{
    struct search_space *sp = NULL;
    struct err err = ERR_INIT;
    assert_int_equal(search_space_load("/nonexistent/space", &sp, &err),
                     ERR_USER);
    assert_non_null(strstr(err.msg, "/nonexistent/space"));
    char path[] = "/tmp/steward-search-spaceXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "x: uniform(0, 1)\n\0y", 20), 20);
    close(fd);
    err_clear(&err);
    assert_int_equal(search_space_load(path, &sp, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "NUL"));
    unlink(path);
}

/* An agent's trial at x, ended by ASHA at step 1: its value, above every
 * other recorded at the rung, is never among the best third. */
static void add_pruned_at_step_1(struct search *s, double x, double value)
{
    size_t id;
    struct err err = ERR_INIT;
    assert_int_equal(search_add(s, &x, &id, &err), 0);
    assert_true(report(s, id, 1, value));
}

static void add_complete(struct search *s, double x, double value)
{
    size_t id;
    struct err err = ERR_INIT;
    assert_int_equal(search_add(s, &x, &id, &err), 0);
    assert_int_equal(search_tell(s, id, value, &err), 0);
}

static void tpe_under_asha_sizes_its_good_set_by_resource(void **state)
{
    /* Ten complete trials (27 units each) spread over [0, 1], loss = x,
     * and 200 trials cut at step 1 spread likewise: 470 units, 17.4
     * whole trials, so the good set is the best 2 (x = 0.05, 0.15), not
     * a tenth of 210 trials (21: all ten complete and 11 cut, spread
     * over the range). Asks then stay near the best two. */
    struct search_space *sp;
    struct search *s = make("x: uniform(0, 1)\n", SEARCH_TPE,
                            SEARCH_PRUNE_ASHA, &sp);
    size_t lead = ask(s), near = 0;
    assert_false(report(s, lead, 1, 0.0));
    for (int i = 0; i < 10; i++)
        add_complete(s, 0.05 + 0.1 * i, 0.05 + 0.1 * i);
    for (int j = 0; j < 200; j++)
        add_pruned_at_step_1(s, fmod(0.5 + 0.6180339887 * j, 1.0),
                             100.0 + j);
    for (int k = 0; k < 30; k++)
        near += search_trial(s, ask(s))->x[0] < 0.3;
    assert_true(near >= 24);
    search_free(s);
    search_space_free(sp);
}

static void agent_proposals_join_and_repeats_are_found(void **state)
{
    struct search_space *sp;
    struct search *s = make(full_space, SEARCH_TPE, SEARCH_PRUNE_NONE, &sp);
    struct err err = ERR_INIT;
    double x[8] = {1.0, 0.01, 2, 32, 1, 0.9, NAN, NAN};
    size_t id;
    assert_int_equal(search_add(s, x, &id, &err), 0);
    assert_true(search_trial(s, id)->external);
    assert_null(search_find_failed(s, x));
    assert_int_equal(search_tell_failed(s, id, &err), 0);
    assert_int_equal(search_find_failed(s, x)->id, id);
    x[0] = 1.5;
    assert_null(search_find_failed(s, x));
    x[5] = NAN;   /* momentum missing although opt == sgd */
    assert_int_equal(search_add(s, x, &id, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "momentum"));
    search_free(s);
    search_space_free(sp);
}

/* Twelve on/off choices; three pairs pay only together: each flag of a
 * pair alone costs, both together is the best. */
static const double pair_unary[12] = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
                                      0.3, -0.2, 0.25, -0.35, 0.15, -0.1};

static double pair_cost(const double *x)
{
    double v = 0;
    for (int i = 0; i < 6; i += 2)
        v -= 1.4 * (x[i] == 1 && x[i + 1] == 1);
    for (int i = 0; i < 12; i++)
        v += pair_unary[i] * x[i];
    return v;
}

static int pair_best(const double *x)
{
    for (int i = 0; i < 12; i++)
        if (x[i] != (i < 6 || pair_unary[i] < 0))
            return 0;
    return 1;
}

/* In a space of mostly choices, scoring each value on its own (the
 * choices' own model) and 64 candidates kept the search on the best
 * single-flag settings, off the pairs that pay together. Through the
 * bench (100 other seeds) the best was found on 59 of 100 seeds that
 * way, 74 with the joint kernel alone and 24 candidates, and 69 once
 * repeats were avoided too (within noise of 74); 20 seeds here were too
 * few to tell these apart, so 60. */
static void tpe_finds_choices_that_pay_together(void **state)
{
    char space[512] = "";
    for (int i = 0; i < 12; i++)
        snprintf(space + strlen(space), sizeof space - strlen(space),
                 "f%d: choice(off, on)\n", i);
    int hits = tpe_best_hits(space, pair_cost, pair_best, 60);
    print_message("best trial has the pairs and the rest right: %d of 60 "
                  "seeds\n", hits);
    assert_true(hits >= 38);   /* 40; at 59 of 100, 35 would be expected */
}

/* How many of the trials repeat an earlier trial's point exactly. */
static int repeats_in(const struct search *s, size_t dims)
{
    int n = 0;
    for (size_t i = 1; i < search_n_trials(s); i++)
        for (size_t j = 0; j < i; j++)
            if (!memcmp(search_trial(s, i)->x, search_trial(s, j)->x,
                        dims * sizeof(double))) {
                n++;
                break;
            }
    return n;
}

static const char *four_by_five =
    "c0: choice(v, w, x, y, z)\nc1: choice(v, w, x, y, z)\n"
    "c2: choice(v, w, x, y, z)\nc3: choice(v, w, x, y, z)\n";

/* Each choice on its own, plus observation noise when noise > 0 (a
 * fixed sequence, so the test is the same on every machine). */
static double five_cost(const double *x, double noise, int i)
{
    static const double t[5] = {0.4, 0.0, 0.7, 0.2, 0.9};
    return t[(int)x[0]] + t[(int)x[1]] + 0.5 * t[(int)x[2]] +
           0.5 * t[(int)x[3]] + noise * sin(12.9898 * i + 1.7);
}

static struct search *run_four_by_five(double noise,
                                       struct search_space **sp)
{
    struct search *s = make(four_by_five, SEARCH_TPE, SEARCH_PRUNE_NONE,
                            sp);
    struct err err = ERR_INIT;
    for (int i = 0; i < 100; i++) {
        size_t id = ask(s);
        double v = five_cost(search_trial(s, id)->x, noise, i);
        assert_int_equal(search_tell(s, id, v, &err), 0);
    }
    return s;
}

/* A deterministic objective answers a repeat with what it said before:
 * TPE proposed a tried point on 20 of these 100 asks. One repeat is
 * asked to find out, then no more. */
static void tpe_repeats_no_deterministic_run(void **state)
{
    struct search_space *sp;
    struct search *s = run_four_by_five(0, &sp);
    int r = repeats_in(s, 4);
    print_message("deterministic: %d of 100 asks repeat a point\n", r);
    assert_true(r <= 1);
    assert_true(search_best(s)->value < 1e-9);   /* v, w, w, w: 0 */
    search_free(s);
    search_space_free(sp);
}

/* Under noise a repeat is a replicate, which keeps one lucky draw from
 * being taken for the best: once two answers for one point differ,
 * repeats are asked again as TPE proposes them. */
static void tpe_repeats_points_of_a_noisy_run(void **state)
{
    struct search_space *sp;
    struct search *s = run_four_by_five(0.1, &sp);
    int r = repeats_in(s, 4);
    print_message("noisy: %d of 100 asks repeat a point\n", r);
    assert_true(r >= 5);
    search_free(s);
    search_space_free(sp);
}

/* Random draws (startup and the random sampler) and asks made while
 * others run cover a small space before repeating any point. */
static void asks_cover_a_small_space_first(void **state)
{
    for (int sampler = 0; sampler < 2; sampler++) {
        struct search_space *sp;
        struct search *s = make("a: choice(x, y)\nb: int(1, 3)\n"
                                "c: choice(p, q) if a == x\n",
                                sampler ? SEARCH_RANDOM : SEARCH_TPE,
                                SEARCH_PRUNE_NONE, &sp);
        for (int i = 0; i < 9; i++)          /* 6 + 3 points, all running */
            (void)ask(s);
        assert_int_equal(repeats_in(s, 3), 0);
        search_free(s);
        search_space_free(sp);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(space_parses_every_kind),
        cmocka_unit_test(space_errors_name_line_and_column),
        cmocka_unit_test(conditions_follow_their_parent),
        cmocka_unit_test(params_are_typed_and_round_trip),
        cmocka_unit_test(asha_keeps_the_top_third_at_each_rung),
        cmocka_unit_test(asha_respects_direction_and_divergence),
        cmocka_unit_test(asha_jumping_past_rungs_is_judged_at_each),
        cmocka_unit_test(asha_ranks_the_mean_since_the_last_rung),
        cmocka_unit_test(median_stops_trials_worse_than_the_median),
        cmocka_unit_test(steps_only_grow_and_nan_fails),
        cmocka_unit_test(grid_visits_every_point_once),
        cmocka_unit_test(saved_state_continues_identically),
        cmocka_unit_test(tpe_respects_bounds_types_and_conditions),
        cmocka_unit_test(tpe_steers_away_from_failures),
        cmocka_unit_test(tpe_learns_each_choice_on_its_own),
        cmocka_unit_test(tpe_under_asha_sizes_its_good_set_by_resource),
        cmocka_unit_test(tpe_moves_along_integers),
        cmocka_unit_test(tpe_settles_on_the_best_narrow_ints),
        cmocka_unit_test(tpe_settles_on_the_best_log_ints),
        cmocka_unit_test(tpe_finds_choices_that_pay_together),
        cmocka_unit_test(space_files_are_checked),
        cmocka_unit_test(agent_proposals_join_and_repeats_are_found),
        cmocka_unit_test(tpe_repeats_no_deterministic_run),
        cmocka_unit_test(tpe_repeats_points_of_a_noisy_run),
        cmocka_unit_test(asks_cover_a_small_space_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
