/* cmd_dispatch — `steward dispatch [--once]`: runs approved work. */
#include "api/retention.h"
#include "cli/progress.h"
#include "cli/util.h"
#include "core/parse.h"
#include "dispatch/dispatch.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: steward dispatch [--once] [--slots N]\n\n"
    "Runs approved experiments, each in its sandbox under its own\n"
    "supervisor. With --once, returns when nothing approved is left and\n"
    "every run it started has ended; without, keeps watching for work\n"
    "until interrupted (runs already started go on: their supervisors\n"
    "record the outcome). While a global halt is in force it exits 5 at\n"
    "once with the halt's reason.\n\n"
    "  --slots N   runs at once (default 2)\n"
    "  --quiet     no line as each run starts and ends\n"
    "  --json      those lines as JSON objects\n";

/* The policy's retention rule, applied once as dispatch starts. */
static int cli_retention_auto(struct steward *s, int quiet, int json)
{
    struct err err = ERR_INIT;
    json_t *rep = NULL;
    if (steward_retention_auto(s, &rep, &err))
        return cli_fail(&err, json);
    if (rep && !quiet && !json && json_array_size(json_object_get(rep,
                                                                  "runs")))
        printf("retention: removed the logs of %zu old run(s)\n",
               json_array_size(json_object_get(rep, "runs")));
    json_decref(rep);
    return 0;
}

/* A global halt in force: dispatch has nothing it may do; say so and
 * exit 5 (README: conflict or halted) rather than wait or exit 0. */
static int refuse_halted(struct steward *s, int json)
{
    struct err err = ERR_INIT;
    json_t *halts = NULL;
    size_t i;
    json_t *h;
    if (steward_halts(s, &halts, &err))
        return cli_fail(&err, json);
    json_array_foreach(halts, i, h)
        if (!strcmp(json_string_value(json_object_get(h, "scope")),
                    "global")) {
            err_set(&err, ERR_CONFLICT, "dispatch is halted (global): %s "
                    "(by %s); 'steward resume' lifts the halt",
                    json_string_value(json_object_get(h, "reason")),
                    json_string_value(json_object_get(h, "by")));
            break;
        }
    json_decref(halts);
    return err.code ? cli_fail(&err, json) : 0;
}

static int dispatch_main(int argc, char **argv, int once_default,
                         int halted_exits);

int cli_dispatch(int argc, char **argv, int once_default)
{
    return dispatch_main(argc, argv, once_default, 0);
}

/* Options into o; -1 after printing usage (exit 0), else an exit status
 * (0: go on). */
static int parse_opts(int argc, char **argv, struct dispatch_opts *o,
                      int *json, int *quiet)
{
    static const struct option opts[] = {
        {"once", no_argument, NULL, 'o'},
        {"slots", required_argument, NULL, 's'},
        {"json", no_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct err err = ERR_INIT;
    int64_t slots = 2;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'o')
            o->once = 1;
        else if (c == 's' && parse_int64(optarg, "--slots", 1, 256, &slots,
                                         &err))
            return cli_fail(&err, *json);
        else if (c == 'j')
            *json = 1;
        else if (c == 'q')
            *quiet = 1;
        else if (c == 'h')
            return printf("%s", usage), -1;
        else if (c != 's')
            return cli_usage(argv[0], "unknown option");
    }
    if (optind < argc)
        return cli_usage(argv[0], "unexpected argument '%s'", argv[optind]);
    o->slots = (int)slots;
    return 0;
}

static int dispatch_main(int argc, char **argv, int once_default,
                         int halted_exits)
{
    struct dispatch_opts o = {.once = once_default, .slots = 2,
                              .poll_ms = 200};
    struct err err = ERR_INIT;
    struct steward *s;
    int json = 0, quiet = 0, rc = parse_opts(argc, argv, &o, &json, &quiet);
    if (rc)
        return rc < 0 ? 0 : rc;
    struct progress_ctx progress = {json, NULL};
    o.progress = quiet ? NULL : progress_print;
    o.progress_ctx = &progress;
    (void)dispatch_zygote_start();   /* before the database is open */
    if ((rc = cli_open(&s, json)))
        return dispatch_zygote_stop(), rc;
    if (halted_exits && (rc = refuse_halted(s, json))) {
        steward_close(s);
        dispatch_zygote_stop();
        return rc;
    }
    rc = cli_retention_auto(s, quiet, json);
    rc = rc ? rc : dispatch_run(s, &o, &err);
    json_decref(progress.campaigns);
    steward_close(s);
    dispatch_zygote_stop();
    return rc ? cli_fail(&err, json) : 0;
}

int cmd_dispatch(int argc, char **argv)
{
    return dispatch_main(argc, argv, 0, 1);
}
