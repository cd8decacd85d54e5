/* rest — the REST routes' requests and answers (see rest.c). */
#ifndef STEWARD_SERVER_REST_H
#define STEWARD_SERVER_REST_H

#include "server/server_int.h"
#include "core/buf.h"

struct MHD_Connection;

enum { RQ_NEW, RQ_WORKING, RQ_DONE, RQ_WAITING };

/* One request in flight: its body as it arrives, then its answer. */
struct request {
    struct buf body;
    int too_big;
    _Atomic int state;   /* RQ_*: a job or an event resumes it */
    unsigned status;     /* the answer's HTTP status */
    char *reply;         /* the answer's JSON (malloc'd) */
    size_t reply_len;    /* frames: its length (JSON: strlen) */
    int frames;          /* the answer is /exec's frames */
    long long since;     /* GET /api/v1/events: the client's sequence */
    long long deadline_ms;
    struct request *next_waiter;
    struct MHD_Connection *c;
};

/* Starts the REST route for method and url with body (borrowed) as who
 * (taken). 0: the request is RQ_WORKING (answer after resume) or RQ_DONE.
 * Otherwise err says what was wrong (ROUTES_ERR_METHOD, ERR_NOTFOUND,
 * ERR_USER, ERR_BUSY). */
int rest_begin(struct endpoint *ep, struct MHD_Connection *c,
               const char *method, const char *url, struct request *rq,
               json_t *body, json_t *who, struct err *err) MUST_USE;

/* POST /api/v1/exec on a pooled endpoint: runs request (taken) and
 * answers with all its frames at once. */
int rest_exec(struct endpoint *ep, struct MHD_Connection *c,
              struct request *rq, json_t *request, int mutating,
              struct err *err) MUST_USE;

/* Sets the answer to {error, code} with status. */
void rq_fail(struct request *rq, unsigned status, const struct err *err);

#endif
