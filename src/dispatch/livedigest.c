/*
 * livedigest — the run's digest, kept up to date while it runs.
 *
 * The supervisor tails the run's stdout and metrics into an incremental
 * digest state and writes a snapshot to runs/<id>/digest.json every few
 * seconds and once more at the end (stderr is added then), replacing the
 * file atomically. `steward digest ID` reads that snapshot, so reading a
 * digest is instant however large the logs are.
 */
#include "dispatch/livedigest.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/json.h"
#include "digest/digest.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LIVE_LINE_MAX (64 * 1024)
#define LIVE_SNAPSHOT_NS (2LL * 1000000000)
#define LIVE_CHUNK (1 << 16)

struct tail {
    char path[API_PATH_MAX + 32];
    int64_t offset;
    struct buf partial;
    int metrics;
    int skipping;   /* the rest of an over-long line: not more lines */
    int cont;       /* the partial line continues one cut at a '\r' */
};

struct livedigest {
    struct digest_state *state;
    struct tail out, metrics;
    char snapshot[API_PATH_MAX + 32];
    int64_t last_ns;
};

static void tail_init(struct tail *t, const char *path, int metrics)
{
    snprintf(t->path, sizeof t->path, "%s", path);
    t->offset = 0;
    t->metrics = metrics;
    t->skipping = 0;
    t->cont = 0;
    buf_init(&t->partial, LIVE_LINE_MAX);
}

static void feed_line(struct livedigest *ld, struct tail *t, const char *line,
                      size_t len, int truncated)
{
    struct err ignored = ERR_INIT;
    if (t->metrics)
        digest_state_metric_line(ld->state, line, len);
    else if (digest_state_log_line(ld->state, line, len, truncated,
                                   &ignored))
        return;
}

static void feed_piece(struct livedigest *ld, struct tail *t, const char *p,
                       size_t n, int truncated)
{
    if (t->cont)
        digest_state_log_more(ld->state, p, n);
    else
        feed_line(ld, t, p, n, truncated);
}

/* A log line (a progress bar's '\r' updates) that outgrows the buffer is
 * fed up to its last '\r', as a file digest reads it. 1 when cut. */
static int cut_at_cr(struct livedigest *ld, struct tail *t)
{
    char *d = t->partial.data;
    char *cr = t->metrics || !t->partial.len ? NULL
               : memrchr(d, '\r', t->partial.len);
    if (!cr || cr == d)
        return 0;
    size_t n = (size_t)(cr - d);
    feed_piece(ld, t, d, n, 0);
    t->cont = 1;
    memmove(d, cr + 1, t->partial.len - n - 1);
    t->partial.len -= n + 1;
    return 1;
}

/* Appends part of one line; 1 when the line overflowed (truncated). */
static int take(struct livedigest *ld, struct tail *t, const char *p,
                size_t n)
{
    struct err ignored = ERR_INIT;
    while (n) {
        size_t room = t->partial.max - t->partial.len;
        size_t k = n < room ? n : room;
        if (k && buf_append(&t->partial, p, k, &ignored))
            return 1;
        p += k;
        n -= k;
        if (n && !cut_at_cr(ld, t))
            return 1;
    }
    return 0;
}

/* Feeds complete lines of data; keeps a partial last line (bounded: an
 * over-long line is fed truncated, or in '\r' pieces). */
static void feed(struct livedigest *ld, struct tail *t, const char *data,
                 size_t len)
{
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t chunk = (size_t)((nl ? nl : end) - p);
        if (t->skipping) {   /* counted once, as capture counts it */
            t->skipping = nl == NULL;
            p += chunk + (nl ? 1 : 0);
            continue;
        }
        int full = take(ld, t, p, chunk);
        if (nl || full) {
            feed_piece(ld, t, t->partial.data ? t->partial.data : "",
                       t->partial.len, full);
            buf_clear(&t->partial);
            t->skipping = full && !nl;
            t->cont = 0;
        }
        p += chunk + (nl ? 1 : 0);
    }
}

static void pump(struct livedigest *ld, struct tail *t)
{
    static char block[LIVE_CHUNK];
    int fd = open(t->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    struct stat st;
    if (fd < 0)
        return;
    ssize_t n;
    if (!fstat(fd, &st) && S_ISREG(st.st_mode))
        while ((n = pread(fd, block, sizeof block, t->offset)) > 0) {
            feed(ld, t, block, (size_t)n);
            t->offset += n;
        }
    close(fd);
}

static void write_snapshot(struct livedigest *ld,
                           const struct digest_runinfo *info)
{
    json_t *snap = NULL;
    struct err ignored = ERR_INIT;
    char tmp[API_PATH_MAX + 48];
    if (digest_state_snapshot(ld->state, info, &snap, &ignored))
        return;
    char *text = json_dump_compact(snap);
    json_decref(snap);
    snprintf(tmp, sizeof tmp, "%s.tmp", ld->snapshot);
    FILE *f = text ? fopen(tmp, "we") : NULL;
    int ok = f && fputs(text, f) >= 0;
    if (f && fclose(f))
        ok = 0;
    if (ok)
        rename(tmp, ld->snapshot);
    free(text);
}

struct livedigest *livedigest_new(const char *run_dir, const char *metrics)
{
    struct livedigest *ld = calloc(1, sizeof *ld);
    struct err ignored = ERR_INIT;
    char path[API_PATH_MAX + 32];
    if (!ld || digest_state_new(NULL, &ld->state, &ignored)) {
        free(ld);
        return NULL;
    }
    snprintf(path, sizeof path, "%s/stdout.log", run_dir);
    tail_init(&ld->out, path, 0);
    tail_init(&ld->metrics, metrics, 1);
    snprintf(ld->snapshot, sizeof ld->snapshot, "%s/digest.json", run_dir);
    digest_state_log_file(ld->state, "stdout.log");
    return ld;
}

void livedigest_tick(struct livedigest *ld, double started_s)
{
    if (!ld || clock_mono_ns() - ld->last_ns < LIVE_SNAPSHOT_NS)
        return;
    ld->last_ns = clock_mono_ns();
    pump(ld, &ld->out);
    pump(ld, &ld->metrics);
    double now = (double)clock_wall_ms() / 1000;
    struct digest_runinfo info = {"running", now - started_s, 0, 0, now,
                                  NULL, 0};
    write_snapshot(ld, &info);
}

void livedigest_finish(struct livedigest *ld, const char *run_dir,
                       const struct digest_runinfo *info)
{
    struct tail err_tail;
    char path[API_PATH_MAX + 32];
    if (!ld)
        return;
    pump(ld, &ld->out);
    pump(ld, &ld->metrics);
    snprintf(path, sizeof path, "%s/stderr.log", run_dir);
    tail_init(&err_tail, path, 0);
    digest_state_log_file(ld->state, "stderr.log");
    pump(ld, &err_tail);
    buf_free(&err_tail.partial);
    write_snapshot(ld, info);
}

void livedigest_free(struct livedigest *ld)
{
    if (!ld)
        return;
    digest_state_free(ld->state);
    buf_free(&ld->out.partial);
    buf_free(&ld->metrics.partial);
    free(ld);
}
