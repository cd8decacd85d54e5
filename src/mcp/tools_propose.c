/*
 * tools_propose — the tools that ask: propose_experiment and
 * propose_campaign. They run `steward propose` and `steward campaign
 * create` as the session's principal; the policy decides at once
 * (approved, waiting for a human, or denied with reasons), and a denial
 * is an isError result carrying the policy's reasons.
 */
#include "mcp/tools.h"

#include <stdio.h>
#include <string.h>

#define ARGV_MAX 96

struct argv {
    const char *v[ARGV_MAX];
    char num[8][32];      /* numbers formatted for the command line */
    char kv[24][600];     /* NAME=VALUE operands */
    int n, nums, kvs;
};

static int push(struct argv *a, const char *s)
{
    if (a->n >= ARGV_MAX - 2)
        return -1;
    a->v[a->n++] = s;
    return 0;
}

/* Adds "--opt VALUE" when args has key: a string, or a number. */
static int opt(struct argv *a, json_t *args, const char *key,
               const char *flag, json_t **fail)
{
    json_t *j = json_object_get(args, key);
    if (!j)
        return 0;
    if (json_is_number(j) && json_number_value(j) >= 0 && a->nums < 8) {
        snprintf(a->num[a->nums], 32, "%.17g", json_number_value(j));
        return push(a, flag) || push(a, a->num[a->nums++]);
    }
    const char *s = json_string_value(j);
    if (s && *s && strlen(s) < 4000)
        return push(a, flag) || push(a, s);
    *fail = mcp_fail("invalid arguments: \"%s\" has the wrong type", key);
    return -1;
}

/* Adds "--flag NAME=VALUE" for each member of the object args[key]. */
static int pairs(struct argv *a, json_t *args, const char *key,
                 const char *flag, json_t **fail)
{
    json_t *o = json_object_get(args, key), *v;
    const char *k;
    if (o && !json_is_object(o))
        return *fail = mcp_fail("invalid arguments: \"%s\" must be an "
                                "object", key), -1;
    json_object_foreach(o, k, v) {
        char text[512];
        const char *s = json_string_value(v);
        if (!s && json_is_number(v))
            snprintf(text, sizeof text, "%.17g", json_number_value(v));
        if (a->kvs >= 24 || (!s && !json_is_number(v)))
            return *fail = mcp_fail("invalid arguments: \"%s\": at most 24 "
                                    "members, strings or numbers", key), -1;
        /* cut, the proposal would ask for another name or value */
        if (strlen(k) > 64 || strlen(s ? s : text) > 500)
            return *fail = mcp_fail("invalid arguments: \"%s\": names are "
                                    "at most 64 bytes and values 500 (%.40s "
                                    "is longer)", key, k), -1;
        snprintf(a->kv[a->kvs], sizeof a->kv[0], "%s=%s", k, s ? s : text);
        if (push(a, flag) || push(a, a->kv[a->kvs++]))
            return -1;
    }
    return 0;
}

/* Adds "--flag S" for each string of the array args[key]; with flag
 * NULL, the strings themselves (a command's words). */
static int words(struct argv *a, json_t *args, const char *key,
                 const char *flag, json_t **fail)
{
    json_t *arr = json_object_get(args, key), *v;
    size_t i;
    if (arr && !json_is_array(arr))
        return *fail = mcp_fail("invalid arguments: \"%s\" must be an "
                                "array of strings", key), -1;
    json_array_foreach(arr, i, v) {
        if (!json_is_string(v))
            return *fail = mcp_fail("invalid arguments: \"%s\" must be an "
                                    "array of strings", key), -1;
        if ((flag && push(a, flag)) || push(a, json_string_value(v)))
            return *fail = mcp_fail("invalid arguments: too many words in "
                                    "\"%s\"", key), -1;
    }
    return 0;
}

