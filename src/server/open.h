/* open — the login URL of `steward open` (see open.c). */
#ifndef STEWARD_SERVER_OPEN_H
#define STEWARD_SERVER_OPEN_H

#include "server/server_int.h"

/* {"url", "person", "valid_s"} for the human at uid (or holding token). */
int open_login_url(struct endpoint *ep, uid_t uid, const char *token,
                   json_t **out, struct err *err) MUST_USE;

#endif
