/*
 * bench_policy — how long one policy decision takes with a 50-rule policy,
 * against one SQLite primary-key lookup (prepared statement, in-memory
 * table of 10 000 rows) measured in the same run on the same machine.
 *
 * Each figure is the median over 201 batches of the mean ns per operation
 * in the batch. The policy mixes every kind of condition (numbers, units,
 * globs, params, roles, flags, two rolling sums and two budgets); the usage
 * callback is an in-memory stand-in for the store's cached sums, so the
 * figure is the evaluator's cost, not the store's.
 *
 * Prints one line per figure: what, ours, baseline, ratio.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "policy/policy.h"

#define BATCHES 201
#define PER_BATCH 2000

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* 50 rules: the examples plus the kind of rules a lab accrues. */
static size_t policy_text(char *out, size_t n)
{
    size_t o = (size_t)snprintf(out, n, "%s",
        "deny network unless role owner\n"
        "deny role agent and command matching \"*sudo *\"\n"
        "deny principal matching \"temp-*\"\n"
        "review gpus > 1\nreview time > 2h\nreview mem > 64G\n"
        "review disk > 500G\n"
        "review command not matching \"python3 train.py*\"\n"
        "review novel-campaign\nreview repeat-of-failed\n"
        "review workdir not matching \"/home/*\"\n"
        "review tag matching \"prod-*\"\n"
        "auto inside approved campaign envelope\n"
        "auto role agent and cpu-hours <= 0.5 per run and <= 4 per agent "
        "per day and runs <= 100 per agent per day\n"
        "budget 100 cpu-hours per agent per week\n"
        "budget 1000 cpu-hours per week\n");
    for (int i = 0; i < 36 && o < n; i++)
        o += (size_t)snprintf(out + o, n - o,
                              i % 3 == 0
                              ? "review param.p%d > %d and cpus > 2\n"
                              : i % 3 == 1 ? "deny param.opt%d = bad%d\n"
                              : "review campaign c%d and gpu-hours > %d\n",
                              i, i);
    return o;
}

static double usage(void *ctx, enum policy_metric m, enum policy_scope s,
                    const char *name, enum policy_window w,
                    enum policy_usage_kind k)
{
    const double *table = ctx;
    return table[m] + (double)w * 0.01 + (k ? 0 : 0.5) + (s ? 0 : 0);
}

/* An agent's small training run inside a campaign: auto-approved. */
static void typical_request(struct policy_request *r, const json_t *params,
                            double *table)
{
    policy_request_init(r);
    r->principal = "planner";
    r->role = "agent";
    r->command = "python3 train.py --lr 0.01 --epochs 3";
    r->workdir = "/home/ann/proj";
    r->campaign = "lr-sweep";
    r->cpus = 2;
    r->mem_bytes = 4LL << 30;
    r->time_seconds = 600;
    r->disk_bytes = 1LL << 30;
    r->params = params;
    r->usage = usage;
    r->usage_ctx = table;
}

static double bench_policy(int with_json, const char **verdict)
{
    static char text[16384];
    struct policy *p = NULL;
    struct err err = ERR_INIT;
    size_t len = policy_text(text, sizeof text);
    if (policy_parse(text, len, "bench.policy", &p, NULL, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        exit(3);
    }
    if (policy_rule_count(p) != 50) {
        fprintf(stderr, "expected 50 rules, got %zu\n", policy_rule_count(p));
        exit(3);
    }
    double table[POLICY_METRIC_COUNT] = {1.5, 0, 10, 12};
    json_t *params = json_pack("{s:f,s:s,s:f}", "p3", 0.5, "opt4", "adam",
                               "lr", 0.01);
    struct policy_request r;
    typical_request(&r, params, table);
    struct policy_decision d;    double samples[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
        double t0 = now_ns();
        for (int i = 0; i < PER_BATCH; i++) {
            if (policy_decide(p, &r, &d, &err))
                exit(3);
            if (with_json)
                json_decref(policy_decision_json(p, &r, &d));
        }
        samples[b] = (now_ns() - t0) / PER_BATCH;
    }
    *verdict = policy_verdict_name(d.verdict);
    json_decref(params);
    policy_free(p);
    return median(samples, BATCHES);
}

static void sql_ok(int rc, sqlite3 *db)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
        exit(3);
    }
}

static sqlite3 *make_table(void)
{
    sqlite3 *db;
    sqlite3_stmt *ins;
    sql_ok(sqlite3_open(":memory:", &db), db);
    sql_ok(sqlite3_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, "
                        "payload TEXT); BEGIN", NULL, NULL, NULL), db);
    sql_ok(sqlite3_prepare_v2(db, "INSERT INTO t VALUES(?, ?)", -1, &ins,
                              NULL), db);
    for (int i = 1; i <= 10000; i++) {
        sqlite3_bind_int(ins, 1, i);
        sqlite3_bind_text(ins, 2, "{\"verdict\":\"auto\"}", -1, SQLITE_STATIC);
        sql_ok(sqlite3_step(ins), db);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sql_ok(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db);
    return db;
}

static double bench_sqlite(void)
{
    sqlite3 *db = make_table();
    sqlite3_stmt *q;
    double samples[BATCHES];
    unsigned x = 12345, sink = 0;
    sql_ok(sqlite3_prepare_v2(db, "SELECT payload FROM t WHERE id = ?", -1,
                              &q, NULL), db);
    for (int b = 0; b < BATCHES; b++) {
        double t0 = now_ns();
        for (int i = 0; i < PER_BATCH; i++) {
            x = x * 1103515245u + 12345u;
            sqlite3_bind_int(q, 1, (int)(x % 10000) + 1);
            if (sqlite3_step(q) == SQLITE_ROW)
                sink += (unsigned)sqlite3_column_bytes(q, 0);
            sqlite3_reset(q);
        }
        samples[b] = (now_ns() - t0) / PER_BATCH;
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    if (sink == 0)
        exit(3);
    return median(samples, BATCHES);
}

int main(void)
{
    const char *verdict;
    double sql = bench_sqlite();
    double ours = bench_policy(0, &verdict);
    double with_json = bench_policy(1, &verdict);
    printf("what, ours (median ns), baseline (median ns), ratio\n");
    printf("policy decision, 50 rules (verdict %s), %.0f, sqlite pk lookup "
           "10k rows %.0f, %.2f\n", verdict, ours, sql, ours / sql);
    printf("policy decision + decision JSON, %.0f, sqlite pk lookup %.0f, "
           "%.2f\n", with_json, sql, with_json / sql);
    printf("goal 20000 ns per decision: %s\n", ours <= 20000 ? "met"
                                                             : "MISSED");
    return 0;
}
