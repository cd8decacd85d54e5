/*
 * wire — what travels between a steward client and `steward serve`.
 *
 * HTTP/1.0 over a Unix socket (one request per connection; the response
 * body ends when the server closes). Routes live under /api/v1/:
 *
 *   POST /api/v1/exec     {"argv": [...], "cwd": "/abs", "files": ["..."]}
 *       runs one CLI command in the server, as the principal the server
 *       decides (peer uid, agent session, or bearer token). Operands the
 *       client replaced by WIRE_FILE_MARK followed by an index carry the
 *       content of a file the client read with its own permissions. The
 *       response streams frames: "o LEN\n" + LEN bytes of stdout, "e LEN\n"
 *       + stderr, and last "x STATUS\n", the command's exit status.
 *   POST /api/v1/agents   {"name": N}  starts an agent session: a socket
 *       whose every request is principal agent:N. {"dir", "socket"}.
 *   POST /api/v1/agents/end {"name": N, "outcome": "..."}
 *   GET  /api/v1/ping     {"project": ROOT}
 *   POST /api/v1/open     the humans' socket only: {"url"}, a one-time
 *       login URL for the web page (`steward open`, src/server/open.c).
 *
 * The REST routes (src/server/routes.c: status, queue, experiments/ID
 * and its approve, reject, cancel, logs, metrics, digest; campaigns,
 * budget, halt, resume, ledger, policy, events) answer JSON: each runs a
 * CLI command with --json in a request child, except GET status over
 * TCP (a cached summary) and GET events?since=SEQ (a long poll). Over
 * TCP, /api/v1/exec answers all its frames at once (not streamed).
 *
 * Errors that are not a command's own are JSON: {"error", "code"} with
 * the HTTP status saying what kind (400 bad request, 403 role, 404, 500).
 */
#ifndef STEWARD_SERVER_WIRE_H
#define STEWARD_SERVER_WIRE_H

#include <string.h>

#define WIRE_FILE_MARK "\x01" "file:"
#define WIRE_BODY_MAX (64u << 20)      /* request bodies: 64 MiB */
#define WIRE_FRAME_HEAD 24             /* "o 4294967295\n" fits */
#define WIRE_SOCKET_NAME ".steward.sock"
#define WIRE_AGENTS_DIR ".steward-agents"
#define WIRE_EXEC_CMD "__exec"

/* 1 when argv[i] names a file the command reads, which the client reads
 * and sends and the server refuses to read itself: policy's operands
 * (check, diff, apply FILE), campaign's --space, digest's non-numeric
 * operands. Named, not guessed: a command path like ./train is no input.
 * Client and server apply this one rule. */
static inline int wire_names_file(char *const *argv, int i)
{
    const char *cmd = argv[0], *a = argv[i], *prev = i > 1 ? argv[i - 1] : "";
    if (!strcmp(cmd, "policy"))
        return i >= 2 && a[0] != '-' && strcmp(prev, "--last");
    if (!strcmp(cmd, "campaign"))
        return !strcmp(prev, "--space") || !strncmp(a, "--space=", 8);
    if (!strcmp(cmd, "digest"))
        return a[0] != '-' && strspn(a, "0123456789") != strlen(a);
    return 0;
}

#endif
