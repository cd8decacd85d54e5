/* cmd_cancel — `steward cancel ID --reason TEXT`. */
#include "cli/util.h"

#include <getopt.h>
#include <stdio.h>

static const char usage[] =
    "usage: steward cancel ID [--reason TEXT] [--json]\n\n"
    "Cancels an approved or queued experiment, or stops a running one (its\n"
    "processes get SIGTERM, then SIGKILL; the run ends `killed`).\n";

int cmd_cancel(int argc, char **argv)
{
    static const struct option opts[] = {
        {"reason", required_argument, NULL, 'r'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *reason = "";
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'r')
            reason = optarg;
        else if (c == 'j')
            json = 1;
        else if (c == 'h')
            return printf("%s", usage), 0;
        else
            return cli_usage(argv[0], "unknown option");
    }
    if (argc - optind != 1)
        return cli_usage(argv[0], "expected one experiment id");
    struct err err = ERR_INIT;
    struct steward *s;
    int64_t id;
    if (cli_parse_id(argv[optind], &id, &err))
        return cli_fail(&err, json);
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = steward_cancel(s, id, reason, &err);
    steward_close(s);
    if (rc)
        return cli_fail(&err, json);
    printf(json ? "{\"cancelled\":%lld}\n" : "experiment %lld: cancel "
           "requested\n", (long long)id);
    return 0;
}
