/*
 * ingest — metric ingest speed: steward's path (parse JSON lines, batch,
 * one transaction per chunk, resumable offsets) against raw SQLite
 * prepared inserts of the same points into the same table in one
 * transaction. Prints: what, ours, baseline, ratio.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/metrics.h"
#include "core/clock.h"
#include "store/store.h"

#define LINES 200000
#define PER_LINE 5

static sqlite3 *fresh_db(const char *path)
{
    sqlite3 *db;
    struct err err = ERR_INIT;
    char extra[128];
    unlink(path);
    snprintf(extra, sizeof extra, "%s-wal", path);
    unlink(extra);
    if (store_open(path, 1, &db, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        exit(1);
    }
    sqlite3_exec(db, "INSERT INTO experiments(id,name,state,proposer,"
        "proposer_role,argv,workdir,params,cpus,mem_bytes,gpus,time_s,"
        "disk_bytes,network,tags,rationale,content_hash,created_ms,"
        "updated_ms) VALUES (1,'x','running','u','owner','[]','/','{}',1,1,0,"
        "1,1,0,'[]','','h',0,0); INSERT INTO runs(id,experiment_id,backend,"
        "queued_ms) VALUES (1,1,'local',0);", NULL, NULL, NULL);
    return db;
}

static char *make_lines(size_t *len)
{
    size_t cap = (size_t)LINES * 128;
    char *text = malloc(cap);
    size_t n = 0;
    for (int i = 0; i < LINES; i++)
        n += (size_t)snprintf(text + n, cap - n,
            "{\"step\":%d,\"loss\":%.6f,\"acc\":%.4f,\"lr\":0.001,"
            "\"grad_norm\":%.3f,\"tokens\":%d}\n", i, 1.0 / (i + 1),
            i * 1e-6, 3.5 + i % 7, i * 512);
    *len = n;
    return text;
}

static double ours(const char *text, size_t len)
{
    struct err err = ERR_INIT;
    struct metrics_ingest *mi;
    sqlite3 *db = fresh_db("/tmp/steward-bench-ours.db");
    int64_t t0 = clock_mono_ns();
    if (metrics_ingest_open(db, 1, &mi, &err))
        exit(1);
    for (size_t off = 0; off < len; off += 1 << 20) {
        size_t n = len - off < (1 << 20) ? len - off : 1 << 20;
        if (metrics_ingest_bytes(mi, text + off, n, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            exit(1);
        }
    }
    metrics_ingest_free(mi);
    double s = (double)(clock_mono_ns() - t0) / 1e9;
    store_close(db);
    return s;
}

static double raw(void)
{
    sqlite3 *db = fresh_db("/tmp/steward-bench-raw.db");
    sqlite3_stmt *st;
    int64_t t0 = clock_mono_ns();
    sqlite3_exec(db, "INSERT INTO metric_series(id, run_id, name) VALUES "
                 "(1,1,'loss'),(2,1,'acc'),(3,1,'lr'),(4,1,'grad_norm'),"
                 "(5,1,'tokens'); BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO metrics(series_id, step, value) "
                       "VALUES (?, ?, ?)", -1, &st, NULL);
    for (int i = 0; i < LINES; i++)
        for (int k = 1; k <= PER_LINE; k++) {
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, k);
            sqlite3_bind_int64(st, 2, i);
            sqlite3_bind_double(st, 3, 1.0 / (i + k));
            sqlite3_step(st);
        }
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    double s = (double)(clock_mono_ns() - t0) / 1e9;
    store_close(db);
    return s;
}

int main(void)
{
    size_t len;
    char *text = make_lines(&len);
    double points = (double)LINES * PER_LINE;
    double a = ours(text, len), b = raw();
    printf("metric ingest (points/s, %d points): ours %.0f, raw sqlite "
           "%.0f, ratio %.2f\n", LINES * PER_LINE, points / a, points / b,
           b / a);
    free(text);
    return 0;
}
