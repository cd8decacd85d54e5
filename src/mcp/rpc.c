/*
 * rpc — JSON-RPC 2.0 messages of the MCP lifecycle: validation, the
 * method table, version negotiation (FACTS §3, §4, §7).
 *
 * Protocol problems (garbage, a message that is not a request, an unknown
 * method or tool, params of the wrong shape) are JSON-RPC errors; what a
 * tool refuses is a normal result with isError (tools.c). Notifications
 * never get a reply, not even an error. A session without an identity is
 * refused at its first request, with the way to get one.
 */
#include "mcp/mcp_int.h"

#include <stdio.h>
#include <string.h>

/* Revisions of the initialize era we speak, newest first. The stateless
 * 2026-07-28 era (server/discover) is not served yet: its probe gets
 * Method not found, which tells a dual-era client to fall back. */
static const char *const versions[] = {"2025-11-25", "2025-06-18",
                                       "2025-03-26", "2024-11-05", NULL};

static const char instructions[] =
    "steward runs ML experiments under a human-written policy. Propose "
    "with propose_experiment (the policy decides at once: approved, "
    "waiting for a human, or denied with reasons), then "
    "wait_for_experiment, get_digest and get_metrics to see how it went, "
    "and compare to judge two runs with honest statistics. You can ask, "
    "never decide: approvals, policy, budgets and halts belong to humans.";

static json_t *supported(void)
{
    json_t *a = json_array();
    for (size_t i = 0; versions[i]; i++)
        json_array_append_new(a, json_string(versions[i]));
    return a;
}

/* The client's version when we speak it, else our latest (the client
 * decides whether it can use that). */
static const char *negotiate(const char *asked)
{
    for (size_t i = 0; asked && versions[i]; i++)
        if (!strcmp(asked, versions[i]))
            return versions[i];
    return versions[0];
}

static void on_initialize(struct mcp *m, json_t *id, json_t *params)
{
    json_t *v = json_object_get(params, "protocolVersion");
    if (!json_is_string(v)) {
        (void)mcp_error(id, RPC_INVALID_PARAMS, "initialize needs a "
                        "protocolVersion", json_pack("{s:o}", "supported",
                                                     supported()));
        return;
    }
    snprintf(m->version, sizeof m->version, "%s",
             negotiate(json_string_value(v)));
    (void)mcp_reply(id, json_pack(
        "{s:s,s:{s:{s:b}},s:{s:s,s:s,s:s},s:s}", "protocolVersion",
        m->version, "capabilities", "tools", "listChanged", 0, "serverInfo",
        "name", "steward", "title", "steward", "version", "0.1",
        "instructions", instructions));
}

static void on_ping(struct mcp *m, json_t *id, json_t *params)
{
    (void)m, (void)params;
    (void)mcp_reply(id, json_object());
}

static void on_tools_list(struct mcp *m, json_t *id, json_t *params)
{
    (void)m;
    json_t *cursor = json_object_get(params, "cursor");
    if (cursor) {   /* one page: no cursor of ours is ever valid */
        (void)mcp_error(id, RPC_INVALID_PARAMS, "invalid cursor", NULL);
        return;
    }
    (void)mcp_reply(id, json_pack("{s:o}", "tools", mcp_tools_list()));
}

static const json_t *progress_token(json_t *params)
{
    json_t *t = json_object_get(json_object_get(params, "_meta"),
                                "progressToken");
    return json_is_string(t) || json_is_integer(t) ? t : NULL;
}

static void on_tools_call(struct mcp *m, json_t *id, json_t *params)
{
    json_t *name = json_object_get(params, "name");
    json_t *args = json_object_get(params, "arguments");
    if (!json_is_string(name) || (args && !json_is_object(args))) {
        (void)mcp_error(id, RPC_INVALID_PARAMS, "tools/call needs a \"name\" "
                        "and an object of \"arguments\"", NULL);
        return;
    }
    json_t *empty = json_object();
    m->call_id = id;
    m->cancelled = 0;
    json_t *r = mcp_tools_call(m, json_string_value(name),
                               args ? args : empty, progress_token(params));
    m->call_id = NULL;
    json_decref(empty);
    if (!r) {
        char msg[300];
        snprintf(msg, sizeof msg, "Unknown tool: %.200s",
                 json_string_value(name));
        (void)mcp_error(id, RPC_INVALID_PARAMS, msg, NULL);
    } else if (m->cancelled) {
        json_decref(r);   /* a cancelled request gets no response */
    } else {
        (void)mcp_reply(id, r);
    }
}

struct method {
    const char *name;
    void (*run)(struct mcp *m, json_t *id, json_t *params);
};

static const struct method methods[] = {
    {"initialize", on_initialize},
    {"ping", on_ping},
    {"tools/list", on_tools_list},
    {"tools/call", on_tools_call},
    {NULL, NULL},
};

/* A request's shape (FACTS §3); returns the problem, or NULL. */
static const char *malformed(json_t *msg)
{
    json_t *id = json_object_get(msg, "id");
    json_t *params = json_object_get(msg, "params");
    if (!json_is_object(msg))
        return "a message is one JSON object (no batches)";
    if (!json_is_string(json_object_get(msg, "jsonrpc")) ||
        strcmp(json_string_value(json_object_get(msg, "jsonrpc")), "2.0"))
        return "\"jsonrpc\" must be \"2.0\"";
    if (!json_is_string(json_object_get(msg, "method")))
        return "\"method\" must be a string";
    if (id && !json_is_string(id) && !json_is_integer(id))
        return "\"id\" must be a string or an integer";
    if (params && !json_is_object(params))
        return "\"params\" must be an object";
    return NULL;
}

/* A response of the client to us: we send no requests, so it is stray. */
static int is_response(json_t *msg)
{
    return json_is_object(msg) && !json_object_get(msg, "method") &&
           (json_object_get(msg, "result") || json_object_get(msg, "error"));
}

static void call_method(struct mcp *m, const char *name, json_t *id,
                        json_t *params)
{
    for (size_t i = 0; methods[i].name; i++)
        if (!strcmp(methods[i].name, name)) {
            methods[i].run(m, id, params);
            return;
        }
    char msg[300];
    snprintf(msg, sizeof msg, "Method not found: %.200s", name);
    (void)mcp_error(id, RPC_METHOD_NOT_FOUND, msg, NULL);
}

void mcp_handle(struct mcp *m, json_t *msg)
{
    const char *bad = malformed(msg);
    json_t *id = json_object_get(msg, "id");
    if (is_response(msg))
        bad = NULL;
    else if (bad)
        (void)mcp_error(json_is_string(id) || json_is_integer(id) ? id : NULL,
                        RPC_INVALID_REQUEST, "Invalid Request",
                        json_pack("{s:s}", "detail", bad));
    else if (!id)
        ;   /* notifications: initialized, cancelled (nothing runs) */
    else if (m->refusal[0] && strcmp(json_string_value(
                 json_object_get(msg, "method")), "ping"))
        (void)mcp_error(id, RPC_NO_IDENTITY, m->refusal, NULL);
    else
        call_method(m, json_string_value(json_object_get(msg, "method")), id,
                    json_object_get(msg, "params"));
    json_decref(msg);
}
