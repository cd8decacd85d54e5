/*
 * tools_promote — request_promotion: an agent asks for a candidate to go
 * to production, and learns at once which gates stand in the way. It can
 * never approve: no tool does (issue 23); the answer says who decides.
 */
#include "mcp/tools.h"
#include "core/json.h"

#include <stdio.h>
#include <string.h>

/* The card's gates, trimmed to what a model acts on. */
static json_t *gates_brief(const json_t *card)
{
    static const char *const keys[] = {"gate", "met", "why", NULL};
    return json_pick_each(json_object_get(card, "gates"), keys);
}

/* The card of promotion id, trimmed to what a model acts on. */
static json_t *card_of(struct mcp *m, long long cand, json_int_t id)
{
    char pid[32];
    json_t *card = NULL;
    snprintf(pid, sizeof pid, "%lld", (long long)id);
    const char *argv[] = {"promote", "status", pid, "--json"};
    json_t *r = mcp_run(m, 4, argv, &card);
    if (r)
        return r;
    json_t *out = json_pack("{s:I,s:I,s:O,s:o,s:s}", "promotion", id,
        "candidate", (json_int_t)cand, "state", json_object_get(card,
        "state"), "gates", gates_brief(card), "next", "humans decide: "
        "every gate must be met, then distinct humans other than you "
        "approve ('steward promote status ID' shows progress); you cannot "
        "approve, reject or roll back");
    json_decref(card);
    return mcp_ok(out);
}

static json_t *request_promotion(struct mcp *m, json_t *args,
                                 const json_t *progress)
{
    long long cand = 0;
    const char *reason = "";
    char id[32];
    json_t *fail = NULL, *req = NULL;
    (void)progress;
    if (!json_object_get(args, "candidate"))
        return mcp_fail("invalid arguments: \"candidate\" (a candidate id "
                        "from 'steward candidate list') is required");
    if (mcp_arg_int(args, "candidate", 1, 1LL << 53, &cand, &fail) ||
        mcp_arg_str(args, "reason", 0, &reason, &fail))
        return fail;
    snprintf(id, sizeof id, "%lld", cand);
    const char *argv[] = {"promote", "request", id, "--to", "production",
                          "--reason", reason ? reason : "", "--json"};
    json_t *r = mcp_run(m, 8, argv, &req);
    if (r)
        return r;
    json_int_t promo = json_integer_value(json_object_get(req, "promotion"));
    json_decref(req);
    return card_of(m, cand, promo);
}

const struct mcp_tool mcp_tool_request_promotion = {
    "request_promotion", "Request promotion of a candidate to production",
    "Asks for a registered candidate (a succeeded run's artifact, see "
    "'steward candidate add RUN PATH --name NAME') to be promoted to "
    "production. This only files the request: production changes when "
    "every gate of the policy is met (stored comparisons against the "
    "model in production, eval and red-team runs tagged for the candidate "
    "with param candidate=ID) and enough humans other than you approve. "
    "The result lists each gate with met and why, so you can supply "
    "missing evidence (e.g. propose an eval run with tag eval and param "
    "candidate=ID, or run compare). A refused request (unknown candidate, "
    "failed run, tampered artifact, already waiting) is an isError result "
    "saying why.",
    "{\"type\":\"object\",\"properties\":{"
    "\"candidate\":{\"type\":\"integer\",\"minimum\":1,\"description\":"
    "\"candidate id\"},"
    "\"reason\":{\"type\":\"string\",\"maxLength\":2000,\"description\":"
    "\"why this candidate should go to production\"}},"
    "\"required\":[\"candidate\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{"
    "\"promotion\":{\"type\":\"integer\"},\"candidate\":{\"type\":"
    "\"integer\"},\"state\":{\"type\":\"string\"},\"gates\":{\"type\":"
    "\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"gate\":"
    "{\"type\":\"string\"},\"met\":{\"type\":\"boolean\"},\"why\":{\"type\":"
    "\"string\"}},\"required\":[\"gate\",\"met\",\"why\"]}},\"next\":"
    "{\"type\":\"string\"}},\"required\":[\"promotion\",\"candidate\","
    "\"state\",\"gates\"]}",
    0, request_promotion,
};
