/*
 * b64 — contents of any bytes as JSON-safe text (standard base64), for
 * files a client sends its server.
 */
#ifndef STEWARD_CORE_B64_H
#define STEWARD_CORE_B64_H

#include <stddef.h>
#include <jansson.h>

/* A JSON string holding data base64-encoded, or NULL (out of memory). */
json_t *b64_json(const void *data, size_t n);

/* Decodes text (len bytes) into a new buffer (free it) of *n bytes, or
 * NULL when it is not base64. */
unsigned char *b64_decode(const char *text, size_t len, size_t *n);

#endif
