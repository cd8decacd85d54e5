/* ingest — batched, resumable metrics ingest; see metrics.h. */
#include "capture/metrics.h"
#include "core/buf.h"
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
    int64_t run_id;
    int64_t offset;        /* bytes of the file consumed */
    int64_t points, bad_lines, lines;
    struct buf partial;    /* an incomplete last line */
    int skipping;          /* inside an over-long line: drop to newline */
    struct series series[METRICS_SERIES_MAX];
    int nseries;
    sqlite3_stmt *insert_point, *insert_series, *save_counts;
};

static const char sql_point[] =
    "INSERT INTO metrics(series_id, step, value) VALUES (?, ?, ?) "
    "ON CONFLICT(series_id, step) DO UPDATE SET value = excluded.value";
static const char sql_series[] =
    "INSERT INTO metric_series(run_id, name) VALUES (?, ?) "
    "ON CONFLICT(run_id, name) DO UPDATE SET name = excluded.name "
    "RETURNING id";
static const char sql_counts[] =
    "UPDATE runs SET metrics_points = ?, metrics_bad_lines = ?, "
    "metrics_offset = ?, metrics_lines = ? WHERE id = ?";

static int load_offset(struct metrics_ingest *mi, struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(mi->db, "SELECT metrics_offset, metrics_points, "
                           "metrics_bad_lines, metrics_lines FROM runs "
                           "WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, mi->run_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        mi->offset = sqlite3_column_int64(st, 0);
        mi->points = sqlite3_column_int64(st, 1);
        mi->bad_lines = sqlite3_column_int64(st, 2);
        mi->lines = sqlite3_column_int64(st, 3);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return err_set(err, ERR_NOTFOUND, "no run %lld", (long long)mi->run_id);
    return rc == SQLITE_ROW ? 0 : store_fail(mi->db, rc, "reading run", err);
}

int metrics_ingest_open(sqlite3 *db, int64_t run_id,
                        struct metrics_ingest **out, struct err *err)
{
    struct metrics_ingest *mi = calloc(1, sizeof *mi);
    if (!mi)
        return err_set(err, ERR_INTERNAL, "out of memory");
    mi->db = db;
    mi->run_id = run_id;
    buf_init(&mi->partial, METRICS_LINE_MAX);
    int rc = load_offset(mi, err);
    rc = rc ? rc : store_prepare(db, sql_point, &mi->insert_point, err);
    rc = rc ? rc : store_prepare(db, sql_series, &mi->insert_series, err);
    rc = rc ? rc : store_prepare(db, sql_counts, &mi->save_counts, err);
    if (rc) {
        metrics_ingest_free(mi);
        return rc;
    }
    *out = mi;
    return 0;
}

void metrics_ingest_free(struct metrics_ingest *mi)
{
    if (!mi)
        return;
    sqlite3_finalize(mi->insert_point);
    sqlite3_finalize(mi->insert_series);
    sqlite3_finalize(mi->save_counts);
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
    sqlite3_stmt *st = mi->insert_series;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, mi->run_id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return store_fail(mi->db, rc, "recording a metric name", err);
    *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    struct series *s = &mi->series[mi->nseries++];
    memcpy(s->name, name, sizeof s->name);
    s->id = *id;
    return 0;
}

static int insert_point(struct metrics_ingest *mi, int64_t series,
                        int64_t step, double value, struct err *err)
{
    sqlite3_stmt *st = mi->insert_point;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, series);
    sqlite3_bind_int64(st, 2, step);
    sqlite3_bind_double(st, 3, value);
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? 0 : store_fail(mi->db, rc, "storing a metric",
                                              err);
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
        rc = rc ? rc : insert_point(mi, id, step, pts[i].value, err);
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
    sqlite3_stmt *st = mi->save_counts;
    int64_t line_start = mi->offset - (int64_t)mi->partial.len;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, mi->points);
    sqlite3_bind_int64(st, 2, mi->bad_lines);
    sqlite3_bind_int64(st, 3, mi->skipping ? mi->offset : line_start);
    sqlite3_bind_int64(st, 4, mi->lines);
    sqlite3_bind_int64(st, 5, mi->run_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : store_fail(mi->db, rc, "saving counts", err);
}

int metrics_ingest_bytes(struct metrics_ingest *mi, const char *data,
                         size_t len, struct err *err)
{
    int64_t points = mi->points, bad = mi->bad_lines, lines = mi->lines;
    int rc = store_begin(mi->db, err);
    if (rc)
        return rc;
    rc = feed(mi, data, len, err);
    mi->offset += (int64_t)len;
    rc = rc ? rc : save_counts(mi, err);
    rc = rc ? rc : store_commit(mi->db, err);
    if (rc) {
        store_rollback(mi->db);
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
