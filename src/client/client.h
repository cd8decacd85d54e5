/*
 * client — the CLI's side of `steward serve`.
 *
 * While a server runs for the project, every command that touches the
 * project's state goes through it and the CLI never opens the database
 * (server/wire.h has the protocol). The client is HTTP/1.0 over a Unix
 * socket, one request per connection, written here rather than taken from
 * libcurl: it speaks to one server of ours, and loading libcurl's twenty
 * shared libraries costs more than the whole round trip (docs/design-notes.md).
 */
#ifndef STEWARD_CLIENT_CLIENT_H
#define STEWARD_CLIENT_CLIENT_H

#include <stddef.h>
#include <jansson.h>
#include "core/buf.h"
#include "core/err.h"

/* Finds the server of this process's project: $STEWARD_SOCKET, else
 * .steward.sock beside the nearest .steward/ (or $STEWARD_HOME). Returns
 * 1 with path filled when a server answers there, 0 when none does (direct
 * mode), or a negative code when $STEWARD_SOCKET names a socket nobody
 * answers on (no silent fall back to a database the caller cannot see). */
int client_find(char *path, size_t n, struct err *err) MUST_USE;

/* Runs the command argv[0..argc) on the server, relaying its output to
 * stdout and stderr. Returns its exit status (3 when the server could not
 * be reached or broke off). */
int client_exec(const char *socket, int argc, char **argv);

/* Where requests go: the server's socket and the token to send (NULL:
 * the socket's own principal). */
struct client_link {
    const char *socket;
    const char *token;
};

/* As client_exec, with the command's stdout written to fd byte for byte
 * (a file the client opened: the server never writes where a client
 * names). */
int client_exec_to_fd(const char *socket, int argc, char **argv, int fd);

/* For the commands that snapshot their working directory (propose,
 * campaign create): reads the tree here, with the caller's permissions,
 * and attaches its manifest to request, with the contents this principal
 * has not sent before: inline when they are few, else sent ahead in
 * batches and parts (client/upload.c). The server reads no tree. */
int client_snapshot_attach(json_t *request, const struct client_link *link,
                           int argc, char **argv, struct err *err) MUST_USE;
/* A command's output, captured instead of relayed (steward mcp turns it
 * into tool results). Both buffers are bounded; output past the cap is
 * dropped and truncated set, so a chatty command cannot grow the client. */
struct client_output {
    struct buf out;
    struct buf err;
    int status;      /* the command's exit status */
    int truncated;   /* some output was dropped at the cap */
};

void client_output_init(struct client_output *o, size_t max);
void client_output_free(struct client_output *o);

/* Runs argv on the server like client_exec, as the holder of token (NULL:
 * whoever the socket says), collecting the output into o. Returns 0 with
 * o->status set, or a negative code when the server could not be reached
 * or broke off (err says which). */
int client_exec_capture(const char *socket, const char *token, int argc,
                        char **argv, struct client_output *o,
                        struct err *err) MUST_USE;

/* Sends a request built by the caller (argv, cwd, files, snapshot) and
 * captures the command's output, as client_exec_capture. */
int client_request_capture(const struct client_link *link, const json_t *req,
                           struct client_output *o,
                           struct err *err) MUST_USE;

/* One JSON request: *reply is the response's JSON body, *status its HTTP
 * status. */
int client_call(const char *socket, const char *method, const char *url,
                const json_t *body, json_t **reply, int *status,
                struct err *err) MUST_USE;

#endif
