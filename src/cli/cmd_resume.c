/* cmd_resume — `steward resume [--campaign NAME] [--reason TEXT]`. */
#include "cli/util.h"

#include <getopt.h>
#include <stdio.h>

static const char usage[] =
    "usage: steward resume [--campaign NAME] [--reason TEXT]\n\n"
    "Lifts a halt so dispatch goes on. Only humans (owner, reviewer) may.\n";

int cmd_resume(int argc, char **argv)
{
    static const struct option opts[] = {
        {"campaign", required_argument, NULL, 'c'},
        {"reason", required_argument, NULL, 'r'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *campaign = NULL, *reason = "";
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'c') campaign = optarg;
        else if (c == 'r') reason = optarg;
        else if (c == 'j') json = 1;
        else if (c == 'h') return printf("%s", usage), 0;
        else return cli_usage(argv[0], "unknown option");
    }
    char scope[160];
    struct steward *s;
    struct err err = ERR_INIT;
    if (cli_scope(campaign, scope, sizeof scope, &err))
        return cli_fail(&err, json);
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    rc = steward_resume(s, scope, reason, &err);
    steward_close(s);
    if (rc)
        return cli_fail(&err, json);
    printf(json ? "{\"resumed\":\"%s\"}\n" : "resumed (%s)\n", scope);
    return 0;
}
