/*
 * main — steward's entry point: finds the command in the table and runs it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api/principal.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/util.h"
#include "client/client.h"
#include "cli/help.h"
#include "core/json.h"
#include "core/ttysafe.h"
#include "dispatch/dispatch.h"
#include "server/server.h"
#include "server/wire.h"
#include "web/web.h"

static const struct cli_command commands[] = {
#define X(name, summary) {#name, summary, cmd_##name},
    STEWARD_COMMANDS(X)
#undef X
    {NULL, NULL, NULL},
};

const struct cli_command *cli_commands(void)
{
    return commands;
}

int cli_fail(const struct err *err, int json)
{
    if (json) {
        json_t *o = json_pack("{s:s,s:s}", "error", err->msg, "code",
                              err_code_name(err->code));
        (void)cli_print_json(o);
        json_decref(o);
    } else {
        fprintf(stderr, "steward: %s\n", err->msg);
    }
    return err_exit_status(err->code);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "steward %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see 'steward %s --help')\n", cmd);
    return 1;
}

int cli_print_json_to(FILE *out, json_t *v)
{
    char *s = json_dump_compact(v);
    if (!s)
        return -1;
    fprintf(out, "%s\n", s);
    free(s);
    return 0;
}

int cli_print_json(json_t *v)
{
    return cli_print_json_to(stdout, v);
}

static void print_help(FILE *out)
{
    fprintf(out, "usage: steward <command> [options]\n\n"
                 "steward is the control plane between AI agents and compute:\n"
                 "agents propose, policy decides, humans review, runs are "
                 "sandboxed.\n\ncommands:\n");
    for (const struct cli_command *c = commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fprintf(out, "\n'steward help <command>' describes each command; "
                 "'steward --version'\nprints the version.\n"
                 "exit status: 0 ok, 1 user error, 2 denied by policy, "
                 "3 internal error,\n4 not allowed for role, 5 conflict or "
                 "halted, 6 database busy.\n");
}

/* The internal entry point of a run's supervisor (see dispatch.h): its
 * socket to the dispatcher must be there. */
static int supervise_entry(int argc, char **argv)
{
    int type = 0;
    socklen_t len = sizeof type;
    if (argc != 3 || getsockopt(DISPATCH_CHANNEL_FD, SOL_SOCKET, SO_TYPE,
                                &type, &len)) {
        fprintf(stderr, "steward: %s is internal to the dispatcher\n",
                DISPATCH_SUPERVISE_CMD);
        return 1;
    }
    return supervise_run(argv[2], DISPATCH_CHANNEL_FD);
}

static const struct cli_command *find_command(const char *name)
{
    for (const struct cli_command *c = commands; c->name; c++)
        if (!strcmp(c->name, name))
            return c;
    return NULL;
}

/* A command as the server's request child runs it: one of the table, or
 * one internal to the protocol. */
static int run_served(int argc, char **argv)
{
    if (!strcmp(argv[0], "__upload"))
        return cmd_internal_upload(argc, argv);
    if (!strcmp(argv[0], "__uploaded"))
        return cmd_internal_uploaded(argc, argv);
    if (!strcmp(argv[0], WEB_PAGE_CMD))   /* the web page, as this person */
        return web_page(argc, argv, run_served);
    const struct cli_command *c = find_command(argv[0]);
    if (!c) {
        fprintf(stderr, "steward: '%s' is not a command\n", argv[0]);
        return 1;
    }
    return c->run(argc, argv);
}

/* Commands that never touch a project's state, or that must run where the
 * caller is (init creates the state, serve owns it, agent confines its
 * command in the caller's terminal): never sent to a server. report asks
 * the server itself and writes its files here (cmd_report.c). */
static int runs_locally(const char *cmd)
{
    static const char *const local[] = {"init", "serve", "agent", "stats",
                                        "search", "mcp", "report", "open",
                                        NULL};
    for (size_t i = 0; local[i]; i++)
        if (!strcmp(cmd, local[i]))
            return 1;
    return 0;
}

/* While a server runs for the project, the command is its to run. Returns
 * -1 when the command is to run here. */
static int via_server(const struct cli_command *c, int argc, char **argv)
{
    char socket[4096];
    struct err err = ERR_INIT;
    if (runs_locally(c->name) || principal_imposed() ||
        cli_wants_help(argc, argv))
        return -1;
    int found = client_find(socket, sizeof socket, &err);
    if (found < 0)
        return fprintf(stderr, "steward: %s\n", err.msg), 3;
    if (!found)
        return -1;
    int rc = artifacts_get_through(socket, argc, argv);
    return rc >= 0 ? rc : client_exec(socket, argc, argv);
}

/* Agents and experiment code write much of what the CLI prints: on a
 * terminal, their control characters are shown, never obeyed. */
static void guard_terminal(void)
{
    FILE *f;
    if ((f = ttysafe_fdopen(STDOUT_FILENO)))
        stdout = f;
    if ((f = ttysafe_fdopen(STDERR_FILENO)))
        stderr = f;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], DISPATCH_SUPERVISE_CMD))
        return supervise_entry(argc, argv);
    if (argc == 2 && !strcmp(argv[1], WIRE_EXEC_CMD))
        return server_exec_child(run_served);
    guard_terminal();
    if (help_handles(argc, argv))
        return help_main(argc, argv);
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        print_help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    const struct cli_command *c = find_command(argv[1]);
    if (c) {
        int rc = via_server(c, argc - 1, argv + 1);
        return rc >= 0 ? rc : c->run(argc - 1, argv + 1);
    }
    return help_unknown(argv[1]);
}
