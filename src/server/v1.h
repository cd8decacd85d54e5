/* v1 — the JSON routes of /api/v1/ (see v1.c). */
#ifndef STEWARD_SERVER_V1_H
#define STEWARD_SERVER_V1_H

#include "server/rest.h"

#include <microhttpd.h>

/* Starts answering (who taken): rq ends RQ_DONE with its answer, or
 * RQ_WORKING / RQ_WAITING with c suspended until it has one. */
void v1_begin(struct endpoint *ep, struct MHD_Connection *c, const char *url,
              const char *method, struct request *rq, json_t *who);

/* GET /api/v1/status on TCP, from memory. Queues the answer, or leaves
 * rq RQ_DONE with a refusal to send. */
enum MHD_Result v1_status(struct endpoint *ep, struct MHD_Connection *c,
                          const char *token, struct request *rq);

#endif
