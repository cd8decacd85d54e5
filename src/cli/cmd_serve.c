/* cmd_serve — `steward serve`: the long-running dispatcher. */
#include "cli/commands.h"
#include "cli/util.h"

#include <stdio.h>

int cli_dispatch(int argc, char **argv, int once_default);

static const char usage[] =
    "usage: steward serve [--slots N]\n\n"
    "Runs steward's long-lived dispatcher: keeps watching for approved\n"
    "experiments and starts each in its sandbox under its own supervisor,\n"
    "and drives searching campaigns, until interrupted. A halt holds new\n"
    "work until 'steward resume' (serve waits; 'dispatch' exits 5).\n\n"
    "  --slots N   runs at once (default 2)\n";

int cmd_serve(int argc, char **argv)
{
    if (cli_wants_help(argc, argv))
        return printf("%s", usage), 0;
    return cli_dispatch(argc, argv, 0);
}
