/* pages — the web page's routes (see pages.c). */
#ifndef STEWARD_SERVER_PAGES_H
#define STEWARD_SERVER_PAGES_H

#include "server/rest.h"

#include <microhttpd.h>

/* Any route outside /api/ on the TCP endpoint. */
enum MHD_Result pages_route(struct endpoint *ep, struct MHD_Connection *c,
                            const char *url, const char *method,
                            struct request *rq);
/* static.c: GET /static/NAME. */
enum MHD_Result pages_static(struct MHD_Connection *c, const char *name);

#endif
