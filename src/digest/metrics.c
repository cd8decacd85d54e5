/*
 * metrics — a run's metrics JSON lines: series, NaN/Inf and divergence.
 *
 * Each line is one JSON object ({"step":3,"loss":0.41}); lines that are
 * not (truncated writes, garbage) are counted and their numbers kept, not
 * fatal. Bare NaN/Infinity, which Python's json module writes, are read
 * as "nan"/"inf". "step" (or "epoch", "iter") numbers the record; "time",
 * "ts" or "timestamp" (epoch seconds or ms, or an ISO string) feeds stall
 * detection; every other numeric field is a series.
 *
 * Divergence, for series named like a loss (not a loss scale or a
 * perplexity): the series is smoothed (median of the last five values)
 * so that per-batch noise and single bad batches do not fire; after five
 * points, a point whose smoothed value is more than twice its best, and
 * has climbed back more than a quarter of the way to its peak, extends a
 * streak; three in a row raise the flag at the streak's start. The same
 * rules serve series read from the log text (logmetrics.c).
 */
#include "digest/run_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/json.h"
#include "core/metricline.h"

#define DIV_MIN_POINTS 5
#define DIV_STREAK 3
#define DIV_WINDOW 3          /* raw values in the smoothing median */
#define DIV_PEAK_SHARE 0.25   /* of the drop from the peak: see divergence */
#define DIV_NOISE_SIGMAS 5.0  /* the rise must beat this much noise */
#define NONFINITE_RUN 3       /* non-loss log series: NaN/Inf in a row */

static int lower_is_better(const char *name)
{
    static const char *const low[] = {"loss", "err", "perplexity", "ppl",
        "wer", "cer", "mse", "mae", "rmse", "latency", "nll", NULL};
    for (int i = 0; low[i]; i++)
        if (strcasestr(name, low[i]))
            return 1;
    return 0;
}

/* Divergence is judged on losses only: learning rates warm up, epoch and
 * sample counters and throughput climb, and all of that is healthy. A
 * loss scale (fp16) halves and doubles by design, and a perplexity is
 * exp(loss), so it more than doubles when the loss rises by 0.7. */
static int series_loss_like(const char *name)
{
    return strcasestr(name, "loss") && !strcasestr(name, "scale") &&
           !strcasestr(name, "ppl") && !strcasestr(name, "perplexity");
}

void series_reset(struct metric_series *s, const char *name)
{
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(s->base, sizeof s->base, "%s", name);
    s->lower_better = lower_is_better(name);
    s->loss_like = series_loss_like(name);
    s->stride = 1;
    s->run_min = INFINITY;
    s->peak = -INFINITY;
}

static struct metric_series *series_get(struct metric_state *ms,
                                        const char *name)
{
    for (uint32_t i = 0; i < ms->n; i++)
        if (!strcmp(ms->s[i].name, name))
            return &ms->s[i];
    if (ms->n == METRIC_MAX)
        return NULL;
    struct metric_series *s = &ms->s[ms->n++];
    series_reset(s, name);
    return s;
}

/* Keeps at most METRIC_POINTS points: when full, neighbours are averaged
 * and each kept point stands for twice as many records. */
static void series_point(struct metric_series *s, double v)
{
    s->pending_sum += v;
    if (++s->pending_n < s->stride)
        return;
    if (s->npts == METRIC_POINTS) {
        for (uint32_t i = 0; i < METRIC_POINTS / 2; i++)
            s->pts[i] = (s->pts[2 * i] + s->pts[2 * i + 1]) / 2;
        s->npts = METRIC_POINTS / 2;
        s->stride *= 2;
    }
    s->pts[s->npts++] = s->pending_sum / s->pending_n;
    s->pending_sum = 0;
    s->pending_n = 0;
}

/* Median of the last DIV_WINDOW values (fewer at the start): one bad
 * batch cannot move it, a loss that keeps climbing does at once. */
static double smoothed(struct metric_series *s, double v)
{
    s->recent[(s->count - 1) % DIV_WINDOW] = v;
    uint32_t n = s->count < DIV_WINDOW ? (uint32_t)s->count : DIV_WINDOW;
    double w[DIV_WINDOW];
    memcpy(w, s->recent, n * sizeof *w);
    for (uint32_t i = 1; i < n; i++)
        for (uint32_t j = i; j > 0 && w[j - 1] > w[j]; j--) {
            double t = w[j];
            w[j] = w[j - 1];
            w[j - 1] = t;
        }
    return n % 2 ? w[n / 2] : (w[n / 2 - 1] + w[n / 2]) / 2;
}

