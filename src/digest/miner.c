/*
 * miner — the online template miner.
 *
 * A message is cut at whitespace into at most DIGEST_MAX_TOKENS tokens,
 * each masked (mask.c) and hashed. Clusters are token sequences of one
 * length; a position whose tokens ever differed is a wildcard. To find a
 * message's cluster we never scan all clusters: each cluster is filed in
 * buckets keyed by (length, first token) and (length, last token) -- and
 * by (length, *) once that end became a wildcard -- and only the first
 * DIGEST_SCAN_CAP clusters of each of those four buckets are compared.
 * Per line the work is therefore O(tokens x candidates), whatever the
 * input, and placeholder-heavy logs cannot make it quadratic.
 *
 * Similarity (see sim_score) is the share of positions whose tokens are
 * equal, as in Drain (MATCH_THRESHOLD), except that a position where both
 * tokens are plain words and differ rules the candidate out: words rarely
 * vary within one template while numbers, ids and names do, so "Link ok"
 * stays apart from "Link error" and "Failed password" from "Accepted
 * password". Word positions that do vary (user and host names) are merged
 * afterwards, from evidence across clusters (miner_out.c).
 *
 * Invariants: cluster ids are dense and never reused; a cluster's length
 * never changes; wildcards only ever get added. Memory is bounded by
 * DIGEST_MAX_CLUSTERS clusters of at most DIGEST_MAX_LINE text each;
 * beyond the cap, a message joins its most similar candidate or, with
 * none, one overflow cluster whose template is "<*>".
 */
#include "digest/digest.h"
#include "digest/internal.h"
#include "digest/miner_int.h"
#include "core/grow.h"

#include <stdlib.h>
#include <string.h>

#define WILD_FIRST 0x51ed270b27u
#define WILD_LAST  0x7c3f5d1e93u

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x ? x : 1;
}

static uint64_t key_first(uint32_t n, uint64_t h)
{
    return mix64(h * 31 + n);
}

static uint64_t key_last(uint32_t n, uint64_t h)
{
    return mix64((h ^ 0x5bd1e9955bd1e995ull) * 37 + n + 0x1234567u);
}

int digest_miner_new(struct digest_miner **out, struct err *err)
{
    struct digest_miner *m = calloc(1, sizeof *m);
    if (!m)
        return err_set(err, ERR_INTERNAL, "out of memory creating miner");
    m->mcap = 3 * (size_t)DIGEST_MAX_LINE + 8 * DIGEST_MAX_TOKENS + 64;
    m->mbuf = malloc(m->mcap);
    m->tabcap = 1024;
    m->tab = calloc(m->tabcap, sizeof *m->tab);
    m->overflow = UINT32_MAX;
    m->next_finish = 64;
    if (!m->mbuf || !m->tab) {
        digest_miner_free(m);
        return err_set(err, ERR_INTERNAL, "out of memory creating miner");
    }
    *out = m;
    return 0;
}

void digest_miner_free(struct digest_miner *m)
{
    if (!m)
        return;
    for (uint32_t i = 0; i < m->ncl; i++) {
        free(m->cl[i].h);
        free(m->cl[i].text);
    }
    for (size_t i = 0; i < m->tabcap; i++)
        free(m->tab[i].ids);
    free(m->cl);
    free(m->tab);
    free(m->stamp);
    free(m->mbuf);
    free(m);
}

uint32_t digest_miner_clusters(const struct digest_miner *m)
{
    return m->ncl;
}

/* ---- bucket table (open addressing, key 0 = empty) ------------------ */

static struct miner_bucket *tab_find(struct miner_bucket *tab, size_t cap,
                                     uint64_t key)
{
    size_t i = key & (cap - 1);
    while (tab[i].key && tab[i].key != key)
        i = (i + 1) & (cap - 1);
    return &tab[i];
}

static int tab_grow(struct digest_miner *m)
{
    size_t ncap = m->tabcap * 2;
    struct miner_bucket *nt = calloc(ncap, sizeof *nt);
    if (!nt)
        return -1;
    for (size_t i = 0; i < m->tabcap; i++)
        if (m->tab[i].key)
            *tab_find(nt, ncap, m->tab[i].key) = m->tab[i];
    free(m->tab);
    m->tab = nt;
    m->tabcap = ncap;
    return 0;
}

