/*
 * digest internals — shared between the digest's own files, not part of
 * its public API (see digest.h).
 *
 * Limits live here so that every bound the module enforces is in one
 * place: no input can make the digest allocate more than these allow.
 */
#ifndef STEWARD_DIGEST_INTERNAL_H
#define STEWARD_DIGEST_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

#define DIGEST_MAX_LINE    (64u * 1024u) /* bytes of a line kept; rest cut */
#define DIGEST_MAX_TOKENS  128u          /* tokens per message; tail joined */
#define DIGEST_MAX_TOKEN   256u          /* longer tokens become <*> */
#define DIGEST_MAX_CLUSTERS 10000u       /* then lines join the nearest */
#define DIGEST_SCAN_CAP    48u           /* candidates compared per bucket */
/* Cluster ids: DIGEST_MAX_CLUSTERS and the one overflow cluster past it. */
#define DIGEST_CLUSTER_IDS (DIGEST_MAX_CLUSTERS + 1u)

/* ---- lineread.c: bounded line reader ------------------------------- */

struct lineread {
    const char *path;    /* for messages; the caller's string */
    int fd;
    int own_fd;
    char *buf;
    size_t cap, start, end;
    int eof;
    int skipping;        /* discarding the tail of an over-long line */
    uint64_t lineno;     /* 1-based number of the last line returned */
    uint64_t bytes;      /* bytes consumed so far */
    int split_cr;        /* cut an over-long line at its last '\r' */
    int cont;            /* the next piece continues the current line */
    int continued;       /* the piece returned continues the last line */
};

/* Opens path ("-" is stdin). Fails with a clear message if missing. */
int lineread_open(struct lineread *lr, const char *path, struct err *err) MUST_USE;
void lineread_close(struct lineread *lr);
/* Next line without its "\n" / "\r\n": 1 with a line, 0 at end of the
 * data present now, <0 on a read error. *truncated is set when the line
 * was longer than DIGEST_MAX_LINE and only its head is returned. With
 * split_cr set, such a line that holds a '\r' (a progress bar's updates)
 * is instead returned in pieces cut after a '\r', the later ones with
 * `continued` set and the same line number: nothing is skipped. */
int lineread_next(struct lineread *lr, const char **line, size_t *len,
                  int *truncated, struct err *err) MUST_USE;

/* ---- mask.c: built-in variable masks -------------------------------- */

/* Writes the masked form of one token into out (cap >= 3*len+4) and
 * returns its length. */
size_t mask_token(const char *tok, size_t len, char *out);

#endif
