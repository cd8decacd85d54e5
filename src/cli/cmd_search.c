/*
 * cmd_search — `steward search --stdio`: the search module's samplers and
 * pruners offered over JSON lines to a caller that runs trials itself
 * (contract: shared/contracts/search-stdio.md). Parses options and the
 * space file; the conversation lives in src/search/stdio.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/parse.h"
#include "search/search.h"

static void search_help(void)
{
    printf(
"usage: steward search --stdio --space FILE [--sampler tpe|random|grid]\n"
"         [--seed N] [--direction minimize|maximize] [--trials N]\n"
"         [--pruner none|asha|median] [--min-resource R] [--max-resource R]\n"
"         [--reduction-factor ETA] [--budget UNITS] [--parallel K]\n\n"
"Ask/tell search over JSON lines: steward proposes trials on stdout, the\n"
"caller runs them and answers on stdin. No .steward/ directory is needed.\n\n"
"  ← {\"ask\": {\"trial\": 0, \"params\": {\"x\": 0.3, \"opt\": \"adam\"}}}\n"
"  → {\"report\": {\"trial\": 0, \"step\": 1, \"value\": 2.7}}   intermediate\n"
"  ← {\"prune\": {\"trial\": 0, \"stop\": false}}              every report\n"
"  → {\"tell\": {\"trial\": 0, \"value\": 0.41}}                final value\n"
"  → {\"tell\": {\"trial\": 0, \"state\": \"failed\"}}            crashed\n"
"  ← {\"done\": {\"trials\": N, \"best\": {\"trial\", \"params\", \"value\"}}}\n\n"
"Params are typed: floats as numbers, int() as integers, choice() as the\n"
"string; a conditional parameter is absent when its condition fails.\n"
"'step' is the resource used so far and only grows. After stop: true the\n"
"trial is over. NaN or infinite values (\"nan\", \"inf\") mark a trial\n"
"failed; failed trials are never the best. A bad line is answered\n"
"{\"error\": \"...\"} and the conversation goes on.\n\n"
"The space file, one parameter per line, # comments:\n"
"  x0: uniform(-5, 10)\n"
"  lr: loguniform(1e-5, 1)\n"
"  layers: int(1, 8)\n"
"  batch: int(16, 256, log)\n"
"  opt: choice(adam, sgd, rmsprop)\n"
"  momentum: uniform(0, 0.99) if opt == sgd     (also !=, <, <=, >, >=)\n\n"
"options:\n"
"  --stdio               talk the protocol on stdin/stdout (required)\n"
"  --space FILE          the search space (errors name FILE:LINE:COLUMN)\n"
"  --sampler S           tpe (default; multivariate TPE), random, grid\n"
"  --seed N              PRNG seed (default 0); same seed, same answers:\n"
"                        same asks\n"
"  --direction D         minimize (default) or maximize\n"
"  --trials N            stop after N completed-or-pruned trials (default:\n"
"                        until stdin closes)\n"
"  --pruner P            none (default), asha, median\n"
"  --min-resource R      first ASHA rung; median warm-up (default 1)\n"
"  --max-resource R      resource of a full trial (default 100)\n"
"  --reduction-factor E  ASHA's eta: rungs at R*E^k, top 1/E go on\n"
"                        (default 3)\n"
"  --budget UNITS        stop once reported resource reaches UNITS; a trial\n"
"                        spends its last step, or --max-resource if told\n"
"                        without reports\n"
"  --parallel K          keep up to K asks outstanding (default 1); answers\n"
"                        may come in any order\n"
"  --n-startup N         TPE: random trials before modelling (default 10)\n"
"  --candidates N        TPE: candidates scored per ask (default 64, or\n"
"                        24 when 3/4 of the parameters are choices)\n"
"  --grid-points N       grid: points per continuous parameter (default:\n"
"                        enough to cover --trials, else 5)\n\n"
"Ends with {\"done\": ...} after --trials, --budget, the end of a grid, or\n"
"the end of input. Exit status: 0 after done, 1 for bad options or space\n"
"files, 3 when writing fails. See docs/search.md.\n");
}

enum { OPT_SPACE = 256, OPT_SAMPLER, OPT_SEED, OPT_DIRECTION, OPT_TRIALS,
       OPT_PRUNER, OPT_MINR, OPT_MAXR, OPT_ETA, OPT_BUDGET, OPT_PARALLEL,
       OPT_STARTUP, OPT_CAND, OPT_GRID, OPT_STDIO, OPT_JSON, OPT_HELP };

static const struct option search_options_long[] = {
    {"space", required_argument, NULL, OPT_SPACE},
    {"sampler", required_argument, NULL, OPT_SAMPLER},
    {"seed", required_argument, NULL, OPT_SEED},
    {"direction", required_argument, NULL, OPT_DIRECTION},
    {"trials", required_argument, NULL, OPT_TRIALS},
    {"pruner", required_argument, NULL, OPT_PRUNER},
    {"min-resource", required_argument, NULL, OPT_MINR},
    {"max-resource", required_argument, NULL, OPT_MAXR},
    {"reduction-factor", required_argument, NULL, OPT_ETA},
    {"budget", required_argument, NULL, OPT_BUDGET},
    {"parallel", required_argument, NULL, OPT_PARALLEL},
    {"n-startup", required_argument, NULL, OPT_STARTUP},
    {"candidates", required_argument, NULL, OPT_CAND},
    {"grid-points", required_argument, NULL, OPT_GRID},
    {"stdio", no_argument, NULL, OPT_STDIO},
    {"json", no_argument, NULL, OPT_JSON},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

struct search_args {
    const char *space;
    int stdio, json, help, grid_auto;
    struct search_options opt;
    struct search_stdio_options io;
};

static int pick(const char *arg, const char *const *names, int n, int *out)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(arg, names[i])) {
            *out = i;
            return 0;
        }
    return -1;
}

static int parse_count(const char *arg, const char *what, int64_t min,
                       size_t *out, struct err *err)
{
    int64_t v;
    if (parse_int64(arg, what, min, SEARCH_TRIALS_MAX, &v, err))
        return ERR_USER;
    *out = (size_t)v;
    return 0;
}

static int parse_enum_opt(int c, const char *arg, struct search_args *a,
                          struct err *err)
{
    static const char *const samplers[] = {"tpe", "random", "grid"};
    static const char *const pruners[] = {"none", "asha", "median"};
    static const char *const dirs[] = {"minimize", "maximize"};
    int v;
    if (c == OPT_SAMPLER && !pick(arg, samplers, 3, &v))
        a->opt.sampler = (enum search_sampler)v;
    else if (c == OPT_PRUNER && !pick(arg, pruners, 3, &v))
        a->opt.pruner = (enum search_pruner)v;
    else if (c == OPT_DIRECTION && !pick(arg, dirs, 2, &v))
        a->opt.maximize = v;
    else
        return err_set(err, ERR_USER, "--%s: unknown value '%s'",
                       c == OPT_SAMPLER ? "sampler (tpe, random, grid)"
                       : c == OPT_PRUNER ? "pruner (none, asha, median)"
                                         : "direction (minimize, maximize)",
                       arg);
    return 0;
}

static int parse_opt(int c, const char *arg, struct search_args *a,
                     struct err *err)
{
    int64_t seed;
    switch (c) {
    case OPT_SPACE: a->space = arg; return 0;
    case OPT_SAMPLER: case OPT_PRUNER: case OPT_DIRECTION:
        return parse_enum_opt(c, arg, a, err);
    case OPT_SEED:
        if (parse_int64(arg, "--seed", 0, INT64_MAX, &seed, err))
            return ERR_USER;
        a->opt.seed = (uint64_t)seed;
        return 0;
    case OPT_TRIALS: return parse_count(arg, "--trials", 1, &a->io.trials, err);
    case OPT_MINR: return parse_double(arg, "--min-resource",
                                       &a->opt.min_resource, err);
    case OPT_MAXR: return parse_double(arg, "--max-resource",
                                       &a->opt.max_resource, err);
    case OPT_ETA: return parse_double(arg, "--reduction-factor", &a->opt.eta,
                                      err);
    case OPT_BUDGET: return parse_double(arg, "--budget", &a->io.budget, err);
    case OPT_PARALLEL: return parse_count(arg, "--parallel", 1,
                                          &a->io.parallel, err);
    case OPT_STARTUP: return parse_count(arg, "--n-startup", 0,
                                         &a->opt.n_startup, err);
    case OPT_CAND: return parse_count(arg, "--candidates", 1,
                                      &a->opt.n_candidates, err);
    case OPT_GRID: a->grid_auto = 0;
        return parse_count(arg, "--grid-points", 1, &a->opt.grid_points, err);
    case OPT_STDIO: a->stdio = 1; return 0;
    case OPT_JSON: a->json = 1; return 0;
    case OPT_HELP: a->help = 1; return 0;
    }
    return err_set(err, ERR_USER, "unknown option");
}

static int parse_args(int argc, char **argv, struct search_args *a,
                      struct err *err)
{
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", search_options_long, NULL)) != -1)
        if (c == '?' || c == ':')
            return err_set(err, ERR_USER, "unknown option or missing value: "
                           "%s", argv[optind - 1]);
        else if (parse_opt(c, optarg, a, err))
            return ERR_USER;
    if (optind < argc)
        return err_set(err, ERR_USER, "unexpected argument '%s'",
                       argv[optind]);
    if (a->help)
        return 0;
    if (!a->stdio)
        return err_set(err, ERR_USER, "--stdio is required (campaigns run "
                       "searches with 'steward campaign')");
    if (!a->space)
        return err_set(err, ERR_USER, "--space FILE is required");
    if (a->io.budget < 0)
        return err_set(err, ERR_USER, "--budget must be >= 0");
    return search_options_check(&a->opt, err);
}

int cmd_search(int argc, char **argv)
{
    struct err err = ERR_INIT;
    struct search_args a = {.grid_auto = 1, .io = {.parallel = 1}};
    search_options_init(&a.opt);
    if (parse_args(argc, argv, &a, &err))
        return cli_usage(argv[0], "%s", err.msg);
    if (a.help) {
        search_help();
        return 0;
    }
    struct search_space *space = NULL;
    struct search *s = NULL;
    if (search_space_load(a.space, &space, &err))
        return cli_fail(&err, a.json);
    if (a.grid_auto)
        a.opt.grid_points = a.io.trials
            ? search_grid_points_for(space, a.io.trials) : 5;
    int rc = search_create(space, &a.opt, &s, &err);
    if (!rc)
        rc = search_stdio_run(s, &a.io, stdin, stdout, &err);
    search_free(s);
    search_space_free(space);
    return rc ? cli_fail(&err, a.json) : 0;
}
