/* test_core — bounded buffers and arrays, checked paths, strict parsing,
 * JSON number conventions, SHA-256 names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/grow.h"
#include "core/json.h"
#include "core/parse.h"
#include "core/path.h"
#include "core/sha256.h"
#include "core/ttysafe.h"

static void buf_refuses_growth_past_its_cap(void **state)
{
    struct buf b;
    struct err err = ERR_INIT;
    buf_init(&b, 8);
    assert_int_equal(buf_append(&b, "12345678", 8, &err), 0);
    assert_int_equal(buf_append(&b, "9", 1, &err), ERR_USER);
    assert_string_equal(b.data, "12345678");
    buf_free(&b);
}

static void a_path_that_just_fits_is_written_whole(void **state)
{
    char out[8];
    struct err err = ERR_INIT;
    assert_int_equal(path_format(out, sizeof out, &err, "%s/%s", "abc",
                                 "def"), 0);
    assert_string_equal(out, "abc/def");
    assert_int_equal(err.code, 0);
}

static void a_path_one_byte_too_long_is_refused_not_cut(void **state)
{
    char out[8];
    struct err err = ERR_INIT;
    memset(out, 'x', sizeof out);
    assert_int_equal(path_format(out, sizeof out, &err, "%s/%s", "abc",
                                 "defg"), ERR_USER);
    assert_int_equal(err.code, ERR_USER);
    assert_string_equal(out, "");   /* not "abc/def", another file */
    assert_non_null(strstr(err.msg, "\"abc/defg\" is 8 bytes, at most 7"));
}

static void a_refused_path_is_quoted_by_its_start_and_end(void **state)
{
    char out[64], dir[301];
    struct err err = ERR_INIT;
    memset(dir, 'd', sizeof dir - 1);
    dir[sizeof dir - 1] = '\0';
    assert_int_equal(path_format(out, sizeof out, &err, "/%s/runs/%d/%s",
                                 dir, 12, "stdout.log"), ERR_USER);
    assert_non_null(strstr(err.msg, "\"/ddd"));
    assert_non_null(strstr(err.msg, "ddd/runs/12/stdout.log\""));
    assert_non_null(strstr(err.msg, "is 320 bytes, at most 63 fit"));
}

struct pair {
    int key;
    double value;
};

static void grow_keeps_what_the_array_held(void **state)
{
    struct err err = ERR_INIT;
    struct pair *items = NULL;
    size_t cap = 0;
    for (int i = 0; i < 100; i++) {
        assert_int_equal(grow_array(&items, &cap, (size_t)i + 1,
                                    sizeof *items, 1000, "pairs", &err), 0);
        items[i] = (struct pair){i, i / 2.0};
    }
    for (int i = 0; i < 100; i++) {
        assert_int_equal(items[i].key, i);
        assert_true(items[i].value == i / 2.0);
    }
    free(items);
}

/* An array of ints and what growing it last said. */
struct ints {
    int *items;
    size_t cap;
    struct err err;
};

static int grow_ints(struct ints *a, size_t need, size_t max)
{
    return grow_array(&a->items, &a->cap, need, sizeof *a->items, max,
                      "ints", &a->err);
}

static void grow_doubles_the_capacity_up_to_the_cap(void **state)
{
    struct ints a = {NULL, 0, ERR_INIT};
    assert_int_equal(grow_ints(&a, 1, 20), 0);
    assert_int_equal(a.cap, 8);
    assert_int_equal(grow_ints(&a, 9, 20), 0);
    assert_int_equal(a.cap, 16);
    assert_int_equal(grow_ints(&a, 17, 20), 0);
    assert_int_equal(a.cap, 20);
    free(a.items);
}

static void grow_refuses_more_than_max_and_keeps_the_array(void **state)
{
    struct ints a = {NULL, 0, ERR_INIT};
    assert_int_equal(grow_ints(&a, 8, 8), 0);
    int *before = a.items;
    a.items[7] = 42;
    assert_int_equal(grow_ints(&a, 9, 8), ERR_USER);
    assert_string_equal(a.err.msg, "too many ints (at most 8)");
    assert_ptr_equal(a.items, before);
    assert_int_equal(a.cap, 8);
    assert_int_equal(a.items[7], 42);
    free(a.items);
}

static void grow_refuses_more_than_max_even_with_room(void **state)
{
    struct ints a = {NULL, 0, ERR_INIT};
    assert_int_equal(grow_ints(&a, 5, 100), 0);
    assert_int_equal(grow_ints(&a, 6, 5), ERR_USER);
    assert_int_equal(a.cap, 8);
    free(a.items);
}

