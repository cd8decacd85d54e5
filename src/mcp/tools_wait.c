/*
 * tools_wait — wait_for_experiment: block until an experiment leaves a
 * state, or until timeout_s (default 50 s, under the 60 s default
 * request timeout of the SDK clients), then return the current state.
 *
 * It polls the server (the same `status` any client runs) ten times a
 * second: the server answers that read in its own process in a fraction
 * of a millisecond, so a change reaches the agent within 0.1 s. Between
 * polls it keeps reading stdin (mcp_interrupts): pings are answered, a
 * notifications/cancelled for this call ends the wait, and when the
 * client sent a progressToken every fifth poll (twice a second) sends a
 * notifications/progress, so clients that reset their timeout on
 * progress can wait longer.
 */
#include "mcp/tools.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define WAIT_DEFAULT_S 50
#define WAIT_MAX_S 3600
#define POLL_MS 100
#define PROGRESS_EVERY 5   /* polls per progress notification */

/* States an experiment never leaves (api/state.h; duplicated here, the
 * MCP server being a client that sees states as text). */
static int final(const char *s)
{
    static const char *const done[] = {"denied", "rejected", "expired",
        "succeeded", "failed", "timed_out", "killed", "cancelled", "lost",
        NULL};
    for (size_t i = 0; s && done[i]; i++)
        if (!strcmp(s, done[i]))
            return 1;
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The experiment's record, or the error result. */
static json_t *look(struct mcp *m, const char *id, json_t **rec)
{
    const char *argv[] = {"status", id, "--json"};
    return mcp_run(m, 3, argv, rec);
}

static void progress_note(const json_t *token, int n, double waited,
                          long long timeout, const char *state)
{
    char msg[160];
    snprintf(msg, sizeof msg, "still %s after %.0f s", state, waited);
    (void)mcp_send(json_pack("{s:s,s:s,s:{s:O,s:i,s:I,s:s}}", "jsonrpc",
                             "2.0", "method", "notifications/progress",
                             "params", "progressToken", token, "progress", n,
                             "total", (json_int_t)(timeout * 1000 /
                                                   (POLL_MS * PROGRESS_EVERY)),
                             "message", msg));
}

static json_t *outcome(json_t *rec, const char *from, double waited)
{
    const char *state = json_string_value(json_object_get(rec, "state"));
    json_t *run = json_object_get(rec, "run");
    json_t *out = json_pack("{s:O,s:s,s:s,s:b,s:b,s:f}", "id",
                            json_object_get(rec, "id"), "state", state,
                            "previous_state", from, "changed",
                            strcmp(state, from) != 0, "final", final(state),
                            "waited_s", waited);
    if (json_is_integer(json_object_get(run, "exit_code")))
        json_object_set(out, "exit_code", json_object_get(run, "exit_code"));
    json_decref(rec);
    return mcp_ok(out);
}

struct wait {
    char id[32];
    char from[64];
    long long timeout;
};

static json_t *wait_loop(struct mcp *m, struct wait *w, const json_t *token)
{
    double start = now_s();
    json_t *rec = NULL, *r;
    for (int n = 1;; n++) {
        if ((r = look(m, w->id, &rec)))
            return r;
        const char *st = json_string_value(json_object_get(rec, "state"));
        double waited = now_s() - start;
        if (!st || strcmp(st, w->from) || final(st) ||
            waited >= (double)w->timeout || m->cancelled || m->eof)
            return outcome(rec, w->from, waited);
        if (token && n % PROGRESS_EVERY == 0)
            progress_note(token, n / PROGRESS_EVERY, waited, w->timeout, st);
        json_decref(rec);
        mcp_interrupts(m, POLL_MS);
    }
}

static json_t *wait_for_experiment(struct mcp *m, json_t *args,
                                   const json_t *progress)
{
    struct wait w = {.timeout = WAIT_DEFAULT_S};
    long long id = 0;
    const char *from = NULL;
    json_t *fail = NULL, *rec;
    if (!json_object_get(args, "id"))
        return mcp_fail("invalid arguments: \"id\" is required");
    if (mcp_arg_int(args, "id", 1, 1LL << 53, &id, &fail) ||
        mcp_arg_int(args, "timeout_s", 0, WAIT_MAX_S, &w.timeout, &fail) ||
        mcp_arg_str(args, "state", 0, &from, &fail))
        return fail;
    snprintf(w.id, sizeof w.id, "%lld", id);
    if (!from) {
        json_t *r = look(m, w.id, &rec);
        if (r)
            return r;
        from = json_string_value(json_object_get(rec, "state"));
        snprintf(w.from, sizeof w.from, "%s", from ? from : "");
        json_decref(rec);
    } else {
        snprintf(w.from, sizeof w.from, "%s", from);
    }
    return wait_loop(m, &w, progress);
}

const struct mcp_tool mcp_tool_wait_for_experiment = {
    "wait_for_experiment", "Wait for an experiment",
    "Block until experiment id leaves its current state (or the state "
    "you name), or until timeout_s seconds pass (default 50), then return "
    "the state: changed tells whether it moved, final whether it will "
    "never move again (succeeded, failed, timed_out, killed, cancelled, "
    "denied, rejected, expired, lost). Call again to keep waiting; a run "
    "waiting for human review can wait for hours.",
    "{\"type\":\"object\",\"properties\":{"
    "\"id\":{\"type\":\"integer\",\"minimum\":1},"
    "\"state\":{\"type\":\"string\",\"description\":\"wait until it is no "
    "longer in this state (default: its state now)\"},"
    "\"timeout_s\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":3600,"
    "\"default\":50}},\"required\":[\"id\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
    "\"state\":{\"type\":\"string\"},\"previous_state\":{\"type\":"
    "\"string\"},\"changed\":{\"type\":\"boolean\"},\"final\":{\"type\":"
    "\"boolean\"},\"waited_s\":{\"type\":\"number\"},\"exit_code\":"
    "{\"type\":\"integer\"}},\"required\":[\"id\",\"state\",\"changed\","
    "\"final\"]}",
    MCP_READ_ONLY, wait_for_experiment,
};
