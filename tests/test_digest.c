/* test_digest — masks, header formats, the miner's grouping and bounds,
 * metrics parsing, timestamps, and the 40-line text limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "digest/digest.h"
#include "digest/internal.h"
#include "digest/run_int.h"
#include "digest/text.h"

static void check_mask(const char *in, const char *want)
{
    char out[1024];
    size_t n = mask_token(in, strlen(in), out);
    out[n] = '\0';
    if (strcmp(out, want))
        fail_msg("mask(%s) = %s, want %s", in, out, want);
}

static void masks_follow_loghub_conventions(void **state)
{
    check_mask("blk_-6952295868487656571", "blk_<*>");
    check_mask("10.251.73.220:50010", "<*>:<*>");
    check_mask("/10.251.73.220:50010", "/<*>:<*>");
    check_mask("(TID", "(TID");
    check_mask("3).", "<*>).");
    check_mask("node-246", "node-<*>");
    check_mask("attempt_1445144423722_0020_m_000000_0", "attempt_<*>");
    check_mask("core.2275", "core.<*>");
    check_mask("0x00000000", "<*>");
    check_mask("alt0", "alt0");
    check_mask("bglio559", "bglio<*>");
    check_mask("proxy.cse.cuhk.edu.hk:5070", "<*>:<*>");
    check_mask("hdfs://10.10.34.11:9000/pjhe/logs/a.log", "hdfs://<*>");
    check_mask("/etc/httpd/conf/workers2.properties", "<*>");
    check_mask("/mnt/hadoop/dfs/data/current/subdir5/blk_178", "/<*>/blk_<*>");
    check_mask("FF:F2:9F:16:EB:27:00:0D", "<*>");
    check_mask("f47ac10b-58cc-4372-a567-0e02b2c3d479", "<*>");
    check_mask("jk2_init()", "jk2_init()");
    check_mask("msra-sa-41:9000", "<*>:<*>");
    check_mask("uid=0", "uid=<*>");
    check_mask("Jul", "<*>");
    check_mask("hello,", "hello,");
    check_mask("C:\\Windows\\winsxs\\x.dll,", "<*>,");
    check_mask("(file=D:\\a\\b)", "(file=<*>)");
}

static void check_content(const char *fmt, const char *line, const char *want)
{
    struct err err = ERR_INIT;
    struct digest_logfmt *f;
    assert_int_equal(digest_logfmt_new(fmt, &f, &err), 0);
    struct digest_fields fl;
    digest_logfmt_split(f, line, strlen(line), &fl);
    char got[512];
    snprintf(got, sizeof got, "%.*s", (int)fl.content_len, fl.content);
    if (strcmp(got, want))
        fail_msg("format %s on %s: content '%s', want '%s'", fmt ? fmt : "-",
                 line, got, want);
    digest_logfmt_free(f);
}

static void log_formats_split_like_logparser(void **state)
{
    check_content("<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: "
                  "<Content>", "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: "
                  "check pass; user unknown", "check pass; user unknown");
    check_content("<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: "
                  "<Content>", "Jun 15 04:06:20 combo logrotate: ALERT "
                  "exited abnormally with [1]",
                  "ALERT exited abnormally with [1]");
    check_content("<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - "
                  "<Content>", "2015-07-29 17:41:44,747 - INFO  [QuorumPeer"
                  "[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - "
                  "Notification time out: 3200", "Notification time out: 3200");
    check_content("\\[<Time>\\] \\[<Level>\\] <Content>", "[Sun Dec 04 "
                  "04:47:44 2005] [notice] workerEnv.init() ok /etc/x",
                  "workerEnv.init() ok /etc/x");
    check_content(NULL, "2026-12-02 10:00:01,123 INFO [main] started",
                  "[main] started");
    check_content(NULL, "Jul  1 07:57:30 combo ftpd[1]: hi",
                  "combo ftpd[1]: hi");
    check_content("<A> <Content>", "onlyone", "onlyone");   /* no match */
}

static void bad_log_formats_are_user_errors(void **state)
{
    struct err err = ERR_INIT;
    struct digest_logfmt *f;
    assert_int_equal(digest_logfmt_new("<Date", &f, &err), ERR_USER);
    err_clear(&err);
    assert_int_equal(digest_logfmt_new("<Date> <Time>", &f, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "<Content>"));
    err_clear(&err);
    assert_int_equal(digest_logfmt_new("(<Content>", &f, &err), ERR_USER);
}

