/* text — safe output of log bytes as JSON strings, CSV fields, UTF-8. */
#ifndef STEWARD_DIGEST_TEXT_H
#define STEWARD_DIGEST_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Copies s into out as valid UTF-8 without NULs (bad bytes -> U+FFFD),
 * stopping before cap; returns the length written (out NUL-terminated). */
size_t text_sanitize(const char *s, size_t n, char *out, size_t cap);
/* Writes s as a JSON string literal, valid whatever the bytes. */
void text_json_string(FILE *f, const char *s, size_t n);
/* Writes s as one RFC 4180 CSV field. */
void text_csv_field(FILE *f, const char *s, size_t n);

#endif