static void divergence_hit(struct metric_series *s, struct flag_set *fs,
                           int file, double v, uint64_t line)
{
    struct digest_flag *f = flag_get(fs, "divergence", s->name, file);
    if (f && f->count == 0) {
        f->step = s->streak_step;
        f->value = v;
        f->metric = 1;
    }
    for (uint32_t i = 0; s->streak == DIV_STREAK && i + 1 < DIV_STREAK; i++)
        flag_hit(f, s->streak_lines[i], NULL, 0);
    flag_hit(f, line, NULL, 0);
}

/* The series' own noise: |second difference of log value| (the trend of
 * a decaying loss cancels, a bad batch stands out), kept as a histogram
 * of quarter octaves so that its median costs a fixed time. For
 * independent log-normal noise of width sigma the median is 1.65 sigma. */
static void noise_add(struct metric_series *s, double v)
{
    if (!(v > 0)) {
        s->nlogs = 0;
        return;
    }
    double l = log(v);
    if (s->nlogs >= 2) {
        double d = fabs(l - 2 * s->logs[1] + s->logs[0]);
        int e;
        double m = frexp(d, &e);   /* d = m 2^e, m in [0.5, 1) */
        int b = d < 0x1p-20 ? 0 : (e + 19) * 4 + (int)((m - 0.5) * 8) + 1;
        b = b < NOISE_BUCKETS ? b : NOISE_BUCKETS - 1;
        s->noise[b]++;
        if (s->nnoise++ == 0 || (uint32_t)b < s->noise_lo)
            s->noise_lo = (uint32_t)b;
    }
    s->logs[0] = s->logs[1];
    s->logs[1] = l;
    s->nlogs += s->nlogs < 2;
}

static double noise_sigma(const struct metric_series *s)
{
    if (s->nnoise < 3)
        return 0;
    uint32_t half = (s->nnoise + 1) / 2, cum = 0;
    for (int b = (int)s->noise_lo; b < NOISE_BUCKETS; b++)
        if ((cum += s->noise[b]) >= half)
            return b ? exp2((b - 0.5) / 4 - 20) / 1.65 : 0;
    return 0;
}

/* A point is above when the smoothed loss exceeds its running minimum by
 * more than max(|min|, 1e-9) -- more than doubled from its best, for a
 * positive loss; more than e^(5 sigma) times its best when the series is
 * noisier than that (per-batch losses of small batches) -- and by more
 * than a quarter of the way back up from the minimum to the highest
 * smoothed value seen: a loss that fell from 2.5 to 0.01 and wanders at
 * 0.03 has tripled, but is still far below where it started. A loss
 * whose minimum is not positive (policy losses cross zero) must also
 * climb above its previous peak. Three such points in a row flag the
 * streak's start. */
static void divergence(struct metric_series *s, struct flag_set *fs,
                       int file, double v, int64_t step, uint64_t line)
{
    double y = smoothed(s, v), lo = s->run_min, before = s->peak;
    noise_add(s, v);
    s->peak = fmax(s->peak, y);
    double margin = fmax(fmax(fabs(lo), 1e-9),
                         DIV_PEAK_SHARE * (s->peak - lo));
    if (lo <= 0)   /* a loss around zero (RL): only new highs count */
        margin = fmax(margin, before - lo);
    int above = s->count > DIV_MIN_POINTS && y - lo > margin;
    if (above) {   /* the noise only matters when the rest says "above" */
        double ratio = exp(DIV_NOISE_SIGMAS * noise_sigma(s));
        above = y - lo > fabs(lo) * (ratio - 1);
    }
    if (above) {
        if (s->streak == 0)
            s->streak_step = step;
        if (s->streak < DIV_STREAK)
            s->streak_lines[s->streak] = line;
        if (++s->streak >= DIV_STREAK)
            divergence_hit(s, fs, file, v, line);
    } else {
        s->streak = 0;
    }
    if (s->count >= 3 && y < s->run_min)
        s->run_min = y;
}

/* NaN/Inf: at once for metrics the run wrote and for losses; a log
 * series of anything else only after NONFINITE_RUN in a row (fp16 runs
 * print an infinite grad norm while the loss scale settles). */
static void nonfinite(struct metric_series *s, struct flag_set *fs, int file,
                      double v, int64_t step, uint64_t line)
{
    s->nonfinite_run++;
    if (s->from_log && !s->loss_like && s->nonfinite_run < NONFINITE_RUN)
        return;
    struct digest_flag *f = flag_get(fs, "nan", s->name, file);
    if (f && f->count == 0) {
        f->step = step;
        f->value = v;
        f->metric = 1;
    }
    flag_hit(f, line, NULL, 0);
}

