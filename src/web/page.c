/*
 * page — the `__page` command: picks the page, builds it, prints it. Also
 * the building blocks every page uses (see page.h): escaping into a
 * bounded buffer, and the CLI's JSON captured in-process.
 */
#include "web/page.h"
#include "web/web.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <getopt.h>

void page_raw(struct page *p, const char *s)
{
    struct err err = ERR_INIT;
    if (!p->failed && buf_append(&p->html, s, strlen(s), &err))
        p->failed = 1;
}

void page_esc(struct page *p, const char *s)
{
    char chunk[512];
    size_t n = 0;
    for (; s && *s; s++) {
        const char *rep = *s == '&' ? "&amp;" : *s == '<' ? "&lt;"
            : *s == '>' ? "&gt;" : *s == '"' ? "&quot;"
            : *s == '\'' ? "&#39;" : NULL;
        size_t len = rep ? strlen(rep) : 1;
        if (n + len >= sizeof chunk) {
            chunk[n] = '\0';
            page_raw(p, chunk);
            n = 0;
        }
        memcpy(chunk + n, rep ? rep : s, len);
        n += len;
    }
    chunk[n] = '\0';
    page_raw(p, chunk);
}

void page_fmt(struct page *p, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof text)
        p->failed = 1;
    else
        page_raw(p, text);
}

void page_json_text(struct page *p, const json_t *v)
{
    if (json_is_string(v)) {
        page_esc(p, json_string_value(v));
        return;
    }
    char *text = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    page_esc(p, text ? text : "");
    free(text);
}

void page_csrf(struct page *p)
{
    page_raw(p, "<input type=\"hidden\" name=\"csrf\" value=\"");
    page_esc(p, p->csrf);
    page_raw(p, "\">");
}

void page_error(struct page *p, const char *what)
{
    page_raw(p, "<p class=\"error\">");
    page_esc(p, what);
    page_raw(p, ": ");
    page_esc(p, p->errmsg[0] ? p->errmsg : "failed");
    page_fmt(p, " (exit status %d)</p>", p->status);
}

struct page_entry {
    const char *name;
    void (*build)(struct page *p);
};

static const struct page_entry pages[] = {
    {"queue", page_queue},         {"runs", page_runs},
    {"run", page_run},             {"campaigns", page_campaigns},
    {"campaign", page_campaign},   {"ledger", page_ledger},
};

int web_page(int argc, char **argv, int (*run)(int argc, char **argv))
{
    struct page p = {.run = run, .csrf = argc > 2 ? argv[2] : "",
                     .seq = argc > 3 ? argv[3] : "0",
                     .arg = argc > 4 ? argv[4] : ""};
    const struct page_entry *e = NULL;
    for (size_t i = 0; argc > 1 && i < sizeof pages / sizeof pages[0]; i++)
        if (!strcmp(argv[1], pages[i].name))
            e = &pages[i];
    if (!e || argc > 5)
        return fprintf(stderr, "steward: %s PAGE CSRF SEQ [ARG] is internal "
                       "to the web page\n", WEB_PAGE_CMD), 1;
    buf_init(&p.html, PAGE_HTML_MAX);
    e->build(&p);
    int rc = p.failed ? 3 : p.status && p.notfound ? WEB_PAGE_NOTFOUND
                                                   : p.status;
    if (!p.failed)
        fwrite(p.html.data ? p.html.data : "", 1, p.html.len, stdout);
    buf_free(&p.html);
    return rc;
}

/* A titled definition list of obj's members (nothing when empty). */
void page_pairs(struct page *p, const char *title, const json_t *obj)
{
    const char *k;
    const json_t *v;
    if (!json_is_object(obj) || !json_object_size(obj))
        return;
    page_raw(p, "<h2>");
    page_esc(p, title);
    page_raw(p, "</h2><dl class=\"pairs\">");
    json_object_foreach((json_t *)obj, k, v) {
        page_raw(p, "<dt>");
        page_esc(p, k);
        page_raw(p, "</dt><dd>");
        page_json_text(p, v);
        page_raw(p, "</dd>");
    }
    page_raw(p, "</dl>");
}
