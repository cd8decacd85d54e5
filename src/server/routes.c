/*
 * routes — the REST routes of /api/v1/: a table from method and path to
 * the CLI command that answers them.
 *
 * A route is no second path into the state: it names a command (with
 * --json), which the request child runs as the request's principal, so
 * roles, validation and the ledger are the CLI's own. This file only
 * matches paths, checks their parameters (an id is digits, a name is
 * [A-Za-z0-9._-] and never "." or "..": anything else is a 400 before a
 * child starts) and turns the few body fields a route takes into options.
 */
#include "server/routes.h"

#include <stdlib.h>
#include <string.h>

enum { B_REASON = 1, B_REASON_REQ = 2, B_KILL = 4, B_CAMPAIGN = 8,
       B_IDS = 16, B_POLICY = 32 };

struct route {
    const char *method;
    const char *path;     /* ":id" digits, ":name" a safe name */
    const char *argv[6];  /* "{}" stands for the path parameter */
    unsigned body;        /* B_*: what the body may carry */
    int mutating;
};

static const struct route routes[] = {
    {"GET", "/api/v1/status", {"status", "--json"}, 0, 0},
    {"GET", "/api/v1/queue", {"queue", "--json"}, 0, 0},
    {"GET", "/api/v1/experiments/:id", {"show", "{}", "--json"}, 0, 0},
    {"GET", "/api/v1/experiments/:id/status", {"status", "{}", "--json"}, 0,
     0},
    {"GET", "/api/v1/experiments/:id/logs", {"logs", "{}", "--json"}, 0, 0},
    {"GET", "/api/v1/experiments/:id/metrics", {"metrics", "{}", "--json"},
     0, 0},
    {"GET", "/api/v1/experiments/:id/digest", {"digest", "{}", "--json"}, 0,
     0},
    {"POST", "/api/v1/experiments/:id/approve", {"approve", "{}", "--json"},
     B_REASON, 1},
    {"POST", "/api/v1/experiments/:id/reject", {"reject", "{}", "--json"},
     B_REASON | B_REASON_REQ, 1},
    {"POST", "/api/v1/experiments/:id/cancel", {"cancel", "{}", "--json"},
     B_REASON, 1},
    {"POST", "/api/v1/approve", {"approve", "--json"}, B_REASON | B_IDS, 1},
    {"GET", "/api/v1/campaigns", {"campaign", "list", "--json"}, 0, 0},
    {"GET", "/api/v1/campaigns/:name",
     {"campaign", "summary", "{}", "--json"}, 0, 0},
    {"GET", "/api/v1/budget", {"budget", "--json"}, 0, 0},
    {"POST", "/api/v1/halt", {"halt", "--json"},
     B_REASON | B_REASON_REQ | B_KILL | B_CAMPAIGN, 1},
    {"POST", "/api/v1/resume", {"resume", "--json"}, B_REASON | B_CAMPAIGN,
     1},
    {"GET", "/api/v1/ledger", {"ledger", "export", "--json"}, 0, 0},
    {"GET", "/api/v1/ledger/verify", {"ledger", "verify", "--json"}, 0, 0},
    {"GET", "/api/v1/policy", {"policy", "check", "--json"}, 0, 0},
    {"POST", "/api/v1/policy", {"policy", "apply", "--json"}, B_POLICY, 1},
};

#define ROUTES_N (sizeof routes / sizeof routes[0])

static int valid_param(const char *kind, const char *s, size_t n)
{
    if (n == 0 || n > ROUTES_PARAM_MAX)
        return 0;
    const char *ok = !strcmp(kind, ":id") ? "0123456789"
        : "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    for (size_t i = 0; i < n; i++)
        if (!strchr(ok, s[i]))
            return 0;
    return !(n == 1 && s[0] == '.') && !(n == 2 && !strncmp(s, "..", 2));
}

/* Compares path with a pattern segment by segment. 1: match; 0: no;
 * -1: the shape matches but the parameter is malformed. */
static int path_match(const char *pat, const char *path, char *param)
{
    while (*pat && *path) {
        const char *pe = strchrnul(pat, '/'), *e = strchrnul(path, '/');
        size_t pn = (size_t)(pe - pat), n = (size_t)(e - path);
        if (pat[0] == ':') {
            if (!valid_param(pn == 3 ? ":id" : ":name", path, n))
                return -1;
            memcpy(param, path, n);
            param[n] = '\0';
        } else if (pn != n || strncmp(pat, path, n)) {
            return 0;
        }
        pat = *pe ? pe + 1 : pe;
        path = *e ? e + 1 : e;
    }
    return !*pat && !*path;
}

static int add(json_t *argv, const char *s)
{
    return json_array_append_new(argv, json_string(s));
}

static int body_reason(const struct route *r, json_t *body, json_t *argv,
                       struct err *err)
{
    const char *reason = json_string_value(json_object_get(body, "reason"));
    if (json_object_get(body, "reason") && !reason)
        return err_set(err, ERR_USER, "\"reason\" is a string");
    if ((r->body & B_REASON_REQ) && (!reason || !*reason))
        return err_set(err, ERR_USER, "%s %s needs a \"reason\"", r->method,
                       r->path);
    if (reason && (add(argv, "--reason") || add(argv, reason)))
        return err_set(err, ERR_INTERNAL, "out of memory");
    return 0;
}

