/* expire — pending reviews and unused approvals expire; see expire.c. */
#ifndef STEWARD_API_EXPIRE_H
#define STEWARD_API_EXPIRE_H

#include "api/api.h"

int expire_stale(struct steward *s, struct err *err) MUST_USE;

#endif
