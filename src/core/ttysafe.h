/*
 * ttysafe — text bound for a human's terminal, with its control
 * characters made visible.
 *
 * Much of what steward prints was written by an agent or by experiment
 * code: rationales, names, params, log lines, file names, code diffs. A
 * terminal obeys escape sequences in that text: it can erase the line
 * that says NETWORK on a review card, rewrite the title, write the
 * clipboard (OSC 52) or reorder a line with bidirectional overrides. So
 * whatever steward writes to a terminal passes through this filter: tab,
 * newline and printable UTF-8 pass; every other byte is shown as \xHH,
 * C1 controls and bidirectional overrides as \u{HHHH}. Output to a pipe or
 * a file is left as it is (and --json escapes everything anyway).
 */
#ifndef STEWARD_CORE_TTYSAFE_H
#define STEWARD_CORE_TTYSAFE_H

#include <stddef.h>
#include <stdio.h>

/* A stream's state: an UTF-8 sequence may be split across two writes. */
struct ttysafe {
    unsigned char pend[4];
    size_t npend;
};

/* Filters n bytes of p into out (room for at least 8 * n + 32 bytes);
 * returns the bytes written. A sequence cut at the end of p waits in t
 * for the next call; pass p == NULL to flush it (as \xHH). */
size_t ttysafe_filter(struct ttysafe *t, const char *p, size_t n,
                      char *out);

/* Writes p to fd through the filter: 0, or -1 with errno set. */
int ttysafe_write(struct ttysafe *t, int fd, const char *p, size_t n);

/* When fd (1 or 2) is a terminal, a stream writing to it through the
 * filter (line buffered); else NULL, and the caller keeps its stream. */
FILE *ttysafe_fdopen(int fd);

#endif
