/*
 * snapshot — the digest as JSON, computed from the incremental state.
 *
 * Structure (docs/digest.md has the details):
 *   {"run":{...}, "log":{lines, bytes, templates, ...},
 *    "metrics":{records, malformed, series:[{name, first, best, last,
 *               sparkline, ...}]},
 *    "anomalies":[{kind, subject, count, lines, message, ...}],
 *    "top_templates":[{cluster, template, count, example, first_line}],
 *    "novel_templates":[...]}
 * Anomalies are ordered by severity, then by where they first happened.
 * All text is made valid UTF-8 on the way out.
 */
#include "digest/run_int.h"
#include "digest/text.h"
#include "core/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOP_TEMPLATES 10
#define NOVEL_TEMPLATES 10
#define SPARK_WIDTH 20
#define STALL_FACTOR 20.0
#define STALL_MIN_S 60.0
#define STALL_MIN_GAPS 10
#define TPL_TEXT 512

struct agg {
    uint64_t run, ref, first_line, max_win_count, max_win;
    int first_file;
    uint32_t rep;   /* member cluster whose example is shown */
};

static json_t *jstr(const char *s, size_t n)
{
    char buf[TPL_TEXT * 3 + 4];
    size_t k = text_sanitize(s, n, buf, sizeof buf);
    return json_stringn(buf, k);
}

static void aggregate(struct digest_state *s, struct agg *a, uint32_t ncl)
{
    memset(a, 0, ncl * sizeof *a);
    for (uint32_t i = 0; i < ncl && i < s->ncs; i++) {
        const struct cluster_stat *c = &s->cs[i];
        struct agg *g = &a[digest_miner_resolve(s->miner, i)];
        g->ref += c->ref_count;
        if (!c->run_count)
            continue;
        if (!g->run || c->first_file < g->first_file ||
            (c->first_file == g->first_file && c->first_line < g->first_line)) {
            g->first_line = c->first_line;
            g->first_file = c->first_file;
            g->rep = i;
        }
        g->run += c->run_count;
        if (c->max_win_count > g->max_win_count) {
            g->max_win_count = c->max_win_count;
            g->max_win = c->max_win;
        }
    }
}

static json_t *template_json(struct digest_state *s, const struct agg *a,
                             uint32_t id)
{
    char tpl[TPL_TEXT];
    size_t n = digest_miner_template(s->miner, id, tpl, sizeof tpl);
    const char *ex = s->cs[a[id].rep].example;
    json_t *o = json_object();
    json_object_set_new(o, "cluster", json_sprintf("T%u", id + 1));
    json_object_set_new(o, "template", jstr(tpl, n));
    json_object_set_new(o, "count", json_integer((json_int_t)a[id].run));
    json_object_set_new(o, "example", jstr(ex, strlen(ex)));
    json_object_set_new(o, "file", jstr(s->files[a[id].first_file],
                                        strlen(s->files[a[id].first_file])));
    json_object_set_new(o, "first_line",
                        json_integer((json_int_t)a[id].first_line));
    return o;
}

static int by_count(const void *x, const void *y, void *arg)
{
    const struct agg *a = &((const struct agg *)arg)[*(const uint32_t *)x];
    const struct agg *b = &((const struct agg *)arg)[*(const uint32_t *)y];
    if (a->run != b->run)
        return a->run > b->run ? -1 : 1;
    return a->first_line < b->first_line ? -1 : (a->first_line > b->first_line);
}

static int by_first(const void *x, const void *y, void *arg)
{
    const struct agg *a = &((const struct agg *)arg)[*(const uint32_t *)x];
    const struct agg *b = &((const struct agg *)arg)[*(const uint32_t *)y];
    if (a->first_file != b->first_file)
        return a->first_file - b->first_file;
    return a->first_line < b->first_line ? -1 : (a->first_line > b->first_line);
}

/* Ids of resolved clusters with run lines, sorted by cmp; *n gets count. */
static uint32_t *pick(const struct agg *a, uint32_t ncl, int novel_only,
                      int (*cmp)(const void *, const void *, void *),
                      uint32_t *n)
{
    uint32_t *ids = malloc((ncl ? ncl : 1) * sizeof *ids), k = 0;
    if (!ids)
        return NULL;
    for (uint32_t i = 0; i < ncl; i++)
        if (a[i].run && (!novel_only || !a[i].ref))
            ids[k++] = i;
    qsort_r(ids, k, sizeof *ids, cmp, (void *)a);
    *n = k;
    return ids;
}

