/*
 * fuzz_common — what the harnesses share: a NUL-terminated copy of the
 * fuzzer's bytes, and a sink for output nobody reads.
 */
#ifndef STEWARD_FUZZ_COMMON_H
#define STEWARD_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a C string (parsers of text take NUL-terminated input);
 * the caller frees it. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* /dev/null, opened once for the process. */
static inline FILE *fuzz_sink(void)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    if (!sink)
        abort();
    return sink;
}

#endif
