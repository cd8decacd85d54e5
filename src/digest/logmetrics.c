/*
 * logmetrics — metric series read from a run's log text.
 *
 * Most trainers never write a metrics file; their loss is in the log, in
 * one of a few shapes: tqdm postfixes (`loss=0.7791, lr=3.00e-04`, one
 * update per '\r'), Hugging Face dicts (`{'loss': 0.79, 'epoch': 2.0}`),
 * pipes (`step 120 | loss: 0.79`), Keras (`- loss: 0.7791 - accuracy:`),
 * Megatron (`lm loss: 7.89E+00 | loss scale: 65536.0`), nanoGPT
 * (`iter 120: loss 0.7912, time 52.31ms`). All are a key, a separator
 * (`=`, `:` or spaces, the key perhaps quoted) and a number (or nan/inf).
 *
 * Naming: a variable is named by the key written before it; with `:` or
 * a space (never `=`, which binds tightly) a plain word just before the
 * key qualifies it: `lm loss`, `train loss`, `val loss`, `learning rate`.
 * A series is one name in one context, the line's first plain word
 * (`Validation`, `eval`, `iter`): `step 120 | loss` and `Validation |
 * loss` are two series, shown as "loss" and "Validation loss". The
 * context is a word rather than the miner's cluster because a tqdm bar
 * changes its token count as it fills (`|█▌   |` is three tokens, `|███|`
 * one), which would split one loss over several templates.
 *
 * Step: an explicit step / iter / iteration / global_step key, else an
 * integer epoch, else the series' own count (the line's order). Those
 * keys are not series themselves.
 *
 * A variable becomes a series once seen three times (it waits in a small
 * table until then), and a series seen at most twice gives its slot up
 * when the table is full, so a config dump (`batch_size: 32`) or a system
 * log's numbers cannot crowd out the loss. The anomaly rules are those of
 * metrics.c, with the flag's source the log file; snapshot.c drops a log
 * series whose key the run also wrote to its metrics file, so nothing is
 * counted twice.
 *
 * Cost: values are found first (sixteen bytes at a time), keys behind
 * them; numbers take a fast exact path, strtod only for the rest.
 */
#include "digest/run_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LOGM_NUM 40           /* longest number text read */
#define LOGM_CONTEXT 24

enum { C_ALPHA = 1, C_DIGIT = 2, C_KEY = 4, C_OPEN = 8, C_CLOSE = 16,
       C_SEP = 32, C_VSTART = 64 };

static unsigned char ctab[256];

__attribute__((constructor)) static void logm_table(void)
{
    for (int c = 0; c < 256; c++) {
        int a = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        int d = c >= '0' && c <= '9';
        ctab[c] = (unsigned char)((a ? C_ALPHA : 0) | (d ? C_DIGIT : 0) |
                  (a || d || c == '.' || c == '-' || c == '/' ? C_KEY : 0) |
                  (c && strchr("{['\"(<|", c) ? C_OPEN : 0) |
                  (c && strchr(":,'\"}])>|", c) ? C_CLOSE : 0) |
                  (c && strchr(" =:", c) ? C_SEP : 0) |
                  (d || (c && strchr("-+.nNiIt", c)) ? C_VSTART : 0));
    }
}

static int cls(const char *s, size_t i, int mask)
{
    return ctab[(unsigned char)s[i]] & mask;
}

/* nan, inf, infinity (any case, optional sign) standing alone. */
static size_t nonfinite_value(const char *s, size_t n, double *v)
{
    size_t i = (n && (s[0] == '-' || s[0] == '+')) ? 1 : 0, k = 0;
    if (i >= n || ((s[i] | 0x20) != 'n' && (s[i] | 0x20) != 'i'))
        return 0;
    if (n - i >= 3 && !strncasecmp(s + i, "nan", 3))
        k = 3, *v = NAN;
    else if (n - i >= 8 && !strncasecmp(s + i, "infinity", 8))
        k = 8, *v = s[0] == '-' ? -INFINITY : INFINITY;
    else if (n - i >= 3 && !strncasecmp(s + i, "inf", 3))
        k = 3, *v = s[0] == '-' ? -INFINITY : INFINITY;
    if (!k || (i + k < n && cls(s, i + k, C_ALPHA | C_DIGIT)))
        return 0;
    return i + k;
}

