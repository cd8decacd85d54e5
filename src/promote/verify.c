/*
 * verify — is a candidate's artifact still what was registered? The
 * content store names files by their hash, but a file under that name can
 * be edited in place; so the bytes are hashed again, at registration and
 * before a deploy, and a mismatch stops both.
 */
#include "promote/promote_int.h"
#include "core/sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define VERIFY_CHUNK 65536

int cand_store_path(struct steward *s, const struct candidate *c, char *out,
                    size_t n, struct err *err)
{
    if (strlen(c->sha) != 64 || strspn(c->sha, "0123456789abcdef") != 64)
        return err_set(err, ERR_INTERNAL, "candidate %lld has no valid "
                       "sha256", (long long)c->id);
    if ((size_t)snprintf(out, n, "%s/artifacts/%s", s->home, c->sha) >= n)
        return err_set(err, ERR_USER, "path too long: %s/artifacts",
                       s->home);
    return 0;
}

static int hash_fd(int fd, char hex[65], struct err *err)
{
    static unsigned char buf[VERIFY_CHUNK];
    crypto_hash_sha256_state hs;
    ssize_t n;
    crypto_hash_sha256_init(&hs);
    while ((n = read(fd, buf, sizeof buf)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return err_errno(err, "reading an artifact");
        crypto_hash_sha256_update(&hs, buf, (unsigned long long)n);
    }
    sha256_final_hex(&hs, hex);
    return 0;
}

int cand_verify(struct steward *s, const struct candidate *c,
                struct err *err)
{
    char path[API_PATH_MAX + 16], got[65];
    int rc = cand_store_path(s, c, path, sizeof path, err);
    if (rc)
        return rc;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return err_set(err, ERR_CONFLICT, "artifact '%s' of run %lld is gone "
                       "from the store (%s); it cannot be promoted: register "
                       "a new run's artifact", c->path, (long long)c->exp,
                       strerror(errno));
    rc = hash_fd(fd, got, err);
    close(fd);
    if (!rc && strcmp(got, c->sha))
        rc = err_set(err, ERR_CONFLICT, "artifact '%s' of run %lld was "
                     "tampered with: its content hashes to %.12s, not the "
                     "registered %.12s; nothing was deployed; re-run the "
                     "experiment and register its artifact anew", c->path,
                     (long long)c->exp, got, c->sha);
    return rc;
}
