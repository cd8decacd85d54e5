/*
 * run_int — the run digest's private state, shared by state.c, flags.c,
 * metrics.c, stall.c and snapshot.c.
 */
#ifndef STEWARD_DIGEST_RUN_INT_H
#define STEWARD_DIGEST_RUN_INT_H

#include <stdint.h>
#include <jansson.h>
#include "digest/digest.h"
#include "digest/internal.h"

#define FLAG_MAX        64    /* distinct anomaly flags kept */
#define FLAG_LINES      6     /* line numbers kept per flag (first ones) */
#define FLAG_EXAMPLE    160   /* bytes of example text kept */
#define METRIC_MAX      32    /* metric series kept (first seen) */
#define METRIC_POINTS   512   /* points kept per series (decimated) */
#define SPIKE_WINDOW    256   /* lines per rate window */
#define LOG_FILES_MAX   8
#define NOISE_BUCKETS   96    /* quarter octaves from 2^-20 to 2^4 */

struct digest_flag {
    char kind[24];        /* "nan", "oom", "traceback", ... */
    char subject[48];     /* metric name or file name: flags are per subject */
    int file;             /* log file index, or -1 for metrics */
    uint64_t count;
    uint64_t lines[FLAG_LINES];
    uint32_t nlines;
    uint64_t last_line;
    double value;         /* kind-specific (gap seconds, loss value) */
    int64_t step;         /* metrics step, or -1 */
    int metric;           /* about a metric series (subject is its name) */
    char example[FLAG_EXAMPLE];
};

struct flag_set {
    struct digest_flag f[FLAG_MAX];
    uint32_t n;
    uint64_t dropped;
};

/* The flag (kind, subject, file), created if new; NULL when full. */
struct digest_flag *flag_get(struct flag_set *fs, const char *kind,
                             const char *subject, int file);
/* Records one occurrence at line with example text. */
void flag_hit(struct digest_flag *f, uint64_t line, const char *text,
              size_t len);

/* Scans a raw log line for the fixed anomaly patterns. nan_read: the
 * line's NaN/Inf values were read into log series, whose rules decide. */
void flags_scan_log(struct flag_set *fs, const char *line, size_t len,
                    int file, const char *fname, uint64_t lineno,
                    int nan_read);

/* ---- stall.c: gaps between timestamped events ---------------------- */

struct gap_track {
    double last_t;        /* last timestamp seen, or NAN */
    int last_src;         /* -1 metrics, else log file index */
    uint64_t last_line;
    uint64_t hist[64];    /* gaps by log2(ms) bucket, for the median */
    uint64_t ngaps;
    struct gap_top { double gap; int src; uint64_t line; } top[4];
};

void gap_init(struct gap_track *g);
void gap_event(struct gap_track *g, double t, int src, uint64_t line);
double gap_median(const struct gap_track *g);
/* Seconds since the epoch (or since midnight for a bare time of day)
 * from a timestamp-like text, or NAN. */
double stamp_parse(const char *s, size_t n);

/* ---- metrics.c ----------------------------------------------------- */

struct metric_series {
    char name[48];        /* as shown: "loss", or "Validation loss" */
    char base[48];        /* the key alone, to match STEWARD_METRICS names */
    uint64_t id;          /* log series: hash of (context, key); else 0 */
    int lower_better;
    int loss_like;        /* divergence applies (see series_loss_like) */
    int from_log;
    uint64_t count;
    double first, best, last;
    int64_t best_step, last_step;
    uint64_t best_line;
    double pts[METRIC_POINTS];
    uint32_t npts, stride, pending_n;
    double pending_sum;
    /* divergence */
    double run_min;
    uint32_t streak;
    uint64_t streak_lines[3];   /* the first DIV_STREAK of a streak */
    int64_t streak_step;
    int diverged;
    double recent[3];     /* last raw values: the median smooths */
    double peak;          /* highest smoothed value so far */
    double logs[2];       /* log of the last two positive values */
    uint32_t nlogs;
    uint32_t noise[NOISE_BUCKETS];   /* |second difference of log| */
    uint32_t nnoise;
    uint32_t noise_lo;    /* lowest bucket in use: the median's search */
    uint32_t nonfinite_run;
};

struct metric_state {
    struct metric_series s[METRIC_MAX];
    uint32_t n;
    uint64_t records, malformed, lineno;
    uint64_t malformed_lines[FLAG_LINES];
    uint8_t hint[24];     /* log series: the i-th pair's series last time */
    struct logm_cand {    /* log variables not yet seen LOGM_RECUR times */
        uint64_t id;
        uint32_t count;
        double v[2];
        int64_t step[2];
        uint64_t line[2];
    } cand[256];          /* 64 sets of 4 */
};

void metrics_line(struct metric_state *ms, struct flag_set *fs,
                  struct gap_track *g, const char *line, size_t len);

/* One value of a series: NaN/Inf and divergence flags, best, sparkline. */
void series_value(struct metric_series *s, struct flag_set *fs, int file,
                  double v, int64_t step, uint64_t line);
/* Fresh series state for name (stride, minima, loss-likeness). */
void series_reset(struct metric_series *s, const char *name);

/* ---- logmetrics.c: metrics read from log text ------------------------ */

#define LOGM_PAIRS 24         /* key/value pairs read per line segment */
#define LOGM_KEY 48

struct logm_pair {
    char key[LOGM_KEY];       /* with its qualifying word: "lm loss" */
    size_t key_len;
    size_t word;              /* where the key's last word starts */
    double v;
};

/* The key/value pairs of one message segment, in order; returns count. */
uint32_t logm_parse(const char *s, size_t n, struct logm_pair *out,
                    uint32_t max);
/* Feeds one log line (its content part; '\r' separates tqdm updates). */
uint32_t logm_line(struct metric_state *ms, struct flag_set *fs, int file,
               const char *content, size_t len, uint64_t line);

/* ---- state ---------------------------------------------------------- */

struct cluster_stat {
    uint64_t run_count, ref_count;
    uint64_t first_line;
    int first_file;
    uint64_t win, win_count;       /* current window and its count */
    uint64_t max_win_count, max_win;
    char example[FLAG_EXAMPLE];
};

struct digest_state {
    struct digest_miner *miner;
    struct digest_logfmt *fmt;
    struct cluster_stat *cs;
    uint32_t ncs;
    struct flag_set flags;
    struct metric_state metrics;
    struct metric_state logm;    /* series read from the log text */
    struct flag_set logflags;    /* their flags, merged at snapshot */
    struct gap_track gaps;       /* log timestamps */
    struct gap_track mgaps;      /* metric timestamps */
    char files[LOG_FILES_MAX][64];
    int nfiles, cur_file;
    uint64_t lineno;             /* in the current file */
    uint64_t lines, bytes, truncated, ref_lines;
};

#endif