/* A decimal number's digits, read while its length is found. */
struct num_scan {
    uint64_t m;          /* the digits as one integer (exact up to 19) */
    int digits, frac;    /* all digits; those after the point */
    int exp, exp_digits; /* the exponent (first two digits), its digits */
};

static size_t digits_at(const char *s, size_t n, size_t i,
                        struct num_scan *d, int *count)
{
    for (; i < n && cls(s, i, C_DIGIT); i++) {
        d->m = d->m * 10 + (uint64_t)(s[i] - '0');
        ++*count;
    }
    return i;
}

/* [+-]dd after an 'e' at s[i], when a digit follows: its end, else i. */
static size_t exponent_at(const char *s, size_t n, size_t i,
                          struct num_scan *d)
{
    size_t j = i + 1 + (s[i + 1] == '-' || s[i + 1] == '+');
    if (j >= n || !cls(s, j, C_DIGIT))
        return i;
    int x = 0;
    for (i = j; i < n && cls(s, i, C_DIGIT); i++)
        if (++d->exp_digits <= 2)
            x = x * 10 + (s[i] - '0');
    d->exp = s[j - 1] == '-' ? -x : x;
    return i;
}

/* Length of a decimal number at s (sign, digits, point, exponent), its
 * digits in *d. */
static size_t number_len(const char *s, size_t n, struct num_scan *d)
{
    size_t i = (n && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    memset(d, 0, sizeof *d);
    i = digits_at(s, n, i, d, &d->digits);
    if (i < n && s[i] == '.') {
        i = digits_at(s, n, i + 1, d, &d->frac);
        d->digits += d->frac;
    }
    if (!d->digits)
        return 0;
    if (i + 1 < n && (s[i] == 'e' || s[i] == 'E'))
        i = exponent_at(s, n, i, d);
    return i;
}

/* [-]digits[.digits][e[+-]dd] with at most 15 digits: the mantissa and
 * 10^k (k <= 22) are exact doubles, so one division or product is
 * correctly rounded, as strtod would be (Clinger's fast path), at a
 * fraction of its cost. Anything else goes to strtod. */
static int fast_decimal(const char *s, const struct num_scan *d, double *v)
{
    static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22};
    int e = d->exp - d->frac;   /* value = m 10^e; both exact up to 22 */
    if (d->digits > 15 || d->exp_digits > 2 || e < -22 || e > 22)
        return 0;
    double x = e < 0 ? (double)d->m / p10[-e] : (double)d->m * p10[e];
    *v = s[0] == '-' ? -x : x;
    return 1;
}

/* A number is a value unless it runs on into a date, a time, a version
 * or a thousands group (2024-05-01, 00:03, 1.2.3, 95,747). */
static int number_ends(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 1;
    int next_digit = i + 1 < n && cls(s, i + 1, C_DIGIT);
    char c = s[i];
    if ((c == ':' || c == '-' || c == '.' || c == ',') && next_digit)
        return 0;
    return !cls(s, i, C_DIGIT);
}

static size_t value_at(const char *s, size_t n, double *v)
{
    size_t k = nonfinite_value(s, n, v);
    if (k)
        return k;
    struct num_scan d;
    k = number_len(s, n, &d);
    if (!k || k >= LOGM_NUM || !number_ends(s, n, k))
        return 0;
    if (!fast_decimal(s, &d, v)) {
        char buf[LOGM_NUM];
        memcpy(buf, s, k);
        buf[k] = '\0';
        *v = strtod(buf, NULL);
    }
    return k;
}