static json_t *templates_json(struct digest_state *s, const struct agg *a,
                              uint32_t ncl, int novel, uint32_t *total)
{
    uint32_t k = 0;
    uint32_t *ids = pick(a, ncl, novel, novel ? by_first : by_count, &k);
    json_t *arr = json_array();
    for (uint32_t i = 0; ids && i < k && i < (novel ? NOVEL_TEMPLATES
                                                    : TOP_TEMPLATES); i++)
        json_array_append_new(arr, template_json(s, a, ids[i]));
    *total = k;
    free(ids);
    return arr;
}

/* Novel templates are also one anomaly, pointing at their first lines. */
static void novelty_flag(struct digest_state *s, struct flag_set *fs,
                         const struct agg *a, uint32_t ncl)
{
    uint32_t k = 0;
    uint32_t *ids = pick(a, ncl, 1, by_first, &k);
    for (uint32_t i = 0; ids && i < k; i++) {
        const struct agg *g = &a[ids[i]];
        const char *ex = s->cs[g->rep].example;
        struct digest_flag *f = flag_get(fs, "novel",
                                         s->files[g->first_file],
                                         g->first_file);
        flag_hit(f, g->first_line, ex, strlen(ex));
    }
    free(ids);
}

/* A template whose busiest window (not the first: start-up output is
 * bursty by nature) holds at least half the window and ten times its
 * average rate elsewhere. */
static void spike_flags(struct digest_state *s, struct flag_set *fs,
                        const struct agg *a, uint32_t ncl)
{
    uint64_t nwin = s->lines / SPIKE_WINDOW + 1;
    if (nwin < 4)
        return;
    for (uint32_t i = 0; i < ncl; i++) {
        const struct agg *g = &a[i];
        if (!g->run || g->max_win == 0 || g->max_win_count < SPIKE_WINDOW / 2)
            continue;
        double base = (double)(g->run - g->max_win_count) / (double)(nwin - 1);
        if ((double)g->max_win_count < 10.0 * fmax(base, 1.0))
            continue;
        const char *ex = s->cs[g->rep].example;
        char subject[16];
        snprintf(subject, sizeof subject, "T%u", i + 1);
        struct digest_flag *f = flag_get(fs, "spike", subject, g->first_file);
        if (f && f->count == 0) {
            f->value = (double)g->max_win_count;
            f->count = g->max_win_count - 1;
            flag_hit(f, g->max_win * SPIKE_WINDOW, ex, strlen(ex));
        }
    }
}

static int by_line(const void *x, const void *y)
{
    const struct gap_top *a = x, *b = y;
    return a->line < b->line ? -1 : (a->line > b->line);
}

static void stall_flags_from(struct flag_set *fs, const struct gap_track *g,
                             const char *subject, int file)
{
    double med = gap_median(g);
    if (g->ngaps < STALL_MIN_GAPS || !isfinite(med))
        return;
    double lim = fmax(STALL_FACTOR * med, STALL_MIN_S);
    struct gap_top top[4];
    memcpy(top, g->top, sizeof top);
    qsort(top, 4, sizeof top[0], by_line);
    for (int i = 0; i < 4; i++) {
        if (top[i].gap < lim)
            continue;
        struct digest_flag *f = flag_get(fs, "stall", subject, file);
        if (f && top[i].gap > f->value)
            f->value = top[i].gap;
        if (f)
            f->step = (int64_t)llround(med * 1000.0);   /* median, ms */
        flag_hit(f, top[i].line, NULL, 0);
    }
}

static void stall_flags(struct digest_state *s, struct flag_set *fs,
                        const struct digest_runinfo *info)
{
    int f = s->cur_file < 0 ? 0 : s->cur_file;
    stall_flags_from(fs, &s->gaps, s->files[f], f);
    stall_flags_from(fs, &s->mgaps, "metrics", -1);
    double med = gap_median(&s->mgaps);
    if (info && info->now_s > 0 && info->state &&
        !strcmp(info->state, "running") && isfinite(s->mgaps.last_t) &&
        s->mgaps.ngaps >= STALL_MIN_GAPS && isfinite(med)) {
        double idle = info->now_s - s->mgaps.last_t;
        if (idle >= fmax(STALL_FACTOR * med, STALL_MIN_S)) {
            struct digest_flag *fl = flag_get(fs, "stall", "now", -1);
            if (fl && fl->count == 0) {
                fl->value = idle;
                fl->step = (int64_t)llround(med * 1000.0);
                flag_hit(fl, s->mgaps.last_line, NULL, 0);
            }
        }
    }
}

