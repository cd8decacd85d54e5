/*
 * page — what every page shares: the HTML being built (a bounded buffer
 * with a sticky error), escaping, the layout, and the CLI's JSON.
 */
#ifndef STEWARD_WEB_PAGE_H
#define STEWARD_WEB_PAGE_H

#include <jansson.h>
#include "core/buf.h"

#define PAGE_HTML_MAX (8u << 20)
#define PAGE_JSON_MAX (16u << 20)

struct page {
    struct buf html;
    int failed;                  /* the HTML outgrew its cap */
    int status;                  /* exit status: the worst command's */
    char errmsg[256];            /* what the failing command said */
    int notfound;                /* it said not_found */
    const char *csrf;            /* this page's one-time form token */
    const char *seq;             /* the server's change sequence */
    const char *arg;             /* the page's parameter, or "" */
    int (*run)(int argc, char **argv);
};

/* Appends text as is (markup of ours). */
void page_raw(struct page *p, const char *s);
/* Appends text escaped for element content and quoted attributes. */
void page_esc(struct page *p, const char *s);
/* printf into the page; only for numbers and our own markup. */
void page_fmt(struct page *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A JSON value as escaped text (strings bare, the rest compact JSON). */
void page_json_text(struct page *p, const json_t *v);
/* <h2>title</h2> and a definition list of obj's members, escaped;
 * nothing when obj is empty. */
void page_pairs(struct page *p, const char *title, const json_t *obj);
/* The hidden CSRF field every form carries. */
void page_csrf(struct page *p);

/* Runs a CLI command (NULL-terminated argv, "--json" included) in this
 * process and returns what it printed as JSON (JSON lines as an array),
 * or NULL with p->status set to its exit status. */
json_t *page_cli(struct page *p, ...) __attribute__((sentinel));

/* The layout around a page's main content. */
void page_begin(struct page *p, const char *title);
void page_end(struct page *p);
/* An error box for a command that failed. */
void page_error(struct page *p, const char *what);

/* The pages, one file each. */
void page_queue(struct page *p);
void page_runs(struct page *p);
void page_run(struct page *p);
void page_campaigns(struct page *p);
void page_campaign(struct page *p);
void page_ledger(struct page *p);

/* svg.c: a metric's curve as inline SVG. */
void page_svg_curve(struct page *p, const char *name, const json_t *points);

#endif
