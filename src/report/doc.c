/*
 * doc — see doc.h. The raw markup below is ours; every caller's text goes
 * through escape_md / escape_html.
 */
#include "report/doc.h"
#include "report/escape.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char css[] =
    "body{font:15px/1.45 system-ui,sans-serif;max-width:980px;margin:0 auto;"
    "padding:1em;color:#1d2329;background:#fff}"
    "h1{font-size:1.6em;border-bottom:2px solid #2b6cb0}"
    "h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #d0d7de}"
    "table{border-collapse:collapse;margin:.6em 0;display:block;"
    "overflow-x:auto;max-width:100%}"
    "th,td{border:1px solid #d0d7de;padding:.25em .5em;text-align:left;"
    "vertical-align:top;overflow-wrap:break-word}"
    "th{background:#f3f5f7}tr.mark td{background:#fff4cc;font-weight:600}"
    "figure{margin:.8em 0}svg.plot{max-width:100%;height:auto;"
    "border:1px solid #d0d7de;background:#fcfdfe}"
    "figcaption{font-size:.9em;color:#57606a}"
    "ul.kv{padding-left:1.2em}.note{color:#57606a}"
    "svg text{font-size:11px;fill:#333}svg text.title{font-size:13px;"
    "font-weight:600}svg text.axis{font-size:12px}";

void doc_init(struct doc *d, struct err *err)
{
    buf_init(&d->md, DOC_MAX);
    buf_init(&d->html, DOC_MAX);
    d->err = err;
    d->rc = 0;
    d->ncols = 0;
    d->heads = NULL;
}

void doc_free(struct doc *d)
{
    buf_free(&d->md);
    buf_free(&d->html);
}

int doc_status(const struct doc *d)
{
    return d->rc;
}

static void md(struct doc *d, const char *raw)
{
    if (!d->rc)
        d->rc = buf_append(&d->md, raw, strlen(raw), d->err);
}

static void html(struct doc *d, const char *raw)
{
    if (!d->rc)
        d->rc = buf_append(&d->html, raw, strlen(raw), d->err);
}

/* text, escaped, into both outputs. */
static void text(struct doc *d, const char *t)
{
    if (!d->rc)
        d->rc = escape_md(&d->md, t, d->err);
    if (!d->rc)
        d->rc = escape_html(&d->html, t, d->err);
}

void doc_begin(struct doc *d, const char *title)
{
    html(d, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "\n<meta http-equiv=\"Content-Security-Policy\" content=\""
            DOC_CSP "\">\n<meta name=\"viewport\" content=\"width=device-"
            "width, initial-scale=1\">\n<meta name=\"referrer\" "
            "content=\"no-referrer\">\n<title>");
    if (!d->rc)
        d->rc = escape_html(&d->html, title, d->err);
    html(d, "</title>\n<style>");
    html(d, css);
    html(d, "</style></head>\n<body>\n<h1>");
    md(d, "# ");
    text(d, title);
    html(d, "</h1>\n");
    md(d, "\n\n");
}

void doc_end(struct doc *d)
{
    html(d, "</body></html>\n");
}

void doc_section(struct doc *d, const char *id, const char *title)
{
    html(d, "<h2 id=\"");
    html(d, id);   /* ids are ours: fixed section names */
    html(d, "\">");
    md(d, "## ");
    text(d, title);
    html(d, "</h2>\n");
    md(d, "\n\n");
}

void doc_para(struct doc *d, const char *t)
{
    html(d, "<p>");
    text(d, t);
    html(d, "</p>\n");
    md(d, "\n\n");
}

void doc_paraf(struct doc *d, const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 && !d->rc)
        d->rc = err_set(d->err, ERR_INTERNAL, "formatting a report line");
    if (n >= (int)sizeof line)   /* a longer line is cut, and says so */
        memcpy(line + sizeof line - 4, "...", 4);
    doc_para(d, line);
}

void doc_list_begin(struct doc *d)
{
    html(d, "<ul class=\"kv\">\n");
}

void doc_item(struct doc *d, const char *key, const char *value)
{
    html(d, "<li><b>");
    md(d, "- **");
    text(d, key);
    html(d, "</b>: ");
    md(d, "**: ");
    text(d, value);
    html(d, "</li>\n");
    md(d, "\n");
}

void doc_list_end(struct doc *d)
{
    html(d, "</ul>\n");
    md(d, "\n");
}
