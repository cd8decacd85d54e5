/* listen — the server's Unix sockets; see server_int.h. */
#include "server/server_int.h"
#include "core/unixsock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
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

/* Removes a socket left by a server that died; refuses anything else. */
static int clear_stale(const char *path, struct err *err)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return errno == ENOENT ? 0 : err_errno(err, "%s", path);
    if (!S_ISSOCK(st.st_mode))
        return err_set(err, ERR_USER, "%s exists and is not a socket; move "
                       "it away before starting the server", path);
    if (unix_answers(path))
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

/* "127.0.0.1:8470" or "[::1]:8470". */
static int split_spec(const char *spec, char *host, size_t n, long *port)
{
    const char *colon = strrchr(spec, ':');
    char *end;
    if (!colon || colon == spec)
        return -1;
    size_t len = (size_t)(colon - spec);
    if (spec[0] == '[' && colon[-1] == ']')
        spec++, len -= 2;
    if (len >= n)
        return -1;
    memcpy(host, spec, len);
    host[len] = '\0';
    *port = strtol(colon + 1, &end, 10);
    return *end || *port < 1 || *port > 65535 ? -1 : 0;
}

static int loopback(const struct sockaddr *a)
{
    if (a->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)a)->sin_addr.s_addr) >>
                24) == 127;
    return a->sa_family == AF_INET6 &&
           IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)a)->sin6_addr);
}

int server_listen_tcp(const char *spec, int tls, int *fd, struct err *err)
{
    char host[256], port_s[16];
    long port;
    struct addrinfo hints = {0}, *ai = NULL;
    if (split_spec(spec, host, sizeof host, &port) < 0)
        return err_set(err, ERR_USER, "--listen wants ADDR:PORT such as "
                       "127.0.0.1:8470, not '%s'", spec);
    snprintf(port_s, sizeof port_s, "%ld", port);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    if (getaddrinfo(host, port_s, &hints, &ai) != 0 || !ai)
        return err_set(err, ERR_USER, "--listen %s: not a numeric address",
                       spec);
    int rc = tls || loopback(ai->ai_addr) ? 0 : err_set(err, ERR_USER,
             "--listen %s: only loopback addresses without TLS: tokens and "
             "session cookies would cross the network in clear. Give "
             "--tls-cert FILE --tls-key FILE, or listen on 127.0.0.1 behind "
             "a TLS reverse proxy (docs/web.md)", spec);
    int one = 1;
    *fd = rc ? -1 : socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (!rc && (*fd < 0 ||
                setsockopt(*fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
                bind(*fd, ai->ai_addr, ai->ai_addrlen) < 0 ||
                listen(*fd, 64) < 0))
        rc = err_errno(err, "listening on %s", spec);
    if (rc && *fd >= 0) {
        close(*fd);
        *fd = -1;
    }
    freeaddrinfo(ai);
    return rc;
}