static int resources(struct argv *a, json_t *args, json_t **fail)
{
    return opt(a, args, "cpus", "--cpus", fail) ||
           opt(a, args, "mem", "--mem", fail) ||
           opt(a, args, "gpus", "--gpus", fail) ||
           opt(a, args, "time", "--time", fail);
}

/* The id and the decision's verdict and reasons; the rule-by-rule trace
 * stays with get_experiment. */
static json_t *proposed(json_t *out)
{
    json_t *d = json_object_get(out, "decision");
    json_t *r = json_pack("{s:O,s:{s:O,s:O}}", "id",
                          json_object_get(out, "id"), "decision", "verdict",
                          json_object_get(d, "verdict"), "reasons",
                          json_object_get(d, "reasons"));
    json_decref(out);
    return r ? r : json_pack("{s:i,s:{s:s,s:[]}}", "id", 0, "decision",
                             "verdict", "review", "reasons");
}

static json_t *propose_experiment(struct mcp *m, json_t *args,
                                  const json_t *progress)
{
    struct argv a = {0};
    json_t *fail = NULL, *out = NULL;
    const char *name;
    (void)progress;
    if (mcp_arg_str(args, "name", 1, &name, &fail))
        return fail;
    if (!json_array_size(json_object_get(args, "command")))
        return mcp_fail("invalid arguments: \"command\" must be a non-empty "
                        "array of strings, e.g. [\"./train\", \"--lr\", "
                        "\"0.1\"]");
    (void)push(&a, "propose"), (void)push(&a, "--json");
    (void)push(&a, "--name"), (void)push(&a, name);
    if (resources(&a, args, &fail) || opt(&a, args, "disk", "--disk", &fail) ||
        opt(&a, args, "rationale", "--rationale", &fail) ||
        opt(&a, args, "campaign", "--campaign", &fail) ||
        pairs(&a, args, "params", "--param", &fail) ||
        words(&a, args, "tags", "--tag", &fail))
        return fail ? fail : mcp_fail("invalid arguments: too many");
    if (json_is_true(json_object_get(args, "network")))
        (void)push(&a, "--network");
    if (push(&a, "--") || words(&a, args, "command", NULL, &fail))
        return fail ? fail : mcp_fail("invalid arguments: too many");
    json_t *r = mcp_run(m, a.n, a.v, &out);
    return r ? r : mcp_ok(proposed(out));
}

static json_t *propose_campaign(struct mcp *m, json_t *args,
                                const json_t *progress)
{
    struct argv a = {0};
    json_t *fail = NULL, *out = NULL;
    const char *name, *objective;
    (void)progress;
    if (mcp_arg_str(args, "name", 1, &name, &fail) ||
        mcp_arg_str(args, "objective", 1, &objective, &fail))
        return fail;
    (void)push(&a, "campaign"), (void)push(&a, "create");
    (void)push(&a, name), (void)push(&a, "--json");
    (void)push(&a, "--objective"), (void)push(&a, objective);
    if (opt(&a, args, "max_runs", "--max-runs", &fail) ||
        resources(&a, args, &fail) ||
        opt(&a, args, "command", "--command", &fail) ||
        opt(&a, args, "cpu_hours", "--cpu-hours", &fail) ||
        pairs(&a, args, "param_ranges", "--param-range", &fail))
        return fail ? fail : mcp_fail("invalid arguments: too many");
    json_t *r = mcp_run(m, a.n, a.v, &out);
    if (r)
        return r;
    json_object_set_new(out, "state", json_string("proposed"));
    return mcp_ok(out);
}

#define RESOURCES_SCHEMA \
    "\"cpus\":{\"type\":\"number\",\"minimum\":0,\"description\":\"CPU cores " \
    "(fractions allowed; default 1)\"}," \
    "\"mem\":{\"type\":\"string\",\"description\":\"memory limit, e.g. " \
    "\\\"512M\\\", \\\"4G\\\"\"}," \
    "\"gpus\":{\"type\":\"integer\",\"minimum\":0}," \
    "\"time\":{\"type\":\"string\",\"description\":\"wall-time limit, e.g. " \
    "\\\"90s\\\", \\\"5m\\\", \\\"2h\\\"\"},"

