/*
 * server — `steward serve`: the one process that owns a project's state.
 *
 * While it runs, no other process opens .steward/: every front end is its
 * client over HTTP+JSON on a Unix socket (wire.h). The server decides the
 * principal of each request from what the kernel says about the peer
 * (SO_PEERCRED uid, mapped through the people table) or from the socket
 * itself (an agent session's socket is agent:NAME whatever is sent), never
 * from what the client claims. It also hosts the dispatcher, woken when a
 * request may have approved work.
 *
 * Threads: the dispatcher runs on the main thread; libmicrohttpd serves
 * each connection on a thread of its own, which starts a fresh exec of
 * steward for a command (posix_spawn: nothing of the server's memory or
 * SQLite connections is shared with it) and streams its output back.
 */
#ifndef STEWARD_SERVER_SERVER_H
#define STEWARD_SERVER_SERVER_H

#include <stdio.h>
#include "api/api.h"
#include "dispatch/dispatch.h"

/* A read the server may answer from its own open handle: prints on out
 * what the command argv would print and returns 0, or -1 to leave the
 * request to a request child (reads.c). */
typedef int (*server_read_fn)(struct steward *s, int argc, char **argv,
                              FILE *out);

struct server_opts {
    const char *socket;   /* NULL = <project>/.steward.sock */
    const char *listen;   /* "127.0.0.1:8470": also TCP (tokens only) */
    const char *tls_cert; /* PEM files: --listen speaks HTTPS, and may */
    const char *tls_key;  /* then be a non-loopback address */
    int slots;            /* runs at once */
    int quiet;            /* no progress lines */
    dispatch_progress_fn progress;   /* a line per run started and ended */
    void *progress_ctx;
    server_read_fn answer_read;   /* NULL: every command in a child */
};

/* Serves until SIGINT or SIGTERM. */
int server_run(struct steward *s, const struct server_opts *o,
               struct err *err) MUST_USE;

/* The request child's entry point (`steward __exec`, spawned by the
 * server): reads its request from fd 3 and runs the command. Returns the
 * exit status. run(argc, argv) runs one CLI command. */
int server_exec_child(int (*run)(int argc, char **argv));

#endif