/* A cluster is filed under four keys at most (its first and last token,
 * and each as a wildcard), so no bucket holds more ids than this. */
#define BUCKET_IDS_MAX (4 * (size_t)DIGEST_CLUSTER_IDS)

static int bucket_add(struct digest_miner *m, uint64_t key, uint32_t id)
{
    if ((m->tabused + 1) * 2 > m->tabcap && tab_grow(m))
        return -1;
    struct miner_bucket *b = tab_find(m->tab, m->tabcap, key);
    if (!b->key) {
        b->key = key;
        m->tabused++;
    }
    size_t cap = b->cap;
    struct err ignored = ERR_INIT;  /* the caller says out of memory */
    if (grow_array(&b->ids, &cap, (size_t)b->n + 1, sizeof *b->ids,
                   BUCKET_IDS_MAX, "cluster ids", &ignored))
        return -1;
    b->cap = (uint32_t)cap;
    b->ids[b->n++] = id;
    return 0;
}

static struct miner_bucket *bucket_get(struct digest_miner *m, uint64_t key)
{
    struct miner_bucket *b = tab_find(m->tab, m->tabcap, key);
    return b->key ? b : NULL;
}

/* ---- tokenising ----------------------------------------------------- */

/* Byte classes for the per-byte loops of tokenising. */
enum { TC_SPACE = 1, TC_LETTER = 2, TC_STAR = 4, TC_UNIT = 8 };

static unsigned char tok_tab[256];
static struct miner_tok var_tok;   /* "<*>", the commonest token, hashed */

static void tok_hash(const char *s, size_t n, struct miner_tok *t);

__attribute__((constructor)) static void miner_tables(void)
{
    for (const char *p = " \t\v\f\r\n"; *p; p++)
        tok_tab[(unsigned char)*p] |= TC_SPACE;
    for (int c = 0; c < 256; c++)
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            tok_tab[c] |= TC_LETTER;
    tok_tab['*'] |= TC_STAR;
    for (const char *p = "BKMGT"; *p; p++)   /* size_unit's first letters */
        tok_tab[(unsigned char)*p] |= TC_UNIT;
    tok_hash("<*>", 3, &var_tok);
}

static int is_space(unsigned char c)
{
    return tok_tab[c] & TC_SPACE;
}


/* "KB", "MB)," ...: a size unit, with the length of its word part. */
static size_t size_unit(const char *s, size_t n)
{
    static const char *const units[] = {"B", "KB", "MB", "GB", "TB", "KiB",
                                        "MiB", "GiB", "TiB", NULL};
    if (n == 0 || n > 8 || (s[0] != 'B' && s[0] != 'K' && s[0] != 'M' &&
                            s[0] != 'G' && s[0] != 'T'))
        return 0;
    size_t w = 0;
    while (w < n && ((s[w] | 0x20) >= 'a' && (s[w] | 0x20) <= 'z'))
        w++;
    for (size_t i = w; i < n; i++)
        if (!strchr(",;)]", s[i]))
            return 0;
    for (int i = 0; units[i]; i++)
        if (strlen(units[i]) == w && !memcmp(s, units[i], w))
            return w;
    return 0;
}

/* One pass over a masked token: its hash; the hash of its letters
 * outside masks (0 when none: two tokens whose letters differ, like
 * "tty=NODEVssh" and "tty=:<*>", are different words even when one holds a
 * variable); and whether it is a plain word (a letter and no mask). */
static void tok_hash(const char *s, size_t n, struct miner_tok *t)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    uint32_t lh = 0;
    int masked = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i], k = tok_tab[c];
        h = (h ^ c) * 0x100000001b3ull;
        if (k & TC_LETTER)
            lh = (lh ^ c) * 16777619u + 1;
        else if ((k & TC_STAR) && i > 0 && i + 1 < n && s[i - 1] == '<' &&
                 s[i + 1] == '>')
            masked = 1;
    }
    h ^= h >> 29;
    t->h = h ? h : 1;
    t->lh = lh;
    t->word = !masked && lh != 0;
}


