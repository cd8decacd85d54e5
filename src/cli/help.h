/*
 * help — what a newcomer reaches for first: `--version`, `help CMD`,
 * "did you mean" for a mistyped command, and the man page. Everything here
 * is derived from the command table (cli_commands()) and from each
 * command's own --help text, so a command added to commands.h shows up
 * in help, the man page and the shell completions without further edits.
 */
#ifndef STEWARD_CLI_HELP_H
#define STEWARD_CLI_HELP_H

#include <stddef.h>
#include "cli/cli.h"

/* 1 when argv[1] is one of the entry points help_main handles:
 * --version, -V, `help CMD`, the hidden `__man`. */
int help_handles(int argc, char **argv);
int help_main(int argc, char **argv);

/* Reports a word that is no command, with the nearest commands, and
 * returns the exit status (1). */
int help_unknown(const char *word);

/* The edit distance (insert, delete, substitute, swap two neighbours)
 * between a and b, capped at cap + 1 so long words cost little. */
int help_distance(const char *a, const char *b, int cap);

/* Runs `steward CMD --help` in a child and captures what it prints into
 * out (NUL-terminated, truncated to n - 1). Returns 0, or -1 when the
 * child could not run. */
int help_capture(const struct cli_command *c, char *out, size_t n);

/* The version from the CMake project (STEWARD_VERSION). */
const char *help_version(void);

#endif
