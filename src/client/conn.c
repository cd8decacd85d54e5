/* conn — a minimal HTTP/1.0 client exchange; see conn.h. */
#include "client/conn.h"
#include "core/unixsock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int connect_unix(const char *path, int *fd, struct err *err)
{
    if ((*fd = unix_connect(path)) >= 0)
        return 0;
    return err_set(err, ERR_INTERNAL, "cannot reach the steward server at "
                   "%s: %s; is 'steward serve' running?", path,
                   strerror(errno));
}

static int send_all(int fd, const char *data, size_t len, struct err *err)
{
    while (len) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return err_errno(err, "sending to the steward server");
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int conn_fill(struct conn *c, struct err *err)
{
    if (c->pos == c->len)
        c->pos = c->len = 0;
    if (c->len == sizeof c->buf) {
        memmove(c->buf, c->buf + c->pos, c->len - c->pos);
        c->len -= c->pos;
        c->pos = 0;
    }
    ssize_t n;
    while ((n = read(c->fd, c->buf + c->len, sizeof c->buf - c->len)) < 0 &&
           errno == EINTR)
        ;
    if (n < 0)
        return err_errno(err, "reading from the steward server");
    c->len += (size_t)n;
    return (int)n;
}

/* Reads up to the blank line ending the headers; keeps the status. */
static int read_head(struct conn *c, struct err *err)
{
    char *end;
    while (!(end = memmem(c->buf, c->len, "\r\n\r\n", 4))) {
        if (c->len == sizeof c->buf)
            return err_set(err, ERR_INTERNAL, "the server's headers are too "
                           "long");
        int n = conn_fill(c, err);
        if (n <= 0)
            return n < 0 ? n : err_set(err, ERR_INTERNAL, "the steward "
                       "server closed the connection (did it stop?)");
    }
    if (sscanf(c->buf, "HTTP/%*d.%*d %d", &c->status) != 1)
        return err_set(err, ERR_INTERNAL, "the server's answer is not HTTP");
    c->pos = (size_t)(end + 4 - c->buf);
    return 0;
}

int conn_request(struct conn *c, const char *path, const char *method,
                 const char *url, const char *body, const char *token,
                 struct err *err)
{
    char head[1024];
    size_t blen = body ? strlen(body) : 0;
    memset(c, 0, sizeof *c);
    int n = snprintf(head, sizeof head, "%s %s HTTP/1.0\r\nHost: steward\r\n"
                     "%s%s%sContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\n\r\n", method, url,
                     token ? "Authorization: Bearer " : "", token ? token : "",
                     token ? "\r\n" : "", blen);
    if (n < 0 || (size_t)n >= sizeof head)
        return err_set(err, ERR_USER, "request header too long");
    int rc = connect_unix(path, &c->fd, err);
    rc = rc ? rc : send_all(c->fd, head, (size_t)n, err);
    rc = rc ? rc : send_all(c->fd, body ? body : "", blen, err);
    rc = rc ? rc : read_head(c, err);
    if (rc)
        conn_close(c);
    return rc;
}

void conn_close(struct conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}
