/*
 * sandbox_pump — copies a run's stdout/stderr from its pipes into the log
 * files, up to a per-stream cap. Past the cap the bytes are still read (so
 * the run never blocks on a full pipe and cannot stall its supervisor) but
 * dropped and counted: a log flood costs the run, not the disk.
 */
#include "sandbox/sandbox_int.h"

#include <errno.h>
#include <unistd.h>

void sbx_stream_init(struct sbx_stream *s)
{
    s->pipe_fd = -1;
    s->file_fd = -1;
    s->written = 0;
    s->dropped = 0;
}

static void stream_store(struct sbx_stream *s, const char *p, int64_t n,
                         int64_t cap)
{
    int64_t room = cap - s->written;
    int64_t keep = n < room ? n : (room > 0 ? room : 0);
    int64_t off = 0;
    while (off < keep) {
        ssize_t w = write(s->file_fd, p + off, (size_t)(keep - off));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;      /* a full disk drops the rest; counted below */
        off += w;
    }
    s->written += off;
    s->dropped += n - off;
}

/* Reads what is available (bounded per call so two streams share fairly).
 * Returns 1 at EOF, 0 otherwise. */
int sbx_stream_pump(struct sbx_stream *s, int64_t cap)
{
    char chunk[65536];
    for (int i = 0; i < 64 && s->pipe_fd >= 0; i++) {
        ssize_t n = read(s->pipe_fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return 0;   /* EAGAIN: nothing more for now */
        if (n == 0) {
            close(s->pipe_fd);
            s->pipe_fd = -1;
            return 1;
        }
        stream_store(s, chunk, n, cap);
    }
    return s->pipe_fd < 0;
}

void sbx_stream_close(struct sbx_stream *s)
{
    if (s->pipe_fd >= 0)
        close(s->pipe_fd);
    if (s->file_fd >= 0)
        close(s->file_fd);
    s->pipe_fd = s->file_fd = -1;
}