static void tok_finish(struct digest_miner *m, struct miner_tok *t)
{
    const char *s = m->mbuf + t->off;
    if (t->len == 3 && !memcmp(s, "<*>", 3)) {
        t->h = var_tok.h;
        t->lh = var_tok.lh;
        t->word = var_tok.word;
        return;
    }
    tok_hash(s, t->len, t);
}

/* A size unit after a number is part of that number: "5.2 KB," is one
 * variable "<*>,"; a parenthesised size that only restates a count,
 * "(5.2 KB)", is dropped so that "0 bytes sent" and "9 bytes (9 B) sent"
 * stay one template. Returns 1 when raw token s was absorbed. */
static int absorb_unit(struct digest_miner *m, const char *s, size_t n)
{
    if (m->ntok == 0)
        return 0;
    struct miner_tok *p = &m->toks[m->ntok - 1];
    size_t w = size_unit(s, n);
    if (!w || p->len < 3 || memcmp(m->mbuf + p->off + p->len - 3, "<*>", 3))
        return 0;
    memcpy(m->mbuf + m->mlen, s + w, n - w);
    m->mlen += n - w;
    p->len += (uint32_t)(n - w);
    if (p->len == 5 && !memcmp(m->mbuf + p->off, "(<*>)", 5)) {
        m->ntok--;
        m->mlen = p->off;
        return 1;
    }
    tok_finish(m, p);
    return 1;
}

static void push_token(struct digest_miner *m, const char *s, size_t n)
{
    if ((tok_tab[(unsigned char)s[0]] & TC_UNIT) && absorb_unit(m, s, n))
        return;
    struct miner_tok *t = &m->toks[m->ntok++];
    t->off = (uint32_t)m->mlen;
    if (n > DIGEST_MAX_TOKEN) {   /* a huge token is data, not text */
        s = "<*>";
        n = 3;
    }
    t->len = (uint32_t)mask_token(s, n, m->mbuf + m->mlen);
    m->mlen += t->len;
    tok_finish(m, t);
}

#ifdef __SSE2__
#include <emmintrin.h>

/* Bit k set when s[k] is whitespace (' ', '\t' to '\r'), for 16 bytes. */
static unsigned spaces16(const char *s)
{
    __m128i x = _mm_loadu_si128((const __m128i *)s);
    __m128i d = _mm_sub_epi8(x, _mm_set1_epi8('\t'));
    __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(4)), d);
    __m128i sp = _mm_cmpeq_epi8(x, _mm_set1_epi8(' '));
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(ctl, sp));
}
#endif

/* The first whitespace at or after j, or len: a token's end. */
static size_t token_end(const char *msg, size_t j, size_t len)
{
#ifdef __SSE2__
    for (; j + 16 <= len; j += 16) {
        unsigned sp = spaces16(msg + j);
        if (sp)
            return j + (size_t)__builtin_ctz(sp);
    }
#endif
    while (j < len && !is_space((unsigned char)msg[j]))
        j++;
    return j;
}

static void tokenize(struct digest_miner *m, const char *msg, size_t len)
{
    m->ntok = 0;
    m->mlen = 0;
    size_t i = 0;
    if (len > DIGEST_MAX_LINE)
        len = DIGEST_MAX_LINE;
    while (i < len) {
        while (i < len && is_space((unsigned char)msg[i]))
            i++;
        if (i >= len)
            break;
        if (m->ntok == DIGEST_MAX_TOKENS - 1) {
            push_token(m, "<*>", 3);   /* the tail is one variable */
            break;
        }
        size_t j = token_end(msg, i, len);
        push_token(m, msg + i, j - i);
        i = j;
    }
}

/* ---- matching ------------------------------------------------------- */

