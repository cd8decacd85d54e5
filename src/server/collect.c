/*
 * collect — runs a request's command in a child to its end and keeps what
 * it printed, for the routes that answer with one JSON document (REST
 * routes, the cached status, and /exec over TCP, which is not streamed).
 *
 * Output is bounded (COLLECT_MAX per stream): a command that prints more
 * is read to its end, since a child blocked on a full pipe would never
 * exit, but the excess is dropped and the result marked truncated.
 */
#include "server/collect.h"
#include "server/server_int.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void drain_one(int *fd, struct buf *b, int *truncated)
{
    char chunk[16384];
    struct err err = ERR_INIT;
    ssize_t n;
    while ((n = read(*fd, chunk, sizeof chunk)) < 0 && errno == EINTR)
        ;
    if (n <= 0) {
        close(*fd);
        *fd = -1;
    } else if (buf_append(b, chunk, (size_t)n, &err)) {
        *truncated = 1;
    }
}

static void drain(int fd[2], struct collected *out)
{
    struct buf *bufs[2] = {&out->out, &out->errs};
    while (fd[0] >= 0 || fd[1] >= 0) {
        struct pollfd p[2] = {{fd[0], POLLIN, 0}, {fd[1], POLLIN, 0}};
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            break;
        for (int i = 0; i < 2; i++)
            if (fd[i] >= 0 && p[i].revents)
                drain_one(&fd[i], bufs[i], &out->truncated);
    }
    for (int i = 0; i < 2; i++)
        if (fd[i] >= 0)
            close(fd[i]);
}

void collected_init(struct collected *c)
{
    memset(c, 0, sizeof *c);
    buf_init(&c->out, COLLECT_MAX);
    buf_init(&c->errs, COLLECT_MAX);
    c->status = -1;
}

void collected_release(struct collected *c)
{
    buf_free(&c->out);
    buf_free(&c->errs);
}

int collect_run(json_t *request, struct collected *out, struct err *err)
{
    char *text = json_dumps(request, JSON_COMPACT);
    pid_t pid = -1;
    int fd[2] = {-1, -1};
    char *answer;
    size_t len;
    if (!reads_answer(request, &answer, &len)) {
        struct err full = ERR_INIT;
        free(text);
        if (buf_append(&out->out, answer, len, &full))
            out->truncated = 1;
        free(answer);
        out->status = 0;
        return 0;
    }
    if (!text)
        return err_set(err, ERR_INTERNAL, "out of memory");
    int rc = exec_begin(text, &pid, fd, err);
    free(text);
    if (rc)
        return rc;
    drain(fd, out);
    out->status = exec_end(pid);
    return 0;
}