/* ---- anomalies ------------------------------------------------------ */

static const char *const SEVERITY[] = {"oom", "segfault", "cuda", "nccl",
    "traceback", "nan", "divergence", "stall", "spike", "novel", NULL};

static int severity(const char *kind)
{
    for (int i = 0; SEVERITY[i]; i++)
        if (!strcmp(kind, SEVERITY[i]))
            return i;
    return 99;
}

static int flag_cmp(const void *x, const void *y)
{
    const struct digest_flag *a = x, *b = y;
    int d = severity(a->kind) - severity(b->kind);
    if (d)
        return d;
    return a->lines[0] < b->lines[0] ? -1 : (a->lines[0] > b->lines[0]);
}

static void flag_message(const struct digest_flag *f, char *out, size_t n)
{
    char v[32];
    snprintf(v, sizeof v, "%.4g", f->value);
    const char *from_log = f->file >= 0 ? " (read from the log)" : "";
    if (!strcmp(f->kind, "nan") && f->metric)
        snprintf(out, n, "%s is %s at step %lld%s", f->subject,
                 isnan(f->value) ? "NaN" : f->value < 0 ? "-Inf" : "Inf",
                 (long long)f->step, from_log);
    else if (!strcmp(f->kind, "divergence"))
        snprintf(out, n, "%s diverging from step %lld: above twice its "
                 "best, at %s when flagged%s", f->subject, (long long)f->step,
                 v, from_log);
    else if (!strcmp(f->kind, "stall"))
        snprintf(out, n, "no %s for %.0fs (median interval %.3gs)",
                 f->file == -1 ? "metrics" : "output", f->value,
                 (double)f->step / 1000.0);
    else if (!strcmp(f->kind, "spike"))
        snprintf(out, n, "rate spike: %.0f of %d lines are template %s",
                 f->value, SPIKE_WINDOW, f->subject);
    else if (!strcmp(f->kind, "novel"))
        snprintf(out, n, "%llu template%s never seen in the reference runs",
                 (unsigned long long)f->count, f->count == 1 ? "" : "s");
    else
        snprintf(out, n, "%s", f->example);
}

static json_t *flag_json(const struct digest_state *s,
                         const struct digest_flag *f)
{
    char msg[FLAG_EXAMPLE + 96];
    flag_message(f, msg, sizeof msg);
    json_t *o = json_object(), *lines = json_array();
    json_object_set_new(o, "kind", json_string(f->kind));
    const char *src = f->file == -1 ? "metrics" : f->file >= 0 ?
                      s->files[f->file] : "log";
    json_object_set_new(o, "source", jstr(src, strlen(src)));
    json_object_set_new(o, "message", jstr(msg, strlen(msg)));
    json_object_set_new(o, "count", json_integer((json_int_t)f->count));
    for (uint32_t i = 0; i < f->nlines; i++)
        json_array_append_new(lines, json_integer((json_int_t)f->lines[i]));
    json_object_set_new(o, "lines", lines);
    json_object_set_new(o, "last_line", json_integer((json_int_t)f->last_line));
    if (f->metric)
        json_object_set_new(o, "metric", jstr(f->subject, strlen(f->subject)));
    if (f->step >= 0 && strcmp(f->kind, "stall"))
        json_object_set_new(o, "step", json_integer(f->step));
    if (f->example[0])
        json_object_set_new(o, "example", jstr(f->example, strlen(f->example)));
    return o;
}

static json_t *anomalies_json(const struct digest_state *s,
                              struct flag_set *fs)
{
    qsort(fs->f, fs->n, sizeof fs->f[0], flag_cmp);
    json_t *arr = json_array();
    for (uint32_t i = 0; i < fs->n; i++)
        json_array_append_new(arr, flag_json(s, &fs->f[i]));
    return arr;
}

/* ---- metrics -------------------------------------------------------- */

static void sparkline(const struct metric_series *m, char *out, size_t n)
{
    static const char *const bars[] = {"\u2581", "\u2582", "\u2583",
        "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"};
    double v[SPARK_WIDTH], lo = INFINITY, hi = -INFINITY;
    uint32_t w = m->npts < SPARK_WIDTH ? m->npts : SPARK_WIDTH;
    for (uint32_t b = 0; b < w; b++) {
        uint32_t s0 = b * m->npts / w, s1 = (b + 1) * m->npts / w;
        double sum = 0;
        for (uint32_t i = s0; i < s1; i++)
            sum += m->pts[i];
        v[b] = sum / (s1 - s0);
        lo = fmin(lo, v[b]);
        hi = fmax(hi, v[b]);
    }
    size_t o = 0;
    out[0] = '\0';
    for (uint32_t b = 0; b < w && o + 4 < n; b++) {
        int k = hi > lo ? (int)((v[b] - lo) / (hi - lo) * 7.0 + 0.5) : 3;
        memcpy(out + o, bars[k], 3);
        o += 3;
        out[o] = '\0';
    }
}

