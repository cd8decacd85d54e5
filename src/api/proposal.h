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
/* The proposal an experiment's JSON (as from steward_show) describes;
 * argv (max entries + 1) holds the command. Borrows from exp. */
void proposal_from_json(const json_t *exp, struct proposal *p, char **argv,
                        size_t max);

/* 1 with a message in out when the command cannot be found (argv[0] in
 * the working directory, or in PATH): a warning for the reviewer, not a
 * refusal, since the file may still appear before the run starts. */
int proposal_command_warning(const struct proposal *p, char *out, size_t n);

#endif
