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
 * Divergence, for series whose name contains "loss": the series is
 * smoothed (EMA, alpha 0.3) so that per-batch noise does not fire; after
 * five points, a point whose smoothed value exceeds the running minimum
 * of the smoothed series by more than max(|min|, 1e-9) -- the loss more
 * than doubled from its best, for positive losses -- extends a streak;
 * three such points in a row raise the flag at the streak's start.
 */
#include "digest/run_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/json.h"

#define DIV_MIN_POINTS 5
#define DIV_STREAK 3
#define EMA_ALPHA 0.3

static int lower_is_better(const char *name)
{
    static const char *const low[] = {"loss", "err", "perplexity", "ppl",
        "wer", "cer", "mse", "mae", "rmse", "latency", "nll", NULL};
    for (int i = 0; low[i]; i++)
        if (strstr(name, low[i]))
            return 1;
    return 0;
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
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->lower_better = lower_is_better(name);
    s->stride = 1;
    s->run_min = INFINITY;
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

static void divergence(struct metric_series *s, struct flag_set *fs,
                       double v, int64_t step, uint64_t line)
{
    double ema = s->count == 1 ? v : EMA_ALPHA * v + (1 - EMA_ALPHA) * s->ema;
    s->ema = ema;
    if (s->count > DIV_MIN_POINTS &&
        ema - s->run_min > fmax(fabs(s->run_min), 1e-9)) {
        if (s->streak == 0)
            s->streak_step = step;
        if (s->streak < DIV_STREAK)
            s->streak_lines[s->streak] = line;
        if (++s->streak >= DIV_STREAK) {
            struct digest_flag *f = flag_get(fs, "divergence", s->name, -1);
            if (f && f->count == 0) {
                f->step = s->streak_step;
                f->value = v;
            }
            for (uint32_t i = 0; s->streak == DIV_STREAK && i + 1 < DIV_STREAK;
                 i++)
                flag_hit(f, s->streak_lines[i], NULL, 0);
            flag_hit(f, line, NULL, 0);
        }
    } else {
        s->streak = 0;
    }
    if (s->count >= 3 && ema < s->run_min)
        s->run_min = ema;
}

static void series_value(struct metric_series *s, struct flag_set *fs,
                         double v, int64_t step, uint64_t line)
{
    if (!isfinite(v)) {
        struct digest_flag *f = flag_get(fs, "nan", s->name, -1);
        if (f && f->count == 0) {
            f->step = step;
            f->value = v;
        }
        flag_hit(f, line, NULL, 0);
        return;
    }
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
    if (strstr(s->name, "loss"))
        divergence(s, fs, v, step, line);
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

void metrics_line(struct metric_state *ms, struct flag_set *fs,
                  struct gap_track *g, const char *line, size_t len)
{
    ms->lineno++;
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    if (len == 0)
        return;
    json_t *rec = parse_record(line, len);
    if (!rec) {
        malformed(ms);
        return;
    }
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
            series_value(s, fs, x, step, ms->lineno);
    }
    json_decref(rec);
}