/* Score of message tokens against cluster c, in [-1, 1]. */
static double sim_score(const struct digest_miner *m,
                        const struct miner_cluster *c)
{
    uint32_t n = m->ntok;
    if (n == 0)
        return 1.0;
    int eq = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!c->h[i])
            continue;
        if (c->h[i] == m->toks[i].h)
            eq++;
        else if ((c->word[i] || m->toks[i].word) && c->lh[i] &&
                 m->toks[i].lh && c->lh[i] != m->toks[i].lh)
            return -1.0;   /* two words differ: ruled out */
    }
    return (double)eq / n;
}

struct best {
    uint32_t id;
    double score;
    uint32_t wild;
};

static uint32_t count_wild(const struct miner_cluster *c)
{
    uint32_t w = 0;
    for (uint32_t i = 0; i < c->n; i++)
        w += !c->h[i];
    return w;
}

static void scan_bucket(struct digest_miner *m, uint64_t key,
                        struct best *b)
{
    struct miner_bucket *bk = bucket_get(m, key);
    if (!bk)
        return;
    for (uint32_t j = 0; j < bk->n && j < DIGEST_SCAN_CAP; j++) {
        uint32_t id = bk->ids[j];
        struct miner_cluster *c = &m->cl[id];
        if (c->parent != id) {   /* merged away: drop the entry */
            bk->ids[j--] = bk->ids[--bk->n];
            continue;
        }
        if (m->stamp[id] == m->epoch || c->n != m->ntok)
            continue;
        m->stamp[id] = m->epoch;
        double s = sim_score(m, c);
        uint32_t w = s >= b->score ? count_wild(c) : 0;
        if (s > b->score || (s == b->score && b->id != UINT32_MAX &&
                             w > b->wild)) {
            b->id = id;
            b->score = s;
            b->wild = w;
        }
    }
}

static struct best find_best(struct digest_miner *m)
{
    struct best b = {UINT32_MAX, -2.0, 0};
    uint32_t n = m->ntok;
    uint64_t h0 = n ? m->toks[0].h : 0, hl = n ? m->toks[n - 1].h : 0;
    if (++m->epoch == 0) {
        memset(m->stamp, 0, m->capcl * sizeof *m->stamp);
        m->epoch = 1;
    }
    scan_bucket(m, key_first(n, h0), &b);
    scan_bucket(m, key_first(n, WILD_FIRST), &b);
    scan_bucket(m, key_last(n, hl), &b);
    scan_bucket(m, key_last(n, WILD_LAST), &b);
    return b;
}

/* ---- clusters ------------------------------------------------------- */

static int grow_clusters(struct digest_miner *m)
{
    size_t cap = m->capcl, stamps = m->capcl;
    struct err ignored = ERR_INIT;  /* the caller says out of memory */
    if (grow_array(&m->cl, &cap, (size_t)m->ncl + 1, sizeof *m->cl,
                   DIGEST_CLUSTER_IDS, "clusters", &ignored) ||
        grow_array(&m->stamp, &stamps, cap, sizeof *m->stamp,
                   DIGEST_CLUSTER_IDS, "clusters", &ignored))
        return -1;
    memset(m->stamp + m->capcl, 0, (cap - m->capcl) * sizeof *m->stamp);
    m->capcl = (uint32_t)cap;
    return 0;
}

/* One allocation holds hashes, offsets and word flags. */
static int cluster_init(struct digest_miner *m, struct miner_cluster *c)
{
    uint32_t n = m->ntok;
    memset(c, 0, sizeof *c);
    c->n = n;
    size_t sz = (size_t)n * 8 + ((size_t)n + 1) * 4 + (size_t)n * 4 +
                (size_t)n * 2 + n;
    c->h = malloc(sz ? sz : 1);
    c->text = malloc(m->mlen + 1);
    if (!c->h || !c->text) {
        free(c->h);
        free(c->text);
        return -1;
    }
    c->off = (uint32_t *)(c->h + n);
    c->lh = c->off + n + 1;
    c->keep = (uint16_t *)(c->lh + n);
    c->word = (uint8_t *)(c->keep + n);
    memcpy(c->text, m->mbuf, m->mlen);
    for (uint32_t i = 0; i < n; i++) {
        c->h[i] = m->toks[i].h;
        c->off[i] = m->toks[i].off;
        c->word[i] = m->toks[i].word;
        c->lh[i] = m->toks[i].lh;
        c->keep[i] = 0;
    }
    c->off[n] = (uint32_t)m->mlen;
    return 0;
}

