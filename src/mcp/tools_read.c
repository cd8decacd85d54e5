/*
 * tools_read — the tools that look: get_experiment, list_experiments,
 * get_digest, get_metrics, get_budget. All read-only, all small by
 * design: a list is paged with a cursor and each entry is a summary;
 * metrics are downsampled; an experiment's record leaves its metric
 * series to get_metrics.
 */
#include "mcp/tools.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_DEFAULT 50
#define PAGE_MAX 200
#define POINTS_DEFAULT 100
#define POINTS_MAX 1000

/* Runs "CMD [ID] --json" and returns its JSON in *out, or the error. */
static json_t *run_id(struct mcp *m, const char *cmd, json_t *args,
                      json_t **out)
{
    long long id = 0;
    json_t *fail = NULL;
    char text[32];
    *out = NULL;
    if (!json_object_get(args, "id"))
        return mcp_fail("invalid arguments: \"id\" (an experiment id) is "
                        "required");
    if (mcp_arg_int(args, "id", 1, 1LL << 53, &id, &fail))
        return fail;
    snprintf(text, sizeof text, "%lld", id);
    const char *argv[] = {cmd, text, "--json"};
    return mcp_run(m, 3, argv, out);
}

/* The record without its metric series (names only: see get_metrics). */
static json_t *get_experiment(struct mcp *m, json_t *args,
                              const json_t *progress)
{
    json_t *rec, *r = run_id(m, "status", args, &rec);
    (void)progress;
    if (r)
        return r;
    json_t *names = json_array(), *v;
    const char *k;
    json_object_foreach(json_object_get(rec, "metrics"), k, v)
        json_array_append_new(names, json_string(k));
    json_object_set_new(rec, "metrics", names);
    return mcp_ok(rec);
}

static json_t *summary(json_t *e)
{
    json_t *run = json_object_get(e, "run");
    json_t *s = json_pack("{s:O,s:O,s:O,s:O,s:O,s:O}", "id",
                          json_object_get(e, "id"), "name",
                          json_object_get(e, "name"), "state",
                          json_object_get(e, "state"), "proposer",
                          json_object_get(e, "proposer"), "verdict",
                          json_object_get(json_object_get(e, "decision"),
                                          "verdict"),
                          "created_ms", json_object_get(e, "created_ms"));
    if (json_is_string(json_object_get(e, "campaign")))
        json_object_set(s, "campaign", json_object_get(e, "campaign"));
    if (run && json_object_get(run, "exit_code"))
        json_object_set(s, "exit_code", json_object_get(run, "exit_code"));
    return s;
}

/* The cursor is the id of the last experiment of the page before, as
 * decimal text: the server reads the next page only (status --after). */
static int cursor(json_t *args, char *after, size_t n, json_t **fail)
{
    const char *c = json_string_value(json_object_get(args, "cursor"));
    char *end;
    snprintf(after, n, "0");
    if (!json_object_get(args, "cursor"))
        return 0;
    unsigned long long v = c ? strtoull(c, &end, 10) : 0;
    if (c && *c && !*end && v < (1ULL << 62))
        return snprintf(after, n, "%llu", v), 0;
    *fail = mcp_fail("invalid arguments: \"cursor\" must be a nextCursor "
                     "from an earlier list_experiments");
    return -1;
}

/* One page: the server was asked for limit + 1, so one more means the
 * list goes on after this page's last id. */
static json_t *page(json_t *rows, size_t limit)
{
    json_t *items = json_array(), *e;
    size_t i;
    json_array_foreach(rows, i, e) if (i < limit)
        json_array_append_new(items, summary(e));
    json_t *out = json_pack("{s:o}", "experiments", items);
    if (json_array_size(rows) > limit) {
        char next[32];
        snprintf(next, sizeof next, "%lld", (long long)json_integer_value(
                 json_object_get(json_array_get(rows, limit - 1), "id")));
        json_object_set_new(out, "nextCursor", json_string(next));
    }
    return out;
}

static json_t *list_experiments(struct mcp *m, json_t *args,
                                const json_t *progress)
{
    long long limit = PAGE_DEFAULT;
    char after[32], first[32];
    const char *state = NULL, *camp = NULL;
    json_t *fail = NULL, *rows;
    (void)progress;
    if (mcp_arg_int(args, "limit", 1, PAGE_MAX, &limit, &fail) ||
        mcp_arg_str(args, "state", 0, &state, &fail) ||
        mcp_arg_str(args, "campaign", 0, &camp, &fail) ||
        cursor(args, after, sizeof after, &fail))
        return fail;
    snprintf(first, sizeof first, "%lld", limit + 1);
    const char *argv[10] = {"status", "--json", "--after", after, "--first",
                            first};
    int argc = 6;
    if (state)
        argv[argc++] = "--state", argv[argc++] = state;
    if (camp)
        argv[argc++] = "--campaign", argv[argc++] = camp;
    json_t *r = mcp_run(m, argc, argv, &rows);
    if (r)
        return r;
    r = mcp_ok(page(rows, (size_t)limit));
    json_decref(rows);
    return r;
}

static json_t *get_digest(struct mcp *m, json_t *args,
                          const json_t *progress)
{
    json_t *d, *r = run_id(m, "digest", args, &d);
    (void)progress;
    return r ? r : mcp_ok(d);
}

/* Every k-th point of a series and its last one: at most max points. */
static json_t *downsample(json_t *series, size_t max)
{
    size_t n = json_array_size(series);
    size_t k = n > max ? (n - 1 + max - 2) / (max - 1) : 1;
    json_t *out = json_array();
    for (size_t i = 0; i + 1 < n; i += k)
        json_array_append(out, json_array_get(series, i));
    if (n)
        json_array_append(out, json_array_get(series, n - 1));
    return out;
}

