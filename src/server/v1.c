/*
 * v1 — the JSON routes of /api/v1/ besides exec and agents: the cached
 * status and the long poll (changes.c), answered by the server itself, and
 * every other route through the table (routes.c) run as a command
 * (rest.c). Request bodies here are small JSON objects (ROUTES_BODY_MAX).
 */
#include "server/v1.h"
#include "server/routes.h"
#include "server/tokens.h"
#include "server/changes.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

static void fail(struct request *rq, unsigned status, int code,
                 const char *msg)
{
    struct err err = ERR_INIT;
    err_set(&err, code, "%s", msg);
    rq_fail(rq, status, &err);
    rq->state = RQ_DONE;
}

static int body_object(struct request *rq, json_t **out)
{
    json_error_t je;
    if (rq->too_big || rq->body.len > ROUTES_BODY_MAX) {
        fail(rq, 413, ERR_USER, "request body too large");
        return -1;
    }
    if (!rq->body.len) {
        *out = json_object();
        return 0;
    }
    *out = json_loadb(rq->body.data, rq->body.len, 0, &je);
    if (!json_is_object(*out)) {
        json_decref(*out);
        fail(rq, 400, ERR_USER, "the request body is not a JSON object");
        return -1;
    }
    return 0;
}

/* GET /api/v1/status over TCP: the cached summary, for any principal
 * with a role; no child, no SQLite (tokens.c remembers the token). */
enum MHD_Result v1_status(struct endpoint *ep, struct MHD_Connection *c,
                          const char *token, struct request *rq)
{
    char role[16];
    if (tokens_role(ep->srv->home, token, role, sizeof role) < 0) {
        fail(rq, 403, ERR_FORBIDDEN, "this token is nobody's");
        return MHD_YES;
    }
    if (changes_queue_status(c) == MHD_YES)
        return MHD_YES;
    fail(rq, 503, ERR_BUSY, "no status yet; retry");
    return MHD_YES;
}

static void events(struct endpoint *ep, struct MHD_Connection *c,
                   struct request *rq, const char *token)
{
    char role[16], *end;
    const char *since = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
                                                    "since");
    if (ep->tcp && tokens_role(ep->srv->home, token, role, sizeof role) < 0)
        fail(rq, 403, ERR_FORBIDDEN, "this token is nobody's");
    else if (!since || strspn(since, "0123456789") != strlen(since) ||
             !*since || strlen(since) > 18)
        fail(rq, 400, ERR_USER, "events want ?since=SEQ, a number");
    else {
        rq->since = strtoll(since, &end, 10);
        changes_poll(rq, c, ep->pooled);
    }
}

static unsigned rest_status(int code)
{
    switch (code) {
    case ROUTES_ERR_METHOD: return 405;
    case ERR_NOTFOUND: return 404;
    case ERR_BUSY: return 503;
    case ERR_USER: return 400;
    default: return 500;
    }
}

static void rest(struct endpoint *ep, struct MHD_Connection *c,
                 const char *url, const char *method, struct request *rq,
                 json_t *who)
{
    struct err err = ERR_INIT;
    json_t *body = NULL;
    if (body_object(rq, &body)) {
        json_decref(who);
        return;
    }
    if (rest_begin(ep, c, method, url, rq, body, who, &err))
        fail(rq, rest_status(err.code), err.code == ROUTES_ERR_METHOD
             ? ERR_USER : err.code, err.msg);
    json_decref(body);
}

void v1_begin(struct endpoint *ep, struct MHD_Connection *c, const char *url,
              const char *method, struct request *rq, json_t *who)
{
    const char *token = json_string_value(json_object_get(who, "token"));
    int get = !strcmp(method, "GET");
    if (get && !strcmp(url, "/api/v1/events"))
        events(ep, c, rq, token);
    else
        rest(ep, c, url, method, rq, who), who = NULL;
    json_decref(who);
}
