/*
 * main — steward's entry point: finds the command in the table and runs it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/help.h"
#include "core/json.h"
#include "dispatch/dispatch.h"

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

int cli_print_json(json_t *v)
{
    char *s = json_dump_compact(v);
    if (!s)
        return -1;
    printf("%s\n", s);
    free(s);
    return 0;
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

/* The internal entry point of a run's supervisor (see dispatch.h). */
static int supervise_entry(int argc, char **argv)
{
    char *end;
    long long run = argc == 4 ? strtoll(argv[3], &end, 10) : 0;
    if (argc != 4 || *end || run <= 0) {
        fprintf(stderr, "steward: %s is internal to the dispatcher\n",
                DISPATCH_SUPERVISE_CMD);
        return 1;
    }
    return supervise_run(argv[2], run);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], DISPATCH_SUPERVISE_CMD))
        return supervise_entry(argc, argv);
    if (help_handles(argc, argv))
        return help_main(argc, argv);
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        print_help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    for (const struct cli_command *c = commands; c->name; c++)
        if (!strcmp(c->name, argv[1]))
            return c->run(argc - 1, argv + 1);
    return help_unknown(argv[1]);
}