static void grow_refuses_a_size_that_overflows(void **state)
{
    struct err err = ERR_INIT;
    uint32_t *items = NULL;
    size_t cap = 0;
    assert_int_equal(grow_array(&items, &cap, SIZE_MAX / 4 + 1,
                                sizeof *items, SIZE_MAX, "words", &err),
                     ERR_INTERNAL);
    assert_null(items);
    assert_int_equal(cap, 0);
}

static void grow_within_the_capacity_does_nothing(void **state)
{
    struct ints a = {NULL, 0, ERR_INIT};
    assert_int_equal(grow_ints(&a, 0, 100), 0);
    assert_null(a.items);
    assert_int_equal(grow_ints(&a, 5, 100), 0);
    int *before = a.items;
    assert_int_equal(grow_ints(&a, 8, 100), 0);
    assert_ptr_equal(a.items, before);
    assert_int_equal(a.cap, 8);
    assert_int_equal(a.err.code, 0);
    free(a.items);
}

static void sizes_accept_units_and_reject_junk(void **state)
{
    struct err err = ERR_INIT;
    int64_t v;
    assert_int_equal(parse_size("512M", "--mem", &v, &err), 0);
    assert_int_equal(v, 512LL << 20);
    assert_int_equal(parse_size("2GiB", "--mem", &v, &err), 0);
    assert_int_equal(v, 2LL << 30);
    assert_int_equal(parse_size("5Q", "--mem", &v, &err), ERR_USER);
    assert_non_null(strstr(err.msg, "--mem: '5Q' is not a size"));
}

static void durations_accept_compound_forms(void **state)
{
    struct err err = ERR_INIT;
    int64_t v;
    assert_int_equal(parse_duration("5m", "--time", &v, &err), 0);
    assert_int_equal(v, 300);
    assert_int_equal(parse_duration("1h30m", "--time", &v, &err), 0);
    assert_int_equal(v, 5400);
    assert_int_equal(parse_duration("90", "--time", &v, &err), 0);
    assert_int_equal(v, 90);
    assert_int_equal(parse_duration("5x", "--time", &v, &err), ERR_USER);
}

static void integers_reject_trailing_junk(void **state)
{
    struct err err = ERR_INIT;
    int64_t v;
    assert_int_equal(parse_int64("12a", "--cpus", 0, 100, &v, &err), ERR_USER);
    err_clear(&err);
    assert_int_equal(parse_int64("101", "--cpus", 0, 100, &v, &err), ERR_USER);
    err_clear(&err);
    assert_int_equal(parse_int64("7", "--cpus", 0, 100, &v, &err), 0);
    assert_int_equal(v, 7);
}

static void doubles_are_written_shortest(void **state)
{
    json_t *a = json_pack("[f,f,f,o]", 0.1, 1e-300, 3.0,
                          json_from_double(NAN));
    char *s = json_dump_compact(a);
    assert_string_equal(s, "[0.1,1e-300,3.0,\"nan\"]");
    free(s);
    json_decref(a);
}

/* %g writes 100 as "1e+02": numbers in JSON and tables read as plain
 * decimals, and still round-trip. */
static void doubles_are_plain_decimals(void **state)
{
    (void)state;
    static const struct { double x; const char *text; } cases[] = {
        {100, "100"}, {1e6, "1000000"}, {123456.5, "123456.5"},
        {0.0015, "0.0015"}, {-2500, "-2500"}, {1e20, "1e+20"},
        {1e-9, "1e-09"}, {0.1, "0.1"},
    };
    char out[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_format_double(cases[i].x, out, sizeof out);
        assert_string_equal(out, cases[i].text);
    }
    json_t *v = json_pack("{s:f}", "cpus", 100.0);
    char *dumped = json_dump_compact(v);
    assert_string_equal(dumped, "{\"cpus\":100.0}");
    free(dumped);
    json_decref(v);
}

/* Apart from reals, the compact form is jansson's own, byte for byte:
 * escapes, control characters, NUL inside a string, UTF-8, nesting. */
static void compact_matches_jansson_but_reals(void **state)
{
    (void)state;
    json_t *v = json_pack("{s:s,s:s,s:s%,s:[i,I,b,b,n,s],s:{s:s,s:{}},s:[]}",
                          "plain", "loss went up",
                          "quote\"key", "a\"b\\c/d",
                          "nul", "x\0y", (size_t)3,
                          "mixed", -7, (json_int_t)INT64_MIN, 1, 0,
                          "tab\tnewline\ncr\rbell\adel\x7f",
                          "nested", "\x1b[31m", "utf8 \xc3\xa9\xe2\x82\xac",
                          "empty", "list");
    assert_non_null(v);
    char *ours = json_dump_compact(v);
    char *theirs = json_dumps(v, JSON_COMPACT);
    assert_string_equal(ours, theirs);
    free(ours);
    free(theirs);
    json_decref(v);
}

