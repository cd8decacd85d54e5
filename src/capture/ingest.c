/* ingest — batched, resumable metrics ingest; see metrics.h. */
#include "capture/metrics.h"
#include "core/buf.h"
#include "store/metrics.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define POINTS_PER_LINE 64

struct series {
    char name[METRICS_NAME_MAX];
    int64_t id;
};

struct metrics_ingest {
    sqlite3 *db;
    int64_t offset;        /* bytes of the file consumed */
    int64_t points, bad_lines, lines;
    struct buf partial;    /* an incomplete last line */
    int skipping;          /* inside an over-long line: drop to newline */
    struct series series[METRICS_SERIES_MAX];
    int nseries;
    struct store_metrics_writer *w;
};

int metrics_ingest_open(sqlite3 *db, int64_t run_id,
                        struct metrics_ingest **out, struct err *err)
{
    struct store_metrics_place at;
    struct metrics_ingest *mi = calloc(1, sizeof *mi);
    if (!mi)
        return err_set(err, ERR_INTERNAL, "out of memory");
    mi->db = db;
    buf_init(&mi->partial, METRICS_LINE_MAX);
    int rc = store_metrics_writer_open(db, run_id, &mi->w, &at, err);
    if (rc) {
        metrics_ingest_free(mi);
        return rc;
    }
    mi->offset = at.offset;
    mi->points = at.points;
    mi->bad_lines = at.bad_lines;
    mi->lines = at.lines;
    *out = mi;
    return 0;
}

void metrics_ingest_free(struct metrics_ingest *mi)
{
    if (!mi)
        return;
    store_metrics_writer_free(mi->w);
    buf_free(&mi->partial);
    free(mi);
}

void metrics_ingest_counts(const struct metrics_ingest *mi, int64_t *points,
                           int64_t *bad_lines)
{
    *points = mi->points;
    *bad_lines = mi->bad_lines;
}

static int series_id(struct metrics_ingest *mi, const char *name, int64_t *id,
                     struct err *err)
{
    for (int i = 0; i < mi->nseries; i++)
        if (!strcmp(mi->series[i].name, name))
            return *id = mi->series[i].id, 0;
    if (mi->nseries == METRICS_SERIES_MAX)
        return 1; /* too many distinct metrics: drop, count the line bad */
    int rc = store_metrics_series(mi->w, name, id, err);
    if (rc)
        return rc;
    struct series *s = &mi->series[mi->nseries++];
    memcpy(s->name, name, sizeof s->name);
    s->id = *id;
    return 0;
}

static int ingest_line(struct metrics_ingest *mi, const char *line,
                       size_t len, struct err *err)
{
    struct metrics_point pts[POINTS_PER_LINE];
    int64_t step;
    mi->lines++;
    if (len == 0)
        return 0;
    int n = metrics_parse_line(line, len, &step, pts, POINTS_PER_LINE);
    if (n < 0) {
        mi->bad_lines++;
        return 0;
    }
    if (step < 0)
        step = mi->lines;
    for (int i = 0; i < n; i++) {
        int64_t id = 0;
        int rc = series_id(mi, pts[i].name, &id, err);
        if (rc > 0) {
            mi->bad_lines++;
            return 0;
        }
        rc = rc ? rc : store_metrics_put(mi->w, id, step, pts[i].value, err);
        if (rc)
            return rc;
        mi->points++;
    }
    return 0;
}

/* Feeds bytes that end exactly at a newline or not; keeps the remainder. */
static int feed(struct metrics_ingest *mi, const char *data, size_t len,
                struct err *err)
{
    const char *p = data, *end = data + len;
    int rc = 0;
    while (!rc && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t chunk = (size_t)((nl ? nl : end) - p);
        if (mi->skipping) {
            mi->skipping = nl == NULL;
        } else if (mi->partial.len + chunk > METRICS_LINE_MAX) {
            mi->bad_lines++;
            buf_clear(&mi->partial);
            mi->skipping = nl == NULL;
        } else if (!nl) {
            rc = buf_append(&mi->partial, p, chunk, err);
        } else if (mi->partial.len) {
            rc = buf_append(&mi->partial, p, chunk, err);
            rc = rc ? rc : ingest_line(mi, mi->partial.data, mi->partial.len,
                                       err);
            buf_clear(&mi->partial);
        } else {
            rc = ingest_line(mi, p, chunk, err);
        }
        p += chunk + (nl ? 1 : 0);
    }
    return rc;
}

/* The place saved is the start of the line not yet complete, so another
 * reader resuming there reads that line whole (inside an over-long line
 * being dropped, the place itself). */
static int save_counts(struct metrics_ingest *mi, struct err *err)
{
    int64_t line_start = mi->offset - (int64_t)mi->partial.len;
    struct store_metrics_place at = {mi->skipping ? mi->offset : line_start,
                                     mi->points, mi->bad_lines, mi->lines};
    return store_metrics_save_place(mi->w, &at, err);
}

int metrics_ingest_bytes(struct metrics_ingest *mi, const char *data,
                         size_t len, struct err *err)
{
    int64_t points = mi->points, bad = mi->bad_lines, lines = mi->lines;
    int rc = store_begin_lazy(mi->db, err);
    if (rc)
        return rc;
    rc = feed(mi, data, len, err);
    mi->offset += (int64_t)len;
    rc = rc ? rc : save_counts(mi, err);
    rc = rc ? rc : store_commit(mi->db, err);
    store_end_lazy(mi->db);
    if (rc) {
        mi->points = points;
        mi->bad_lines = bad;
        mi->lines = lines;
        mi->offset -= (int64_t)len;
    }
    return rc;
}

int metrics_ingest_file(struct metrics_ingest *mi, const char *path,
                        struct err *err)
{
    static char chunk[1 << 20];
    /* The run controls this path: it may swap in a FIFO (open would block
     * the supervisor forever) or a device. Open without blocking and read
     * only a regular file. */
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return errno == ENOENT ? 0 : err_errno(err, "reading %s", path);
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        close(fd);
        return err_set(err, ERR_USER, "%s is not a regular file; metrics "
                       "ignored", path);
    }
    int rc = 0;
    ssize_t n;
    while (!rc && (n = pread(fd, chunk, sizeof chunk, mi->offset)) > 0)
        rc = metrics_ingest_bytes(mi, chunk, (size_t)n, err);
    close(fd);
    return rc;
}