/* A log series is dropped when the run wrote the same key to its metrics
 * file: the file is exact, the log a rounded echo of it. */
static int shadowed(const struct digest_state *s,
                    const struct metric_series *m)
{
    for (uint32_t i = 0; i < s->metrics.n; i++)
        if (!strcmp(s->metrics.s[i].name, m->base))
            return 1;
    return 0;
}

static const struct metric_series *log_series_named(
    const struct digest_state *s, const char *name)
{
    for (uint32_t i = 0; i < s->logm.n; i++)
        if (!strcmp(s->logm.s[i].name, name))
            return &s->logm.s[i];
    return NULL;
}

/* The log series' flags join the rest unless their series is shadowed;
 * a NaN stays, since it points at the log lines that show it (the run's
 * metrics file gets its own flag, with its own line numbers). */
static void log_flags(const struct digest_state *s, struct flag_set *fs)
{
    for (uint32_t i = 0; i < s->logflags.n; i++) {
        const struct digest_flag *f = &s->logflags.f[i];
        const struct metric_series *m = log_series_named(s, f->subject);
        if (m && shadowed(s, m) && strcmp(f->kind, "nan"))
            continue;
        if (fs->n == FLAG_MAX) {
            fs->dropped++;
            continue;
        }
        fs->f[fs->n++] = *f;
    }
}

static json_t *series_json(const struct metric_series *m)
{
    char spark[SPARK_WIDTH * 3 + 8];
    sparkline(m, spark, sizeof spark);
    json_t *o = json_object();
    json_object_set_new(o, "name", jstr(m->name, strlen(m->name)));
    json_object_set_new(o, "goal", json_string(m->lower_better ? "min"
                                                                : "max"));
    json_object_set_new(o, "count", json_integer((json_int_t)m->count));
    json_object_set_new(o, "first", json_from_double(m->first));
    json_object_set_new(o, "best", json_from_double(m->best));
    json_object_set_new(o, "best_step", json_integer(m->best_step));
    json_object_set_new(o, "last", json_from_double(m->last));
    json_object_set_new(o, "last_step", json_integer(m->last_step));
    json_object_set_new(o, "sparkline", json_string(spark));
    json_object_set_new(o, "from", json_string(m->from_log ? "log"
                                                             : "metrics"));
    return o;
}

#define LOG_SERIES_MIN 3   /* values before a log variable is a series */

/* Recurring, unshadowed log series: losses first, then in order seen. */
static void log_series_json(const struct digest_state *s, json_t *arr)
{
    for (int pass = 1; pass >= 0; pass--)
        for (uint32_t i = 0; i < s->logm.n; i++) {
            const struct metric_series *m = &s->logm.s[i];
            if (m->loss_like == pass && m->count >= LOG_SERIES_MIN &&
                !shadowed(s, m))
                json_array_append_new(arr, series_json(m));
        }
}

static json_t *metrics_json(const struct digest_state *s)
{
    const struct metric_state *ms = &s->metrics;
    json_t *o = json_object(), *arr = json_array(), *bad = json_array();
    for (uint32_t i = 0; i < ms->n; i++)
        if (ms->s[i].count)
            json_array_append_new(arr, series_json(&ms->s[i]));
    log_series_json(s, arr);
    for (uint64_t i = 0; i < ms->malformed && i < FLAG_LINES; i++)
        json_array_append_new(bad, json_integer(
            (json_int_t)ms->malformed_lines[i]));
    json_object_set_new(o, "records", json_integer((json_int_t)ms->records));
    json_object_set_new(o, "malformed", json_integer(
        (json_int_t)ms->malformed));
    json_object_set_new(o, "malformed_lines", bad);
    json_object_set_new(o, "series", arr);
    return o;
}

/* The limits the supervisor names in its stored end reason
 * (dispatch/supervise.c), in the words a reader needs first. */
static const char *const LIMITS[][2] = {
    {"memory limit", "ended at its memory limit"},
    {"wall-time limit", "ended at its time limit"},
    {"disk quota", "ended at its disk limit"},
    {NULL, NULL},
};

