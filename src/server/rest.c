/*
 * rest — answers a REST route (routes.c) with the JSON its command printed.
 *
 * On a pooled endpoint (TCP: a few polling threads serve every
 * connection) a command must not hold a polling thread while it runs, so
 * the connection is suspended, a job thread runs the child to its end,
 * and resumes the connection with the answer ready. On a thread-per-
 * connection endpoint (the Unix sockets) the connection's own thread runs
 * it. Jobs are bounded (REST_JOBS_MAX at once; more is a 503).
 *
 * The HTTP status follows the command's exit status (cli.h): 0 → 200,
 * 1 → 400 (404 when the command says notfound), 2 → 422, 4 → 403,
 * 5 → 409, 6 → 503, else 500.
 */
#include "server/rest.h"
#include "server/collect.h"
#include "server/routes.h"
#include "server/wire.h"
#include "core/b64.h"
#include "web/web.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REST_JOBS_MAX 32

static atomic_int jobs;

struct job {
    struct endpoint *ep;
    struct MHD_Connection *c;
    struct request *rq;
    json_t *request;
    int mutating;
    int kind;        /* REST_JSON, REST_FRAMES, REST_HTML, REST_FORM */
};

static unsigned status_for(int exit_status, const json_t *out)
{
    const char *code = json_string_value(json_object_get(out, "code"));
    switch (exit_status) {
    case 0: return 200;
    case 1: return code && !strcmp(code, "not_found") ? 404 : 400;
    case 2: return 422;
    case 4: return 403;
    case 5: return 409;
    case 6: return 503;
    default: return 500;
    }
}

/* The last line the command wrote on stderr, its "steward: ..." reason. */
static json_t *stderr_error(struct collected *c, unsigned status)
{
    char msg[512];
    const char *s = c->errs.data ? c->errs.data : "";
    size_t n = c->errs.len;
    while (n && s[n - 1] == '\n')
        n--;
    size_t start = n;
    while (start && s[start - 1] != '\n')
        start--;
    snprintf(msg, sizeof msg, "%.*s", (int)(n - start), s + start);
    if (!msg[0])
        snprintf(msg, sizeof msg, "the command ended with status %d",
                 c->status);
    return json_pack("{s:s,s:s}", "error", msg, "code", status == 403
                     ? "forbidden" : status == 404 ? "not_found" : "error");
}

/* One JSON document, or JSON lines (ledger export) as an array. */
static json_t *parse_out(struct collected *c)
{
    const char *p = c->out.data ? c->out.data : "", *end = p + c->out.len;
    json_t *one = json_loadb(p, c->out.len, 0, NULL), *all;
    if (one || !c->out.len)
        return one;
    all = json_array();
    while (all && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        json_t *v = n ? json_loadb(p, n, 0, NULL) : NULL;
        if (n && (!v || json_array_append_new(all, v)))
            json_decref(all), all = NULL;
        p += n + 1;
    }
    return all;
}

/* The answer: the command's JSON, or {error, code}. */
static void answer(struct request *rq, struct collected *c)
{
    json_t *out = c->truncated ? NULL : parse_out(c);
    rq->status = status_for(c->status, out);
    if (c->truncated)
        out = json_pack("{s:s,s:s}", "error", "the answer is over the "
                        "server's limit", "code", "internal"), rq->status = 500;
    else if (!out && !c->status)
        out = json_pack("{s:s%}", "output", c->out.data ? c->out.data : "",
                        c->out.len);
    else if (!out || (c->status && !json_object_get(out, "error") &&
                      !json_is_object(out)))
        json_decref(out), out = stderr_error(c, rq->status);
    rq->reply = json_dumps(out, JSON_COMPACT);
    rq->reply_len = rq->reply ? strlen(rq->reply) : 0;
    json_decref(out);
}

/* /exec over TCP: the frames of wire.h, all at once. */
static void answer_frames(struct request *rq, struct collected *c)
{
    struct buf b;
    struct err err = ERR_INIT;
    buf_init(&b, 2 * COLLECT_MAX + 64);
    int rc = buf_appendf(&b, &err, "o %zu\n", c->out.len);
    rc = rc ? rc : buf_append(&b, c->out.data, c->out.len, &err);
    rc = rc ? rc : buf_appendf(&b, &err, "e %zu\n", c->errs.len);
    rc = rc ? rc : buf_append(&b, c->errs.data, c->errs.len, &err);
    rc = rc ? rc : buf_appendf(&b, &err, "x %d\n", c->status);
    rq->status = rc ? 500 : 200;
    rq->reply_len = rc ? 0 : b.len;
    rq->reply = rc ? NULL : buf_take(&b);
    buf_free(&b);
}

/* A page: the HTML the child printed, its status from the exit status. */
static void answer_html(struct request *rq, struct collected *c)
{
    rq->status = c->truncated || !c->out.len ? 500
        : c->status == WEB_PAGE_NOTFOUND ? 404 : status_for(c->status, NULL);
    rq->reply_len = c->out.len;
    rq->reply = c->out.len && !c->truncated ? buf_take(&c->out) : NULL;
    if (!rq->reply)
        html_error(rq, 500, "the page could not be built");
}