static void nonfinite_strings_read_back(void **state)
{
    double x;
    json_t *v = json_string("-inf");
    assert_int_equal(json_get_double(v, &x), 0);
    assert_true(isinf(x) && x < 0);
    json_decref(v);
    v = json_string("banana");
    assert_int_equal(json_get_double(v, &x), -1);
    json_decref(v);
}

/* What a terminal shows of agent-written text: split at every byte
 * boundary, the result is the same as in one piece. */
static void expect_filtered(const char *in, size_t n, const char *want)
{
    char out[1024];
    for (size_t cut = 0; cut <= n; cut++) {
        struct ttysafe t = {{0}, 0};
        size_t o = ttysafe_filter(&t, in, cut, out);
        o += ttysafe_filter(&t, in + cut, n - cut, out + o);
        o += ttysafe_filter(&t, NULL, 0, out + o);
        out[o] = '\0';
        assert_string_equal(out, want);
    }
}

static void terminal_escapes_are_shown_not_obeyed(void **state)
{
    (void)state;
    expect_filtered("lr 0.1\tok\n", 10, "lr 0.1\tok\n");
    /* colour, erase line, carriage return, OSC 52 clipboard with BEL */
    expect_filtered("a\x1b[2K\rb\x1b]52;c;eA==\x07", 19,
                    "a\\x1b[2K\\x0db\\x1b]52;c;eA==\\x07");
    /* UTF-8 passes; C1 CSI (U+009B) and RIGHT-TO-LEFT OVERRIDE do not */
    expect_filtered("\xc3\xa9\xe2\x86\x92\xf0\x9f\x99\x82", 9,
                    "\xc3\xa9\xe2\x86\x92\xf0\x9f\x99\x82");
    expect_filtered("x\xc2\x9b" "31m", 6, "x\\u{009B}31m");
    expect_filtered("\xe2\x80\xaegpj.exe", 10, "\\u{202E}gpj.exe");
    /* broken sequences: overlong, surrogate, cut short, stray bytes */
    expect_filtered("\xc0\xaf", 2, "\\xc0\\xaf");
    expect_filtered("\xed\xa0\x80", 3, "\\xed\\xa0\\x80");
    expect_filtered("\xe2\x86", 2, "\\xe2\\x86");
    expect_filtered("\x80\x7f" "a", 3, "\\x80\\x7fa");
}

/* FIPS 180-2's vectors, whole, streamed in pieces and as text: every
 * record names content this way, so one digit off loses it. */
static void sha256_names_match_the_standard(void **state)
{
    (void)state;
    static const char abc[] =
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    static const char empty[] =
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static const char two_blocks[] =
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    const char *long_text =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char hex[SHA256_HEX];
    sha256_hex("abc", 3, hex);
    assert_string_equal(hex, abc);
    sha256_text_hex("", hex);
    assert_string_equal(hex, empty);
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    for (const char *p = long_text; *p; p += 7)
        crypto_hash_sha256_update(&st, (const unsigned char *)p, 7);
    sha256_final_hex(&st, hex);
    assert_string_equal(hex, two_blocks);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_refuses_growth_past_its_cap),
        cmocka_unit_test(a_path_that_just_fits_is_written_whole),
        cmocka_unit_test(a_path_one_byte_too_long_is_refused_not_cut),
        cmocka_unit_test(a_refused_path_is_quoted_by_its_start_and_end),
        cmocka_unit_test(grow_keeps_what_the_array_held),
        cmocka_unit_test(grow_doubles_the_capacity_up_to_the_cap),
        cmocka_unit_test(grow_refuses_more_than_max_and_keeps_the_array),
        cmocka_unit_test(grow_refuses_more_than_max_even_with_room),
        cmocka_unit_test(grow_refuses_a_size_that_overflows),
        cmocka_unit_test(grow_within_the_capacity_does_nothing),
        cmocka_unit_test(sizes_accept_units_and_reject_junk),
        cmocka_unit_test(durations_accept_compound_forms),
        cmocka_unit_test(integers_reject_trailing_junk),
        cmocka_unit_test(doubles_are_written_shortest),
        cmocka_unit_test(nonfinite_strings_read_back),
        cmocka_unit_test(doubles_are_plain_decimals),
        cmocka_unit_test(compact_matches_jansson_but_reals),
        cmocka_unit_test(terminal_escapes_are_shown_not_obeyed),
        cmocka_unit_test(sha256_names_match_the_standard),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