static uint32_t add(struct digest_miner *m, const char *msg)
{
    struct err err = ERR_INIT;
    uint32_t id;
    assert_int_equal(digest_miner_add(m, msg, strlen(msg), &id, &err), 0);
    return id;
}

static void tpl(struct digest_miner *m, uint32_t id, const char *want)
{
    char out[512];
    digest_miner_template(m, digest_miner_resolve(m, id), out, sizeof out);
    assert_string_equal(out, want);
}

static void miner_groups_by_constant_words(void **state)
{
    struct err err = ERR_INIT;
    struct digest_miner *m;
    assert_int_equal(digest_miner_new(&m, &err), 0);
    uint32_t a = add(m, "Failed password for root from 1.2.3.4 port 22 ssh2");
    uint32_t b = add(m, "Accepted password for root from 1.2.3.5 port 23 ssh2");
    uint32_t c = add(m, "Link ok");
    uint32_t d = add(m, "Link error");
    const char *users[] = {"alice", "bob", "carol", "dave", "erin"};
    uint32_t u[5];
    for (int i = 0; i < 5; i++) {
        char msg[128];
        snprintf(msg, sizeof msg, "Invalid user %s from 10.0.0.%d", users[i],
                 i);
        u[i] = add(m, msg);
    }
    digest_miner_finish(m);
    assert_int_not_equal(digest_miner_resolve(m, a), digest_miner_resolve(m, b));
    assert_int_not_equal(digest_miner_resolve(m, c), digest_miner_resolve(m, d));
    for (int i = 1; i < 5; i++)
        assert_int_equal(digest_miner_resolve(m, u[0]),
                         digest_miner_resolve(m, u[i]));
    tpl(m, u[0], "Invalid user <*> from <*>");
    tpl(m, a, "Failed password for root from <*> port <*> ssh2");
    digest_miner_free(m);
}

static void wildcards_keep_their_key(void **state)
{
    struct err err = ERR_INIT;
    struct digest_miner *m;
    assert_int_equal(digest_miner_new(&m, &err), 0);
    const char *users[] = {"alice", "bob", "carol", "dave"};
    uint32_t id = 0;
    for (int i = 0; i < 4; i++) {
        char msg[128];
        snprintf(msg, sizeof msg, "auth failure; pid=%d tty=ssh user=%s",
                 100 + i, users[i]);
        id = add(m, msg);
    }
    digest_miner_finish(m);
    tpl(m, id, "auth failure; pid=<*> tty=ssh user=<*>");
    digest_miner_free(m);
}

static void miner_merges_variables_of_two_tokens(void **state)
{
    struct err err = ERR_INIT;
    struct digest_miner *m;
    assert_int_equal(digest_miner_new(&m, &err), 0);
    uint32_t a = add(m, "h:80 close, 0 bytes sent, 0 bytes received, "
                        "lifetime 00:01");
    uint32_t b = add(m, "h:80 close, 403 bytes (403 B) sent, 9 bytes "
                        "received, lifetime <1 sec");
    digest_miner_finish(m);
    assert_int_equal(digest_miner_resolve(m, a), digest_miner_resolve(m, b));
    digest_miner_free(m);
}

/* Every line distinct in its words: clusters stay capped and time per
 * line stays flat (no comparison against all clusters). */
