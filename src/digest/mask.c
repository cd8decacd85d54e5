/*
 * mask — the built-in rules that turn a token's variable parts into <*>.
 *
 * One set of rules for every log, no per-system tuning. They follow the
 * Loghub convention that a variable is replaced where it sits and the
 * literal text around it stays: "blk_-42" -> "blk_<*>", "10.0.0.1:50010"
 * -> "<*>:<*>", "(TID 3)." -> "(TID <*>).". A token is cut at punctuation
 * into units; a unit that holds a digit is a variable, except for a
 * literal word prefix ("blk_", "node-") and short names that end in one
 * digit ("alt0", "tty2", "v2"), which read as names rather than values.
 * Whole-token rules come first: URLs keep their scheme, paths become one
 * variable (keeping a typed file name such as "blk_<*>"), host names with
 * a well-known top-level domain are variables even without digits.
 * Every rule is a single left-to-right scan: linear in the token, and
 * a first scan of byte classes skips the rules a token cannot meet, so
 * plain words and plain numbers (most tokens) cost that one scan.
 */
#include "digest/internal.h"

#include <string.h>

static const char DELIMS[] = ":/=,;()[]{}<>\"'@#|\\&?!*$%^`";

/* Byte classes. One pass over a token ORs them together, so that rules
 * which need a byte the token lacks (a ':' for a URL, a '/' for a path,
 * a '.' for a host name, a digit for a variable) are never tried. Every
 * byte has at least one class. */
enum { MC_DIGIT = 1, MC_DOT = 2, MC_DELIM = 4, MC_COLON = 8,
       MC_SLASH = 16, MC_BSLASH = 32, MC_DASH = 64, MC_OTHER = 128 };

static unsigned char delim_tab[256], mclass[256], path_end[256];
static const char *const TLD[] = {"com", "net", "org", "edu", "gov",
    "io", "info", "biz", "cn", "hk", "uk", "de", "jp", "ru", "fr",
    "kr", "tw", "br", "au", "ca", "us", "eu", "nl", "local", "asia", "me",
    "co", "tv", "cc", "xyz", "app", "dev", "ai", "in", "sg", "it", "es",
    "se", "ch", "pl", "mil", "int", "lan", "internal", NULL};
static uint16_t tld_lens[26];   /* by first letter: bit n, a TLD n long */

__attribute__((constructor)) static void init_tables(void)
{
    for (const char *p = DELIMS; *p; p++)
        delim_tab[(unsigned char)*p] = 1;
    for (int c = 0; c < 256; c++)
        mclass[c] = (unsigned char)((c >= '0' && c <= '9' ? MC_DIGIT : 0) |
                    (c == '.' ? MC_DOT : 0) |
                    (delim_tab[c] ? MC_DELIM : 0) |
                    (c == ':' ? MC_COLON : 0) | (c == '/' ? MC_SLASH : 0) |
                    (c == '\\' ? MC_BSLASH : 0) | (c == '-' ? MC_DASH : 0));
    for (int c = 0; c < 256; c++)
        mclass[c] |= mclass[c] ? 0 : MC_OTHER;
    for (const char *p = "'\")],"; *p; p++)
        path_end[(unsigned char)*p] = 1;
    for (int i = 0; TLD[i]; i++)
        tld_lens[TLD[i][0] - 'a'] |= (uint16_t)(1u << strlen(TLD[i]));
}

static int is_alpha(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int has_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_digit((unsigned char)s[i]))
            return 1;
    return 0;
}

static size_t put_var(char *out)
{
    memcpy(out, "<*>", 3);
    return 3;
}

/* A dotted name whose last label is a common top-level domain. */
static int is_hostname(const char *u, size_t n)
{
    const char *const *tld = TLD;
    const char *dot = NULL;
    for (size_t i = 0; i < n; i++)
        if (u[i] == '.')
            dot = u + i;
    if (!dot || dot == u || (size_t)(dot - u) + 1 >= n)
        return 0;
    size_t tl = n - (size_t)(dot - u) - 1;
    if (tl < 2 || tl > 8)
        return 0;
    for (size_t i = 1; i <= tl; i++)
        if (dot[i] < 'a' || dot[i] > 'z')
            return 0;
    if (!(tld_lens[dot[1] - 'a'] >> tl & 1))
        return 0;
    for (int i = 0; tld[i]; i++)
        if (strlen(tld[i]) == tl && !memcmp(dot + 1, tld[i], tl))
            return 1;
    return 0;
}

/* Length of a literal prefix made of words each ended by '_' or '-'. */
static size_t word_prefix(const char *u, size_t n)
{
    size_t keep = 0, i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && is_alpha((unsigned char)u[j]))
            j++;
        if (j == i || j >= n || (u[j] != '_' && u[j] != '-'))
            break;
        keep = i = j + 1;
    }
    return keep;
}

