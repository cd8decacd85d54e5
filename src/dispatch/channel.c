/*
 * channel — the socket between the dispatcher and one run's supervisor.
 *
 * Messages are JSON, each after its length (4 bytes, host order: both
 * ends are this binary on this machine). The supervisor says who it is
 * ({"pid": N}); the dispatcher answers with everything the run needs (see
 * supervise.c), or closes the socket when the run is not to start.
 */
#include "dispatch/dispatch_int.h"
#include "core/fdio.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int channel_send(int fd, const json_t *msg)
{
    char *text = json_dumps(msg, JSON_COMPACT);
    size_t n = text ? strlen(text) : 0;
    uint32_t len = (uint32_t)n;
    int rc = !text || n > CHANNEL_MAX_BYTES ||
             fd_send_all(fd, &len, sizeof len) ||
             fd_send_all(fd, text, n) ? -1 : 0;
    free(text);
    return rc;
}

int channel_read(int fd, json_t **msg)
{
    uint32_t len;
    *msg = NULL;
    if (fd_read_all(fd, &len, sizeof len) || len > CHANNEL_MAX_BYTES)
        return -1;
    char *text = malloc((size_t)len + 1);
    if (!text || fd_read_all(fd, text, len)) {
        free(text);
        return -1;
    }
    *msg = json_loadb(text, len, 0, NULL);
    free(text);
    return *msg ? 0 : -1;
}
