/*
 * flags — anomaly flags and the fixed patterns found in log lines.
 *
 * A flag is one kind of trouble for one subject (a metric, or a log
 * file): it counts occurrences and keeps the first FLAG_LINES line
 * numbers, the last one and one example, so a flag costs a fixed size
 * however often it fires. At most FLAG_MAX flags are kept.
 *
 * Log patterns are fixed substrings chosen to name failures precisely
 * ("CUDA out of memory", "Traceback (most recent call last)") rather than
 * words like "error" that healthy logs print all the time; NaN/Inf must
 * stand as a word ("loss=nan", "inf,"), never inside "info".
 */
#include "digest/run_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

struct digest_flag *flag_get(struct flag_set *fs, const char *kind,
                             const char *subject, int file)
{
    for (uint32_t i = 0; i < fs->n; i++)
        if (fs->f[i].file == file && !strcmp(fs->f[i].kind, kind) &&
            !strcmp(fs->f[i].subject, subject))
            return &fs->f[i];
    if (fs->n == FLAG_MAX) {
        fs->dropped++;
        return NULL;
    }
    struct digest_flag *f = &fs->f[fs->n++];
    memset(f, 0, sizeof *f);
    snprintf(f->kind, sizeof f->kind, "%s", kind);
    snprintf(f->subject, sizeof f->subject, "%s", subject);
    f->file = file;
    f->step = -1;
    return f;
}

void flag_hit(struct digest_flag *f, uint64_t line, const char *text,
              size_t len)
{
    if (!f)
        return;
    if (f->count == 0 && text) {
        size_t n = len < FLAG_EXAMPLE - 1 ? len : FLAG_EXAMPLE - 1;
        memcpy(f->example, text, n);
        f->example[n] = '\0';
    }
    f->count++;
    if (f->nlines < FLAG_LINES)
        f->lines[f->nlines++] = line;
    f->last_line = line;
}

struct pattern {
    const char *kind;
    const char *text;
};

static const struct pattern PATTERNS[] = {
    {"oom", "CUDA out of memory"},
    {"oom", "Out of memory"},
    {"oom", "out of memory"},
    {"oom", "MemoryError"},
    {"oom", "std::bad_alloc"},
    {"oom", "Cannot allocate memory"},
    {"oom", "OOMKilled"},
    {"oom", "oom-kill"},
    {"oom", "Killed process"},
    {"traceback", "Traceback (most recent call last)"},
    {"segfault", "Segmentation fault"},
    {"segfault", "SIGSEGV"},
    {"segfault", "segfault at"},
    {"segfault", "core dumped"},
    {"cuda", "CUDA error"},
    {"cuda", "cudaError"},
    {"cuda", "CUBLAS_STATUS_"},
    {"cuda", "CUDNN_STATUS_"},
    {"cuda", "device-side assert"},
    {"cuda", "illegal memory access"},
    {"nccl", "NCCL error"},
    {"nccl", "NCCL WARN"},
    {"nccl", "ncclInternalError"},
    {"nccl", "ncclSystemError"},
    {"nccl", "ncclUnhandledCudaError"},
    {NULL, NULL},
};

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
           || c == '_';
}

/* The first "Killed" in s, or NULL. A 'K' is rare in logs, so looking
 * for it with memchr costs less than memmem's set-up on every line. */
static const char *find_killed(const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    while (end - p >= 6) {
        p = memchr(p, 'K', (size_t)(end - p) - 5);
        if (!p || !memcmp(p, "Killed", 6))
            return p;
        p++;
    }
    return NULL;
}

/* "Killed" as the whole message (the shell's report of SIGKILL) or as
 * its first word: the OOM killer's usual trace in a run's output. */
static int is_killed(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    const char *k = find_killed(s, n);
    if (!k)
        return 0;
    size_t after = n - (size_t)(k - s) - 6;
    return (after == 0 || k[6] == ' ') &&
           (k == s || k[-1] == ' ' || k[-1] == ':');
}

static int is_letter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* True when "nan" at [b, e) is a modifier, not a value: after "of",
 * "no", "skipped"... and before a word, as in Megatron's healthy
 * "number of nan iterations: 0". "loss nan lr 3e-4" and "loss is nan
 * at step 5" are values. */
static int named_nan(const char *s, size_t b, size_t e, size_t n)
{
    static const char *const mods[] = {"of", "no", "any", "skip", "skipped",
        "for", "with", "without", "num", "count", NULL};
    while (e < n && s[e] == ' ')
        e++;
    if (e >= n || !is_letter((unsigned char)s[e]))
        return 0;
    size_t p = b;
    while (p > 0 && s[p - 1] == ' ')
        p--;
    size_t w = p;
    while (w > 0 && is_letter((unsigned char)s[w - 1]))
        w--;
    for (int i = 0; mods[i]; i++)
        if (p - w == strlen(mods[i]) && !strncasecmp(s + w, mods[i], p - w))
            return 1;
    return 0;
}

/* 1 when "nan" or "inf" (any case) at s[i] stands as a value. */
static int nonfinite_at(const char *s, size_t i, size_t n)
{
    char a = (char)(s[i] | 0x20), b = (char)(s[i + 1] | 0x20),
         c = (char)(s[i + 2] | 0x20);
    int nan = a == 'n' && b == 'a' && c == 'n';
    int inf = a == 'i' && b == 'n' && c == 'f';
    if (!nan && !inf)
        return 0;
    size_t e = i + 3;
    if (inf && e + 5 <= n && !memcmp(s + e, "inity", 5))
        e += 5;
    return (i == 0 || !is_alnum((unsigned char)s[i - 1])) &&
           (e == n || !is_alnum((unsigned char)s[e])) &&
           !named_nan(s, i, e, n);
}

