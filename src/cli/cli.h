/*
 * cli — the command-line front end.
 *
 * One file per command (cmd_<name>.c), registered in the table in main.c;
 * the dispatcher is a loop over that table. A command receives argv with
 * argv[0] set to its own name, parses its own options (every command takes
 * --help and --json), calls the library and returns an exit status:
 *
 *   0 ok · 1 user error (bad input, unknown id) · 2 denied by policy ·
 *   3 internal error · 4 not allowed for this role · 5 conflict (illegal
 *   state change, halt in force) · 6 busy (database locked; retry)
 *
 * Errors go to stderr as one line "steward: <what>" — or, with --json, as
 * {"error": "...", "code": "..."} on stdout so scripts parse one stream.
 */
#ifndef STEWARD_CLI_CLI_H
#define STEWARD_CLI_CLI_H

#include <stdio.h>
#include "core/err.h"

struct cli_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
};

/* Reports err the way the CLI reports every failure and returns the exit
 * status for it. */
int cli_fail(const struct err *err, int json);

/* Reports a usage error for command `cmd` and returns 1. */
int cli_usage(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints a JSON value (steward's compact form) and a newline on stdout. */
struct json_t;
int cli_print_json(struct json_t *v);
int cli_print_json_to(FILE *out, struct json_t *v);

/* The scope of a halt or resume: "campaign:NAME", or "global" when
 * campaign is NULL. ERR_USER when the name does not fit (cut, it would
 * be another campaign's scope). */
int cli_scope(const char *campaign, char *out, size_t n, struct err *err)
    MUST_USE;

/* The command table, for `steward help`. */
const struct cli_command *cli_commands(void);

#endif
