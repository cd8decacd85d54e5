/* quorum — the two-person rule for reviews; see quorum.c. */
#ifndef STEWARD_API_QUORUM_H
#define STEWARD_API_QUORUM_H

#include "api/api.h"

/* Checks that the principal's approval of id counts; *reached says
 * whether it is the last one needed (*have of *need). */
int quorum_approve(struct steward *s, int64_t id, int *reached, int *have,
                   int *need, struct err *err) MUST_USE;

#endif