static int body_ids(json_t *body, json_t *argv, struct err *err)
{
    const json_t *ids = json_object_get(body, "ids"), *id;
    size_t i;
    if (!json_is_array(ids) || !json_array_size(ids) ||
        json_array_size(ids) > ROUTES_IDS_MAX)
        return err_set(err, ERR_USER, "\"ids\" is an array of 1 to %d "
                       "experiment ids", ROUTES_IDS_MAX);
    json_array_foreach(ids, i, id) {
        char text[32];
        if (!json_is_integer(id) || json_integer_value(id) < 1)
            return err_set(err, ERR_USER, "\"ids\" holds positive integers");
        snprintf(text, sizeof text, "%lld", (long long)json_integer_value(id));
        if (add(argv, text))
            return err_set(err, ERR_INTERNAL, "out of memory");
    }
    return 0;
}

static int body_flags(const struct route *r, json_t *body, json_t *argv,
                      struct err *err)
{
    const json_t *kill = json_object_get(body, "kill");
    const char *camp = json_string_value(json_object_get(body, "campaign"));
    if (kill && !json_is_boolean(kill))
        return err_set(err, ERR_USER, "\"kill\" is true or false");
    if (json_object_get(body, "campaign") &&
        (!camp || !valid_param(":name", camp, strlen(camp))))
        return err_set(err, ERR_USER, "\"campaign\" is a campaign name");
    if (json_is_true(kill) && add(argv, "--kill"))
        return err_set(err, ERR_INTERNAL, "out of memory");
    if (camp && (add(argv, "--campaign") || add(argv, camp)))
        return err_set(err, ERR_INTERNAL, "out of memory");
    (void)r;
    return 0;
}

/* Only the fields a route names; anything else is a client's mistake. */
static int body_known(const struct route *r, json_t *body, struct err *err)
{
    static const struct { const char *key; unsigned bit; } keys[] = {
        {"reason", B_REASON}, {"kill", B_KILL}, {"campaign", B_CAMPAIGN},
        {"ids", B_IDS}, {"policy", B_POLICY}};
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v) {
        unsigned bit = 0;
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            if (!strcmp(k, keys[i].key))
                bit = keys[i].bit;
        if (!(r->body & bit))
            return err_set(err, ERR_USER, "%s %s takes no \"%s\"", r->method,
                           r->path, k);
    }
    return 0;
}

static int build(const struct route *r, const char *param, json_t *body,
                 struct routes_call *call, struct err *err)
{
    call->argv = json_array();
    call->mutating = r->mutating;
    call->policy = NULL;
    for (int i = 0; i < 6 && r->argv[i]; i++)
        if (add(call->argv, strcmp(r->argv[i], "{}") ? r->argv[i] : param))
            return err_set(err, ERR_INTERNAL, "out of memory");
    int rc = body_known(r, body, err);
    rc = rc ? rc : (r->body & B_IDS) ? body_ids(body, call->argv, err) : 0;
    rc = rc ? rc : body_reason(r, body, call->argv, err);
    rc = rc ? rc : body_flags(r, body, call->argv, err);
    if (!rc && (r->body & B_POLICY)) {
        call->policy = json_string_value(json_object_get(body, "policy"));
        if (!call->policy)
            rc = err_set(err, ERR_USER, "\"policy\" is the policy's text");
    }
    return rc;
}

/* A "." or ".." segment, an empty one, or a byte no route uses: a path
 * that tries to climb, refused before any table lookup. */
static int path_suspect(const char *path)
{
    for (const char *seg = path; *seg; ) {
        const char *e = strchrnul(seg + 1, '/');
        size_t n = (size_t)(e - seg - 1);
        if (seg[0] != '/' || n == 0 || (n == 1 && seg[1] == '.') ||
            (n == 2 && !strncmp(seg + 1, "..", 2)))
            return 1;
        seg = e;
    }
    return strspn(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                  "0123456789._-/") != strlen(path);
}

int routes_find(const char *method, const char *path, json_t *body,
                struct routes_call *call, struct err *err)
{
    char param[ROUTES_PARAM_MAX + 1] = "";
    int shape = 0;
    memset(call, 0, sizeof *call);
    if (path_suspect(path))
        return err_set(err, ERR_USER, "%s: a malformed path (empty, \".\" "
                       "or \"..\" segments, or bytes outside "
                       "[A-Za-z0-9._-/])", path);
    for (size_t i = 0; i < ROUTES_N; i++) {
        int m = path_match(routes[i].path, path, param);
        if (m < 0)
            return err_set(err, ERR_USER, "%s: a malformed path parameter "
                           "(ids are digits, names [A-Za-z0-9._-])", path);
        if (m && strcmp(routes[i].method, method)) {
            shape = 1;
            continue;
        }
        if (m)
            return build(&routes[i], param, body, call, err);
    }
    if (shape)
        return err_set(err, ROUTES_ERR_METHOD, "%s %s: wrong method", method,
                       path);
    return err_set(err, ERR_NOTFOUND, "%s %s: no such route", method, path);
}

int routes_mutates(const json_t *argv)
{
    static const char *const readers[] = {
        "status", "show", "queue", "logs", "metrics", "artifacts", "digest",
        "compare", "stats", "search", "attention", "budget", "help",
        "completion", "mcp"};
    const char *cmd = json_string_value(json_array_get(argv, 0));
    const char *sub = json_string_value(json_array_get(argv, 1));
    if (!cmd)
        return 0;
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
        if (!strcmp(cmd, readers[i]))
            return 0;
    if (!strcmp(cmd, "ledger") || !strcmp(cmd, "policy"))
        return sub && !strcmp(sub, "apply");
    return !(!strcmp(cmd, "campaign") && sub &&
             (!strcmp(sub, "list") || !strcmp(sub, "summary")));
}

void routes_call_release(struct routes_call *call)
{
    json_decref(call->argv);
    call->argv = NULL;
}
