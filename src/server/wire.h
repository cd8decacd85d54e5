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
 *
 * Errors that are not a command's own are JSON: {"error", "code"} with
 * the HTTP status saying what kind (400 bad request, 403 role, 404, 500).
 */
#ifndef STEWARD_SERVER_WIRE_H
#define STEWARD_SERVER_WIRE_H

#define WIRE_FILE_MARK "\x01" "file:"
#define WIRE_BODY_MAX (64u << 20)      /* request bodies: 64 MiB */
#define WIRE_FRAME_HEAD 24             /* "o 4294967295\n" fits */
#define WIRE_SOCKET_NAME ".steward.sock"
#define WIRE_AGENTS_DIR ".steward-agents"
#define WIRE_EXEC_CMD "__exec"

#endif
