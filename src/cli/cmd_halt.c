/* cmd_halt — `steward halt [--campaign NAME] [--kill] --reason TEXT`. */
#include "cli/util.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: steward halt [--campaign NAME] [--kill] --reason TEXT\n\n"
    "Stops dispatch at once, globally or for one campaign: nothing new\n"
    "starts until a human runs 'steward resume'. With --kill, queued\n"
    "experiments in scope are cancelled and running ones stopped too\n"
    "(SIGTERM, then SIGKILL; they end `killed`). Agents may not halt or\n"
    "resume.\n";

int cli_scope(const char *campaign, char *out, size_t n, struct err *err)
{
    int w = campaign ? snprintf(out, n, "campaign:%s", campaign)
                     : snprintf(out, n, "global");
    if (w >= 0 && (size_t)w < n)
        return 0;
    return err_set(err, ERR_USER, "campaign name '%.40s...' is %zu bytes; "
                   "campaign names are at most 64", campaign,
                   strlen(campaign));
}

int cmd_halt(int argc, char **argv)
{
    static const struct option opts[] = {
        {"campaign", required_argument, NULL, 'c'},
        {"kill", no_argument, NULL, 'k'},
        {"reason", required_argument, NULL, 'r'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *campaign = NULL, *reason = NULL;
    int json = 0, kill = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'c') campaign = optarg;
        else if (c == 'k') kill = 1;
        else if (c == 'r') reason = optarg;
        else if (c == 'j') json = 1;
        else if (c == 'h') return printf("%s", usage), 0;
        else return cli_usage(argv[0], "unknown option");
    }
    if (!reason || !*reason)
        return cli_usage(argv[0], "say why with --reason \"...\"");
    char scope[160];
    struct steward *s;
    struct err err = ERR_INIT;
    if (cli_scope(campaign, scope, sizeof scope, &err))
        return cli_fail(&err, json);
    int rc = cli_open(&s, json);
    if (rc)
        return rc;
    int stopped = 0;
    rc = kill ? steward_halt_kill(s, scope, reason, &stopped, &err)
              : steward_halt(s, scope, reason, &err);
    steward_close(s);
    if (rc)
        return cli_fail(&err, json);
    printf(json ? "{\"halted\":\"%s\",\"stopped\":%d}\n"
                : "HALTED (%s): dispatch stopped; %d running experiment(s) "
                  "asked to stop\n", scope, stopped);
    return 0;
}
