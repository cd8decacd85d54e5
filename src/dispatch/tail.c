/*
 * tail — the metrics of running runs, ingested by the dispatcher.
 *
 * A run appends to its metrics file; its supervisor never writes the
 * database, so the dispatcher reads what was appended, for every running
 * run, at most every DISPATCH_TAIL_MS (pruners and `steward metrics` see
 * points that recent). One ingester per run keeps its place and its
 * prepared statements; the offset is also saved with each batch, so a
 * restarted dispatcher resumes where the last one stopped. The end of a
 * run's metrics is read when its end is recorded (api/runend.c).
 */
#include "api/handle.h"
#include "api/runpath.h"
#include "dispatch/dispatch_int.h"
#include "capture/metrics.h"
#include "core/clock.h"
#include "store/runs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct tailed {
    int64_t run;
    struct metrics_ingest *mi;
    off_t seen;            /* the file's size at the last read */
    int live;              /* still running at this look */
};

static struct {
    struct tailed runs[DISPATCH_WATCH_MAX];
    int n;
    int64_t last_ns;
} tails;

static struct tailed *find_or_add(struct steward *s, int64_t run)
{
    for (int i = 0; i < tails.n; i++)
        if (tails.runs[i].run == run)
            return &tails.runs[i];
    struct err ignored = ERR_INIT;
    struct metrics_ingest *mi = NULL;
    if (tails.n == DISPATCH_WATCH_MAX ||
        metrics_ingest_open(s->db, run, &mi, &ignored))
        return NULL;
    tails.runs[tails.n] = (struct tailed){run, mi, -1, 0};
    return &tails.runs[tails.n++];
}

/* Reads what was appended, when the file grew. */
static void read_new(struct steward *s, struct tailed *t)
{
    char path[API_PATH_MAX + 64];
    struct stat st;
    struct err err = ERR_INIT;
    if (run_path(s->home, t->run, RUN_METRICS, path, sizeof path) ||
        lstat(path, &st) || st.st_size == t->seen)
        return;
    t->seen = st.st_size;
    if (metrics_ingest_file(t->mi, path, &err))
        fprintf(stderr, "steward: run %lld: %s\n", (long long)t->run,
                err.msg);
}

static void forget_ended(void)
{
    for (int i = 0; i < tails.n;) {
        if (tails.runs[i].live) {
            tails.runs[i++].live = 0;
            continue;
        }
        metrics_ingest_free(tails.runs[i].mi);
        tails.runs[i] = tails.runs[--tails.n];
    }
}

void tail_metrics(struct steward *s, int now)
{
    int64_t runs[DISPATCH_WATCH_MAX];
    size_t n = 0;
    struct err ignored = ERR_INIT;
    if (!now && clock_mono_ns() - tails.last_ns < DISPATCH_TAIL_MS * 1000000LL)
        return;
    tails.last_ns = clock_mono_ns();
    if (store_runs_running(s->db, runs, DISPATCH_WATCH_MAX, &n, &ignored))
        return;
    for (size_t i = 0; i < n; i++) {
        struct tailed *t = find_or_add(s, runs[i]);
        if (t) {
            t->live = 1;
            read_new(s, t);
        }
    }
    forget_ended();
}

void tail_free(void)
{
    for (int i = 0; i < tails.n; i++)
        metrics_ingest_free(tails.runs[i].mi);
    tails.n = 0;
}
