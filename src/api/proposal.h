/* proposal — validation and content hashing of proposals (internal). */
#ifndef STEWARD_API_PROPOSAL_H
#define STEWARD_API_PROPOSAL_H

#include "api/api.h"

/* Fills resources left 0 from the project's policy (`default`), or the
 * built-in table when it has none or cannot be read. */
void proposal_fill_defaults(const char *home, struct proposal *p);
int proposal_check(const struct proposal *p, struct err *err) MUST_USE;
json_t *proposal_argv_json(const struct proposal *p);
/* The reviewed content; tags and params must be set (possibly empty). */
json_t *proposal_content(const struct proposal *p);
int proposal_hash(const json_t *content, char out[65]);

#endif
