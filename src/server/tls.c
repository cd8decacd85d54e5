/*
 * tls — the TCP endpoint's certificate and key (--tls-cert/--tls-key),
 * read once at start into memory for libmicrohttpd's GnuTLS support. Both
 * or neither; each at most TLS_FILE_MAX bytes of PEM. The key's bytes are
 * wiped when the server ends.
 */
#include "server/server_int.h"
#include "core/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TLS_FILE_MAX (1u << 20)

static int read_pem(const char *path, char **out, struct err *err)
{
    struct buf b;
    char chunk[8192];
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_errno(err, "%s", path);
    buf_init(&b, TLS_FILE_MAX);
    int rc = 0;
    while (!rc && (n = read(fd, chunk, sizeof chunk)) != 0)
        rc = n < 0 ? (errno == EINTR ? 0 : err_errno(err, "%s", path))
                   : buf_append(&b, chunk, (size_t)n, err);
    close(fd);
    *out = rc ? NULL : buf_take(&b);
    buf_free(&b);
    return rc ? rc : *out ? 0 : err_set(err, ERR_USER, "%s is empty", path);
}

int tls_load(struct endpoint *ep, const char *cert, const char *key,
             struct err *err)
{
    if (!cert && !key)
        return 0;
    if (!cert || !key)
        return err_set(err, ERR_USER, "TLS needs both --tls-cert and "
                       "--tls-key");
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
        return err_set(err, ERR_USER, "this libmicrohttpd has no TLS; use a "
                       "TLS reverse proxy (docs/web.md)");
    int rc = read_pem(cert, &ep->tls_cert, err);
    rc = rc ? rc : read_pem(key, &ep->tls_key, err);
    ep->tls = !rc;
    return rc;
}

void tls_release(struct endpoint *ep)
{
    if (ep->tls_key)
        sodium_memzero(ep->tls_key, strlen(ep->tls_key));
    free(ep->tls_key);
    free(ep->tls_cert);
    ep->tls_key = ep->tls_cert = NULL;
    ep->tls = 0;
}
