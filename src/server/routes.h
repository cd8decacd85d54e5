/*
 * routes — the REST routes of /api/v1/ as CLI commands (see routes.c).
 */
#ifndef STEWARD_SERVER_ROUTES_H
#define STEWARD_SERVER_ROUTES_H

#include <jansson.h>
#include "core/err.h"

#define ROUTES_PARAM_MAX 64     /* an id or a name in a path */
#define ROUTES_IDS_MAX 256      /* ids approved in one request */
#define ROUTES_BODY_MAX 65536   /* a REST request body */
#define ROUTES_ERR_METHOD (-100) /* the path exists, not for this method */

/* What a request runs: argv (a JSON array of strings, "--json" included),
 * whether it may change state, and the policy text to send as a file
 * (POST /api/v1/policy) or NULL. */
struct routes_call {
    json_t *argv;
    int mutating;
    const char *policy;   /* borrowed from the request body */
};

/* Matches method and path against the table and builds the call from
 * the body (a JSON object, {} when none was sent). ERR_NOTFOUND: no such
 * path; ROUTES_ERR_METHOD: a wrong method; ERR_USER: a malformed path
 * parameter or body field. */
int routes_find(const char *method, const char *path, json_t *body,
                struct routes_call *call, struct err *err) MUST_USE;
/* 0 when the command argv (a JSON array) only reads: no change to
 * announce to long polls. Unknown commands count as changes. */
int routes_mutates(const json_t *argv);
void routes_call_release(struct routes_call *call);

#endif