static json_t *shape_metrics(json_t *all, const char *only, size_t max)
{
    json_t *series = json_object(), *v;
    const char *k;
    json_object_foreach(all, k, v) {
        if (only && strcmp(only, k))
            continue;
        json_object_set_new(series, k, json_pack(
            "{s:I,s:o}", "points", (json_int_t)json_array_size(v),
            "values", downsample(v, max)));
    }
    return series;
}

static json_t *get_metrics(struct mcp *m, json_t *args,
                           const json_t *progress)
{
    long long max = POINTS_DEFAULT;
    const char *only = NULL;
    json_t *fail = NULL, *all;
    (void)progress;
    if (mcp_arg_int(args, "max_points", 2, POINTS_MAX, &max, &fail) ||
        mcp_arg_str(args, "metric", 0, &only, &fail))
        return fail;
    json_t *r = run_id(m, "metrics", args, &all);
    if (r)
        return r;
    json_t *out = json_pack("{s:O,s:o}", "id", json_object_get(args, "id"),
                            "series", shape_metrics(all, only, (size_t)max));
    json_decref(all);
    return mcp_ok(out);
}

static json_t *get_budget(struct mcp *m, json_t *args,
                          const json_t *progress)
{
    json_t *list;
    const char *argv[] = {"budget", "--json"};
    (void)args, (void)progress;
    json_t *r = mcp_run(m, 2, argv, &list);
    return r ? r : mcp_ok(json_pack("{s:o}", "accounts", list));
}

#define ID_SCHEMA \
    "\"id\":{\"type\":\"integer\",\"minimum\":1,\"description\":" \
    "\"experiment id\"}"

const struct mcp_tool mcp_tool_get_experiment = {
    "get_experiment", "Get an experiment",
    "The full record of one experiment: its state (pending_review, "
    "approved, running, succeeded, failed, cancelled, denied...), the "
    "command, resources, the policy's decision and reasons, reviews, and "
    "the run (exit code, end reason, resource use). Metric series are "
    "named only: read them with get_metrics, the log with get_digest.",
    "{\"type\":\"object\",\"properties\":{" ID_SCHEMA "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
    "\"name\":{\"type\":\"string\"},\"state\":{\"type\":\"string\"},"
    "\"metrics\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
    "\"required\":[\"id\",\"state\"]}",
    MCP_READ_ONLY, get_experiment,
};

const struct mcp_tool mcp_tool_list_experiments = {
    "list_experiments", "List experiments",
    "One page of the project's experiments, oldest first, each as a "
    "summary (id, name, state, proposer, verdict, campaign, exit_code). "
    "Filter by state or campaign; pass nextCursor back as cursor for the "
    "next page (absent on the last page).",
    "{\"type\":\"object\",\"properties\":{"
    "\"state\":{\"type\":\"string\",\"description\":\"e.g. running, "
    "succeeded, failed, pending_review\"},"
    "\"campaign\":{\"type\":\"string\"},"
    "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":200,"
    "\"default\":50},"
    "\"cursor\":{\"type\":\"string\"}},\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"experiments\":{\"type\":"
    "\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"id\":"
    "{\"type\":\"integer\"},\"state\":{\"type\":\"string\"}},\"required\":"
    "[\"id\",\"state\"]}},\"nextCursor\":"
    "{\"type\":\"string\"}},\"required\":[\"experiments\"]}",
    MCP_READ_ONLY, list_experiments,
};

const struct mcp_tool mcp_tool_get_digest = {
    "get_digest", "Read a run's digest",
    "A run's logs in a few dozen lines instead of thousands: its state "
    "and duration, each metric's first/best/last value with a sparkline, "
    "anomalies (NaN, divergence, stalls, OOM, tracebacks) and the most "
    "frequent and novel log templates. Read this instead of raw logs.",
    "{\"type\":\"object\",\"properties\":{" ID_SCHEMA "},"
    "\"required\":[\"id\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"run\":{\"type\":\"object\"},"
    "\"metrics\":{\"type\":\"object\"},\"anomalies\":{\"type\":\"array\"}},"
    "\"required\":[\"run\"]}",
    MCP_READ_ONLY, get_digest,
};

const struct mcp_tool mcp_tool_get_metrics = {
    "get_metrics", "Read a run's metrics",
    "The metric series a run reported, as [step, value] pairs, downsampled "
    "to at most max_points per series (the last point is always kept; "
    "'points' is the full count). Name one metric to get only it.",
    "{\"type\":\"object\",\"properties\":{" ID_SCHEMA ","
    "\"metric\":{\"type\":\"string\"},"
    "\"max_points\":{\"type\":\"integer\",\"minimum\":2,\"maximum\":1000,"
    "\"default\":100}},\"required\":[\"id\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
    "\"series\":{\"type\":\"object\",\"additionalProperties\":{\"type\":"
    "\"object\",\"properties\":{\"points\":{\"type\":\"integer\"},"
    "\"values\":{\"type\":\"array\"}},\"required\":[\"points\","
    "\"values\"]}}},\"required\":[\"id\",\"series\"]}",
    MCP_READ_ONLY, get_metrics,
};

const struct mcp_tool mcp_tool_get_budget = {
    "get_budget", "Read the budgets",
    "Every budget account the policy declares (per agent, per campaign, "
    "project-wide): metric (cpu-hours, runs...), window, limit, reserved, "
    "spent and remaining. A proposal that would exceed one waits for a "
    "human or is refused; only humans change budgets.",
    "{\"type\":\"object\",\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"accounts\":{\"type\":\"array\","
    "\"items\":{\"type\":\"object\"}}},\"required\":[\"accounts\"]}",
    MCP_READ_ONLY, get_budget,
};