static int cluster_alloc(struct digest_miner *m)
{
    if (grow_clusters(m))
        return -1;
    struct miner_cluster *c = &m->cl[m->ncl];
    if (cluster_init(m, c))
        return -1;
    c->parent = m->ncl;
    return 0;
}

static int cluster_new(struct digest_miner *m, uint32_t *id)
{
    if (cluster_alloc(m))
        return -1;
    uint32_t n = m->ntok;
    uint64_t h0 = n ? m->toks[0].h : 0, hl = n ? m->toks[n - 1].h : 0;
    if (bucket_add(m, key_first(n, h0), m->ncl) ||
        bucket_add(m, key_last(n, hl), m->ncl))
        return -1;
    *id = m->ncl++;
    return 0;
}

/* A cluster whose first or last token became a wildcard is filed under
 * (n, *) too, so messages with any token there find it. */
int miner_file_wild(struct digest_miner *m, uint32_t id)
{
    struct miner_cluster *c = &m->cl[id];
    if (c->n && !c->h[0] && !c->wild_first) {
        c->wild_first = 1;
        if (bucket_add(m, key_first(c->n, WILD_FIRST), id))
            return -1;
    }
    if (c->n && !c->h[c->n - 1] && !c->wild_last) {
        c->wild_last = 1;
        if (bucket_add(m, key_last(c->n, WILD_LAST), id))
            return -1;
    }
    return 0;
}

uint16_t miner_key_prefix(const char *a, size_t an, const char *b,
                          size_t bn)
{
    size_t k = 0, keep = 0;
    while (k < an && k < bn && k < 64 && a[k] == b[k])
        if (a[k++] == '=')
            keep = k;
    return (uint16_t)keep;
}

/* Positions where the message differs become wildcards, keeping a shared
 * "key=" in front; a wildcard whose kept key the message lacks drops it. */
static int cluster_merge(struct digest_miner *m, uint32_t id)
{
    struct miner_cluster *c = &m->cl[id];
    for (uint32_t i = 0; i < c->n; i++) {
        const struct miner_tok *t = &m->toks[i];
        const char *ct = c->text + c->off[i];
        if (c->h[i] && c->h[i] != t->h) {
            c->h[i] = 0;
            c->keep[i] = miner_key_prefix(ct, c->off[i + 1] - c->off[i],
                                          m->mbuf + t->off, t->len);
        } else if (!c->h[i] && c->keep[i] &&
                   (t->len < c->keep[i] ||
                    memcmp(ct, m->mbuf + t->off, c->keep[i]))) {
            c->keep[i] = 0;
        }
    }
    return miner_file_wild(m, id);
}

static int overflow_cluster(struct digest_miner *m, uint32_t *id)
{
    if (m->overflow == UINT32_MAX) {
        m->ntok = 0;
        m->mlen = 0;
        if (cluster_alloc(m))
            return -1;
        m->overflow = m->ncl++;
    }
    *id = m->overflow;
    return 0;
}

#define MATCH_THRESHOLD 0.5

int digest_miner_add(struct digest_miner *m, const char *msg, size_t len,
                     uint32_t *cluster, struct err *err)
{
    tokenize(m, msg, len);
    struct best b = find_best(m);
    int rc = 0;
    if (b.id != UINT32_MAX &&
        (b.score >= MATCH_THRESHOLD || m->ncl >= DIGEST_MAX_CLUSTERS))
        rc = cluster_merge(m, b.id);
    else if (m->ncl < DIGEST_MAX_CLUSTERS)
        rc = cluster_new(m, &b.id);
    else
        rc = overflow_cluster(m, &b.id);
    if (rc)
        return err_set(err, ERR_INTERNAL, "out of memory mining templates");
    m->cl[b.id].count++;
    *cluster = b.id;
    if (m->ncl >= m->next_finish) {
        /* merge variable-word siblings now and then: amortised O(1) */
        digest_miner_finish(m);
        m->next_finish = m->ncl * 2;
    }
    return 0;
}