/* Before a value at v: spaces, at most one '=' or ':', spaces, perhaps
 * a closing quote; returns where the key's text ends (0: no separator
 * at all, so no key). *kind is '=', ':' or ' '. */
static size_t key_end(const char *s, size_t v, char *kind)
{
    size_t p = v;
    while (p > 0 && s[p - 1] == ' ')
        p--;
    *kind = ' ';
    if (p > 0 && (s[p - 1] == '=' || s[p - 1] == ':')) {
        *kind = s[--p];
        while (p > 0 && s[p - 1] == ' ')
            p--;
    } else if (p == v) {
        return 0;
    }
    if (p > 0 && (s[p - 1] == '\'' || s[p - 1] == '"'))
        p--;
    return p;
}

/* The plain word right before the key at i ("lm" in "| lm loss:"). */
static size_t qualifier(const char *s, size_t i, size_t *start)
{
    if (i < 3 || s[i - 1] != ' ' || !cls(s, i - 2, C_ALPHA))
        return 0;
    size_t b = i - 1;
    while (b > 0 && cls(s, b - 1, C_ALPHA | C_DIGIT))
        b--;
    if (!cls(s, b, C_ALPHA) || (b > 0 && cls(s, b - 1, C_KEY)) ||
        i - 1 - b > 20)
        return 0;
    for (size_t k = b; k < i - 1; k++)
        if (cls(s, k, C_DIGIT))
            return 0;
    *start = b;
    return i - 1 - b;
}

static void put_pair(const char *s, size_t i, size_t j, char sep, double v,
                     struct logm_pair *p)
{
    size_t qs = 0, q = sep == '=' ? 0 : qualifier(s, i, &qs);
    size_t klen = j - i, o = 0;
    if (q && q + 1 + klen < LOGM_KEY) {
        memcpy(p->key, s + qs, q);
        p->key[q] = ' ';
        o = q + 1;
    }
    klen = klen < LOGM_KEY - 1 - o ? klen : LOGM_KEY - 1 - o;
    memcpy(p->key + o, s + i, klen);
    p->key_len = o + klen;
    p->word = o;   /* key bytes hold no space: the qualifier's ends here */
    p->key[p->key_len] = '\0';
    p->v = v;
}

/* With a bare space between them, a function word and a number are
 * prose, not a key and its value: "number of nan iterations", "after
 * 45s", "to 3 workers". Looked up by length: this runs on every word
 * followed by a space. */
/* A word of up to 8 letters, lower-cased, in one integer. */
static uint64_t pack_lower(const char *k, size_t n)
{
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++)
        w = w << 8 | (unsigned char)(k[i] | 0x20);
    return w;
}

static int in_list(const char *k, size_t n, const uint64_t *list)
{
    if (n == 0 || n > 8)
        return 0;
    uint64_t w = pack_lower(k, n);
    for (; *list; list++)
        if (*list == w)
            return 1;
    return 0;
}

static uint64_t stop_words[8][12], step4[3];   /* by length, 0-ended */
static uint32_t stop_first[8];   /* by length: the words' first letters */

__attribute__((constructor)) static void logm_words(void)
{
    static const char *const w[] = {"a", "of", "no", "to", "in", "on", "at",
        "by", "or", "is", "an", "any", "for", "and", "the", "was", "are",
        "with", "from", "than", "after", "before", "without", NULL};
    int used[8] = {0};
    for (int i = 0; w[i]; i++) {
        size_t n = strlen(w[i]);
        stop_words[n][used[n]++] = pack_lower(w[i], n);
        stop_first[n] |= 1u << (w[i][0] - 'a');
    }
    step4[0] = pack_lower("step", 4);
    step4[1] = pack_lower("iter", 4);
}

static int stop_word(const char *k, size_t n)
{
    unsigned f = (unsigned)(k[0] | 0x20) - 'a';   /* k[0] is a letter */
    return n < 8 && f < 26 && (stop_first[n] >> f & 1) &&
           in_list(k, n, stop_words[n]);
}

