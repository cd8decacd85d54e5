/*
 * state — the incremental run digest: fed line by line, snapshot any time.
 *
 * The state holds the template miner, per-cluster statistics, anomaly
 * flags, metric series and gap trackers, all of fixed or capped size, so
 * a run that logs for a week costs the same memory as one that logs for
 * a minute, and a snapshot is instant to take while the run goes on.
 *
 * Reference lines (earlier runs of the same campaign) go through the same
 * miner first; a run line whose cluster has no reference line is novel.
 * Rate spikes are counted per cluster in windows of SPIKE_WINDOW lines,
 * keeping only the current and the busiest window.
 */
#include "digest/run_int.h"
#include "digest/text.h"
#include "core/grow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int digest_state_new(const char *log_format, struct digest_state **out,
                     struct err *err)
{
    struct digest_state *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(err, ERR_INTERNAL, "out of memory");
    int rc = digest_logfmt_new(log_format, &s->fmt, err);
    if (!rc)
        rc = digest_miner_new(&s->miner, err);
    if (rc) {
        digest_state_free(s);
        return rc;
    }
    gap_init(&s->gaps);
    gap_init(&s->mgaps);
    s->cur_file = -1;
    *out = s;
    return 0;
}

void digest_state_free(struct digest_state *s)
{
    if (!s)
        return;
    digest_miner_free(s->miner);
    digest_logfmt_free(s->fmt);
    free(s->cs);
    free(s);
}

/* Per-cluster statistics, grown with the miner's cluster count. */
static struct cluster_stat *stat_for(struct digest_state *s, uint32_t id)
{
    if (id >= s->ncs) {
        size_t cap = s->ncs;
        struct err ignored = ERR_INIT;  /* the caller says out of memory */
        if (grow_array(&s->cs, &cap, (size_t)id + 1, sizeof *s->cs,
                       DIGEST_CLUSTER_IDS, "clusters", &ignored))
            return NULL;
        memset(s->cs + s->ncs, 0, (cap - s->ncs) * sizeof *s->cs);
        s->ncs = (uint32_t)cap;
    }
    return &s->cs[id];
}

/* A tqdm bar rewrites its line with '\r': a terminal shows the last
 * update, and that is the one mined (the metrics read every update). */
static void last_segment(const char **msg, size_t *len)
{
    const char *m = *msg;
    size_t n = *len;
    while (n && m[n - 1] == '\r')
        n--;
    const char *cr = n ? memrchr(m, '\r', n) : NULL;
    if (cr) {
        *msg = cr + 1;
        *len = n - (size_t)(cr + 1 - m);
    }
}

static int mine(struct digest_state *s, const char *line, size_t len,
                struct digest_fields *fl, struct cluster_stat **st,
                struct err *err)
{
    uint32_t id;
    digest_logfmt_split(s->fmt, line, len, fl);
    const char *msg = fl->content;
    size_t mlen = fl->content_len;
    if (memchr(msg, '\r', mlen))
        last_segment(&msg, &mlen);
    int rc = digest_miner_add(s->miner, msg, mlen, &id, err);
    if (rc)
        return rc;
    *st = stat_for(s, id);
    if (!*st)
        return err_set(err, ERR_INTERNAL, "out of memory");
    return 0;
}

int digest_state_reference_line(struct digest_state *s, const char *line,
                                size_t len, struct err *err)
{
    struct digest_fields fl;
    struct cluster_stat *st;
    int rc = mine(s, line, len, &fl, &st, err);
    if (!rc) {
        st->ref_count++;
        s->ref_lines++;
    }
    return rc;
}

void digest_state_log_file(struct digest_state *s, const char *name)
{
    if (s->nfiles < LOG_FILES_MAX)
        s->cur_file = s->nfiles++;
    snprintf(s->files[s->cur_file], sizeof s->files[0], "%s", name);
    s->lineno = 0;
    s->gaps.last_t = NAN;   /* a new file's clock starts afresh */
}

static void spike_count(struct cluster_stat *st, uint64_t line)
{
    uint64_t w = line / SPIKE_WINDOW;
    if (w != st->win) {
        st->win = w;
        st->win_count = 0;
    }
    if (++st->win_count > st->max_win_count) {
        st->max_win_count = st->win_count;
        st->max_win = w;
    }
}

static void first_sight(struct digest_state *s, struct cluster_stat *st,
                        const char *line, size_t len)
{
    st->first_line = s->lineno;
    st->first_file = s->cur_file;
    size_t n = len < FLAG_EXAMPLE - 1 ? len : FLAG_EXAMPLE - 1;
    memcpy(st->example, line, n);
    st->example[n] = '\0';
}

int digest_state_log_line(struct digest_state *s, const char *line,
                          size_t len, int truncated, struct err *err)
{
    if (s->cur_file < 0)
        digest_state_log_file(s, "log");
    s->lineno++;
    s->lines++;
    s->bytes += len + 1;
    s->truncated += truncated != 0;
    struct digest_fields fl;
    struct cluster_stat *st;
    int rc = mine(s, line, len, &fl, &st, err);
    if (rc)
        return rc;
    if (st->run_count++ == 0)
        first_sight(s, st, line, len);
    spike_count(st, s->lines);
    uint32_t nan_read = logm_line(&s->logm, &s->logflags, s->cur_file,
                                  fl.content, fl.content_len, s->lineno);
    flags_scan_log(&s->flags, line, len, s->cur_file,
                   s->files[s->cur_file], s->lineno, nan_read > 0);
    if (fl.time)
        gap_event(&s->gaps, stamp_parse(fl.time, fl.time_len), s->cur_file,
                  s->lineno);
    return 0;
}

void digest_state_log_more(struct digest_state *s, const char *piece,
                           size_t len)
{
    if (s->cur_file < 0)
        digest_state_log_file(s, "log");
    s->bytes += len + 1;
    uint32_t nan_read = logm_line(&s->logm, &s->logflags, s->cur_file,
                                  piece, len, s->lineno);
    flags_scan_log(&s->flags, piece, len, s->cur_file,
                   s->files[s->cur_file], s->lineno, nan_read > 0);
}

void digest_state_metric_line(struct digest_state *s, const char *line,
                              size_t len)
{
    metrics_line(&s->metrics, &s->flags, &s->mgaps, line, len);
}
