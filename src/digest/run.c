/*
 * run — digest_run: a run's files through the incremental state.
 *
 * Reads reference logs first (they define the known templates), then the
 * run's logs, then its metrics, each to its current end, and takes one
 * snapshot. A missing log or metrics file is a user error naming the
 * file; an empty one is simply empty.
 */
#include "digest/run_int.h"

#include <string.h>

typedef int (*line_fn)(struct digest_state *s, const char *line, size_t len,
                       int truncated, struct err *err);

static int feed_file(struct digest_state *s, const char *path, line_fn fn,
                     struct err *err)
{
    struct lineread lr;
    int rc = lineread_open(&lr, path, err);
    if (rc)
        return rc;
    const char *line;
    size_t len;
    int trunc;
    while ((rc = lineread_next(&lr, &line, &len, &trunc, err)) == 1) {
        rc = fn(s, line, len, trunc, err);
        if (rc)
            break;
    }
    lineread_close(&lr);
    return rc < 0 ? rc : 0;
}

/* A run's log: over-long progress-bar lines come in '\r' pieces. */
static int feed_log(struct digest_state *s, const char *path,
                    struct err *err)
{
    struct lineread lr;
    int rc = lineread_open(&lr, path, err);
    if (rc)
        return rc;
    lr.split_cr = 1;
    const char *line;
    size_t len;
    int trunc;
    while ((rc = lineread_next(&lr, &line, &len, &trunc, err)) == 1) {
        if (lr.continued)
            digest_state_log_more(s, line, len);
        else if ((rc = digest_state_log_line(s, line, len, trunc, err)))
            break;
    }
    lineread_close(&lr);
    return rc < 0 ? rc : 0;
}

static int ref_line(struct digest_state *s, const char *line, size_t len,
                    int truncated, struct err *err)
{
    (void)truncated;
    return digest_state_reference_line(s, line, len, err);
}

static int metric_line(struct digest_state *s, const char *line, size_t len,
                       int truncated, struct err *err)
{
    (void)err;
    (void)truncated;   /* a cut JSON line fails to parse: malformed */
    digest_state_metric_line(s, line, len);
    return 0;
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

static int feed_all(struct digest_state *s, const struct digest_input *in,
                    struct err *err)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < in->nrefs; i++)
        rc = feed_file(s, in->refs[i], ref_line, err);
    for (size_t i = 0; !rc && i < in->nlogs; i++) {
        digest_state_log_file(s, base_name(in->logs[i]));
        rc = feed_log(s, in->logs[i], err);
    }
    if (!rc && in->metrics)
        rc = feed_file(s, in->metrics, metric_line, err);
    return rc;
}

int digest_run(const struct digest_input *in, json_t **out, struct err *err)
{
    struct digest_state *s = NULL;
    int rc = digest_state_new(in->log_format, &s, err);
    if (!rc)
        rc = feed_all(s, in, err);
    if (!rc)
        rc = digest_state_snapshot(s, &in->info, out, err);
    digest_state_free(s);
    return rc;
}
