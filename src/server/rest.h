/* rest — the REST routes' requests and answers (see rest.c). */
#ifndef STEWARD_SERVER_REST_H
#define STEWARD_SERVER_REST_H

#include "server/server_int.h"
#include "core/buf.h"

struct MHD_Connection;

enum { RQ_NEW, RQ_WORKING, RQ_DONE, RQ_WAITING };
/* What an answer is: JSON, /exec's frames, a page, a form's outcome. */
enum { REST_JSON, REST_FRAMES, REST_HTML, REST_FORM };

/* One request in flight: its body as it arrives, then its answer. */
struct request {
    struct buf body;
    int too_big;
    _Atomic int state;   /* RQ_*: a job or an event resumes it */
    unsigned status;     /* the answer's HTTP status */
    char *reply;         /* the answer's JSON (malloc'd) */
    size_t reply_len;
    int kind;            /* REST_*: what the reply is */
    char location[128];  /* REST_FORM: where a done form goes (303) */
    char cookie[256];    /* a Set-Cookie to send with the answer, or "" */
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

/* Runs request (taken; as for /api/v1/exec) in a request child and
 * answers as kind: REST_FRAMES (/exec over TCP, all frames at once),
 * REST_HTML (a page), REST_FORM (303 to rq->location, or why not). */
int rest_run(struct endpoint *ep, struct MHD_Connection *c,
             struct request *rq, json_t *request, int kind, int mutating,
             struct err *err) MUST_USE;

/* Sets the answer to a small HTML page saying msg (escaped). */
void html_error(struct request *rq, unsigned status, const char *msg);

/* reply.c: sends what rq holds (and frees it). */
enum MHD_Result rq_send(struct endpoint *ep, struct MHD_Connection *c,
                        const char *method, const char *url,
                        struct request *rq);
/* The headers every HTML answer carries (CSP and friends). */
struct MHD_Response;
void rq_page_headers(struct MHD_Response *r);

/* Waits (5 s at most) for the jobs in flight, which resume their
 * connections, before the daemons stop. */
void rest_drain(void);

/* Sets the answer to {error, code} with status. */
void rq_fail(struct request *rq, unsigned status, const struct err *err);

#endif
