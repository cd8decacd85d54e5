/*
 * http — one libmicrohttpd daemon per endpoint, and the routes.
 *
 * Each request's principal is decided here, from the kernel's word about
 * the peer (SO_PEERCRED) or from the endpoint (an agent session's socket),
 * and handed to the request child through a pipe. A bearer token is heard
 * only on the humans' socket.
 */
#include "server/server_int.h"
#include "server/open.h"
#include "server/pages.h"
#include "server/rest.h"
#include "server/v1.h"
#include "server/wire.h"
#include "api/principal.h"
#include "core/buf.h"

#include "server/routes.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static enum MHD_Result reply_json(struct MHD_Connection *c, unsigned status,
                                  json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    if (!text)
        return MHD_NO;
    struct MHD_Response *r = MHD_create_response_from_buffer(
        strlen(text), text, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static unsigned http_status(int code)
{
    switch (code) {
    case ERR_USER: return 400;
    case ERR_FORBIDDEN: return 403;
    case ERR_NOTFOUND: return 404;
    case ERR_CONFLICT: case ERR_HALTED: return 409;
    case ERR_DENIED: return 422;
    case ERR_BUSY: return 503;
    default: return 500;
    }
}

static enum MHD_Result reply_err(struct MHD_Connection *c,
                                 const struct err *err)
{
    return reply_json(c, http_status(err->code), json_pack("{s:s,s:s}",
                      "error", err->msg, "code", err_code_name(err->code)));
}

/* TCP peers have no uid: they are who their token says, nobody else. */
#define TCP_NOBODY ((uid_t)-1)

static int peer_uid(const struct endpoint *ep, struct MHD_Connection *c,
                    uid_t *uid)
{
    if (ep->tcp) {
        *uid = TCP_NOBODY;
        return 0;
    }
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
        c, MHD_CONNECTION_INFO_CONNECTION_FD);
    struct ucred cr;
    socklen_t n = sizeof cr;
    if (!ci || getsockopt(ci->connect_fd, SOL_SOCKET, SO_PEERCRED, &cr,
                          &n) < 0)
        return -1;
    *uid = cr.uid;
    return 0;
}

/* The bearer token, heard only on the humans' socket and over TCP. */
static const char *bearer(const struct endpoint *ep, struct MHD_Connection *c)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                "Authorization");
    if (ep->agent[0] || !h || strncmp(h, "Bearer ", 7))
        return "";
    return h + 7;
}

/* Who is asking, as the server decides: {"uid", "agent", "token"}. */
static json_t *asker(const struct endpoint *ep, struct MHD_Connection *c)
{
    uid_t uid;
    if (peer_uid(ep, c, &uid) < 0)
        return NULL;
    return json_pack("{s:I,s:s,s:s}", "uid", (json_int_t)uid, "agent",
                     ep->agent, "token", bearer(ep, c));
}

static int body_json(struct request *rq, json_t **out, struct err *err)
{
    json_error_t je;
    if (rq->too_big)
        return err_set(err, ERR_USER, "request body over %u bytes",
                       WIRE_BODY_MAX);
    *out = json_loadb(rq->body.data ? rq->body.data : "", rq->body.len, 0,
                      &je);
    if (!*out || !json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return err_set(err, ERR_USER, "request body is not a JSON object: %s",
                       je.text);
    }
    return 0;
}

static enum MHD_Result exec_pooled(struct endpoint *ep,
                                   struct MHD_Connection *c,
                                   struct request *rq, json_t *body)
{
    struct err err = ERR_INIT;
    int mutating = routes_mutates(json_object_get(body, "argv"));
    if (rest_run(ep, c, rq, body, REST_FRAMES, mutating, &err))
        return reply_err(c, &err);
    return MHD_YES;
}

