/*
 * termfilter — what of an agent's screen may reach the human's terminal.
 *
 * The relay hands the agent's pty output to the human's terminal as it
 * is: an interactive agent draws its interface with escape sequences.
 * Two kinds reach past the screen, into what the human does next, and
 * are dropped whole:
 *
 *   OSC 52        sets the clipboard: a command the human later pastes
 *                 into a shell would be the agent's;
 *   DCS tmux;...  tmux passthrough: carries any sequence (OSC 52
 *                 included) to the terminal outside tmux.
 *
 * Every other byte passes, split across reads or not. A string
 * sequence (ESC ] or ESC P) is held only until its head decides it (a
 * few bytes), then streamed or dropped to its end (BEL or ESC \ for an
 * OSC, ESC \ for a DCS; CAN and SUB abort both).
 */
#include "agent/agent_int.h"

#include <string.h>

enum {
    TF_TEXT, TF_ESC,              /* text; after an ESC */
    TF_HEAD,                      /* ESC ] or ESC P seen, head in f->head */
    TF_PASS, TF_DROP,             /* a decided string sequence */
    TF_PASS_ESC, TF_DROP_ESC,     /* an ESC inside it */
};

/* 1 drop, 0 pass, -1 undecided yet. The head holds "]..." or "P...". */
static int decide(const struct term_filter *f)
{
    const char *h = f->head + 1;
    size_t n = f->nhead - 1;
    if (f->head[0] == 'P') {
        if (n < 5)
            return memcmp(h, "tmux;", n) ? 0 : -1;
        return !memcmp(h, "tmux;", 5);
    }
    size_t digits = 0;
    while (digits < n && h[digits] >= '0' && h[digits] <= '9')
        digits++;
    if (digits == n && n < 6)
        return -1;
    return digits == 2 && !memcmp(h, "52", 2);
}

static void put(char *out, size_t *o, char c)
{
    out[(*o)++] = c;
}

/* The head decided: its bytes go out (with the ESC) or nowhere. */
static void settle(struct term_filter *f, int drop, char *out, size_t *o)
{
    if (!drop) {
        put(out, o, '\033');
        for (size_t i = 0; i < f->nhead; i++)
            put(out, o, f->head[i]);
    }
    f->state = drop ? TF_DROP : TF_PASS;
}

static int ends(const struct term_filter *f, char c)
{
    return (c == '\a' && f->head[0] == ']') || c == 0x18 || c == 0x1a;
}

static void step(struct term_filter *f, char c, char *out, size_t *o);

/* After ESC ] or ESC P: the head grows until decide() knows. */
static void step_head(struct term_filter *f, char c, char *out, size_t *o)
{
    int d;
    if (c == '\033' || ends(f, c)) {   /* ended before deciding: pass */
        settle(f, 0, out, o);
        step(f, c, out, o);
        return;
    }
    f->head[f->nhead++] = c;
    if ((d = decide(f)) >= 0)
        settle(f, d, out, o);
}

/* Inside a decided string sequence, and just after an ESC in one. */
static void step_string(struct term_filter *f, char c, char *out,
                        size_t *o)
{
    int pass = f->state == TF_PASS || f->state == TF_PASS_ESC;
    if (f->state == TF_PASS || f->state == TF_DROP) {
        if (c == '\033')
            f->state = pass ? TF_PASS_ESC : TF_DROP_ESC;
        else if (pass)
            put(out, o, c);
        if (c != '\033' && ends(f, c))
            f->state = TF_TEXT;
        return;
    }
    if (c == '\\') {                      /* ST: the end */
        if (pass)
            put(out, o, '\033'), put(out, o, c);
        f->state = TF_TEXT;
    } else if (!pass && f->head[0] == 'P') {
        f->state = TF_DROP;   /* tmux passthrough doubles each inner ESC */
    } else {                /* a new escape, which ends this one for the */
        f->state = TF_ESC;                /* terminal too */
        step(f, c, out, o);
    }
}

static void step(struct term_filter *f, char c, char *out, size_t *o)
{
    switch (f->state) {
    case TF_TEXT:
        if (c == '\033')
            f->state = TF_ESC;
        else
            put(out, o, c);
        return;
    case TF_ESC:
        if (c == ']' || c == 'P') {
            f->head[0] = c, f->nhead = 1, f->state = TF_HEAD;
            return;
        }
        put(out, o, '\033');
        f->state = TF_TEXT;
        step(f, c, out, o);
        return;
    case TF_HEAD:
        step_head(f, c, out, o);
        return;
    default:
        step_string(f, c, out, o);
    }
}

size_t term_filter(struct term_filter *f, const char *in, size_t n,
                   char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        step(f, in[i], out, &o);
    return o;
}
