/*
 * buf — a growing byte buffer with a hard upper bound.
 *
 * Every buffer that grows from input has a cap, so no input can make
 * steward eat the machine: appending past the cap fails with ERR_USER and
 * leaves the buffer as it was. The content is always NUL-terminated.
 */
#ifndef STEWARD_CORE_BUF_H
#define STEWARD_CORE_BUF_H

#include <stddef.h>
#include "core/err.h"

struct buf {
    char *data;
    size_t len;
    size_t cap;   /* bytes allocated */
    size_t max;   /* hard limit on len */
};

void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
void buf_clear(struct buf *b);
int buf_append(struct buf *b, const void *data, size_t len, struct err *err) MUST_USE;
int buf_appendf(struct buf *b, struct err *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4))) MUST_USE;
/* Hands the NUL-terminated content to the caller (free it); resets b. */
char *buf_take(struct buf *b);

#endif
