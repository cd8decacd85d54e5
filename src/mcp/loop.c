/*
 * loop — the stdio transport of `steward mcp` (FACTS §2).
 *
 * One JSON-RPC message per line on stdin, one per line on stdout, and
 * nothing else on stdout: logs go to stderr. Input is read in chunks
 * into a buffer bounded by MCP_LINE_MAX; a line longer than that is
 * discarded up to its newline and answered with an Invalid Request
 * error, so no client can make the server grow without end. EOF on stdin
 * means the client went away: the loop ends and the process exits.
 * The server is single-threaded; while a tool call waits (wait_for_
 * experiment) it keeps reading stdin so that pings are answered and a
 * cancellation stops the wait (mcp_interrupts).
 */
#include "core/fdio.h"
#include "mcp/mcp_int.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 65536

/* Set when stdout broke: the client is gone, whatever stdin says. */
static int out_broken;

int mcp_send(json_t *msg)
{
    char *text = json_dumps(msg, MCP_JSON_FLAGS);
    json_decref(msg);
    if (!text)
        return -1;
    size_t n = strlen(text);
    text[n] = '\n';   /* json_dumps leaves room for its NUL */
    int rc = fd_write_all(1, text, n + 1);
    free(text);
    if (rc)
        out_broken = 1;
    return rc;
}

int mcp_reply(const json_t *id, json_t *result)
{
    return mcp_send(json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id,
                              "result", result));
}

int mcp_error(const json_t *id, int code, const char *msg, json_t *data)
{
    json_t *e = json_pack("{s:i,s:s}", "code", code, "message", msg);
    if (data)
        json_object_set_new(e, "data", data);
    return mcp_send(json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id",
                              id ? id : json_null(), "error", e));
}

/* Waits up to ms for stdin (-1: forever) and appends what arrived.
 * Returns 1 when bytes came, 0 on timeout, -1 at EOF. */
static int fill(struct mcp *m, int ms)
{
    struct pollfd p = {0, POLLIN, 0};
    int r = poll(&p, 1, ms);
    if (r < 0 && errno == EINTR)
        return 0;
    if (r == 0)
        return 0;
    ssize_t n = r < 0 ? -1 : read(0, m->in + m->len, CHUNK);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    if (n <= 0)
        return m->eof = 1, -1;
    m->len += (size_t)n;
    return 1;
}

/* Cuts the next complete line out of the buffer into *line (the caller
 * frees it). Returns 1 for a line, 2 when an oversized line began (its
 * bytes are dropped up to its newline), 3 when bytes of one were dropped,
 * 0 when no complete line is buffered yet. */
static int cut(struct mcp *m, char **line)
{
    char *nl = memchr(m->in, '\n', m->len);
    if (!nl && m->len < MCP_LINE_MAX)
        return 0;
    size_t take = nl ? (size_t)(nl - m->in) + 1 : m->len;
    int r = m->skipping ? 3 : nl ? 1 : 2;
    if (r == 1)
        *line = strndup(m->in, take - 1);
    m->skipping = !nl;
    memmove(m->in, m->in + take, m->len - take);
    m->len -= take;
    return r == 1 && !*line ? 2 : r;
}

/* The next message of the client: a line from the buffer, else from
 * stdin within ms. Returns as cut(), or -1 at EOF. */
static int next_line(struct mcp *m, int ms, char **line)
{
    for (;;) {
        int r = cut(m, line);
        if (r == 3)
            continue;
        if (r)
            return r;
        if (m->eof)
            return -1;
        r = fill(m, ms);
        if (r <= 0 && !(r < 0 && m->len))
            return r;
        if (r < 0 && m->len)   /* a last line without newline */
            m->in[m->len++] = '\n';
    }
}

/* Parses one line and hands it on; garbage gets a Parse error. */
static void dispatch_line(struct mcp *m, char *line,
                          void (*handle)(struct mcp *, json_t *))
{
    size_t n = strlen(line);
    if (n && line[n - 1] == '\r')
        line[--n] = '\0';
    if (!n)
        return;
    json_error_t je;
    json_t *msg = json_loadb(line, n, JSON_REJECT_DUPLICATES, &je);
    if (!msg) {
        fprintf(stderr, "steward mcp: unparsable line: %s\n", je.text);
        (void)mcp_error(NULL, RPC_PARSE_ERROR, "Parse error: not JSON",
                        json_pack("{s:s}", "detail", je.text));
        return;
    }
    handle(m, msg);
}

static void oversized(void)
{
    fprintf(stderr, "steward mcp: dropped a message over %u bytes\n",
            MCP_LINE_MAX);
    (void)mcp_error(NULL, RPC_INVALID_REQUEST, "Invalid Request: message "
                    "too large", json_pack("{s:i}", "max_bytes",
                                           MCP_LINE_MAX));
}

/* A cancellation of the call in progress; else no. */
static int cancels_call(struct mcp *m, json_t *msg)
{
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *params = json_object_get(msg, "params");
    return m->call_id && method &&
           !strcmp(method, "notifications/cancelled") &&
           json_equal(json_object_get(params, "requestId"), m->call_id);
}

/* Handles a message that arrives while a tool call runs. */
static void interrupt(struct mcp *m, json_t *msg)
{
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *id = json_object_get(msg, "id");
    if (cancels_call(m, msg))
        m->cancelled = 1;
    else if (method && !strcmp(method, "ping") && id)
        (void)mcp_reply(id, json_object());
    else if (json_array_size(m->pending) < MCP_PENDING_MAX)
        json_array_append(m->pending, msg);
    else if (id)
        (void)mcp_error(id, RPC_INTERNAL, "busy: too many requests while a "
                        "tool call waits; retry", NULL);
    json_decref(msg);
}

void mcp_interrupts(struct mcp *m, int ms)
{
    char *line = NULL;
    if (out_broken)
        m->eof = 1;
    int r = next_line(m, ms, &line);
    while (r > 0) {
        if (r == 2)
            oversized();
        else
            dispatch_line(m, line, interrupt);
        free(line);
        line = NULL;
        if (m->cancelled)   /* what follows is for the main loop */
            return;
        r = next_line(m, 0, &line);
    }
    free(line);
}

static void run_pending(struct mcp *m)
{
    while (json_array_size(m->pending)) {
        json_t *msg = json_incref(json_array_get(m->pending, 0));
        json_array_remove(m->pending, 0);
        mcp_handle(m, msg);
    }
}

int mcp_loop(struct mcp *m)
{
    m->in = malloc(MCP_LINE_MAX + CHUNK + 1);
    m->pending = json_array();
    if (!m->in || !m->pending)
        return fprintf(stderr, "steward mcp: out of memory\n"), 3;
    for (;;) {
        char *line = NULL;
        run_pending(m);
        int r = out_broken ? -1 : next_line(m, -1, &line);
        if (r < 0)
            break;
        if (r == 2)
            oversized();
        else if (r == 1)
            dispatch_line(m, line, mcp_handle);
        free(line);
    }
    free(m->in);
    json_decref(m->pending);
    return 0;
}
