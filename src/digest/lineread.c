/*
 * lineread — reads a log line by line with a fixed buffer.
 *
 * The buffer never grows past DIGEST_MAX_LINE plus one read chunk: a line
 * longer than that is returned cut to its head and the rest is skipped
 * up to the next newline, so a 100 MB line costs no more memory than a
 * short one. Reading stops at the current end of the file, which is what
 * a caller wants for a log that is still being written: what is there now
 * is digested, and a last line without its newline is still a line.
 */
#include "digest/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LR_CHUNK (256u * 1024u)

int lineread_open(struct lineread *lr, const char *path, struct err *err)
{
    memset(lr, 0, sizeof *lr);
    lr->fd = -1;
    lr->path = path;
    if (!strcmp(path, "-")) {
        lr->fd = 0;
    } else {
        lr->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (lr->fd < 0)
            return err_errno(err, "cannot open log '%s'", path);
        lr->own_fd = 1;
    }
    lr->cap = DIGEST_MAX_LINE + LR_CHUNK;
    lr->buf = malloc(lr->cap);
    if (!lr->buf) {
        lineread_close(lr);
        return err_set(err, ERR_INTERNAL, "out of memory reading '%s'", path);
    }
    return 0;
}

void lineread_close(struct lineread *lr)
{
    if (lr->own_fd && lr->fd >= 0)
        close(lr->fd);
    free(lr->buf);
    lr->buf = NULL;
    lr->fd = -1;
}

/* Moves unread bytes to the front and reads one more chunk. */
static int lr_fill(struct lineread *lr, struct err *err)
{
    if (lr->start > 0) {
        memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
        lr->end -= lr->start;
        lr->start = 0;
    }
    for (;;) {
        ssize_t n = read(lr->fd, lr->buf + lr->end, lr->cap - lr->end);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return err_errno(err, "cannot read '%s'", lr->path);
        if (n == 0)
            lr->eof = 1;
        lr->end += (size_t)n;
        lr->bytes += (size_t)n;
        return 0;
    }
}

/* Drops bytes up to and including the next newline; 1 when found. */
static int lr_skip(struct lineread *lr)
{
    char *nl = memchr(lr->buf + lr->start, '\n', lr->end - lr->start);
    if (!nl) {
        lr->start = lr->end;
        return 0;
    }
    lr->start = (size_t)(nl - lr->buf) + 1;
    lr->skipping = 0;
    return 1;
}

static void lr_emit(struct lineread *lr, size_t n, size_t consumed,
                    const char **line, size_t *len)
{
    *line = lr->buf + lr->start;
    if (n > 0 && (*line)[n - 1] == '\r')
        n--;
    *len = n;
    lr->start += consumed;
    lr->continued = lr->cont;
    lr->lineno += !lr->cont;
    lr->cont = 0;
}

/* An over-long line with a '\r' in its head: the head up to its last
 * '\r' is a piece, and the line goes on. 1 when cut. */
static int lr_cut_cr(struct lineread *lr, const char **line, size_t *len)
{
    const char *head = lr->buf + lr->start;
    const char *cr = lr->split_cr ? memrchr(head, '\r', DIGEST_MAX_LINE)
                                  : NULL;
    if (!cr || cr == head)
        return 0;
    size_t n = (size_t)(cr - head);
    lr_emit(lr, n, n + 1, line, len);
    lr->cont = 1;
    return 1;
}

int lineread_next(struct lineread *lr, const char **line, size_t *len,
                  int *truncated, struct err *err)
{
    *truncated = 0;
    for (;;) {
        if (lr->skipping && !lr_skip(lr)) {
            if (lr->eof)
                return 0;
            if (lr_fill(lr, err))
                return -1;
            continue;
        }
        size_t avail = lr->end - lr->start;
        char *nl = memchr(lr->buf + lr->start, '\n', avail);
        if (nl) {
            size_t n = (size_t)(nl - (lr->buf + lr->start));
            lr_emit(lr, n, n + 1, line, len);
            return 1;
        }
        if (avail >= DIGEST_MAX_LINE && lr_cut_cr(lr, line, len))
            return 1;
        if (avail >= DIGEST_MAX_LINE) {
            lr_emit(lr, DIGEST_MAX_LINE, DIGEST_MAX_LINE, line, len);
            lr->skipping = 1;
            *truncated = 1;
            return 1;
        }
        if (lr->eof) {
            if (avail == 0)
                return 0;
            lr_emit(lr, avail, avail, line, len);
            return 1;
        }
        if (lr_fill(lr, err))
            return -1;
    }
}
