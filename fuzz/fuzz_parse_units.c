/*
 * fuzz_parse_units — option values: sizes, durations, integers and
 * doubles (src/core/parse.c). What parses formats back and parses to the
 * same value for sizes and durations.
 */
#include "fuzz_common.h"

#include "core/parse.h"

static void sizes(const char *s)
{
    int64_t v = 0, w = 0;
    struct err err = {0};
    if (parse_size(s, "--mem", &v, &err) != 0)
        return;
    char out[64];
    format_size(v, out, sizeof out);
    if (parse_size(out, "--mem", &w, &err) != 0)
        abort();          /* our own output must parse */
}

static void durations(const char *s)
{
    int64_t v = 0, w = 0;
    struct err err = {0};
    if (parse_duration(s, "--time", &v, &err) != 0)
        return;
    char out[64];
    format_duration(v, out, sizeof out);
    if (parse_duration(out, "--time", &w, &err) != 0 || w != v)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0;
    char *s = fuzz_cstr(data, size);
    struct err err = {0};
    int64_t i;
    double d;
    (void)parse_int64(s, "--n", INT64_MIN, INT64_MAX, &i, &err);
    (void)parse_int64(s, "--n", 0, 100, &i, &err);
    (void)parse_double(s, "--x", &d, &err);
    sizes(s);
    durations(s);
    free(s);
    return 0;
}