/* Tries the value that may start at v: finds its key behind it (a word
 * starting with a letter, not a function word when only a space
 * separates them). On success fills *p and returns the index after the
 * value, else v + 1. */
static size_t try_value(const char *s, size_t n, size_t v,
                        struct logm_pair *p, int *ok)
{
    char sep;
    size_t end = key_end(s, v, &sep), i = end;
    *ok = 0;
    while (i > 0 && cls(s, i - 1, C_KEY))
        i--;
    while (end > i && !cls(s, end - 1, C_ALPHA | C_DIGIT))
        end--;
    if (end == i || !cls(s, i, C_ALPHA) || end - i > LOGM_KEY - 8 ||
        (sep == ' ' && stop_word(s + i, end - i)))
        return v + 1;
    size_t at = v;
    if (n - at > 7 && !memcmp(s + at, "tensor(", 7))
        at += 7;   /* PyTorch prints a scalar tensor as tensor(0.51, ...) */
    double x;
    size_t vl = value_at(s + at, n - at, &x);
    if (!vl)
        return v + 1;
    put_pair(s, i, end, sep, x, p);
    *ok = 1;
    return at + vl;
}

#ifdef __SSE2__
#include <emmintrin.h>

/* Bit i set when s[i] may start a value and s[i - 1] is a separator, for
 * the 16 bytes at s (s[-1] readable): the candidates of logm_parse,
 * sixteen bytes per step instead of two branches per byte. */
static unsigned candidates16(const char *s)
{
    __m128i cur = _mm_loadu_si128((const __m128i *)s);
    __m128i prev = _mm_loadu_si128((const __m128i *)(s - 1));
    __m128i sep = _mm_or_si128(_mm_or_si128(
        _mm_cmpeq_epi8(prev, _mm_set1_epi8(' ')),
        _mm_cmpeq_epi8(prev, _mm_set1_epi8('='))),
        _mm_cmpeq_epi8(prev, _mm_set1_epi8(':')));
    __m128i d = _mm_sub_epi8(cur, _mm_set1_epi8('0'));
    __m128i vs = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
    __m128i low = _mm_or_si128(cur, _mm_set1_epi8(0x20));   /* n/N, i/I */
    vs = _mm_or_si128(vs, _mm_or_si128(
        _mm_cmpeq_epi8(low, _mm_set1_epi8('n')),
        _mm_cmpeq_epi8(low, _mm_set1_epi8('i'))));
    vs = _mm_or_si128(vs, _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(cur, _mm_set1_epi8('-')),
                     _mm_cmpeq_epi8(cur, _mm_set1_epi8('+'))),
        _mm_or_si128(_mm_cmpeq_epi8(cur, _mm_set1_epi8('.')),
                     _mm_cmpeq_epi8(cur, _mm_set1_epi8('t')))));
    return (unsigned)_mm_movemask_epi8(_mm_and_si128(sep, vs));
}
#endif

/* The next v >= from where a value may start, or n. */
static size_t next_candidate(const char *s, size_t n, size_t from)
{
    size_t v = from;
#ifdef __SSE2__
    for (; v + 16 <= n; v += 16) {
        unsigned m = candidates16(s + v);
        if (m)
            return v + (size_t)__builtin_ctz(m);
    }
#endif
    for (; v < n; v++)
        if (cls(s, v, C_VSTART) && cls(s, v - 1, C_SEP))
            return v;
    return n;
}

/* Values are found first, keys behind them: a value can only start
 * after a space, '=' or ':' with a digit, sign, point, or the n/i/t of
 * nan, inf and tensor(, so most bytes are only looked at in blocks. */
uint32_t logm_parse(const char *s, size_t n, struct logm_pair *out,
                    uint32_t max)
{
    uint32_t k = 0;
    for (size_t v = next_candidate(s, n, 1); v < n && k < max;
         v = next_candidate(s, n, v)) {
        int ok;
        v = try_value(s, n, v, &out[k], &ok);
        k += (uint32_t)ok;
    }
    return k;
}

