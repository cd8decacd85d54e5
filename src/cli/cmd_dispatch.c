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
    "record the outcome).\n\n"
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

int cli_dispatch(int argc, char **argv, int once_default)
{
    static const struct option opts[] = {
        {"once", no_argument, NULL, 'o'},
        {"slots", required_argument, NULL, 's'},
        {"json", no_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct dispatch_opts o = {.once = once_default, .slots = 2,
                              .poll_ms = 200};
    struct err err = ERR_INIT;
    int json = 0, quiet = 0, c;
    int64_t slots = 2;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'o')
            o.once = 1;
        else if (c == 's' && parse_int64(optarg, "--slots", 1, 256, &slots,
                                         &err))
            return cli_fail(&err, json);
        else if (c == 'j')
            json = 1;
        else if (c == 'q')
            quiet = 1;
        else if (c == 'h')
            return printf("%s", usage), 0;
        else if (c != 's')
            return cli_usage(argv[0], "unknown option");
    }
    o.slots = (int)slots;
    struct progress_ctx progress = {json, NULL};
    o.progress = quiet ? NULL : progress_print;
    o.progress_ctx = &progress;
    struct steward *s;
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = cli_retention_auto(s, quiet, json);
    rc = rc ? rc : dispatch_run(s, &o, &err);
    json_decref(progress.campaigns);
    steward_close(s);
    return rc ? cli_fail(&err, json) : 0;
}

int cmd_dispatch(int argc, char **argv)
{
    return cli_dispatch(argc, argv, 0);
}
