/* tokens — a bearer token's role, remembered briefly (see tokens.c). */
#ifndef STEWARD_SERVER_TOKENS_H
#define STEWARD_SERVER_TOKENS_H

#include <stddef.h>
#include "api/api.h"

/* role gets the token's role; -1 when the token is nobody's. */
int tokens_role(const char *home, const char *token, char *role,
                size_t n) MUST_USE;

#endif