/* ---- series ---------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
    return h;
}

/* The line's first plain word (letters, '_' and '-', 2+ long, among its
 * first two tokens), e.g. "Validation" or "eval"; "" when none. */
static size_t context_of(const char *s, size_t n, const char **ctx)
{
    size_t i = 0;
    for (int tok = 0; tok < 2 && i < n; tok++) {
        while (i < n && s[i] == ' ')
            i++;
        size_t b = i;
        while (i < n && s[i] != ' ')
            i++;
        size_t e = i, a = b;
        while (a < e && cls(s, a, C_OPEN))
            a++;
        while (e > a && cls(s, e - 1, C_CLOSE))
            e--;
        size_t k = a;
        while (k < e && (cls(s, k, C_ALPHA) || s[k] == '-'))
            k++;
        if (k == e && e - a >= 2 && e - a < LOGM_CONTEXT) {
            *ctx = s + a;
            return e - a;
        }
    }
    return 0;
}

/* 2 for an explicit step key, 1 for an epoch, else 0 (the last word of
 * the key counts: "train step"). */
static int step_key(const struct logm_pair *p)
{
    const char *w = p->key + p->word;
    switch (p->key_len - p->word) {
    case 2:
        return (w[0] | 0x20) == 'i' && (w[1] | 0x20) == 't' ? 2 : 0;
    case 4:
        return in_list(w, 4, step4) ? 2 : 0;
    case 5:   /* the first letter first: most keys are no step */
        return (w[0] | 0x20) == 'e' && !strncasecmp(w, "epoch", 5);
    case 9:
        return (w[0] | 0x20) == 'i' && !strncasecmp(w, "iteration", 9)
               ? 2 : 0;
    case 11:
        return (w[0] | 0x20) == 'g' && !strncasecmp(w, "global_step", 11)
               ? 2 : 0;
    default:
        return 0;
    }
}

/* A series that has not recurred (config lines) gives its slot up. */
static struct metric_series *evictable(struct metric_state *ms)
{
    struct metric_series *best = NULL;
    for (uint32_t i = 0; i < ms->n; i++)
        if (ms->s[i].count <= 2 && (!best || ms->s[i].count < best->count))
            best = &ms->s[i];
    return best;
}

static int name_taken(const struct metric_state *ms, const char *name)
{
    for (uint32_t i = 0; i < ms->n; i++)
        if (!strcmp(ms->s[i].name, name))
            return 1;
    return 0;
}

static void series_name(struct metric_state *ms, struct metric_series *s,
                        const char *key, const char *ctx, size_t cn)
{
    series_reset(s, key);
    s->from_log = 1;
    if (name_taken(ms, key) && cn)
        snprintf(s->name, sizeof s->name, "%.*s %s", (int)cn, ctx, key);
    if (name_taken(ms, s->name))
        snprintf(s->name, sizeof s->name, "%.40s #%u", key, ms->n + 1);
}

static struct metric_series *series_by_id(struct metric_state *ms,
                                          uint64_t id, uint32_t slot)
{
    if (slot < LOGM_PAIRS && ms->hint[slot] < ms->n &&
        ms->s[ms->hint[slot]].id == id)
        return &ms->s[ms->hint[slot]];   /* lines of one shape repeat */
    for (uint32_t i = 0; i < ms->n; i++)
        if (ms->s[i].id == id) {
            if (slot < LOGM_PAIRS)
                ms->hint[slot] = (uint8_t)i;
            return &ms->s[i];
        }
    return NULL;
}

