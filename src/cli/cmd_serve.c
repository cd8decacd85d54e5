/* cmd_serve — `steward serve`: the server that owns the project's state. */
#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/util.h"
#include "core/parse.h"
#include "server/server.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: steward serve [--socket PATH] [--listen ADDR:PORT] [--slots N]\n"
    "                     [--tls-cert FILE --tls-key FILE] [--quiet]\n\n"
    "Owns the project's state while it runs: every other steward command\n"
    "(CLI, MCP, web) becomes its client and no other process opens\n"
    ".steward/. Each request's principal is decided here, from the peer's\n"
    "uid (see 'steward person') or the agent session it comes through\n"
    "('steward agent'), never from what the client claims. Also runs the\n"
    "dispatcher: approved work starts as soon as it is approved, searching\n"
    "campaigns are driven, and a halt holds new work until 'steward resume'\n"
    "(serve waits; 'dispatch' exits 5).\n\n"
    "  --socket PATH  where to listen (default <project>/.steward.sock;\n"
    "                 clients find it from $STEWARD_SOCKET or that place)\n"
    "  --listen A:P   also serve the same API over TCP (every request needs\n"
    "                 'Authorization: Bearer <token>') and the web page\n"
    "                 ('steward open'); loopback only unless TLS\n"
    "  --tls-cert FILE, --tls-key FILE\n"
    "                 PEM certificate and key: --listen speaks HTTPS\n"
    "  --slots N      runs at once (default 2)\n"
    "  --quiet        no progress lines on stderr\n";

/* The options into o: 0, or the exit status after usage or an error. */
static int parse_opts(int argc, char **argv, struct server_opts *o)
{
    static const struct option opts[] = {
        {"socket", required_argument, NULL, 'S'},
        {"listen", required_argument, NULL, 'l'},
        {"tls-cert", required_argument, NULL, 'C'},
        {"tls-key", required_argument, NULL, 'K'},
        {"slots", required_argument, NULL, 's'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct err err = ERR_INIT;
    int64_t slots = 2;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        if (c == 'S')
            o->socket = optarg;
        else if (c == 'l')
            o->listen = optarg;
        else if (c == 'C')
            o->tls_cert = optarg;
        else if (c == 'K')
            o->tls_key = optarg;
        else if (c == 's' && parse_int64(optarg, "--slots", 1, 256, &slots,
                                         &err))
            return cli_fail(&err, 0);
        else if (c == 'q')
            o->quiet = 1;
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

int cmd_serve(int argc, char **argv)
{
    struct server_opts o = {.slots = 2};
    struct progress_ctx progress = {0, NULL};
    struct err err = ERR_INIT;
    int rc = parse_opts(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    o.progress = o.quiet ? NULL : progress_print;
    o.progress_ctx = &progress;
    o.answer_read = cli_answer_read;
    const char *token = getenv("STEWARD_TOKEN");
    if (token && *token) {
        err_set(&err, ERR_USER, "the server acts as the uid that runs it; "
                "unset STEWARD_TOKEN (a long-running process must not keep a "
                "token in its environment, where every process of this user "
                "can read it)");
        return cli_fail(&err, 0);
    }
    struct steward *s;
    (void)dispatch_zygote_start();   /* before any thread or database */
    if ((rc = cli_open(&s, 0)))
        return dispatch_zygote_stop(), rc;
    rc = server_run(s, &o, &err);
    dispatch_zygote_stop();
    json_decref(progress.campaigns);
    steward_close(s);
    return rc ? cli_fail(&err, 0) : 0;
}
