/* ttysafe — control characters made visible on a terminal; see ttysafe.h. */
#include "core/ttysafe.h"
#include "core/fdio.h"

#include <stdint.h>
#include <string.h>
#include <unistd.h>

/* Bytes in the UTF-8 sequence lead starts, 0 for a byte no sequence
 * starts with (continuations, overlong leads, beyond U+10FFFF). */
static size_t seq_len(unsigned char lead)
{
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    return lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
}

/* 1 when s[k] may follow s[0..k-1]: a continuation byte, and the second
 * byte keeps the sequence shortest and out of the surrogates. */
static int cont_ok(const unsigned char *s, size_t k)
{
    if ((s[k] & 0xC0) != 0x80)
        return 0;
    if (k != 1)
        return 1;
    return !((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
             (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F));
}

static size_t put_byte(unsigned char c, char *out)
{
    static const char hex[] = "0123456789abcdef";
    if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)) {
        out[0] = (char)c;
        return 1;
    }
    memcpy(out, "\\x", 2);
    out[2] = hex[c >> 4];
    out[3] = hex[c & 15];
    return 4;
}

/* C1 controls act like escape sequences on some terminals; bidirectional
 * overrides and isolates show a line in another order than it is. */
static int shown_escaped(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static size_t put_seq(const unsigned char *s, size_t len, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    uint32_t cp = s[0] & (0x7F >> len);
    for (size_t k = 1; k < len; k++)
        cp = cp << 6 | (s[k] & 0x3F);
    if (!shown_escaped(cp)) {
        memcpy(out, s, len);
        return len;
    }
    memcpy(out, "\\u{", 3);
    for (int k = 0; k < 4; k++)
        out[3 + k] = hex[(cp >> (12 - 4 * k)) & 15];
    out[7] = '}';
    return 8;
}

/* Completes the sequence waiting in t with p's first bytes. *used says
 * how many of p it took; returns the bytes written to out. */
static size_t finish_pending(struct ttysafe *t, const unsigned char *p,
                             size_t n, size_t *used, char *out)
{
    size_t need = seq_len(t->pend[0]), i = 0, o = 0;
    while (t->npend < need && i < n) {
        t->pend[t->npend] = p[i];
        if (!cont_ok(t->pend, t->npend))
            break;
        t->npend++;
        i++;
    }
    *used = i;
    if (t->npend == need) {
        o = put_seq(t->pend, need, out);
        t->npend = 0;
    } else if (i < n || !p) {   /* broken, or flushed unfinished */
        for (size_t k = 0; k < t->npend; k++)
            o += put_byte(t->pend[k], out + o);
        t->npend = 0;
    }
    return o;
}

size_t ttysafe_filter(struct ttysafe *t, const char *in, size_t n, char *out)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t o = 0, i = 0;
    if (t->npend)
        o = finish_pending(t, p, p ? n : 0, &i, out);
    if (t->npend || !p)
        return o;
    while (i < n) {
        size_t need = seq_len(p[i]), k = 1;
        if (need <= 1) {
            o += put_byte(p[i++], out + o);
            continue;
        }
        while (k < need && i + k < n && cont_ok(p + i, k))
            k++;
        if (k == need) {
            o += put_seq(p + i, need, out + o);
            i += need;
        } else if (i + k == n) {   /* cut by the end of this write */
            memcpy(t->pend, p + i, k);
            t->npend = k;
            break;
        } else {
            o += put_byte(p[i++], out + o);
        }
    }
    return o;
}

#define CHUNK 512

int ttysafe_write(struct ttysafe *t, int fd, const char *p, size_t n)
{
    char out[8 * CHUNK + 32];
    do {
        size_t take = n < CHUNK ? n : CHUNK;
        size_t len = ttysafe_filter(t, p, take, out);
        if (len && fd_write_all(fd, out, len) < 0)
            return -1;
        if (p)
            p += take;
        n -= take;
    } while (n);
    return 0;
}

struct cookie {
    int fd;
    struct ttysafe state;
};

static ssize_t cookie_write(void *c, const char *p, size_t n)
{
    struct cookie *k = c;
    return ttysafe_write(&k->state, k->fd, p, n) < 0 ? -1 : (ssize_t)n;
}

static int cookie_close(void *c)
{
    struct cookie *k = c;
    return ttysafe_write(&k->state, k->fd, NULL, 0);
}

FILE *ttysafe_fdopen(int fd)
{
    /* Static: the process's stdout and stderr live until exit. */
    static struct cookie cookies[2];
    if ((fd != 1 && fd != 2) || !isatty(fd))
        return NULL;
    struct cookie *k = &cookies[fd - 1];
    k->fd = fd;
    cookie_io_functions_t io = {.write = cookie_write, .close = cookie_close};
    FILE *f = fopencookie(k, "w", io);
    if (f)
        setvbuf(f, NULL, _IOLBF, 0);
    return f;
}