static struct metric_series *series_new(struct metric_state *ms, uint64_t id,
                                        const struct logm_pair *p,
                                        const char *ctx, size_t cn)
{
    struct metric_series *s = ms->n < METRIC_MAX ? &ms->s[ms->n] :
                              evictable(ms);
    if (!s)
        return NULL;
    s->name[0] = '\0';   /* its old name must not block the new one */
    series_name(ms, s, p->key, ctx, cn);
    s->id = id;
    if (s == &ms->s[ms->n])
        ms->n++;
    return s;
}

/* A variable becomes a series once seen LOGM_RECUR times; until then it
 * waits, with its values, in a small 4-way table, so that the numbers of
 * system logs ("port 50010", "block 7") cost a probe, not a series. */
static struct logm_cand *candidate(struct metric_state *ms, uint64_t id)
{
    struct logm_cand *set = &ms->cand[(id >> 7) % 64 * 4], *low = set;
    for (int i = 0; i < 4; i++) {
        if (set[i].id == id && set[i].count)
            return &set[i];
        if (set[i].count < low->count)
            low = &set[i];
    }
    memset(low, 0, sizeof *low);
    low->id = id;
    return low;
}

#define LOGM_RECUR 3

static void log_value(struct metric_state *ms, struct flag_set *fs, int file,
                      const struct logm_pair *p, const char *ctx, size_t cn,
                      uint64_t ctx_h, uint32_t slot, int64_t step,
                      uint64_t line)
{
    uint64_t id = fnv(ctx_h, p->key, p->key_len + 1);
    struct metric_series *s = series_by_id(ms, id, slot);
    if (!s) {
        struct logm_cand *c = candidate(ms, id);
        if (c->count + 1 < LOGM_RECUR) {
            c->v[c->count] = p->v;
            c->step[c->count] = step;
            c->line[c->count++] = line;
            return;
        }
        s = series_new(ms, id, p, ctx, cn);
        for (uint32_t i = 0; s && i < c->count; i++)
            series_value(s, fs, file, c->v[i], c->step[i] >= 0 ? c->step[i]
                         : (int64_t)s->count, c->line[i]);
        c->count = 0;
        if (!s)
            return;
    }
    series_value(s, fs, file, p->v, step >= 0 ? step : (int64_t)s->count,
                 line);
}

static uint32_t segment(struct metric_state *ms, struct flag_set *fs,
                        int file, const char *seg, size_t n, uint64_t line)
{
    struct logm_pair pairs[LOGM_PAIRS];
    uint32_t k = logm_parse(seg, n, pairs, LOGM_PAIRS), bad = 0;
    if (!k)
        return 0;
    const char *ctx = "";
    size_t cn = context_of(seg, n, &ctx);
    uint64_t ctx_h = fnv(0xcbf29ce484222325ull, ctx, cn);
    int64_t step = -1;
    int rank = 0, is_step[LOGM_PAIRS];
    for (uint32_t i = 0; i < k; i++) {
        int r = is_step[i] = step_key(&pairs[i]);
        /* a step is a whole number a step counter can hold (a log may
         * say anything: "Epoch 1e26" is not a step) */
        if (r > rank && isfinite(pairs[i].v) &&
            pairs[i].v == floor(pairs[i].v) && fabs(pairs[i].v) < 9.0e15) {
            rank = r;
            step = (int64_t)pairs[i].v;
        }
    }
    for (uint32_t i = 0; i < k; i++) {
        if (is_step[i])
            continue;
        bad += !isfinite(pairs[i].v);
        log_value(ms, fs, file, &pairs[i], ctx, cn, ctx_h, i, step, line);
    }
    return bad;
}

uint32_t logm_line(struct metric_state *ms, struct flag_set *fs, int file,
                   const char *content, size_t len, uint64_t line)
{
    const char *p = content, *end = content + len;
    uint32_t bad = 0;
    while (p < end) {
        const char *cr = memchr(p, '\r', (size_t)(end - p));
        size_t n = (size_t)((cr ? cr : end) - p);
        if (n)
            bad += segment(ms, fs, file, p, n, line);
        p += n + (cr != NULL);
    }
    return bad;
}