/* Words ended by '-' in a prefix: "msra-sa-" has two, which with a number
 * after it reads as a host name ("mesos-slave-07"), not a typed id. */
static size_t dash_words(const char *u, size_t k)
{
    size_t d = 0;
    for (size_t i = 0; i < k; i++)
        d += u[i] == '-';
    return d == k ? 0 : d;
}

static int is_numeric(const char *s, size_t n)
{
    if (n == 0 || !is_digit((unsigned char)s[0]))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_digit((unsigned char)s[i]) && s[i] != '.')
            return 0;
    return 1;
}

/* A unit after its word prefix: a name ending in one digit stays, a name
 * ending in a longer number keeps its letters, anything else with a digit
 * is one variable. */
static size_t mask_rest(const char *u, size_t n, char *out)
{
    if (!has_digit(u, n)) {
        memcpy(out, u, n);
        return n;
    }
    size_t l = 0;
    while (l < n && is_alpha((unsigned char)u[l]))
        l++;
    if (l > 0 && l < n && is_numeric(u + l, n - l)) {
        if (n - l == 1) {
            memcpy(out, u, n);
            return n;
        }
        memcpy(out, u, l);
        return l + put_var(out + l);
    }
    size_t d = l;   /* "core.2275", "processor.....0": a label, then dots */
    while (l > 0 && d < n && u[d] == '.')
        d++;
    if (d > l && is_numeric(u + d, n - d)) {
        memcpy(out, u, d);
        return d + put_var(out + d);
    }
    return put_var(out);
}

/* Day and month names: they vary in every date written out in a message. */
static int is_date_word(const char *u, size_t n)
{
    static const char names[] = "MonTueWedThuFriSatSun"
                                "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (n != 3 || u[0] < 'A' || u[0] > 'Z')
        return 0;
    for (size_t i = 0; i + 3 <= sizeof names - 1; i += 3)
        if (!memcmp(u, names + i, 3))
            return 1;
    return 0;
}

/* tc: the classes of the whole token the unit is part of. */
static size_t mask_unit(const char *u, size_t n, char *out, unsigned tc)
{
    if (((tc & MC_DOT) && is_hostname(u, n)) || is_date_word(u, n))
        return put_var(out);
    if (!(tc & MC_DIGIT) || !has_digit(u, n)) {
        memcpy(out, u, n);
        return n;
    }
    size_t tail = (n > 1 && u[n - 1] == '.') ? 1 : 0;
    n -= tail;
    size_t k = word_prefix(u, n);
    size_t o;
    if (dash_words(u, k) >= 2) {
        o = put_var(out);
    } else {
        memcpy(out, u, k);
        o = k + mask_rest(u + k, n - k, out + k);
    }
    if (tail)
        out[o++] = '.';
    return o;
}

/* Units between punctuation, each masked; punctuation kept. */
static size_t mask_units(const char *t, size_t n, char *out, unsigned tc)
{
    if (!(tc & MC_DELIM))
        return mask_unit(t, n, out, tc);
    size_t o = 0, i = 0;
    while (i < n) {
        if (delim_tab[(unsigned char)t[i]]) {
            out[o++] = t[i++];
            continue;
        }
        size_t j = i;
        while (j < n && !delim_tab[(unsigned char)t[j]])
            j++;
        if (j < n && t[j] == '(' && is_alpha((unsigned char)t[i])) {
            memcpy(out + o, t + i, j - i);   /* a function name: "jk2_init(" */
            o += j - i;
        } else {
            o += mask_unit(t + i, j - i, out + o, tc);
        }
        i = j;
    }
    return o;
}

static int is_closer(char c)
{
    return c == ']' || c == ')' || c == '}' || c == '\'' || c == '"' ||
           c == '>' || c == ',';
}

/* "scheme://anything" keeps the scheme; closing punctuation stays. */
static size_t mask_url(const char *t, size_t n, size_t sep, char *out,
                       unsigned tc)
{
    size_t end = n;
    while (end > sep + 3 && is_closer(t[end - 1]))
        end--;
    size_t o = mask_units(t, sep + 3, out, tc);
    if (end > sep + 3)
        o += put_var(out + o);
    memcpy(out + o, t + end, n - end);
    return o + (n - end);
}

static int path_start_ok(const char *t, size_t p)
{
    return p == 0 || strchr(":=('\"[<", t[p - 1]) != NULL;
}

/* Where a path starts (index of its first '/'), or n when the token holds
 * no path of two or more components. */
