/* cmd_agent — `steward agent [options] -- COMMAND`: an agent, confined. */
#include "agent/agent.h"
#include "cli/util.h"
#include "client/client.h"
#include "core/parse.h"

#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: steward agent [--name NAME] [--cpus N] [--mem SIZE] [--network]\n"
    "                     [--env NAME]... [--uid UID] -- COMMAND [ARGS...]\n\n"
    "Runs an AI agent (a coding assistant, a research loop) confined, so\n"
    "that it can ask steward for compute but never decide: it sees and may\n"
    "edit the project's files, not .steward/, the humans' socket, the\n"
    "policy's secrets or your home; it cannot see or signal any other\n"
    "process; it has no GPU and no network unless --network. Its one way to\n"
    "steward is its own socket ($STEWARD_SOCKET inside), on which it is\n"
    "agent:NAME whatever it sends, so 'steward propose' works and 'steward\n"
    "approve' is refused. .git/hooks and .git/config are read-only inside.\n"
    "Needs a running 'steward serve'; the session's start and end are in\n"
    "the ledger. A terminal gets a pseudo-terminal of its own, relayed\n"
    "(clipboard writes and tmux passthrough are dropped).\n\n"
    "  --name NAME   session name (default: the command's name)\n"
    "  --cpus N      CPU limit in cores      --mem SIZE  memory limit\n"
    "  --network     egress to the world (the agent's model API), never\n"
    "                the host's own services\n"
    "  --env NAME    pass this one variable of yours (e.g. an API key)\n"
    "  --uid UID     when run as root: the uid the agent runs as (65534);\n"
    "                the project is bound idmapped, so what it writes stays\n"
    "                the project owner's\n";

struct agent_cli {
    struct agent_opts o;
    int nenv;
};

static int one_opt(struct agent_cli *a, int c, struct err *err)
{
    int64_t v;
    switch (c) {
    case 'n': a->o.name = optarg; return 0;
    case 'c': return parse_double(optarg, "--cpus", &a->o.cpus, err);
    case 'm': return parse_size(optarg, "--mem", &a->o.mem_bytes, err);
    case 'N': a->o.network = 1; return 0;
    case 'u':
        if (parse_int64(optarg, "--uid", 1, 0x7fffffff, &v, err))
            return err->code;
        a->o.uid = v;
        return 0;
    case 'e':
        if (a->nenv >= AGENT_ENV_MAX)
            return err_set(err, ERR_USER, "at most %d --env", AGENT_ENV_MAX);
        a->o.env[a->nenv++] = optarg;
        return 0;
    default:
        return err_set(err, ERR_USER, "unknown option; see 'steward agent "
                       "--help'");
    }
}

static int parse(struct agent_cli *a, int argc, char **argv, struct err *err)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},
        {"cpus", required_argument, NULL, 'c'},
        {"mem", required_argument, NULL, 'm'},
        {"network", no_argument, NULL, 'N'},
        {"env", required_argument, NULL, 'e'},
        {"uid", required_argument, NULL, 'u'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1)
        if (one_opt(a, c, err))
            return err->code;
    if (optind >= argc)
        return err_set(err, ERR_USER, "no command: steward agent [options] "
                       "-- COMMAND");
    a->o.argv = argv + optind;
    if (!a->o.name)
        a->o.name = basename(argv[optind]);
    return 0;
}

int cmd_agent(int argc, char **argv)
{
    struct agent_cli a;
    struct err err = ERR_INIT;
    char socket[4096];
    memset(&a, 0, sizeof a);
    if (argc < 2 || cli_wants_help(argc, argv))
        return printf("%s", usage), argc < 2;
    if (parse(&a, argc, argv, &err))
        return cli_fail(&err, 0);
    int found = client_find(socket, sizeof socket, &err);
    if (found <= 0) {
        if (!found)
            err_set(&err, ERR_USER, "'steward agent' needs a running 'steward "
                    "serve' for this project: start it first");
        return cli_fail(&err, 0);
    }
    int rc = agent_run(socket, &a.o, &err);
    return rc < 0 ? cli_fail(&err, 0) : rc;
}
