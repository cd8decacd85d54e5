/* cmd_mcp — `steward mcp`: the Model Context Protocol server for agents. */
#include "cli/cli.h"
#include "mcp/mcp.h"

#include <getopt.h>
#include <stdio.h>

static const char usage[] =
    "usage: steward mcp [--token-file FILE]\n\n"
    "Serves the Model Context Protocol on stdin/stdout, for an agent's MCP\n"
    "client: propose, wait, read digests and metrics, compare. Each tool is\n"
    "a command run on the project's server (start 'steward serve' first),\n"
    "so policy, budgets and halts apply as to any agent; no tool approves.\n\n"
    "Identity: inside 'steward agent --name NAME -- steward mcp' the agent\n"
    "is agent:NAME. Elsewhere --token-file FILE (mode 0600) holds a token\n"
    "of the agent role ('steward token create --role agent --name NAME'):\n"
    "attribution, not confinement. See docs/agents.md.\n";

int cmd_mcp(int argc, char **argv)
{
    static const struct option opts[] = {
        {"token-file", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *token_file = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h')
            return printf("%s", usage), 0;
        if (c != 't')
            return cli_usage(argv[0], "unknown option");
        token_file = optarg;
    }
    if (optind < argc)
        return cli_usage(argv[0], "takes no operands");
    return mcp_serve(token_file);
}
