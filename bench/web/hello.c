/*
 * hello — the baseline of the web bench: a bare libmicrohttpd handler
 * that answers every request with a constant, run in the same daemon mode
 * and with as many polling threads as steward's TCP endpoint
 * (http.c: epoll, a pool of HTTP_POOL_THREADS). Usage: bench-web-hello PORT
 * (serves until SIGTERM).
 */
#include "server/server_int.h"

#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char body[] = "{\"hello\":\"world\"}";

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *data,
                                  size_t *size, void **con_cls)
{
    static int seen;
    (void)cls, (void)url, (void)method, (void)version, (void)data;
    (void)size;
    if (!*con_cls) {   /* answering before the request is read closes the
                          connection: wait for the final call, as http.c */
        *con_cls = &seen;
        return MHD_YES;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(
        sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

int main(int argc, char **argv)
{
    sigset_t set;
    int sig;
    long port = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
    if (port < 1 || port > 65535)
        return fprintf(stderr, "usage: bench-web-hello PORT\n"), 1;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY |
            MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME,
        (uint16_t)port, NULL, NULL, on_request, NULL,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)HTTP_POOL_THREADS,
        MHD_OPTION_CONNECTION_LIMIT, 256u, MHD_OPTION_END);
    if (!d)
        return fprintf(stderr, "bench-web-hello: cannot listen\n"), 1;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    return 0;
}
