/*
 * doc — one report written twice at once: Markdown and self-contained
 * HTML, from the same calls, so the two can never say different things.
 *
 * Every text a caller passes is escaped (escape.h): section code never
 * decides what is trusted. Only figures (SVG built by svg.c, which escapes
 * its own labels) enter the HTML raw. Errors are sticky: after the first
 * failure (a buffer reached its cap) every call does nothing, and
 * doc_status() reports it, so a section reads as a list of calls.
 *
 * The HTML carries a Content-Security-Policy that allows no script, no
 * external resource and no form: inline CSS, inline SVG, nothing else.
 */
#ifndef STEWARD_REPORT_DOC_H
#define STEWARD_REPORT_DOC_H

#include "core/buf.h"

#define DOC_MAX (32u << 20)  /* each of the two outputs */
#define DOC_CSP "default-src 'none'; style-src 'unsafe-inline'; " \
                "img-src data:; form-action 'none'; base-uri 'none'"

struct doc {
    struct buf md, html;
    struct err *err;
    int rc;
    int ncols;   /* the open table's */
    const char *const *heads;   /* its head, until the first row */
};

void doc_init(struct doc *d, struct err *err);
void doc_free(struct doc *d);
/* The page's head (title, CSP, CSS) and its first heading; doc_end closes. */
void doc_begin(struct doc *d, const char *title);
void doc_end(struct doc *d);
int doc_status(const struct doc *d) MUST_USE;

void doc_section(struct doc *d, const char *id, const char *title);
void doc_para(struct doc *d, const char *text);
void doc_paraf(struct doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A "key: value" line of a list (doc_list_begin ... doc_list_end). */
void doc_list_begin(struct doc *d);
void doc_item(struct doc *d, const char *key, const char *value);
void doc_list_end(struct doc *d);
/* heads is NULL-terminated; each row has as many cells. A table that
 * gets no row is not written. */
void doc_table_begin(struct doc *d, const char *const *heads);
void doc_row(struct doc *d, const char *const *cells);
void doc_row_marked(struct doc *d, const char *const *cells, int marked);
void doc_table_end(struct doc *d);
/* An SVG figure (HTML) and its caption; Markdown says where to look. */
void doc_figure(struct doc *d, const struct buf *svg, const char *caption);

#endif
