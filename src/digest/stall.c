/*
 * stall — gaps between timestamped events, and timestamp parsing.
 *
 * A stall is a gap with no event for many times the typical interval.
 * The typical interval is the median gap between distinct timestamps
 * (logs stamped to the second print bursts in one second; those zero
 * gaps say nothing about pace), approximated from a histogram
 * of gaps in powers of two of milliseconds, so tracking costs 64 counters
 * whatever the run's length; the four largest gaps are kept with where
 * they ended. Logs and metrics are tracked separately: their clocks need
 * not agree (local time in a log header, epoch seconds in metrics).
 */
#include "digest/run_int.h"

#include <math.h>
#include <string.h>

void gap_init(struct gap_track *g)
{
    memset(g, 0, sizeof *g);
    g->last_t = NAN;
}

static void gap_keep_top(struct gap_track *g, double gap, int src,
                         uint64_t line)
{
    int min = 0;
    for (int i = 1; i < 4; i++)
        if (g->top[i].gap < g->top[min].gap)
            min = i;
    if (gap > g->top[min].gap) {
        g->top[min].gap = gap;
        g->top[min].src = src;
        g->top[min].line = line;
    }
}

void gap_event(struct gap_track *g, double t, int src, uint64_t line)
{
    if (!isfinite(t))
        return;
    if (isfinite(g->last_t) && t > g->last_t) {   /* same stamp: a burst */
        double gap = t - g->last_t;
        double ms = gap * 1000.0;
        int b = ms < 1.0 ? 0 : (int)log2(ms) + 1;
        g->hist[b > 63 ? 63 : b]++;
        g->ngaps++;
        gap_keep_top(g, gap, src, line);
    }
    g->last_t = t;
    g->last_src = src;
    g->last_line = line;
}

double gap_median(const struct gap_track *g)
{
    uint64_t half = (g->ngaps + 1) / 2, acc = 0;
    for (int b = 0; b < 64; b++) {
        acc += g->hist[b];
        if (acc >= half && g->ngaps)
            return b == 0 ? 0.0005 : ldexp(1.0, b - 1) * 1.4142 / 1000.0;
    }
    return NAN;
}

/* ---- timestamps ----------------------------------------------------- */

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct stamp_nums {
    int64_t v[8];
    int len[8];
    int n;
    double frac;     /* fraction after the last number, if any */
    int month;       /* 1..12 from a month name, or 0 */
};

static int month_of(const char *s)
{
    static const char m[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (s[0] < 'A' || s[0] > 'Z')   /* most bytes of a stamp: digits */
        return 0;
    for (int i = 0; i < 12; i++)
        if (!memcmp(s, m + 3 * i, 3))
            return i + 1;
    return 0;
}

static void stamp_scan(const char *s, size_t n, struct stamp_nums *sn)
{
    memset(sn, 0, sizeof *sn);
    for (size_t i = 0; i < n && sn->n < 8;) {
        if (s[i] >= '0' && s[i] <= '9') {
            int64_t v = 0;
            int len = 0;
            while (i < n && s[i] >= '0' && s[i] <= '9' && len < 15)
                v = v * 10 + (s[i++] - '0'), len++;
            sn->v[sn->n] = v;
            sn->len[sn->n++] = len;
            continue;
        }
        if (i + 3 <= n && !sn->month && month_of(s + i))
            sn->month = month_of(s + i);
        i++;
    }
}

static double hms(const int64_t *v)
{
    return (double)(v[0] * 3600 + v[1] * 60 + v[2]);
}

static double frac_of(const struct stamp_nums *sn, int i)
{
    static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};   /* len <= 15 */
    if (i >= sn->n)
        return 0.0;
    return (double)sn->v[i] / p10[sn->len[i]];
}

double stamp_parse(const char *s, size_t n)
{
    struct stamp_nums sn;
    stamp_scan(s, n, &sn);
    const int64_t *v = sn.v;
    if (sn.n >= 6 && (sn.len[0] == 4 || sn.len[0] == 2) && !sn.month) {
        int64_t y = sn.len[0] == 2 ? 2000 + v[0] : v[0];
        double d = (double)days_from_civil(y, v[1], v[2]);
        return d * 86400.0 + hms(v + 3) + frac_of(&sn, 6);
    }
    if (sn.month && sn.n >= 4)   /* "Jun 14 15:16:01": no year */
        return (double)days_from_civil(2000, sn.month, v[0]) * 86400.0 +
               hms(v + 1) + frac_of(&sn, 4);
    if (sn.n == 2 && sn.len[0] == 6 && sn.len[1] == 6)   /* 081109 203615 */
        return (double)days_from_civil(2000 + v[0] / 10000,
                                       v[0] / 100 % 100, v[0] % 100) *
               86400.0 + (double)(v[1] / 10000 * 3600 +
                                  v[1] / 100 % 100 * 60 + v[1] % 100);
    if (sn.n >= 3 && memchr(s, ':', n))
        return hms(v + sn.n - 3 - (sn.n >= 4)) + (sn.n >= 4 ?
                                                  frac_of(&sn, sn.n - 1) : 0);
    if (sn.n >= 1 && sn.n <= 2 && sn.len[0] >= 9)   /* epoch s or ms */
        return sn.len[0] >= 12 ? (double)v[0] / 1000.0 : (double)v[0];
    if (sn.n == 2 && memchr(s, '.', n))              /* uptime "[12.5]" */
        return (double)v[0] + frac_of(&sn, 1);
    return NAN;
}
