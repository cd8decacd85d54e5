/* collect — a request child's whole output (see collect.c). */
#ifndef STEWARD_SERVER_COLLECT_H
#define STEWARD_SERVER_COLLECT_H

#include <jansson.h>
#include "core/buf.h"
#include "core/err.h"

#define COLLECT_MAX (16u << 20)   /* per stream */

struct collected {
    struct buf out, errs;
    int status;      /* the command's exit status */
    int truncated;   /* a stream went over COLLECT_MAX */
};

void collected_init(struct collected *c);
void collected_release(struct collected *c);

/* Runs request (as for /api/v1/exec: who, argv, cwd, home, root, files)
 * in a request child and waits for its end. */
int collect_run(json_t *request, struct collected *out,
                struct err *err) MUST_USE;

#endif
