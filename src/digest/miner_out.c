/*
 * miner_out — what the miner hands out after (or during) a pass: merged
 * cluster ids and template text.
 *
 * Online clustering can leave two clusters with the same template (each
 * generalised to it from a different side). digest_miner_finish merges
 * those; merging is recorded as a parent link, so ids handed out earlier
 * still resolve. It costs O(C log C) in the number of clusters C, which
 * is capped, and can be called again after more lines.
 */
#include "digest/digest.h"
#include "digest/miner_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint32_t digest_miner_resolve(const struct digest_miner *m, uint32_t id)
{
    if (id >= m->ncl)
        return id;
    while (m->cl[id].parent != id)
        id = m->cl[id].parent;
    return id;
}

uint64_t digest_miner_count(const struct digest_miner *m, uint32_t id)
{
    return id < m->ncl ? m->cl[id].count : 0;
}

static uint64_t template_sig(const struct miner_cluster *c)
{
    uint64_t s = 0x84222325cbf29ce4ull ^ c->n;
    for (uint32_t i = 0; i < c->n; i++)
        s = (s ^ c->h[i]) * 0x100000001b3ull + (s >> 31);
    return s;
}

struct sigent {
    uint64_t sig;
    uint32_t id;
};

static int sig_cmp(const void *a, const void *b)
{
    const struct sigent *x = a, *y = b;
    if (x->sig != y->sig)
        return x->sig < y->sig ? -1 : 1;
    return x->id < y->id ? -1 : (x->id > y->id);
}

static int same_template(const struct miner_cluster *a,
                         const struct miner_cluster *b)
{
    return a->n == b->n && !memcmp(a->h, b->h, (size_t)a->n * 8);
}

static void merge_into(struct digest_miner *m, uint32_t from, uint32_t to)
{
    m->cl[from].parent = to;
    m->cl[to].count += m->cl[from].count;
    m->cl[from].count = 0;
}

static void merge_identical(struct digest_miner *m)
{
    struct sigent *v = malloc((m->ncl ? m->ncl : 1) * sizeof *v);
    if (!v)
        return;   /* merging is an improvement, not a requirement */
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->ncl; i++)
        if (m->cl[i].parent == i && i != m->overflow)
            v[k++] = (struct sigent){template_sig(&m->cl[i]), i};
    qsort(v, k, sizeof *v, sig_cmp);
    for (uint32_t i = 1; i < k; i++) {
        uint32_t root = digest_miner_resolve(m, v[i - 1].id);
        if (v[i].sig == v[i - 1].sig &&
            same_template(&m->cl[root], &m->cl[v[i].id]))
            merge_into(m, v[i].id, root);
    }
    free(v);
}

/* ---- merging variable words ----------------------------------------
 *
 * The online pass never merges two messages that differ in a plain word
 * ("Failed" vs "Accepted"), because in most logs such words name
 * different events. A word position is a variable when it takes many
 * values, though: user names, host names. So clusters of one length that
 * are equal everywhere but at position p are grouped, and merged into one
 * with <*> at p when they show at least MERGE_MIN_VALUES distinct words
 * there, or when one of them already has <*> there -- provided at least
 * MERGE_MIN_CONST plain words remain, so that "boot (command <*>)" and
 * "wait (command <*>)" or one-word messages are never merged this way. Groups are found by
 * sorting on a hash of the template without position p, which is a sum
 * of per-position terms so it costs O(1) per position.
 */
#define MERGE_MIN_VALUES 4
#define MERGE_MIN_CONST 3

static uint64_t pos_term(uint64_t h, uint32_t i)
{
    uint64_t x = h + 0x9e3779b97f4a7c15ull * (i + 1);
    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ull;
    return x ^ (x >> 29);
}

static uint64_t sum_terms(const struct miner_cluster *c)
{
    uint64_t s = c->n;
    for (uint32_t i = 0; i < c->n; i++)
        s += pos_term(c->h[i], i);
    return s;
}

static int equal_except(const struct miner_cluster *a,
                        const struct miner_cluster *b, uint32_t p)
{
    for (uint32_t i = 0; i < a->n; i++)
        if (i != p && a->h[i] != b->h[i])
            return 0;
    return 1;
}

/* Plain-word tokens of c other than at p: what would be left of it. */
static uint32_t constant_words(const struct miner_cluster *c, uint32_t p)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < c->n; i++)
        k += i != p && c->h[i] && c->word[i];
    return k;
}

static const char *tok_text(const struct miner_cluster *c, uint32_t i,
                            size_t *n)
{
    *n = c->off[i + 1] - c->off[i];
    return c->text + c->off[i];
}

