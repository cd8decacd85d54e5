/* miner_int — the miner's private structures, shared by miner*.c only. */
#ifndef STEWARD_DIGEST_MINER_INT_H
#define STEWARD_DIGEST_MINER_INT_H

#include <stdint.h>
#include "digest/internal.h"

struct miner_cluster {
    uint32_t n;          /* tokens */
    uint32_t parent;     /* itself, or the cluster it was merged into */
    uint64_t count;      /* lines that joined it */
    uint64_t *h;         /* token hashes; 0 marks a wildcard */
    uint32_t *off;       /* n + 1 offsets of tokens in text */
    char *text;          /* the first message's masked tokens */
    uint32_t *lh;        /* n letter hashes (see tok_finish) */
    uint16_t *keep;      /* n: literal "key=" kept before a wildcard */
    uint8_t *word;       /* n flags: token is a plain word */
    uint8_t wild_first, wild_last; /* filed under (n, *) already */
};

struct miner_bucket {
    uint64_t key;
    uint32_t n, cap;
    uint32_t *ids;
};

struct miner_tok {
    uint32_t off, len;   /* in mbuf */
    uint64_t h;
    uint32_t lh;         /* hash of its letters outside masks, or 0 */
    uint8_t word;        /* a plain word: letters only, no mask */
};

struct digest_miner {
    struct miner_cluster *cl;
    uint32_t ncl, capcl;
    struct miner_bucket *tab;
    size_t tabcap, tabused;
    uint32_t overflow;
    uint32_t next_finish;  /* cluster count that triggers the next merge */
    uint32_t *stamp;     /* per cluster: last epoch it was a candidate */
    uint32_t epoch;
    char *mbuf;
    size_t mcap, mlen;
    struct miner_tok toks[DIGEST_MAX_TOKENS];
    uint32_t ntok;
};

/* Length of the longest common prefix of a and b that ends with '=':
 * what a wildcard keeps, as in "user=<*>". */
uint16_t miner_key_prefix(const char *a, size_t an, const char *b,
                          size_t bn);

/* Files a cluster whose first/last token is a wildcard under (n, *). */
int miner_file_wild(struct digest_miner *m, uint32_t id);

#endif