void series_value(struct metric_series *s, struct flag_set *fs, int file,
                  double v, int64_t step, uint64_t line)
{
    if (!isfinite(v)) {
        nonfinite(s, fs, file, v, step, line);
        return;
    }
    s->nonfinite_run = 0;
    s->count++;
    int better = s->count == 1 || (s->lower_better ? v < s->best
                                                   : v > s->best);
    if (s->count == 1)
        s->first = v;
    if (better) {
        s->best = v;
        s->best_step = step;
        s->best_line = line;
    }
    s->last = v;
    s->last_step = step;
    series_point(s, v);
    if (s->loss_like)
        divergence(s, fs, file, v, step, line);
}

/* Python writes NaN, Infinity, -Infinity bare; JSON has no such tokens.
 * Rewrites them, outside strings, as the strings steward reads. */
static size_t fix_nonfinite(const char *in, size_t n, char *out, size_t cap)
{
    static const struct { const char *from, *to; } sub[] = {
        {"-Infinity", "\"-inf\""}, {"Infinity", "\"inf\""},
        {"NaN", "\"nan\""}, {NULL, NULL}};
    size_t o = 0;
    int str = 0;
    for (size_t i = 0; i < n && o + 8 < cap;) {
        if (in[i] == '"' && (i == 0 || in[i - 1] != '\\'))
            str = !str;
        int done = 0;
        for (int k = 0; !str && sub[k].from && !done; k++) {
            size_t fl = strlen(sub[k].from), tl = strlen(sub[k].to);
            if (fl <= n - i && !memcmp(in + i, sub[k].from, fl)) {
                memcpy(out + o, sub[k].to, tl);
                o += tl;
                i += fl;
                done = 1;
            }
        }
        if (!done)
            out[o++] = in[i++];
    }
    return o;
}

static json_t *parse_record(const char *line, size_t len)
{
    json_t *j = json_loadb(line, len, 0, NULL);
    if (!j && len < DIGEST_MAX_LINE && (memmem(line, len, "NaN", 3) ||
                                        memmem(line, len, "Infinity", 8))) {
        char *buf = malloc(2 * len + 16);
        if (buf) {
            size_t n = fix_nonfinite(line, len, buf, 2 * len + 16);
            j = json_loadb(buf, n, 0, NULL);
            free(buf);
        }
    }
    if (j && !json_is_object(j)) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

static int is_meta_key(const char *k)
{
    return !strcmp(k, "step") || !strcmp(k, "epoch") || !strcmp(k, "iter") ||
           !strcmp(k, "iteration") || !strcmp(k, "time") ||
           !strcmp(k, "ts") || !strcmp(k, "timestamp");
}

static double record_time(json_t *rec)
{
    static const char *const keys[] = {"time", "ts", "timestamp", NULL};
    for (int i = 0; keys[i]; i++) {
        json_t *v = json_object_get(rec, keys[i]);
        if (json_is_number(v)) {
            double t = json_number_value(v);
            return t > 1e11 ? t / 1000.0 : t;
        }
        if (json_is_string(v))
            return stamp_parse(json_string_value(v), json_string_length(v));
    }
    return NAN;
}

static int64_t record_step(json_t *rec, uint64_t index)
{
    static const char *const keys[] = {"step", "iter", "iteration", "epoch",
                                       NULL};
    for (int i = 0; keys[i]; i++) {
        json_t *v = json_object_get(rec, keys[i]);
        if (json_is_integer(v))
            return (int64_t)json_integer_value(v);
        if (json_is_real(v) && isfinite(json_real_value(v)))
            return (int64_t)json_real_value(v);
    }
    return (int64_t)index;
}

static void malformed(struct metric_state *ms)
{
    if (ms->malformed < FLAG_LINES)
        ms->malformed_lines[ms->malformed] = ms->lineno;
    ms->malformed++;
}

/* A line is malformed exactly when capture would count it bad
 * (core/metricline.h), so `status`, the run's digest and a digest of the
 * same file agree; jansson then reads the good ones, timestamps too. */
void metrics_line(struct metric_state *ms, struct flag_set *fs,
                  struct gap_track *g, const char *line, size_t len)
{
    struct metrics_point pts[1];
    int64_t ignored;
    ms->lineno++;
    if (len == 0)
        return;
    if (metrics_parse_line(line, len, &ignored, pts, 1) < 0) {
        malformed(ms);
        return;
    }
    json_t *rec = parse_record(line, len);
    if (!rec)
        return;
    ms->records++;
    int64_t step = record_step(rec, ms->records - 1);
    gap_event(g, record_time(rec), -1, ms->lineno);
    const char *key;
    json_t *v;
    json_object_foreach(rec, key, v) {
        double x;
        if (is_meta_key(key) || json_is_boolean(v) || json_get_double(v, &x))
            continue;
        struct metric_series *s = series_get(ms, key);
        if (s)
            series_value(s, fs, -1, x, step, ms->lineno);
    }
    json_decref(rec);
}
