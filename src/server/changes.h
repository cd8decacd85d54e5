/* changes — change sequence, cached status, long polls (see changes.c). */
#ifndef STEWARD_SERVER_CHANGES_H
#define STEWARD_SERVER_CHANGES_H

#include "server/rest.h"

#define CHANGES_MAX_AGE_MS 2000    /* the summary's age while it is read */
#define CHANGES_POLL_MS 25000      /* a long poll's longest wait */
#define CHANGES_STATUS_LIMIT "100" /* experiments in the summary */

int changes_start(struct server *srv, struct err *err) MUST_USE;
void changes_stop(void);
/* The cached `status --json` (malloc'd copy) or NULL. */
char *changes_status(size_t *len);
long long changes_seq(void);
/* Answers rq (since set) now or when the sequence passes rq->since. */
void changes_poll(struct request *rq, struct MHD_Connection *c, int pooled);

#endif
