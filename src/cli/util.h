/* util — helpers shared by the CLI commands. */
#ifndef STEWARD_CLI_UTIL_H
#define STEWARD_CLI_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include "api/api.h"
#include "cli/cli.h"

int cli_parse_id(const char *text, int64_t *id, struct err *err) MUST_USE;

/* Opens the project; on failure reports and returns the exit status. */
int cli_open(struct steward **s, int json);

/* 1 when --help or -h appears before "--". */
int cli_wants_help(int argc, char **argv);

/* Parses only --json and --help. Returns the index of the first operand,
 * -1 after printing usage (exit 0), -2 on a bad option (exit 1). */
int cli_simple_opts(int argc, char **argv, int *json, const char *usage);

/* For a command with only --json and --help that reads the project:
 * parses, then opens it. -1 when the caller goes on with *s open; else
 * the exit status to return now (after usage, or an error said). */
int cli_simple_start(int argc, char **argv, const char *usage, int *json,
                     struct steward **s);

/* A subcommand of a command that works on the project ("token create"):
 * run(s, argc, argv, json) with argv[0] the subcommand's name. */
struct cli_sub {
    const char *name;
    int (*run)(struct steward *s, int argc, char **argv, int json);
};

/* Finds argv[1] in subs (NULL-terminated), opens the project and runs it:
 * one table instead of a strcmp chain. Prints usage for --help or no
 * subcommand. Returns the exit status. */
int cli_run_sub(int argc, char **argv, const struct cli_sub *subs,
                const char *usage);

/* "850ms", "12.3s", "4m05s". */
void cli_ms_duration(int64_t ms, char *out, size_t n);

/* Prints a banner for every halt in force. */
void cli_print_halts(struct steward *s, FILE *out);

#endif
