/*
 * serve — the server's life: take the project, listen, dispatch, let go.
 *
 * One server per project: a lock on .steward/serve.lock (released by the
 * kernel when the server dies, even by kill -9) keeps a second one out.
 * The humans' socket sits beside .steward/ (default <project>/.steward.sock)
 * so that a 0700 state directory does not hide it; the peer's uid decides
 * what a connection may do, so the socket itself is open to every local
 * user. A server killed with -9 leaves its socket file behind; the next
 * one replaces it once nothing answers there.
 */
#include "server/server_int.h"
#include "server/wire.h"
#include "dispatch/dispatch.h"
#include "server/changes.h"
#include "server/rest.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <unistd.h>

void server_wake(struct server *srv)
{
    uint64_t one = 1;
    ssize_t n = write(srv->wake_fd, &one, sizeof one);
    (void)n;
}

static int take_lock(const char *home, int *fd, struct err *err)
{
    char path[API_PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/serve.lock", home) >=
        sizeof path)
        return err_set(err, ERR_USER, "path too long: %s", home);
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (*fd < 0)
        return err_errno(err, "%s", path);
    if (flock(*fd, LOCK_EX | LOCK_NB) < 0)
        return err_set(err, ERR_CONFLICT, "another 'steward serve' runs for "
                       "this project (it holds %s)", path);
    return 0;
}

static int owner_endpoint(struct server *srv, const char *socket,
                          struct err *err)
{
    struct endpoint *ep = &srv->owner;
    ep->srv = srv;
    ep->fd = -1;
    int n = socket ? snprintf(ep->path, sizeof ep->path, "%s", socket)
                   : snprintf(ep->path, sizeof ep->path, "%s/%s", srv->root,
                              WIRE_SOCKET_NAME);
    if (n < 0 || (size_t)n >= sizeof ep->path)
        return err_set(err, ERR_USER, "socket path too long");
    int rc = server_listen(ep->path, &ep->fd, err);
    return rc ? rc : endpoint_start(ep, err);
}

static int web_endpoint(struct server *srv, const struct server_opts *o,
                        struct err *err)
{
    struct endpoint *ep = &srv->web;
    ep->srv = srv;
    ep->tcp = 1;
    snprintf(ep->path, sizeof ep->path, "%s", o->listen);
    int rc = tls_load(ep, o->tls_cert, o->tls_key, err);
    rc = rc ? rc : server_listen_tcp(o->listen, ep->tls, &ep->fd, err);
    return rc ? rc : endpoint_start(ep, err);
}

/* The dispatcher started or ended a run: news for the page. */
static void on_progress(void *ctx, struct steward *s, int64_t exp,
                        int64_t run, int ended)
{
    struct server *srv = ctx;
    server_changed(srv, 1);
    if (srv->progress)
        srv->progress(srv->progress_ctx, s, exp, run, ended);
}

static int server_init(struct server *srv, struct steward *s,
                       const struct server_opts *o, struct err *err)
{
    memset(srv, 0, sizeof *srv);
    srv->owner.fd = -1;
    srv->web.fd = -1;
    srv->quiet = o->quiet;
    srv->progress = o->progress;
    srv->progress_ctx = o->progress_ctx;
    snprintf(srv->root, sizeof srv->root, "%s", steward_root(s));
    snprintf(srv->home, sizeof srv->home, "%s", steward_home(s));
    pthread_mutex_init(&srv->lock, NULL);
    srv->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (srv->wake_fd < 0)
        return err_errno(err, "eventfd");
    return 0;
}

int server_run(struct steward *s, const struct server_opts *o,
               struct err *err)
{
    struct server srv;
    int lock = -1;
    signal(SIGPIPE, SIG_IGN);
    int rc = server_init(&srv, s, o, err);
    rc = rc ? rc : take_lock(srv.home, &lock, err);
    if (!rc)
        reads_start(srv.home, o->answer_read);
    /* Agents' sockets first: a client that sees the owner's socket
     * (tests, scripts waiting for the server) finds them back too. */
    rc = rc ? rc : agents_restore(&srv, s, err);
    rc = rc ? rc : owner_endpoint(&srv, o->socket, err);
    if (!rc && o->listen)
        rc = web_endpoint(&srv, o, err);
    rc = rc ? rc : changes_start(&srv, err);
    if (!rc)
        exec_pool_fill();
    if (!rc && !o->quiet)
        fprintf(stderr, "steward: serving %s on %s%s%s\n", srv.root,
                srv.owner.path, o->listen ? " and http://" : "",
                o->listen ? o->listen : "");
    struct dispatch_opts d = {.once = 0, .slots = o->slots, .poll_ms = 200,
                              .wake_fd = srv.wake_fd, .quiet = o->quiet,
                              .progress = on_progress,
                              .progress_ctx = &srv};
    rc = rc ? rc : dispatch_run(s, &d, err);
    changes_stop();
    rest_drain();
    agents_stop_all(&srv);
    endpoint_stop(&srv.owner);
    endpoint_stop(&srv.web);
    tls_release(&srv.web);
    exec_pool_drain();
    reads_stop();
    if (srv.wake_fd >= 0)
        close(srv.wake_fd);
    if (lock >= 0)
        close(lock);
    pthread_mutex_destroy(&srv.lock);
    return rc;
}