/* The "key=" every member of a group shares at p, to keep before <*>. */
static uint16_t group_key(const struct digest_miner *m,
                          const struct sigent *g, uint32_t k, uint32_t p,
                          uint32_t target)
{
    const struct miner_cluster *t = &m->cl[target];
    size_t tn;
    const char *tt = tok_text(t, p, &tn);
    uint16_t keep = t->h[p] ? (uint16_t)(tn < 64 ? tn : 64) : t->keep[p];
    for (uint32_t i = 0; i < k && keep; i++) {
        const struct miner_cluster *c = &m->cl[g[i].id];
        size_t cn;
        const char *ct = tok_text(c, p, &cn);
        uint16_t kp = c->h[p] ? miner_key_prefix(tt, tn, ct, cn)
                              : miner_key_prefix(tt, tn, ct, c->keep[p]);
        if (g[i].id != target && kp < keep)
            keep = kp;
    }
    return keep;
}

/* Decides one group g[0..k), equal except at p, and merges it. The
 * members are distinct roots, so they all differ at p. */
static void merge_group(struct digest_miner *m, const struct sigent *g,
                        uint32_t k, uint32_t p)
{
    uint32_t target = g[0].id;
    int wild = 0;
    for (uint32_t i = 0; i < k; i++)
        if (!m->cl[g[i].id].h[p]) {
            wild = 1;
            target = g[i].id;
        }
    if (!wild && (k < MERGE_MIN_VALUES ||
                  constant_words(&m->cl[target], p) < MERGE_MIN_CONST))
        return;
    m->cl[target].keep[p] = group_key(m, g, k, p, target);
    m->cl[target].h[p] = 0;
    for (uint32_t i = 0; i < k; i++)
        if (g[i].id != target)
            merge_into(m, g[i].id, target);
    (void)miner_file_wild(m, target);
}

/* Groups the clusters ids[0..k) (all of one length) by "equal except p". */
static void merge_at(struct digest_miner *m, const uint32_t *ids, uint32_t k,
                     uint32_t p, struct sigent *v, const uint64_t *sums)
{
    uint32_t nv = 0;
    for (uint32_t i = 0; i < k; i++) {
        const struct miner_cluster *c = &m->cl[ids[i]];
        if (c->parent == ids[i])
            v[nv++] = (struct sigent){sums[i] - pos_term(c->h[p], p), ids[i]};
    }
    qsort(v, nv, sizeof *v, sig_cmp);
    for (uint32_t i = 0; i < nv;) {
        uint32_t j = i + 1;
        while (j < nv && v[j].sig == v[i].sig &&
               equal_except(&m->cl[v[i].id], &m->cl[v[j].id], p))
            j++;
        if (j - i > 1)
            merge_group(m, v + i, j - i, p);
        i = j;
    }
}

static int len_cmp(const void *a, const void *b)
{
    const struct sigent *x = a, *y = b;
    return x->sig < y->sig ? -1 : (x->sig > y->sig);
}

static void merge_run(struct digest_miner *m, const struct sigent *run,
                      uint32_t k, uint32_t *ids, uint64_t *sums,
                      struct sigent *v)
{
    uint32_t n = (uint32_t)run[0].sig;
    for (uint32_t p = 0; p < n; p++) {
        uint32_t nk = 0;
        for (uint32_t i = 0; i < k; i++) {
            uint32_t id = run[i].id;
            if (m->cl[id].parent != id)
                continue;
            ids[nk] = id;
            sums[nk++] = sum_terms(&m->cl[id]);
        }
        merge_at(m, ids, nk, p, v, sums);
    }
}

static void merge_variable_words(struct digest_miner *m)
{
    uint32_t k = 0, nc = m->ncl ? m->ncl : 1;
    struct sigent *byl = malloc(nc * sizeof *byl);
    struct sigent *v = malloc(nc * sizeof *v);
    uint32_t *ids = malloc(nc * sizeof *ids);
    uint64_t *sums = malloc(nc * sizeof *sums);
    if (byl && v && ids && sums) {
        for (uint32_t i = 0; i < m->ncl; i++)
            if (m->cl[i].parent == i && i != m->overflow)
                byl[k++] = (struct sigent){m->cl[i].n, i};
        qsort(byl, k, sizeof *byl, len_cmp);
        for (uint32_t i = 0; i < k;) {
            uint32_t j = i + 1;
            while (j < k && byl[j].sig == byl[i].sig)
                j++;
            if (j - i >= 2)
                merge_run(m, byl + i, j - i, ids, sums, v);
            i = j;
        }
    }
    free(byl);
    free(v);
    free(ids);
    free(sums);
}

/* ---- variables written with two tokens ------------------------------
 *
 * "lifetime <1 sec" and "lifetime 00:01" are one template whose variable
 * takes two tokens in one line and one in the other. A cluster A of
 * length n+1 joins a cluster B of length n when deleting A's tokens q and
 * q+1 and B's token q leaves the same sequence, B's token q is variable
 * (masked or <*>), one of A's two is too, and B's token is equal to
 * neither of them (so "rhost=<*> user=root" never joins "rhost=<*>": that
 * is an extra field, not a variable written differently). Candidates are
 * found by sorting on a hash of the sequence left after deletion.
 */
