/*
 * test_capture — metrics lines: what is accepted, what is counted bad,
 * and that ingest is batched, resumable and bounded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/metrics.h"
#include "store/store.h"

static int parse(const char *line, int64_t *step, struct metrics_point *p)
{
    return metrics_parse_line(line, strlen(line), step, p, 8);
}

static void a_plain_line_gives_points_and_step(void **state)
{
    struct metrics_point p[8];
    int64_t step;
    assert_int_equal(parse("{\"step\":3,\"loss\":0.41,\"acc\":0.9}", &step,
                           p), 2);
    assert_int_equal(step, 3);
    assert_string_equal(p[0].name, "loss");
    assert_true(p[0].value == 0.41);
}

static void nan_and_infinity_are_accepted_in_both_spellings(void **state)
{
    struct metrics_point p[8];
    int64_t step;
    assert_int_equal(parse("{\"a\":NaN,\"b\":\"inf\",\"c\":-Infinity}", &step,
                           p), 3);
    assert_true(isnan(p[0].value));
    assert_true(isinf(p[1].value) && p[1].value > 0);
    assert_true(isinf(p[2].value) && p[2].value < 0);
    assert_int_equal(step, -1);
}

static void malformed_lines_are_bad(void **state)
{
    static const char *const bad[] = {
        "not json", "{\"a\":1", "{\"a\":1}}", "{\"a\":[1,2]}", "{a:1}",
        "{\"step\":-1,\"a\":1}", "{\"step\":1.5}", "{\"a\":1e}", "",
    };
    struct metrics_point p[8];
    int64_t step;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(parse(bad[i], &step, p), -1);
}

static void non_numeric_values_are_skipped(void **state)
{
    struct metrics_point p[8];
    int64_t step;
    assert_int_equal(parse("{\"phase\":\"warmup\",\"ok\":true,\"x\":2}", &step,
                           p), 1);
    assert_string_equal(p[0].name, "x");
}

static sqlite3 *db_with_run(char *path, size_t n)
{
    sqlite3 *db;
    struct err err = ERR_INIT;
    snprintf(path, n, "/tmp/steward-capture-%d.db", (int)getpid());
    unlink(path);
    assert_int_equal(store_open(path, 1, &db, &err), 0);
    assert_int_equal(sqlite3_exec(db,
        "INSERT INTO experiments(id,name,state,proposer,proposer_role,argv,"
        "workdir,params,cpus,mem_bytes,gpus,time_s,disk_bytes,network,tags,"
        "rationale,content_hash,created_ms,updated_ms) VALUES (1,'x',"
        "'running','u','owner','[]','/','{}',1,1,0,1,1,0,'[]','','h',0,0);"
        "INSERT INTO runs(id,experiment_id,backend,queued_ms) "
        "VALUES (1,1,'local',0);", NULL, NULL, NULL), SQLITE_OK);
    return db;
}

static int64_t count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void ingest_keeps_partial_lines_and_counts_bad_ones(void **state)
{
    char path[64];
    struct err err = ERR_INIT;
    struct metrics_ingest *mi;
    int64_t points, bad;
    sqlite3 *db = db_with_run(path, sizeof path);
    assert_int_equal(metrics_ingest_open(db, 1, &mi, &err), 0);
    const char *a = "{\"step\":1,\"loss\":1}\n{\"st";
    const char *b = "ep\":2,\"loss\":0.5}\ngarbage\n";
    assert_int_equal(metrics_ingest_bytes(mi, a, strlen(a), &err), 0);
    assert_int_equal(metrics_ingest_bytes(mi, b, strlen(b), &err), 0);
    metrics_ingest_counts(mi, &points, &bad);
    assert_int_equal(points, 2);
    assert_int_equal(bad, 1);
    assert_int_equal(count(db, "SELECT count(*) FROM metrics"), 2);
    assert_int_equal(count(db, "SELECT metrics_offset FROM runs"),
                     (int64_t)(strlen(a) + strlen(b)));
    metrics_ingest_free(mi);
    store_close(db);
    unlink(path);
}

static void an_overlong_line_is_dropped_and_ingest_goes_on(void **state)
{
    char path[64];
    struct err err = ERR_INIT;
    struct metrics_ingest *mi;
    int64_t points, bad;
    size_t big = 10u << 20;
    char *line = malloc(big + 32);
    memset(line, ' ', big);
    memcpy(line, "{\"loss\":", 8);
    strcpy(line + big, "1}\n{\"loss\":2}\n");
    sqlite3 *db = db_with_run(path, sizeof path);
    assert_int_equal(metrics_ingest_open(db, 1, &mi, &err), 0);
    assert_int_equal(metrics_ingest_bytes(mi, line, strlen(line), &err), 0);
    metrics_ingest_counts(mi, &points, &bad);
    assert_int_equal(points, 1);
    assert_int_equal(bad, 1);
    free(line);
    metrics_ingest_free(mi);
    store_close(db);
    unlink(path);
}

/* Writes first to file, ingests it with one ingester, appends second and
 * ingests again with a new one (as a restarted reader would). */
