/*
 * promotion — the report's seam to the promotion module (issue 22's other
 * half): one function that says where a campaign's candidates stand —
 * the card of the latest promotion of a candidate made from one of its
 * runs (src/promote/), or NULL, rendered "no promotion requested".
 */
#ifndef STEWARD_REPORT_PROMOTION_H
#define STEWARD_REPORT_PROMOTION_H

#include "api/api.h"

/* A JSON object describing the promotion state of campaign's candidates,
 * or NULL when none was requested. Rendered as: "state" (a line), then
 * "gates": [{"gate", "met": bool, "why"}] and "approvals": [{"by",
 * "time_ms"}] as tables, and any other top-level string or number as a
 * "key: value" line. The caller owns the result. */
json_t *report_promotion_json(struct steward *s, const char *campaign);

#endif