static size_t find_path(const char *t, size_t n, size_t *pend)
{
    for (size_t p = 0; p < n; p++) {
        if (t[p] != '/' || !path_start_ok(t, p))
            continue;
        size_t e = p, slashes = 0;
        while (e < n && !path_end[(unsigned char)t[e]])
            slashes += t[e++] == '/';
        while (e > p + 1 && strchr(":.;", t[e - 1]))
            e--;
        if (slashes >= 2 && e > p + 1) {
            *pend = e;
            return p;
        }
        return n;
    }
    return n;
}

/* A path is one variable, unless its file name is a typed id such as
 * "blk_<*>", which is worth keeping: "/<*>/blk_<*>". */
static size_t mask_path(const char *t, size_t p, size_t e, char *out,
                        unsigned tc)
{
    size_t last = e;
    while (last > p && t[last - 1] != '/')
        last--;
    size_t k = word_prefix(t + last, e - last);
    if (k > 0 && has_digit(t + last + k, e - last - k)) {
        memcpy(out, "/<*>/", 5);
        return 5 + mask_units(t + last, e - last, out + 5, tc);
    }
    return put_var(out);
}

static int is_hex(unsigned char c)
{
    return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* MAC addresses, IPv6, UUIDs, serials: hex groups joined by ':' or '-',
 * at least four groups and a digit. */
static int is_hex_groups(const char *t, size_t n)
{
    size_t groups = 1, glen = 0;
    int digit = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == ':' || c == '-') {
            if (glen == 0)
                return 0;
            groups++;
            glen = 0;
        } else if (is_hex(c) && ++glen <= 12) {
            digit |= is_digit(c);
        } else {
            return 0;
        }
    }
    return groups >= 4 && glen > 0 && digit;
}

/* "C:\Windows\x.dll": where a Windows path starts, or n. */
static size_t find_winpath(const char *t, size_t n)
{
    for (size_t p = 0; p + 2 < n; p++)
        if (is_alpha((unsigned char)t[p]) && t[p + 1] == ':' &&
            t[p + 2] == '\\' && (p == 0 || !is_alpha((unsigned char)t[p - 1])))
            return p;
    return n;
}

/* A Windows path at w < len is one variable, the text around it units. */
static size_t mask_winpath(const char *tok, size_t len, size_t w, char *out,
                           unsigned tc)
{
    size_t e = w;
    while (e < len && !strchr("'\")],", tok[e]))
        e++;
    size_t o = mask_units(tok, w, out, tc);
    o += put_var(out + o);
    return o + mask_units(tok + e, len - e, out + o, tc);
}

/* The first "://" in the token, or NULL: each ':' is looked at, as
 * tokens hold few ("10.0.0.1:50010", "https://..."). */
static const char *find_url(const char *tok, size_t len)
{
    const char *end = tok + len;
    if (len <= 3)
        return NULL;
    for (const char *c = memchr(tok, ':', len); c && end - c >= 3;
         c = memchr(c + 1, ':', (size_t)(end - c) - 1))
        if (c[1] == '/' && c[2] == '/')
            return c;
    return NULL;
}

/* The whole-token rules, each tried only when the token holds the bytes
 * it needs. */
static size_t mask_general(const char *tok, size_t len, char *out,
                           unsigned tc)
{
    if ((tc & MC_DIGIT) && (tc & (MC_COLON | MC_DASH)) &&
        is_hex_groups(tok, len))
        return put_var(out);
    size_t w = (tc & MC_BSLASH) ? find_winpath(tok, len) : len;
    if (w < len)
        return mask_winpath(tok, len, w, out, tc);
    const char *url = (tc & MC_COLON) ? find_url(tok, len) : NULL;
    if (url && url > tok)
        return mask_url(tok, len, (size_t)(url - tok), out, tc);
    size_t pend = 0, p = (tc & MC_SLASH) ? find_path(tok, len, &pend) : len;
    if (p < len) {
        size_t o = mask_units(tok, p, out, tc);
        o += mask_path(tok, p, pend, out + o, tc);
        return o + mask_units(tok + pend, len - pend, out + o, tc);
    }
    return mask_units(tok, len, out, tc);
}

size_t mask_token(const char *tok, size_t len, char *out)
{
    unsigned tc = 0;
    for (size_t i = 0; i < len; i++)
        tc |= mclass[(unsigned char)tok[i]];
    if (!(tc & (MC_DIGIT | MC_DOT | MC_DELIM))) {   /* a plain word */
        if (is_date_word(tok, len))
            return put_var(out);
        memcpy(out, tok, len);
        return len;
    }
    if ((tc & ~MC_DOT) == MC_DIGIT) {   /* a number: "42", "0.5", "1." */
        size_t o = put_var(out);
        if (len > 1 && tok[len - 1] == '.')
            out[o++] = '.';
        return o;
    }
    return mask_general(tok, len, out, tc);
}