/* A form's command: done → 303 to rq->location; refused → why, as HTML. */
static void answer_form(struct request *rq, struct collected *c)
{
    if (c->status == 0) {
        rq->status = 303;
        rq->reply = strdup("");
        rq->reply_len = 0;
        return;
    }
    json_t *out = parse_out(c);
    json_t *e = json_object_get(out, "error") ? json_incref(out)
                                              : stderr_error(c, 400);
    html_error(rq, status_for(c->status, out),
               json_string_value(json_object_get(e, "error")));
    json_decref(e);
    json_decref(out);
}

static void job_run(struct job *j)
{
    struct collected c;
    struct err err = ERR_INIT;
    collected_init(&c);
    if (collect_run(j->request, &c, &err)) {
        rq_fail(j->rq, 500, &err);
    } else {
        if (j->kind == REST_FRAMES)
            answer_frames(j->rq, &c);
        else if (j->kind == REST_HTML)
            answer_html(j->rq, &c);
        else if (j->kind == REST_FORM)
            answer_form(j->rq, &c);
        else
            answer(j->rq, &c);
        if (j->mutating)
            server_changed(j->ep->srv, 1);
        server_wake(j->ep->srv);
    }
    collected_release(&c);
    json_decref(j->request);
}

static void *job_thread(void *arg)
{
    struct job *j = arg;
    job_run(j);
    j->rq->state = RQ_DONE;
    MHD_resume_connection(j->c);
    atomic_fetch_sub(&jobs, 1);
    free(j);
    return NULL;
}

/* The request a child reads: the route's argv, run from the project. */
static json_t *child_request(struct endpoint *ep, json_t *who,
                             struct routes_call *call)
{
    json_t *req = json_pack("{s:o,s:O,s:s,s:s,s:s}", "who", who, "argv",
                            call->argv, "cwd", ep->srv->root, "home",
                            ep->srv->home, "root", ep->srv->root);
    if (req && call->policy) {
        json_array_append_new(json_object_get(req, "argv"),
                              json_string(WIRE_FILE_MARK "0"));
        json_object_set_new(req, "files", json_pack("[o]", b64_json(
            call->policy, strlen(call->policy))));
    }
    return req;
}

static int job_start(struct job *j, struct err *err)
{
    pthread_t t;
    pthread_attr_t a;
    if (atomic_fetch_add(&jobs, 1) >= REST_JOBS_MAX) {
        atomic_fetch_sub(&jobs, 1);
        return err_set(err, ERR_BUSY, "too many requests at once; retry");
    }
    j->rq->state = RQ_WORKING;
    MHD_suspend_connection(j->c);
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &a, job_thread, j) == 0)
        return pthread_attr_destroy(&a), 0;
    pthread_attr_destroy(&a);
    j->rq->state = RQ_NEW;
    MHD_resume_connection(j->c);
    atomic_fetch_sub(&jobs, 1);
    return err_set(err, ERR_BUSY, "cannot start a thread; retry");
}

static int job_go(struct job *j, struct err *err)
{
    if (j->ep->pooled)
        return job_start(j, err);
    job_run(j);
    j->rq->state = RQ_DONE;
    free(j);
    return 0;
}

int rest_begin(struct endpoint *ep, struct MHD_Connection *c,
               const char *method, const char *url, struct request *rq,
               json_t *body, json_t *who, struct err *err)
{
    struct routes_call call;
    int rc = routes_find(method, url, body, &call, err);
    if (rc) {
        json_decref(who);
        routes_call_release(&call);
        return rc;
    }
    struct job *j = calloc(1, sizeof *j);
    json_t *req = child_request(ep, who, &call);
    routes_call_release(&call);
    if (!j || !req)
        rc = err_set(err, ERR_INTERNAL, "out of memory");
    else
        *j = (struct job){ep, c, rq, req, call.mutating, REST_JSON};
    if (!rc && (rc = job_go(j, err)))
        json_decref(req);
    if (rc)
        free(j);
    return rc;
}

int rest_run(struct endpoint *ep, struct MHD_Connection *c,
             struct request *rq, json_t *request, int kind, int mutating,
             struct err *err)
{
    struct job *j = calloc(1, sizeof *j);
    if (!j) {
        json_decref(request);
        return err_set(err, ERR_INTERNAL, "out of memory");
    }
    *j = (struct job){ep, c, rq, request, mutating, kind};
    rq->kind = kind;
    int rc = job_go(j, err);
    if (rc) {
        json_decref(request);
        free(j);
    }
    return rc;
}

void rest_drain(void)
{
    for (int i = 0; i < 500 && atomic_load(&jobs) > 0; i++)
        usleep(10000);   /* at shutdown only: jobs end with their child */
}

void rq_fail(struct request *rq, unsigned status, const struct err *err)
{
    json_t *e = json_pack("{s:s,s:s}", "error", err->msg, "code",
                          err_code_name(err->code));
    free(rq->reply);
    rq->status = status;
    rq->reply = json_dumps(e, JSON_COMPACT);
    rq->reply_len = rq->reply ? strlen(rq->reply) : 0;
    rq->kind = REST_JSON;
    json_decref(e);
}
