/* envelope — campaign envelope membership of a proposal; see envelope.c. */
#ifndef STEWARD_API_ENVELOPE_H
#define STEWARD_API_ENVELOPE_H

#include <sqlite3.h>
#include "api/api.h"

struct envelope_verdict {
    int inside;         /* inside an approved envelope */
    int novel;          /* the campaign has no approved envelope yet */
    char reason[256];   /* why, either way */
};

/* Checks p (whose campaign is set) against its campaign; id is the
 * proposal's own experiment id (not counted as used). ERR_USER for an
 * unknown campaign. */
int envelope_check(sqlite3 *db, const struct proposal *p, int64_t id,
                   struct envelope_verdict *v, struct err *err) MUST_USE;

#endif
