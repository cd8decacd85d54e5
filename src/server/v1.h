/* v1 — the JSON routes of /api/v1/ (see v1.c). */
#ifndef STEWARD_SERVER_V1_H
#define STEWARD_SERVER_V1_H

#include "server/rest.h"

/* Starts answering (who taken): rq ends RQ_DONE with its answer, or
 * RQ_WORKING / RQ_WAITING with c suspended until it has one. */
void v1_begin(struct endpoint *ep, struct MHD_Connection *c, const char *url,
              const char *method, struct request *rq, json_t *who);

#endif
