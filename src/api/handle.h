/*
 * handle — the inside of an opened project, for the library's own modules
 * (api, campaign, dispatch). Front ends (cli, server, client, agent, mcp)
 * never include this: they see operations and JSON (api.h).
 */
#ifndef STEWARD_API_HANDLE_H
#define STEWARD_API_HANDLE_H

#include <sqlite3.h>
#include "api/api.h"

struct steward {
    sqlite3 *db;
    char root[API_PATH_MAX];   /* the project directory */
    char home[API_PATH_MAX];   /* its .steward directory */
    struct principal who;
};

#endif
