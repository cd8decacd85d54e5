/*
 * mcp_int — what the stdio loop (loop.c, rpc.c) and the tools (tools*.c)
 * share: the session, replies, and running a CLI command on the server.
 */
#ifndef STEWARD_MCP_MCP_INT_H
#define STEWARD_MCP_MCP_INT_H

#include <stddef.h>
#include <jansson.h>
#include "core/err.h"

#define MCP_LINE_MAX (1u << 20)      /* one incoming message: 1 MiB */
#define MCP_RESULT_MAX 65536         /* no tool result is larger */
#define MCP_PENDING_MAX 64           /* requests queued during a wait */
#define MCP_OUTPUT_MAX (4u << 20)    /* a command's captured output */

/* Compact, and reals with 12 digits: 0.4102 not 0.41021299999999999. */
#define MCP_JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(12))

/* JSON-RPC error codes (FACTS §3). */
#define RPC_PARSE_ERROR -32700
#define RPC_INVALID_REQUEST -32600
#define RPC_METHOD_NOT_FOUND -32601
#define RPC_INVALID_PARAMS -32602
#define RPC_INTERNAL -32603
#define RPC_NO_IDENTITY -32001       /* ours: no principal to act as */

struct mcp {
    char socket[4096];      /* the server's socket */
    char token[256];        /* bearer token, "" inside `steward agent` */
    char refusal[512];      /* why there is no session, "" when there is */
    char version[16];       /* negotiated protocol revision */
    /* stdin, read in chunks; lines are cut from in[0..len) */
    char *in;
    size_t len;
    int skipping;           /* discarding the rest of an oversized line */
    int eof;
    json_t *pending;        /* messages read while a tool call waited */
    json_t *call_id;        /* id of the tools/call in progress, or NULL */
    int cancelled;          /* the client cancelled call_id */
};

/* loop.c: the transport */
int mcp_send(json_t *msg);                         /* steals msg */
int mcp_reply(const json_t *id, json_t *result);   /* steals result */
int mcp_error(const json_t *id, int code, const char *msg, json_t *data);
/* Reads and handles what arrives within ms milliseconds while a tool
 * call runs: pings are answered, a cancellation of the call sets
 * m->cancelled, anything else waits in m->pending. */
void mcp_interrupts(struct mcp *m, int ms);

int mcp_loop(struct mcp *m);

/* rpc.c: one message */
void mcp_handle(struct mcp *m, json_t *msg);

/* tools.c: the tool table */
json_t *mcp_tools_list(void);
/* Runs tool name; NULL when there is no such tool. */
json_t *mcp_tools_call(struct mcp *m, const char *name, json_t *args,
                       const json_t *progress);

/* result.c: building results and running commands */
json_t *mcp_ok(json_t *structured);                /* steals */
json_t *mcp_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Runs argv on the server with --json appended. Returns NULL with *out
 * the parsed JSON when it succeeded, or the isError result to return. */
json_t *mcp_run(struct mcp *m, int argc, const char **argv, json_t **out);

/* Argument helpers: each returns 0, or -1 with *fail set to the isError
 * result naming the argument. */
int mcp_arg_str(json_t *args, const char *key, int required,
                const char **v, json_t **fail);
int mcp_arg_int(json_t *args, const char *key, long long lo, long long hi,
                long long *v, json_t **fail);

#endif