#ifdef __SSE2__
#include <emmintrin.h>

/* Bit k set when "nan" or "inf" (any case) starts at s[k], for the 16
 * positions at s (s[0..17] readable). */
static unsigned trigrams16(const char *s)
{
    __m128i lo = _mm_set1_epi8(0x20);
    __m128i a = _mm_or_si128(_mm_loadu_si128((const __m128i *)s), lo);
    __m128i b = _mm_or_si128(_mm_loadu_si128((const __m128i *)(s + 1)), lo);
    __m128i c = _mm_or_si128(_mm_loadu_si128((const __m128i *)(s + 2)), lo);
    __m128i n = _mm_set1_epi8('n');
    __m128i nan = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, n),
        _mm_cmpeq_epi8(b, _mm_set1_epi8('a'))), _mm_cmpeq_epi8(c, n));
    __m128i inf = _mm_and_si128(_mm_and_si128(
        _mm_cmpeq_epi8(a, _mm_set1_epi8('i')), _mm_cmpeq_epi8(b, n)),
        _mm_cmpeq_epi8(c, _mm_set1_epi8('f')));
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(nan, inf));
}
#endif

/* nan, NaN, inf, Inf, Infinity as a word of their own, as a value:
 * the three letters are found sixteen positions at a time. */
static int has_nonfinite_word(const char *s, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    for (; i + 18 <= n; i += 16)
        for (unsigned m = trigrams16(s + i); m; m &= m - 1)
            if (nonfinite_at(s, i + (size_t)__builtin_ctz(m), n))
                return 1;
#endif
    for (; i + 3 <= n; i++)
        if (((s[i] | 0x20) == 'n' || (s[i] | 0x20) == 'i') &&
            nonfinite_at(s, i, n))
            return 1;
    return 0;
}

/* Wu and Manber's multi-pattern search with two-byte blocks: a window
 * as long as the shortest pattern (m) slides along the line; the bigram
 * at its end says how far it may jump (no pattern's first m bytes hold
 * that bigram any later), and only where the jump is 0 are the patterns
 * whose m-th bigram it is compared. A line costs about length / 5 table
 * look-ups instead of one per byte, whatever the number of patterns; a
 * hash collision only costs a memcmp. Built once, before main. */
#define BIGRAM_BITS 12
static uint8_t shift[1u << BIGRAM_BITS];
static uint32_t ends[1u << BIGRAM_BITS];   /* patterns whose m-th bigram */
static size_t pat_len[32], min_len;

static unsigned bigram_of(const unsigned char *t)
{
    return ((unsigned)t[0] * 31u + t[1]) & ((1u << BIGRAM_BITS) - 1);
}

__attribute__((constructor)) static void flags_index(void)
{
    min_len = 255;
    for (int i = 0; PATTERNS[i].kind; i++) {
        pat_len[i] = strlen(PATTERNS[i].text);
        min_len = pat_len[i] < min_len ? pat_len[i] : min_len;
    }
    memset(shift, (int)(min_len - 1), sizeof shift);
    for (int i = 0; PATTERNS[i].kind; i++) {
        const unsigned char *t = (const unsigned char *)PATTERNS[i].text;
        for (size_t j = 1; j < min_len; j++) {
            unsigned h = bigram_of(t + j - 1);
            size_t sh = min_len - 1 - j;
            shift[h] = (uint8_t)(sh < shift[h] ? sh : shift[h]);
        }
        ends[bigram_of(t + min_len - 2)] |= 1u << i;
    }
}

/* Bit i set when PATTERNS[i] occurs in the line. */
static uint32_t find_patterns(const char *line, size_t len)
{
    uint32_t found = 0;
    const unsigned char *s = (const unsigned char *)line;
    for (size_t pos = min_len - 1; pos < len;) {
        unsigned h = bigram_of(s + pos - 1);
        if (shift[h]) {
            pos += shift[h];
            continue;
        }
        size_t at = pos + 1 - min_len;
        uint32_t cand = ends[h] & ~found;
        while (cand) {
            int k = __builtin_ctz(cand);
            cand &= cand - 1;
            if (pat_len[k] <= len - at &&
                !memcmp(s + at, PATTERNS[k].text, pat_len[k]))
                found |= 1u << k;
        }
        pos++;
    }
    return found;
}

void flags_scan_log(struct flag_set *fs, const char *line, size_t len,
                    int file, const char *fname, uint64_t lineno,
                    int nan_read)
{
    const char *seen = "";
    uint32_t found = find_patterns(line, len);
    while (found) {
        int k = __builtin_ctz(found);
        found &= found - 1;
        if (!strcmp(seen, PATTERNS[k].kind))
            continue;
        flag_hit(flag_get(fs, PATTERNS[k].kind, fname, file), lineno, line,
                 len);
        seen = PATTERNS[k].kind;
    }
    if (strcmp(seen, "oom") && is_killed(line, len))
        flag_hit(flag_get(fs, "oom", fname, file), lineno, line, len);
    if (!nan_read && has_nonfinite_word(line, len))
        flag_hit(flag_get(fs, "nan", fname, file), lineno, line, len);
}