#define SPLIT_PAIRS 64

struct splitent {
    uint64_t key;
    uint32_t id, q;
    int longer;
};

static int split_cmp(const void *a, const void *b)
{
    const struct splitent *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return y->longer - x->longer;   /* the longer ones first */
}

static int is_var(const struct miner_cluster *c, uint32_t i)
{
    return !c->h[i] || !c->word[i];
}

/* Hash of c without its tokens [q, q + del), positions renumbered. */
static uint64_t key_without(const struct miner_cluster *c, uint32_t q,
                            uint32_t del)
{
    uint64_t s = c->n - del;
    for (uint32_t i = 0; i < c->n; i++)
        if (i < q || i >= q + del)
            s += pos_term(c->h[i], i < q ? i : i - del);
    return s + pos_term(0x5eed, q);
}

static int split_match(const struct miner_cluster *a,
                       const struct miner_cluster *b, uint32_t q)
{
    if (a->n != b->n + 1 || !is_var(b, q) ||
        !(is_var(a, q) || is_var(a, q + 1)))
        return 0;
    if (b->h[q] && (b->h[q] == a->h[q] || b->h[q] == a->h[q + 1]))
        return 0;
    for (uint32_t i = 0; i < b->n; i++)
        if (i != q && b->h[i] != a->h[i < q ? i : i + 1])
            return 0;
    return constant_words(b, q) >= MERGE_MIN_CONST;
}

static uint32_t split_collect(struct digest_miner *m, struct splitent *v,
                              uint32_t cap)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->ncl; i++) {
        const struct miner_cluster *c = &m->cl[i];
        if (c->parent != i || i == m->overflow || c->n > 64)
            continue;
        for (uint32_t q = 0; q < c->n && k + 2 <= cap; q++) {
            if (is_var(c, q))
                v[k++] = (struct splitent){key_without(c, q, 1), i, q, 0};
            if (q + 1 < c->n && (is_var(c, q) || is_var(c, q + 1)))
                v[k++] = (struct splitent){key_without(c, q, 2), i, q, 1};
        }
    }
    return k;
}

static void merge_split_variables(struct digest_miner *m)
{
    uint32_t cap = m->ncl * 16 + 2;
    struct splitent *v = malloc(cap * sizeof *v);
    if (!v)
        return;
    uint32_t k = split_collect(m, v, cap);
    qsort(v, k, sizeof *v, split_cmp);
    for (uint32_t i = 0; i < k;) {
        uint32_t j = i;
        while (j < k && v[j].key == v[i].key)
            j++;
        /* pairs within a group are capped: no input can make this
         * quadratic in the number of clusters */
        for (uint32_t a = i; a < j && a < i + SPLIT_PAIRS && v[a].longer; a++)
            for (uint32_t b = a + 1; b < j && b < a + SPLIT_PAIRS; b++) {
                uint32_t ra = digest_miner_resolve(m, v[a].id);
                uint32_t rb = digest_miner_resolve(m, v[b].id);
                if (v[b].longer || ra == rb || v[a].q != v[b].q ||
                    !split_match(&m->cl[ra], &m->cl[rb], v[a].q))
                    continue;
                m->cl[rb].h[v[a].q] = 0;
                m->cl[rb].keep[v[a].q] = 0;
                merge_into(m, ra, rb);
                (void)miner_file_wild(m, rb);
            }
        i = j;
    }
    free(v);
}

void digest_miner_finish(struct digest_miner *m)
{
    merge_identical(m);
    merge_variable_words(m);
    merge_split_variables(m);
    merge_identical(m);
}

size_t digest_miner_template(const struct digest_miner *m, uint32_t id,
                             char *out, size_t n)
{
    size_t o = 0;
    if (n == 0)
        return 0;
    out[0] = '\0';
    if (id >= m->ncl)
        return 0;
    id = digest_miner_resolve(m, id);
    const struct miner_cluster *c = &m->cl[id];
    if (id == m->overflow)
        return (size_t)snprintf(out, n, "<*>") < n ? 3 : 0;
    for (uint32_t i = 0; i < c->n; i++) {
        size_t kl = c->h[i] ? 0 : c->keep[i];
        const char *t = c->h[i] ? c->text + c->off[i] : "<*>";
        size_t tl = c->h[i] ? c->off[i + 1] - c->off[i] : 3;
        if (o + kl + tl + (i > 0) >= n)
            break;
        if (i > 0)
            out[o++] = ' ';
        memcpy(out + o, c->text + c->off[i], kl);   /* "key=" of a <*> */
        memcpy(out + o + kl, t, tl);
        o += kl + tl;
    }
    out[o] = '\0';
    return o;
}
