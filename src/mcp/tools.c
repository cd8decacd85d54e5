/*
 * tools — tools/list and tools/call over the table in tools.h.
 *
 * The schemas are JSON text in the tool files, parsed when listed; a
 * schema that does not parse is a bug the tests catch (the tool would be
 * listed without it). Every result is checked against MCP_RESULT_MAX
 * here, in one place, so no tool can answer more than 64 KB.
 */
#include "mcp/tools.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct mcp_tool *const table[] = {
#define X(name) &mcp_tool_##name,
    MCP_TOOLS(X)
#undef X
    NULL,
};

static json_t *schema(const char *text)
{
    json_error_t je;
    json_t *s = json_loads(text, 0, &je);
    if (!s)
        fprintf(stderr, "steward mcp: bad schema (line %d): %s\n", je.line,
                je.text);
    return s ? s : json_pack("{s:s}", "type", "object");
}

static json_t *annotations(const struct mcp_tool *t)
{
    int ro = !!(t->hints & MCP_READ_ONLY);
    return json_pack("{s:s,s:b,s:b,s:b,s:b}", "title", t->title,
                     "readOnlyHint", ro, "destructiveHint",
                     !!(t->hints & MCP_DESTRUCTIVE), "idempotentHint",
                     ro || (t->hints & MCP_IDEMPOTENT), "openWorldHint", 0);
}

json_t *mcp_tools_list(void)
{
    json_t *list = json_array();
    for (size_t i = 0; table[i]; i++) {
        const struct mcp_tool *t = table[i];
        json_array_append_new(list, json_pack(
            "{s:s,s:s,s:s,s:o,s:o,s:o}", "name", t->name, "title", t->title,
            "description", t->description, "inputSchema", schema(t->input),
            "outputSchema", schema(t->output), "annotations",
            annotations(t)));
    }
    return list;
}

/* Keeps the result under MCP_RESULT_MAX, or says what to ask instead. */
static json_t *bounded(json_t *r)
{
    size_t n = json_dumpb(r, NULL, 0, MCP_JSON_FLAGS);
    if (n <= MCP_RESULT_MAX)
        return r;
    json_decref(r);
    return mcp_fail("the result would exceed %d bytes: ask for less (a "
                    "smaller limit or max_points, or one metric)",
                    MCP_RESULT_MAX);
}

json_t *mcp_tools_call(struct mcp *m, const char *name, json_t *args,
                       const json_t *progress)
{
    for (size_t i = 0; table[i]; i++)
        if (!strcmp(table[i]->name, name))
            return bounded(table[i]->call(m, args, progress));
    return NULL;
}