static enum MHD_Result route_exec(struct endpoint *ep,
                                  struct MHD_Connection *c,
                                  struct request *rq, json_t *body)
{
    struct err err = ERR_INIT;
    json_t *who = asker(ep, c);
    if (!who) {
        json_decref(body);
        err_set(&err, ERR_INTERNAL, "cannot read the peer's credentials");
        return reply_err(c, &err);
    }
    json_object_set_new(body, "who", who);
    json_object_set_new(body, "home", json_string(ep->srv->home));
    json_object_set_new(body, "root", json_string(ep->srv->root));
    if (ep->pooled)
        return exec_pooled(ep, c, rq, body);
    struct MHD_Response *r = exec_response(ep->srv, body, &err);
    json_decref(body);
    if (!r)
        return reply_err(c, &err);
    MHD_add_response_header(r, "Content-Type", "application/x-steward-frames");
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

/* A handle acting for this connection, for the routes the server
 * answers itself (agent sessions). */
static int connection_open(struct endpoint *ep, struct MHD_Connection *c,
                           struct steward **s, struct err *err)
{
    uid_t uid;
    if (peer_uid(ep, c, &uid) < 0)
        return err_set(err, ERR_INTERNAL, "cannot read the peer's "
                       "credentials");
    return steward_open_peer(ep->srv->home, uid, ep->agent, bearer(ep, c), s,
                             err);
}

static enum MHD_Result route_agents(struct endpoint *ep,
                                    struct MHD_Connection *c, json_t *body,
                                    int end)
{
    struct err err = ERR_INIT;
    struct steward *s = NULL;
    json_t *out = NULL;
    const char *name = json_string_value(json_object_get(body, "name"));
    const char *outcome = json_string_value(json_object_get(body, "outcome"));
    int rc = connection_open(ep, c, &s, &err);
    if (!rc && !name)
        rc = err_set(&err, ERR_USER, "an agent session needs a \"name\"");
    if (!rc && end)
        rc = agents_end(ep->srv, s, name, outcome ? outcome : "", &err);
    else if (!rc)
        rc = agents_begin(ep->srv, s, name, &out, &err);
    steward_close(s);
    json_decref(body);
    if (rc)
        return reply_err(c, &err);
    return reply_json(c, MHD_HTTP_OK, out ? out : json_pack("{s:b}", "ok", 1));
}

static enum MHD_Result route_open(struct endpoint *ep,
                                  struct MHD_Connection *c)
{
    struct err err = ERR_INIT;
    json_t *out = NULL;
    uid_t uid;
    if (peer_uid(ep, c, &uid) < 0)
        err_set(&err, ERR_INTERNAL, "cannot read the peer's credentials");
    else if (!open_login_url(ep, uid, bearer(ep, c), &out, &err))
        return reply_json(c, MHD_HTTP_OK, out);
    fprintf(stderr, "steward: http %u POST /api/v1/open: %s\n",
            http_status(err.code), err.msg);
    return reply_err(c, &err);
}

static enum MHD_Result route_v1(struct endpoint *ep,
                                struct MHD_Connection *c, const char *url,
                                const char *method, struct request *rq)
{
    struct err err = ERR_INIT;
    if (ep->tcp && !strcmp(method, "GET") && !strcmp(url, "/api/v1/status")) {
        enum MHD_Result ok = v1_status(ep, c, bearer(ep, c), rq);
        return rq->state == RQ_DONE ? rq_send(ep, c, method, url, rq) : ok;
    }
    json_t *who = asker(ep, c);
    if (strncmp(url, "/api/v1/", 8)) {
        json_decref(who);
        err_set(&err, ERR_NOTFOUND, "%s %s: no such route", method, url);
        return reply_err(c, &err);
    }
    if (!who) {
        err_set(&err, ERR_INTERNAL, "cannot read the peer's credentials");
        return reply_err(c, &err);
    }
    v1_begin(ep, c, url, method, rq, who);
    return rq->state == RQ_DONE ? rq_send(ep, c, method, url, rq)
                                : MHD_YES;
}

static enum MHD_Result route(struct endpoint *ep, struct MHD_Connection *c,
                             const char *url, const char *method,
                             struct request *rq)
{
    struct err err = ERR_INIT;
    json_t *body = NULL;
    if (ep->tcp && strncmp(url, "/api/", 5))   /* the page: cookies */
        return pages_route(ep, c, url, method, rq);
    if (ep->tcp && !*bearer(ep, c))
        return reply_json(c, MHD_HTTP_UNAUTHORIZED, json_pack("{s:s,s:s}",
                          "error", "over TCP every request needs "
                          "'Authorization: Bearer <token>' ('steward token "
                          "create')", "code", "forbidden"));
    if (!strcmp(method, "GET") && !strcmp(url, "/api/v1/ping"))
        return reply_json(c, MHD_HTTP_OK, json_pack("{s:s,s:s}", "project",
                          ep->srv->root, "endpoint",
                          ep->agent[0] ? "agent" : "humans"));
    int exec = !strcmp(url, "/api/v1/exec");
    int begin = !strcmp(url, "/api/v1/agents");
    int end = !strcmp(url, "/api/v1/agents/end");
    int open = !strcmp(url, "/api/v1/open");
    if ((exec || begin || end || open) && strcmp(method, "POST")) {
        err_set(&err, ERR_USER, "%s %s: wrong method", method, url);
        return reply_json(c, 405, json_pack("{s:s,s:s}", "error", err.msg,
                                            "code", "user"));
    }
    if (open)
        return route_open(ep, c);
    if (!exec && !begin && !end)
        return route_v1(ep, c, url, method, rq);
    if (body_json(rq, &body, &err))
        return reply_err(c, &err);
    if (exec)
        return route_exec(ep, c, rq, body);
    return route_agents(ep, c, body, end);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *data,
                                  size_t *size, void **con_cls)
{
    (void)version;
    struct request *rq = *con_cls;
    struct err err = ERR_INIT;
    if (!rq) {
        if (!(rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        buf_init(&rq->body, WIRE_BODY_MAX);
        *con_cls = rq;
        return MHD_YES;
    }
    if (*size) {
        if (!rq->too_big && buf_append(&rq->body, data, *size, &err))
            rq->too_big = 1;
        *size = 0;
        return MHD_YES;
    }
    if (rq->state == RQ_DONE)   /* resumed with its answer */
        return rq_send(cls, c, method, url, rq);
    if (rq->state != RQ_NEW)
        return MHD_YES;
    return route(cls, c, url, method, rq);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode why)
{
    (void)cls, (void)c, (void)why;
    struct request *rq = *con_cls;
    if (!rq)
        return;
    buf_free(&rq->body);
    free(rq->reply);
    free(rq);
    *con_cls = NULL;
}

/* TCP: a pool of polling threads (epoll); a command runs off them on a
 * job thread and a long poll is suspended, so that no client holds a
 * thread (rest.c, changes.c). */
static struct MHD_Daemon *start_pooled(struct endpoint *ep, unsigned timeout)
{
    struct MHD_OptionItem tls[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, ep->tls_cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, ep->tls_key},
        {MHD_OPTION_END, 0, NULL}};
    if (!ep->tls)
        tls[0].option = MHD_OPTION_END;
    return MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY |
            MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME |
            (ep->tls ? MHD_USE_TLS : 0),
        0, NULL, NULL, on_request, ep, MHD_OPTION_LISTEN_SOCKET, ep->fd,
        MHD_OPTION_NOTIFY_COMPLETED, on_done, ep,
        MHD_OPTION_CONNECTION_TIMEOUT, timeout,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)HTTP_POOL_THREADS,
        MHD_OPTION_CONNECTION_LIMIT, 256u, MHD_OPTION_ARRAY, tls,
        MHD_OPTION_END);
}

int endpoint_start(struct endpoint *ep, struct err *err)
{
    /* a network peer that stalls is cut off; local clients stream (logs
     * -f) as long as they like */
    unsigned timeout = ep->tcp ? 30u : 0u;
    ep->pooled = ep->tcp;
    ep->daemon = ep->pooled ? start_pooled(ep, timeout) : MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
            MHD_USE_ITC,
        0, NULL, NULL, on_request, ep, MHD_OPTION_LISTEN_SOCKET, ep->fd,
        MHD_OPTION_NOTIFY_COMPLETED, on_done, ep,
        MHD_OPTION_CONNECTION_TIMEOUT, timeout,
        MHD_OPTION_CONNECTION_LIMIT, 256u, MHD_OPTION_END);
    if (!ep->daemon)
        return err_set(err, ERR_INTERNAL, "cannot serve HTTP on %s",
                       ep->path);
    return 0;
}

void endpoint_stop(struct endpoint *ep)
{
    if (ep->daemon)
        MHD_stop_daemon(ep->daemon);
    ep->daemon = NULL;
    if (ep->fd >= 0) {   /* ours: the socket file goes with it */
        close(ep->fd);
        if (!ep->tcp)
            unlink(ep->path);
    }
    ep->fd = -1;
}
