/*
 * server_int — what the server's files share: the server object, its
 * endpoints (one libmicrohttpd daemon per listening socket) and the pieces
 * each file owns.
 */
#ifndef STEWARD_SERVER_INT_H
#define STEWARD_SERVER_INT_H

#include <pthread.h>
#include <sys/types.h>
#include <jansson.h>
#include "api/api.h"
#include "server/server.h"

#define SERVER_AGENTS_MAX 32
#define HTTP_POOL_THREADS 2   /* TCP polling threads (the bench uses as many) */

/* One listening socket. agent[0] == '\0': the humans' socket. */
struct endpoint {
    struct server *srv;
    struct MHD_Daemon *daemon;
    int fd;
    char agent[64];
    int tcp;              /* a TCP listener: bearer tokens only */
    int tls;              /* served over TLS (--tls-cert/--tls-key) */
    char *tls_cert, *tls_key;   /* their PEM text, or NULL */
    int pooled;           /* a few polling threads, not one per connection:
                             commands run off them (rest.c) */
    char path[API_PATH_MAX];
};

struct server {
    char root[API_PATH_MAX];
    char home[API_PATH_MAX];
    int wake_fd;                 /* eventfd: the dispatcher looks again */
    int quiet;
    dispatch_progress_fn progress;   /* serve's caller's, chained */
    void *progress_ctx;
    struct endpoint owner;
    struct endpoint web;         /* --listen ADDR:PORT, or fd -1 */
    pthread_mutex_t lock;        /* guards agents[] */
    struct endpoint *agents[SERVER_AGENTS_MAX];
};

/* listen.c: binds a Unix socket at path (mode 0666: the peer's
 * credentials decide, not the file mode). A stale socket nobody answers
 * on is replaced; a live one is an error. */
int server_listen(const char *path, int *fd, struct err *err) MUST_USE;
/* Listens on TCP at "ADDR:PORT"; only loopback addresses unless tls. */
int server_listen_tcp(const char *spec, int tls, int *fd,
                      struct err *err) MUST_USE;

/* tls.c: reads the PEM files (both or neither) into ep. */
int tls_load(struct endpoint *ep, const char *cert, const char *key,
             struct err *err) MUST_USE;
void tls_release(struct endpoint *ep);

/* http.c: starts and stops an endpoint's daemon. */
int endpoint_start(struct endpoint *ep, struct err *err) MUST_USE;
void endpoint_stop(struct endpoint *ep);

/* exec.c: the response that runs argv (a request body) as a command. */
struct MHD_Response *exec_response(struct server *srv, json_t *request,
                                   struct err *err);
/* Starts the command of a request (JSON text) in a child: *pid, and its
 * stdout and stderr in fd[0], fd[1] (the caller closes them and reaps
 * the child with exec_end, which returns its exit status). */
int exec_begin(const char *text, pid_t *pid, int fd[2],
               struct err *err) MUST_USE;
int exec_end(pid_t pid);
/* Starts children ahead of requests; ends them (at shutdown). */
void exec_pool_fill(void);
void exec_pool_drain(void);

/* child.c: 1 when a child would refuse to stand where the request's
 * cwd is (real: its real path, "" when it has none). */
int request_stands_outside(const json_t *req, char *real);

/* reads.c: answers a request in the server's process when it can. *text
 * (malloc'd, *len bytes) is what the command printed, exit status 0; -1
 * leaves the request to a child. */
void reads_start(const char *home, server_read_fn answer);
void reads_stop(void);
int reads_answer(const json_t *req, char **text, size_t *len);

/* agents.c */
int agents_begin(struct server *srv, struct steward *s, const char *name,
                 json_t **out, struct err *err) MUST_USE;
int agents_end(struct server *srv, struct steward *s, const char *name,
               const char *outcome, struct err *err) MUST_USE;
int agents_restore(struct server *srv, struct steward *s,
                   struct err *err) MUST_USE;
void agents_stop_all(struct server *srv);

/* Wakes the dispatcher. */
void server_wake(struct server *srv);
/* changes.c: something changed (mutated: the state did), so the cached
 * status is stale and long polls may answer. */
void server_changed(struct server *srv, int mutated);

#endif