static double mine_distinct(int n, uint32_t *clusters)
{
    struct err err = ERR_INIT;
    struct digest_miner *m;
    assert_int_equal(digest_miner_new(&m, &err), 0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < n; i++) {
        char msg[160];
        unsigned k = (unsigned)i * 2654435761u;
        snprintf(msg, sizeof msg, "w%c%c%c job q%xz started by x%c%c%c on "
                 "host h%xq", 'a' + i % 26, 'a' + i / 26 % 26,
                 'a' + i / 676 % 26, k, 'a' + k % 26, 'a' + k / 26 % 26,
                 'a' + k / 676 % 26, (unsigned)i ^ 0x5555u);
        (void)add(m, msg);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    *clusters = digest_miner_clusters(m);
    digest_miner_free(m);
    return (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static void miner_is_bounded_on_hostile_input(void **state)
{
    uint32_t c1, c2;
    double t1 = mine_distinct(5000, &c1);
    double t2 = mine_distinct(40000, &c2);
    assert_true(c1 > 100);   /* two word positions vary: few merges */
    assert_true(c2 <= DIGEST_MAX_CLUSTERS + 1);
    /* 8x the lines must not cost much more than 8x the time */
    if (t2 > 8.0 * t1 * 3.0 + 0.5)
        fail_msg("not linear: %.3fs for 5k lines, %.3fs for 40k", t1, t2);
}

static void long_lines_and_tokens_are_bounded(void **state)
{
    struct err err = ERR_INIT;
    struct digest_miner *m;
    assert_int_equal(digest_miner_new(&m, &err), 0);
    size_t n = 3 * DIGEST_MAX_LINE;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        big[i] = i % 7 == 6 ? ' ' : (char)('a' + i % 7);
    big[n] = '\0';
    uint32_t id;
    assert_int_equal(digest_miner_add(m, big, n, &id, &err), 0);
    char out[3 * DIGEST_MAX_LINE];
    size_t tl = digest_miner_template(m, id, out, sizeof out);
    assert_true(tl < DIGEST_MAX_LINE);
    assert_non_null(strstr(out, "<*>"));   /* the tail past the cap */
    free(big);
    digest_miner_free(m);
}

static void stamps_parse_common_formats(void **state)
{
    double a = stamp_parse("2015-10-18 18:01:47,978", 23);
    double b = stamp_parse("2015-10-18 18:01:48,978", 23);
    assert_true(fabs(b - a - 1.0) < 1e-6);
    assert_true(fabs(stamp_parse("1445144423", 10) - 1445144423.0) < 1e-6);
    assert_true(fabs(stamp_parse("12:00:05", 8) - 43205.0) < 1e-6);
    double c = stamp_parse("Jun 14 15:16:01", 15);
    double d = stamp_parse("Jun 15 15:16:01", 15);
    assert_true(fabs(d - c - 86400.0) < 1e-6);
    assert_true(isnan(stamp_parse("hello", 5)));
}

/* Metrics written in log text: each dialect's pairs, named by their key
 * (qualified by a plain word before it), values exactly as strtod reads
 * them; prose, dates, times and thousands groups are not pairs. */
static void expect_pairs(const char *line, const char *const *keys,
                         const double *vals, uint32_t n)
{
    struct logm_pair p[LOGM_PAIRS];
    uint32_t k = logm_parse(line, strlen(line), p, LOGM_PAIRS);
    if (k != n) {
        for (uint32_t i = 0; i < k; i++)
            print_message("  %s = %g\n", p[i].key, p[i].v);
        fail_msg("%s: %u pairs, want %u", line, k, n);
    }
    for (uint32_t i = 0; i < n; i++) {
        assert_string_equal(p[i].key, keys[i]);
        if (isnan(vals[i]))
            assert_true(isnan(p[i].v));
        else
            assert_true(p[i].v == vals[i]);
    }
}

static void log_pairs_of_each_dialect(void **state)
{
    (void)state;
    expect_pairs("Epoch 3:  37%|###7      | 37/100 [00:03<00:05, 11.2it/s, "
                 "loss=0.7791, lr=3.00e-04]",
                 (const char *const[]){"Epoch", "loss", "lr"},
                 (const double[]){3, 0.7791, 3.00e-04}, 3);
    expect_pairs("{'loss': 0.79, 'grad_norm': nan, 'learning_rate': "
                 "4.849231551964771e-05, 'epoch': 2.0}",
                 (const char *const[]){"loss", "grad_norm", "learning_rate",
                                       "epoch"},
                 (const double[]){0.79, NAN, 4.849231551964771e-05, 2.0}, 4);
    expect_pairs(" 469/469 [====] - 3s 8ms/step - loss: 0.7791 - accuracy: "
                 "0.8123 - val_loss: NaN",
                 (const char *const[]){"loss", "accuracy", "val_loss"},
                 (const double[]){0.7791, 0.8123, NAN}, 3);
    expect_pairs("iteration      120/   10000 | learning rate: 3.000E-04 | "
                 "lm loss: 7.891011E+00 | number of nan iterations:   0 |",
                 (const char *const[]){"iteration", "learning rate",
                                       "lm loss", "nan iterations"},
                 (const double[]){120, 3.000E-04, 7.891011E+00, 0}, 4);
    expect_pairs("step 250: train loss 1.9123, val loss tensor(2.0, "
                 "device='cuda:0')",
                 (const char *const[]){"step", "train loss", "val loss",
                                       "cuda"},   /* harmless: no loss */
                 (const double[]){250, 1.9123, 2.0, 0}, 4);
    expect_pairs("2024-05-01 12:00:01,123 saved 95,747 rows at 12:30:45 to "
                 "/x/y-2 after 3 tries of v1.2.3",
                 (const char *const[]){NULL}, (const double[]){0}, 0);
}

static void log_values_parse_as_strtod_does(void **state)
{
    (void)state;
    const char *nums[] = {"0.1", "3.00e-04", "123456789012345", "1e22",
        "1.5E-22", "-0.000123", "7.891011E+00", "98765.4321e-3", "2.5e+10",
        "0.30000000000000004", "1e-300", "123456789012345678"};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        char line[64];
        snprintf(line, sizeof line, "x=%s", nums[i]);
        struct logm_pair p[1];
        assert_int_equal(logm_parse(line, strlen(line), p, 1), 1);
        if (p[0].v != strtod(nums[i], NULL))
            fail_msg("%s: %.17g != %.17g", nums[i], p[0].v,
                     strtod(nums[i], NULL));
    }
}

static void metrics_read_python_nan_and_count_junk(void **state)
{
    struct metric_state ms;
    struct flag_set fs;
    struct gap_track g;
    memset(&ms, 0, sizeof ms);
    memset(&fs, 0, sizeof fs);
    gap_init(&g);
    const char *lines[] = {"{\"step\":1,\"loss\":1.0}", "not json",
                           "{\"step\":2,\"loss\":NaN}", "[1,2]",
                           "{\"step\":3,\"loss\":\"inf\",\"ok\":true}"};
    for (int i = 0; i < 5; i++)
        metrics_line(&ms, &fs, &g, lines[i], strlen(lines[i]));
    assert_int_equal(ms.records, 3);
    assert_int_equal(ms.malformed, 2);
    assert_int_equal(ms.malformed_lines[0], 2);
    assert_int_equal(fs.n, 1);
    assert_string_equal(fs.f[0].kind, "nan");
    assert_int_equal(fs.f[0].count, 2);
    assert_int_equal(fs.f[0].lines[0], 3);
    assert_int_equal(fs.f[0].step, 2);
}

static void text_is_valid_utf8(void **state)
{
    char out[64];
    size_t n = text_sanitize("a\xff" "b\xc3\xa9\0c", 7, out, sizeof out);
    assert_int_equal(n, 1 + 3 + 1 + 2 + 3 + 1);
    assert_memory_equal(out, "a\xef\xbf\xbd" "b\xc3\xa9\xef\xbf\xbd" "c", n);
}

/* A digest far too big for forty lines still renders in forty. */
static void text_digest_never_exceeds_forty_lines(void **state)
{
    struct err err = ERR_INIT;
    struct digest_state *s;
    assert_int_equal(digest_state_new(NULL, &s, &err), 0);
    for (int i = 0; i < 3000; i++) {
        char line[200];
        int n = snprintf(line, sizeof line, "%s kind%c%c %d nan Traceback "
                         "(most recent call last) CUDA error NCCL WARN",
                         i % 2 ? "Killed" : "x", 'a' + i % 26,
                         'a' + i / 26 % 26, i);
        assert_int_equal(digest_state_log_line(s, line, (size_t)n, 0, &err),
                         0);
        n = snprintf(line, sizeof line, "{\"step\":%d,\"m%d\":%d}", i, i % 60,
                     i);
        digest_state_metric_line(s, line, (size_t)n);
    }
    json_t *d;
    struct digest_runinfo info = {"failed", 12.0, 1, 137, 0, NULL, 0};
    assert_int_equal(digest_state_snapshot(s, &info, &d, &err), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    digest_render_text(d, f);
    fclose(f);
    int lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += buf[i] == '\n';
    assert_true(lines <= DIGEST_TEXT_LINES);
    assert_true(lines >= 20);
    assert_non_null(strstr(buf, "run: failed"));
    assert_non_null(strstr(buf, "\nmetrics "));
    assert_true(strstr(buf, "\nanomalies") < strstr(buf, "\nmetrics "));
    free(buf);
    json_decref(d);
    digest_state_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(masks_follow_loghub_conventions),
        cmocka_unit_test(log_formats_split_like_logparser),
        cmocka_unit_test(bad_log_formats_are_user_errors),
        cmocka_unit_test(miner_groups_by_constant_words),
        cmocka_unit_test(wildcards_keep_their_key),
        cmocka_unit_test(miner_merges_variables_of_two_tokens),
        cmocka_unit_test(miner_is_bounded_on_hostile_input),
        cmocka_unit_test(long_lines_and_tokens_are_bounded),
        cmocka_unit_test(stamps_parse_common_formats),
        cmocka_unit_test(metrics_read_python_nan_and_count_junk),
        cmocka_unit_test(log_pairs_of_each_dialect),
        cmocka_unit_test(log_values_parse_as_strtod_does),
        cmocka_unit_test(text_is_valid_utf8),
        cmocka_unit_test(text_digest_never_exceeds_forty_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
