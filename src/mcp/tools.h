/*
 * tools — the tool table of `steward mcp`, as the CLI's command table
 * (cli/commands.h): one X-macro line per tool, each defined in the file
 * of its group (tools_propose.c, tools_read.c, tools_wait.c,
 * tools_judge.c) as `const struct mcp_tool mcp_tool_<name>`.
 *
 * Every tool has a description written for a model, an inputSchema, an
 * outputSchema its structuredContent conforms to, and annotations that
 * say the truth: reading tools are read-only; proposing is neither
 * read-only nor destructive (it adds a record, removes nothing), and not
 * idempotent (each call is a new proposal); request_promotion
 * (tools_promote.c) likewise files a request and decides nothing.
 */
#ifndef STEWARD_MCP_TOOLS_H
#define STEWARD_MCP_TOOLS_H

#include "mcp/mcp_int.h"

#define MCP_TOOLS(X)          \
    X(propose_experiment)     \
    X(propose_campaign)       \
    X(get_experiment)         \
    X(list_experiments)       \
    X(wait_for_experiment)    \
    X(get_digest)             \
    X(get_metrics)            \
    X(compare)                \
    X(campaign_summary)       \
    X(get_budget)             \
    X(request_promotion)

enum {
    MCP_READ_ONLY = 1,      /* changes nothing */
    MCP_DESTRUCTIVE = 2,    /* may remove or overwrite */
    MCP_IDEMPOTENT = 4,     /* a repeat has no further effect */
};

struct mcp_tool {
    const char *name;
    const char *title;
    const char *description;
    const char *input;      /* JSON Schema, as text */
    const char *output;     /* JSON Schema of structuredContent */
    unsigned hints;
    json_t *(*call)(struct mcp *m, json_t *args, const json_t *progress);
};

#define X(name) extern const struct mcp_tool mcp_tool_##name;
MCP_TOOLS(X)
#undef X

#endif
