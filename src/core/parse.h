/*
 * parse — strict conversions from user text to numbers.
 *
 * Each parser accepts the whole string or fails with a message naming the
 * input and the accepted forms; none of them silently stops at junk the way
 * atoi does.
 */
#ifndef STEWARD_CORE_PARSE_H
#define STEWARD_CORE_PARSE_H

#include <stdint.h>
#include "core/err.h"

/* "what" names the input in messages, e.g. "--cpus". */
int parse_int64(const char *s, const char *what, int64_t min, int64_t max,
                int64_t *out, struct err *err) MUST_USE;
int parse_double(const char *s, const char *what, double *out,
                 struct err *err) MUST_USE;
/* Byte sizes: "512", "512K", "512M", "4G", "1T" (powers of 1024; optional
 * trailing "B" or "iB"). */
int parse_size(const char *s, const char *what, int64_t *bytes,
               struct err *err) MUST_USE;
/* Durations: "90", "90s", "5m", "2h", "1d", "1h30m". Bare numbers are
 * seconds. */
int parse_duration(const char *s, const char *what, int64_t *seconds,
                   struct err *err) MUST_USE;
/* Formats bytes as "512M"-style text into out. */
void format_size(int64_t bytes, char *out, size_t n);
/* Formats seconds as "5m", "1h30m". */
void format_duration(int64_t seconds, char *out, size_t n);

#endif
