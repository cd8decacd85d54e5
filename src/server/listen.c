/* listen — the server's Unix sockets; see server_int.h. */
#include "server/server_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static int fill_addr(const char *path, struct sockaddr_un *a)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof a->sun_path)
        return -1;
    memcpy(a->sun_path, path, strlen(path) + 1);
    return 0;
}

int server_socket_live(const char *path)
{
    struct sockaddr_un a;
    if (fill_addr(path, &a))
        return 0;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    int live = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return live;
}

/* Removes a socket left by a server that died; refuses anything else. */
static int clear_stale(const char *path, struct err *err)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return errno == ENOENT ? 0 : err_errno(err, "%s", path);
    if (!S_ISSOCK(st.st_mode))
        return err_set(err, ERR_USER, "%s exists and is not a socket; move "
                       "it away before starting the server", path);
    if (server_socket_live(path))
        return err_set(err, ERR_CONFLICT, "a steward server already answers "
                       "on %s; stop it first", path);
    return unlink(path) < 0 ? err_errno(err, "removing stale %s", path) : 0;
}

int server_listen(const char *path, int *fd, struct err *err)
{
    struct sockaddr_un a;
    if (fill_addr(path, &a))
        return err_set(err, ERR_USER, "socket path too long (%zu bytes, "
                       "at most %zu): %s", strlen(path),
                       sizeof a.sun_path - 1, path);
    int rc = clear_stale(path, err);
    if (rc)
        return rc;
    *fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (*fd < 0)
        return err_errno(err, "socket");
    if (bind(*fd, (struct sockaddr *)&a, sizeof a) < 0 ||
        chmod(path, 0666) < 0 || listen(*fd, 64) < 0) {
        rc = err_errno(err, "listening on %s", path);
        close(*fd);
        *fd = -1;
    }
    return rc;
}
