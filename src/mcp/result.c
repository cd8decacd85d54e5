/*
 * result — tool results, and the one way a tool acts: a CLI command run
 * with --json on the project's server, as the session's principal.
 *
 * A command's exit status (cli/cli.h) becomes the result's kind: 0 is a
 * success whose JSON becomes structuredContent; 2 (denied by policy),
 * 4 (not allowed for the role), 5 (conflict or halt) and the rest are
 * normal results with isError, their text the command's own reasons
 * prefixed by what kind of refusal it was and what a model can do next.
 * Error results carry no structuredContent (clients validate it against
 * the tool's outputSchema, which describes success).
 */
#include "mcp/mcp_int.h"
#include "client/client.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MCP_ARGV_MAX 96

json_t *mcp_ok(json_t *structured)
{
    char *text = json_dumps(structured, MCP_JSON_FLAGS);
    json_t *r = json_pack("{s:[{s:s,s:s}],s:o}", "content", "type", "text",
                          "text", text ? text : "{}", "structuredContent",
                          structured);
    free(text);
    return r;
}

json_t *mcp_fail(const char *fmt, ...)
{
    char text[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (n < 0)
        snprintf(text, sizeof text, "steward: the error could not be told");
    return json_pack("{s:[{s:s,s:s}],s:b}", "content", "type", "text",
                     "text", text, "isError", 1);
}

/* What a failed command's exit status means to a model. */
static const char *kind(int status)
{
    switch (status) {
    case 1: return "invalid request (fix the arguments and retry)";
    case 2: return "denied by the project's policy (change the request as "
                   "the reasons say, or ask a human owner)";
    case 4: return "not allowed for an agent (agents may ask, never decide: "
                   "a human must do this)";
    case 5: return "refused: a conflict or a halt is in force (check the "
                   "state, wait, or ask a human)";
    case 6: return "busy (retry in a moment)";
    default: return "steward failed";
    }
}

/* Trailing whitespace and the "steward: " prefix are noise to a model. */
static const char *tidy(struct buf *b)
{
    while (b->len && strchr(" \n\r\t", b->data[b->len - 1]))
        b->data[--b->len] = '\0';
    const char *p = b->data ? b->data : "";
    return strncmp(p, "steward: ", 9) ? p : p + 9;
}

/* The reasons a --json command gave on stdout: its "error", or the
 * policy's reasons for a decision (a denied proposal is still recorded,
 * under the id it names). */
static int reasons(const char *out, char *text, size_t n)
{
    json_t *o = json_loads(out, 0, NULL);
    json_t *d = json_object_get(o, "decision"), *r;
    const char *e = json_string_value(json_object_get(o, "error"));
    size_t i, len = 0;
    text[0] = '\0';
    if (e)
        snprintf(text, n, "%s", e);
    else if (json_is_integer(json_object_get(o, "id")))
        len = (size_t)snprintf(text, n, "experiment %lld was recorded with "
                               "verdict %s; reasons:", (long long)
                               json_integer_value(json_object_get(o, "id")),
                               json_string_value(json_object_get(d,
                                                 "verdict")));
    json_array_foreach(json_object_get(d, "reasons"), i, r)
        if (len < n)
            len += (size_t)snprintf(text + len, n - len, " %s%s",
                                    json_string_value(r), ";");
    json_decref(o);
    return text[0] != '\0';
}

static json_t *failure(struct client_output *o)
{
    char why[3000];
    const char *err = tidy(&o->err);
    const char *out = tidy(&o->out);
    if (reasons(out, why, sizeof why))
        return mcp_fail("%s: %s%s%.800s", kind(o->status), why,
                        *err ? "\n" : "", err);
    return mcp_fail("%s: %.3000s%s%.800s", kind(o->status),
                    *err ? err : "(no reason given)", *out ? "\n" : "", out);
}

static json_t *parse(struct client_output *o, json_t **out)
{
    json_error_t je;
    *out = o->truncated ? NULL : json_loadb(o->out.data ? o->out.data : "",
                                            o->out.len, 0, &je);
    if (*out)
        return NULL;
    return mcp_fail("steward failed: the command's answer was %s",
                    o->truncated ? "too large" : "not JSON");
}

json_t *mcp_run(struct mcp *m, int argc, const char **argv, json_t **out)
{
    struct client_output o;
    struct err err = ERR_INIT;
    char *av[MCP_ARGV_MAX];
    *out = NULL;
    if (argc > MCP_ARGV_MAX)
        return mcp_fail("invalid request: too many arguments");
    memcpy(av, argv, sizeof *av * (size_t)argc);
    client_output_init(&o, MCP_OUTPUT_MAX);
    int rc = client_exec_capture(m->socket, m->token[0] ? m->token : NULL,
                                 argc, av, &o, &err);
    json_t *r = rc ? mcp_fail("steward is unreachable: %s", err.msg)
              : o.status ? failure(&o) : parse(&o, out);
    if (rc || o.status)
        fprintf(stderr, "steward mcp: %s: exit %d\n", argv[0],
                rc ? 3 : o.status);
    client_output_free(&o);
    return r;
}

int mcp_arg_str(json_t *args, const char *key, int required,
                const char **v, json_t **fail)
{
    json_t *j = json_object_get(args, key);
    *v = json_string_value(j);
    if ((!j && !required) || (*v && **v && strlen(*v) < 4096))
        return 0;
    *fail = mcp_fail("invalid arguments: \"%s\" must be a non-empty "
                     "string", key);
    return -1;
}

int mcp_arg_int(json_t *args, const char *key, long long lo, long long hi,
                long long *v, json_t **fail)
{
    json_t *j = json_object_get(args, key);
    if (!j)
        return 0;
    if (json_is_integer(j) && json_integer_value(j) >= lo &&
        json_integer_value(j) <= hi)
        return *v = json_integer_value(j), 0;
    *fail = mcp_fail("invalid arguments: \"%s\" must be an integer from "
                     "%lld to %lld", key, lo, hi);
    return -1;
}