/* How the run ended: a limit in words; "could not start: why" for a run
 * that never ran; else the stored reason as it is ("exited 1", "killed
 * by signal 9 (Killed)", "refused: ...", "supervisor gone (crash)"); and
 * the log cap when output was dropped. */
static void ending_words(const struct digest_runinfo *info, char *out,
                         size_t n)
{
    const char *r = info->end_reason ? info->end_reason : "";
    int k = -1;
    for (int i = 0; LIMITS[i][0] && k < 0; i++)
        if (strstr(r, LIMITS[i][0]))
            k = snprintf(out, n, "%s", LIMITS[i][1]);
    if (k < 0 && !strncmp(r, "could not run: ", 15))
        k = snprintf(out, n, "could not start: %s", r + 15);
    if (k < 0 && !*r && info->state && !strcmp(info->state, "killed"))
        k = snprintf(out, n, "stopped");
    if (k < 0)
        k = snprintf(out, n, "%s", r);
    if (info->log_dropped > 0 && k >= 0 && (size_t)k < n)
        snprintf(out + k, n - (size_t)k, "%sits log hit the log cap (%lld "
                 "bytes dropped)", k ? "; " : "", info->log_dropped);
}

json_t *digest_runinfo_json(const struct digest_runinfo *info)
{
    json_t *o = json_object();
    char words[320];
    if (!info)
        return o;
    if (info->state)
        json_object_set_new(o, "state", json_string(info->state));
    if (info->duration_s >= 0)
        json_object_set_new(o, "duration_s", json_real(info->duration_s));
    if (info->has_exit)
        json_object_set_new(o, "exit_code", json_integer(info->exit_code));
    if (info->end_reason)
        json_object_set_new(o, "end_reason", jstr(info->end_reason,
                                                  strlen(info->end_reason)));
    if (info->log_dropped > 0)
        json_object_set_new(o, "log_dropped", json_integer(info->log_dropped));
    ending_words(info, words, sizeof words);
    if (words[0])
        json_object_set_new(o, "ending", jstr(words, strlen(words)));
    return o;
}

static json_t *log_json(const struct digest_state *s, uint32_t templates)
{
    json_t *o = json_object(), *files = json_array();
    for (int i = 0; i < s->nfiles; i++)
        json_array_append_new(files, jstr(s->files[i], strlen(s->files[i])));
    json_object_set_new(o, "files", files);
    json_object_set_new(o, "lines", json_integer((json_int_t)s->lines));
    json_object_set_new(o, "bytes", json_integer((json_int_t)s->bytes));
    json_object_set_new(o, "templates", json_integer(templates));
    json_object_set_new(o, "truncated_lines",
                        json_integer((json_int_t)s->truncated));
    json_object_set_new(o, "reference_lines",
                        json_integer((json_int_t)s->ref_lines));
    return o;
}

int digest_state_snapshot(struct digest_state *s,
                          const struct digest_runinfo *info, json_t **out,
                          struct err *err)
{
    digest_miner_finish(s->miner);
    uint32_t ncl = digest_miner_clusters(s->miner), ntpl = 0, nnovel = 0;
    struct agg *a = malloc((ncl ? ncl : 1) * sizeof *a);
    struct flag_set *fs = malloc(sizeof *fs);
    if (!a || !fs) {
        free(a);
        free(fs);
        return err_set(err, ERR_INTERNAL, "out of memory taking a digest");
    }
    aggregate(s, a, ncl);
    *fs = s->flags;
    log_flags(s, fs);
    if (s->ref_lines)
        novelty_flag(s, fs, a, ncl);
    spike_flags(s, fs, a, ncl);
    stall_flags(s, fs, info);
    json_t *top = templates_json(s, a, ncl, 0, &ntpl);
    json_t *novel = templates_json(s, a, ncl, 1, &nnovel);
    json_t *o = json_object();
    json_object_set_new(o, "run", digest_runinfo_json(info));
    json_object_set_new(o, "log", log_json(s, ntpl));
    json_object_set_new(o, "metrics", metrics_json(s));
    json_object_set_new(o, "anomalies", anomalies_json(s, fs));
    json_object_set_new(o, "top_templates", top);
    if (!s->ref_lines) {
        json_decref(novel);
        novel = json_array();
    }
    json_object_set_new(o, "novel_templates", novel);
    free(a);
    free(fs);
    *out = o;
    return 0;
}