static void ingest_in_two_readers(sqlite3 *db, const char *file,
                                  const char *first, const char *second)
{
    struct err err = ERR_INIT;
    struct metrics_ingest *mi;
    const char *parts[2] = {first, second};
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(file, i ? "a" : "w");
        fputs(parts[i], f);
        fclose(f);
        assert_int_equal(metrics_ingest_open(db, 1, &mi, &err), 0);
        assert_int_equal(metrics_ingest_file(mi, file, &err), 0);
        metrics_ingest_free(mi);
    }
}

static void a_new_ingester_resumes_where_the_last_stopped(void **state)
{
    char path[64], file[80];
    sqlite3 *db = db_with_run(path, sizeof path);
    snprintf(file, sizeof file, "%s.jsonl", path);
    ingest_in_two_readers(db, file, "{\"step\":1,\"a\":1}\n"
                          "{\"step\":2,\"a\":2}\n",
                          "{\"step\":3,\"a\":3}\n");
    assert_int_equal(count(db, "SELECT count(*) FROM metrics"), 3);
    assert_int_equal(count(db, "SELECT metrics_points FROM runs"), 3);
    store_close(db);
    unlink(path);
    unlink(file);
}

/* The dispatcher reads while the run writes, and another reader (a
 * restarted server) goes on: a line cut at the first look is read whole by
 * the second, and step-less lines are numbered on, not from 1 again. */
static void a_resumed_ingester_reads_a_cut_line_whole_and_numbers_on(
    void **state)
{
    char path[64], file[80];
    sqlite3 *db = db_with_run(path, sizeof path);
    snprintf(file, sizeof file, "%s.jsonl", path);
    ingest_in_two_readers(db, file, "{\"a\":1}\n{\"a\":2}\n{\"a",
                          "\":3}\n");
    assert_int_equal(count(db, "SELECT count(*) FROM metrics"), 3);
    assert_int_equal(count(db, "SELECT metrics_bad_lines FROM runs"), 0);
    assert_int_equal(count(db, "SELECT max(step) FROM metrics"), 3);
    assert_int_equal(count(db, "SELECT value FROM metrics WHERE step = 3"),
                     3);
    store_close(db);
    unlink(path);
    unlink(file);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_plain_line_gives_points_and_step),
        cmocka_unit_test(nan_and_infinity_are_accepted_in_both_spellings),
        cmocka_unit_test(malformed_lines_are_bad),
        cmocka_unit_test(non_numeric_values_are_skipped),
        cmocka_unit_test(ingest_keeps_partial_lines_and_counts_bad_ones),
        cmocka_unit_test(an_overlong_line_is_dropped_and_ingest_goes_on),
        cmocka_unit_test(a_new_ingester_resumes_where_the_last_stopped),
        cmocka_unit_test(
            a_resumed_ingester_reads_a_cut_line_whole_and_numbers_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
