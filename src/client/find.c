/* find — which server, if any, this process talks to; see client.h. */
#include "client/client.h"
#include "server/wire.h"
#include "core/unixsock.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static int exists(const char *dir, const char *name)
{
    char p[PATH_MAX];
    struct stat st;
    return (size_t)snprintf(p, sizeof p, "%s/%s", dir, name) < sizeof p &&
           lstat(p, &st) == 0;
}

/* The project root: $STEWARD_HOME's parent, else the nearest directory
 * up from here holding .steward. */
static int project_root(char *root, size_t n)
{
    const char *home = getenv("STEWARD_HOME");
    if (home && *home) {
        if (!realpath(home, root))
            return -1;
        char *slash = strrchr(root, '/');
        if (slash && slash != root)
            *slash = '\0';
        return 0;
    }
    if (!getcwd(root, n))
        return -1;
    for (;;) {
        if (exists(root, ".steward"))
            return 0;
        char *slash = strrchr(root, '/');
        if (!slash || slash == root)
            return exists("/", ".steward") ? (root[1] = '\0', 0) : -1;
        *slash = '\0';
    }
}

int client_find(char *path, size_t n, struct err *err)
{
    const char *env = getenv("STEWARD_SOCKET");
    char root[PATH_MAX];
    if (env && *env) {
        if ((size_t)snprintf(path, n, "%s", env) >= n)
            return err_set(err, ERR_USER, "STEWARD_SOCKET is too long");
        if (unix_answers(path))
            return 1;
        return err_set(err, ERR_INTERNAL, "STEWARD_SOCKET=%s: no steward "
                       "server answers there (%s); start 'steward serve' or "
                       "unset STEWARD_SOCKET", env, strerror(errno));
    }
    if (project_root(root, sizeof root) < 0)
        return 0;
    if ((size_t)snprintf(path, n, "%s/%s", strcmp(root, "/") ? root : "",
                         WIRE_SOCKET_NAME) >= n)
        return 0;
    return unix_answers(path);
}
