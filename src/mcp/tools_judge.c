/*
 * tools_judge — the tools that judge: compare (does B beat A, with the
 * statistics of `steward compare`) and campaign_summary (what a
 * campaign tried, its best trial and region, dead ends and why).
 */
#include "mcp/tools.h"

#include <stdio.h>
#include <string.h>

#define METRICS_MAX 8

/* A side of a comparison: an id, ids of seed repeats, or campaign:NAME. */
static int side(json_t *args, const char *key, char *out, size_t n,
                json_t **fail)
{
    json_t *v = json_object_get(args, key);
    const char *s = json_string_value(v);
    if (json_is_integer(v) && json_integer_value(v) > 0)
        return snprintf(out, n, "%lld", (long long)json_integer_value(v)), 0;
    if (s && *s && strlen(s) < n && strspn(s, "0123456789,") == strlen(s))
        return snprintf(out, n, "%s", s), 0;
    if (s && !strncmp(s, "campaign:", 9) && s[9] && strlen(s) < n)
        return snprintf(out, n, "%s", s), 0;
    *fail = mcp_fail("invalid arguments: \"%s\" must be an experiment id, "
                     "ids of seed repeats (\"7,8,9\") or \"campaign:NAME\"",
                     key);
    return -1;
}

static json_t *compare(struct mcp *m, json_t *args, const json_t *progress)
{
    char a[256], b[256];
    const char *argv[8 + 2 * METRICS_MAX] = {"compare"};
    int n = 1;
    json_t *fail = NULL, *out, *metrics = json_object_get(args, "metrics");
    (void)progress;
    if (side(args, "a", a, sizeof a, &fail) ||
        side(args, "b", b, sizeof b, &fail))
        return fail;
    if (metrics && (!json_is_array(metrics) ||
                    json_array_size(metrics) > METRICS_MAX))
        return mcp_fail("invalid arguments: \"metrics\" is an array of at "
                        "most %d metric names", METRICS_MAX);
    argv[n++] = a, argv[n++] = b, argv[n++] = "--json";
    for (size_t i = 0; i < json_array_size(metrics); i++) {
        const char *s = json_string_value(json_array_get(metrics, i));
        if (!s || !*s)
            return mcp_fail("invalid arguments: metric names are strings");
        argv[n++] = "--metric", argv[n++] = s;
    }
    if (json_is_true(json_object_get(args, "lower_is_better")))
        argv[n++] = "--lower-is-better";
    json_t *r = mcp_run(m, n, argv, &out);
    return r ? r : mcp_ok(out);
}

static json_t *campaign_summary(struct mcp *m, json_t *args,
                                const json_t *progress)
{
    const char *name;
    json_t *fail = NULL, *out;
    (void)progress;
    if (mcp_arg_str(args, "name", 1, &name, &fail))
        return fail;
    const char *argv[] = {"campaign", "summary", name, "--json"};
    json_t *r = mcp_run(m, 4, argv, &out);
    return r ? r : mcp_ok(out);
}

const struct mcp_tool mcp_tool_compare = {
    "compare", "Compare two runs",
    "Does B beat A? Compares the last reported values of each metric "
    "(default val_acc; names with loss or err count as lower-is-better) "
    "with the right test, a confidence interval, the minimum detectable "
    "effect and correction over several metrics. A and B are experiment "
    "ids, comma-separated ids of seed repeats (\"7,8,9\"), or "
    "\"campaign:NAME\". Read 'verdict' and 'flags': one run each cannot "
    "separate a real gain from seed noise, so repeat seeds before "
    "claiming one. The comparison is stored (comparison_id).",
    "{\"type\":\"object\",\"properties\":{"
    "\"a\":{\"type\":[\"integer\",\"string\"],\"description\":\"baseline\"},"
    "\"b\":{\"type\":[\"integer\",\"string\"],\"description\":\"candidate\"},"
    "\"metrics\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
    "\"maxItems\":8},"
    "\"lower_is_better\":{\"type\":\"boolean\"}},"
    "\"required\":[\"a\",\"b\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"verdict\":{\"type\":\"string\"},"
    "\"comparisons\":{\"type\":\"array\"},\"flags\":{\"type\":\"array\"},"
    "\"comparison_id\":{\"type\":\"integer\"}},\"required\":[\"verdict\","
    "\"comparisons\"]}",
    0, compare,
};

const struct mcp_tool mcp_tool_campaign_summary = {
    "campaign_summary", "Summarize a campaign",
    "What a campaign tried: its state and envelope, each trial with its "
    "parameters and value, the best trial and the best region of the "
    "space, counts, and the dead ends (failed, diverged, pruned) with "
    "their reasons, so you do not repeat them.",
    "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
    "\"required\":[\"name\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
    "\"state\":{\"type\":\"string\"},\"trials\":{\"type\":\"array\"},"
    "\"counts\":{\"type\":\"object\"}},\"required\":[\"name\",\"state\"]}",
    MCP_READ_ONLY, campaign_summary,
};
