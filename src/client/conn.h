/*
 * conn — one HTTP/1.0 exchange over a Unix socket: send the request, read
 * the status and headers, then the body until the server closes.
 */
#ifndef STEWARD_CLIENT_CONN_H
#define STEWARD_CLIENT_CONN_H

#include <stddef.h>
#include "core/err.h"

#define CONN_BUF 65536

struct conn {
    int fd;
    char buf[CONN_BUF];
    size_t len;        /* bytes in buf */
    size_t pos;        /* bytes of buf consumed */
    int status;        /* HTTP status of the response */
};

/* Connects to path, sends the request, reads the status line and headers.
 * token (or NULL) goes in an Authorization header. */
int conn_request(struct conn *c, const char *path, const char *method,
                 const char *url, const char *body, const char *token,
                 struct err *err) MUST_USE;

/* Makes more body bytes available in buf[pos..len). Returns the number
 * of new bytes, 0 at the end, negative on error. */
int conn_fill(struct conn *c, struct err *err);

void conn_close(struct conn *c);

#endif
