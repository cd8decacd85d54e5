/* agent_int — what the agent's files share. */
#ifndef STEWARD_AGENT_INT_H
#define STEWARD_AGENT_INT_H

#include <termios.h>
#include <jansson.h>
#include "agent/agent.h"
#include "sandbox/sandbox.h"

/* termfilter.c: the agent's screen output minus what reaches past the
 * screen (clipboard writes, tmux passthrough). out has room for n + 16
 * bytes; returns how many it holds. */
struct term_filter {
    int state;
    char head[8];
    size_t nhead;
};
#define TERM_FILTER_SLACK 16
size_t term_filter(struct term_filter *f, const char *in, size_t n,
                   char *out);

struct tty {
    int master, slave;
    struct termios saved;
    int raw;            /* the human's terminal is in raw mode */
    int in_eof;
    struct term_filter screen;   /* on what goes to the human */
};

/* tty.c */
int tty_open(struct tty *t, struct err *err) MUST_USE;
/* Moves bytes both ways for up to timeout_ms; -1 when the agent's side
 * closed. */
int tty_relay(struct tty *t, int timeout_ms);
void tty_drain(struct tty *t);
void tty_close(struct tty *t);

/* spec.c: the agent's sandbox, from the server's session reply. */
struct agent_spec {
    struct sandbox_spec sb;
    char *hidden[72];
    char *readonly[4];
    char *set[AGENT_ENV_MAX + 4];
    char **env;
    char cwd[4096];
};
int agent_spec_build(struct agent_spec *a, const struct agent_opts *o,
                     const json_t *session, struct err *err) MUST_USE;
void agent_spec_release(struct agent_spec *a);

#endif
