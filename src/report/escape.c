/*
 * escape — see escape.h. One byte at a time: the escapes are ASCII, and
 * bytes of UTF-8 sequences pass through unchanged (they are never markup).
 * Control characters other than tab become spaces: a terminal escape in a
 * log line must not reach a reader's pager or browser.
 */
#include "report/escape.h"

#include <string.h>

static const char *html_entity(unsigned char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
    }
}

static int put_plain(struct buf *b, unsigned char c, struct err *err)
{
    char ch = c < 0x20 || c == 0x7f ? ' ' : (char)c;
    return buf_append(b, &ch, 1, err);
}

int escape_html(struct buf *b, const char *text, struct err *err)
{
    int rc = 0;
    for (const unsigned char *p = (const unsigned char *)(text ? text : "");
         *p && !rc; p++) {
        const char *e = html_entity(*p);
        rc = e ? buf_append(b, e, strlen(e), err)
               : put_plain(b, *p == '\n' || *p == '\t' ? ' ' : *p, err);
    }
    return rc;
}

/* Markdown: what could open markup in CommonMark or GFM tables. */
static const char *md_escape_of(unsigned char c)
{
    switch (c) {
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '&': return "&amp;";
    case '|': return "\\|";
    case '`': return "\\`";
    case '*': return "\\*";
    case '_': return "\\_";
    case '[': return "\\[";
    case ']': return "\\]";
    case '\\': return "\\\\";
    case '#': return "\\#";
    case '!': return "\\!";
    default: return NULL;
    }
}

int escape_md(struct buf *b, const char *text, struct err *err)
{
    int rc = 0;
    for (const unsigned char *p = (const unsigned char *)(text ? text : "");
         *p && !rc; p++) {
        const char *e = md_escape_of(*p);
        rc = e ? buf_append(b, e, strlen(e), err) : put_plain(b, *p, err);
    }
    return rc;
}
