/* render — human-readable views of experiments for the terminal. */
#ifndef STEWARD_CLI_RENDER_H
#define STEWARD_CLI_RENDER_H

#include <stdio.h>
#include <jansson.h>

/* A review card: who, why, what, how much, and why it needs a human. */
void render_card(const json_t *exp, FILE *out);
/* The code diff of a card (exp's "code_diff"): at most max_lines lines,
 * all of it when max_lines < 0. */
void render_code_diff(const json_t *exp, int max_lines, FILE *out);
/* One line: id, state, name, proposer, command. */
void render_line(const json_t *exp, FILE *out);
/* The run: state, exit, duration, resource use, enforcement. */
void render_status(const json_t *exp, const json_t *metrics, FILE *out);
/* The command as one shell-like string. */
void render_argv(const json_t *argv, char *out, size_t n);

#endif