const struct mcp_tool mcp_tool_propose_experiment = {
    "propose_experiment", "Propose an experiment",
    "Propose one run of a command in the project directory (snapshotted "
    "when the run starts). The project's policy decides at once: 'auto' "
    "(approved, it will run soon), 'review' (waits for a human; you cannot "
    "approve it), or 'deny' (an error result listing the policy's reasons: "
    "change the request as they say, e.g. drop network or ask for fewer "
    "resources). Returns the experiment id and the decision with its "
    "reasons; follow with wait_for_experiment. Each call is a new proposal.",
    "{\"type\":\"object\",\"properties\":{"
    "\"name\":{\"type\":\"string\",\"description\":\"short name\"},"
    "\"command\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
    "\"minItems\":1,\"description\":\"the command and its arguments, e.g. "
    "[\\\"./train\\\",\\\"--lr\\\",\\\"0.1\\\"]\"},"
    RESOURCES_SCHEMA
    "\"disk\":{\"type\":\"string\",\"description\":\"work-directory quota\"},"
    "\"network\":{\"type\":\"boolean\",\"description\":\"ask for network "
    "access (usually needs a human)\"},"
    "\"params\":{\"type\":\"object\",\"additionalProperties\":{\"type\":"
    "[\"string\",\"number\"]},\"description\":\"parameters; the run reads "
    "STEWARD_PARAMS\"},"
    "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
    "\"rationale\":{\"type\":\"string\",\"description\":\"why, in one "
    "paragraph, for a human reviewer\"},"
    "\"campaign\":{\"type\":\"string\",\"description\":\"the campaign this "
    "belongs to (inside its envelope it runs without review)\"}},"
    "\"required\":[\"name\",\"command\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
    "\"decision\":{\"type\":\"object\",\"properties\":{\"verdict\":{\"enum\":"
    "[\"auto\",\"review\",\"deny\"]},\"reasons\":{\"type\":\"array\","
    "\"items\":{\"type\":\"string\"}}},\"required\":[\"verdict\","
    "\"reasons\"]}},\"required\":[\"id\",\"decision\"]}",
    0, propose_experiment,
};

const struct mcp_tool mcp_tool_propose_campaign = {
    "propose_campaign", "Propose a campaign",
    "Propose a campaign: an objective and an envelope (limits on runs, "
    "resources, commands and parameter ranges) that a human approves once. "
    "After approval, propose_experiment with campaign=NAME inside the "
    "envelope runs without further review. The campaign starts in state "
    "'proposed'; you cannot approve it yourself.",
    "{\"type\":\"object\",\"properties\":{"
    "\"name\":{\"type\":\"string\"},"
    "\"objective\":{\"type\":\"string\",\"description\":\"\\\"maximize "
    "METRIC\\\" or \\\"minimize METRIC\\\"\"},"
    "\"max_runs\":{\"type\":\"integer\",\"minimum\":1},"
    RESOURCES_SCHEMA
    "\"command\":{\"type\":\"string\",\"description\":\"the one "
    "program the envelope allows, exactly as argv[0] (e.g. \\\"./train\\\"; "
    "no patterns); its file's content is bound at creation\"},"
    "\"cpu_hours\":{\"type\":\"number\",\"minimum\":0},"
    "\"param_ranges\":{\"type\":\"object\",\"additionalProperties\":"
    "{\"type\":\"string\"},\"description\":\"NAME: \\\"LO:HI\\\" or "
    "\\\"A,B,C\\\"\"}},"
    "\"required\":[\"name\",\"objective\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"created\":{\"type\":\"string\"},"
    "\"state\":{\"type\":\"string\"}},\"required\":[\"created\"]}",
    0, propose_campaign,
};
