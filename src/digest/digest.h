/*
 * digest — a run's megabytes of logs become forty lines a human reads.
 *
 * Three layers, each usable on its own:
 *
 *  - the template miner (digest_miner_*): an online, one-pass log template
 *    miner with bounded memory. Each message is masked (numbers, hex, IPs,
 *    paths, ids become <*>), tokenised, and joined to the most similar
 *    cluster of its length found through a small index keyed on its first
 *    and last tokens, so the cost per line is bounded however many
 *    clusters exist. Templates are the clusters' tokens with differing
 *    positions turned into <*>.
 *  - the header parser (digest_logfmt_*): Loghub-style line formats such
 *    as "<Date> <Time> <Level> <Component>: <Content>".
 *  - the run digest (digest_state_*, digest_run): an incremental state
 *    that is fed a run's log lines and metric records as they arrive and
 *    can be snapshotted at any time into a JSON digest: key metrics with
 *    sparklines, anomaly flags with line numbers, top and novel templates.
 *    digest_render_text prints a snapshot in at most 40 lines.
 *
 * All limits are fixed (see internal.h); nothing grows with the input
 * except the per-line cluster ids that template output needs, which go to
 * a temporary file.
 */
#ifndef STEWARD_DIGEST_DIGEST_H
#define STEWARD_DIGEST_DIGEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>
#include "core/err.h"

/* ---- template miner ------------------------------------------------ */

struct digest_miner;

int digest_miner_new(struct digest_miner **out, struct err *err) MUST_USE;
void digest_miner_free(struct digest_miner *m);
/* Adds one message (the Content part of a line) and returns its cluster
 * id (0-based, stable for the miner's life) in *cluster. */
int digest_miner_add(struct digest_miner *m, const char *msg, size_t len,
                     uint32_t *cluster, struct err *err) MUST_USE;
/* Number of clusters created so far. */
uint32_t digest_miner_clusters(const struct digest_miner *m);
/* Merges clusters that turned out to be one template (call after the
 * pass, or before a snapshot); ids merged away resolve to their target. */
void digest_miner_finish(struct digest_miner *m);
/* The cluster an id ended up in after digest_miner_finish. */
uint32_t digest_miner_resolve(const struct digest_miner *m, uint32_t id);
/* The template of a (resolved) cluster, NUL-terminated, into out. Returns
 * its length (cut to n - 1 if longer). */
size_t digest_miner_template(const struct digest_miner *m, uint32_t id,
                             char *out, size_t n);
/* Lines that joined a cluster (resolved ids only count merged lines). */
uint64_t digest_miner_count(const struct digest_miner *m, uint32_t id);

/* ---- header parsing ------------------------------------------------ */

struct digest_logfmt;

/* Compiles a Loghub log_format. NULL or "" gives the default, which strips
 * common timestamp, level and bracketed prefixes. */
int digest_logfmt_new(const char *format, struct digest_logfmt **out,
                      struct err *err) MUST_USE;
void digest_logfmt_free(struct digest_logfmt *f);

struct digest_fields {
    const char *content;   /* points into the line */
    size_t content_len;
    const char *time;      /* a timestamp-like field if found, else NULL */
    size_t time_len;
    int matched;           /* 0: the format did not match; content = line */
};

void digest_logfmt_split(const struct digest_logfmt *f, const char *line,
                         size_t len, struct digest_fields *out);

/* ---- template output (steward digest --templates) ------------------- */

enum digest_format { DIGEST_JSONL, DIGEST_CSV };

/* Mines a whole file and prints one row per line, with templates as of
 * the end of the pass. */
int digest_templates_file(const char *path, const char *log_format,
                          enum digest_format fmt, FILE *out,
                          struct err *err) MUST_USE;



/* ---- run digest ----------------------------------------------------- */

/* What the caller knows about the run; any field may be unknown. */
struct digest_runinfo {
    const char *state;     /* "running", "failed", ... or NULL */
    double duration_s;     /* < 0: unknown */
    int has_exit;
    int exit_code;
    double now_s;          /* wall clock (epoch s) for "stalled now"; <= 0 */
    const char *end_reason; /* as stored: "memory limit reached", ... */
    long long log_dropped; /* bytes dropped past the log cap */
};

/* The digest's "run" object for info, with "ending": how the run ended
 * in words (a limit, a kill, a failure to start), which the text form
 * prints on its first line. */
json_t *digest_runinfo_json(const struct digest_runinfo *info);

struct digest_input {
    const char *const *logs;   /* stdout/stderr files; lines numbered per file */
    size_t nlogs;
    const char *metrics;       /* JSON-lines metrics file, or NULL */
    const char *const *refs;   /* reference runs' logs (novelty), or NULL */
    size_t nrefs;
    const char *log_format;    /* NULL: default header stripping */
    struct digest_runinfo info;
};

/* The incremental form: feed lines as they arrive, snapshot any time. */
struct digest_state;

int digest_state_new(const char *log_format, struct digest_state **out,
                     struct err *err) MUST_USE;
void digest_state_free(struct digest_state *s);
/* Reference lines (from earlier runs) define the known templates. Feed
 * them before the run's own lines. */
int digest_state_reference_line(struct digest_state *s, const char *line,
                                size_t len, struct err *err) MUST_USE;
/* Starts a new log file (its lines are numbered from 1); name is shown. */
void digest_state_log_file(struct digest_state *s, const char *name);
int digest_state_log_line(struct digest_state *s, const char *line,
                          size_t len, int truncated, struct err *err) MUST_USE;
/* More of the current line, cut after a '\r' because the line (a tqdm
 * bar's updates) is longer than the 64 KiB a line may hold: its metrics
 * and patterns are read, under the current line number. */
void digest_state_log_more(struct digest_state *s, const char *piece,
                           size_t len);
/* One line of the metrics JSON-lines file (malformed lines are counted). */
void digest_state_metric_line(struct digest_state *s, const char *line,
                              size_t len);
/* The digest as of now, as JSON (see docs/digest.md for the structure). */
int digest_state_snapshot(struct digest_state *s,
                          const struct digest_runinfo *info, json_t **out,
                          struct err *err) MUST_USE;

/* Reads the files of a run (to their current end) and digests them. */
int digest_run(const struct digest_input *in, json_t **out,
               struct err *err) MUST_USE;

/* Prints a digest as text, anomalies first, in at most DIGEST_TEXT_LINES
 * lines whatever its size. */
#define DIGEST_TEXT_LINES 40
void digest_render_text(const json_t *digest, FILE *out);
#endif
