/*
 * escape — text from agents made harmless on its way into a report.
 *
 * Everything an agent wrote (names, rationales, params, log lines, tags)
 * is untrusted. In HTML it is entity-escaped (& < > " '), so it can never
 * open a tag or leave an attribute. In Markdown, which renderers may pass
 * raw HTML through, the characters that start markup (< > & ` | * _ [ ]
 * \ #) are backslash-escaped or spelled as entities, and line breaks become
 * spaces, so a value stays one cell of one table row.
 */
#ifndef STEWARD_REPORT_ESCAPE_H
#define STEWARD_REPORT_ESCAPE_H

#include <stddef.h>
#include "core/buf.h"

/* Appends text (NULL: "") HTML-escaped to b. */
int escape_html(struct buf *b, const char *text, struct err *err) MUST_USE;
/* Appends text (NULL: "") Markdown-escaped to b, on one line. */
int escape_md(struct buf *b, const char *text, struct err *err) MUST_USE;

#endif
