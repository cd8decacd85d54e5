/* changes — change sequence, cached status, long polls (see changes.c). */
#ifndef STEWARD_SERVER_CHANGES_H
#define STEWARD_SERVER_CHANGES_H

#include "server/rest.h"

#include <microhttpd.h>

#define CHANGES_MAX_AGE_MS 2000    /* the summary's age while it is read */
#define CHANGES_POLL_MS 25000      /* a long poll's longest wait */
#define CHANGES_STATUS_LIMIT "100" /* experiments in the summary */

int changes_start(struct server *srv, struct err *err) MUST_USE;
void changes_stop(void);
/* Queues the cached `status --json` on c; MHD_NO when there is none. */
enum MHD_Result changes_queue_status(struct MHD_Connection *c);
long long changes_seq(void);
/* Answers rq (since set) now or when the sequence passes rq->since. */
void changes_poll(struct request *rq, struct MHD_Connection *c, int pooled);

#endif
