/*
 * comparisons — reading back the comparisons `steward compare` stored
 * (groups.c writes them), for reports and, later, promotion gates.
 */
#ifndef STEWARD_API_COMPARISONS_H
#define STEWARD_API_COMPARISONS_H

#include "api/api.h"

/* Every stored comparison, oldest first: [{"id", "a", "b", "principal",
 * "created_ms", "result": the JSON `steward compare --json` printed}].
 * Needs the read grant, as the runs compared do. */
int steward_comparisons(struct steward *s, json_t **out,
                        struct err *err) MUST_USE;

#endif
