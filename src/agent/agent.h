/*
 * agent — `steward agent -- COMMAND`: an AI agent confined, so that on a
 * single-user machine the kernel keeps it from what makes a human a human.
 *
 * The agent runs in steward's own sandbox (sandbox.h): it sees and may
 * edit the project's files, but not .steward/, not the humans' socket
 * (a peer in a user namespace shows the human's uid, so reaching it would
 * make the agent the owner), not the other agents' sockets, not the
 * policy's secrets, not the human's home; its own PID namespace (it cannot
 * see, signal, trace or read the environment of any host process); no GPU
 * device nodes; CPU and memory limits; no network unless granted. Exactly
 * one way to steward is bound in: its session's socket, on which the
 * server treats every request as agent:NAME. Files a human later runs
 * outside (.git/hooks, .git/config) are read-only inside.
 *
 * A human starts it (through the server, which records the session's
 * start and end in the ledger). When stdin is a terminal the agent gets a
 * pseudo-terminal of its own, relayed, never the human's terminal itself.
 */
#ifndef STEWARD_AGENT_AGENT_H
#define STEWARD_AGENT_AGENT_H

#include <stdint.h>
#include <sys/types.h>
#include "core/err.h"

#define AGENT_ENV_MAX 32

struct agent_opts {
    const char *name;            /* session name; default: the command's */
    double cpus;                 /* 0 = unlimited */
    int64_t mem_bytes;           /* 0 = unlimited */
    int network;                 /* share the host network (granted) */
    const char *env[AGENT_ENV_MAX + 1];  /* variables passed by name */
    int64_t uid;                 /* as root: the uid the agent runs as */
    char *const *argv;           /* the agent's command */
};

/* Runs the agent to its end through the server at socket. Returns the
 * agent's exit status, or a negative ERR_* code when it could not start. */
int agent_run(const char *socket, const struct agent_opts *o,
              struct err *err) MUST_USE;

#endif
