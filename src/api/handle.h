/*
 * handle — the inside of an opened project, for the library's own modules
 * (api, campaign, dispatch). Front ends (cli, server, client, agent, mcp)
 * never include this: they see operations and JSON (api.h).
 */
#ifndef STEWARD_API_HANDLE_H
#define STEWARD_API_HANDLE_H

#include <sqlite3.h>
#include <stdint.h>
#include <sys/stat.h>
#include "api/api.h"

struct steward {
    sqlite3 *db;
    char root[API_PATH_MAX];   /* the project directory */
    char home[API_PATH_MAX];   /* its .steward directory */
    struct principal who;
    /* The policy's expiry periods, read again when its file changes: a
     * handle the server keeps checks expiry on every request. */
    struct expiry_periods {
        struct timespec mtime;
        dev_t dev;
        ino_t ino;
        off_t size;
        int64_t review_s, approval_s;
        int known;
    } expiry;
};

#endif
