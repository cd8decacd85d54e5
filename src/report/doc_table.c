/*
 * doc_table — tables and figures of a doc (see doc.h). A Markdown table
 * row is one line: escape_md turns line breaks into spaces and escapes
 * '|', so no cell can add a column or a row.
 */
#include "report/doc.h"
#include "report/escape.h"

#include <string.h>

static void raw(struct doc *d, struct buf *b, const char *s)
{
    if (!d->rc)
        d->rc = buf_append(b, s, strlen(s), d->err);
}

static void cell(struct doc *d, const char *tag, const char *t)
{
    raw(d, &d->html, tag[1] == 'h' ? "<th>" : "<td>");
    raw(d, &d->md, " ");
    if (!d->rc)
        d->rc = escape_md(&d->md, t, d->err);
    if (!d->rc)
        d->rc = escape_html(&d->html, t, d->err);
    raw(d, &d->html, tag[1] == 'h' ? "</th>" : "</td>");
    raw(d, &d->md, " |");
}

void doc_table_begin(struct doc *d, const char *const *heads)
{
    d->heads = heads;
    d->ncols = 0;
    while (heads[d->ncols])
        d->ncols++;
}

/* The head is written with the first row: a table without rows is not
 * drawn at all (the section's sentence says there is nothing). */
static void table_head(struct doc *d)
{
    raw(d, &d->html, "<table>\n<thead><tr>");
    raw(d, &d->md, "|");
    for (int i = 0; i < d->ncols; i++)
        cell(d, "th", d->heads[i]);
    raw(d, &d->html, "</tr></thead>\n<tbody>\n");
    raw(d, &d->md, "\n|");
    for (int i = 0; i < d->ncols; i++)
        raw(d, &d->md, "---|");
    raw(d, &d->md, "\n");
    d->heads = NULL;
}

void doc_row_marked(struct doc *d, const char *const *cells, int marked)
{
    if (d->heads)
        table_head(d);
    else if (!d->ncols)
        return;   /* no table open */
    raw(d, &d->html, marked ? "<tr class=\"mark\">" : "<tr>");
    raw(d, &d->md, "|");
    for (int i = 0; i < d->ncols; i++)
        cell(d, "td", cells[i]);
    raw(d, &d->html, "</tr>\n");
    raw(d, &d->md, "\n");
}

void doc_row(struct doc *d, const char *const *cells)
{
    doc_row_marked(d, cells, 0);
}

void doc_table_end(struct doc *d)
{
    if (!d->heads && d->ncols) {
        raw(d, &d->html, "</tbody></table>\n");
        raw(d, &d->md, "\n");
    }
    d->heads = NULL;
    d->ncols = 0;
}

void doc_figure(struct doc *d, const struct buf *svg, const char *caption)
{
    raw(d, &d->html, "<figure>\n");
    if (!d->rc && svg->len)
        d->rc = buf_append(&d->html, svg->data, svg->len, d->err);
    raw(d, &d->html, "\n<figcaption>");
    raw(d, &d->md, "*Figure: ");
    if (!d->rc)
        d->rc = escape_html(&d->html, caption, d->err);
    if (!d->rc)
        d->rc = escape_md(&d->md, caption, d->err);
    raw(d, &d->html, "</figcaption>\n</figure>\n");
    raw(d, &d->md, " (drawn in report.html)*\n\n");
}
